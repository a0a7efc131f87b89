#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The municipalities for a dropdown or combo row: a first row such as "All municipalities",
 * then the municipalities in Danish alphabetical order. */
GListModel *vj_municipality_model_new      (const char *first);
int         vj_municipality_model_code_at  (guint       position);
guint       vj_municipality_model_position (int         code);

G_END_DECLS
