#define G_LOG_DOMAIN "test-ui-import-page"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vj-db-feeds.h"
#include "vj-db.h"
#include "vj-import-page.h"
#include "vj-importer.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"
#include "vj-window.h"

/* The Import page as an administrator uses it: a file imported through the page shows its
 * report and its run; a broken one says why and changes nothing; a subscription is added by
 * name and address, removed, and brought back with Undo. */

typedef struct
{
  VjTestWindowFixture  ui;
  GtkWidget           *page;  /* Import */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_window_fixture_setup (&fixture->ui, user_data);
  vj_window_show_section (fixture->ui.window, "import");
  fixture->page = vj_window_get_visible_page (fixture->ui.window);
  g_assert_true (VJ_IS_IMPORT_PAGE (fixture->page));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  vj_test_window_fixture_teardown (&fixture->ui, user_data);
}

static gboolean
page_idle (gpointer data)
{
  return !vj_import_page_get_busy (data);
}

/* The row of that title on the page, if shown */
static AdwActionRow *
row_titled (GtkWidget  *page,
            const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  vj_test_collect_visible (page, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  gboolean    shown;
} HistoryWait;

static gboolean
history_row_is (gpointer data)
{
  HistoryWait *wait = data;

  return (row_titled (wait->page, wait->title) != NULL) == wait->shown;
}

/* The history is read in a worker: until the row is there (or gone) */
static void
wait_for_row (GtkWidget  *page,
              const char *title,
              gboolean    shown)
{
  HistoryWait wait = { page, title, shown };

  vj_test_wait_until (history_row_is, &wait);
}

static GtkWidget *
button_labelled (GtkWidget  *page,
                 const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vj_test_collect_visible (page, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), tooltip) == 0)
      return buttons->pdata[i];
  return NULL;
}

static void
import_through_page (Fixture    *fixture,
                     const char *name)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  vj_import_page_import (VJ_IMPORT_PAGE (fixture->page), feed);
  g_assert_true (vj_import_page_get_busy (VJ_IMPORT_PAGE (fixture->page)));
  vj_test_wait_until (page_idle, fixture->page);
}

static void
test_file_and_broken (Fixture       *fixture,
                      gconstpointer  user_data)
{
  AdwActionRow *report, *failed;
  gint64 programmes;

  wait_for_row (fixture->page, "No imports yet", TRUE);

  import_through_page (fixture, "v1-small.xml");
  programmes = vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM programme;");
  g_assert_cmpint (programmes, >, 0);
  /* The report says what came in, and the run is in the history */
  report = row_titled (fixture->page, "Lille testfeed (Vejviser catalogue format v1)");
  g_assert_nonnull (report);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (report), "12 added, "));
  wait_for_row (fixture->page, "No imports yet", FALSE);

  /* A broken feed: why, and nothing changed */
  import_through_page (fixture, "v1-not-well-formed.xml");
  failed = row_titled (fixture->page, "Nothing was imported");
  g_assert_nonnull (failed);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (failed), "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (failed), "line"));
  g_assert_null (row_titled (fixture->page, "Lille testfeed (Vejviser catalogue format v1)"));
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM programme;"), ==,
                   programmes);
}

/* A Europass ELM file through the page, as any feed: its report names the format, counts what
 * came in and lists the rejected opportunities with their lines */
static void
test_elm_file (Fixture       *fixture,
               gconstpointer  user_data)
{
  AdwActionRow *report;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint rejected_lines = 0;

  import_through_page (fixture, "elm/elm-rejects.xml");
  report = row_titled (fixture->page, "Køge Akademi (Europass ELM learning opportunities (draft))");
  g_assert_nonnull (report);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (report), "4 added, "));
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM offering;"),
                   ==, 1);
  vj_test_collect_visible (fixture->page, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (rows->pdata[i]);
      const char *subtitle = adw_action_row_get_subtitle (rows->pdata[i]);

      if (strstr (title ?: "", "Learning opportunity") != NULL ||
          strstr (subtitle ?: "", "Learning opportunity") != NULL)
        rejected_lines++;
    }
  g_test_message ("%u rows name a learning opportunity", rejected_lines);
  g_assert_cmpuint (rejected_lines, ==, 5);
}

/* An import from elsewhere (the command line, with its own connection) is in the history when
 * the page is shown again, without a restart */
static void
test_history_after_import_elsewhere (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) other = vj_db_open (fixture->ui.base.path, &error);
  g_autoptr(VjImportReport) report = NULL;

  g_assert_no_error (error);
  wait_for_row (fixture->page, "No imports yet", TRUE);
  report = vj_import_location (other, feed, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  vj_db_close (other);

  vj_window_show_section (fixture->ui.window, "programmes");
  vj_window_show_section (fixture->ui.window, "import");
  g_assert_true (vj_window_get_visible_page (fixture->ui.window) == fixture->page);
  wait_for_row (fixture->page, "Lille testfeed", TRUE);
  g_assert_null (row_titled (fixture->page, "No imports yet"));
}

typedef struct
{
  Fixture    *fixture;
  const char *title;
  gboolean    shown;
} RowWait;

static gboolean
row_shown_is (gpointer data)
{
  RowWait *wait = data;

  return (row_titled (wait->fixture->page, wait->title) != NULL) == wait->shown;
}

static gboolean
toast_shown (gpointer data)
{
  return vj_test_shown_toast (data) != NULL;
}

static void
test_subscription_remove_and_undo (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  AdwToast *toast;
  g_autoptr(VjFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  RowWait wait = { fixture, "zealand", TRUE };
  GtkWidget *remove;

  /* The address to fetch now, then the new subscription's name and address */
  vj_test_collect_visible (fixture->page, GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), "zealand");
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "https://www.example.dk/xcri.xml");
  g_signal_emit_by_name (entries->pdata[2], "activate");
  vj_test_wait_until (row_shown_is, &wait);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[1])), ==, "");

  /* Removed at once, with Undo */
  remove = button_labelled (fixture->page, "Remove zealand");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  wait.shown = FALSE;
  vj_test_wait_until (row_shown_is, &wait);
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM feed;"), ==, 0);
  vj_test_wait_until (toast_shown, fixture->page);
  toast = vj_test_shown_toast (fixture->page);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "The subscription “zealand” was removed");

  /* Undo brings it back, and leaves a new subscription being typed alone */
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), "absalon");
  g_signal_emit_by_name (toast, "button-clicked");
  wait.shown = TRUE;
  vj_test_wait_until (row_shown_is, &wait);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[1])), ==, "absalon");
  feed = vj_db_lookup_feed (fixture->ui.base.db, "zealand", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->url, ==, "https://www.example.dk/xcri.xml");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/ui/import/file-then-broken", Fixture, NULL, fixture_set_up,
              test_file_and_broken, fixture_tear_down);
  g_test_add ("/ui/import/elm-file", Fixture, NULL, fixture_set_up, test_elm_file,
              fixture_tear_down);
  g_test_add ("/ui/import/history-after-import-elsewhere", Fixture, NULL, fixture_set_up,
              test_history_after_import_elsewhere, fixture_tear_down);
  g_test_add ("/ui/import/subscription-remove-and-undo", Fixture, NULL, fixture_set_up,
              test_subscription_remove_and_undo, fixture_tear_down);
  return g_test_run ();
}
