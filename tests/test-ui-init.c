/* Initiatives in the window as a counsellor meets them: from a track to its programmes and
 * back. Runs under Xvfb with GTK_A11Y=test; without a display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives.h"
#include "vj-initiative-editor.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-initiative-page.h"
#include "vj-navigator.h"
#include "vj-initiatives-page.h"
#include "vj-programme-page.h"
#include "vj-programmes-page.h"
#include "vj-window.h"
#include "vj-test-ui.h"

typedef VjTestWindowFixture Fixture;

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* An edit reloads the catalogue's list: let it finish before the database closes */
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_wait_until (vj_test_programmes_settled,
                      vj_window_get_programmes_page (fixture->window));
  vj_test_window_fixture_teardown (fixture, user_data);
}

/* "Show Programmes" on the youth-education track: the Programmes page lists exactly the
 * track's programmes; Clear Filters brings back the whole catalogue; a programme page leads
 * back to the track. */
static void
test_track_to_programmes_and_back (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  gint64 track = vj_test_lookup_initiative (fixture->base.db, "kp2020-spor4");
  g_autoptr(GPtrArray) linked = vj_db_list_initiative_programmes (fixture->base.db, track, NULL);
  GtkWidget *programmes = vj_window_get_programmes_page (fixture->window);
  GListModel *model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (programmes));
  guint everything = g_list_model_get_n_items (model);
  g_autoptr(GObject) first = NULL;
  GtkWidget *page;
  GtkEditable *search;
  gint64 id = 0;

  g_assert_cmpuint (linked->len, >, 0);
  g_assert_cmpuint (everything, >, linked->len);

  /* An earlier search does not hide any of the track's programmes */
  search = GTK_EDITABLE (vj_test_find_widget (programmes, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (search, "hf");
  g_signal_emit_by_name (search, "search-changed");
  vj_test_wait_until (vj_test_programmes_settled, programmes);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, linked->len);

  g_assert_true (vj_window_open_initiative (fixture->window, track));
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_INITIATIVE_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "initiative.show-programmes", NULL));

  g_assert_true (vj_window_get_visible_page (fixture->window) == programmes);
  vj_test_wait_until (vj_test_programmes_settled, programmes);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, linked->len);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  /* …and back: the first programme's page names the track among its initiatives */
  first = g_list_model_get_item (model, 0);
  g_object_get (first, "id", &id, NULL);
  {
    g_autoptr(GPtrArray) back = vj_db_list_initiatives (fixture->base.db, id, NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < back->len; i++)
      found |= vj_initiative_get_id (g_ptr_array_index (back, i)) == track;
    g_assert_true (found);
  }
  g_assert_true (vj_window_open_programme (fixture->window, id));
  g_assert_true (VJ_IS_PROGRAMME_PAGE (vj_window_get_visible_page (fixture->window)));

  vj_window_show_section (fixture->window, "programmes");
  g_assert_true (gtk_widget_activate_action (programmes, "programmes.clear-filters", NULL));
  vj_test_wait_until (vj_test_programmes_settled, programmes);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, everything);
}


static GtkWidget *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VJ_IS_INITIATIVE_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static GtkWidget *
find_labelled (GtkWidget  *root,
               GType       type,
               const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      ((GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0) ||
       (ADW_IS_PREFERENCES_ROW (root) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), label) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, type, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  gint64      id;
  const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  TitleWait *wait = data;
  g_autoptr(VjInitiativeEdit) edit = vj_db_load_initiative_edit (wait->fixture->base.db, wait->id,
                                                                 NULL);

  return edit != NULL && g_strcmp0 (edit->fields[VJ_INITIATIVE_TITLE], wait->title) == 0;
}

static gboolean
no_editor (gpointer data)
{
  return find_editor () == NULL;
}

/* Edit a track's title and a goal in the editor, save; the page shows it, and "Reset to
 * Built-in" is offered. */
static void
test_edit_in_editor (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gint64 track = vj_test_lookup_initiative (fixture->base.db, "kp2020-spor2");
  TitleWait wait = { fixture, track, "Spor 2: Regionen som arbejdsplads" };
  GtkWidget *page, *editor, *title_row, *reset;

  g_assert_true (vj_window_open_initiative (fixture->window, track));
  page = vj_window_get_visible_page (fixture->window);
  reset = find_labelled (page, GTK_TYPE_BUTTON, "Reset to _Built-in");
  g_assert_nonnull (reset);
  g_assert_false (gtk_widget_get_visible (reset));

  g_assert_true (gtk_widget_activate_action (page, "initiative.edit", NULL));
  editor = find_editor ();
  g_assert_nonnull (editor);
  title_row = find_labelled (editor, ADW_TYPE_ENTRY_ROW, "Title");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==,
                   "Spor 2: Det regionale spor");
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Spor 2: Regionen som arbejdsplads");
  g_assert_true (gtk_widget_activate_action (editor, "editor.add-goal", NULL));
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  vj_test_wait_until (title_is, &wait);
  vj_test_wait_until (no_editor, NULL);
  /* The page reads itself again in a worker */
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_visible, reset);
  g_assert_nonnull (find_labelled (page, ADW_TYPE_ACTION_ROW, "Region Sjælland"));
  /* The header says the new title too */
  {
    GtkWidget *navigator = gtk_widget_get_ancestor (page, VJ_TYPE_NAVIGATOR);

    g_assert_nonnull (navigator);
    g_assert_cmpstr (vj_navigator_get_title (VJ_NAVIGATOR (navigator)), ==,
                     "Spor 2: Regionen som arbejdsplads");
  }
  g_assert_true (vj_db_initiative_has_overlay (fixture->base.db, track));
}

static gboolean
initiative_gone (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;

  return vj_db_lookup_initiative (fixture->base.db, "kp2020-spor5", &error) == 0;
}

static gboolean
initiative_back (gpointer data)
{
  return !initiative_gone (data);
}

static gboolean
initiative_page_closed (gpointer data)
{
  Fixture *fixture = data;

  return !VJ_IS_INITIATIVE_PAGE (vj_window_get_visible_page (fixture->window));
}

/* Delete a track: the page closes, the tree no longer has it, and Undo in the toast brings
 * it back. */
static void
test_delete_with_undo (Fixture       *fixture,
                       gconstpointer  user_data)
{
  gint64 track = vj_test_lookup_initiative (fixture->base.db, "kp2020-spor5");
  GtkWidget *page, *undo;

  g_assert_true (vj_window_open_initiative (fixture->window, track));
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (gtk_widget_activate_action (page, "initiative.delete", NULL));
  vj_test_wait_until (initiative_gone, fixture);
  vj_test_wait_until (initiative_page_closed, fixture);

  undo = find_labelled (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  vj_test_wait_until (initiative_back, fixture);
}

/* A new initiative from the Initiatives page. */
static void
test_new_initiative (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *list, *editor, *title_row;
  TitleWait wait = { fixture, 0, "Ungeindsats Køge 2025" };

  vj_window_show_section (fixture->window, "initiatives");
  list = vj_window_get_visible_page (fixture->window);
  g_assert_true (gtk_widget_activate_action (list, "initiatives.new", NULL));
  editor = find_editor ();
  g_assert_nonnull (editor);
  /* Save is off until there is a title */
  g_assert_false (gtk_widget_activate_action (editor, "editor.save", NULL) &&
                  find_editor () == NULL);
  title_row = find_labelled (editor, ADW_TYPE_ENTRY_ROW, "Title");
  gtk_editable_set_text (GTK_EDITABLE (title_row), wait.title);
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  vj_test_wait_until (no_editor, NULL);
  g_assert_true (VJ_IS_INITIATIVE_PAGE (vj_window_get_visible_page (fixture->window)));
  g_assert_cmpstr (vj_initiative_page_get_title (VJ_INITIATIVE_PAGE (
                     vj_window_get_visible_page (fixture->window))), ==, wait.title);
}


static void
test_every_control_named (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *page, *editor;

  g_assert_true (vj_window_open_initiative (fixture->window,
                                            vj_test_lookup_initiative (fixture->base.db,
                                                                       "kp2020-spor1")));
  page = vj_window_get_visible_page (fixture->window);
  {
    /* The track's page lists the institutions it links to, each opening its page */
    gint64 track = vj_test_lookup_initiative (fixture->base.db, "kp2020-spor1");
    g_autoptr(GPtrArray) links = vj_db_list_initiative_links (fixture->base.db, track,
                                                              VJ_INITIATIVE_LINK_INSTITUTION,
                                                              NULL);
    GtkWidget *row = find_labelled (page, ADW_TYPE_ACTION_ROW,
                                    ((char **) g_ptr_array_index (links, 0))[2]);

    g_assert_nonnull (row);
    g_signal_emit_by_name (row, "activated");
    g_assert_false (VJ_IS_INITIATIVE_PAGE (vj_window_get_visible_page (fixture->window)));
    g_assert_true (vj_window_go_back (fixture->window));
    g_assert_true (vj_window_get_visible_page (fixture->window) == page);
  }
  vj_test_collect_unnamed (GTK_WIDGET (fixture->window), unnamed);
  g_assert_true (gtk_widget_activate_action (page, "initiative.edit", NULL));
  editor = find_editor ();
  g_assert_true (gtk_widget_activate_action (editor, "editor.add-actor", NULL));
  vj_test_collect_unnamed (editor, unnamed);
  vj_test_assert_none_unnamed (unnamed);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
file_written (gpointer data)
{
  g_autofree char *xml = NULL;

  return g_file_get_contents (data, &xml, NULL, NULL) && strstr (xml, "</catalogue>") != NULL;
}

/* Publish from Initiativer: the feed is written in a worker, with the edit made in the app. */
static void
test_publish (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->base.dir, "published.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VjInitiativeEdit) edit = NULL;
  g_autofree char *xml = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->base.db, "kp2020-spor3");
  GtkWidget *list, *page, *editor, *title_row;
  TitleWait wait = { fixture, track, "Spor 3: Videregående uddannelser" };

  g_assert_true (vj_window_open_initiative (fixture->window, track));
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (gtk_widget_activate_action (page, "initiative.edit", NULL));
  editor = find_editor ();
  title_row = find_labelled (editor, ADW_TYPE_ENTRY_ROW, "Title");
  gtk_editable_set_text (GTK_EDITABLE (title_row), wait.title);
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  vj_test_wait_until (title_is, &wait);

  vj_window_show_section (fixture->window, "initiatives");
  list = vj_window_get_visible_page (fixture->window);
  vj_initiatives_page_publish_to (VJ_INITIATIVES_PAGE (list), file);
  vj_test_wait_until (file_written, path);
  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  g_assert_nonnull (strstr (xml, "<title>Spor 3: Videregående uddannelser</title>"));
  g_assert_nonnull (strstr (xml, "xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\""));
  /* The edit reloaded the catalogue's list: let it finish before the database closes */
  vj_test_wait_until (vj_test_programmes_settled, vj_window_get_programmes_page (fixture->window));
}

/* The window on the built-in catalogue */
static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_window_fixture_setup_catalogue, func,
              fixture_tear_down);
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

  add_test ("/ui/initiatives/track-to-programmes-and-back", test_track_to_programmes_and_back);
  add_test ("/ui/initiatives/edit-in-editor", test_edit_in_editor);
  add_test ("/ui/initiatives/delete-with-undo", test_delete_with_undo);
  add_test ("/ui/initiatives/new-initiative", test_new_initiative);
  add_test ("/ui/initiatives/publish", test_publish);
  add_test ("/ui/initiatives/every-control-named", test_every_control_named);
  return g_test_run ();
}
