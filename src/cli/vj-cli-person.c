#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vj-cli-backup.h"
#include "vj-cli-output.h"
#include "vj-cli-person.h"
#include "vj-db-person-export.h"
#include "vj-db-privacy.h"
#include "vj-db-timeline.h"
#include "vj-db.h"

/* vejviser-cli person export REF [--csv] [--output FILE]
 * vejviser-cli person erase REF [--json]
 * vejviser-cli purge [--dry-run] [--json]
 *
 * One person's data out (for an access request), one person erased everywhere, and the
 * retention purge. The command reads its own options, so the dispatcher in vejviser-cli.c stays
 * one line. An export holds personal data: it goes to a file (mode 0600), by default
 * personal-data-REF.json (or .csv) in the current folder, to the terminal only with
 * `--output -`. Nothing personal is logged; references are printed only where asked for. */

typedef struct
{
  char      *db_path;
  char      *output;
  gboolean   csv;
  gboolean   json;
  gboolean   dry_run;
  GPtrArray *args;
} PersonOptions;

static void
person_options_clear (PersonOptions *o)
{
  g_free (o->db_path);
  g_free (o->output);
  g_clear_pointer (&o->args, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PersonOptions, person_options_clear)

static const char * const value_options[] = { "--db", "--output" };

/* Whether the command (the first operand) is "person" or "purge" */
gboolean
vj_cli_is_person_command (int    argc,
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
        return strcmp (argv[i], "person") == 0 || strcmp (argv[i], "purge") == 0;
    }
  return FALSE;
}

static int
fail (const PersonOptions *o,
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
usage_fail (const PersonOptions *o,
            const char          *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);

  fail (o, error, 2);
  g_printerr ("%s\n  %s\n  %s\n  %s\n", _("Usage:"),
              _("vejviser-cli [--db PATH] person export REF [--csv] [--output FILE]"),
              _("vejviser-cli [--db PATH] person erase REF [--json]"),
              _("vejviser-cli [--db PATH] purge [--dry-run] [--json]"));
  return 2;
}

static gboolean
parse (int            argc,
       char         **argv,
       PersonOptions *o,
       GError       **error)
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
      else if (strcmp (arg, "--dry-run") == 0)
        o->dry_run = TRUE;
      else if (strcmp (arg, "--db") == 0)
        target = &o->db_path;
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
open_db (const PersonOptions *o,
         GError             **error)
{
  g_autofree char *path = o->db_path != NULL ? g_strdup (o->db_path) : vj_db_default_path ();

  VjDb *db = vj_db_open (path, error);

  /* A damaged, locked or full database: which backup would put it right */
  if (db == NULL && error != NULL)
    vj_cli_backup_add_hint (path, *error);
  return db;
}

static int
cmd_export (const PersonOptions *o,
            VjDb                *db,
            gint64               person_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;

  if (o->csv)
    text = vj_db_export_person_csv (db, person_id, &error);
  else
    {
      g_autoptr(JsonNode) node = vj_db_export_person_json (db, person_id, &error);

      if (node != NULL)
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();

          json_generator_set_pretty (generator, TRUE);
          json_generator_set_root (generator, node);
          text = json_generator_to_data (generator, NULL);
        }
    }
  if (text == NULL)
    return fail (o, error, 1);

  if (g_strcmp0 (o->output, "-") == 0)
    {
      g_print ("%s\n", text);
      return 0;
    }
  /* Translators: the default file name of a person's exported data, without the extension;
   * %s is the person's reference */
  if (o->output != NULL)
    path = g_strdup (o->output);
  else
    {
      g_autofree char *base = g_strdup_printf (_("personal-data-%s"),
                                               (char *) o->args->pdata[2]);
      path = g_strconcat (base, o->csv ? ".csv" : ".json", NULL);
    }
  if (!vj_db_write_private_file (path, text, strlen (text), &error))
    return fail (o, error, 1);
  return 0;
}

static void
print_plan (const PersonOptions *o,
            const VjErasePlan   *plan,
            gboolean             done)
{
  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_boolean_value (builder, done);
      if (plan->cutoff != NULL)
        {
          json_builder_set_member_name (builder, "before");
          json_builder_add_string_value (builder, plan->cutoff);
          json_builder_set_member_name (builder, "retention_years");
          json_builder_add_int_value (builder, plan->years);
        }
      json_builder_set_member_name (builder, "people");
      json_builder_begin_array (builder);
      for (guint i = 0; i < plan->people->len; i++)
        json_builder_add_string_value (builder,
                                       ((VjErasePerson *) plan->people->pdata[i])->reference);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "sessions");
      json_builder_add_int_value (builder, plan->n_sessions);
      json_builder_set_member_name (builder, "shared_sessions");
      json_builder_add_int_value (builder, plan->n_shared);
      json_builder_set_member_name (builder, "next_steps");
      json_builder_add_int_value (builder, plan->n_next_steps);
      json_builder_set_member_name (builder, "shortlist");
      json_builder_add_int_value (builder, plan->n_shortlist);
      json_builder_set_member_name (builder, "drafts");
      json_builder_add_int_value (builder, plan->n_drafts);
      json_builder_set_member_name (builder, "backups");
      json_builder_add_int_value (builder, plan->n_backups);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
      return;
    }

  for (guint i = 0; i < plan->people->len; i++)
    g_print ("%s\n", ((VjErasePerson *) plan->people->pdata[i])->reference);
  /* Translators: the CLI's summary of a purge or an erasure; each %u is a count */
  g_print (done ? _("Deleted %1$u people and %2$u sessions (also from %3$u backups).\n")
                : _("Would delete %1$u people and %2$u sessions (also from %3$u backups).\n"),
           plan->people->len, plan->n_sessions, plan->n_backups);
  if (done && plan->n_backups_removed > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u backup could not be cleaned, so it was deleted.\n",
                          "%u backups could not be cleaned, so they were deleted.\n",
                          plan->n_backups_removed),
             plan->n_backups_removed);
  if (done)
    g_print ("%s\n", _("Nothing of theirs is left in the database, its write-ahead log, the "
                       "search index or the backups."));
}

/* `person erase REF` for someone no longer in the log: an earlier erase of theirs is
 * finished if it is still pending, and said to be done if it is */
static int
erase_again (const PersonOptions *o,
             VjDb                *db,
             const char          *reference,
             GError              *not_found)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *erased_at = NULL;
  VjEraseState state = vj_db_erase_lookup (db, reference, &erased_at, &error);

  if (error != NULL)
    return fail (o, error, 1);
  if (state == VJ_ERASE_NONE)
    return fail (o, not_found, 1);
  if (state == VJ_ERASE_PENDING && !vj_db_erase_resume (db, &error))
    return fail (o, error, 1);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "erased_before");
      json_builder_add_string_value (builder, erased_at);
      json_builder_set_member_name (builder, "finished_now");
      json_builder_add_boolean_value (builder, state == VJ_ERASE_PENDING);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
      return 0;
    }
  /* Translators: %1$s is a person's reference, %2$s when (UTC) they were erased */
  g_print (_("%1$s was erased at %2$s.\n"), reference, erased_at);
  if (state == VJ_ERASE_PENDING)
    g_print ("%s\n", _("What was still pending is finished now."));
  g_print ("%s\n", _("Nothing of theirs is left in the database, its write-ahead log, the "
                     "search index or the backups."));
  return 0;
}

static int
cmd_erase (const PersonOptions *o,
           VjDb                *db,
           VjErasePlan         *plan)
{
  g_autoptr(GError) error = NULL;

  if (!o->dry_run && !vj_db_erase (db, plan, NULL, &error))
    return fail (o, error, 1);
  print_plan (o, plan, !o->dry_run);
  return 0;
}

int
vj_cli_person (int    argc,
               char **argv)
{
  g_auto(PersonOptions) o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  const char *command;
  const char *action;
  gint64 person_id = 0;
  int status;

  if (!parse (argc, argv, &o, &error))
    return usage_fail (&o, error->message);
  command = o.args->pdata[0];
  action = o.args->len > 1 ? o.args->pdata[1] : NULL;
  if (strcmp (command, "person") == 0 &&
      (o.args->len != 3 || (g_strcmp0 (action, "export") != 0 &&
                            g_strcmp0 (action, "erase") != 0)))
    return usage_fail (&o, _("person needs export or erase and one reference"));
  if (strcmp (command, "purge") == 0 && o.args->len != 1)
    return usage_fail (&o, _("purge takes no arguments"));

  db = open_db (&o, &error);
  if (db == NULL)
    return fail (&o, error, 1);

  if (strcmp (command, "purge") == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_year (now));

      plan = vj_db_plan_purge (db, today, &error);
      status = plan != NULL ? cmd_erase (&o, db, plan) : fail (&o, error, 1);
    }
  else if ((person_id = vj_db_find_person_id (db, o.args->pdata[2], &error)) == 0)
    status = g_strcmp0 (action, "erase") == 0 &&
             g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND)
             ? erase_again (&o, db, o.args->pdata[2], error) : fail (&o, error, 1);
  else if (g_strcmp0 (action, "export") == 0)
    status = cmd_export (&o, db, person_id);
  else if ((plan = vj_db_plan_erase_person (db, person_id, &error)) == NULL)
    status = fail (&o, error, 1);
  else
    status = cmd_erase (&o, db, plan);
  vj_db_close (db);
  return status;
}
