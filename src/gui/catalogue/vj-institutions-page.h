#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_INSTITUTIONS_PAGE (vj_institutions_page_get_type ())
G_DECLARE_FINAL_TYPE (VjInstitutionsPage, vj_institutions_page, VJ, INSTITUTIONS_PAGE, GtkWidget)

GtkWidget *vj_institutions_page_new    (VjDb *db);

G_END_DECLS
