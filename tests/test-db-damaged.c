#define G_LOG_DOMAIN "test-db-damaged"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
/* Raw file on purpose (check-store.py): damaged files, another program's lock, an old version */
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vj-db-backup.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-full-vfs.h"
#include "vj-test-util.h"

/* Damaged databases (DESIGN.md, Data): a truncated file, random bytes, a database another
 * process holds locked, a full disk. Each is refused with a clear message, the latest backup
 * is offered (the CLI names `vejviser-cli backup restore ID`), and the file keeps its bytes. */

typedef struct
{
  VjTestFixture  base;       /* the database closed */
  char          *backup_id;  /* the newest backup, taken by the import in the setup */
} Fixture;

/* A database with a catalogue and a backup (the import takes one) */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VjBackup) latest = NULL;

  vj_test_fixture_setup_catalogue (&fixture->base, "v1-small.xml");
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  latest = vj_db_backup_latest_for_path (fixture->base.path);
  g_assert_nonnull (latest);
  fixture->backup_id = g_strdup (latest->id);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vj_test_fixture_teardown (&fixture->base, data);
  g_free (fixture->backup_id);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* The CLI refuses it too, and names the backup that would put it right */
static void
assert_cli_offers_backup (Fixture *fixture)
{
  g_autofree char *err = NULL;
  g_autofree char *hint = g_strdup_printf ("vejviser-cli backup restore %s", fixture->backup_id);
  int status = 0;
  g_autofree char *out = vj_test_run_cli (fixture->base.path, &status, &err, "search", "data",
                                          NULL);

  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, hint));
}

/* Restoring puts the backup in place and keeps the damaged file, byte for byte */
static void
assert_restore_keeps_damaged (Fixture *fixture,
                              GBytes  *damaged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GBytes) kept = NULL;

  g_assert_true (vj_db_backup_restore (fixture->base.path, fixture->backup_id, &aside, &error));
  g_assert_no_error (error);
  kept = read_bytes (aside);
  g_assert_true (g_bytes_equal (kept, damaged));
  db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) whole = read_bytes (fixture->base.path);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(VjDb) db = NULL;

  /* Cut off after the schema, as a copy that stopped half-way */
  g_assert_cmpuint (g_bytes_get_size (whole), >, 64 * 1024);
  g_file_set_contents (fixture->base.path, g_bytes_get_data (whole, NULL),
                       (gssize) g_bytes_get_size (whole) / 2, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->base.path);

  db = vj_db_open (fixture->base.path, &error);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "damaged"));
  assert_unchanged (fixture->base.path, before);

  assert_cli_offers_backup (fixture);
  assert_unchanged (fixture->base.path, before);
  assert_restore_keeps_damaged (fixture, before);
}

static void
test_random_bytes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(VjDb) db = NULL;
  guint8 junk[8192];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->base.path, (const char *) junk, sizeof junk, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->base.path);

  db = vj_db_open (fixture->base.path, &error);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE);
  assert_unchanged (fixture->base.path, before);

  assert_cli_offers_backup (fixture);
  assert_unchanged (fixture->base.path, before);
  assert_restore_keeps_damaged (fixture, before);
}

/* Another process holds the database locked (this test program again, as a helper) */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_bytes (fixture->base.path);
  g_autoptr(VjDb) db = NULL;
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-db-damaged", NULL);
  const char *argv[] = { self, "--hold-lock", fixture->base.path, NULL };
  GPid pid;
  int in_fd, out_fd;
  char ready = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read (out_fd, &ready, 1), ==, 1);
  g_assert_cmpint (ready, ==, 'L');

  db = vj_db_open (fixture->base.path, &error);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  assert_cli_offers_backup (fixture);

  /* Let go: the lock ends with the helper, and the database opens as it was */
  close (in_fd);
  close (out_fd);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  assert_unchanged (fixture->base.path, before);
  g_clear_error (&error);
  db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
}

static int
hold_lock (const char *path)
{
  sqlite3 *conn = NULL;
  char byte;

  if (sqlite3_open (path, &conn) != SQLITE_OK ||
      sqlite3_exec (conn, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;", NULL, NULL,
                    NULL) != SQLITE_OK)
    return 1;
  if (write (STDOUT_FILENO, "L", 1) != 1)
    return 1;
  /* Until the test closes our standard input */
  while (read (STDIN_FILENO, &byte, 1) > 0)
    ;
  sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (conn);
  return 0;
}

/* ----- a full disk (vj-test-full-vfs.c) ----- */

/* An older database that must be upgraded (so copied first) on a full disk: refused with a
 * message that says so, and not changed. */
static void
test_disk_full_upgrade (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  sqlite3 *conn = NULL;

  /* Back to schema 2 (what a database of an earlier release says it is) */
  g_assert_cmpint (sqlite3_open (fixture->base.path, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
  before = read_bytes (fixture->base.path);

  vj_test_full_vfs_install ();
  vj_test_full_vfs_set_space (0);
  db = vj_db_open (fixture->base.path, &error);
  vj_test_full_vfs_set_space (-1);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_FULL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  assert_unchanged (fixture->base.path, before);

  /* No half backup left behind: the one from the setup is still the latest */
  g_clear_error (&error);
  backups = vj_db_backup_list_for_path (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpstr (((VjBackup *) backups->pdata[0])->id, ==, fixture->backup_id);
}

/* An import on a full disk: the backup before it cannot be written, so the import does not
 * start; the catalogue is as it was. */
static void
test_disk_full_import (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-small-changed.xml",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (feed);
  g_autoptr(GBytes) before = NULL;

  vj_test_full_vfs_install ();
  db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);
  vj_db_close (db);
  g_clear_object (&db);
  before = read_bytes (fixture->base.path);
  db = vj_db_open (fixture->base.path, &error);
  g_assert_no_error (error);

  vj_test_full_vfs_set_space (0);
  report = vj_import_file (db, file, "file", NULL, NULL, NULL, NULL, &error);
  vj_test_full_vfs_set_space (-1);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "full"));
  vj_db_close (db);
  {
    g_autoptr(GBytes) after = read_bytes (fixture->base.path);

    g_assert_true (g_bytes_equal (before, after));
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--hold-lock") == 0)
    return hold_lock (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/damaged/truncated", Fixture, NULL, fixture_setup, test_truncated,
              fixture_teardown);
  g_test_add ("/db/damaged/random-bytes", Fixture, NULL, fixture_setup, test_random_bytes,
              fixture_teardown);
  g_test_add ("/db/damaged/locked-by-another-process", Fixture, NULL, fixture_setup,
              test_locked, fixture_teardown);
  g_test_add ("/db/damaged/disk-full-upgrade", Fixture, NULL, fixture_setup,
              test_disk_full_upgrade, fixture_teardown);
  g_test_add ("/db/damaged/disk-full-import", Fixture, NULL, fixture_setup,
              test_disk_full_import, fixture_teardown);
  return g_test_run ();
}
