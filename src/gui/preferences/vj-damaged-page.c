#define G_LOG_DOMAIN "vj-damaged-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-damaged-page.h"
#include "vj-db-backup.h"
#include "vj-db.h"
#include "vj-text.h"

/* Shown instead of the app's pages when the database will not open because it is damaged,
 * held by another program or on a full disk: what happened, the latest backup, and a button
 * that puts that backup in the database's place after asking (the database it replaces is
 * moved aside, never deleted). "restored" tells the application to open the database again. */

struct _VjDamagedPage
{
  GtkWidget       parent_instance;

  AdwStatusPage  *status_page;
  GtkLabel       *backup_label;
  GtkButton      *restore_button;
  GtkLabel       *result_label;

  char           *db_path;
  VjBackup       *latest;
  GCancellable   *cancellable;
};

enum {
  SIGNAL_RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjDamagedPage, vj_damaged_page, GTK_TYPE_WIDGET)

/* "28. november 2026 kl. 14:05", in local time */
static char *
format_when (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autofree char *iso = g_date_time_format (local, "%Y-%m-%dT%H:%M");

  return vj_text_format_date_time (iso);
}

static void
show_result (VjDamagedPage *self,
             const char    *text)
{
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjDamagedPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  if (!vj_db_backup_restore_finish (result, &aside, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_result (self, error->message);
          gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), TRUE);
        }
      return;
    }
  g_signal_emit (self, signals[SIGNAL_RESTORED], 0, aside);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VjDamagedPage    *self)
{
  if (g_strcmp0 (response, "restore") != 0 || self->latest == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  vj_db_backup_restore_async (self->db_path, self->latest->id, self->cancellable,
                              restore_done_cb, g_object_ref (self));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VjDamagedPage *self = VJ_DAMAGED_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *when = NULL;
  AdwMessageDialog *dialog;

  if (self->latest == NULL)
    return;
  when = format_when (self->latest->created);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                             : NULL,
                                                       _("Restore the Latest Backup?"), NULL));
  /* Translators: %s is a date and time */
  adw_message_dialog_format_body (dialog,
                                  _("The database is replaced by the backup from %s. What was "
                                    "changed after that is not in it. The database it replaces "
                                    "is kept aside in the backups folder, not deleted."),
                                  when);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vj_damaged_page_dispose (GObject *object)
{
  VjDamagedPage *self = VJ_DAMAGED_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_DAMAGED_PAGE);

  G_OBJECT_CLASS (vj_damaged_page_parent_class)->dispose (object);
}

static void
vj_damaged_page_finalize (GObject *object)
{
  VjDamagedPage *self = VJ_DAMAGED_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->latest, vj_backup_free);

  G_OBJECT_CLASS (vj_damaged_page_parent_class)->finalize (object);
}

static void
vj_damaged_page_class_init (VjDamagedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_damaged_page_dispose;
  object_class->finalize = vj_damaged_page_finalize;

  /**
   * VjDamagedPage::restored:
   * @set_aside: (nullable): where the database that was replaced was moved
   */
  signals[SIGNAL_RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-damaged-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjDamagedPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, VjDamagedPage, backup_label);
  gtk_widget_class_bind_template_child (widget_class, VjDamagedPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, VjDamagedPage, result_label);
  gtk_widget_class_install_action (widget_class, "damaged.restore", NULL, restore_action);
}

static void
vj_damaged_page_init (VjDamagedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * vj_damaged_page_applies_to:
 *
 * Returns: whether @error is one this page is for: a damaged database, one held by another
 *   program, a full disk
 */
gboolean
vj_damaged_page_applies_to (const GError *error)
{
  return error != NULL && error->domain == VJ_DB_ERROR &&
         (error->code == VJ_DB_ERROR_NOT_A_DATABASE || error->code == VJ_DB_ERROR_BUSY ||
          error->code == VJ_DB_ERROR_FULL);
}

GtkWidget *
vj_damaged_page_new (const char   *db_path,
                     const GError *error)
{
  VjDamagedPage *self;

  g_return_val_if_fail (db_path != NULL && error != NULL, NULL);

  self = g_object_new (VJ_TYPE_DAMAGED_PAGE, NULL);
  self->db_path = g_strdup (db_path);
  self->latest = vj_db_backup_latest_for_path (db_path);
  adw_status_page_set_description (self->status_page, error->message);

  if (self->latest != NULL)
    {
      g_autofree char *when = format_when (self->latest->created);
      g_autofree char *why = vj_backup_describe_reason (self->latest);
      /* Translators: %1$s is a date and time, %2$s why the backup was taken */
      g_autofree char *text = g_strdup_printf (_("The latest backup is from %1$s (%2$s)."),
                                               when, why);

      gtk_label_set_text (self->backup_label, text);
    }
  else
    {
      gtk_label_set_text (self->backup_label,
                          _("There is no backup of this database to restore."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "damaged.restore", FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
    }
  return GTK_WIDGET (self);
}
