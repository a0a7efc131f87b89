#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

void vj_purge_offer (GtkWindow *parent,
                     VjDb      *db,
                     gboolean   at_start);

G_END_DECLS
