#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VJ_TYPE_NAVIGATOR (vj_navigator_get_type ())
G_DECLARE_FINAL_TYPE (VjNavigator, vj_navigator, VJ, NAVIGATOR, GtkWidget)

GtkWidget  *vj_navigator_new           (void);
void        vj_navigator_reset         (VjNavigator *self,
                                        GtkWidget   *page,
                                        const char  *title);
void        vj_navigator_push          (VjNavigator *self,
                                        GtkWidget   *page,
                                        const char  *title);
gboolean    vj_navigator_pop           (VjNavigator *self);
void        vj_navigator_set_page_title (VjNavigator *self,
                                        GtkWidget   *page,
                                        const char  *title);
gboolean    vj_navigator_get_can_pop   (VjNavigator *self);
const char *vj_navigator_get_title     (VjNavigator *self);
GtkWidget  *vj_navigator_get_visible_page (VjNavigator *self);
guint       vj_navigator_get_depth     (VjNavigator *self);

G_END_DECLS
