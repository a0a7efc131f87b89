#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_FOLLOWUP_PAGE (vj_followup_page_get_type ())
G_DECLARE_FINAL_TYPE (VjFollowupPage, vj_followup_page, VJ, FOLLOWUP_PAGE, GtkWidget)

GtkWidget *vj_followup_page_new        (VjDb *db);
void       vj_followup_page_reload     (VjFollowupPage *self);
gboolean   vj_followup_page_is_loading (VjFollowupPage *self);
guint      vj_followup_page_count      (VjFollowupPage *self,
                                        guint           bucket);

G_END_DECLS
