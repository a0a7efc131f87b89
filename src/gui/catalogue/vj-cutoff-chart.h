#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *vj_cutoff_chart_new (GPtrArray *facts);

G_END_DECLS
