#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vj-cli-catalogue.h"
#include "vj-cli-initiatives.h"
#include "vj-cli-backup.h"
#include "vj-cli-output.h"
#include "vj-cli-private.h"
#include "vj-cli-person.h"
#include "vj-cli-sessions.h"
#include "vj-db-catalogue.h"
#include "vj-db.h"
#include "vj-db-initiatives.h"
#include "vj-importer.h"
#include "vj-reference.h"

/* vejviser-cli: import, search and check without the window, through the same code. */


static void
options_clear (VjCliOptions *options)
{
  g_free (options->db_path);
  g_free (options->category);
  g_free (options->municipality);
  g_free (options->region);
  g_free (options->level);
  g_free (options->study_mode);
  g_free (options->sort);
  g_clear_pointer (&options->args, g_ptr_array_unref);
  g_free (options->initiative);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VjCliOptions, options_clear)

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n"
                "  %s\n  %s\n  %s\n  %s\n  %s\n\n%s\n  %s\n  %s\n  %s\n",
           _("Usage: vejviser-cli [--db PATH] COMMAND …"),
           _("Commands:"),
           _("import FILE|URL [--json]        import a catalogue feed from a file or an address"),
           _("search [TEXT] [--category CODE] [--municipality CODE] [--region CODE] [--level N] [--study-mode MODE] [--open-deadline] [--initiative ID] [--sort relevance|title|start] [--json]   search the catalogue"),
           _("show PROGRAMME-ID [--json]      a programme's whole page: offerings, deadlines, figures by year"),
           _("institutions [--municipality CODE] [--json]   institutions with their campuses and addresses"),
           _("check [--json]                  check the database's integrity and schema"),
           _("feeds add NAME URL              save a feed to refresh later"),
           _("feeds list [--json]             the saved feeds and their last result"),
           _("feeds refresh [NAME] [--json]   import every saved feed, or one"),
           _("feeds remove NAME               forget a saved feed"),
           _("initiatives list [--json]       the initiatives, their tracks, goals, actors and links"),
           _("initiatives export --output FILE   the initiatives as a catalogue feed (format v1)"),
           _("sessions import FILE.csv [--json]   import sessions from a spreadsheet (CSV)"),
           _("sessions export --csv|--json [--from DATE] [--to DATE] --output FILE   export sessions"),
           _("person export REF [--csv] [--output FILE]   one person's data, for an access request"),
           _("person erase REF                erase one person everywhere"),
           _("purge [--dry-run]               erase what is older than the retention period"),
           _("backup list | restore ID        the backups, and restoring one"),
           _("--version                       print the version"),
           _("Options:"),
           _("--db PATH     the database (default: $VEJVISER_DB or the user data folder)"),
           _("--json        print a machine-readable report"),
           _("--category    a category code, e.g. professionsbachelor"));
}

int
vj_cli_fail (const VjCliOptions *options,
      const GError  *error,
      guint          line)
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

int
vj_cli_usage_error (const VjCliOptions *options,
             const char    *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);

  vj_cli_fail (options, error, 0);
  if (!options->json)
    usage (stderr);
  return 2;
}

static gboolean
parse_args (int      argc,
            char   **argv,
            VjCliOptions *options,
            GError **error)
{
  options->args = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      char **target = NULL;

      if (strcmp (arg, "--json") == 0)
        options->json = TRUE;
      else if (strcmp (arg, "--db") == 0 || g_str_has_prefix (arg, "--db="))
        target = &options->db_path;
      else if (strcmp (arg, "--category") == 0 || g_str_has_prefix (arg, "--category="))
        target = &options->category;
      else if (strcmp (arg, "--municipality") == 0 || g_str_has_prefix (arg, "--municipality="))
        target = &options->municipality;
      else if (strcmp (arg, "--region") == 0 || g_str_has_prefix (arg, "--region="))
        target = &options->region;
      else if (strcmp (arg, "--level") == 0 || g_str_has_prefix (arg, "--level="))
        target = &options->level;
      else if (strcmp (arg, "--study-mode") == 0 || g_str_has_prefix (arg, "--study-mode="))
        target = &options->study_mode;
      else if (strcmp (arg, "--sort") == 0 || g_str_has_prefix (arg, "--sort="))
        target = &options->sort;
      else if (strcmp (arg, "--initiative") == 0 || g_str_has_prefix (arg, "--initiative="))
        target = &options->initiative;
      else if (strcmp (arg, "--output") == 0 || g_str_has_prefix (arg, "--output="))
        target = &options->output;
      else if (strcmp (arg, "--open-deadline") == 0)
        options->open_deadline = TRUE;
      else if (strcmp (arg, "--") == 0)
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (options->args, argv[i]);
          break;
        }
      else if (arg[0] == '-' && arg[1] == '-' && strcmp (arg, "--version") != 0 &&
               strcmp (arg, "--help") != 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("Unknown option %s"), arg);
          return FALSE;
        }
      else
        g_ptr_array_add (options->args, (char *) arg);

      if (target != NULL)
        {
          const char *value = strchr (arg, '=');

          if (value != NULL)
            value++;
          else if (i + 1 < argc)
            value = argv[++i];
          else
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Option %s needs a value"), arg);
              return FALSE;
            }
          g_free (*target);
          *target = g_strdup (value);
        }
    }
  return TRUE;
}

VjDb *
vj_cli_open_db (const VjCliOptions *options,
         GError       **error)
{
  g_autofree char *path = options->db_path != NULL ? g_strdup (options->db_path)
                                                    : vj_db_default_path ();
  VjDb *db = vj_db_open (path, error);

  /* A damaged, locked or full database: which backup would put it right */
  if (db == NULL && error != NULL)
    vj_cli_backup_add_hint (path, *error);
  return db;
}

static int
cmd_import (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjImportReport) report = NULL;

  if (options->args->len != 2)
    return vj_cli_usage_error (options, _("import needs exactly one FILE or URL"));

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);

  report = vj_import_location (db, g_ptr_array_index (options->args, 1), NULL, NULL, NULL, NULL,
                               &error);
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

  if (options->category != NULL && vj_category_lookup (options->category) == NULL)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("Unknown category “%s”"), options->category);
      return vj_cli_usage_error (options, message);
    }
  if (options->municipality != NULL &&
      (query->municipality = vj_municipality_parse_code (options->municipality)) == 0)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("“%s” is not the code of a Danish "
                                                    "municipality"), options->municipality);
      return vj_cli_usage_error (options, message);
    }
  if (options->region != NULL &&
      (query->region = vj_region_parse_code (options->region)) == 0)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("“%s” is not the code of a Danish region"),
                                                  options->region);
      return vj_cli_usage_error (options, message);
    }
  if (options->level != NULL)
    {
      gint64 level;

      if (!g_ascii_string_to_signed (options->level, 10, 1, 8, &level, NULL))
        return vj_cli_usage_error (options, _("--level takes a level from 1 to 8"));
      query->level = (int) level;
    }
  if (options->study_mode != NULL &&
      g_strcmp0 (vj_study_mode_name (options->study_mode), options->study_mode) == 0)
    return vj_cli_usage_error (options, _("--study-mode takes full-time, part-time or distance"));
  if (g_strcmp0 (options->sort, "title") == 0)
    query->sort = VJ_PROGRAMME_SORT_TITLE;
  else if (g_strcmp0 (options->sort, "start") == 0)
    query->sort = VJ_PROGRAMME_SORT_NEXT_START;
  else if (options->sort != NULL && g_strcmp0 (options->sort, "relevance") != 0)
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
  query->category = g_strdup (options->category);
  if (options->initiative != NULL &&
      (query->initiative = vj_db_lookup_initiative (db, options->initiative, &error)) == 0)
    return vj_cli_fail (options, error, 0);
  query->study_mode = g_strdup (options->study_mode);
  query->open_deadline = options->open_deadline;
  if (options->sort == NULL && query->text[0] == '\0')
    query->sort = VJ_PROGRAMME_SORT_TITLE;

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
      if (options->json)
        vj_cli_add_offerings (builder, db, vj_programme_get_id (programme), FALSE);
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

static int
cmd_initiatives (const VjCliOptions *options)
{
  return vj_cli_initiatives (options->args, options->db_path, options->output, options->json);
}

/* The commands; each reads its operands from options->args (the command is args[0]). */
static const struct
{
  const char *name;
  int       (*run) (const VjCliOptions *options);
} commands[] = {
  { "import", cmd_import },
  { "search", cmd_search },
  { "show", vj_cli_show },
  { "institutions", vj_cli_institutions },
  { "check", cmd_check },
  { "feeds", vj_cli_feeds },
  { "initiatives", cmd_initiatives },
};

int
main (int   argc,
      char *argv[])
{
  g_auto(VjCliOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  const char *command;

  setlocale (LC_ALL, "");
  /* VEJVISER_LOCALEDIR: translations from the build tree (build-aux/dev, tests) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VEJVISER_LOCALEDIR") != NULL
                                   ? g_getenv ("VEJVISER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* backup list|restore works without opening the database (vj-cli-backup.c) */
  if (vj_cli_is_backup_command (argc, argv))
    return vj_cli_backup (argc, argv);
  /* sessions import|export reads its own options (vj-cli-sessions.c) */
  if (vj_cli_is_sessions_command (argc, argv))
    return vj_cli_sessions (argc, argv);
  /* person export|erase and purge too (vj-cli-person.c) */
  if (vj_cli_is_person_command (argc, argv))
    return vj_cli_person (argc, argv);

  if (!parse_args (argc, argv, &options, &error))
    {
      /* --json anywhere asks for JSON, also about a mistake before it */
      for (int i = 1; i < argc; i++)
        if (strcmp (argv[i], "--json") == 0)
          options.json = TRUE;
      return vj_cli_usage_error (&options, error->message);
    }

  command = options.args->len > 0 ? g_ptr_array_index (options.args, 0) : NULL;
  if (g_strcmp0 (command, "--version") == 0)
    {
      g_print ("vejviser-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (command == NULL || g_strcmp0 (command, "--help") == 0 || g_strcmp0 (command, "help") == 0)
    {
      usage (command == NULL ? stderr : stdout);
      return command == NULL ? 2 : 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (command, commands[i].name) == 0)
      return commands[i].run (&options);

  {
    /* Translators: %s is what the user typed as a command */
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), command);
    return vj_cli_usage_error (&options, message);
  }
}
