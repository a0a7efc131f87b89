/* The privacy screens and Statistik as a user meets them: Slet person, the retention purge
 * dialog, and the statistics page with its CSV export. Runs under Xvfb with GTK_A11Y=test;
 * without a display it prints a TAP skip. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vj-db.h"
#include "vj-stats-page.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"

typedef VjTestWindowFixture Fixture;

static gboolean
dialog_shown (gpointer data)
{
  return vj_test_find_dialog () != NULL;
}

static gint64
count_people (Fixture *fixture)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open (fixture->base.path, &conn), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM person;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

typedef struct
{
  Fixture *fixture;
  gint64   count;
} PeopleWait;

static gboolean
people_are (gpointer data)
{
  PeopleWait *wait = data;

  return count_people (wait->fixture) == wait->count;
}

static void
test_erase_person (Fixture       *fixture,
                   gconstpointer  user_data)
{
  VjPersonPage *page = vj_test_open_person_from_followup (fixture->window);
  AdwMessageDialog *dialog;
  PeopleWait wait = { fixture, 1 };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.erase", NULL));
  vj_test_wait_until (dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "AB-7"));
  /* Cancel keeps everything */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (count_people (fixture), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.erase", NULL));
  vj_test_wait_until (dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  adw_message_dialog_response (dialog, "erase");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vj_test_wait_until (people_are, &wait);
  /* The page goes; Opfølgning no longer lists their steps */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (VJ_IS_PERSON_PAGE (vj_window_get_visible_page (fixture->window)))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
  }
}

static void
test_purge_offer (Fixture       *fixture,
                  gconstpointer  user_data)
{
  AdwMessageDialog *dialog;
  GtkWidget *listing;
  PeopleWait wait = { fixture, 2 };

  vj_test_exec_sql (fixture->base.path,
            "INSERT INTO person (id, reference, created_at, updated_at)"
            " VALUES (7, 'OLD-1', '2012-01-01', 'x');"
            "INSERT INTO session (id, started_at, form, created_at, updated_at)"
            " VALUES (9, '2015-05-05T10:00', 'individual', 'x', 'x');"
            "INSERT INTO session_person VALUES (9, 7);");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.purge", NULL));
  vj_test_wait_until (dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  vj_test_assert_all_named (GTK_WIDGET (dialog));
  /* What will go is shown first */
  listing = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (listing));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (listing)), "OLD-1"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (listing)), "AB-7"));
  g_assert_cmpint (count_people (fixture), ==, 3);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vj_test_wait_until (people_are, &wait);
}

static gboolean
stats_settled (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vj_stats_page_is_loading (data);
}

static void
test_stats_page (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *page;
  GtkDropDown *period;
  g_autofree char *path = g_build_filename (fixture->base.dir, "stats.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  vj_test_exec_sql (fixture->base.path,
            "INSERT INTO session (id, started_at, form, created_at, updated_at)"
            " VALUES (40, '2019-05-05T10:00', 'outreach', 'x', 'x');");
  vj_window_show_section (fixture->window, "statistics");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_STATS_PAGE (page));
  vj_test_wait_until (stats_settled, page);
  /* The last twelve months: the three sessions of this autumn, not the one of 2019 */
  g_assert_cmpint (vj_stats_page_get_total (VJ_STATS_PAGE (page)), ==, 3);
  vj_test_assert_all_named (GTK_WIDGET (fixture->window));

  period = GTK_DROP_DOWN (vj_test_find_widget (page, GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (period, 3);
  vj_test_wait_until (stats_settled, page);
  g_assert_cmpint (vj_stats_page_get_total (VJ_STATS_PAGE (page)), ==, 4);

  g_assert_true (vj_stats_page_export_csv (VJ_STATS_PAGE (page), path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "Form;Outreach;1\r\n"));
}


static void
assert_nothing_cut (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    {
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
        g_error ("“%s” is cut short", gtk_label_get_text (GTK_LABEL (root)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_nothing_cut (child);
}

/* Two lines, 50 px, a bar (a wide chart has one of 28 px) */
static gboolean
chart_stacked (gpointer data)
{
  int height = gtk_drawing_area_get_content_height (data);

  return height > 0 && height % 50 == 0;
}

/* Statistik at 360 px: the header wraps instead of being cut short, and each chart's labels
 * get their own line above the bars (a track's name was cut to "Spor 4: Ungdo…") */
static void
test_narrow_stats (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *page, *chart;
  int width = 0;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = vj_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  vj_window_set_db (fixture->window, fixture->base.db);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vj_window_show_section (fixture->window, "statistics");
  page = vj_window_get_visible_page (fixture->window);
  vj_test_wait_until (stats_settled, page);
  while (width != 360)
    {
      g_main_context_iteration (NULL, TRUE);
      width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
    }
  chart = vj_test_find_widget (page, GTK_TYPE_DRAWING_AREA);
  g_assert_nonnull (chart);
  g_assert_cmpint (gtk_widget_get_width (chart), <, 480);
  vj_test_wait_until (chart_stacked, chart);
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_screenshot (page, "stats-360");
  assert_nothing_cut (page);
}

/* Every care page fits a 360 px window (the sidebar folded): its minimum width is at most the
 * content's 360 px */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *sections[] = { "follow-up", "statistics" };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      int min = 0;

      vj_window_show_section (fixture->window, sections[i]);
      gtk_widget_measure (vj_window_get_visible_page (fixture->window), GTK_ORIENTATION_HORIZONTAL,
                          -1, &min, NULL, NULL, NULL);
      g_test_message ("%s: %d px", sections[i], min);
      g_assert_cmpint (min, <=, 360);
    }
  {
    int min = 0;

    g_assert_true (vj_window_open_person (fixture->window, 1));
    gtk_widget_measure (vj_window_get_visible_page (fixture->window), GTK_ORIENTATION_HORIZONTAL,
                        -1, &min, NULL, NULL, NULL);
    g_test_message ("person: %d px", min);
    g_assert_cmpint (min, <=, 360);
  }
}

static void
add_care_test (const char *path,
               void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_window_fixture_setup_care, func,
              vj_test_window_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  /* VEJVISER_LOCALEDIR with LANGUAGE=da: in Danish, to look at (VJ_TEST_SCREENSHOTS) */
  vj_test_bind_translations ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  add_care_test ("/ui/privacy/erase-person", test_erase_person);
  add_care_test ("/ui/privacy/purge-offer", test_purge_offer);
  add_care_test ("/ui/stats/page", test_stats_page);
  add_care_test ("/ui/stats/narrow", test_narrow_stats);
  add_care_test ("/ui/care/narrow", test_narrow);
  return g_test_run ();
}
