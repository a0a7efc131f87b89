#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vj-cli-backup.h"
#include "vj-cli-catalogue.h"
#include "vj-cli-feeds.h"
#include "vj-cli-initiatives.h"
#include "vj-cli-output.h"
#include "vj-cli-private.h"
#include "vj-cli-person.h"
#include "vj-cli-sessions.h"
#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-db.h"
#include "vj-db-initiatives.h"
#include "vj-db-settings.h"
#include "vj-importer.h"
#include "vj-reference.h"

/* vejviser-cli: import, search and check without the window, through the same code.
 *
 * Each command is a VjCliCommand: its name, its GOptionEntry table and what runs it. main()
 * finds the command (the first operand), parses the line with a GOptionContext of that command's
 * table and the options every command takes (--db, --json), and runs it with the operands. */

static struct
{
  char     *category;
  char     *municipality;
  char     *region;
  char     *level;
  char     *study_mode;
  char     *sort;
  gboolean  open_deadline;
  char     *initiative;
} search;

static char *import_deadline;  /* import --deadline SECONDS */

static int
cmd_import (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjImportReport) report = NULL;
  VjImportOptions import_options = { 0 };
  int status;

  if (options->args->len != 2)
    return vj_cli_usage_error (options, _("import needs exactly one FILE or URL"));
  if ((status = vj_cli_get_deadline (options, import_deadline, &import_options.deadline)) != 0)
    return status;

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);

  report = vj_import_location (db, g_ptr_array_index (options->args, 1), &import_options, NULL,
                               NULL, NULL, &error);
  vj_db_close (db);
  if (error != NULL)
    return vj_cli_fail (options, error, report != NULL ? report->error_line : 0);

  if (options->json)
    {
      g_autoptr(JsonNode) node = vj_cli_import_report_json (report);
      vj_cli_print_json (node);
    }
  else
    vj_cli_print_import_report (report);
  return 0;
}

static int
cmd_search (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *today = NULL;

  if (search.category != NULL && vj_category_lookup (search.category) == NULL)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("Unknown category “%s”"), search.category);
      return vj_cli_usage_error (options, message);
    }
  if (search.municipality != NULL &&
      (query->municipality = vj_municipality_parse_code (search.municipality)) == 0)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("“%s” is not the code of a Danish "
                                                    "municipality"), search.municipality);
      return vj_cli_usage_error (options, message);
    }
  if (search.region != NULL &&
      (query->region = vj_region_parse_code (search.region)) == 0)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("“%s” is not the code of a Danish region"),
                                                  search.region);
      return vj_cli_usage_error (options, message);
    }
  if (search.level != NULL)
    {
      gint64 level;

      if (!g_ascii_string_to_signed (search.level, 10, 1, 8, &level, NULL))
        return vj_cli_usage_error (options, _("--level takes a level from 1 to 8"));
      query->level = (int) level;
    }
  if (search.study_mode != NULL &&
      g_strcmp0 (vj_study_mode_name (search.study_mode), search.study_mode) == 0)
    return vj_cli_usage_error (options, _("--study-mode takes full-time, part-time or distance"));
  if (g_strcmp0 (search.sort, "title") == 0)
    query->sort = VJ_PROGRAMME_SORT_TITLE;
  else if (g_strcmp0 (search.sort, "start") == 0)
    query->sort = VJ_PROGRAMME_SORT_NEXT_START;
  else if (search.sort != NULL && g_strcmp0 (search.sort, "relevance") != 0)
    return vj_cli_usage_error (options, _("--sort takes relevance, title or start"));

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);

  {
    g_autoptr(GString) text = g_string_new (NULL);
    for (guint i = 1; i < options->args->len; i++)
      g_string_append_printf (text, "%s%s", i > 1 ? " " : "",
                              (const char *) g_ptr_array_index (options->args, i));
    query->text = g_string_free (g_steal_pointer (&text), FALSE);
  }
  query->category = g_strdup (search.category);
  if (search.initiative != NULL &&
      (query->initiative = vj_db_lookup_initiative (db, search.initiative, &error)) == 0)
    return vj_cli_fail (options, error, 0);
  query->study_mode = g_strdup (search.study_mode);
  query->open_deadline = search.open_deadline;
  if (search.sort == NULL && query->text[0] == '\0')
    query->sort = VJ_PROGRAMME_SORT_TITLE;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    today = g_date_time_format (now, "%Y-%m-%d");
  }
  ids = vj_db_search_programme_ids (db, query, NULL, &error);
  if (ids == NULL)
    return vj_cli_fail (options, error, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query->text);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, ids->len);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(VjProgramme) programme = vj_db_load_programme (db, g_array_index (ids, gint64, i),
                                                               NULL);
      g_autofree char *subtitle = NULL;

      if (programme == NULL)
        continue;
      /* "Deadline not passed" lets an unknown deadline through, and says so, as the window
       * does; a deadline by rule is known */
      if (query->open_deadline)
        vj_programme_set_deadline_unknown (
          programme, !vj_db_programme_has_open_deadline (db, vj_programme_get_id (programme),
                                                         today) &&
                     !vj_db_programme_has_open_rule_deadline (db, programme, today));
      subtitle = vj_programme_dup_subtitle (programme);
      if (!options->json)
        g_print ("%s — %s\n", vj_programme_get_title (programme), subtitle);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, vj_programme_get_id (programme));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, vj_programme_get_title (programme));
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, vj_programme_get_category (programme));
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, vj_programme_get_level (programme));
      json_builder_set_member_name (builder, "places");
      json_builder_add_string_value (builder, vj_programme_get_places (programme));
      json_builder_set_member_name (builder, "withdrawn");
      json_builder_add_boolean_value (builder, vj_programme_get_withdrawn (programme));
      if (query->open_deadline)
        {
          json_builder_set_member_name (builder, "deadline_unknown");
          json_builder_add_boolean_value (builder,
                                          vj_programme_get_deadline_unknown (programme));
        }
      if (options->json)
        vj_cli_add_offerings (builder, db, programme, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else if (ids->len == 0)
    g_print ("%s\n", _("No programmes match."));
  vj_db_close (db);
  return 0;
}

static int
cmd_check (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);
  problems = vj_db_check (db, &error);
  if (problems == NULL)
    return vj_cli_fail (options, error, 0);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, problems->len == 0);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, vj_db_get_schema_version (db));
      json_builder_set_member_name (builder, "latest_schema_version");
      json_builder_add_int_value (builder, vj_db_latest_schema_version ());
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < problems->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else
    {
      /* Translators: %1$d and %2$d are schema version numbers */
      g_print (_("Schema version %1$d (this version of Vejviser writes %2$d).\n"),
               vj_db_get_schema_version (db), vj_db_latest_schema_version ());
      if (problems->len == 0)
        g_print ("%s\n", _("The database is intact."));
      for (guint i = 0; i < problems->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
    }
  vj_db_close (db);
  return problems->len == 0 ? 0 : 1;
}

static const char * const import_lines[] = {
  N_("import FILE|URL [--deadline SECONDS] [--json]   import a catalogue feed from a file or an address"),
  NULL
};

static const GOptionEntry import_entries[] = {
  { "deadline", 0, 0, G_OPTION_ARG_STRING, &import_deadline,
    N_("the longest an address may take to download, in seconds"), N_("SECONDS") },
  G_OPTION_ENTRY_NULL
};

static const VjCliCommand import_command = {
  "import", N_("import FILE|URL"), import_lines, import_entries, cmd_import
};

static const char * const search_lines[] = {
  N_("search [TEXT] [--category CODE] [--municipality CODE] [--region CODE] [--level N] [--study-mode MODE] [--open-deadline] [--initiative ID] [--sort relevance|title|start] [--json]   search the catalogue"),
  NULL
};

static const GOptionEntry search_entries[] = {
  { "category", 0, 0, G_OPTION_ARG_STRING, &search.category,
    N_("a category code, e.g. professionsbachelor"), N_("CODE") },
  { "municipality", 0, 0, G_OPTION_ARG_STRING, &search.municipality,
    N_("a municipality's code, e.g. 329 (Ringsted)"), N_("CODE") },
  { "region", 0, 0, G_OPTION_ARG_STRING, &search.region,
    N_("a region's code, e.g. 1085 (Region Sjælland)"), N_("CODE") },
  { "level", 0, 0, G_OPTION_ARG_STRING, &search.level,
    N_("a level from 1 to 8"), N_("N") },
  { "study-mode", 0, 0, G_OPTION_ARG_STRING, &search.study_mode,
    N_("full-time, part-time or distance"), N_("MODE") },
  { "open-deadline", 0, 0, G_OPTION_ARG_NONE, &search.open_deadline,
    N_("only programmes whose application deadline has not passed"), NULL },
  { "initiative", 0, 0, G_OPTION_ARG_STRING, &search.initiative,
    N_("only the programmes of an initiative or track"), N_("ID") },
  { "sort", 0, 0, G_OPTION_ARG_STRING, &search.sort,
    N_("relevance, title or start"), N_("ORDER") },
  G_OPTION_ENTRY_NULL
};

static const VjCliCommand search_command = {
  "search", N_("search [TEXT]"), search_lines, search_entries, cmd_search
};

static const char * const check_lines[] = {
  N_("check [--json]                  check the database's integrity and schema"),
  NULL
};

static const VjCliCommand check_command = {
  "check", N_("check"), check_lines, NULL, cmd_check
};

/* The commands, in the order of the commands list */
static const VjCliCommand * const commands[] = {
  &import_command,
  &search_command,
  &vj_cli_show_command,
  &vj_cli_institutions_command,
  &check_command,
  &vj_cli_feeds_command,
  &vj_cli_initiatives_command,
  &vj_cli_sessions_command,
  &vj_cli_person_command,
  &vj_cli_purge_command,
  &vj_cli_backup_command,
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: vejviser-cli [--db PATH] COMMAND …"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    for (guint j = 0; commands[i]->lines[j] != NULL; j++)
      fprintf (out, "  %s\n", _(commands[i]->lines[j]));
  fprintf (out, "  %s\n\n%s\n  %s\n  %s\n  %s\n",
           _("--version                       print the version"),
           _("Options:"),
           _("--db PATH     the database (default: $VEJVISER_DB or the user data folder)"),
           _("--json        print a machine-readable report"),
           _("--category    a category code, e.g. professionsbachelor"));
}

static gboolean
takes_value (const GOptionEntry *entries,
             const char         *arg)
{
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    if (entries[i].arg != G_OPTION_ARG_NONE && g_str_has_prefix (arg, "--") &&
        strcmp (arg + 2, entries[i].long_name) == 0)
      return TRUE;
  return FALSE;
}

/* The index in @argv of the command (the first operand), or 0 when there is none. An option of
 * any command that takes its value as the next argument skips that argument. */
static int
find_command (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      gboolean skip = takes_value (vj_cli_common_entries, argv[i]);

      if (strcmp (argv[i], "--") == 0)
        return i + 1 < argc ? i + 1 : 0;
      for (guint j = 0; j < G_N_ELEMENTS (commands) && !skip; j++)
        skip = takes_value (commands[j]->entries, argv[i]);
      if (skip)
        i++;
      else if (argv[i][0] != '-' || argv[i][1] == '\0')
        return i;
    }
  return 0;
}

/* Whether the line asks for --json; also a mistake on the line before --json is reported in
 * JSON */
static gboolean
wants_json (int    argc,
            char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--json") == 0)
      return TRUE;
  return FALSE;
}

/* GOption's own message for an option without its value is not ours; the last argument is the
 * only one that can lack a value */
static gboolean
check_last_value (int                 argc,
                  char              **argv,
                  const VjCliCommand *command,
                  GError            **error)
{
  const char *last = argv[argc - 1];

  for (int i = 1; i < argc - 1; i++)
    if (strcmp (argv[i], "--") == 0)
      return TRUE;
  if (argc < 2 || !(takes_value (vj_cli_common_entries, last) ||
                    (command != NULL && takes_value (command->entries, last))))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Option %s needs a value"),
               last);
  return FALSE;
}

/* A mistake on the command line: before the command is known, how all of them are used */
static int
usage_error (const VjCliOptions *options,
             const char         *message)
{
  int status = vj_cli_usage_error (options, message);

  if (!options->json && options->command == NULL)
    usage (stderr);
  return status;
}

/* vejviser-cli with options and no command: --version, --help or the usage */
static int
run_without_command (int            argc,
                     char         **argv,
                     VjCliOptions  *options)
{
  gboolean version = FALSE;
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  VjCliCommand none = { "", "", (const char * const[]) { NULL }, entries, NULL };
  g_autoptr(GOptionContext) context = vj_cli_command_context (&none, options);
  g_auto(GStrv) strv = g_strdupv (argv);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  if (!check_last_value (argc, argv, NULL, &error) ||
      !g_option_context_parse_strv (context, &strv, &error))
    {
      /* a failed parse reverts --json to FALSE, whatever it was before */
      options->json = wants_json (argc, argv);
      return usage_error (options, error->message);
    }
  if (version)
    {
      g_print ("vejviser-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  usage (help ? stdout : stderr);
  return help ? 0 : 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) strv = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  VjCliOptions options = { 0 };
  gboolean dashes = FALSE;
  const char *name;
  int status;
  int index;

  setlocale (LC_ALL, "");
  /* VEJVISER_LOCALEDIR: translations from the build tree (build-aux/dev, tests) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VEJVISER_LOCALEDIR") != NULL
                                   ? g_getenv ("VEJVISER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("vejviser-cli");

  options.json = wants_json (argc, argv);
  index = find_command (argc, argv);
  if (index == 0)
    status = run_without_command (argc, argv, &options);
  else if (strcmp ((name = argv[index]), "help") == 0)
    {
      usage (stdout);
      status = 0;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (strcmp (name, commands[i]->name) == 0)
          options.command = commands[i];
      if (options.command == NULL)
        {
          /* Translators: %s is what the user typed as a command */
          g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), name);
          return usage_error (&options, message);
        }

      context = vj_cli_command_context (options.command, &options);
      strv = g_strdupv (argv);
      if (!check_last_value (argc, argv, options.command, &error) ||
          !g_option_context_parse_strv (context, &strv, &error))
        {
          /* a failed parse reverts --json to FALSE, whatever it was before */
          options.json = wants_json (argc, argv);
          return vj_cli_usage_error (&options, error->message);
        }

      /* What is left is the command and its operands; the first "--" ended the options */
      for (guint i = 1; strv[i] != NULL; i++)
        {
          if (!dashes && strcmp (strv[i], "--") == 0)
            dashes = TRUE;
          else
            g_ptr_array_add (args, strv[i]);
        }
      options.args = args;
      status = options.command->run (&options);
    }
  g_free (options.db_path);
  return status;
}
