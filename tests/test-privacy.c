/* Erasing a person and the retention purge leave nothing behind: a marker written into every
 * place a person's data lives (reference, notes, search index, next steps, shortlist, drafts,
 * a backup) is searched for in the raw database, WAL and backup files afterwards. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vj-db.h"
#include "vj-db-person-export.h"
#include "vj-db-privacy.h"
#include "vj-db-settings.h"
#include "vj-db-timeline.h"
#include "vj-private-file.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Markers that are no prefix of one another, nor of what follows them in a row */
#define MARKER    "zqxjmarker"
#define OLD       "qvwkalpha"
#define OLD_NOTES "qvwkbeta"
#define CLASS     "qvwkgamma"

typedef struct
{
  VjTestFixture  base;
  char          *backup;  /* a copy of the database in its backups folder */
} Fixture;

static void
copy_backup (const char *from,
             const char *to)
{
  sqlite3 *source = NULL, *target = NULL;
  sqlite3_backup *backup;
  g_autofree char *dir = g_path_get_dirname (to);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (from, &source), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (to, &target), ==, SQLITE_OK);
  backup = sqlite3_backup_init (target, "main", source, "main");
  g_assert_nonnull (backup);
  g_assert_cmpint (sqlite3_backup_step (backup, -1), ==, SQLITE_DONE);
  sqlite3_backup_finish (backup);
  sqlite3_close (target);
  sqlite3_close (source);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_fixture_setup (&fixture->base, user_data);
  fixture->backup = g_build_filename (fixture->base.dir, "backups", "vejviser-schema3-1.db", NULL);

  vj_test_exec_sql (fixture->base.path,
            "INSERT INTO person (id, reference, created_at, updated_at) VALUES"
            " (1, 'ref-" MARKER "', '2026-01-01', 'x'), (2, 'keep-7', '2026-01-01', 'x'),"
            " (3, 'old-" OLD "', '2014-01-01', 'x');"
            "INSERT INTO session (id, started_at, form, notes, created_at, updated_at) VALUES"
            " (1, '2026-09-01T09:00', 'individual', 'Talte om " MARKER " og EUD', 'x', 'x'),"
            " (2, '2026-09-02T09:00', 'group', 'Fælles møde', 'x', 'x'),"
            " (3, '2026-09-03T09:00', 'individual', 'keepnotes', 'x', 'x'),"
            " (4, '2015-03-01T09:00', 'individual', 'Gammel " OLD_NOTES "', 'x', 'x'),"
            " (5, '2014-03-01T09:00', 'class', 'Gammel klasse " CLASS "', 'x', 'x');"
            "INSERT INTO session_person VALUES (1, 1), (2, 1), (2, 2), (3, 2), (4, 3);"
            "INSERT INTO session_fts (rowid, notes) VALUES (1, 'talte om " MARKER " og eud'),"
            " (2, 'faelles moede'), (3, 'keepnotes'), (4, 'gammel " OLD_NOTES "'),"
            " (5, 'gammel klasse " CLASS "');"
            "INSERT INTO next_step (session_id, person_id, text, due) VALUES"
            " (1, NULL, 'Ring " MARKER "', '2026-12-01'), (2, 1, 'Besøg " MARKER "', NULL),"
            " (2, 2, 'Besøg keepstep', NULL);"
            "INSERT INTO draft (kind, target_id, body, updated_at) VALUES"
            " ('session', NULL, '(int64 0, ''ref-" MARKER "'', 2011)', 'x'),"
            " ('session', NULL, '(int64 0, ''keep-7'', 2011)', 'x');");
  copy_backup (fixture->base.path, fixture->backup);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  vj_test_fixture_teardown (&fixture->base, user_data);
  g_free (fixture->backup);
}

/* The raw bytes of a file (missing: empty) hold @needle */
static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static gboolean
any_file_holds (Fixture    *fixture,
                const char *needle)
{
  g_autofree char *wal = g_strconcat (fixture->base.path, "-wal", NULL);
  g_autofree char *backup_wal = g_strconcat (fixture->backup, "-wal", NULL);

  if (file_holds (fixture->base.path, needle))
    g_test_message ("%s in the database", needle);
  if (file_holds (wal, needle))
    g_test_message ("%s in the WAL", needle);
  if (file_holds (fixture->backup, needle))
    g_test_message ("%s in the backup", needle);
  if (file_holds (backup_wal, needle))
    g_test_message ("%s in the backup's WAL", needle);
  return file_holds (fixture->base.path, needle) || file_holds (wal, needle) ||
         file_holds (fixture->backup, needle) || file_holds (backup_wal, needle);
}

static void
goal_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  vj_db_set_plan_goal_finish (VJ_DB (object), result, error);
  g_object_set_data (G_OBJECT (object), "goal-saved", GINT_TO_POINTER (TRUE));
}

/* Through the writer thread, as the person page saves it */
static gboolean
set_goal (VjDb       *db,
          gint64      person_id,
          const char *goal,
          GError    **error)
{
  g_object_set_data (G_OBJECT (db), "goal-saved", NULL);
  vj_db_set_plan_goal_async (db, person_id, goal, NULL, goal_saved_cb, error);
  while (g_object_get_data (G_OBJECT (db), "goal-saved") == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *error == NULL;
}

static char *
load_goal (VjDb  *db,
           gint64 person_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (db, person_id, &error);

  g_assert_no_error (error);
  return g_strdup (person->plan_goal);
}

/* The goal on a person's plan is kept, without a CPR number, exported with their data */
static void
test_plan_goal (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *goal = NULL;
  JsonObject *person;

  g_assert_true (set_goal (fixture->base.db, 1, "  EUX som tømrer 010203-1234 ", &error));
  goal = load_goal (fixture->base.db, 1);
  g_assert_cmpstr (goal, ==, "EUX som tømrer");
  g_assert_false (any_file_holds (fixture, "010203-1234"));

  json = vj_db_export_person_json (fixture->base.db, 1, &error);
  g_assert_no_error (error);
  person = json_object_get_object_member (json_node_get_object (json), "person");
  g_assert_cmpstr (json_object_get_string_member (person, "plan_goal"), ==, "EUX som tømrer");
  csv = vj_db_export_person_csv (fixture->base.db, 1, &error);
  g_assert_nonnull (strstr (csv, "plan_goal=EUX som tømrer"));

  /* Blank clears it */
  g_assert_true (set_goal (fixture->base.db, 1, "  ", &error));
  g_clear_pointer (&goal, g_free);
  goal = load_goal (fixture->base.db, 1);
  g_assert_null (goal);

  g_assert_false (set_goal (fixture->base.db, 99, "Gymnasiet", &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
}

static void
test_erase_person (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjErasePlan) plan = NULL;

  g_assert_true (set_goal (fixture->base.db, 1, "Mål " MARKER, &error));
  g_assert_true (any_file_holds (fixture, MARKER));
  g_assert_true (any_file_holds (fixture, OLD));
  plan = vj_db_plan_erase_person (fixture->base.db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->people->len, ==, 1);
  /* Their own session goes; the group session stays without them */
  g_assert_cmpuint (plan->n_sessions, ==, 1);
  g_assert_cmpuint (plan->n_shared, ==, 1);
  g_assert_cmpuint (plan->n_next_steps, ==, 2);
  g_assert_cmpuint (plan->n_drafts, ==, 1);
  g_assert_cmpuint (plan->n_backups, ==, 1);

  g_assert_true (vj_db_erase (fixture->base.db, plan, NULL, &error));
  g_assert_no_error (error);

  /* Person 1 is nowhere: not in the database, its WAL, the backup or the backup's WAL … */
  g_assert_false (any_file_holds (fixture, "ref-" MARKER));
  g_assert_false (any_file_holds (fixture, "Talte om " MARKER));
  g_assert_false (any_file_holds (fixture, "talte om " MARKER));
  g_assert_false (any_file_holds (fixture, "Ring " MARKER));
  g_assert_false (any_file_holds (fixture, "Besøg " MARKER));
  g_assert_false (any_file_holds (fixture, "Mål " MARKER));
  /* … while everyone else's data is kept */
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM person;"), ==, 2);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM session;"), ==, 4);
  g_assert_cmpint (vj_test_query_int (fixture->base.path,
                              "SELECT count(*) FROM session_person WHERE session_id = 2;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM draft;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM session_fts"
                                             " WHERE session_fts MATCH 'keepnotes';"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->backup, "SELECT count(*) FROM person;"), ==, 2);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM next_step"
                                             " WHERE text = 'Besøg keepstep';"), ==, 1);

  /* And after closing, too */
  vj_db_close (fixture->base.db);
  g_assert_false (any_file_holds (fixture, "ref-" MARKER));
  g_assert_true (file_holds (fixture->base.path, "keepnotes"));
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (28, G_DATE_NOVEMBER, 2026);
  VjErasePerson *old;

  plan = vj_db_plan_purge (fixture->base.db, today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->years, ==, VJ_RETENTION_YEARS_DEFAULT);
  g_assert_cmpstr (plan->cutoff, ==, "2021-11-28");
  /* The person last seen in 2015; their session and the class session of 2014 */
  g_assert_cmpuint (plan->people->len, ==, 1);
  old = g_ptr_array_index (plan->people, 0);
  g_assert_cmpstr (old->reference, ==, "old-" OLD);
  g_assert_cmpstr (old->last_session, ==, "2015-03-01");
  g_assert_cmpuint (plan->n_sessions, ==, 2);

  /* A plan is a dry run: nothing has changed yet */
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM session;"), ==, 5);

  g_assert_true (vj_db_erase (fixture->base.db, plan, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (any_file_holds (fixture, OLD));
  g_assert_false (any_file_holds (fixture, OLD_NOTES));
  g_assert_false (any_file_holds (fixture, CLASS));
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM session;"), ==, 3);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM person;"), ==, 2);

  /* A longer retention period keeps them */
  g_clear_pointer (&plan, vj_erase_plan_free);
  vj_test_exec_sql (fixture->base.path,
                    "INSERT INTO setting (key, value) VALUES ('retention.years', '20');");
  plan = vj_db_plan_purge (fixture->base.db, today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->years, ==, 20);
  g_assert_cmpuint (plan->people->len, ==, 0);
  g_assert_cmpuint (plan->n_sessions, ==, 0);
}

/* The person export's CSV is safe to open in a spreadsheet: no cell starts a formula */
static void
test_export_formula_safe (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  vj_test_exec_sql (fixture->base.path,
                    "UPDATE session SET notes = '=HYPERLINK(\"http://x\";\"Klik\")' WHERE id = 1;"
                    "UPDATE next_step SET text = '@SUM(A1)' WHERE session_id = 1;"
                    "UPDATE person SET plan_goal = 'x' WHERE id = 1;");
  csv = vj_db_export_person_csv (fixture->base.db, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK("));
  g_assert_nonnull (strstr (csv, ";'@SUM(A1);"));
  g_assert_null (strstr (csv, ";="));
  g_assert_null (strstr (csv, ";\"="));
  g_assert_null (strstr (csv, ";@"));
}

static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = vj_db_export_person_json (fixture->base.db, 1, &error);
  g_autofree char *text = NULL;
  g_autofree char *csv = vj_db_export_person_csv (fixture->base.db, 1, &error);
  g_autofree char *path = g_build_filename (fixture->base.dir, "export.csv", NULL);
  JsonObject *root;
  JsonArray *sessions;
  GStatBuf st;

  g_assert_no_error (error);
  root = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==,
                   "vejviser-person-export-1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "person"),
                                                  "reference"), ==, "ref-" MARKER);
  sessions = json_object_get_array_member (root, "sessions");
  /* Their own session and the group session, with the group counted, not named */
  g_assert_cmpuint (json_array_get_length (sessions), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (sessions, 1),
                                               "other_people"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "drafts")), ==, 1);
  text = json_to_string (json, FALSE);
  g_assert_nonnull (strstr (text, "Ring " MARKER));
  g_assert_null (strstr (text, "keep-7"));
  g_assert_null (strstr (text, "keepstep"));

  /* CSV for Danish spreadsheets: BOM, semicolons, quoted where needed */
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfPost;Dato;Hvad;Detaljer\r\n"));
  g_assert_nonnull (strstr (csv,
                           "Samtale;2026-09-01T09:00;\"individual \";Talte om " MARKER " og EUD"));
  g_assert_null (strstr (csv, "keep-7"));

  g_assert_true (vj_private_file_write (path, csv, strlen (csv), &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_unlink (path);

  g_clear_pointer (&json, json_node_unref);
  json = vj_db_export_person_json (fixture->base.db, 99, &error);
  g_assert_null (json);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *output = g_build_filename (fixture->base.dir, "export.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  int status = -1;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  /* The CLI opens the database itself */
  vj_db_close (fixture->base.db);

  out = vj_test_run_cli (fixture->base.path, &status, NULL, "person", "export", "ref-" MARKER,
                         "--output", output, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Not to the terminal: to the file, mode 0600 */
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (g_stat (output, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Ring " MARKER));
  g_unlink (output);
  g_clear_pointer (&out, g_free);

  out = vj_test_run_cli (fixture->base.path, &status, NULL, "purge", "--dry-run", "--json", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"old-" OLD "\""));
  g_assert_nonnull (strstr (out, "\"deleted\" : false"));
  g_assert_true (any_file_holds (fixture, OLD));
  g_clear_pointer (&out, g_free);

  out = vj_test_run_cli (fixture->base.path, &status, NULL, "person", "erase", "ref-" MARKER,
                         "--json", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"deleted\" : true"));
  g_assert_false (any_file_holds (fixture, "ref-" MARKER));
  g_assert_false (any_file_holds (fixture, "Ring " MARKER));
  g_clear_pointer (&out, g_free);

  out = vj_test_run_cli (fixture->base.path, &status, NULL, "purge", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_false (any_file_holds (fixture, OLD));
  g_clear_pointer (&out, g_free);

  out = vj_test_run_cli (fixture->base.path, &status, NULL, "person", "erase", "nobody", "--json",
                         NULL);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"not-found\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/privacy/erase-person-leaves-nothing", Fixture, NULL, fixture_set_up,
              test_erase_person, fixture_tear_down);
  g_test_add ("/db/privacy/purge-leaves-nothing", Fixture, NULL, fixture_set_up, test_purge,
              fixture_tear_down);
  g_test_add ("/db/privacy/plan-goal", Fixture, NULL, fixture_set_up, test_plan_goal,
              fixture_tear_down);
  g_test_add ("/db/privacy/export-person-formula-safe", Fixture, NULL, fixture_set_up,
              test_export_formula_safe, fixture_tear_down);
  g_test_add ("/db/privacy/export-person", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add ("/cli/person-and-purge", Fixture, NULL, fixture_set_up, test_cli,
              fixture_tear_down);
  return g_test_run ();
}
