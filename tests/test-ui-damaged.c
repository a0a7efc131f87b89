#define G_LOG_DOMAIN "test-ui-damaged"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-damaged-page.h"
#include "vj-db-backup.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"
#include "vj-test-ui.h"

/* The page the app shows when its database will not open: the message, the latest backup and
 * "Restore Latest Backup", which asks first and keeps the damaged file. */

typedef struct
{
  VjTestFixture  base;    /* the database closed, then cut in half */
  GtkWindow     *window;  /* the window the damaged-database page goes in */
} Fixture;

/* A database with a catalogue (and so a backup), then cut in half */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_backup = GPOINTER_TO_INT (data);

  vj_test_fixture_setup_catalogue (&fixture->base, "v1-small.xml");
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  if (!with_backup)
    {
      g_autofree char *backups = g_build_filename (fixture->base.dir, "backups", NULL);
      vj_test_rm_rf (backups);
    }
  {
    g_autofree char *whole = NULL;
    gsize length = 0;

    g_file_get_contents (fixture->base.path, &whole, &length, &error);
    g_assert_no_error (error);
    g_file_set_contents (fixture->base.path, whole, (gssize) length / 2, &error);
    g_assert_no_error (error);
  }
  fixture->window = GTK_WINDOW (gtk_window_new ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  vj_test_fixture_teardown (&fixture->base, data);
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
open_page (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (fixture->base.path, &error);
  GtkWidget *page;

  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE);
  g_assert_true (vj_damaged_page_applies_to (error));
  page = vj_damaged_page_new (fixture->base.path, error);
  gtk_window_set_child (fixture->window, page);
  gtk_window_present (fixture->window);
  return page;
}

static void
restored_cb (GtkWidget  *page,
             const char *set_aside,
             char      **out)
{
  *out = g_strdup (set_aside);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *set_aside = NULL;
  gsize damaged_len = 0, kept_len = 0;
  GtkWidget *page = open_page (fixture);
  GtkWidget *button = find_button (page);
  AdwMessageDialog *dialog;
  GtkAccessibleRole role;

  g_file_get_contents (fixture->base.path, &damaged, &damaged_len, &error);
  g_assert_no_error (error);

  /* The button says what it does, to a screen reader too */
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Restore Latest Backup");
  g_object_get (button, "accessible-role", &role, NULL);
  g_assert_cmpint (role, ==, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Restore Latest Backup");

  g_signal_connect (page, "restored", G_CALLBACK (restored_cb), &set_aside);

  /* It asks first; "Cancel" changes nothing */
  g_assert_true (gtk_widget_activate_action (page, "damaged.restore", NULL));
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (set_aside);

  g_assert_true (gtk_widget_activate_action (page, "damaged.restore", NULL));
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "restore");
  while (set_aside == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The backup is in place and opens; the damaged file is kept, byte for byte */
  {
    g_autoptr(VjDb) db = vj_db_open (fixture->base.path, &error);

    g_assert_no_error (error);
  }
  g_file_get_contents (set_aside, &kept, &kept_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (damaged, damaged_len, kept, kept_len);
}

static void
test_no_backup (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *page = open_page (fixture);

  g_assert_null (find_button (page));
  g_assert_false (gtk_widget_activate_action (page, "damaged.restore", NULL) &&
                  vj_test_find_dialog () != NULL);
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

  g_test_add ("/ui/damaged/restore-latest-backup", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_restore, fixture_tear_down);
  g_test_add ("/ui/damaged/no-backup", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_no_backup, fixture_tear_down);
  return g_test_run ();
}
