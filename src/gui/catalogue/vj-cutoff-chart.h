#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *vj_cutoff_chart_new  (GPtrArray     *facts);
void       vj_cutoff_chart_draw (cairo_t       *cr,
                                 PangoLayout   *layout,
                                 GPtrArray     *facts,
                                 double         width,
                                 double         height,
                                 const GdkRGBA *fg);

G_END_DECLS
