#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-cli-backup.h"
#include "vj-cli-output.h"
#include "vj-db-backup.h"
#include "vj-db.h"
#include "vj-text.h"

/* vejviser-cli [--db PATH] backup list [--json] | restore ID [--json]
 *
 * Works without opening the database, so it also restores one that no longer opens. */

/* The database's path: it is not opened, so a damaged one can be restored too */
static char *
db_path (const VjCliOptions *o)
{
  return o->db_path != NULL ? g_strdup (o->db_path) : vj_db_default_path ();
}

static char *
format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static int
cmd_list (const VjCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db_path (o);
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (path, &error);

  if (backups == NULL)
    return vj_cli_fail (o, error, 0);

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
cmd_restore (const VjCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db_path (o);
  g_autofree char *aside = NULL;
  const char *id;

  if (o->args->len != 3)
    return vj_cli_usage_error (o, _("backup restore needs exactly one backup ID (see backup list)"));
  id = o->args->pdata[2];

  if (!vj_db_backup_restore (path, id, &aside, &error))
    return vj_cli_fail (o, error, 0);

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

static int
backup_run (const VjCliOptions *o)
{
  const char *action = o->args->len > 1 ? o->args->pdata[1] : NULL;

  if (g_strcmp0 (action, "list") == 0 && o->args->len == 2)
    return cmd_list (o);
  if (g_strcmp0 (action, "restore") == 0)
    return cmd_restore (o);
  return vj_cli_usage_error (o, _("backup needs list or restore ID"));
}

static const char * const backup_lines[] = {
  N_("backup list | restore ID        the backups, and restoring one"),
  NULL
};

const VjCliCommand vj_cli_backup_command = {
  "backup", N_("backup list | restore ID"), backup_lines, NULL, backup_run
};
