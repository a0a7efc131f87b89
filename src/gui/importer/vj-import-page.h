#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_IMPORT_PAGE (vj_import_page_get_type ())
G_DECLARE_FINAL_TYPE (VjImportPage, vj_import_page, VJ, IMPORT_PAGE, GtkWidget)

GtkWidget *vj_import_page_new          (VjDb *db);
void       vj_import_page_import       (VjImportPage *self,
                                        const char   *location);
void       vj_import_page_refresh_feeds (VjImportPage *self);
gboolean   vj_import_page_get_busy     (VjImportPage *self);
void       vj_import_page_apply_setting (VjImportPage *self,
                                         const char   *key,
                                         const char   *value);

G_END_DECLS
