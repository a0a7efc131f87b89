#define G_LOG_DOMAIN "vj-sessions-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-dates.h"
#include "vj-db-sessions-csv.h"
#include "vj-db-sessions-transfer.h"
#include "vj-sessions-page-private.h"

/* Samtaler's Importér samtaler fra regneark… and Eksportér samtaler…: what vejviser-cli's
 * sessions import|export does, in the window. Each runs in a worker while a dialog shows its
 * progress; the import's dialog then gives the same report, row by row, as the command line. */

static void
dialog_closed_cb (AdwMessageDialog *dialog)
{
  guint pulse = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "pulse"));

  if (pulse != 0)
    g_source_remove (pulse);
  g_object_set_data (G_OBJECT (dialog), "pulse", NULL);
}

static gboolean
pulse_cb (gpointer data)
{
  gtk_progress_bar_pulse (data);
  return G_SOURCE_CONTINUE;
}

/* A dialog with a moving bar while the worker runs; its Close is enabled when it is done */
static AdwMessageDialog *
progress_dialog (VjSessionsPage *self,
                 const char     *heading)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL));
  GtkWidget *bar = gtk_progress_bar_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  adw_message_dialog_set_extra_child (dialog, bar);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_response_enabled (dialog, "close", FALSE);
  g_object_set_data (G_OBJECT (dialog), "pulse",
                     GUINT_TO_POINTER (g_timeout_add (100, pulse_cb, bar)));
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_closed_cb), NULL);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_closed_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
progress_done (AdwMessageDialog *dialog,
               const char       *heading,
               const char       *body)
{
  dialog_closed_cb (dialog);
  gtk_widget_set_visible (adw_message_dialog_get_extra_child (dialog), FALSE);
  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, "close", TRUE);
}

/* Import */

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VjDb *db = source;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  VjSessionImport *report;

  if (!g_file_load_contents (task_data, cancellable, &data, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = vj_db_import_sessions_csv (db, data, length, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vj_session_import_free);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSessionImport) report = g_task_propagate_pointer (G_TASK (result), &error);
  VjSessionsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  g_autofree char *text = NULL;

  if (report == NULL)
    {
      progress_done (dialog, _("Nothing Was Imported"), error->message);
      return;
    }
  text = vj_session_import_dup_report (report);
  g_strchomp (text);
  progress_done (dialog, _("Sessions Imported"), text);
  if (self != NULL && report->imported > 0)
    vj_sessions_page_reload (self);
}

/**
 * vj_sessions_page_import_csv:
 * @file: a spreadsheet saved as CSV (the columns of README.md, "Sessions in spreadsheets")
 *
 * Imports its sessions in a worker; a dialog shows the progress, then the report row by row.
 */
void
vj_sessions_page_import_csv (VjSessionsPage *self,
                             GFile          *file)
{
  AdwMessageDialog *dialog;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VJ_IS_SESSIONS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->db == NULL)
    return;
  dialog = progress_dialog (self, _("Importing Sessions…"));
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  task = g_task_new (self->db, NULL, import_done_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, vj_sessions_page_import_csv);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

static void
import_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  VjSessionsPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      vj_sessions_page_import_csv (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (csv, _("Spreadsheets (CSV)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  chooser = gtk_file_chooser_native_new (_("Import Sessions from a Spreadsheet"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Export */

typedef struct
{
  char     *from;
  char     *to;
  char     *path;
  gboolean  json;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->from);
  g_free (job->to);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!vj_db_export_sessions_to_file (source, job->from, job->to, job->json, job->path, &n,
                                      &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  if (error != NULL)
    {
      progress_done (dialog, _("Nothing Was Exported"), error->message);
      return;
    }
  name = g_filename_display_name (job->path);
  /* Translators: %1$u is how many sessions, %2$s the file */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u session was written to “%2$s”, "
                                       "readable by you only. It holds personal data: keep it "
                                       "safe and delete it when it is no longer needed.",
                                       "%1$u sessions were written to “%2$s”, readable by you "
                                       "only. They hold personal data: keep the file safe and "
                                       "delete it when it is no longer needed.", (gulong) n),
                          (guint) n, name);
  progress_done (dialog, _("Sessions Exported"), body);
}

/**
 * vj_sessions_page_export:
 * @file: where to write, mode 0600
 * @from: (nullable): the first day, YYYY-MM-DD
 * @to: (nullable): the last day, YYYY-MM-DD
 * @json: JSON, else CSV
 *
 * Exports the log of the period in a worker; a dialog shows the progress, then where it went.
 */
void
vj_sessions_page_export (VjSessionsPage *self,
                         GFile          *file,
                         const char     *from,
                         const char     *to,
                         gboolean        json)
{
  AdwMessageDialog *dialog;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (VJ_IS_SESSIONS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->db == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->from = g_strdup (from);
  job->to = g_strdup (to);
  job->path = g_file_get_path (file);
  job->json = json;
  dialog = progress_dialog (self, _("Exporting Sessions…"));
  task = g_task_new (self->db, NULL, export_done_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, vj_sessions_page_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

typedef struct
{
  VjSessionsPage *page;
  GtkEntry       *from;
  GtkEntry       *to;
  GtkDropDown    *format;
} ExportForm;

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  VjSessionsPage *self = g_object_get_data (G_OBJECT (chooser), "page");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      vj_sessions_page_export (self, file, g_object_get_data (G_OBJECT (chooser), "from"),
                               g_object_get_data (G_OBJECT (chooser), "to"),
                               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "json")));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* A date as typed (dd-mm-yyyy), or none; a bad one is marked */
static gboolean
read_day (AdwMessageDialog *dialog,
          GtkEntry         *entry,
          char            **day)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  *day = NULL;
  if (text[0] == '\0')
    return TRUE;
  *day = vj_date_parse_danish (text);
  if (*day == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  return TRUE;
}

static void
export_form_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         ExportForm       *form)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean json;
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "export") != 0)
    return;
  if (!read_day (dialog, form->from, &from) || !read_day (dialog, form->to, &to))
    {
      GtkWidget *error = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                                 _("Nothing Was Exported"),
                                                 _("Write the dates as day-month-year, e.g. "
                                                   "01-08-2026, or leave them empty."));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (error), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (error));
      return;
    }
  json = gtk_drop_down_get_selected (form->format) == 1;
  root = gtk_widget_get_root (GTK_WIDGET (form->page));
  chooser = gtk_file_chooser_native_new (_("Export Sessions"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    day = g_date_time_format (now, "%Y-%m-%d");
  }
  /* Translators: the suggested file name; %s is today's date */
  name = g_strdup_printf (_("sessions-%s.%s"), day, json ? "json" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "page", g_object_ref (form->page), g_object_unref);
  g_object_set_data_full (G_OBJECT (chooser), "from", g_steal_pointer (&from), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "to", g_steal_pointer (&to), g_free);
  g_object_set_data (G_OBJECT (chooser), "json", GINT_TO_POINTER (json));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
labelled_entry (GtkWidget  *box,
                const char *label,
                const char *placeholder)
{
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

/* The period (empty: from the first, or to the last) and the format, then the file */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *formats[] = { N_("CSV (spreadsheet)"), N_("JSON"), NULL };
  g_autoptr(GtkStringList) format_list = gtk_string_list_new (NULL);
  ExportForm *form = g_new0 (ExportForm, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first = g_date_time_format (now, "01-01-%Y");
  g_autofree char *today = g_date_time_format (now, "%d-%m-%Y");

  for (guint i = 0; formats[i] != NULL; i++)
    gtk_string_list_append (format_list, _(formats[i]));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Export Sessions"),
    _("The sessions of a period, with their people, topics, programmes and next steps. The "
      "file holds personal data.")));
  form->page = self;
  form->from = GTK_ENTRY (labelled_entry (box, _("From"), _("dd-mm-yyyy (empty: the first)")));
  form->to = GTK_ENTRY (labelled_entry (box, _("To"), _("dd-mm-yyyy (empty: the last)")));
  gtk_editable_set_text (GTK_EDITABLE (form->from), first);
  gtk_editable_set_text (GTK_EDITABLE (form->to), today);
  form->format = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (format_list)),
                                                   NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->format), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Format"), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (form->format), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->format));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "export");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "form", form, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_form_response_cb), form);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_vj_sessions_page_install_transfer_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sessions.import-csv", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "sessions.export", NULL, export_action);
}
