#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the UI tests share: waiting for the widgets to settle, and finding them. */

void              vj_test_wait_until  (gboolean  (*done) (gpointer),
                                       gpointer    data);
GtkWidget        *vj_test_find_widget (GtkWidget  *root,
                                       GType       type);
AdwMessageDialog *vj_test_find_dialog (void);
void              vj_test_screenshot  (GtkWidget  *widget,
                                       const char *name);

G_END_DECLS
