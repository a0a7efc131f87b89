#define G_LOG_DOMAIN "vj-sessions-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-sessions.h"
#include "vj-sessions-page-private.h"
#include "vj-text.h"

/* Drafts left by a crash or a kill, offered back once at start: continue, later, or discard. */

static void
drafts_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *drafts = vj_db_list_drafts (task_data, &error);

  if (drafts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, drafts, (GDestroyNotify) g_ptr_array_unref);
}

static void
recover_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VjSessionsPage   *self)
{
  VjDraft *draft = g_object_get_data (G_OBJECT (dialog), "draft");

  if (g_strcmp0 (response, "open") == 0)
    _vj_sessions_page_show_editor (self, vj_session_record_copy (draft->session), draft->id);
  else if (g_strcmp0 (response, "discard") == 0)
    vj_db_discard_draft_async (self->db, draft->id, NULL, NULL, NULL);
}

static void
drafts_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (object);
  g_autoptr(GPtrArray) drafts = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (drafts == NULL)
    return;
  /* One dialog per draft left behind, newest on top */
  for (guint i = 0; i < drafts->len; i++)
    {
      VjDraft *draft = drafts->pdata[i];
      g_autofree char *when = vj_text_format_date_time (draft->session->started_at);
      g_autofree char *people = vj_session_record_dup_people_label (draft->session);
      g_autofree char *what = *people != '\0' ? g_strdup_printf ("%s (%s)", when, people)
                                               : g_strdup (when);
      GtkWidget *dialog =
        adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                _("Unsaved Session Found"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      /* Translators: %s is the session's date and people */
                                      _("A session you were writing was not saved when "
                                        "Vejviser closed: %s. Continue where you left off?"),
                                      what);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "later", _("_Later"),
                                        "discard", _("_Discard"),
                                        "open", _("_Continue Editing"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
      g_object_set_data_full (G_OBJECT (dialog), "draft", g_ptr_array_steal_index (drafts, i--),
                              (GDestroyNotify) vj_draft_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (recover_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* Reads the drafts in a worker, then asks about each. */
void
_vj_sessions_page_offer_drafts (VjSessionsPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, drafts_done_cb, NULL);

  g_task_set_task_data (task, g_object_ref (self->db), g_object_unref);
  g_task_run_in_thread (task, drafts_thread);
}
