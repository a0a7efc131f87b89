#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_PROGRAMME_PAGE (vj_programme_page_get_type ())
G_DECLARE_FINAL_TYPE (VjProgrammePage, vj_programme_page, VJ, PROGRAMME_PAGE, GtkWidget)

GtkWidget *vj_programme_page_new (VjDb    *db,
                                  gint64   programme_id);
char      *vj_programme_page_dup_title (VjProgrammePage *self);
void       vj_programme_page_set_compared (VjProgrammePage *self,
                                           gboolean         compared);
gint64     vj_programme_page_get_id    (VjProgrammePage *self);

G_END_DECLS
