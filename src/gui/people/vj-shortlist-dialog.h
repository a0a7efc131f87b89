#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

GtkWidget *vj_shortlist_dialog_new (GtkWindow  *parent,
                                    VjDb       *db,
                                    gint64      programme_id,
                                    const char *programme_title);

G_END_DECLS
