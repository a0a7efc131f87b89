#define G_LOG_DOMAIN "vj-import-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-feeds.h"
#include "vj-feeds-group.h"
#include "vj-import-page.h"
#include "vj-import-rows-private.h"
#include "vj-importer.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* Import: a file or an address, a progress bar by bytes with Cancel, the report, the saved
 * subscriptions (VjFeedsGroup, which asks for fetches with "import.fetch") and the history of
 * runs. Every import runs in a worker (vj_import_location_async); this page only shows it. */

struct _VjImportPage
{
  GtkWidget            parent_instance;

  GtkButton           *file_button;
  GtkEntry            *url_entry;
  GtkButton           *fetch_button;
  GtkWidget           *progress_box;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *report_group;
  VjFeedsGroup        *feeds_group;
  GtkListBox          *history_list;

  VjDb                *db;
  GCancellable        *cancellable;       /* the running import */
  GCancellable        *history_cancellable;  /* the history's read, in a worker */
  GQueue               queue;             /* locations waiting to be imported (char *) */
  GPtrArray           *report_rows;       /* rows added to report_group */
  GtkFileChooserNative *chooser;
};


enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjImportPage, vj_import_page, GTK_TYPE_WIDGET)

static void set_db (VjImportPage *self,
                    VjDb         *db);

static void start_next (VjImportPage *self);

static void
clear_report (VjImportPage *self)
{
  for (guint i = 0; i < self->report_rows->len; i++)
    adw_preferences_group_remove (self->report_group, g_ptr_array_index (self->report_rows, i));
  g_ptr_array_set_size (self->report_rows, 0);
}

static void
report_add (VjImportPage *self,
            GtkWidget    *row)
{
  adw_preferences_group_add (self->report_group, row);
  g_ptr_array_add (self->report_rows, row);
}

static void
show_report (VjImportPage         *self,
             const VjImportReport *report,
             const GError         *error)
{
  clear_report (self);
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), TRUE);

  if (error != NULL)
    {
      GtkWidget *row = _vj_import_text_row (_("Nothing was imported"), error->message);

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "error");
      report_add (self, row);
      return;
    }

  if (g_strcmp0 (report->status, "not-modified") == 0)
    {
      report_add (self, _vj_import_text_row (_("The feed has not changed since the last import"),
                                  report->location));
      return;
    }

  {
    g_autofree char *counts = _vj_import_counts_text (report->totals.added, report->totals.updated,
                                           report->totals.unchanged, report->totals.withdrawn,
                                           vj_import_issues_count (report->rejected));
    g_autofree char *title = g_strdup_printf ("%s (%s)", report->source_title,
                                              report->format_name);
    GtkWidget *row = _vj_import_text_row (title, counts);

    adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    report_add (self, row);
  }
  if (report->rejected->len > 0)
    {
      guint n_rejected = vj_import_issues_count (report->rejected);
      /* Translators: %u is how many records were skipped */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u record was skipped",
                                                             "%u records were skipped",
                                                             n_rejected),
                                                n_rejected);
      report_add (self, _vj_import_issues_row (title, report->rejected));
    }
  if (report->warnings->len > 0)
    report_add (self, _vj_import_issues_row (_("Notes"), report->warnings));
}

static void
set_busy (VjImportPage *self,
          gboolean      busy,
          const char   *location)
{
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fetch_button), !busy);
  vj_feeds_group_set_busy (self->feeds_group, busy);
  if (busy)
    {
      /* Translators: %s is a file name or a web address */
      g_autofree char *label = g_strdup_printf (_("Importing %s"), location);

      gtk_label_set_label (self->progress_label, label);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    }
}

static void
progress_cb (guint64  read,
             guint64  total,
             gpointer user_data)
{
  VjImportPage *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) read / (double) total));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VjImportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = vj_import_location_finish (result, &error);

  g_clear_object (&self->cancellable);
  if (self->db == NULL)
    return;

  show_report (self, report, error);
  set_busy (self, FALSE, NULL);
  vj_import_page_refresh_feeds (self);
  if (report != NULL && g_strcmp0 (report->status, "imported") == 0)
    vj_db_notify_changed (self->db, "catalogue");
  start_next (self);
}

static void
start_next (VjImportPage *self)
{
  g_autofree char *location = NULL;

  if (self->cancellable != NULL || self->db == NULL)
    return;
  location = g_queue_pop_head (&self->queue);
  if (location == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE, location);
  vj_import_location_async (self->db, location, self->cancellable, progress_cb, self,
                            import_done_cb, g_object_ref (self));
}

static void
cancel_cb (VjImportPage *self)
{
  /* Cancels the running import and those waiting */
  g_queue_clear_full (&self->queue, g_free);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     VjImportPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *uri = g_file_get_uri (file);

      vj_import_page_import (self, path != NULL ? path : uri);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file_cb (VjImportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) feeds = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* Feeds, and the public tables as published: delimited text or XLSX spreadsheets */
  gtk_file_filter_set_name (feeds, _("Catalogue feeds and tables (XML, gzip, CSV, XLSX)"));
  gtk_file_filter_add_mime_type (feeds, "application/xml");
  gtk_file_filter_add_mime_type (feeds, "text/xml");
  gtk_file_filter_add_mime_type (feeds, "application/gzip");
  gtk_file_filter_add_mime_type (feeds, "text/csv");
  gtk_file_filter_add_mime_type (feeds,
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_add_suffix (feeds, "xml");
  gtk_file_filter_add_suffix (feeds, "gz");
  gtk_file_filter_add_suffix (feeds, "csv");
  gtk_file_filter_add_suffix (feeds, "xlsx");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Import a Catalogue"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), feeds);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
fetch_url_cb (VjImportPage *self)
{
  g_autofree char *url = _vj_import_entry_text (self->url_entry);

  if (!vj_import_is_url (url))
    {
      vj_widget_show_message (GTK_WIDGET (self),
                     _("Enter a web address beginning with http:// or https://"));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return;
    }
  vj_import_page_import (self, url);
}

static void
history_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) runs = vj_db_list_import_runs_finish (VJ_DB (object), result, NULL);
  VjImportPage *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = VJ_IMPORT_PAGE (user_data);
  _vj_import_clear_list (self->history_list);
  if (runs == NULL || runs->len == 0)
    {
      gtk_list_box_append (self->history_list, _vj_import_text_row (_("No imports yet"), NULL));
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      VjImportRun *run = g_ptr_array_index (runs, i);
      g_autofree char *date = vj_text_format_date (run->started_at);
      g_autofree char *counts = NULL;
      g_autofree char *version = NULL;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (run->status, "imported") == 0)
        counts = _vj_import_counts_text (run->added, run->updated, run->unchanged, run->withdrawn,
                              run->rejected);
      if (run->version > 0)
        /* Translators: the version of a feed or table a run imported, after its status */
        version = g_strdup_printf (_("version %d"), (int) run->version);
      subtitle = g_strdup_printf ("%s · %s%s%s%s%s", date != NULL ? date : "",
                                  _vj_import_status_label (run->status),
                                  version != NULL ? " · " : "", version != NULL ? version : "",
                                  counts != NULL || run->error != NULL ? "\n" : "",
                                  counts != NULL ? counts : run->error != NULL ? run->error : "");
      gtk_list_box_append (self->history_list,
                           _vj_import_text_row (run->source_title != NULL ? run->source_title
                                                               : run->location, subtitle));
    }
}

/* Read in a worker; a read before it, if still running, is dropped */
static void
reload_history (VjImportPage *self)
{
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  if (self->db == NULL)
    {
      _vj_import_clear_list (self->history_list);
      return;
    }
  self->history_cancellable = g_cancellable_new ();
  vj_db_list_import_runs_async (self->db, 20, self->history_cancellable, history_read_cb, self);
}

/* "import.fetch": a subscription's address, after any import already running */
static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  vj_import_page_import (VJ_IMPORT_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* The history and subscriptions are read again whenever the page is shown, and when its window
 * becomes active again while it shows: an import from the command line (vejviser-cli import)
 * or another window is in the list without a restart. */
static void
root_active_cb (VjImportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root)) &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_import_page_refresh_feeds (self);
}

static void
vj_import_page_map (GtkWidget *widget)
{
  VjImportPage *self = VJ_IMPORT_PAGE (widget);

  GTK_WIDGET_CLASS (vj_import_page_parent_class)->map (widget);
  vj_import_page_refresh_feeds (self);
}

static void
vj_import_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vj_import_page_parent_class)->root (widget);
  g_signal_connect_object (gtk_widget_get_root (widget), "notify::is-active",
                           G_CALLBACK (root_active_cb), widget, G_CONNECT_SWAPPED);
}

static void
vj_import_page_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_root (widget), root_active_cb, widget);
  GTK_WIDGET_CLASS (vj_import_page_parent_class)->unroot (widget);
}

static void
vj_import_page_dispose (GObject *object)
{
  VjImportPage *self = VJ_IMPORT_PAGE (object);

  cancel_cb (self);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_IMPORT_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->db);
  g_clear_pointer (&self->report_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vj_import_page_parent_class)->dispose (object);
}

static void
vj_import_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VjImportPage *self = VJ_IMPORT_PAGE (object);

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
vj_import_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VjImportPage *self = VJ_IMPORT_PAGE (object);

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
vj_import_page_class_init (VjImportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_import_page_dispose;
  object_class->get_property = vj_import_page_get_property;
  object_class->set_property = vj_import_page_set_property;
  widget_class->map = vj_import_page_map;
  widget_class->root = vj_import_page_root;
  widget_class->unroot = vj_import_page_unroot;

  /**
   * VjImportPage:db:
   *
   * The database to import into; the page lists its subscriptions once it is set.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-import-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, file_button);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, url_entry);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, fetch_button);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, report_group);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, feeds_group);
  gtk_widget_class_bind_template_child (widget_class, VjImportPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, choose_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, fetch_url_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_install_action (widget_class, "import.fetch", "s", fetch_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_import_page_init (VjImportPage *self)
{
  g_type_ensure (VJ_TYPE_FEEDS_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->queue);
  self->report_rows = g_ptr_array_new ();
}

GtkWidget *
vj_import_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_IMPORT_PAGE, "db", db, NULL);
}

/* Set once, by the window */
static void
set_db (VjImportPage *self,
        VjDb         *db)
{
  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  reload_history (self);
  /* The subscriptions follow, bound to it (vj-import-page.ui) */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}

/**
 * vj_import_page_apply_setting:
 * @key: a setting's key (vj-db-settings.h)
 * @value: (nullable): its value
 *
 * Shows a setting that changed elsewhere (Preferences); saves nothing.
 */
void
vj_import_page_apply_setting (VjImportPage *self,
                              const char   *key,
                              const char   *value)
{
  g_return_if_fail (VJ_IS_IMPORT_PAGE (self));
  g_return_if_fail (key != NULL);

  vj_feeds_group_apply_setting (self->feeds_group, key, value);
}

/**
 * vj_import_page_import:
 * @location: a file's path or an http(s) address
 *
 * Imports it, after any import already running.
 */
void
vj_import_page_import (VjImportPage *self,
                       const char   *location)
{
  g_return_if_fail (VJ_IS_IMPORT_PAGE (self));
  g_return_if_fail (location != NULL);

  g_queue_push_tail (&self->queue, g_strdup (location));
  start_next (self);
}

gboolean
vj_import_page_get_busy (VjImportPage *self)
{
  g_return_val_if_fail (VJ_IS_IMPORT_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * vj_import_page_refresh_feeds:
 *
 * Shows the saved subscriptions and the history again, from the database.
 */
void
vj_import_page_refresh_feeds (VjImportPage *self)
{
  g_return_if_fail (VJ_IS_IMPORT_PAGE (self));

  vj_feeds_group_reload (self->feeds_group);
  reload_history (self);
}
