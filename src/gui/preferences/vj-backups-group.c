#define G_LOG_DOMAIN "vj-backups-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-backups-group.h"
#include "vj-db-backup.h"
#include "vj-text.h"

/* The backups of the database, newest first, each with the time it was taken, why and its size,
 * and a button to restore it. The folder is read in a worker. Restoring needs the database
 * closed, which only the application can do: after the counsellor confirms, the group emits
 * "restore-requested" with the backup's id. */

struct _VjBackupsGroup
{
  AdwPreferencesGroup  parent_instance;

  char                *db_path;
  GPtrArray           *rows;         /* the rows shown, to remove on reload */
  GCancellable        *cancellable;
  gboolean             loading;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  SIGNAL_RESTORE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjBackupsGroup, vj_backups_group, ADW_TYPE_PREFERENCES_GROUP)

/* "28. november 2026 kl. 14:05", in local time */
static char *
format_when (GDateTime *created)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (created);
  g_autofree char *iso = g_date_time_format (local, "%Y-%m-%dT%H:%M");

  return vj_text_format_date_time (iso);
}

static void
set_loading (VjBackupsGroup *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
clear_rows (VjBackupsGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (VjBackupsGroup *self,
         GtkWidget      *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VjBackupsGroup   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "backup-id");

  if (g_strcmp0 (response, "restore") == 0)
    g_signal_emit (self, signals[SIGNAL_RESTORE_REQUESTED], 0, id);
}

static void
restore_clicked_cb (GtkButton      *button,
                    VjBackupsGroup *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "backup-id");
  const char *when = g_object_get_data (G_OBJECT (button), "backup-when");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is when the backup was taken, "28. november 2026 at 14:05" */
  body = g_strdup_printf (_("Vejviser will hold what it held on %s. The database as it is now is "
                            "kept as a backup, so the restore can be undone. The window closes "
                            "and opens again."), when);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Restore This Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backup-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
backup_row (VjBackupsGroup *self,
            const VjBackup *backup)
{
  g_autofree char *when = format_when (backup->created);
  g_autofree char *why = vj_backup_describe_reason (backup);
  g_autofree char *size = vj_text_format_size (backup->size);
  /* Translators: a backup's reason and size, "Before an import · 2.3 MB" */
  g_autofree char *subtitle = g_strdup_printf (_("%1$s · %2$s"), why, size);
  /* Translators: %s is when the backup was taken */
  g_autofree char *label = g_strdup_printf (_("Restore the backup from %s"), when);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "backup-id", g_strdup (backup->id), g_free);
  g_object_set_data_full (G_OBJECT (button), "backup-when", g_steal_pointer (&when), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
message_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VjBackupsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = vj_db_backup_list_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->rows == NULL)
    return;
  clear_rows (self);
  if (backups == NULL)
    add_row (self, message_row (error->message));
  else if (backups->len == 0)
    add_row (self, message_row (_("No backups yet. One is taken before the next import.")));
  for (guint i = 0; backups != NULL && i < backups->len; i++)
    add_row (self, backup_row (self, backups->pdata[i]));
  set_loading (self, FALSE);
}

static void
reload (VjBackupsGroup *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->db_path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  vj_db_backup_list_async (self->db_path, self->cancellable, list_done_cb, g_object_ref (self));
}

static void
vj_backups_group_dispose (GObject *object)
{
  VjBackupsGroup *self = VJ_BACKUPS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (vj_backups_group_parent_class)->dispose (object);
}

static void
vj_backups_group_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VjBackupsGroup *self = VJ_BACKUPS_GROUP (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_backups_group_class_init (VjBackupsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vj_backups_group_dispose;
  object_class->get_property = vj_backups_group_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VjBackupsGroup::restore-requested:
   * @id: the backup's id (VjBackup)
   *
   * The counsellor confirmed restoring this backup.
   */
  signals[SIGNAL_RESTORE_REQUESTED] =
    g_signal_new ("restore-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vj_backups_group_init (VjBackupsGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Saved Backups"));
}

GtkWidget *
vj_backups_group_new (void)
{
  return g_object_new (VJ_TYPE_BACKUPS_GROUP, NULL);
}

/**
 * vj_backups_group_set_db_path:
 * @db_path: the database whose backups to list
 *
 * Lists them (again).
 */
void
vj_backups_group_set_db_path (VjBackupsGroup *self,
                              const char     *db_path)
{
  g_return_if_fail (VJ_IS_BACKUPS_GROUP (self));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  reload (self);
}

gboolean
vj_backups_group_get_loading (VjBackupsGroup *self)
{
  g_return_val_if_fail (VJ_IS_BACKUPS_GROUP (self), FALSE);
  return self->loading;
}
