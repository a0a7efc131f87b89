#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_PERSON_PAGE (vj_person_page_get_type ())
G_DECLARE_FINAL_TYPE (VjPersonPage, vj_person_page, VJ, PERSON_PAGE, GtkWidget)

GtkWidget  *vj_person_page_new            (VjDb         *db,
                                           gint64        person_id);
const char *vj_person_page_get_title      (VjPersonPage *self);
gint64      vj_person_page_get_person_id  (VjPersonPage *self);
void        vj_person_page_reload         (VjPersonPage *self);
guint       vj_person_page_count          (VjPersonPage *self,
                                           const char   *section);
gboolean    vj_person_page_is_loading     (VjPersonPage *self);

G_END_DECLS
