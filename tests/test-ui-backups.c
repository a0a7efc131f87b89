#define G_LOG_DOMAIN "test-ui-backups"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-application.h"
#include "vj-backups-group.h"
#include "vj-db-backup.h"
#include "vj-db-settings.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-preferences-window.h"
#include "vj-session-editor.h"
#include "vj-test-fixture.h"
#include "vj-window.h"
#include "vj-test-util.h"
#include "vj-test-ui.h"

/* Backups in the app: Preferences lists them with why each was taken and keeps the count to
 * keep; restoring one asks first, then the application closes the database, puts the backup in
 * its place (keeping the one it replaced as a backup) and opens the window again on it. */

#define WITHDRAWN "SELECT count (*) FROM programme WHERE withdrawn;"

typedef struct
{
  VjTestFixture  base;           /* the database closed */
  char          *before_change;  /* the backup taken before v1-small-changed.xml came in */
} Fixture;

/* A small catalogue, then a change that withdraws programmes: two backups */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *changed = vj_test_data_path ("v1-small-changed.xml");
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjBackup) latest = NULL;

  vj_test_fixture_setup_catalogue (&fixture->base, "v1-small.xml");
  report = vj_test_import (fixture->base.db, changed);
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, WITHDRAWN), >, 0);
  latest = vj_db_backup_latest_for_path (fixture->base.path);
  g_assert_nonnull (latest);
  g_assert_cmpint (vj_test_query_int (latest->path, WITHDRAWN), ==, 0);
  fixture->before_change = g_strdup (latest->id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vj_test_fixture_teardown (&fixture->base, data);
  g_free (fixture->before_change);
}

static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (root))
    g_ptr_array_add (rows, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static gboolean
group_loaded (gpointer data)
{
  return !vj_backups_group_get_loading (data);
}

static gboolean
dialog_shown (gpointer data)
{
  return vj_test_find_dialog () != NULL;
}

typedef struct
{
  VjDb       *db;
  const char *key;
  const char *value;
} SettingWait;

static gboolean
setting_is (gpointer data)
{
  SettingWait *wait = data;
  g_autofree char *value = vj_db_get_setting (wait->db, wait->key);

  return g_strcmp0 (value, wait->value) == 0;
}

static void
restore_backup_cb (VjPreferencesWindow  *preferences,
                   const char           *id,
                   char                **out)
{
  *out = g_strdup (id);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->base.path, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *requested = NULL;
  GtkWidget *preferences, *group, *button;
  AdwMessageDialog *dialog;
  SettingWait wait;

  g_assert_no_error (error);
  preferences = vj_preferences_window_new (NULL, db);
  g_signal_connect (preferences, "restore-backup", G_CALLBACK (restore_backup_cb), &requested);
  gtk_window_present (GTK_WINDOW (preferences));
  group = vj_test_find_widget (preferences, VJ_TYPE_BACKUPS_GROUP);
  g_assert_nonnull (group);
  vj_test_wait_until (group_loaded, group);

  /* Newest first, each with why it was taken */
  collect_rows (group, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (rows->pdata[i]),
                                     "Before an import · "));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (rows->pdata[0]), " at "));

  /* The count to keep is a setting in the database, as the CLI and a restore see it */
  {
    GtkWidget *keep = NULL;
    g_autoptr(GPtrArray) all = g_ptr_array_new ();

    collect_rows (preferences, all);
    for (guint i = 0; i < all->len && keep == NULL; i++)
      if (g_strcmp0 (adw_preferences_row_get_title (all->pdata[i]), "Backups to Keep") == 0)
        keep = vj_test_find_widget (all->pdata[i], GTK_TYPE_SPIN_BUTTON);
    g_assert_nonnull (keep);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (keep)), ==,
                     VJ_BACKUPS_KEEP_DEFAULT);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (keep), 3);
  }
  wait = (SettingWait) { db, VJ_SETTING_BACKUPS_KEEP, "3" };
  vj_test_wait_until (setting_is, &wait);

  /* Restore asks first; Cancel changes nothing */
  button = vj_test_find_widget (rows->pdata[0], GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  vj_test_wait_until (dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (requested);

  /* Restore asks the application for the backup of that row */
  g_signal_emit_by_name (button, "clicked");
  vj_test_wait_until (dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  adw_message_dialog_response (dialog, "restore");
  gtk_window_destroy (GTK_WINDOW (dialog));
  {
    g_autoptr(VjBackup) latest = vj_db_backup_latest_for_path (fixture->base.path);

    g_assert_cmpstr (requested, ==, latest->id);
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  vj_db_close (db);
}

/* The whole restore, through the application as a counsellor starts it */
typedef struct
{
  Fixture       *fixture;
  VjApplication *app;
  int            step;
  gint64         deadline;
} RestoreRun;

static VjWindow *
app_window (VjApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VJ_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWindow *
session_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VJ_IS_SESSION_EDITOR (window))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
restore_step_cb (gpointer data)
{
  RestoreRun *run = data;
  VjWindow *window = app_window (run->app);

  g_assert_cmpint (g_get_monotonic_time (), <, run->deadline);
  if (window == NULL || !vj_window_get_catalogue_shown (window))
    return G_SOURCE_CONTINUE;

  if (run->step == 0)
    {
      GtkWindow *editor;

      /* A session being written: no restore until it is saved or closed */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", NULL));
      editor = session_editor ();
      g_assert_nonnull (editor);
      vj_application_restore_backup (run->app, run->fixture->before_change);
      g_assert_true (app_window (run->app) == window);
      gtk_window_destroy (editor);

      /* The app is up on the changed catalogue: restore the one from before the change */
      g_assert_cmpint (vj_test_query_int (run->fixture->base.path, WITHDRAWN), >, 0);
      vj_application_restore_backup (run->app, run->fixture->before_change);
      g_assert_null (app_window (run->app));
      run->step = 1;
      return G_SOURCE_CONTINUE;
    }

  /* Open again, on the backup; the database it replaced is the newest backup */
  {
    g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (run->fixture->base.path, NULL);
    VjBackup *replaced = NULL;

    for (guint i = 0; i < backups->len && replaced == NULL; i++)
      if (g_strcmp0 (((VjBackup *) backups->pdata[i])->reason, "restore") == 0)
        replaced = backups->pdata[i];
    g_assert_nonnull (replaced);
    g_assert_cmpint (vj_test_query_int (replaced->path, WITHDRAWN), >, 0);
  }
  g_assert_cmpint (vj_test_query_int (run->fixture->base.path, WITHDRAWN), ==, 0);
  run->step = 2;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_application_restore (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(VjApplication) app = vj_application_new ();
  char *argv[] = { "vejviser", "--db", fixture->base.path, NULL };
  RestoreRun run = { fixture, app, 0, g_get_monotonic_time () + 300 * G_USEC_PER_SEC };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (20, restore_step_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_cmpint (run.step, ==, 2);
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

  g_test_add ("/ui/backups/preferences-list-keep-and-ask", Fixture, NULL, fixture_set_up,
              test_preferences, fixture_tear_down);
  g_test_add ("/ui/backups/application-restores", Fixture, NULL, fixture_set_up,
              test_application_restore, fixture_tear_down);
  return g_test_run ();
}
