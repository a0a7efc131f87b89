#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_INITIATIVE_PAGE (vj_initiative_page_get_type ())
G_DECLARE_FINAL_TYPE (VjInitiativePage, vj_initiative_page, VJ, INITIATIVE_PAGE, GtkWidget)

GtkWidget  *vj_initiative_page_new       (VjDb             *db,
                                          gint64            initiative_id);
const char *vj_initiative_page_get_title (VjInitiativePage *self);

G_END_DECLS
