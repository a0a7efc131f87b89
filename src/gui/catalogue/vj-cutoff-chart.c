#define G_LOG_DOMAIN "vj-cutoff-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-cutoff-chart.h"
#include "vj-fact.h"

/* A small chart of an offer's admission cut-off over the years, drawn with cairo like
 * Statistik's charts: a bar for each year with a grade, its number above it, and for a year
 * without one a grey mark at the base (its reason is in the accessible text and the rows
 * beside the chart). Never a verdict: no line, no trend. */

#define CHART_HEIGHT 132
#define AXIS_HEIGHT 18
#define VALUE_HEIGHT 16
#define MAX_GRADE 12.0

/**
 * vj_cutoff_chart_draw:
 * @layout: for the chart's small text, in the font the chart is to use
 * @facts: (element-type VjFact): one offer's cut-offs, one a year, by year
 * @fg: the colour of the text and of the marks of years without a grade
 *
 * Draws the chart into @width × @height at the origin of @cr: the programme page's chart, and
 * the printed plan's (vj-plan-print.c).
 */
void
vj_cutoff_chart_draw (cairo_t       *cr,
                      PangoLayout   *layout,
                      GPtrArray     *facts,
                      double         width,
                      double         height,
                      const GdkRGBA *fg_color)
{
  GdkRGBA fg = *fg_color;
  double slot = facts->len > 0 ? width / facts->len : width;
  double plot = height - AXIS_HEIGHT - VALUE_HEIGHT;

  for (guint i = 0; i < facts->len; i++)
    {
      const VjFact *fact = g_ptr_array_index (facts, i);
      double x = i * slot;
      double bar_width = MAX (slot * 0.6, 2);
      g_autofree char *year = g_strdup_printf ("’%02d", fact->year % 100);
      int text_w, text_h;

      if (fact->has_value)
        {
          double h = plot * MIN (fact->value, MAX_GRADE) / MAX_GRADE;
          g_autofree char *value = vj_fact_format (fact);

          cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
          cairo_rectangle (cr, x + (slot - bar_width) / 2, VALUE_HEIGHT + plot - h, bar_width,
                           MAX (h, 1));
          cairo_fill (cr);
          if (slot >= 22)
            {
              pango_layout_set_text (layout, value, -1);
              pango_layout_get_pixel_size (layout, &text_w, &text_h);
              gdk_cairo_set_source_rgba (cr, &fg);
              cairo_move_to (cr, x + (slot - text_w) / 2, VALUE_HEIGHT + plot - h - text_h);
              pango_cairo_show_layout (cr, layout);
            }
        }
      else
        {
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
          cairo_rectangle (cr, x + (slot - bar_width) / 2, VALUE_HEIGHT + plot - 3, bar_width, 3);
          cairo_fill (cr);
        }

      pango_layout_set_text (layout, year, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      if (slot >= 18 || i % 2 == 0)
        {
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
          cairo_move_to (cr, x + (slot - text_w) / 2, height - AXIS_HEIGHT + 2);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GPtrArray *facts = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  GdkRGBA fg;

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  vj_cutoff_chart_draw (cr, layout, facts, width, height, &fg);
}

/**
 * vj_cutoff_chart_new:
 * @facts: (element-type VjFact): one offer's cut-offs, one a year, by year
 *
 * Returns: the chart, read out as its years and grades or reasons
 */
GtkWidget *
vj_cutoff_chart_new (GPtrArray *facts)
{
  GtkWidget *area = gtk_drawing_area_new ();
  g_autoptr(GString) spoken = g_string_new (vj_fact_name ("cutoff"));

  for (guint i = 0; i < facts->len; i++)
    {
      const VjFact *fact = g_ptr_array_index (facts, i);
      g_autofree char *value = vj_fact_format (fact);

      g_string_append_printf (spoken, i == 0 ? ": %d %s" : ", %d %s", fact->year, value);
    }
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), CHART_HEIGHT);
  gtk_widget_set_margin_top (area, 6);
  gtk_widget_set_margin_bottom (area, 6);
  gtk_widget_set_margin_start (area, 12);
  gtk_widget_set_margin_end (area, 12);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart, g_ptr_array_ref (facts),
                                  (GDestroyNotify) g_ptr_array_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken->str, -1);
  return area;
}
