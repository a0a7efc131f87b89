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

#include "vj-cli-output.h"
#include "vj-cli-sessions.h"
#include "vj-dates.h"
#include "vj-db-sessions-csv.h"
#include "vj-db-sessions-transfer.h"
#include "vj-db.h"

/* vejviser-cli sessions import FILE.csv [--json]
 * vejviser-cli sessions export --csv|--json [--from DATE] [--to DATE] --output FILE
 *
 * The guidance log in and out of spreadsheets. The command reads its own options, so the
 * dispatcher in vejviser-cli.c stays one line. Exports hold personal data: written mode 0600,
 * to a named file only (`--output -` for the terminal, on purpose). */

typedef struct
{
  char      *db_path;
  char      *from;
  char      *to;
  char      *output;
  gboolean   csv;
  gboolean   json;
  GPtrArray *args;
} SessionOptions;

static void
session_options_clear (SessionOptions *o)
{
  g_free (o->db_path);
  g_free (o->from);
  g_free (o->to);
  g_free (o->output);
  g_clear_pointer (&o->args, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SessionOptions, session_options_clear)

static const char * const value_options[] = { "--db", "--from", "--to", "--output" };

/* Whether the command (the first operand) is "sessions" */
gboolean
vj_cli_is_sessions_command (int    argc,
                            char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      gboolean takes_value = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (value_options); j++)
        if (strcmp (argv[i], value_options[j]) == 0)
          takes_value = TRUE;
      if (takes_value)
        i++;
      else if (argv[i][0] != '-')
        return strcmp (argv[i], "sessions") == 0;
    }
  return FALSE;
}

static int
fail (const SessionOptions *o,
      const GError         *error,
      int                   status)
{
  if (o->json && o->args != NULL && o->args->len > 1 &&
      strcmp (o->args->pdata[1], "import") == 0)
    {
      g_autoptr(JsonNode) node = vj_cli_error_json (error, 0);
      vj_cli_print_json (node);
    }
  /* Translators: prefix of an error message on the terminal */
  g_printerr (_("vejviser-cli: %s\n"), error->message);
  return status;
}

static int
usage_fail (const SessionOptions *o,
            const char           *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);

  fail (o, error, 2);
  g_printerr ("%s\n  %s\n  %s\n", _("Usage:"),
              _("vejviser-cli [--db PATH] sessions import FILE.csv [--json]"),
              _("vejviser-cli [--db PATH] sessions export --csv|--json [--from DATE] [--to DATE] "
                "--output FILE"));
  return 2;
}

static gboolean
parse (int             argc,
       char          **argv,
       SessionOptions *o,
       GError        **error)
{
  o->args = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      char **target = NULL;

      if (strcmp (arg, "--json") == 0)
        o->json = TRUE;
      else if (strcmp (arg, "--csv") == 0)
        o->csv = TRUE;
      else if (strcmp (arg, "--db") == 0)
        target = &o->db_path;
      else if (strcmp (arg, "--from") == 0)
        target = &o->from;
      else if (strcmp (arg, "--to") == 0)
        target = &o->to;
      else if (strcmp (arg, "--output") == 0)
        target = &o->output;
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("Unknown option %s"), arg);
          return FALSE;
        }
      else
        g_ptr_array_add (o->args, (char *) arg);

      if (target != NULL)
        {
          if (i + 1 >= argc)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Option %s needs a value"), arg);
              return FALSE;
            }
          g_free (*target);
          *target = g_strdup (argv[++i]);
        }
    }
  return TRUE;
}

static VjDb *
open_db (const SessionOptions *o,
         GError              **error)
{
  g_autofree char *path = o->db_path != NULL ? g_strdup (o->db_path) : vj_db_default_path ();

  return vj_db_open (path, error);
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
cmd_import (const SessionOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjSessionImport) report = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (o->args->len != 3)
    return usage_fail (o, _("sessions import needs exactly one FILE.csv"));
  if (!g_file_get_contents (o->args->pdata[2], &data, &length, &error))
    return fail (o, error, 1);
  db = open_db (o, &error);
  if (db == NULL)
    return fail (o, error, 1);
  report = vj_db_import_sessions_csv (db, data, length, &error);
  vj_db_close (db);
  if (report == NULL)
    return fail (o, error, 1);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      char delimiter[2] = { report->delimiter, '\0' };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
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
  int fd;
  gsize done = 0;

  if (strcmp (path, "-") == 0)
    return fwrite (data, 1, length, stdout) == length;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%1$s”: %2$s"), path, g_strerror (saved));
      return FALSE;
    }
  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write “%1$s”: %2$s"), path, g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%1$s”: %2$s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_export (const SessionOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (o->args->len != 2)
    return usage_fail (o, _("sessions export takes no operands"));
  if (o->csv == o->json)
    return usage_fail (o, _("sessions export needs --csv or --json"));
  if (o->output == NULL)
    return usage_fail (o, _("sessions export writes personal data: name a file with --output "
                            "FILE (or --output - for the terminal)"));
  if (o->from != NULL && (from = vj_date_parse_danish (o->from)) == NULL)
    return usage_fail (o, _("--from takes a date, e.g. 01-01-2026"));
  if (o->to != NULL && (to = vj_date_parse_danish (o->to)) == NULL)
    return usage_fail (o, _("--to takes a date, e.g. 31-12-2026"));

  db = open_db (o, &error);
  if (db == NULL)
    return fail (o, error, 1);
  sessions = vj_db_export_sessions (db, from, to, &error);
  if (sessions == NULL)
    {
      vj_db_close (db);
      return fail (o, error, 1);
    }
  if (o->csv)
    {
      GString *csv = vj_db_export_sessions_csv (db, sessions, &error);

      length = csv->len;
      text = g_string_free (csv, FALSE);
    }
  else
    text = vj_db_export_sessions_json (db, sessions, &length);
  vj_db_close (db);

  if (!write_private (o->output, text, length, &error))
    return fail (o, error, 1);
  if (strcmp (o->output, "-") != 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %1$u session to %2$s\n",
                             "Exported %1$u sessions to %2$s\n", sessions->len),
                sessions->len, o->output);
  return 0;
}

int
vj_cli_sessions (int    argc,
                 char **argv)
{
  g_auto(SessionOptions) o = { 0 };
  g_autoptr(GError) error = NULL;
  const char *action;

  if (!parse (argc, argv, &o, &error))
    return usage_fail (&o, error->message);
  action = o.args->len > 1 ? o.args->pdata[1] : NULL;
  if (g_strcmp0 (action, "import") == 0)
    return cmd_import (&o);
  if (g_strcmp0 (action, "export") == 0)
    return cmd_export (&o);
  return usage_fail (&o, _("sessions needs import or export"));
}
