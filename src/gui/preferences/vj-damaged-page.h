#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VJ_TYPE_DAMAGED_PAGE (vj_damaged_page_get_type ())
G_DECLARE_FINAL_TYPE (VjDamagedPage, vj_damaged_page, VJ, DAMAGED_PAGE, GtkWidget)

gboolean   vj_damaged_page_applies_to (const GError *error);
GtkWidget *vj_damaged_page_new        (const char   *db_path,
                                       const GError *error);

G_END_DECLS
