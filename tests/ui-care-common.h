/* Shared by the care UI tests (test-ui-care.c, test-ui-care-privacy.c): a window on a small
 * catalogue with people, sessions, next steps and a shortlist, and helpers to wait, find
 * widgets and dialogs, and check accessible names. */

#pragma once

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
#include "vj-test-util.h"
#include "vj-test-ui.h"


typedef struct
{
  char     *dir;
  char     *path;
  VjDb     *db;
  VjWindow *window;
} Fixture;

static G_GNUC_UNUSED char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static G_GNUC_UNUSED void
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
  vj_test_exec_sql (fixture->path, sql);

  fixture->window = vj_window_new (NULL);
  vj_window_set_db (fixture->window, fixture->db);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static G_GNUC_UNUSED void
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

static G_GNUC_UNUSED gboolean
followup_settled (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vj_followup_page_is_loading (data);
}

static G_GNUC_UNUSED VjFollowupPage *
show_followup (Fixture *fixture)
{
  GtkWidget *page;

  vj_window_show_section (fixture->window, "follow-up");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_FOLLOWUP_PAGE (page));
  vj_test_wait_until (followup_settled, page);
  return VJ_FOLLOWUP_PAGE (page);
}

typedef struct
{
  VjFollowupPage *page;
  guint           bucket;
  guint           count;
} CountWait;


/* GTK 4.8 cannot compute an accessible name; a control is named when it has the LABEL
 * property, is LABELLED_BY something, or shows its own text (as in test-ui.c). */
static G_GNUC_UNUSED gboolean
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

static G_GNUC_UNUSED gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         shows_text (widget);
}

static G_GNUC_UNUSED void
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

static G_GNUC_UNUSED void
assert_all_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

  check_named (root, unnamed);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (const char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static G_GNUC_UNUSED gboolean
person_settled (gpointer data)
{
  return !vj_person_page_is_loading (data);
}

static G_GNUC_UNUSED GtkWidget *
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

static G_GNUC_UNUSED VjPersonPage *
open_person_from_followup (Fixture *fixture)
{
  VjFollowupPage *followup = show_followup (fixture);
  GtkWidget *row = vj_test_find_widget (GTK_WIDGET (followup), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *page;

  /* The first row is the overdue step of AB-7's session; activating it opens AB-7 */
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_PERSON_PAGE (page));
  g_assert_cmpstr (vj_person_page_get_title (VJ_PERSON_PAGE (page)), ==, "AB-7");
  vj_test_wait_until (person_settled, page);
  return VJ_PERSON_PAGE (page);
}


