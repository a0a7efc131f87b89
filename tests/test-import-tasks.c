#define G_LOG_DOMAIN "test-import-tasks"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vj-db-feeds.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-xml-source.h"
#include "vj-test-server.h"
#include "vj-test-util.h"

/* The imports the app runs in a worker (src/import/vj-import-tasks.c) where
 * test-import-edges.c leaves off: a broken feed, a feed without a header at start and a fetch
 * cancelled half-way all say why and change nothing, and every run is in the history; a feed
 * over HTTP reports its progress in the caller's thread and is not fetched again while
 * unchanged. */

typedef struct
{
  VjTestFixture  base;
  VjTestServer  *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  vj_test_fixture_setup (&fixture->base, data);
  fixture->server = vj_test_server_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vj_test_server_free (fixture->server);
  vj_test_fixture_teardown (&fixture->base, data);
}

/* ----- one asynchronous import, waited for ----- */

typedef struct
{
  GThread        *main_thread;
  GCancellable   *cancel_on_progress;
  guint           calls;
  guint64         last_read;
  guint64         total;
  gboolean        done;
  gboolean        imported;
  VjImportReport *report;
  GError         *error;
} AsyncRun;

static void
async_run_clear (AsyncRun *run)
{
  g_clear_pointer (&run->report, vj_import_report_free);
  g_clear_error (&run->error);
}

static void
progress_cb (guint64  read,
             guint64  total,
             gpointer user_data)
{
  AsyncRun *run = user_data;

  /* In the caller's thread, never going back */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (read, >=, run->last_read);
  run->calls++;
  run->last_read = read;
  run->total = total;
  if (run->cancel_on_progress != NULL)
    g_cancellable_cancel (run->cancel_on_progress);
}

static void
file_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->report = vj_import_file_finish (result, &run->error);
  run->done = TRUE;
}

static void
location_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->report = vj_import_location_finish (result, &run->error);
  run->done = TRUE;
}

static void
builtin_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->report = vj_import_builtin_finish (result, &run->imported, &run->error);
  run->done = TRUE;
}

/* Only a guard against a hang: the deadline is far beyond any run */
static void
wait_done (AsyncRun *run)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!run->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return vj_test_query_int (fixture->base.path, sql);
}

static void
import_small (Fixture *fixture)
{
  g_autoptr(GFile) file = data_file ("v1-small.xml");
  AsyncRun run = { g_thread_self () };

  vj_import_file_async (fixture->base.db, file, "file", NULL, NULL, NULL, file_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.report->status, ==, "imported");
  g_assert_cmpuint (run.report->totals.added, ==, 12);
  async_run_clear (&run);
}

/* ----- the tests ----- */

/* A newer version of a feed that is not well-formed: the error names the line, the catalogue
 * stays as it was, and the history has the failed run above the good one */
static void
test_file_broken (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) broken = data_file ("v1-not-well-formed.xml");
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun run = { g_thread_self () };
  VjImportRun *newest, *oldest;
  gint64 programmes, offerings;

  import_small (fixture);
  programmes = count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;");
  offerings = count (fixture, "SELECT count(*) FROM offering WHERE withdrawn = 0;");
  g_assert_cmpint (programmes, ==, 3);

  vj_import_file_async (fixture->base.db, broken, "file", NULL, progress_cb, &run, file_done_cb,
                        &run);
  wait_done (&run);
  g_assert_error (run.error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
  g_assert_null (run.report);
  g_assert_nonnull (strstr (run.error->message, "line 17"));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;"),
                   ==, programmes);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering WHERE withdrawn = 0;"),
                   ==, offerings);
  g_assert_cmpint (count (fixture, "SELECT max(feed_version) FROM source"
                                   " WHERE feed_id = 'test:small';"), ==, 1);

  runs = vj_db_list_import_runs (fixture->base.db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  newest = g_ptr_array_index (runs, 0);
  oldest = g_ptr_array_index (runs, 1);
  g_assert_cmpstr (newest->status, ==, "failed");
  g_assert_cmpuint (newest->error_line, ==, 17);
  g_assert_cmpstr (newest->error, ==, run.error->message);
  g_assert_cmpuint (newest->added, ==, 0);
  g_assert_true (g_str_has_suffix (newest->location, "v1-not-well-formed.xml"));
  g_assert_cmpstr (oldest->status, ==, "imported");
  g_assert_cmpuint (oldest->added, ==, 12);
  g_assert_cmpstr (oldest->source_title, ==, "Lille testfeed");
  async_run_clear (&run);
}

/* At start, a catalogue whose first record comes before its header is refused as a whole */
static void
test_builtin_without_header (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("v1-no-header.xml");
  AsyncRun run = { g_thread_self () };

  vj_import_builtin_async (fixture->base.db, file, NULL, NULL, NULL, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_error (run.error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER);
  g_assert_cmpstr (run.error->message, ==,
                   "The feed must begin with a <header> (line 4). Nothing was imported.");
  g_assert_false (run.imported);
  g_assert_null (run.report);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme;"), ==, 0);
  async_run_clear (&run);
}

/* At start, a newer catalogue that breaks after its header: nothing of it comes in, and the
 * older one stays */
static void
test_builtin_broken_after_header (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("v1-not-well-formed.xml");
  AsyncRun run = { g_thread_self () };
  gint64 programmes;

  import_small (fixture);
  programmes = count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;");

  vj_import_builtin_async (fixture->base.db, file, NULL, progress_cb, &run, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_error (run.error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
  g_assert_false (run.imported);
  g_assert_null (run.report);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;"),
                   ==, programmes);
  g_assert_cmpint (count (fixture, "SELECT max(feed_version) FROM source"
                                   " WHERE feed_id = 'test:small';"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM import_run WHERE status = 'failed';"),
                   ==, 1);
  async_run_clear (&run);
}

static gboolean
run_builtin (Fixture *fixture,
             GFile   *file)
{
  AsyncRun run = { g_thread_self () };
  gboolean imported;

  vj_import_builtin_async (fixture->base.db, file, NULL, NULL, NULL, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  imported = run.imported;
  async_run_clear (&run);
  return imported;
}

/* A built-in public table (KOT's cut-offs, data/sources/) carries no version: imported at first
 * start, not again while the same copy ships, again when a newer copy ships (next year's rows
 * added); once the counsellor has loaded the table by hand, the built-in copy leaves it be */
static void
test_builtin_table (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *excerpt = g_test_build_filename (G_TEST_DIST, "data", "public",
                                                    "kot-graensekvotienter-excerpt.csv", NULL);
  g_autofree char *path = g_build_filename (fixture->base.dir, "kot-graensekvotienter.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *newest = NULL;
  const char *title = "Professionsbachelor, pædagog, Roskilde, Studiestart: sommerstart";

  g_assert_true (g_file_get_contents (excerpt, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (run_builtin (fixture, file));
  g_assert_false (run_builtin (fixture, file));

  /* The next release ships the table with 2026 */
  newer = g_strdup_printf ("%s53130#2026;53130;2026;5.1;5,1;;true;false;%s\n", text, title);
  g_assert_true (g_file_set_contents (path, newer, -1, NULL));
  g_assert_true (run_builtin (fixture, file));
  g_assert_false (run_builtin (fixture, file));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact WHERE key = '53130'"
                                   " AND year = 2026;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT feed_version FROM source"
                                   " WHERE feed_id = 'public:kot';"), ==, 2);

  /* The counsellor loads a corrected 2026 by hand; the built-in copy of a later release does
   * not undo it */
  {
    g_autofree char *own = g_build_filename (fixture->base.dir, "kot-2026.csv", NULL);
    g_autoptr(GFile) own_file = g_file_new_for_path (own);
    AsyncRun run = { g_thread_self () };

    g_assert_true (g_file_set_contents (own, "kot_nr;aar;graensekvotient;graensekvotient_raw;"
                                             "udbud_titel\n53130;2026;5.3;5,3;Professionsbachelor,"
                                             " pædagog, Roskilde, Studiestart: sommerstart\n",
                                        -1, NULL));
    vj_import_file_async (fixture->base.db, own_file, "file", NULL, NULL, NULL, file_done_cb,
                          &run);
    wait_done (&run);
    g_assert_no_error (run.error);
    g_assert_cmpstr (run.report->status, ==, "imported");
    async_run_clear (&run);
  }
  newest = g_strdup_printf ("%s53130#2027;53130;2027;5.2;5,2;;true;false;%s\n", newer, title);
  g_assert_true (g_file_set_contents (path, newest, -1, NULL));
  g_assert_false (run_builtin (fixture, file));
  g_assert_cmpint (count (fixture, "SELECT value * 10 FROM public_fact WHERE key = '53130'"
                                   " AND year = 2026;"), ==, 53);
}

/* A feed over HTTP: progress in the caller's thread up to the whole feed, the ETag kept, and
 * the next fetch says the feed has not changed without importing it again */
static void
test_location_http (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = vj_test_server_url (fixture->server, "/small.xml");
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  g_autoptr(VjFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun run = { g_thread_self () };

  g_assert_true (vj_db_add_feed (fixture->base.db, "lille", url, &error));
  g_assert_no_error (error);

  vj_import_location_async (fixture->base.db, url, NULL, progress_cb, &run, location_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.report->status, ==, "imported");
  g_assert_cmpstr (run.report->location, ==, url);
  g_assert_cmpuint (run.report->totals.added, ==, 12);
  g_assert_cmpuint (run.calls, >, 0);
  g_assert_cmpuint (run.last_read, ==, vj_test_server_feed_size (fixture->server));
  g_assert_true (vj_db_get_source_validators (fixture->base.db, url, &etag, &last_modified));
  g_assert_cmpstr (etag, ==, "\"test-server-v1\"");
  g_assert_null (last_modified);
  async_run_clear (&run);

  run = (AsyncRun) { g_thread_self () };
  vj_import_location_async (fixture->base.db, url, NULL, progress_cb, &run, location_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.report->status, ==, "not-modified");
  g_assert_cmpuint (run.report->totals.added, ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme;"), ==, 3);
  async_run_clear (&run);

  /* The subscription shows the last result */
  feed = vj_db_lookup_feed (fixture->base.db, "lille", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->last_status, ==, "not-modified");
}

/* Cancelled while the server is still sending: said so, nothing changed, and the run is in
 * the history as cancelled. The server never finishes, so only the cancellation can end it. */
static void
test_location_cancelled_midway (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *url = vj_test_server_url (fixture->server, "/stall.xml");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun run = { g_thread_self (), cancellable };
  VjImportRun *newest;
  gint64 programmes;

  import_small (fixture);
  programmes = count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;");

  vj_import_location_async (fixture->base.db, url, cancellable, progress_cb, &run, location_done_cb,
                            &run);
  wait_done (&run);
  g_assert_cmpuint (run.calls, >, 0);
  /* The task's own cancellation error or the importer's: either says it was cancelled */
  g_assert_true (g_error_matches (run.error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED) ||
                 g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_null (run.report);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme WHERE withdrawn = 0;"),
                   ==, programmes);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM source;"), ==, 1);

  runs = vj_db_list_import_runs (fixture->base.db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  newest = g_ptr_array_index (runs, 0);
  g_assert_cmpstr (newest->location, ==, url);
  g_assert_cmpstr (newest->status, ==, "cancelled");
  g_assert_null (newest->source_title);
  async_run_clear (&run);
}

/* A subscription's name is 1 to 100 letters, counted as letters (Danish ones are two bytes);
 * one that is not there is said by name */
static void
test_feed_names (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(VjFeed) missing = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append (name, "æ");
  g_assert_true (vj_db_add_feed (fixture->base.db, name->str, "https://example.dk/a.xml", &error));
  g_assert_no_error (error);

  g_string_append (name, "ø");
  g_assert_false (vj_db_add_feed (fixture->base.db, name->str, "https://example.dk/b.xml", &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==, "A feed needs a name of 1 to 100 characters.");
  g_clear_error (&error);

  g_assert_false (vj_db_add_feed (fixture->base.db, "ftp", "ftp://example.dk/c.xml", &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==,
                   "“ftp://example.dk/c.xml” is not a web address (http:// or https://).");
  g_clear_error (&error);

  feeds = vj_db_list_feeds (fixture->base.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);

  missing = vj_db_lookup_feed (fixture->base.db, "absalon", &error);
  g_assert_null (missing);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no feed named “absalon”.");
  g_clear_error (&error);

  g_assert_false (vj_db_remove_feed (fixture->base.db, "absalon", &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  /* The server is on the loopback interface: no proxy, whatever the environment says */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/import/tasks/file/broken-changes-nothing", Fixture, NULL, fixture_setup,
              test_file_broken, fixture_teardown);
  g_test_add ("/import/tasks/builtin/without-header-refused", Fixture, NULL, fixture_setup,
              test_builtin_without_header, fixture_teardown);
  g_test_add ("/import/tasks/builtin/broken-after-header-keeps-older", Fixture, NULL,
              fixture_setup, test_builtin_broken_after_header, fixture_teardown);
  g_test_add ("/import/tasks/builtin/table-newer-copy", Fixture, NULL, fixture_setup,
              test_builtin_table, fixture_teardown);
  g_test_add ("/import/tasks/location/http-progress-then-not-modified", Fixture, NULL,
              fixture_setup, test_location_http, fixture_teardown);
  g_test_add ("/import/tasks/location/cancelled-midway-changes-nothing", Fixture, NULL,
              fixture_setup, test_location_cancelled_midway, fixture_teardown);
  g_test_add ("/db/feeds/names-counted-in-letters", Fixture, NULL, fixture_setup,
              test_feed_names, fixture_teardown);

  return g_test_run ();
}
