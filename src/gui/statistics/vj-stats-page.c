#define G_LOG_DOMAIN "vj-stats-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-stats.h"
#include "vj-private-file.h"
#include "vj-stats-page.h"
#include "vj-widget-util.h"

/* Statistik: the sessions of a period counted per month, form, service, municipality and
 * Kompetenceparat track, each as a bar chart drawn with cairo with the numbers beside the bars
 * (and spoken as the chart's accessible name). Counted in a worker each time the page is shown
 * or the period changes; the table is exported as CSV (0600) in a worker too. */

#define ROW_HEIGHT 28
#define STACKED_WIDTH 480

enum {
  PERIOD_LAST_12_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_ALL,
};

struct _VjStatsPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *period_dropdown;
  GtkLabel        *total_label;
  GtkStack        *stack;
  GtkBox          *content_box;

  VjDb            *db;
  VjStats         *stats;
  GCancellable    *cancellable;
  gboolean         loading;
};

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjStatsPage, vj_stats_page, GTK_TYPE_WIDGET)

static void set_db (VjStatsPage *self,
                    VjDb        *db);

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GPtrArray *rows = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA fg;
  gint64 max = 1;
  /* Narrow: each label on its own line above its bar, so a track's name is not cut short */
  gboolean stacked = width < STACKED_WIDTH;
  double label_width = stacked ? width : MIN (width * 0.4, 240);
  double bar_x = stacked ? 0 : label_width;
  double number_width = 64;
  double bar_space = MAX (width - bar_x - number_width - 12, 10);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  for (guint i = 0; i < rows->len; i++)
    max = MAX (max, ((VjStatsRow *) g_ptr_array_index (rows, i))->count);

  for (guint i = 0; i < rows->len; i++)
    {
      VjStatsRow *row = g_ptr_array_index (rows, i);
      double y = i * (stacked ? 2 * ROW_HEIGHT - 6 : ROW_HEIGHT);
      double bar = bar_space * (double) row->count / (double) max;
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, row->count);
      int text_w, text_h;

      /* The label, cut to its column */
      pango_layout_set_text (layout, row->label, -1);
      pango_layout_set_width (layout, (int) (label_width - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y + (ROW_HEIGHT - text_h) / 2.0);
      pango_cairo_show_layout (cr, layout);

      /* The bar */
      if (stacked)
        y += ROW_HEIGHT - 6;
      cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
      cairo_rectangle (cr, bar_x, y + 5, MAX (bar, 2), ROW_HEIGHT - 10);
      cairo_fill (cr);

      /* The number beside it */
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, number, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, bar_x + MAX (bar, 2) + 6, y + (ROW_HEIGHT - text_h) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

/* The chart's height follows its width: two lines a row when stacked (draw_chart) */
static gboolean
chart_height_idle (gpointer data)
{
  GtkDrawingArea *area = data;
  GPtrArray *rows = g_object_get_data (G_OBJECT (area), "rows");
  int width = gtk_widget_get_width (GTK_WIDGET (area));
  int height = (int) rows->len * ROW_HEIGHT * (width > 0 && width < STACKED_WIDTH ? 2 : 1) -
               (width > 0 && width < STACKED_WIDTH ? 6 * (int) rows->len : 0);

  g_object_set_data (G_OBJECT (area), "height-idle", NULL);
  if (gtk_drawing_area_get_content_height (area) != height)
    gtk_drawing_area_set_content_height (area, height);
  return G_SOURCE_REMOVE;
}

static void
chart_resize_cb (GtkDrawingArea *area,
                 int             width,
                 int             height)
{
  if (g_object_get_data (G_OBJECT (area), "height-idle") != NULL)
    return;
  g_object_set_data (G_OBJECT (area), "height-idle", GUINT_TO_POINTER (
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, chart_height_idle, g_object_ref (area),
                     g_object_unref)));
}

static GtkWidget *
make_chart (VjStatsDimension  dimension,
            GPtrArray        *rows)
{
  GtkWidget *area = gtk_drawing_area_new ();
  g_autoptr(GString) spoken = g_string_new (vj_stats_dimension_title (dimension));

  for (guint i = 0; i < rows->len; i++)
    {
      VjStatsRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (spoken, i == 0 ? ": %s %" G_GINT64_FORMAT
                                             : ", %s %" G_GINT64_FORMAT,
                              row->label, row->count);
    }
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), (int) rows->len * ROW_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart,
                                  g_ptr_array_ref (rows), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (area), "rows", g_ptr_array_ref (rows),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (area, "resize", G_CALLBACK (chart_resize_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken->str, -1);
  return area;
}

static void
show_stats (VjStatsPage *self)
{
  GtkWidget *child;
  /* Translators: above the charts; %lld is how many sessions the period has */
  g_autofree char *total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld session",
                                                         "%lld sessions",
                                                         (gulong) self->stats->total),
                                            (long long) self->stats->total);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_box))) != NULL)
    gtk_box_remove (self->content_box, child);
  gtk_label_set_label (self->total_label, total);

  for (guint d = 0; d < VJ_STATS_N_DIMENSIONS; d++)
    {
      GtkWidget *heading = gtk_label_new (vj_stats_dimension_title (d));

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, 18);
      gtk_box_append (self->content_box, heading);
      if (self->stats->rows[d]->len == 0)
        {
          GtkWidget *none = gtk_label_new (d == VJ_STATS_TRACK
                                             ? _("No session in the period discussed a programme "
                                                 "that belongs to a track.")
                                             : _("None."));

          gtk_label_set_xalign (GTK_LABEL (none), 0);
          gtk_label_set_wrap (GTK_LABEL (none), TRUE);
          gtk_widget_add_css_class (none, "dim-label");
          gtk_box_append (self->content_box, none);
        }
      else
        gtk_box_append (self->content_box, make_chart (d, self->stats->rows[d]));
    }
  gtk_stack_set_visible_child_name (self->stack, self->stats->total > 0 ? "charts" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", self->stats->total > 0);
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VjStats *stats = vj_db_compute_stats_finish (VJ_DB (object), result, &error);
  VjStatsPage *self;

  if (stats == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VJ_STATS_PAGE (user_data);
  self->loading = FALSE;
  if (stats == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_clear_pointer (&self->stats, vj_stats_free);
  self->stats = stats;
  show_stats (self);
}

static void
period_bounds (guint   period,
               char  **from,
               char  **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);

  *from = *to = NULL;
  switch (period)
    {
    case PERIOD_LAST_12_MONTHS:
      /* This month and the eleven before it */
      month -= 11;
      if (month < 1)
        {
          month += 12;
          year--;
        }
      *from = g_strdup_printf ("%04d-%02d-01", year, month);
      break;
    case PERIOD_THIS_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year);
      *to = g_strdup_printf ("%04d-01-01", year + 1);
      break;
    case PERIOD_LAST_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year - 1);
      *to = g_strdup_printf ("%04d-01-01", year);
      break;
    default:
      break;
    }
}

static void
period_changed_cb (VjStatsPage *self)
{
  vj_stats_page_reload (self);
}

typedef struct
{
  char *path;
  char *csv;
} CsvJob;

static void
csv_job_free (CsvJob *job)
{
  g_free (job->path);
  g_free (job->csv);
  g_free (job);
}

static void
write_csv_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CsvJob *job = task_data;
  GError *error = NULL;

  if (vj_private_file_write (job->path, job->csv, strlen (job->csv), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
csv_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjStatsPage *self = VJ_STATS_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The table was saved as CSV.")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  VjStatsPage     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL && self->stats != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, csv_written_cb, NULL);
      CsvJob *job = g_new0 (CsvJob, 1);

      job->path = g_steal_pointer (&path);
      job->csv = vj_stats_to_csv (self->stats);
      g_task_set_task_data (task, job, (GDestroyNotify) csv_job_free);
      g_task_run_in_thread (task, write_csv_thread);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Statistics as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name of the exported statistics */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("statistics.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
vj_stats_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vj_stats_page_parent_class)->map (widget);
  vj_stats_page_reload (VJ_STATS_PAGE (widget));
}

static void
vj_stats_page_dispose (GObject *object)
{
  VjStatsPage *self = VJ_STATS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_STATS_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->stats, vj_stats_free);

  G_OBJECT_CLASS (vj_stats_page_parent_class)->dispose (object);
}

static void
vj_stats_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VjStatsPage *self = VJ_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_stats_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VjStatsPage *self = VJ_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      set_db (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_stats_page_class_init (VjStatsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_stats_page_dispose;
  object_class->get_property = vj_stats_page_get_property;
  object_class->set_property = vj_stats_page_set_property;

  /**
   * VjStatsPage:db:
   *
   * The guidance log; the page counts it when it is shown.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = vj_stats_page_map;

  gtk_widget_class_install_action (widget_class, "stats.export", NULL, export_action);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-stats-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjStatsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VjStatsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjStatsPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, VjStatsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjStatsPage, content_box);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_stats_page_init (VjStatsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", FALSE);
}

GtkWidget *
vj_stats_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_STATS_PAGE, "db", db, NULL);
}

/* Set once, by the window */
/* Counted again when shown; what is not shown is counted when it is */
static void
changed_cb (VjStatsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_stats_page_reload (self);
}

static void
set_db (VjStatsPage *self,
        VjDb        *db)
{
  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed::sessions", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_stats_page_reload (self);
}

/**
 * vj_stats_page_reload:
 *
 * Counts again for the chosen period in a worker; a count still running is cancelled.
 */
void
vj_stats_page_reload (VjStatsPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_if_fail (VJ_IS_STATS_PAGE (self));

  if (self->db == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->stats == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  period_bounds (gtk_drop_down_get_selected (self->period_dropdown), &from, &to);
  vj_db_compute_stats_async (self->db, from, to, self->cancellable, computed_cb, self);
}

gboolean
vj_stats_page_is_loading (VjStatsPage *self)
{
  g_return_val_if_fail (VJ_IS_STATS_PAGE (self), FALSE);
  return self->loading;
}

gint64
vj_stats_page_get_total (VjStatsPage *self)
{
  g_return_val_if_fail (VJ_IS_STATS_PAGE (self), 0);
  return self->stats != NULL ? self->stats->total : 0;
}

/* What "Export as CSV…" writes, without the file chooser (tests, scripts) */
gboolean
vj_stats_page_export_csv (VjStatsPage *self,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (VJ_IS_STATS_PAGE (self), FALSE);
  g_return_val_if_fail (self->stats != NULL, FALSE);

  csv = vj_stats_to_csv (self->stats);
  return vj_private_file_write (path, csv, strlen (csv), error);
}
