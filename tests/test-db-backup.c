#define G_LOG_DOMAIN "test-db-backup"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vj-db-backup.h"
#include "vj-db-privacy.h"
#include "vj-db-settings.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

#define WITHDRAWN "SELECT count (*) FROM programme WHERE withdrawn;"

/* Backups (DESIGN.md, Data): one before each import (and migration), the newest
 * `backups.keep` kept, mode 0600, restored with the replaced database kept as a backup — from the
 * library and from `vejviser-cli backup list | restore ID`. */

typedef VjTestFixture Fixture;

static void
import (VjDb       *db,
        const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = NULL;

  report = vj_import_file (db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->status, ==, "imported");
}

static void
set_keep (const char *path,
          const char *keep)
{
  vj_test_exec_sql (path,
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                    VJ_TEST_TEXT (VJ_SETTING_BACKUPS_KEEP), VJ_TEST_TEXT (keep));
}

static void
test_before_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *dir = NULL;
  VjBackup *backup;
  GStatBuf st;

  g_assert_no_error (error);
  backups = vj_db_backup_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);

  import (db, "v1-small.xml");
  backups = vj_db_backup_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  backup = g_ptr_array_index (backups, 0);
  g_assert_cmpstr (backup->reason, ==, "import");
  g_assert_nonnull (backup->created);
  /* Private: only its owner reads it, in a folder only its owner opens */
  g_assert_cmpint (g_stat (backup->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  dir = g_path_get_dirname (backup->path);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  /* It holds the database as it was before the import: no programmes yet, and not the run
   * that was starting (restored, it would show in the history as never finished) */
  g_assert_cmpint (vj_test_query_int (backup->path, "SELECT count (*) FROM programme;"), ==, 0);
  g_assert_cmpint (vj_test_query_int (backup->path, "SELECT count (*) FROM import_run;"), ==, 0);
  g_assert_cmpint (vj_test_query_int (backup->path, "PRAGMA user_version;"), ==,
                   vj_db_latest_schema_version ());
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM programme;"), >, 0);
}

static void
test_rotation (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  vj_db_close (db);
  g_clear_object (&db);
  set_keep (fixture->path, "2");
  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);

  import (db, "v1-small.xml");
  import (db, "v1-small-changed.xml");
  import (db, "v1-small.xml");
  import (db, "v1-filters.xml");
  backups = vj_db_backup_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 2);
  /* Newest first: the last one was taken with the small feed in again */
  g_assert_cmpint (g_date_time_compare (((VjBackup *) backups->pdata[0])->created,
                                        ((VjBackup *) backups->pdata[1])->created), >=, 0);
  g_assert_cmpint (vj_test_query_int (((VjBackup *) backups->pdata[1])->path,
                              "SELECT count (*) FROM programme;"), >, 0);
}

/* The default is five */
static void
test_default_keep (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) backups = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    import (db, i % 2 == 0 ? "v1-small.xml" : "v1-small-changed.xml");
  backups = vj_db_backup_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, VJ_BACKUPS_KEEP_DEFAULT);
}

/* The retention purge takes one too */
static void
test_before_purge (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(VjErasePlan) plan = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (28, G_DATE_NOVEMBER, 2026);

  g_assert_no_error (error);
  plan = vj_db_plan_purge (db, today, &error);
  g_assert_no_error (error);
  g_assert_true (vj_db_erase (db, plan, NULL, &error));
  g_assert_no_error (error);
  backups = vj_db_backup_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpstr (((VjBackup *) backups->pdata[0])->reason, ==, "purge");
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *aside = NULL;
  gint64 withdrawn, programmes;
  const char *id;

  g_assert_no_error (error);
  import (db, "v1-small.xml");
  import (db, "v1-small-changed.xml");
  vj_db_close (db);
  g_clear_object (&db);
  withdrawn = vj_test_query_int (fixture->path, WITHDRAWN);
  programmes = vj_test_query_int (fixture->path, "SELECT count (*) FROM programme;");
  g_assert_cmpint (withdrawn, >, 0);

  /* The newest backup: taken before the changed feed came in */
  backups = vj_db_backup_list_for_path (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 2);
  id = ((VjBackup *) backups->pdata[0])->id;

  g_assert_false (vj_db_backup_restore (fixture->path, "no-such-backup", NULL, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (vj_db_backup_restore (fixture->path, id, &aside, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vj_test_query_int (fixture->path, WITHDRAWN), ==, 0);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM programme;"), >, 0);

  /* The database it replaced is kept, whole, as the newest backup (one file, as they are) … */
  g_assert_nonnull (aside);
  g_assert_cmpint (vj_test_query_int (aside, WITHDRAWN), ==, withdrawn);
  g_assert_cmpint (vj_test_query_int (aside, "SELECT count (*) FROM programme;"), ==, programmes);
  {
    g_autofree char *wal = g_strconcat (aside, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = vj_db_backup_list_for_path (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 3);
  g_assert_cmpstr (((VjBackup *) backups->pdata[0])->reason, ==, "restore");
  g_assert_cmpstr (((VjBackup *) backups->pdata[0])->path, ==, aside);
  {
    g_autofree char *why = vj_backup_describe_reason (backups->pdata[0]);
    g_assert_cmpstr (why, ==, "Before restoring a backup");
  }

  /* … so the restore can be undone */
  g_assert_true (vj_db_backup_restore (fixture->path, ((VjBackup *) backups->pdata[0])->id,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vj_test_query_int (fixture->path, WITHDRAWN), >, 0);

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vj_db_backup_list_finish (result, &error);
  g_assert_no_error (error);
}

/* What Preferences shows: the list read in a worker, newest first, with why each was taken */
static void
test_list_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *elsewhere = g_build_filename (fixture->dir, "none", "vejviser.db", NULL);
  VjBackup *newest;

  g_assert_no_error (error);
  import (db, "v1-small.xml");
  import (db, "v1-small-changed.xml");

  vj_db_backup_list_async (fixture->path, NULL, list_done_cb, &backups);
  while (backups == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (backups->len, ==, 2);
  newest = backups->pdata[0];
  g_assert_cmpstr (newest->reason, ==, "import");
  g_assert_cmpint (g_date_time_compare (newest->created,
                                        ((VjBackup *) backups->pdata[1])->created), >=, 0);
  g_assert_cmpint (newest->size, >, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* No backups folder yet: an empty list, not an error */
  vj_db_backup_list_async (elsewhere, NULL, list_done_cb, &backups);
  while (backups == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (backups->len, ==, 0);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root;
  JsonArray *list;
  const char *id;
  int status = -1;

  g_assert_no_error (error);
  import (db, "v1-small.xml");
  import (db, "v1-small-changed.xml");
  vj_db_close (db);

  out = vj_test_run_cli (fixture->path, &status, &err, "backup", "list", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Before an import"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = vj_test_run_cli (fixture->path, &status, &err, "backup", "list", "--json", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  list = json_object_get_array_member (root, "backups");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  id = json_object_get_string_member (json_array_get_object_element (list, 0), "id");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "reason"), ==, "import");
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *restored = vj_test_run_cli (fixture->path, &status, &err, "backup", "restore",
                                                 id,
                                                 NULL);

    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (restored, id));
    g_assert_nonnull (strstr (restored, "-restore.db"));
  }
  g_assert_cmpint (vj_test_query_int (fixture->path, WITHDRAWN), ==, 0);
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *none = vj_test_run_cli (fixture->path, &status, &err, "backup", "restore",
                                             "nope",
                                             NULL);

    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "There is no backup “nope”."));
  }
}


/* A whole database file: its pages all there, and a schema version */
static gboolean
is_whole_backup (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 &&
         vj_test_query_int (path, "PRAGMA user_version;") >= 1 &&
         vj_test_query_int (path, "SELECT page_count * page_size FROM pragma_page_count (),"
                                  " pragma_page_size ();") == st.st_size;
}

static guint
count_leftovers (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (name[0] == '.' || g_str_has_suffix (name, "-journal"))
      {
        g_test_message ("left: %s", name);
        n++;
      }
  return n;
}

static void
remove_new_backups (const char *db_path,
                    const char *good1,
                    const char *good2)
{
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (db_path, NULL);

  for (guint j = 0; j < backups->len; j++)
    {
      const char *path = ((VjBackup *) backups->pdata[j])->path;

      g_assert_true (is_whole_backup (path));
      if (strcmp (path, good1) != 0 && strcmp (path, good2) != 0)
        g_unlink (path);
    }
}

/* 20 imports killed while their backup is being copied (issue 17): a copy cut short is never
 * listed nor counted toward backups.keep, and is gone at the next open; the good backups all
 * stay. Before, each left a listed backup that restore refused, and a later good import rotated
 * the good ones out. */
/* A copy killed right after SQLite copied the pages is still in WAL mode (it takes the
 * source's header until it is set back to DELETE): its WAL and shared memory beside it go at
 * the next open with it (found once in twenty kills under load) */
static void
test_killed_copy_in_wal_mode (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "backups", NULL);
  const char *sides[] = { "", "-wal", "-shm" };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *name = g_strconcat (".vejviser-20261207T231021Z-import.db.partial",
                                           sides[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, "cut short", -1, NULL));
    }
  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  vj_db_close (db);
  g_assert_cmpuint (count_leftovers (dir), ==, 0);
}

static void
test_killed_copies (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autofree char *dir = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *good1 = g_build_filename (dir, "vejviser-20250101T000000Z-import.db", NULL);
  g_autofree char *good2 = g_build_filename (dir, "vejviser-20250102T000000Z-import.db", NULL);
  char *feeds[2] = { NULL, NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  GStatBuf st1, st2, st;
  gint64 start, full_us;
  guint cut_short = 0;
  int status;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  feeds[0] = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  feeds[1] = g_test_build_filename (G_TEST_DIST, "data", "v1-small-changed.xml", NULL);
  g_assert_no_error (error);
  vj_db_close (db);
  /* Large enough that copying it takes a while: 12 MB of notes */
  vj_test_exec_sql (fixture->path,
                    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    "                         WHERE i < 2400)"
                    " INSERT INTO session (started_at, form, notes, created_at, updated_at)"
                    " SELECT '2026-01-01T09:00', 'individual', hex (randomblob (2500)), 'x', 'x'"
                    " FROM n;");
  set_keep (fixture->path, "3");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    g_autofree char *sql1 = g_strdup_printf ("VACUUM INTO '%s';", good1);
    g_autofree char *sql2 = g_strdup_printf ("VACUUM INTO '%s';", good2);

    vj_test_exec_sql (fixture->path, sql1);
    vj_test_exec_sql (fixture->path, sql2);
  }
  g_assert_cmpint (g_stat (good1, &st1), ==, 0);
  g_assert_cmpint (g_stat (good2, &st2), ==, 0);

  start = g_get_monotonic_time ();
  g_free (vj_test_run_cli (fixture->path, &status, NULL, "import", feeds[1], NULL));
  full_us = g_get_monotonic_time () - start;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  remove_new_backups (fixture->path, good1, good2);

  for (guint i = 0; i < 20; i++)
    {
      const char *argv[] = { g_getenv ("VEJVISER_CLI"), "--db", fixture->path, "import",
                             feeds[i % 2], NULL };
      gint32 delay = g_rand_int_range (rand, 0, (gint32) full_us);
      g_autoptr(GPtrArray) backups = NULL;
      g_autoptr(VjDb) reopened = NULL;
      GPid pid;

      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      g_usleep (delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (count_leftovers (dir) > 0)
        cut_short++;

      /* Never listed, even before the next open */
      backups = vj_db_backup_list_for_path (fixture->path, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < backups->len; j++)
        g_assert_true (is_whole_backup (((VjBackup *) backups->pdata[j])->path));

      /* The next open removes what is left */
      reopened = vj_db_open (fixture->path, &error);
      g_assert_no_error (error);
      vj_db_close (reopened);
      g_assert_cmpuint (count_leftovers (dir), ==, 0);

      /* The good ones, untouched */
      g_assert_cmpint (g_stat (good1, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, st1.st_size);
      g_assert_cmpint (st.st_mtime, ==, st1.st_mtime);
      g_assert_cmpint (g_stat (good2, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, st2.st_size);

      /* A kill after the copy leaves a whole backup: taken away, so each round starts alike */
      remove_new_backups (fixture->path, good1, good2);
    }
  g_test_message ("%u of 20 kills cut a backup short", cut_short);

  /* A good import now: three kept, the two good ones among them */
  g_free (vj_test_run_cli (fixture->path, &status, NULL, "import", feeds[0], NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (fixture->path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (backups->len, ==, 3);
  }
  g_assert_true (g_file_test (good1, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (good2, G_FILE_TEST_EXISTS));
  g_free (feeds[0]);
  g_free (feeds[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/backup/before-import", Fixture, NULL, vj_test_fixture_setup_empty,
              test_before_import,
              vj_test_fixture_teardown);
  g_test_add ("/db/backup/rotation-keeps-the-setting", Fixture, NULL, vj_test_fixture_setup_empty,
              test_rotation, vj_test_fixture_teardown);
  g_test_add ("/db/backup/keeps-five-by-default", Fixture, NULL, vj_test_fixture_setup_empty,
              test_default_keep, vj_test_fixture_teardown);
  g_test_add ("/db/backup/before-purge", Fixture, NULL, vj_test_fixture_setup_empty,
              test_before_purge,
              vj_test_fixture_teardown);
  g_test_add ("/db/backup/list-async", Fixture, NULL, vj_test_fixture_setup_empty, test_list_async,
              vj_test_fixture_teardown);
  g_test_add ("/db/backup/restore-keeps-replaced", Fixture, NULL, vj_test_fixture_setup_empty,
              test_restore,
              vj_test_fixture_teardown);
  g_test_add ("/db/backup/cli-list-and-restore", Fixture, NULL, vj_test_fixture_setup_empty,
              test_cli,
              vj_test_fixture_teardown);
  g_test_add ("/db/backup/killed-copies", Fixture, NULL, vj_test_fixture_setup_empty,
              test_killed_copies, vj_test_fixture_teardown);
  g_test_add ("/db/backup/killed-copy-in-wal-mode", Fixture, NULL, vj_test_fixture_setup_empty,
              test_killed_copy_in_wal_mode, vj_test_fixture_teardown);
  return g_test_run ();
}
