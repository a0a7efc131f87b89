#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small helpers for any widget. */
gboolean vj_widget_add_toast         (GtkWidget  *widget,
                                      AdwToast   *toast);
gboolean vj_widget_show_message      (GtkWidget  *widget,
                                      const char *text);
void     vj_widget_unparent_children (GtkWidget  *widget);
void       vj_widget_set_window      (GtkWidget  *widget,
                                      GtkWindow  *window);
GtkWindow *vj_widget_get_window      (GtkWidget  *widget);
void     vj_widget_quiet_drop_down_tooltips (GtkWidget *root);

G_END_DECLS
