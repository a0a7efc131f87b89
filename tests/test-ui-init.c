/* Initiatives in the window as a counsellor meets them: from a track to its programmes and
 * back. Runs under Xvfb with GTK_A11Y=test; without a display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-initiative-page.h"
#include "vj-programme-page.h"
#include "vj-programmes-page.h"
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

static gboolean
model_settled (gpointer data)
{
  GListModel *model = vj_programmes_page_get_model (data);
  gboolean loading = TRUE;

  if (model == NULL)
    return FALSE;
  g_object_get (model, "loading", &loading, NULL);
  return !loading;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalogue = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                      "region-sjaelland.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (catalogue);
  g_autoptr(VjImportReport) report = NULL;

  fixture->dir = g_dir_make_tmp ("vejviser-ui-init-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  report = vj_import_file (fixture->db, file, "builtin", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  fixture->window = vj_window_new (NULL);
  vj_window_set_db (fixture->window, fixture->db);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (model_settled, vj_window_get_programmes_page (fixture->window));
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

static gint64
lookup (Fixture    *fixture,
        const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_lookup_initiative (fixture->db, external_id, &error);

  g_assert_no_error (error);
  return id;
}

/* "Show Programmes" on the youth-education track: the Programmes page lists exactly the
 * track's programmes; Clear Filters brings back the whole catalogue; a programme page leads
 * back to the track. */
static void
test_track_to_programmes_and_back (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  gint64 track = lookup (fixture, "kp2020-spor4");
  g_autoptr(GPtrArray) linked = vj_db_list_initiative_programmes (fixture->db, track, NULL);
  GtkWidget *programmes = vj_window_get_programmes_page (fixture->window);
  GListModel *model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (programmes));
  guint everything = g_list_model_get_n_items (model);
  g_autoptr(GObject) first = NULL;
  GtkWidget *page;
  gint64 id = 0;

  g_assert_cmpuint (linked->len, >, 0);
  g_assert_cmpuint (everything, >, linked->len);

  g_assert_true (vj_window_open_initiative (fixture->window, track));
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_INITIATIVE_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "initiative.show-programmes", NULL));

  g_assert_true (vj_window_get_visible_page (fixture->window) == programmes);
  wait_until (model_settled, programmes);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, linked->len);

  /* …and back: the first programme's page names the track among its initiatives */
  first = g_list_model_get_item (model, 0);
  g_object_get (first, "id", &id, NULL);
  {
    g_autoptr(GPtrArray) back = vj_db_list_initiatives (fixture->db, id, NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < back->len; i++)
      found |= vj_initiative_get_id (g_ptr_array_index (back, i)) == track;
    g_assert_true (found);
  }
  g_assert_true (vj_window_open_programme (fixture->window, id));
  g_assert_true (VJ_IS_PROGRAMME_PAGE (vj_window_get_visible_page (fixture->window)));

  vj_window_show_section (fixture->window, "programmes");
  g_assert_true (gtk_widget_activate_action (programmes, "programmes.clear-filters", NULL));
  wait_until (model_settled, programmes);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, everything);
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

  g_test_add ("/ui/initiatives/track-to-programmes-and-back", Fixture, NULL, fixture_set_up,
              test_track_to_programmes_and_back, fixture_tear_down);
  return g_test_run ();
}
