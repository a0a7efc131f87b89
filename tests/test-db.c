#define G_LOG_DOMAIN "test-db"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vj-db.h"
#include "vj-db-feeds.h"
#include "vj-db-settings.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Opening, creating and refusing databases (DESIGN.md, Data). */

/* ----- helpers ----- */

typedef VjTestFixture Fixture;

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

static void
assert_no_side_files (const char *path)
{
  const char *suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_error ("%s was created", side);
    }
}

static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (before, NULL), g_bytes_get_size (before));
}

static GBytes *
read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
set_setting_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vj_db_set_setting_finish (VJ_DB (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* ----- tests ----- */

static void
test_new_database (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;

  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (vj_db_latest_schema_version (), >=, 1);
  g_assert_cmpint (vj_db_get_schema_version (db), ==, vj_db_latest_schema_version ());
  g_assert_cmpstr (vj_db_get_path (db), ==, fixture->path);
  /* A new database is not migrated from anything, so there is nothing to back up. */
  g_assert_null (vj_db_get_backup_path (db));

  g_assert_cmpint (vj_test_query_int (fixture->path, "PRAGMA user_version;"), ==,
                   vj_db_latest_schema_version ());
  /* The whole country: 98 municipalities in 5 regions, the region's 17 among them */
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM municipality;"), ==, 98);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM region;"), ==, 5);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM municipality"
                                                     " WHERE region = 1085;"), ==, 17);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM municipality"
                                                     " WHERE region IS NULL;"), ==, 0);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM category;"), ==, 8);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                              "SELECT count(*) FROM municipality WHERE code = 259 AND "
                              "name = 'Køge' AND region = 1085;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                              "SELECT count(*) FROM municipality WHERE code = 751 AND "
                              "name = 'Aarhus' AND region = 1082;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM programme;"), ==, 0);
}

static void
test_private_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *nested = g_build_filename (fixture->dir, "a", "b", "vejviser.db", NULL);
  g_autofree char *nested_dir = g_path_get_dirname (nested);
  g_autoptr(VjDb) nested_db = NULL;

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);
  /* The WAL holds personal data too. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (wal), ==, 0600);

  /* Missing folders are created, private too. */
  nested_db = vj_db_open (nested, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (nested), ==, 0600);
  g_assert_cmpuint (file_mode (nested_dir), ==, 0700);
}

static void
test_wal_mode (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autofree char *mode = NULL;

  g_assert_no_error (error);
  mode = vj_test_query_text (fixture->path, "PRAGMA journal_mode;");
  g_assert_cmpstr (mode, ==, "wal");
}

static void
test_reopen_keeps_data (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *value = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gboolean done = FALSE;

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  vj_db_set_setting_async (db, "counsellor", "Søren Test", NULL, set_setting_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  value = vj_db_get_setting (db, "counsellor");
  g_assert_cmpstr (value, ==, "Søren Test");
  vj_db_close (db);
  g_clear_object (&db);
  g_clear_pointer (&value, g_free);

  /* Closing folds the WAL back into the database: what is left of it is empty. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      GStatBuf buf;

      g_assert_cmpint (g_stat (wal, &buf), ==, 0);
      g_assert_cmpint (buf.st_size, ==, 0);
    }

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_get_schema_version (db), ==, vj_db_latest_schema_version ());
  g_assert_null (vj_db_get_backup_path (db));
  value = vj_db_get_setting (db, "counsellor");
  g_assert_cmpstr (value, ==, "Søren Test");
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM municipality;"), ==, 98);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM category;"), ==, 8);
}

static void
test_refuses_newer_version (Fixture       *fixture,
                            gconstpointer  data)
{
  gboolean wal = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *backups = g_build_filename (fixture->dir, "backups", NULL);
  int newer = vj_db_latest_schema_version () + 1;

  /* A database written by a future Vejviser: some table and a larger user_version; in WAL
   * mode, as Vejviser leaves its databases, or in the default rollback mode. */
  sql = g_strdup_printf ("PRAGMA journal_mode = %s;"
                         "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept');"
                         "PRAGMA user_version = %d;",
                         wal ? "WAL" : "DELETE", newer);
  vj_test_exec_sql (fixture->path, sql);
  assert_no_side_files (fixture->path);
  before = read_bytes (fixture->path);

  db = vj_db_open (fixture->path, &error);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NEWER_VERSION);
  g_assert_null (db);
  g_assert_nonnull (strstr (error->message, "newer version"));

  /* Left untouched: the same bytes, no WAL, no journal, no backup. */
  assert_file_unchanged (fixture->path, before);
  assert_no_side_files (fixture->path);
  g_assert_false (g_file_test (backups, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vj_test_query_int (fixture->path, "PRAGMA user_version;"), ==, newer);
}

static void
test_refuses_random_bytes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  guint8 junk[4096];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) junk, sizeof junk, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->path);

  db = vj_db_open (fixture->path, &error);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE);
  g_assert_null (db);

  assert_file_unchanged (fixture->path, before);
  assert_no_side_files (fixture->path);
}

static void
test_check_fresh (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  problems = vj_db_check (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

typedef struct
{
  GPtrArray *details;  /* what #VjDb::changed said, in order */
  gboolean   done;
} Changes;

static void
changed_cb (VjDb    *db,
            Changes *changes)
{
  GSignalInvocationHint *hint = g_signal_get_invocation_hint (db);

  g_ptr_array_add (changes->details, g_strdup (g_quark_to_string (hint->detail)));
}

static void
set_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Changes *changes = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vj_db_set_setting_finish (VJ_DB (object), result, &error));
  g_assert_no_error (error);
  changes->done = TRUE;
}

static gboolean
has_detail (Changes    *changes,
            const char *detail)
{
  for (guint i = 0; i < changes->details->len; i++)
    if (g_strcmp0 (changes->details->pdata[i], detail) == 0)
      return TRUE;
  return FALSE;
}

/* A page that shows the data is told when it changed, by this process's writer (with what
 * changed) or by another process (read again when the window is focused or on a timer) */
static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(VjDb) other = NULL;
  Changes changes = { g_ptr_array_new_with_free_func (g_free), FALSE };

  g_assert_no_error (error);
  g_signal_connect (db, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_false (vj_db_check_changes (db));

  /* A setting saved through this database: told once, as a setting, after the save returned */
  vj_db_set_setting_async (db, VJ_SETTING_COUNSELLOR_NAME, "Mette", NULL, set_done_cb, &changes);
  while (!changes.done || changes.details->len == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changes.details->len, ==, 1);
  g_assert_cmpstr (changes.details->pdata[0], ==, "settings");
  /* ... and not again as somebody else's change */
  g_assert_false (vj_db_check_changes (db));

  /* Another process's commit (here a second connection): every page reads again, once */
  other = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  changes.done = FALSE;
  vj_db_set_setting_async (other, VJ_SETTING_COUNSELLOR_NAME, "Jonas", NULL, set_done_cb, &changes);
  while (!changes.done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_set_size (changes.details, 0);
  g_assert_true (vj_db_check_changes (db));
  g_assert_true (has_detail (&changes, "sessions"));
  g_assert_true (has_detail (&changes, "catalogue"));
  g_assert_true (has_detail (&changes, "settings"));
  g_assert_false (vj_db_check_changes (db));
  g_autofree char *counsellor = vj_db_get_setting (db, VJ_SETTING_COUNSELLOR_NAME);
  g_assert_cmpstr (counsellor, ==, "Jonas");

  g_ptr_array_unref (changes.details);
}

static gboolean
list_feeds_in_dispatch (gpointer data)
{
  g_autoptr(GPtrArray) feeds = vj_db_list_feeds (data, NULL);

  g_assert_nonnull (feeds);
  return G_SOURCE_REMOVE;
}

/* VEJVISER_STORE_CHECKS=1 (the test suite's setting): a list read on the main thread while it
 * runs the main loop, as the app's pages did, is a critical naming its SQL; a read of one row
 * is not, nor a list read outside the main loop (a command-line tool's) */
static void
test_store_checks (Fixture       *f,
                   gconstpointer  user_data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) feeds = NULL;
      g_autoptr(GError) error = NULL;

      f->db = vj_db_open (f->path, &error);
      g_assert_no_error (error);
      vj_test_exec_sql (f->path, "INSERT INTO feed (name, url, created_at)"
                                 " VALUES ('A', 'https://a.example/', '2026-01-01'),"
                                 "        ('B', 'https://b.example/', '2026-01-01');");
      feeds = vj_db_list_feeds (f->db, NULL);
      g_assert_cmpuint (feeds->len, ==, 2);
      g_idle_add (list_feeds_in_dispatch, f->db);
      g_main_context_iteration (NULL, TRUE);
      return;
    }
  g_setenv ("VEJVISER_STORE_CHECKS", "1", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*more than one row on the main thread*FROM feed*");
}

static void
changed_thread_cb (VjDb     *db,
                   GThread **thread)
{
  *thread = g_thread_self ();
}

/* The pages' handlers are GTK code: the signal comes on the main thread, also when the main
 * thread is not iterating its loop at the moment the writer commits (it was then run on the
 * writer thread, and corrupted GTK's memory now and then) */
static void
test_changed_on_main_thread (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  Changes changes = { g_ptr_array_new_with_free_func (g_free), FALSE };
  GThread *thread = NULL;

  g_assert_no_error (error);
  g_signal_connect (db, "changed", G_CALLBACK (changed_thread_cb), &thread);
  vj_db_set_setting_async (db, VJ_SETTING_COUNSELLOR_NAME, "Mette", NULL, set_done_cb, &changes);
  /* The writer commits while nobody holds the main context */
  g_usleep (G_USEC_PER_SEC / 2);
  while (!changes.done || thread == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (thread == g_thread_self ());
  g_ptr_array_unref (changes.details);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_fixture_setup_empty, func, vj_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/db/open/new-database-is-latest-and-seeded", test_new_database);
  add_test ("/db/open/files-are-private", test_private_files);
  add_test ("/db/open/uses-wal", test_wal_mode);
  add_test ("/db/open/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add ("/db/open/refuses-newer-version-untouched", Fixture, GINT_TO_POINTER (FALSE),
              vj_test_fixture_setup_empty, test_refuses_newer_version, vj_test_fixture_teardown);
  g_test_add ("/db/open/refuses-newer-version-untouched-wal", Fixture, GINT_TO_POINTER (TRUE),
              vj_test_fixture_setup_empty, test_refuses_newer_version, vj_test_fixture_teardown);
  add_test ("/db/open/refuses-random-bytes-untouched", test_refuses_random_bytes);
  add_test ("/db/check/fresh-database-has-no-problems", test_check_fresh);
  add_test ("/db/changed/told-after-commit-and-for-other-processes", test_changed_signal);
  add_test ("/db/changed/on-the-main-thread", test_changed_on_main_thread);
  add_test ("/db/store/checks-lists-on-main-thread", test_store_checks);

  return g_test_run ();
}
