#define G_LOG_DOMAIN "vj-purge"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-privacy.h"
#include "vj-purge.h"
#include "vj-widget-util.h"

/* The retention purge, never silent: what would go is read in a worker and listed in a dialog
 * (the people, how many sessions, the backups); only "Delete" deletes. Offered at start when
 * something is past the retention period, and from the main menu at any time. */

#define MAX_LISTED 12

typedef struct
{
  GtkWindow *parent;    /* weak */
  VjDb      *db;
  gboolean   at_start;
} PurgeData;

static void
purge_data_free (PurgeData *data)
{
  g_clear_weak_pointer (&data->parent);
  g_clear_object (&data->db);
  g_free (data);
}

static void
toast (PurgeData  *data,
       const char *text)
{
  if (data->parent != NULL)
    vj_widget_show_message (GTK_WIDGET (data->parent), text);
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PurgeData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (vj_db_erase_finish (VJ_DB (object), result, &error))
    toast (data, _("The expired personal data was deleted."));
  else
    toast (data, error->message);
  purge_data_free (data);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             PurgeData        *data)
{
  VjErasePlan *plan = g_object_steal_data (G_OBJECT (dialog), "plan");

  if (g_strcmp0 (response, "delete") == 0 && plan != NULL)
    {
      toast (data, _("Deleting expired personal data…"));
      vj_db_erase_async (data->db, plan, NULL, erased_cb, data);
      return;
    }
  vj_erase_plan_free (plan);
  purge_data_free (data);
}

static char *
dup_listing (VjErasePlan *plan)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < plan->people->len && i < MAX_LISTED; i++)
    {
      VjErasePerson *p = g_ptr_array_index (plan->people, i);

      if (p->last_session != NULL)
        /* Translators: a person to be deleted: %1$s is the reference, %2$s the day of their
         * last session */
        g_string_append_printf (text, _("%1$s, last session %2$s"), p->reference,
                                p->last_session);
      else
        /* Translators: a person to be deleted who has no sessions */
        g_string_append_printf (text, _("%s, no sessions"), p->reference);
      g_string_append_c (text, '\n');
    }
  if (plan->people->len > MAX_LISTED)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more person",
                                               "and %u more people",
                                               plan->people->len - MAX_LISTED),
                            plan->people->len - MAX_LISTED);
  return g_strchomp (g_string_free (g_steal_pointer (&text), FALSE));
}

static void
show_plan (PurgeData   *data,
           VjErasePlan *plan)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *people = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *backups = NULL;

  if (plan->people->len == 0 && plan->n_sessions == 0)
    {
      if (!data->at_start)
        {
          /* Translators: %d is the retention period in years */
          body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Nothing in the log is older than the retention "
                                               "period of %d year.",
                                               "Nothing in the log is older than the retention "
                                               "period of %d years.", plan->years),
                                  plan->years);
          dialog = adw_message_dialog_new (data->parent, _("Nothing to Delete"), body);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      vj_erase_plan_free (plan);
      purge_data_free (data);
      return;
    }

  people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people",
                                         plan->people->len), plan->people->len);
  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions",
                                           plan->n_sessions), plan->n_sessions);
  backups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u backup", "%u backups",
                                          plan->n_backups), plan->n_backups);
  /* Translators: %1$d is the retention period in years, %2$s "3 people", %3$s "12 sessions",
   * %4$s "2 backups" */
  body = g_strdup_printf (_("The log keeps personal data %1$d years after a person's last "
                            "session. %2$s and %3$s are older and will be deleted from the log, "
                            "its search index and %4$s. This cannot be undone."),
                          plan->years, people, sessions, backups);
  dialog = adw_message_dialog_new (data->parent, _("Delete Expired Personal Data?"), body);
  if (plan->people->len > 0)
    {
      g_autofree char *listing = dup_listing (plan);
      GtkWidget *label = gtk_label_new (listing);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep for Now"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "plan", plan, (GDestroyNotify) vj_erase_plan_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
planned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PurgeData *data = user_data;
  g_autoptr(GError) error = NULL;
  VjErasePlan *plan = vj_db_plan_purge_finish (VJ_DB (object), result, &error);

  if (plan == NULL || data->parent == NULL)
    {
      if (error != NULL)
        toast (data, error->message);
      vj_erase_plan_free (plan);
      purge_data_free (data);
      return;
    }
  show_plan (data, plan);
}

/**
 * vj_purge_offer:
 * @at_start: %TRUE at start: say nothing when nothing is expired
 *
 * Reads what is past the retention period and offers to delete it.
 */
void
vj_purge_offer (GtkWindow *parent,
                VjDb      *db,
                gboolean   at_start)
{
  PurgeData *data;

  g_return_if_fail (VJ_IS_DB (db));

  data = g_new0 (PurgeData, 1);
  g_set_weak_pointer (&data->parent, parent);
  data->db = g_object_ref (db);
  data->at_start = at_start;
  vj_db_plan_purge_async (db, NULL, planned_cb, data);
}
