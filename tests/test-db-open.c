#define G_LOG_DOMAIN "test-db-open"

#include "config.h"

#include <glib/gstdio.h>
/* Raw file on purpose (check-store.py): writes left in the WAL, copied with it; the files' modes */
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "vj-db.h"
#include "vj-test-full-vfs.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* What opening the database makes right, refuses, or says (issue 17, item 9): modes of files
 * made by others, a database cut short with a WAL beside it, one from a newer Vejviser left
 * exactly as it was, a full disk called by its name, imports left running marked interrupted,
 * and the backup hint on every CLI command that opens the database. */

typedef VjTestFixture Fixture;

static int
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
new_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (path, &error);

  g_assert_no_error (error);
  vj_db_close (db);
}

/* A second connection that keeps the WAL from being folded in: what it wrote stays in
 * "<path>-wal" while @path is copied */
static void
copy_with_wal (const char *from,
               const char *to)
{
  const char *sides[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *a = g_strconcat (from, sides[i], NULL);
      g_autofree char *b = g_strconcat (to, sides[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (a, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (b, contents, (gssize) length, NULL));
    }
}

static sqlite3 *
write_into_wal (const char *path,
                const char *sql)
{
  sqlite3 *conn = NULL;

  g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, "PRAGMA journal_mode = WAL;"
                                       " PRAGMA wal_autocheckpoint = 0;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return conn;
}

/* A database, WAL, shared memory and backups made readable by others (by hand, an older
 * version, a copy under umask 022) are the owner's only after an open */
static void
test_modes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *backups = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *backup = g_build_filename (backups, "vejviser-20250101T000000Z-import.db",
                                              NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  sqlite3 *other;

  new_database (fixture->path);
  g_assert_cmpint (g_mkdir (backups, 0755), ==, 0);
  g_assert_true (g_file_set_contents (backup, "", 0, NULL));
  other = write_into_wal (fixture->path, "INSERT INTO setting VALUES ('x', 'y');");
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);
  g_assert_cmpint (g_chmod (shm, 0644), ==, 0);
  g_assert_cmpint (g_chmod (backups, 0755), ==, 0);
  g_assert_cmpint (g_chmod (backup, 0644), ==, 0);

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (fixture->path), ==, 0600);
  g_assert_cmpint (mode_of (wal), ==, 0600);
  g_assert_cmpint (mode_of (shm), ==, 0600);
  g_assert_cmpint (mode_of (backups), ==, 0700);
  g_assert_cmpint (mode_of (backup), ==, 0600);
  vj_db_close (db);
  sqlite3_close (other);
}

/* A database cut short whose WAL is beside it is refused at open as damaged (so the backup is
 * offered), not opened to fail later with "vtable constructor failed" */
static void
test_truncated_with_wal (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  sqlite3 *other;
  GStatBuf st;

  new_database (fixture->path);
  other = write_into_wal (fixture->path, "INSERT INTO setting VALUES ('x', 'y');");
  copy_with_wal (fixture->path, copy);
  sqlite3_close (other);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  /* Its last pages lost: the schema still reads */
  g_assert_cmpint (truncate (copy, st.st_size - 2 * 4096), ==, 0);

  db = vj_db_open (copy, &error);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE);
  g_assert_null (db);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "shorter"));

  /* A whole one with a WAL beside it opens */
  g_clear_error (&error);
  g_unlink (copy);
  other = write_into_wal (fixture->path, "INSERT INTO setting VALUES ('z', 'y');");
  copy_with_wal (fixture->path, copy);
  sqlite3_close (other);
  db = vj_db_open (copy, &error);
  g_assert_no_error (error);
}

/* A database from a newer Vejviser, WAL and all, is refused with both left byte for byte as
 * they were (it was checkpointed on the way out, so "not changed" was untrue) */
static void
test_newer_with_wal_unchanged (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "newer.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *before = NULL, *before_wal = NULL, *after = NULL, *after_wal = NULL;
  gsize n_before = 0, n_before_wal = 0, n_after = 0, n_after_wal = 0;
  g_autoptr(GError) error = NULL;
  sqlite3 *other;

  new_database (fixture->path);
  other = write_into_wal (fixture->path, "INSERT INTO setting VALUES ('x', 'y');"
                                         " PRAGMA user_version = 999;");
  copy_with_wal (fixture->path, copy);
  sqlite3_close (other);
  g_assert_true (g_file_get_contents (copy, &before, &n_before, NULL));
  g_assert_true (g_file_get_contents (copy_wal, &before_wal, &n_before_wal, NULL));
  g_assert_cmpuint (n_before_wal, >, 0);

  g_assert_null (vj_db_open (copy, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NEWER_VERSION);

  g_assert_true (g_file_get_contents (copy, &after, &n_after, NULL));
  g_assert_true (g_file_get_contents (copy_wal, &after_wal, &n_after_wal, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
  g_assert_cmpmem (before_wal, n_before_wal, after_wal, n_after_wal);
}

/* No room even for the WAL's shared memory: "the disk is full", not "disk I/O error while
 * reading the schema version" */
static void
test_disk_full_at_open (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VjDb *db;

  new_database (fixture->path);
  vj_test_full_vfs_install ();
  vj_test_full_vfs_set_space (0);
  db = vj_db_open (fixture->path, &error);
  vj_test_full_vfs_set_space (-1);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
}

/* An import killed leaves its run "running": the next open, with no import alive, marks it
 * interrupted */
static void
test_runs_interrupted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;

  new_database (fixture->path);
  vj_test_exec_sql (fixture->path,
                    "INSERT INTO import_run (location, started_at, status)"
                    " VALUES ('/tmp/katalog.xml', '2026-01-01T10:00:00Z', 'running');");
  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  vj_db_close (db);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM import_run"
                                      " WHERE status = 'interrupted' AND finished_at IS NOT"
                                      " NULL;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM import_run"
                                      " WHERE status = 'running';"), ==, 0);
}

/* Every command that opens the database names the backup that would put a damaged one right */
static void
test_cli_hint_everywhere (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *commands[][6] = {
    { "check", NULL },
    { "person", "erase", "x", NULL },
    { "purge", "--dry-run", NULL },
    { "sessions", "export", "--json", "--output", "-", NULL },
    { "initiatives", "list", NULL },
  };
  g_autofree char *backups = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *backup = g_build_filename (backups, "vejviser-20250101T000000Z-import.db",
                                              NULL);
  g_autofree char *sql = NULL;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  new_database (fixture->path);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  sql = g_strdup_printf ("VACUUM INTO '%s';", backup);
  vj_test_exec_sql (fixture->path, sql);
  g_assert_true (g_file_set_contents (fixture->path, "SQLite format 3 but not really", -1,
                                      NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_ptr_array_add (argv, (char *) g_getenv ("VEJVISER_CLI"));
      g_ptr_array_add (argv, "--db");
      g_ptr_array_add (argv, fixture->path);
      for (guint j = 0; j < 6 && commands[i][j] != NULL; j++)
        g_ptr_array_add (argv, (char *) commands[i][j]);
      g_ptr_array_add (argv, NULL);
      g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                    NULL, &err, &status, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", commands[i][0], err);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (err, "backup restore 20250101T000000Z-import"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/open/modes", Fixture, NULL, vj_test_fixture_setup_empty,
              test_modes, vj_test_fixture_teardown);
  g_test_add ("/db/open/truncated-with-wal", Fixture, NULL, vj_test_fixture_setup_empty,
              test_truncated_with_wal, vj_test_fixture_teardown);
  g_test_add ("/db/open/newer-with-wal-unchanged", Fixture, NULL, vj_test_fixture_setup_empty,
              test_newer_with_wal_unchanged, vj_test_fixture_teardown);
  g_test_add ("/db/open/disk-full", Fixture, NULL, vj_test_fixture_setup_empty,
              test_disk_full_at_open, vj_test_fixture_teardown);
  g_test_add ("/db/open/runs-interrupted", Fixture, NULL, vj_test_fixture_setup_empty,
              test_runs_interrupted, vj_test_fixture_teardown);
  g_test_add ("/cli/backup-hint-everywhere", Fixture, NULL, vj_test_fixture_setup_empty,
              test_cli_hint_everywhere, vj_test_fixture_teardown);
  return g_test_run ();
}
