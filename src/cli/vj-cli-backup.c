#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-cli-backup.h"
#include "vj-cli-output.h"
#include "vj-db-backup.h"
#include "vj-db.h"
#include "vj-text.h"

/* vejviser-cli [--db PATH] backup list [--json] | restore ID [--json]
 *
 * Works without opening the database, so it also restores one that no longer opens. */

typedef struct
{
  char      *db_path;
  gboolean   json;
  GPtrArray *args;
} BackupOptions;

static void
backup_options_clear (BackupOptions *o)
{
  g_free (o->db_path);
  g_clear_pointer (&o->args, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BackupOptions, backup_options_clear)

gboolean
vj_cli_is_backup_command (int    argc,
                          char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--db") == 0)
        i++;
      else if (argv[i][0] != '-')
        return strcmp (argv[i], "backup") == 0;
    }
  return FALSE;
}

static gboolean
parse (int            argc,
       char         **argv,
       BackupOptions *o,
       GError       **error)
{
  o->args = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        o->json = TRUE;
      else if (strcmp (argv[i], "--db") == 0 && i + 1 < argc)
        o->db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--db="))
        o->db_path = g_strdup (argv[i] + 5);
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("Unknown option %s"), argv[i]);
          return FALSE;
        }
      else
        g_ptr_array_add (o->args, argv[i]);
    }
  if (o->db_path == NULL)
    o->db_path = vj_db_default_path ();
  return TRUE;
}

static int
fail (const BackupOptions *o,
      const GError        *error,
      int                  status)
{
  if (o->json)
    {
      g_autoptr(JsonNode) node = vj_cli_error_json (error, 0);
      vj_cli_print_json (node);
    }
  /* Translators: prefix of an error message on the terminal */
  g_printerr (_("vejviser-cli: %s\n"), error->message);
  return status;
}

static int
usage_fail (const BackupOptions *o,
            const char          *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);

  fail (o, error, 2);
  if (!o->json)
    g_printerr ("%s\n", _("Usage: vejviser-cli [--db PATH] backup list [--json] | restore ID [--json]"));
  return 2;
}

static char *
format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static int
cmd_list (const BackupOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (o->db_path, &error);

  if (backups == NULL)
    return fail (o, error, 1);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "backups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < backups->len; i++)
        {
          VjBackup *backup = g_ptr_array_index (backups, i);
          g_autofree char *created = g_date_time_format_iso8601 (backup->created);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, backup->id);
          json_builder_set_member_name (builder, "created");
          json_builder_add_string_value (builder, created);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, backup->reason);
          json_builder_set_member_name (builder, "bytes");
          json_builder_add_int_value (builder, backup->size);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, backup->path);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      vj_cli_print_json (node);
      return 0;
    }

  if (backups->len == 0)
    {
      g_print ("%s\n", _("There are no backups."));
      return 0;
    }
  for (guint i = 0; i < backups->len; i++)
    {
      VjBackup *backup = g_ptr_array_index (backups, i);
      g_autofree char *when = format_local (backup->created);
      g_autofree char *why = vj_backup_describe_reason (backup);
      g_autofree char *size = vj_text_format_size (backup->size);

      g_print ("%-32s  %s  %-10s  %s\n", backup->id, when, size, why);
    }
  return 0;
}

static int
cmd_restore (const BackupOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  const char *id;

  if (o->args->len != 3)
    return usage_fail (o, _("backup restore needs exactly one backup ID (see backup list)"));
  id = o->args->pdata[2];

  if (!vj_db_backup_restore (o->db_path, id, &aside, &error))
    return fail (o, error, 1);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "restored");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "set_aside");
      if (aside != NULL)
        json_builder_add_string_value (builder, aside);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      vj_cli_print_json (node);
      return 0;
    }

  /* Translators: %s is a backup's id */
  g_print (_("Restored the backup %s.\n"), id);
  if (aside != NULL)
    /* Translators: %s is a file's path */
    g_print (_("The database it replaced was kept as %s.\n"), aside);
  return 0;
}

int
vj_cli_backup (int    argc,
               char **argv)
{
  g_auto(BackupOptions) o = { 0 };
  g_autoptr(GError) error = NULL;
  const char *action;

  if (!parse (argc, argv, &o, &error))
    return usage_fail (&o, error->message);
  action = o.args->len > 1 ? o.args->pdata[1] : NULL;
  if (g_strcmp0 (action, "list") == 0 && o.args->len == 2)
    return cmd_list (&o);
  if (g_strcmp0 (action, "restore") == 0)
    return cmd_restore (&o);
  return usage_fail (&o, _("backup needs list or restore ID"));
}

/**
 * vj_cli_backup_add_hint:
 * @error: why the database did not open
 *
 * Adds to a damaged, locked or full database's message which backup would restore it.
 */
void
vj_cli_backup_add_hint (const char *db_path,
                        GError     *error)
{
  g_autoptr(VjBackup) latest = NULL;
  char *message;

  if (error == NULL || error->domain != VJ_DB_ERROR ||
      (error->code != VJ_DB_ERROR_NOT_A_DATABASE && error->code != VJ_DB_ERROR_BUSY &&
       error->code != VJ_DB_ERROR_FULL))
    return;

  latest = vj_db_backup_latest_for_path (db_path);
  if (latest != NULL)
    {
      g_autofree char *when = format_local (latest->created);

      /* Translators: %1$s is the error, %2$s a date and time, %3$s a backup's id */
      message = g_strdup_printf (_("%1$s\nThe latest backup is from %2$s. To put it in the "
                                   "database's place (the database is kept aside, not "
                                   "deleted): vejviser-cli backup restore %3$s"),
                                 error->message, when, latest->id);
    }
  else
    /* Translators: %s is the error */
    message = g_strdup_printf (_("%s\nThere is no backup of this database to restore."),
                               error->message);
  g_free (error->message);
  error->message = message;
}
