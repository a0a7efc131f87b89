#define G_LOG_DOMAIN "vj-plan-print"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vj-cutoff-chart.h"
#include "vj-plan-print.h"
#include "vj-private-file.h"

/* Prints the plan (vj-plan.c) through GtkPrintOperation, or exports it as PDF. The markup is
 * laid out once at the printable width and cut into pages between lines. A PDF holds personal
 * data: it is created mode 0600, and a file GTK's own "Print to File" wrote is set to 0600
 * afterwards. Each U+FFFC in the markup is a cut-off chart (vj_plan_dup_charts ()): a shape in
 * the layout that the programme page's drawing (vj-cutoff-chart.c) fills when the line is
 * shown. */

/* The size of a chart on paper, in points */
#define CHART_WIDTH 300
#define CHART_HEIGHT 100

typedef struct
{
  char        *markup;
  GPtrArray   *charts;        /* GPtrArray of VjFact: one per U+FFFC, in order */
  PangoLayout *layout;
  GArray      *page_starts;   /* int: the first line of each page */
} PlanJob;

static void
plan_job_free (PlanJob *job)
{
  g_clear_object (&job->layout);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_clear_pointer (&job->charts, g_ptr_array_unref);
  g_free (job->markup);
  g_free (job);
}

/* Draws a chart where its shape stands: the current point is the shape's baseline */
static void
render_chart (cairo_t        *cr,
              PangoAttrShape *shape,
              gboolean        do_path,
              gpointer        user_data)
{
  GPtrArray *facts = shape->data;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 7");
  const GdkRGBA black = { 0, 0, 0, 1 };
  double x, y;

  if (do_path || facts == NULL)
    return;
  cairo_get_current_point (cr, &x, &y);
  cairo_save (cr);
  cairo_translate (cr, x, y + (double) shape->logical_rect.y / PANGO_SCALE);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  vj_cutoff_chart_draw (cr, layout, facts, (double) shape->logical_rect.width / PANGO_SCALE,
                        (double) shape->logical_rect.height / PANGO_SCALE, &black);
  cairo_restore (cr);
}

/* Each U+FFFC of the text becomes a chart's shape, with its cut-offs */
static void
add_chart_shapes (PlanJob *job)
{
  const char *text = pango_layout_get_text (job->layout);
  PangoAttrList *attrs = pango_layout_get_attributes (job->layout);
  g_autoptr(PangoAttrList) with_charts = attrs != NULL ? pango_attr_list_copy (attrs)
                                                       : pango_attr_list_new ();
  PangoRectangle rect = { 0, -CHART_HEIGHT * PANGO_SCALE, CHART_WIDTH * PANGO_SCALE,
                          CHART_HEIGHT * PANGO_SCALE };
  guint n = 0;

  for (const char *p = strstr (text, "\xef\xbf\xbc"); p != NULL && job->charts != NULL &&
       n < job->charts->len; p = strstr (p + 3, "\xef\xbf\xbc"))
    {
      PangoAttribute *shape = pango_attr_shape_new_with_data (&rect, &rect,
                                                              g_ptr_array_ref (g_ptr_array_index (job->charts, n++)),
                                                              (PangoAttrDataCopyFunc) g_ptr_array_ref,
                                                              (GDestroyNotify) g_ptr_array_unref);

      shape->start_index = (guint) (p - text);
      shape->end_index = shape->start_index + 3;
      pango_attr_list_insert (with_charts, shape);
    }
  pango_layout_set_attributes (job->layout, with_charts);
  pango_cairo_context_set_shape_renderer (pango_layout_get_context (job->layout), render_chart,
                                          NULL, NULL);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PlanJob           *job)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 11");
  double page_height = gtk_print_context_get_height (context);
  double page_top = 0;
  PangoLayoutIter *iter;
  int line = 0;

  g_clear_object (&job->layout);
  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_width (job->layout,
                          (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (job->layout, job->markup, -1);
  add_chart_shapes (job);

  g_array_set_size (job->page_starts, 0);
  g_array_append_val (job->page_starts, line);
  iter = pango_layout_get_iter (job->layout);
  do
    {
      PangoRectangle rect;
      double bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &rect);
      bottom = (double) (rect.y + rect.height) / PANGO_SCALE;
      if (bottom - page_top > page_height && line > g_array_index (job->page_starts, int,
                                                                    job->page_starts->len - 1))
        {
          g_array_append_val (job->page_starts, line);
          page_top = (double) rect.y / PANGO_SCALE;
        }
      line++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  gtk_print_operation_set_n_pages (operation, (int) job->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PlanJob           *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (job->page_starts, int, page_nr);
  int end = (guint) page_nr + 1 < job->page_starts->len
              ? g_array_index (job->page_starts, int, page_nr + 1)
              : pango_layout_get_line_count (job->layout);
  PangoLayoutIter *iter = pango_layout_get_iter (job->layout);
  double page_top = 0;
  int line = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  do
    {
      PangoRectangle logical;
      int baseline;

      if (line < first)
        continue;
      if (line >= end)
        break;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      baseline = pango_layout_iter_get_baseline (iter);
      if (line == first)
        page_top = (double) logical.y / PANGO_SCALE;
      cairo_move_to (cr, (double) logical.x / PANGO_SCALE,
                     (double) baseline / PANGO_SCALE - page_top);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (line++, pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static GtkPrintOperation *
make_operation (const char *markup,
                GPtrArray  *charts,
                const char *job_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PlanJob *job = g_new0 (PlanJob, 1);

  job->markup = g_strdup (markup);
  job->charts = charts != NULL ? g_ptr_array_ref (charts) : NULL;
  job->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_top_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 22, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 22, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "vj-plan-job", job,
                          (GDestroyNotify) plan_job_free);
  return operation;
}

static void
print_done_cb (GtkPrintOperation      *operation,
               GtkPrintOperationResult result,
               gpointer                user_data)
{
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
  const char *uri = settings != NULL
                      ? gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI)
                      : NULL;
  g_autofree char *path = uri != NULL ? g_filename_from_uri (uri, NULL, NULL) : NULL;

  /* "Print to File" wrote the plan with the default mode: make it private */
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && path != NULL &&
      g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_chmod (path, 0600);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      /* The message may name the file; no personal data in the log */
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Printing failed (%s %d)", error != NULL ? g_quark_to_string (error->domain) : "?",
                 error != NULL ? error->code : 0);
    }
}

/**
 * vj_plan_print:
 * @parent: the window the print dialog belongs to
 * @markup: the plan (vj_plan_build_markup ())
 * @charts: (nullable): its charts (vj_plan_dup_charts ())
 *
 * Shows the print dialog (with its "Print to File" for PDF) and prints the plan.
 */
void
vj_plan_print (GtkWindow  *parent,
               const char *markup,
               GPtrArray  *charts,
               const char *job_name)
{
  g_autoptr(GtkPrintOperation) operation = make_operation (markup, charts, job_name);
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), NULL);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (error != NULL)
    g_warning ("Printing failed (%s %d)", g_quark_to_string (error->domain), error->code);
}

/**
 * vj_plan_export_pdf:
 * @charts: (nullable): the plan's charts (vj_plan_dup_charts ())
 * @path: the PDF file to write; created or replaced, mode 0600
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
vj_plan_export_pdf (const char  *markup,
                    GPtrArray   *charts,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *name = g_path_get_basename (path);
  GtkPrintOperationResult result;
  g_autofree char *temp = NULL;
  int fd = -1;

  g_return_val_if_fail (markup != NULL && path != NULL, FALSE);

  /* A private temporary file beside it that cairo fills; put in place only when whole, so a
   * failed export leaves an earlier plan as it was (vj-private-file.c) */
  temp = vj_private_file_begin (path, &fd, error);
  if (temp == NULL)
    return FALSE;

  operation = make_operation (markup, charts, name);
  gtk_print_operation_set_export_filename (operation, temp);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      vj_private_file_abandon (temp, fd);
      return FALSE;
    }
  return vj_private_file_commit (temp, fd, path, error);
}
