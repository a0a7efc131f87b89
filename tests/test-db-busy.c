#define G_LOG_DOMAIN "test-db-busy"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "vj-db-private.h"
#include "vj-db-sessions.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-session-record.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* A save is never refused because of Vejviser itself (issue 17, item 6): while a Vejviser job
 * (an import's merge, an erase, another process's save) holds the database's write lock, a
 * counsellor's save waits for it, however long it takes, instead of failing with "in use by
 * another program"; a lock held by something else is still called that. */

#define N_EXTRA 3000

typedef VjTestFixture Fixture;

static VjSessionRecord *
new_session (const char *notes)
{
  VjSessionRecord *s = vj_session_record_new ();

  s->started_at = g_strdup ("2026-12-01T10:00");
  s->duration_minutes = 30;
  s->counsellor = g_strdup ("Mette Vejleder");
  s->service = g_strdup ("kui");
  s->form = g_strdup ("individual");
  s->notes = g_strdup (notes);
  return s;
}

typedef struct
{
  const char *path;
  gboolean    mark_as_vejviser;
  guint       hold_ms;
  GMutex      lock;
  GCond       cond;
  gboolean    holding;
} Holder;

/* Holds the write lock for @hold_ms, as a Vejviser job (the writing lock beside it) or as
 * another program */
static gpointer
hold_thread (gpointer data)
{
  Holder *holder = data;
  g_autoptr(GError) error = NULL;
  VjStoreConn *conn = vj_test_store_open (holder->path, FALSE);
  int writing = -1;

  vj_store_begin (conn, &error);
  g_assert_no_error (error);
  vj_store_exec (conn, "INSERT INTO setting VALUES ('held', '1');", &error);
  g_assert_no_error (error);
  if (holder->mark_as_vejviser)
    writing = _vj_db_writing_begin (conn);
  g_mutex_lock (&holder->lock);
  holder->holding = TRUE;
  g_cond_signal (&holder->cond);
  g_mutex_unlock (&holder->lock);
  g_usleep (holder->hold_ms * 1000);
  vj_store_commit (conn, &error);
  g_assert_no_error (error);
  _vj_db_writing_end (writing);
  vj_store_close (conn);
  return NULL;
}

static GThread *
hold (Holder *holder)
{
  GThread *thread = g_thread_new ("holder", hold_thread, holder);

  g_mutex_lock (&holder->lock);
  while (!holder->holding)
    g_cond_wait (&holder->cond, &holder->lock);
  g_mutex_unlock (&holder->lock);
  return thread;
}

/* Longer than a lock held by another program is waited for (5 s): a Vejviser job is waited
 * out. Before, the save failed with "The database is in use by another program". */
static void
test_save_waits_for_vejviser (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(VjSessionRecord) session = new_session ("Gemt mens Vejviser skrev");
  Holder holder = { .path = fixture->path, .mark_as_vejviser = TRUE, .hold_ms = 6500 };
  GThread *thread;
  gint64 id;

  g_assert_no_error (error);
  thread = hold (&holder);
  id = vj_db_save_session (db, session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_thread_join (thread);
  vj_db_close (db);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM session"
                                      " WHERE notes = 'Gemt mens Vejviser skrev';"), ==, 1);
}

/* Held by something else: given up after a while, and said to be another program */
static void
test_other_program_named (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->path, &error);
  g_autoptr(VjSessionRecord) session = new_session ("x");
  Holder holder = { .path = fixture->path, .mark_as_vejviser = FALSE, .hold_ms = 5600 };
  GThread *thread;

  g_assert_no_error (error);
  thread = hold (&holder);
  g_assert_cmpint (vj_db_save_session (db, session, &error), ==, 0);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_thread_join (thread);
  vj_db_close (db);
}

/* A v1 feed with N_EXTRA more programmes; @mark changes every title, so that importing one
 * after the other updates them all */
static char *
write_feed (const char *dir,
            const char *mark)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autofree char *name = g_strdup_printf ("feed-%s.xml", mark);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  out = g_string_new (contents);
  for (guint i = 0; i < N_EXTRA; i++)
    g_string_append_printf (extra,
      "  <programme id=\"ekstra-%u\">\n"
      "    <title>Ekstra uddannelse %u %s</title>\n"
      "    <category>veu</category>\n"
      "    <description>Syntetisk uddannelse nummer %u %s.</description>\n"
      "    <offering id=\"ekstra-%u:greve\">\n"
      "      <location>greve-gymnasium</location>\n"
      "      <start>2027-08</start>\n"
      "    </offering>\n"
      "  </programme>\n", i, i, mark, i, mark, i);
  g_string_insert_len (out, strstr (out->str, "</catalogue>") - out->str, extra->str,
                       (gssize) extra->len);
  g_file_set_contents (path, out->str, (gssize) out->len, &error);
  g_assert_no_error (error);
  return path;
}

/* The brief's case: an update import (CLI) holds the write lock; meanwhile the app saves a
 * session and `vejviser-cli sessions import` adds two; all land, and the import completes */
static void
test_saves_during_update_import (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *first = write_feed (fixture->dir, "a");
  g_autofree char *second = write_feed (fixture->dir, "b");
  g_autofree char *csv = g_build_filename (fixture->dir, "samtaler.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjSessionRecord) session = new_session ("Gemt under importen");
  const char *import_argv[] = { g_getenv ("VEJVISER_CLI"), "--db", fixture->path, "import",
                                second, NULL };
  const char *sessions_argv[] = { g_getenv ("VEJVISER_CLI"), "--db", fixture->path,
                                  "sessions", "import", csv, NULL };
  g_autofree char *sessions_err = NULL;
  gboolean seen_held = FALSE;
  GPid pid;
  int status = 0;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  report = vj_import_file (db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (csv, "dato;personer;noter\n27-11-2026;AB;Fra CSV en\n"
                            "28-11-2026;CD;Fra CSV to\n", -1, &error);
  g_assert_no_error (error);

  g_spawn_async (NULL, (char **) import_argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  /* Until its merge holds the write lock (or it is done) */
  while (!(seen_held = _vj_db_held_by_vejviser (fixture->path)) &&
         waitpid (pid, &status, WNOHANG) == 0)
    g_usleep (500);
  g_test_message ("%s", seen_held ? "saved while the import held the write lock"
                                  : "the import was done before its lock was seen");

  g_assert_cmpint (vj_db_save_session (db, session, &error), >, 0);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) sessions_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &sessions_err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("sessions import: %s", sessions_err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  if (seen_held)
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_spawn_close_pid (pid);
  vj_db_close (db);

  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM session;"), ==, 3);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM programme"
                                      " WHERE title LIKE 'Ekstra uddannelse % b';"), ==,
                   N_EXTRA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/busy/save-waits-for-vejviser", Fixture, NULL, vj_test_fixture_setup_empty,
              test_save_waits_for_vejviser, vj_test_fixture_teardown);
  g_test_add ("/db/busy/other-program-named", Fixture, NULL, vj_test_fixture_setup_empty,
              test_other_program_named, vj_test_fixture_teardown);
  g_test_add ("/cli/busy/saves-during-update-import", Fixture, NULL, vj_test_fixture_setup_empty,
              test_saves_during_update_import, vj_test_fixture_teardown);
  return g_test_run ();
}
