#define G_LOG_DOMAIN "test-ui-import"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vj-db-feeds.h"
#include "vj-db.h"
#include "vj-import-page.h"
#include "vj-programmes-page.h"
#include "vj-test-server.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"
#include "vj-window.h"

/* The Import page with a web server, where test-ui-import-page.c leaves off: a subscription
 * typed into the page is fetched from the server, then found unchanged; an import cancelled
 * while the server is still sending changes nothing and is in the history as cancelled; a feed
 * with bad records lists them by line; an address that is not a web address is refused. */

typedef struct
{
  VjTestWindowFixture  ui;
  GtkWidget           *page;      /* Import */
  VjTestServer        *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_window_fixture_setup (&fixture->ui, user_data);
  fixture->server = vj_test_server_new ();
  vj_window_show_section (fixture->ui.window, "import");
  fixture->page = vj_window_get_visible_page (fixture->ui.window);
  g_assert_true (VJ_IS_IMPORT_PAGE (fixture->page));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  vj_test_window_fixture_teardown (&fixture->ui, user_data);
  vj_test_server_free (fixture->server);
}

/* ----- finding what the page shows ----- */

/* The row of that title on the page, if shown; the first of several */
static AdwPreferencesRow *
row_titled (GtkWidget  *page,
            GType       type,
            const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  vj_test_collect_visible (page, type, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

static const char *
subtitle_of (GtkWidget  *page,
             const char *title)
{
  AdwPreferencesRow *row = row_titled (page, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* A button by its label (mnemonic included) or, for an icon button, its tooltip */
static GtkWidget *
button_named (GtkWidget  *page,
              const char *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vj_test_collect_visible (page, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), name) == 0 ||
        g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), name) == 0)
      return buttons->pdata[i];
  return NULL;
}

/* The page's entries, in order: the address to fetch now, a new subscription's name and its
 * address */
static GtkEditable *
entry_at (Fixture *fixture,
          guint    index)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  vj_test_collect_visible (fixture->page, GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 3);
  return GTK_EDITABLE (entries->pdata[index]);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
page_idle (gpointer data)
{
  return !vj_import_page_get_busy (data);
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  const char *subtitle_part;   /* NULL: any */
} RowWait;

static gboolean
row_says (gpointer data)
{
  RowWait *wait = data;
  AdwPreferencesRow *row = row_titled (wait->page, ADW_TYPE_ACTION_ROW, wait->title);

  return row != NULL &&
         (wait->subtitle_part == NULL ||
          strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->subtitle_part) != NULL);
}

static gboolean
server_stalled (gpointer data)
{
  Fixture *fixture = data;

  return vj_test_server_stalled (fixture->server) > 0;
}

/* The toast the window shows over the page says @data */
static gboolean
toast_says (gpointer data)
{
  const char **wait = data;
  AdwToast *toast = vj_test_shown_toast (GTK_WIDGET (wait[0]));

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), wait[1]) == 0;
}

static gint64
programmes (Fixture *fixture)
{
  return vj_test_query_int (fixture->ui.base.path,
                            "SELECT count(*) FROM programme WHERE withdrawn = 0;");
}

/* ----- the tests ----- */

/* Typed in, fetched from the server (its report, its last result), fetched again: unchanged,
 * and nothing imported twice */
static void
test_subscription_fetched (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *url = vj_test_server_url (fixture->server, "/small.xml");
  g_autofree char *never = g_strdup_printf ("%s\nNever fetched", url);
  RowWait wait = { fixture->page, "lille", NULL };
  const char *report;

  /* Refresh All has nothing to do yet */
  g_assert_false (gtk_widget_get_sensitive (button_named (fixture->page, "_Refresh All")));

  gtk_editable_set_text (entry_at (fixture, 1), "lille");
  gtk_editable_set_text (entry_at (fixture, 2), url);
  click (button_named (fixture->page, "_Add"));
  vj_test_wait_until (row_says, &wait);
  g_assert_cmpstr (subtitle_of (fixture->page, "lille"), ==, never);
  g_assert_cmpstr (gtk_editable_get_text (entry_at (fixture, 2)), ==, "");

  click (button_named (fixture->page, "Fetch lille now"));
  g_assert_true (vj_import_page_get_busy (VJ_IMPORT_PAGE (fixture->page)));
  vj_test_wait_until (page_idle, fixture->page);
  report = subtitle_of (fixture->page, "Lille testfeed (Vejviser catalogue format v1)");
  g_assert_cmpstr (report, ==, "12 added, 0 updated, 0 unchanged, 0 withdrawn, 0 rejected");
  g_assert_nonnull (strstr (subtitle_of (fixture->page, "lille"), "Imported"));
  g_assert_cmpint (programmes (fixture), ==, 3);

  /* Again, through Refresh All: the server says it has not changed */
  click (button_named (fixture->page, "_Refresh All"));
  vj_test_wait_until (page_idle, fixture->page);
  g_assert_cmpstr (subtitle_of (fixture->page, "The feed has not changed since the last import"),
                   ==, url);
  g_assert_null (row_titled (fixture->page, ADW_TYPE_ACTION_ROW,
                             "Lille testfeed (Vejviser catalogue format v1)"));
  g_assert_nonnull (strstr (subtitle_of (fixture->page, "lille"),
                            "Unchanged since the last import"));
  g_assert_cmpint (programmes (fixture), ==, 3);
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM import_run;"),
                   ==, 2);
  g_assert_null (vj_test_shown_toast (fixture->page));
}

/* Cancel while the server is still sending: the page says nothing was imported, the catalogue
 * is as it was, and the history shows the run as cancelled */
static void
test_cancel_changes_nothing (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autofree char *url = vj_test_server_url (fixture->server, "/stall.xml");
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesRow *failed;
  gint64 before;

  vj_import_page_import (VJ_IMPORT_PAGE (fixture->page), small);
  vj_test_wait_until (page_idle, fixture->page);
  before = programmes (fixture);
  g_assert_cmpint (before, ==, 3);

  vj_import_page_import (VJ_IMPORT_PAGE (fixture->page), url);
  g_assert_true (vj_import_page_get_busy (VJ_IMPORT_PAGE (fixture->page)));
  /* The file and address buttons wait for it */
  g_assert_false (gtk_widget_get_sensitive (button_named (fixture->page, "_Choose File…")));
  g_assert_false (gtk_widget_get_sensitive (button_named (fixture->page, "_Fetch")));
  vj_test_wait_until (server_stalled, fixture);
  g_assert_true (gtk_widget_is_visible (button_named (fixture->page, "_Cancel")));
  click (button_named (fixture->page, "_Cancel"));
  vj_test_wait_until (page_idle, fixture->page);

  failed = row_titled (fixture->page, ADW_TYPE_ACTION_ROW, "Nothing was imported");
  g_assert_nonnull (failed);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (failed), "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (failed)), "cancelled"));
  /* The progress and its Cancel button are gone */
  g_assert_false (gtk_widget_is_visible (button_named (fixture->page, "_Cancel")));
  g_assert_true (gtk_widget_get_sensitive (button_named (fixture->page, "_Fetch")));
  g_assert_cmpint (programmes (fixture), ==, before);

  runs = vj_db_list_import_runs (fixture->ui.base.db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((VjImportRun *) runs->pdata[0])->status, ==, "cancelled");
  /* The history's newest row is the cancelled fetch, by its address (read in a worker) */
  {
    RowWait wait = { fixture->page, url, "Cancelled" };

    vj_test_wait_until (row_says, &wait);
  }
  g_assert_nonnull (strstr (subtitle_of (fixture->page, url), "Cancelled"));
}

/* Records that were skipped are listed with their lines under the report */
static void
test_skipped_records_listed (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-bad-records.xml", NULL);
  AdwPreferencesRow *skipped;

  vj_import_page_import (VJ_IMPORT_PAGE (fixture->page), feed);
  vj_test_wait_until (page_idle, fixture->page);

  skipped = row_titled (fixture->page, ADW_TYPE_EXPANDER_ROW, "9 records were skipped");
  g_assert_nonnull (skipped);
  for (guint n = 0; n < 9; n++)
    {
      const guint lines[] = { 18, 32, 36, 39, 44, 48, 53, 58, 64 };
      g_autofree char *text = g_strdup_printf ("Line %u", lines[n]);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      gboolean found = FALSE;

      vj_test_collect_visible (GTK_WIDGET (skipped), ADW_TYPE_ACTION_ROW, rows);
      for (guint i = 0; i < rows->len; i++)
        found = found || g_strcmp0 (adw_action_row_get_subtitle (rows->pdata[i]), text) == 0;
      g_assert_true (found);
    }
  g_assert_cmpint (programmes (fixture), >, 0);
}

/* An address typed without http:// is not fetched: the page says what it wants */
static void
test_address_must_be_web (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char *wait[] = { (const char *) fixture->page, NULL };

  /* Said in a toast over the page */
  gtk_editable_set_text (entry_at (fixture, 0), "  www.example.dk/feed.xml ");
  click (button_named (fixture->page, "_Fetch"));
  g_assert_false (vj_import_page_get_busy (VJ_IMPORT_PAGE (fixture->page)));
  g_assert_nonnull (vj_test_shown_toast (fixture->page));
  g_assert_cmpstr (adw_toast_get_title (vj_test_shown_toast (fixture->page)), ==,
                   "Enter a web address beginning with http:// or https://");
  adw_toast_dismiss (vj_test_shown_toast (fixture->page));
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM import_run;"),
                   ==, 0);

  /* A subscription needs one too; nothing is saved */
  gtk_editable_set_text (entry_at (fixture, 1), "forkert");
  gtk_editable_set_text (entry_at (fixture, 2), "www.example.dk/feed.xml");
  click (button_named (fixture->page, "_Add"));
  wait[1] = "“www.example.dk/feed.xml” is not a web address (http:// or https://).";
  vj_test_wait_until (toast_says, wait);
  g_assert_cmpstr (gtk_editable_get_text (entry_at (fixture, 1)), ==, "forkert");
  g_assert_cmpint (vj_test_query_int (fixture->ui.base.path, "SELECT count(*) FROM feed;"), ==, 0);
}

static gboolean
three_listed (gpointer data)
{
  gboolean loading = TRUE;

  g_object_get (data, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (data) == 3;
}

/* What an import brings is on the Programmes page at once: the page reads the catalogue again
 * when the database says it changed, without the window giving it the database again */
static void
test_programmes_follow_import (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  GListModel *model = vj_programmes_page_get_model (
    VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->ui.window)));

  g_assert_nonnull (model);
  vj_import_page_import (VJ_IMPORT_PAGE (fixture->page), small);
  vj_test_wait_until (page_idle, fixture->page);
  vj_test_wait_until (three_listed, model);
}

int
main (int   argc,
      char *argv[])
{
  /* The server is on the loopback interface: no proxy, whatever the environment says */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/ui/import/subscription-fetched-then-unchanged", Fixture, NULL, fixture_set_up,
              test_subscription_fetched, fixture_tear_down);
  g_test_add ("/ui/import/cancel-changes-nothing", Fixture, NULL, fixture_set_up,
              test_cancel_changes_nothing, fixture_tear_down);
  g_test_add ("/ui/import/skipped-records-listed-by-line", Fixture, NULL, fixture_set_up,
              test_skipped_records_listed, fixture_tear_down);
  g_test_add ("/ui/import/address-must-be-web", Fixture, NULL, fixture_set_up,
              test_address_must_be_web, fixture_tear_down);
  g_test_add ("/ui/import/programmes-follow-import", Fixture, NULL, fixture_set_up,
              test_programmes_follow_import, fixture_tear_down);
  return g_test_run ();
}
