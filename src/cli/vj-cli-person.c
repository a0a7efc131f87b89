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
#include "vj-private-file.h"

/* vejviser-cli person export REF [--csv] [--output FILE]
 * vejviser-cli person erase REF [--json]
 * vejviser-cli purge [--dry-run] [--json]
 *
 * One person's data out (for an access request), one person erased everywhere, and the
 * retention purge, each with its own option table. An export holds personal data: it goes to
 * a file (mode 0600), by default personal-data-REF.json (or .csv) in the current folder, to the
 * terminal only with `--output -`. Nothing personal is logged; references are printed only where asked for. */

static struct
{
  char     *output;
  gboolean  csv;
  gboolean  dry_run;
} person;

static int
cmd_export (const VjCliOptions *o,
            VjDb               *db,
            gint64              person_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;

  if (person.csv)
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
    return vj_cli_fail (o, error, 0);

  if (g_strcmp0 (person.output, "-") == 0)
    {
      g_print ("%s\n", text);
      return 0;
    }
  /* Translators: the default file name of a person's exported data, without the extension;
   * %s is the person's reference */
  if (person.output != NULL)
    path = g_strdup (person.output);
  else
    {
      g_autofree char *base = g_strdup_printf (_("personal-data-%s"),
                                               (char *) o->args->pdata[2]);
      path = g_strconcat (base, person.csv ? ".csv" : ".json", NULL);
    }
  if (!vj_private_file_write (path, text, strlen (text), &error))
    return vj_cli_fail (o, error, 0);
  return 0;
}

static void
print_plan (const VjCliOptions *o,
            const VjErasePlan  *plan,
            gboolean            done)
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
erase_again (const VjCliOptions  *o,
             VjDb                *db,
             const char          *reference,
             GError              *not_found)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *erased_at = NULL;
  VjEraseState state = vj_db_erase_lookup (db, reference, &erased_at, &error);

  if (error != NULL)
    return vj_cli_fail (o, error, 0);
  if (state == VJ_ERASE_NONE)
    return vj_cli_fail (o, not_found, 0);
  if (state == VJ_ERASE_PENDING && !vj_db_erase_resume (db, &error))
    return vj_cli_fail (o, error, 0);

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
cmd_erase (const VjCliOptions *o,
           VjDb               *db,
           VjErasePlan        *plan)
{
  g_autoptr(GError) error = NULL;

  if (!person.dry_run && !vj_db_erase (db, plan, NULL, &error))
    return vj_cli_fail (o, error, 0);
  print_plan (o, plan, !person.dry_run);
  return 0;
}

static int
person_run (const VjCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  const char *command = o->args->pdata[0];
  const char *action = o->args->len > 1 ? o->args->pdata[1] : NULL;
  gint64 person_id = 0;
  int status;

  if (strcmp (command, "person") == 0 &&
      (o->args->len != 3 || (g_strcmp0 (action, "export") != 0 &&
                             g_strcmp0 (action, "erase") != 0)))
    return vj_cli_usage_error (o, _("person needs export or erase and one reference"));
  if (strcmp (command, "purge") == 0 && o->args->len != 1)
    return vj_cli_usage_error (o, _("purge takes no arguments"));

  db = vj_cli_open_db (o, &error);
  if (db == NULL)
    return vj_cli_fail (o, error, 0);

  if (strcmp (command, "purge") == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_year (now));

      plan = vj_db_plan_purge (db, today, &error);
      status = plan != NULL ? cmd_erase (o, db, plan) : vj_cli_fail (o, error, 0);
    }
  else if ((person_id = vj_db_find_person_id (db, o->args->pdata[2], &error)) == 0)
    status = g_strcmp0 (action, "erase") == 0 &&
             g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND)
             ? erase_again (o, db, o->args->pdata[2], error) : vj_cli_fail (o, error, 0);
  else if (g_strcmp0 (action, "export") == 0)
    status = cmd_export (o, db, person_id);
  else if ((plan = vj_db_plan_erase_person (db, person_id, &error)) == NULL)
    status = vj_cli_fail (o, error, 0);
  else
    status = cmd_erase (o, db, plan);
  vj_db_close (db);
  return status;
}

static const char * const person_lines[] = {
  N_("person export REF [--csv] [--output FILE]   one person's data, for an access request"),
  N_("person erase REF                erase one person everywhere"),
  NULL
};

static const GOptionEntry person_entries[] = {
  { "csv", 0, 0, G_OPTION_ARG_NONE, &person.csv,
    N_("export as a spreadsheet (CSV) instead of JSON"), NULL },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, &person.output,
    N_("where the export goes (- for the terminal)"), N_("FILE") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &person.dry_run,
    N_("only list what would be erased"), NULL },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_person_command = {
  "person", N_("person export REF | erase REF"), person_lines, person_entries, person_run
};

static const char * const purge_lines[] = {
  N_("purge [--dry-run]               erase what is older than the retention period"),
  NULL
};

static const GOptionEntry purge_entries[] = {
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &person.dry_run,
    N_("only list what would be erased"), NULL },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_purge_command = {
  "purge", N_("purge"), purge_lines, purge_entries, person_run
};
