#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-cli-output.h"
#include "vj-cli-private.h"
#include "vj-db-backup.h"
#include "vj-db-settings.h"
#include "vj-db.h"

/* What every command of vejviser-cli shares (vj-cli-private.h): the options all of them take,
 * reporting a failure or a mistake on the command line, opening the database and --deadline.
 * main() and the command table (vejviser-cli.c) and the commands call these; nothing here calls
 * back into them. */

const GOptionEntry vj_cli_common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("the database (default: $VEJVISER_DB or the user data folder)"), N_("PATH") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, N_("print a machine-readable report"), NULL },
  G_OPTION_ENTRY_NULL
};

int
vj_cli_fail (const VjCliOptions *options,
             const GError       *error,
             guint               line)
{
  if (options->json)
    {
      g_autoptr(JsonNode) node = vj_cli_error_json (error, line);
      vj_cli_print_json (node);
    }
  /* Translators: prefix of an error message on the terminal */
  g_printerr (_("vejviser-cli: %s\n"), error->message);
  return 1;
}

/**
 * vj_cli_command_context:
 *
 * Returns: the context that parses @command's line into @options and the command's own statics
 */
GOptionContext *
vj_cli_command_context (const VjCliCommand *command,
                        VjCliOptions       *options)
{
  GOptionEntry common[G_N_ELEMENTS (vj_cli_common_entries)];
  g_autoptr(GString) summary = g_string_new (NULL);
  GOptionContext *context = g_option_context_new (command->parameter_string);

  memcpy (common, vj_cli_common_entries, sizeof common);
  common[0].arg_data = &options->db_path;
  common[1].arg_data = &options->json;
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  for (guint i = 0; command->lines[i] != NULL; i++)
    g_string_append_printf (summary, "%s%s", i > 0 ? "\n" : "", _(command->lines[i]));
  g_option_context_set_summary (context, summary->str);
  return context;
}

/**
 * vj_cli_usage_error:
 * @message: what is wrong with the command line
 *
 * Reports a mistake on the command line, followed (for a person) by how the command is used.
 * Before the command is known, main() adds the usage of them all.
 *
 * Returns: 2, the exit status of a usage error
 */
int
vj_cli_usage_error (const VjCliOptions *options,
                    const char         *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);

  vj_cli_fail (options, error, 0);
  if (!options->json && options->command != NULL)
    {
      VjCliOptions unused = { 0 };
      g_autoptr(GOptionContext) context = vj_cli_command_context (options->command, &unused);
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
    }
  return 2;
}

static char *
format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
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

/**
 * vj_cli_open_db:
 *
 * Opens the database of --db (or the default one). A damaged, locked or full database's error
 * names the backup that would put it right.
 */
VjDb *
vj_cli_open_db (const VjCliOptions *options,
                GError            **error)
{
  g_autofree char *path = options->db_path != NULL ? g_strdup (options->db_path)
                                                    : vj_db_default_path ();
  VjDb *db = vj_db_open (path, error);

  if (db == NULL && error != NULL)
    vj_cli_backup_add_hint (path, *error);
  return db;
}

/**
 * vj_cli_get_deadline:
 * @text: (nullable): the value of --deadline
 * @seconds: (out): the deadline of an HTTP fetch, or 0 for the setting or the default
 *
 * Returns: 0, or the exit status of a usage error already reported
 */
int
vj_cli_get_deadline (const VjCliOptions *options,
                     const char         *text,
                     guint              *seconds)
{
  guint64 value = 0;

  *seconds = 0;
  if (text == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, VJ_FEEDS_DEADLINE_MIN, VJ_FEEDS_DEADLINE_MAX,
                                   &value, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("--deadline needs a number of seconds from %u to %u"),
                         VJ_FEEDS_DEADLINE_MIN, VJ_FEEDS_DEADLINE_MAX);

      return vj_cli_usage_error (options, message);
    }
  *seconds = (guint) value;
  return 0;
}
