#define G_LOG_DOMAIN "vj-person-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-cpr.h"
#include "vj-db-person-export.h"
#include "vj-db-privacy.h"
#include "vj-db-settings.h"
#include "vj-reference.h"
#include "vj-person-page-private.h"
#include "vj-plan-print.h"
#include "vj-plan.h"
#include "vj-widget-util.h"

/* The person page's actions: print the plan or save it as PDF (the goal on it kept with the
 * person); export the person's data (JSON and CSV, 0600) for an access request; erase the
 * person everywhere, after showing what goes. */

static void
toast (VjPersonPage *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The plan's markup, and in @charts the cut-off charts it holds: each shortlisted programme's
 * deadline and cut-off read from the catalogue (a few one-row queries each) */
static char *
build_plan (VjPersonPage  *self,
            const char    *goal,
            GPtrArray    **charts)
{
  VjDb *db = self->db;
  g_autofree char *counsellor = vj_db_get_setting (db, VJ_SETTING_COUNSELLOR_NAME);
  g_autofree char *code = vj_db_get_setting (db, VJ_SETTING_DEFAULT_MUNICIPALITY);
  const VjMunicipality *municipality = code != NULL
                                       ? vj_municipality_lookup ((int) g_ascii_strtoll (code,
                                                                                        NULL, 10))
                                       : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_plan_facts_free);

  for (guint i = 0; self->shortlist != NULL && i < self->shortlist->len; i++)
    g_ptr_array_add (facts, vj_plan_collect_facts (db, g_ptr_array_index (self->shortlist, i),
                                                   today));
  *charts = vj_plan_dup_charts (facts);
  return vj_plan_build_markup (self->person, counsellor,
                               municipality != NULL ? municipality->name : NULL, goal,
                               self->shortlist, facts, self->steps, now);
}

static void
pdf_chosen_cb (GtkNativeDialog *chooser,
               int              response,
               VjPersonPage    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *markup = NULL;
  g_autoptr(GError) error = NULL;
  const char *goal = g_object_get_data (G_OBJECT (chooser), "goal");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      g_autoptr(GPtrArray) charts = NULL;

      markup = build_plan (self, goal, &charts);
      if (vj_plan_export_pdf (markup, charts, path, &error))
        toast (self, _("The plan was saved as PDF."));
      else
        toast (self, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_pdf (VjPersonPage *self,
            const char   *goal)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  /* Translators: the suggested file name of a printed plan; %s is the person's reference */
  g_autofree char *name = g_strdup_printf (_("plan-%s.pdf"),
                                           self->person->reference);

  chooser = gtk_file_chooser_native_new (_("Save Plan as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "goal", g_strdup (goal), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (pdf_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
goal_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->goals_saving--;
  if (!vj_db_set_plan_goal_finish (VJ_DB (object), result, &error))
    toast (self, error->message);
}

/* The goal is kept with the person (without a CPR number), so the next plan starts from it */
static char *
keep_goal (VjPersonPage *self,
           const char   *typed)
{
  g_autofree char *goal = vj_cpr_remove (typed);

  g_strstrip (goal);
  if (vj_cpr_contains (typed))
    toast (self, _("A CPR number was taken out of the goal: Vejviser does not keep CPR "
                   "numbers."));
  if (g_strcmp0 (goal, self->person->plan_goal != NULL ? self->person->plan_goal : "") != 0)
    {
      g_free (self->person->plan_goal);
      self->person->plan_goal = goal[0] != '\0' ? g_strdup (goal) : NULL;
      self->goals_saving++;
      vj_db_set_plan_goal_async (self->db, self->person->id, goal, NULL, goal_saved_cb,
                                 g_object_ref (self));
    }
  return g_steal_pointer (&goal);
}

static void
plan_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VjPersonPage     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "goal-entry");
  g_autofree char *goal = NULL;

  /* Kept however the dialog closes: a goal written down is not lost to Cancel */
  goal = keep_goal (self, gtk_editable_get_text (entry));
  if (g_strcmp0 (response, "print") == 0)
    {
      g_autoptr(GPtrArray) charts = NULL;
      g_autofree char *markup = build_plan (self, goal, &charts);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      /* Translators: the print job's name; %s is the person's reference */
      g_autofree char *job = g_strdup_printf (_("Plan for %s"),
                                              self->person->reference);

      vj_plan_print (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, markup, charts, job);
    }
  else if (g_strcmp0 (response, "pdf") == 0)
    choose_pdf (self, goal);
}

static void
print_plan_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VjPersonPage *self = VJ_PERSON_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  /* Translators: %s is the person's reference */
  g_autofree char *body = g_strdup_printf (_("The plan for %s holds their goal, shortlist and "
                                             "open next steps, in Danish, on one or two pages."),
                                           self->person->reference);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Print Plan"), body);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Goal, e.g. EUX as a carpenter"));
  if (self->person->plan_goal != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), self->person->plan_goal);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Goal"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "pdf", _("Save as _PDF…"),
                                    "print", _("_Print…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "print",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "print");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "goal-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (plan_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vj_db_export_person_finish (VJ_DB (object), result, &error))
    toast (self, _("The personal data was saved as JSON and CSV."));
  else
    toast (self, error->message);
}

static void
export_folder_cb (GtkNativeDialog *chooser,
                  int              response,
                  VjPersonPage    *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *dir = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (folder != NULL && (dir = g_file_get_path (folder)) != NULL)
    {
      VjPersonSummary *person = self->person;
      /* Translators: the file names of a person's exported data, without the extension; %s is
       * the person's reference */
      g_autofree char *base = g_strdup_printf (_("personal-data-%s"), person->reference);
      g_autofree char *json_name = g_strconcat (base, ".json", NULL);
      g_autofree char *csv_name = g_strconcat (base, ".csv", NULL);
      g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
      g_autofree char *csv_path = g_build_filename (dir, csv_name, NULL);

      vj_db_export_person_async (self->db, person->id, json_path,
                                 csv_path, NULL, exported_cb, g_object_ref (self));
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

  chooser = gtk_file_chooser_native_new (_("Export Personal Data to a Folder"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_folder_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vj_db_erase_finish (VJ_DB (object), result, &error))
    {
      /* In the window's overlay, which outlives this page */
      vj_widget_show_message (GTK_WIDGET (self), _("The person was deleted everywhere."));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
    }
  else if (g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_PENDING))
    {
      /* Gone from the log; the message says which files are still to be cleaned */
      vj_widget_show_message (GTK_WIDGET (self), error->message);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
    }
  else
    {
      toast (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
    }
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VjPersonPage     *self)
{
  VjErasePlan *plan = g_object_steal_data (G_OBJECT (dialog), "plan");

  if (g_strcmp0 (response, "erase") != 0 || plan == NULL)
    {
      vj_erase_plan_free (plan);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  toast (self, _("Deleting…"));
  vj_db_erase_async (self->db, plan, NULL, erased_cb, g_object_ref (self));
}

/* What would go is counted in a worker, then shown */
static void
erase_planned_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  VjErasePlan *plan = vj_db_plan_erase_person_finish (VJ_DB (object), result, &error);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.erase", TRUE);
  if (plan == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* Translators: %s is the person's reference */
  heading = g_strdup_printf (_("Delete %s Everywhere?"),
                             self->person->reference);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("This deletes the person with their sessions, next steps, "
                                     "shortlist and drafts from the log, its search index, its "
                                     "backups and its journal. It cannot be undone: export their "
                                     "data first if they asked for it."));
  /* Translators: what erasing a person deletes, one count a line */
  body = g_strdup_printf (_("Sessions with only them: %1$u\n"
                            "Next steps: %2$u\n"
                            "Shortlist entries: %3$u\n"
                            "Drafts: %4$u\n"
                            "Group sessions they are taken out of (kept): %5$u\n"
                            "Backups cleaned: %6$u"),
                          plan->n_sessions, plan->n_next_steps, plan->n_shortlist,
                          plan->n_drafts, plan->n_shared, plan->n_backups);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), gtk_label_new (body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Delete Everywhere"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "plan", plan, (GDestroyNotify) vj_erase_plan_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VjPersonPage *self = VJ_PERSON_PAGE (widget);

  gtk_widget_action_set_enabled (widget, "person.erase", FALSE);
  vj_db_plan_erase_person_async (self->db,
                                 self->person->id, NULL, erase_planned_cb,
                                 g_object_ref (self));
}

void
_vj_person_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "person.print-plan", NULL, print_plan_action);
  gtk_widget_class_install_action (widget_class, "person.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "person.erase", NULL, erase_action);
}
