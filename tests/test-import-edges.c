#define G_LOG_DOMAIN "test-import-edges"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-xml-source.h"
#include "vj-test-util.h"

/* What an administrator sees at the edges of import: a feed with thousands of broken records
 * says so in a bounded report, HTML descriptions keep their paragraphs, and a file with nothing
 * in it is called empty. */

#define XCRI_HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<catalog xmlns=\"http://xcri.org/profiles/1.2/catalog\"" \
  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n" \
  "<provider><dc:identifier>kant</dc:identifier><dc:title>Kantskolen</dc:title>\n"
#define XCRI_TAIL "</provider>\n</catalog>\n"

typedef VjTestFixture Fixture;

static VjImportReport *
import_text (Fixture    *fixture,
             const char *text,
             GError    **error)
{
  g_autofree char *path = g_build_filename (fixture->dir, "feed.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  g_file_set_contents (path, text, -1, &local_error);
  g_assert_no_error (local_error);
  return vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, error);
}

/* 2 500 courses with one id: the first kept, 2 499 reported — in 1 000 lines and a count */
static void
test_issues_bounded (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) feed = g_string_new (XCRI_HEAD);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  VjImportIssue *last;

  for (guint i = 0; i < 2500; i++)
    g_string_append_printf (feed, "<course><dc:identifier>samme</dc:identifier>"
                                  "<dc:title>Kursus %u</dc:title></course>\n", i);
  g_string_append (feed, XCRI_TAIL);
  report = import_text (fixture, feed->str, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->status, ==, "imported");
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added, ==, 1);

  g_assert_cmpuint (report->rejected->len, ==, VJ_IMPORT_ISSUES_MAX + 1);
  g_assert_cmpuint (vj_import_issues_count (report->rejected), ==, 2499);
  last = g_ptr_array_index (report->rejected, report->rejected->len - 1);
  g_assert_cmpuint (last->more, ==, 1499);
  g_assert_cmpstr (last->reason, ==, "… and 1499 more");
  g_assert_cmpuint (((VjImportIssue *) g_ptr_array_index (report->rejected, 0))->more, ==, 0);

  /* The run on record counts them all */
  {
    g_autofree char *recorded = vj_test_query_text (fixture->path, "SELECT rejected FROM import_run"
                                                                   " ORDER BY id DESC LIMIT 1;");
    g_assert_cmpstr (recorded, ==, "2499");
  }
}

/* HTML in CDATA: its paragraphs stay paragraphs; line breaks in its source do not */
static void
test_cdata_paragraphs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  report = import_text (fixture,
                        XCRI_HEAD
                        "<course><dc:identifier>k1</dc:identifier><dc:title>Kursus</dc:title>"
                        "<dc:description><![CDATA[<p>Første afsnit\n  fortsætter her.</p>"
                        "<p>Andet <b>afsnit</b>.</p><ul><li>Punkt</li></ul>]]>"
                        "</dc:description></course>\n"
                        XCRI_TAIL, &error);
  g_assert_no_error (error);
  description = vj_test_query_text (fixture->path, "SELECT description FROM programme"
                                                   " WHERE external_id = 'k1';");
  g_assert_cmpstr (description, ==, "Første afsnit fortsætter her.\nAndet afsnit.\nPunkt");
}

/* White space, or only a declaration and a comment: "no elements", not a parser riddle */
static void
test_no_elements (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *feeds[] = {
    "   \n\n\t  \n",
    "<?xml version=\"1.0\"?>\n<!-- tom -->\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VjImportReport) report = import_text (fixture, feeds[i], &error);

      g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY);
      g_assert_cmpstr (error->message, ==, "The feed has no elements. Nothing was imported.");
      g_assert_cmpstr (report->status, ==, "failed");
    }
}

/* ----- the imports the app runs in a worker (vj-import-tasks.c) ----- */

typedef struct
{
  GThread        *main_thread;
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

  /* In the caller's main context, in order */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (read, >=, run->last_read);
  run->calls++;
  run->last_read = read;
  run->total = total;
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

static void
wait_done (AsyncRun *run)
{
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  /* Progress queued before the result is dispatched before it */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
count_programmes (Fixture *fixture)
{
  return vj_test_query_int (fixture->path, "SELECT count(*) FROM programme;");
}

static void
test_async_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncRun run = { g_thread_self () };

  vj_import_file_async (fixture->db, file, "file", NULL, progress_cb, &run, file_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.report->totals.added, ==, 12);
  /* The whole file was read, and said so */
  g_assert_cmpuint (run.calls, >, 0);
  g_assert_cmpuint (run.total, >, 0);
  g_assert_cmpuint (run.last_read, ==, run.total);
  g_assert_cmpint (count_programmes (fixture), >, 0);
  async_run_clear (&run);
}

static void
test_async_location (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-feed.xml", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { g_thread_self () };

  /* A file that is not there: said, nothing changed */
  vj_import_location_async (fixture->db, missing, NULL, progress_cb, &run, location_done_cb,
                            &run);
  wait_done (&run);
  g_assert_error (run.error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (run.error->message, "no-such-feed.xml"));
  g_assert_cmpint (count_programmes (fixture), ==, 0);
  async_run_clear (&run);

  /* Cancelled before it began: nothing imported */
  run = (AsyncRun) { g_thread_self () };
  g_cancellable_cancel (cancellable);
  vj_import_location_async (fixture->db, path, cancellable, progress_cb, &run, location_done_cb,
                            &run);
  wait_done (&run);
  g_assert_nonnull (run.error);
  g_assert_null (run.report);
  g_assert_cmpint (count_programmes (fixture), ==, 0);
  async_run_clear (&run);

  /* And then, the same path */
  run = (AsyncRun) { g_thread_self () };
  vj_import_location_async (fixture->db, path, NULL, NULL, NULL, location_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.report->totals.added, ==, 12);
  g_assert_cmpuint (run.calls, ==, 0);
  async_run_clear (&run);
}

/* At start: the built-in catalogue comes in once, and again only when a newer one ships */
static void
test_async_builtin (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                 "region-sjaelland.xml", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) no_file = g_file_new_for_path (missing);
  AsyncRun run = { g_thread_self () };

  vj_import_builtin_async (fixture->db, file, NULL, progress_cb, &run, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_true (run.imported);
  g_assert_cmpuint (run.report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added, >, 60);
  g_assert_cmpuint (run.last_read, ==, run.total);
  async_run_clear (&run);

  run = (AsyncRun) { g_thread_self () };
  vj_import_builtin_async (fixture->db, file, NULL, NULL, NULL, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_no_error (run.error);
  g_assert_false (run.imported);
  g_assert_null (run.report);

  run = (AsyncRun) { g_thread_self () };
  vj_import_builtin_async (fixture->db, no_file, NULL, NULL, NULL, builtin_done_cb, &run);
  wait_done (&run);
  g_assert_nonnull (run.error);
  g_assert_false (run.imported);
  async_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/import/edges/issues/bounded-with-a-count", Fixture, NULL, vj_test_fixture_setup,
              test_issues_bounded, vj_test_fixture_teardown);
  g_test_add ("/import/edges/cdata/keeps-paragraphs", Fixture, NULL, vj_test_fixture_setup,
              test_cdata_paragraphs, vj_test_fixture_teardown);
  g_test_add ("/import/edges/async/file-with-progress", Fixture, NULL, vj_test_fixture_setup,
              test_async_file, vj_test_fixture_teardown);
  g_test_add ("/import/edges/async/location-missing-cancelled-then-ok", Fixture, NULL,
              vj_test_fixture_setup, test_async_location, vj_test_fixture_teardown);
  g_test_add ("/import/edges/async/builtin-once", Fixture, NULL, vj_test_fixture_setup,
              test_async_builtin, vj_test_fixture_teardown);
  g_test_add ("/import/edges/no-elements/said-so", Fixture, NULL, vj_test_fixture_setup,
              test_no_elements, vj_test_fixture_teardown);

  return g_test_run ();
}
