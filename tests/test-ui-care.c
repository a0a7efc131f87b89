/* Opfølgning, the person page, shortlists and the privacy screens as a user meets them, in the
 * window, through the same code the app uses. Runs under Xvfb with GTK_A11Y=test; without a
 * display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vj-db.h"
#include "vj-db-followup.h"
#include "vj-followup-page.h"
#include "vj-importer.h"
#include "vj-db-shortlist.h"
#include "vj-person-page.h"
#include "vj-plan.h"
#include "vj-plan-print.h"
#include "vj-stats-page.h"
#include "vj-window.h"

typedef struct
{
  char     *dir;
  char     *path;
  VjDb     *db;
  VjWindow *window;
} Fixture;

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *conn = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (conn);
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *overdue = day_from_today (-3);
  g_autofree char *today = day_from_today (0);
  g_autofree char *later = day_from_today (9);
  g_autofree char *sql = NULL;
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (feed);
  g_autoptr(VjImportReport) report = NULL;

  fixture->dir = g_dir_make_tmp ("vejviser-ui-care-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf (
    "INSERT INTO person (id, reference, birth_year, municipality, target_group, created_at,"
    "                    updated_at)"
    " VALUES (1, 'AB-7', 2011, 259, 'pupil', 'x', 'x'), (2, 'CD-9', 2008, 265, 'young', 'x', 'x');"
    "INSERT INTO session (id, started_at, form, service, class_label, notes, follow_up,"
    "                     created_at, updated_at)"
    " VALUES (1, '2026-10-01T09:00', 'individual', 'kui', NULL, 'Talte om EUD', '%1$s', 'x', 'x'),"
    "        (2, '2026-10-02T09:00', 'class', 'kui', '8.b', NULL, NULL, 'x', 'x'),"
    "        (3, '2026-10-03T09:00', 'group', 'kui', NULL, NULL, NULL, 'x', 'x');"
    "INSERT INTO session_person VALUES (1, 1), (3, 1), (3, 2);"
    "INSERT INTO next_step (id, session_id, person_id, text, due, done) VALUES"
    " (1, 1, NULL, 'Ring til skolen', '%2$s', NULL),"
    " (2, 2, NULL, 'Brobygning tilmelding', '%3$s', NULL),"
    " (3, 3, 2, 'Besøg på EUC', NULL, NULL);"
    "INSERT INTO shortlist (person_id, position, programme_id)"
    " SELECT 1, row_number () OVER (ORDER BY id), id FROM programme;",
    later, overdue, today);
  exec_sql (fixture->path, sql);

  fixture->window = vj_window_new (NULL);
  vj_window_set_db (fixture->window, fixture->db);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vj_db_close (fixture->db);
  g_clear_object (&fixture->db);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
followup_settled (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vj_followup_page_is_loading (data);
}

static VjFollowupPage *
show_followup (Fixture *fixture)
{
  GtkWidget *page;

  vj_window_show_section (fixture->window, "follow-up");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_FOLLOWUP_PAGE (page));
  wait_until (followup_settled, page);
  return VJ_FOLLOWUP_PAGE (page);
}

typedef struct
{
  VjFollowupPage *page;
  guint           bucket;
  guint           count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return vj_followup_page_count (wait->page, wait->bucket) == wait->count;
}

static void
test_followup_buckets_and_done (Fixture       *fixture,
                                gconstpointer  user_data)
{
  VjFollowupPage *page = show_followup (fixture);
  CountWait wait = { page, VJ_FOLLOW_UP_OVERDUE, 0 };
  GtkWidget *check;

  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_OVERDUE), ==, 1);
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_THIS_WEEK), ==, 1);
  /* The session's follow-up in nine days and the step without a date */
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_LATER), ==, 2);

  /* The first tick box is the overdue step's; ticking it off takes it away */
  check = find_widget (GTK_WIDGET (page), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  wait_until (count_is, &wait);

  /* … and it stays done when the page is read again */
  vj_followup_page_reload (page);
  wait_until (followup_settled, page);
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_OVERDUE), ==, 0);

  /* Undo in the toast brings it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followup.undo", NULL));
  wait.count = 1;
  wait_until (count_is, &wait);
}

static void
test_followup_empty (Fixture       *fixture,
                     gconstpointer  user_data)
{
  VjFollowupPage *page;
  GtkStack *stack;

  exec_sql (fixture->path, "UPDATE next_step SET done = '2026-01-01';"
                           "UPDATE session SET follow_up = NULL;");
  page = show_followup (fixture);
  stack = GTK_STACK (find_widget (GTK_WIDGET (page), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
}

/* GTK 4.8 cannot compute an accessible name; a control is named when it has the LABEL
 * property, is LABELLED_BY something, or shows its own text (as in test-ui.c). */
static gboolean
shows_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child))
      return TRUE;
  return FALSE;
}

static gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         shows_text (widget);
}

static void
check_named (GtkWidget *widget,
             GPtrArray *unnamed)
{
  gboolean interactive = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
                         GTK_IS_DROP_DOWN (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
                         GTK_IS_ENTRY (widget) || GTK_IS_SWITCH (widget) ||
                         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_LIST_VIEW (widget) ||
                         GTK_IS_SPIN_BUTTON (widget) ||
                         (GTK_IS_LIST_BOX (widget) && gtk_widget_get_first_child (widget));

  if (!gtk_widget_get_visible (widget) ||
      (GTK_IS_STACK (gtk_widget_get_parent (widget)) && !gtk_widget_get_child_visible (widget)))
    return;
  if (interactive && !is_named (widget))
    {
      GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

      for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
        g_string_append_printf (path, " in %s", G_OBJECT_TYPE_NAME (w));
      g_ptr_array_add (unnamed, g_string_free (path, FALSE));
    }
  if (GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_MENU_BUTTON (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_named (child, unnamed);
}

static void
assert_all_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

  check_named (root, unnamed);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (const char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static gboolean
person_settled (gpointer data)
{
  return !vj_person_page_is_loading (data);
}

typedef struct
{
  VjPersonPage *page;
  guint         count;
} ShortlistWait;

static gboolean
shortlist_is (gpointer data)
{
  ShortlistWait *wait = data;

  return vj_person_page_count (wait->page, "shortlist") == wait->count;
}

static GtkWidget *
find_named_button (GtkWidget  *root,
                   const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0 &&
      gtk_widget_get_sensitive (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_button (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static VjPersonPage *
open_person_from_followup (Fixture *fixture)
{
  VjFollowupPage *followup = show_followup (fixture);
  GtkWidget *row = find_widget (GTK_WIDGET (followup), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *page;

  /* The first row is the overdue step of AB-7's session; activating it opens AB-7 */
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_PERSON_PAGE (page));
  g_assert_cmpstr (vj_person_page_get_title (VJ_PERSON_PAGE (page)), ==, "AB-7");
  wait_until (person_settled, page);
  return VJ_PERSON_PAGE (page);
}

static void
test_person_page (Fixture       *fixture,
                  gconstpointer  user_data)
{
  VjPersonPage *page = open_person_from_followup (fixture);
  ShortlistWait wait = { page, 2 };
  GtkWidget *remove;

  g_assert_cmpuint (vj_person_page_count (page, "sessions"), ==, 2);
  /* Their own session's step and follow-up; not the group step meant for CD-9 */
  g_assert_cmpuint (vj_person_page_count (page, "next-steps"), ==, 2);
  /* Every programme of the small catalogue */
  g_assert_cmpuint (vj_person_page_count (page, "shortlist"), ==, 3);

  remove = find_named_button (GTK_WIDGET (page), "Remove from shortlist");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  wait_until (shortlist_is, &wait);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.undo-remove", NULL));
  wait.count = 3;
  wait_until (shortlist_is, &wait);

  /* Back to Opfølgning */
  g_assert_true (vj_window_go_back (fixture->window));
  g_assert_true (VJ_IS_FOLLOWUP_PAGE (vj_window_get_visible_page (fixture->window)));
}

static void
test_person_named (Fixture       *fixture,
                   gconstpointer  user_data)
{
  open_person_from_followup (fixture);
  assert_all_named (GTK_WIDGET (fixture->window));
}

static void
test_plan_markup (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (fixture->db, 1, NULL);
  g_autoptr(GPtrArray) shortlist = vj_db_list_shortlist (fixture->db, 1, NULL);
  g_autoptr(GPtrArray) steps = vj_db_list_follow_ups (fixture->db, 1, NULL, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 28, 10, 0, 0);
  g_autofree char *markup = vj_plan_build_markup (person, "Vejleder Vera", "EUX <tømrer> & mere",
                                                  shortlist, steps, when);
  VjShortlistItem *first = g_ptr_array_index (shortlist, 0);
  VjShortlistItem *second = g_ptr_array_index (shortlist, 1);
  g_autofree char *first_line = g_markup_printf_escaped ("1. %s", first->title);
  g_autofree char *second_line = g_markup_printf_escaped ("2. %s", second->title);

  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
  g_assert_nonnull (strstr (markup, "AB-7"));
  g_assert_nonnull (strstr (markup, "Vejleder Vera"));
  /* The goal as written, escaped for the markup */
  g_assert_nonnull (strstr (markup, "EUX &lt;tømrer&gt; &amp; mere"));
  /* The shortlist in its order, then the next steps */
  g_assert_nonnull (strstr (markup, first_line));
  g_assert_true (strstr (markup, first_line) < strstr (markup, second_line));
  g_assert_nonnull (strstr (markup, "Ring til skolen"));
  g_assert_null (strstr (markup, "Besøg på EUC"));
}

static void
test_plan_pdf (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (fixture->db, 1, NULL);
  g_autoptr(GPtrArray) shortlist = vj_db_list_shortlist (fixture->db, 1, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_now_local ();
  g_autofree char *markup = vj_plan_build_markup (person, NULL, NULL, shortlist, NULL, when);
  g_autofree char *path = g_build_filename (fixture->dir, "plan.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  GStatBuf st;
  guint pages = 0;

  g_assert_true (vj_plan_export_pdf (markup, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  /* Page objects, not the page tree ("/Type /Pages"); the file holds binary streams */
  for (const char *p = contents;
       (p = memmem (p, length - (gsize) (p - contents), "/Type /Page", 11)) != NULL; p++)
    if ((gsize) (p - contents) + 11 < length && p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, >=, 1);
  g_assert_cmpuint (pages, <=, 2);
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

typedef struct
{
  VjDb  *db;
  guint  count;
} DbShortlistWait;

static gboolean
db_shortlist_is (gpointer data)
{
  DbShortlistWait *wait = data;
  g_autoptr(GPtrArray) list = vj_db_list_shortlist (wait->db, 2, NULL);

  return list != NULL && list->len == wait->count;
}

static void
test_add_from_programme (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  GtkListBox *people;
  DbShortlistWait wait = { fixture->db, 1 };

  g_assert_true (vj_window_open_programme (fixture->window, 1));
  page = vj_window_get_visible_page (fixture->window);
  button = find_named_button (page, "Put this programme on a person's shortlist");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  assert_all_named (GTK_WIDGET (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));

  /* Find CD-9 by part of the reference, in any case */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY)),
                         "cd");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY),
                         "search-changed");
  people = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (gtk_list_box_get_row_at_index (people, 0));
  g_assert_null (gtk_list_box_get_row_at_index (people, 1));
  gtk_list_box_select_row (people, gtk_list_box_get_row_at_index (people, 0));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  adw_message_dialog_response (dialog, "add");
  wait_until (db_shortlist_is, &wait);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gint64
count_people (Fixture *fixture)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open (fixture->path, &conn), ==, SQLITE_OK);
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
  VjPersonPage *page = open_person_from_followup (fixture);
  AdwMessageDialog *dialog;
  PeopleWait wait = { fixture, 1 };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.erase", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "AB-7"));
  /* Cancel keeps everything */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (count_people (fixture), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.erase", NULL));
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "erase");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (people_are, &wait);
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

  exec_sql (fixture->path,
            "INSERT INTO person (id, reference, created_at, updated_at)"
            " VALUES (7, 'OLD-1', '2012-01-01', 'x');"
            "INSERT INTO session (id, started_at, form, created_at, updated_at)"
            " VALUES (9, '2015-05-05T10:00', 'individual', 'x', 'x');"
            "INSERT INTO session_person VALUES (9, 7);");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.purge", NULL));
  wait_until (dialog_shown, NULL);
  dialog = find_dialog ();
  assert_all_named (GTK_WIDGET (dialog));
  /* What will go is shown first */
  listing = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (listing));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (listing)), "OLD-1"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (listing)), "AB-7"));
  g_assert_cmpint (count_people (fixture), ==, 3);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (people_are, &wait);
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
  g_autofree char *path = g_build_filename (fixture->dir, "stats.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  exec_sql (fixture->path,
            "INSERT INTO session (id, started_at, form, created_at, updated_at)"
            " VALUES (40, '2019-05-05T10:00', 'outreach', 'x', 'x');");
  vj_window_show_section (fixture->window, "statistics");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_STATS_PAGE (page));
  wait_until (stats_settled, page);
  /* The last twelve months: the three sessions of this autumn, not the one of 2019 */
  g_assert_cmpint (vj_stats_page_get_total (VJ_STATS_PAGE (page)), ==, 3);
  assert_all_named (GTK_WIDGET (fixture->window));

  period = GTK_DROP_DOWN (find_widget (page, GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (period, 3);
  wait_until (stats_settled, page);
  g_assert_cmpint (vj_stats_page_get_total (VJ_STATS_PAGE (page)), ==, 4);

  g_assert_true (vj_stats_page_export_csv (VJ_STATS_PAGE (page), path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "Form;Outreach;1\r\n"));
}

static void
test_followup_named (Fixture       *fixture,
                     gconstpointer  user_data)
{
  show_followup (fixture);
  assert_all_named (GTK_WIDGET (fixture->window));
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

  g_test_add ("/ui/follow-up/buckets-and-done", Fixture, NULL, fixture_set_up,
              test_followup_buckets_and_done, fixture_tear_down);
  g_test_add ("/ui/follow-up/empty", Fixture, NULL, fixture_set_up, test_followup_empty,
              fixture_tear_down);
  g_test_add ("/ui/follow-up/every-control-named", Fixture, NULL, fixture_set_up,
              test_followup_named, fixture_tear_down);
  g_test_add ("/ui/person/page", Fixture, NULL, fixture_set_up, test_person_page,
              fixture_tear_down);
  g_test_add ("/ui/person/every-control-named", Fixture, NULL, fixture_set_up,
              test_person_named, fixture_tear_down);
  g_test_add ("/ui/plan/markup", Fixture, NULL, fixture_set_up, test_plan_markup,
              fixture_tear_down);
  g_test_add ("/ui/plan/pdf-private", Fixture, NULL, fixture_set_up, test_plan_pdf,
              fixture_tear_down);
  g_test_add ("/ui/shortlist/add-from-programme", Fixture, NULL, fixture_set_up,
              test_add_from_programme, fixture_tear_down);
  g_test_add ("/ui/privacy/erase-person", Fixture, NULL, fixture_set_up, test_erase_person,
              fixture_tear_down);
  g_test_add ("/ui/privacy/purge-offer", Fixture, NULL, fixture_set_up, test_purge_offer,
              fixture_tear_down);
  g_test_add ("/ui/stats/page", Fixture, NULL, fixture_set_up, test_stats_page,
              fixture_tear_down);
  return g_test_run ();
}
