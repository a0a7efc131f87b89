#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_PROGRAMMES_PAGE (vj_programmes_page_get_type ())
G_DECLARE_FINAL_TYPE (VjProgrammesPage, vj_programmes_page, VJ, PROGRAMMES_PAGE, GtkWidget)

GtkWidget  *vj_programmes_page_new          (VjDb *db);
void        vj_programmes_page_reload       (VjProgrammesPage *self);
void        vj_programmes_page_focus_search (VjProgrammesPage *self);
GListModel *vj_programmes_page_get_model    (VjProgrammesPage *self);
void        vj_programmes_page_set_progress (VjProgrammesPage *self,
                                             double            fraction);
void        vj_programmes_page_show_initiative (VjProgrammesPage *self,
                                                gint64            initiative_id);

G_END_DECLS
