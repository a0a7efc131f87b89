#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-cli-backup.h"
#include "vj-cli-output.h"
#include "vj-cli-sessions.h"
#include "vj-dates.h"
#include "vj-db-sessions-csv.h"
#include "vj-db-sessions-transfer.h"
#include "vj-db.h"
#include "vj-private-file.h"

/* vejviser-cli sessions import FILE.csv [--json]
 * vejviser-cli sessions export --csv|--json [--from DATE] [--to DATE] --output FILE
 *
 * The guidance log in and out of spreadsheets. Exports hold personal data: written mode 0600,
 * to a named file only (`--output -` for the terminal, on purpose). */

static struct
{
  char     *from;
  char     *to;
  char     *output;
  gboolean  csv;
} export_options;

static gboolean
is_import (const VjCliOptions *o)
{
  return o->args->len > 1 && strcmp (o->args->pdata[1], "import") == 0;
}

/* --json asks sessions import for a JSON report, and sessions export for the sessions as JSON;
 * an export's mistakes are reported as text */
static int
sessions_fail (const VjCliOptions *o,
               const GError       *error)
{
  VjCliOptions text = *o;

  text.json = o->json && is_import (o);
  return vj_cli_fail (&text, error, 0);
}

static int
sessions_usage_error (const VjCliOptions *o,
                      const char         *message)
{
  VjCliOptions text = *o;

  text.json = o->json && is_import (o);
  return vj_cli_usage_error (&text, message);
}

static void
add_issues (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *issues)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      VjCsvIssue *issue = issues->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, issue->row);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, issue->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
cmd_import (const VjCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjSessionImport) report = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (o->args->len != 3)
    return sessions_usage_error (o, _("sessions import needs exactly one FILE.csv"));
  if (!g_file_get_contents (o->args->pdata[2], &data, &length, &error))
    return sessions_fail (o, error);
  db = vj_cli_open_db (o, &error);
  if (db == NULL)
    return sessions_fail (o, error);
  report = vj_db_import_sessions_csv (db, data, length, &error);
  vj_db_close (db);
  if (report == NULL)
    return sessions_fail (o, error);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      char delimiter[2] = { report->delimiter, '\0' };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, report->records);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, report->imported);
      json_builder_set_member_name (builder, "encoding");
      json_builder_add_string_value (builder, report->windows_1252 ? "windows-1252" : "utf-8");
      json_builder_set_member_name (builder, "delimiter");
      json_builder_add_string_value (builder, delimiter);
      add_issues (builder, "rejected", report->rejected);
      add_issues (builder, "notes", report->notes);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
      return 0;
    }

  {
    g_autofree char *text = vj_session_import_dup_report (report);

    g_print ("%s", text);
  }
  return 0;
}

/* Writes @data to @path, created or truncated mode 0600 (it holds personal data) */
static gboolean
write_private (const char *path,
               const char *data,
               gsize       length,
               GError    **error)
{
  if (strcmp (path, "-") == 0)
    return fwrite (data, 1, length, stdout) == length;
  return vj_private_file_write (path, data, length, error);
}

static int
cmd_export (const VjCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (o->args->len != 2)
    return sessions_usage_error (o, _("sessions export takes no operands"));
  if (export_options.csv == o->json)
    return sessions_usage_error (o, _("sessions export needs --csv or --json"));
  if (export_options.output == NULL)
    return sessions_usage_error (o, _("sessions export writes personal data: name a file with "
                                      "--output FILE (or --output - for the terminal)"));
  if (export_options.from != NULL && (from = vj_date_parse_danish (export_options.from)) == NULL)
    return sessions_usage_error (o, _("--from takes a date, e.g. 01-01-2026"));
  if (export_options.to != NULL && (to = vj_date_parse_danish (export_options.to)) == NULL)
    return sessions_usage_error (o, _("--to takes a date, e.g. 31-12-2026"));

  db = vj_cli_open_db (o, &error);
  if (db == NULL)
    return sessions_fail (o, error);
  sessions = vj_db_export_sessions (db, from, to, &error);
  if (sessions == NULL)
    {
      vj_db_close (db);
      return sessions_fail (o, error);
    }
  if (export_options.csv)
    {
      GString *csv = vj_db_export_sessions_csv (db, sessions, &error);

      length = csv->len;
      text = g_string_free (csv, FALSE);
    }
  else
    text = vj_db_export_sessions_json (db, sessions, &length);
  vj_db_close (db);

  if (!write_private (export_options.output, text, length, &error))
    return sessions_fail (o, error);
  if (strcmp (export_options.output, "-") != 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %1$u session to %2$s\n",
                             "Exported %1$u sessions to %2$s\n", sessions->len),
                sessions->len, export_options.output);
  return 0;
}

static int
sessions_run (const VjCliOptions *o)
{
  const char *action = o->args->len > 1 ? o->args->pdata[1] : NULL;

  if (g_strcmp0 (action, "import") == 0)
    return cmd_import (o);
  if (g_strcmp0 (action, "export") == 0)
    return cmd_export (o);
  return sessions_usage_error (o, _("sessions needs import or export"));
}

static const char * const sessions_lines[] = {
  N_("sessions import FILE.csv [--json]   import sessions from a spreadsheet (CSV)"),
  N_("sessions export --csv|--json [--from DATE] [--to DATE] --output FILE   export sessions"),
  NULL
};

static const GOptionEntry sessions_entries[] = {
  { "csv", 0, 0, G_OPTION_ARG_NONE, &export_options.csv,
    N_("export as a spreadsheet (CSV); --json exports as JSON"), NULL },
  { "from", 0, 0, G_OPTION_ARG_STRING, &export_options.from,
    N_("export the sessions from this date, e.g. 01-01-2026"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &export_options.to,
    N_("export the sessions up to this date, e.g. 31-12-2026"), N_("DATE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, &export_options.output,
    N_("where the export goes (- for the terminal)"), N_("FILE") },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_sessions_command = {
  "sessions", N_("sessions import FILE.csv | export --csv|--json --output FILE"),
  sessions_lines, sessions_entries, sessions_run
};
