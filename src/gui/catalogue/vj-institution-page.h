#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_INSTITUTION_PAGE (vj_institution_page_get_type ())
G_DECLARE_FINAL_TYPE (VjInstitutionPage, vj_institution_page, VJ, INSTITUTION_PAGE, GtkWidget)

GtkWidget  *vj_institution_page_new       (VjDb              *db,
                                           gint64             institution_id);
const char *vj_institution_page_get_title (VjInstitutionPage *self);

G_END_DECLS
