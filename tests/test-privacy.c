/* Erasing a person and the retention purge leave nothing behind: a marker written into every
 * place a person's data lives (reference, notes, search index, next steps, shortlist, drafts,
 * a backup) is searched for in the raw database, WAL and backup files afterwards. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
/* Raw file on purpose (check-store.py): a backup's raw copy, page by page, for erase to clean */
#include <sqlite3.h>
#include <sys/wait.h>

#include "vj-db-backup.h"

#include "vj-db.h"
#include "vj-db-person-export.h"
#include "vj-db-privacy.h"
#include "vj-db-settings.h"
#include "vj-db-timeline.h"
#include "vj-private-file.h"
#include "vj-test-fixture.h"
#include "vj-test-full-vfs.h"
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


/* Every file in the database's folder and its backups folder (the database, its WAL, each
 * backup and anything beside it) */
static gboolean
folder_holds (const char *dir,
              const char *needle)
{
  const char *subdirs[] = { "", "backups" };
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);
      g_autoptr(GDir) handle = g_dir_open (path, 0, NULL);
      const char *name;

      while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_REGULAR) && file_holds (child, needle))
            {
              g_test_message ("%s in %s", needle, name);
              found = TRUE;
            }
        }
    }
  return found;
}

/* The database's size, WAL included */
static gint64
db_bytes (const char *path)
{
  return vj_test_query_int (path, "SELECT page_count * page_size FROM pragma_page_count (),"
                                  " pragma_page_size ();");
}

static const char * const person_traces[] = {
  "ref-" MARKER, "Talte om " MARKER, "talte om " MARKER, "Ring " MARKER, "Besøg " MARKER,
};

static gboolean
any_trace (const char *dir)
{
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (person_traces); i++)
    found |= folder_holds (dir, person_traces[i]);
  return found;
}

/* A full disk while erasing (issue 17): the deletion is one transaction with its record, and
 * whatever could not be done for want of space is said to be pending, then finished by a
 * retry once there is space again. Before, the person went from the database, the message
 * said nothing had changed, the backup kept them whole, and a retry found no one. */
static void
test_erase_disk_full (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  g_autofree char *erased_at = NULL;

  plan = vj_db_plan_erase_person (fixture->base.db, 1, &error);
  g_assert_no_error (error);

  /* Room for the deletion, not for rewriting the whole file */
  vj_test_full_vfs_install ();
  vj_test_full_vfs_set_space (db_bytes (fixture->base.path) / 4);
  g_assert_false (vj_db_erase (fixture->base.db, plan, NULL, &error));
  vj_test_full_vfs_set_space (-1);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_PENDING);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "deleted from the database"));
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_nonnull (strstr (error->message, "next time"));
  g_clear_error (&error);

  /* Gone from the log and from the backup (cleaned, or deleted when it could not be) */
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM person"
                                                     " WHERE reference = 'ref-" MARKER "';"),
                   ==, 0);
  g_assert_false (file_holds (fixture->backup, "ref-" MARKER));
  g_assert_cmpint (vj_db_erase_lookup (fixture->base.db, "ref-" MARKER, NULL, &error), ==,
                   VJ_ERASE_PENDING);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_erase_lookup (fixture->base.db, "keep-7", NULL, &error), ==,
                   VJ_ERASE_NONE);

  /* Space again: a retry finishes it, and the record stays as a tombstone */
  g_assert_true (vj_db_erase_resume (fixture->base.db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_erase_lookup (fixture->base.db, "ref-" MARKER, &erased_at, &error), ==,
                   VJ_ERASE_DONE);
  g_assert_nonnull (erased_at);
  g_assert_false (any_trace (fixture->base.dir));
  g_assert_true (file_holds (fixture->base.path, "keepnotes"));
  /* The record holds no reference, only its keyed hash */
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM erase_record"
                                      " WHERE length (reference_hmac) = 64;"), ==, 1);
}

/* A purge on a full disk goes the same way */
static void
test_purge_disk_full (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (28, G_DATE_NOVEMBER, 2026);
  gint64 size = db_bytes (fixture->base.path);

  plan = vj_db_plan_purge (fixture->base.db, today, &error);
  g_assert_no_error (error);
  /* Room for the backup taken first and the deletion, not for rewriting the file */
  vj_test_full_vfs_install ();
  vj_test_full_vfs_set_space (size + size / 4);
  g_assert_false (vj_db_erase (fixture->base.db, plan, NULL, &error));
  vj_test_full_vfs_set_space (-1);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_false (file_holds (fixture->backup, OLD_NOTES));

  /* The next open finishes it */
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  fixture->base.db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_false (folder_holds (fixture->base.dir, OLD));
  g_assert_false (folder_holds (fixture->base.dir, OLD_NOTES));
  g_assert_false (folder_holds (fixture->base.dir, CLASS));
  g_assert_cmpint (vj_db_erase_lookup (fixture->base.db, "old-" OLD, NULL, &error), ==,
                   VJ_ERASE_DONE);
}

/* A backup from before an erase, restored (here one copied back into the folder after it):
 * the person is erased from it again at its first open, before anything reads it, and from
 * the copy it came from */
static void
test_restore_erases_again (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjErasePlan) plan = NULL;
  g_autofree char *old_copy = g_build_filename (fixture->base.dir, "old-copy.db", NULL);
  g_autofree char *restored = g_build_filename (fixture->base.dir, "backups",
                                                "vejviser-20260101T000000Z-import.db", NULL);

  vj_db_close (fixture->base.db);
  copy_backup (fixture->base.path, old_copy);
  g_clear_object (&fixture->base.db);
  fixture->base.db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);

  plan = vj_db_plan_erase_person (fixture->base.db, 1, &error);
  g_assert_no_error (error);
  g_assert_true (vj_db_erase (fixture->base.db, plan, NULL, &error));
  g_assert_no_error (error);
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);

  g_assert_cmpint (g_rename (old_copy, restored), ==, 0);
  g_assert_true (vj_db_backup_restore (fixture->base.path, "20260101T000000Z-import", NULL,
                                       &error));
  g_assert_no_error (error);
  /* The restored file holds them until it is opened */
  g_assert_true (file_holds (fixture->base.path, "ref-" MARKER));

  fixture->base.db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_find_person_id (fixture->base.db, "ref-" MARKER, NULL), ==, 0);
  g_assert_cmpint (vj_db_find_person_id (fixture->base.db, "keep-7", NULL), !=, 0);
  g_assert_false (any_trace (fixture->base.dir));
  g_assert_cmpint (vj_db_erase_lookup (fixture->base.db, "ref-" MARKER, NULL, &error), ==,
                   VJ_ERASE_DONE);

  /* Someone given the same reference afterwards is theirs to keep */
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  vj_test_exec_sql (fixture->base.path, "INSERT INTO person (reference, created_at, updated_at)"
                                   " VALUES ('ref-" MARKER "', '2099-01-01T00:00:00Z', 'x');"
                                   "UPDATE erase_record SET done_at = NULL;");
  fixture->base.db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_find_person_id (fixture->base.db, "ref-" MARKER, NULL), !=, 0);
}

static void
put_file (const char *path,
          GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static GBytes *
take_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The folder back to the database and its two backups as they were before any erase */
static void
reset_folder (Fixture *fixture,
              GBytes  *db,
              GBytes  *backup,
              const char *second)
{
  g_autofree char *backups = g_build_filename (fixture->base.dir, "backups", NULL);
  const char *subdirs[] = { "backups", "" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (fixture->base.dir, subdirs[i], NULL);
      g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
      const char *name;

      while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *child = g_build_filename (dir, name, NULL);
          if (!g_file_test (child, G_FILE_TEST_IS_DIR))
            g_unlink (child);
        }
    }
  put_file (fixture->base.path, db);
  put_file (fixture->backup, backup);
  put_file (second, backup);
}

static GPid
spawn_erase (const char *db_path)
{
  const char *argv[] = { g_getenv ("VEJVISER_CLI"), "--db", db_path, "person", "erase",
                         "ref-" MARKER, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

/* 20 kills of `vejviser-cli person erase` at moments spread over a whole erase: after each,
 * the next open leaves the person in no file at all (database, WAL, backups), or — killed
 * before the deletion was committed — untouched, and `person erase` again finishes it. */
static void
test_erase_killed (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *second = g_build_filename (fixture->base.dir, "backups",
                                              "vejviser-20260101T000000Z-import.db", NULL);
  g_autoptr(GBytes) db_bytes = NULL;
  g_autoptr(GBytes) backup_bytes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  gint64 start, full_us;
  guint untouched = 0, gone = 0;
  int status;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  db_bytes = take_file (fixture->base.path);
  backup_bytes = take_file (fixture->backup);

  /* How long a whole erase takes, start of the process to its end */
  reset_folder (fixture, db_bytes, backup_bytes, second);
  start = g_get_monotonic_time ();
  g_assert_cmpint (waitpid (spawn_erase (fixture->base.path), &status, 0), >, 0);
  full_us = g_get_monotonic_time () - start;
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_false (any_trace (fixture->base.dir));
  g_test_message ("a whole erase takes %.3f s", full_us / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VjDb) db = NULL;
      /* Most of the first quarter is the process starting */
      gint32 delay = g_rand_int_range (rand, (gint32) full_us / 4, (gint32) full_us);
      g_autofree char *out = NULL;
      gboolean present;
      GPid pid;

      reset_folder (fixture, db_bytes, backup_bytes, second);
      pid = spawn_erase (fixture->base.path);
      g_usleep (delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      /* The next open */
      db = vj_db_open (fixture->base.path, &error);
      g_assert_no_error (error);
      present = vj_db_find_person_id (db, "ref-" MARKER, NULL) != 0;
      vj_db_close (db);
      g_test_message ("kill %u after %.3f s: %s", i, delay / (double) G_USEC_PER_SEC,
                      present ? "not yet deleted" : "deleted");
      if (present)
        {
          /* Untouched: still in every backup, as before */
          g_assert_true (file_holds (fixture->backup, "ref-" MARKER));
          g_assert_true (file_holds (second, "ref-" MARKER));
          untouched++;
        }
      else
        {
          g_assert_false (any_trace (fixture->base.dir));
          gone++;
        }

      /* Erasing again finishes it either way */
      out = vj_test_run_cli (fixture->base.path, &status, NULL, "person", "erase", "ref-" MARKER, NULL);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      if (!present)
        g_assert_nonnull (strstr (out, "was erased at"));
      g_assert_false (any_trace (fixture->base.dir));
      g_assert_true (file_holds (fixture->base.path, "keepnotes"));
      g_assert_true (file_holds (second, "keepnotes"));
    }
  g_test_message ("%u killed before the deletion, %u after it", untouched, gone);

  fixture->base.db = vj_db_open (fixture->base.path, NULL);
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
  g_test_add ("/db/privacy/erase-disk-full", Fixture, NULL, fixture_set_up,
              test_erase_disk_full, fixture_tear_down);
  g_test_add ("/db/privacy/purge-disk-full", Fixture, NULL, fixture_set_up,
              test_purge_disk_full, fixture_tear_down);
  g_test_add ("/db/privacy/restore-erases-again", Fixture, NULL, fixture_set_up,
              test_restore_erases_again, fixture_tear_down);
  g_test_add ("/cli/person-erase-killed", Fixture, NULL, fixture_set_up, test_erase_killed,
              fixture_tear_down);
  return g_test_run ();
}
