#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_INITIATIVES_PAGE (vj_initiatives_page_get_type ())
G_DECLARE_FINAL_TYPE (VjInitiativesPage, vj_initiatives_page, VJ, INITIATIVES_PAGE, GtkWidget)

GtkWidget *vj_initiatives_page_new    (VjDb *db);
void       vj_initiatives_page_publish_to (VjInitiativesPage *self,
                                           GFile             *file);

G_END_DECLS
