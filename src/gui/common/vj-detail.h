#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small builders shared by the detail pages. */
GtkWidget *vj_detail_add_row       (AdwPreferencesGroup *group,
                                    const char          *title,
                                    const char          *value);
GtkWidget *vj_detail_add_paragraph (GtkBox              *box,
                                    const char          *heading,
                                    const char          *text);
GtkWidget *vj_detail_add_link_row  (AdwPreferencesGroup *group,
                                    const char          *title,
                                    const char          *subtitle,
                                    const char          *uri);
GtkWidget *vj_detail_add_group     (GtkBox              *box,
                                    const char          *title,
                                    const char          *description);

void       vj_widget_unparent_children (GtkWidget        *widget);
void       vj_widget_quiet_drop_down_tooltips (GtkWidget *root);

G_END_DECLS
