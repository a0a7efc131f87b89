/* The desktop's own search (org.gnome.Shell.SearchProvider2) over a session bus, as GNOME Shell
 * calls it: programmes and institutions with the Danish folding, people only when Preferences
 * say so, and a result opened in the app. Run by dbus-run-session under Xvfb; without a display
 * or a session bus it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vj-application.h"
#include "vj-db.h"
#include "vj-db-settings.h"
#include "vj-importer.h"
#include "vj-institution-page.h"
#include "vj-programme-page.h"
#include "vj-window.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"

#define PROVIDER_IFACE "org.gnome.Shell.SearchProvider2"

typedef struct
{
  GDBusConnection *bus;        /* the shell's side: its own connection */
  char            *path;
  GVariant        *reply;
  GError          *error;
} Shell;

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Shell *shell = user_data;

  shell->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                &shell->error);
  if (shell->reply == NULL)
    shell->reply = g_variant_ref_sink (g_variant_new ("()"));
}

static gboolean
replied (gpointer data)
{
  return ((Shell *) data)->reply != NULL;
}

/* A method called as the shell does, the app answering on its own main loop */
static GVariant *
call (Shell      *shell,
      const char *method,
      GVariant   *parameters)
{
  g_clear_pointer (&shell->reply, g_variant_unref);
  g_dbus_connection_call (shell->bus, APPLICATION_ID, shell->path, PROVIDER_IFACE, method,
                          parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done_cb,
                          shell);
  vj_test_wait_until (replied, shell);
  g_assert_no_error (shell->error);
  return g_variant_ref (shell->reply);
}

static char **
initial (Shell      *shell,
         const char *text)
{
  g_auto(GStrv) terms = g_strsplit (text, " ", -1);
  g_autoptr(GVariant) reply = call (shell, "GetInitialResultSet",
                                    g_variant_new ("(^as)", terms));
  char **results = NULL;

  g_variant_get (reply, "(^as)", &results);
  return results;
}

static char *
meta_name (Shell      *shell,
           const char *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GVariant) reply = call (shell, "GetResultMetas", g_variant_new ("(^as)", ids));
  g_autoptr(GVariant) metas = g_variant_get_child_value (reply, 0);
  g_autoptr(GVariant) meta = NULL;
  char *name = NULL;

  if (g_variant_n_children (metas) == 0)
    return NULL;
  meta = g_variant_get_child_value (metas, 0);
  g_variant_lookup (meta, "name", "s", &name);
  return name;
}

static gboolean
has_name (Shell      *shell,
          char      **ids,
          const char *name)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *found = meta_name (shell, ids[i]);

      if (g_strcmp0 (found, name) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  Shell      *shell;
  const char *text;
} FoundWait;

static gboolean
finds_something (gpointer data)
{
  FoundWait *wait = data;
  g_auto(GStrv) ids = initial (wait->shell, wait->text);

  return ids != NULL && ids[0] != NULL;
}

static gboolean
shows_programme_page (gpointer data)
{
  GtkApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      if (VJ_IS_WINDOW (l->data))
        window = l->data;
  return VJ_IS_WINDOW (window) &&
         VJ_IS_PROGRAMME_PAGE (vj_window_get_visible_page (VJ_WINDOW (window)));
}

static void
test_search_and_activate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vejviser-search-provider-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "vejviser.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjApplication) app = NULL;
  g_auto(GStrv) ids = NULL;
  Shell shell = { 0 };
  FoundWait wait = { &shell, "sygepleje" };

  /* A log with one person, AB-7, in the database the app will use */
  {
    g_autoptr(VjDb) db = vj_db_open (path, &error);

    g_assert_no_error (error);
    vj_db_close (db);
    vj_test_exec_sql (path, "INSERT INTO person (id, reference, created_at, updated_at)"
                            " VALUES (1, 'AB-7', 'x', 'x');");
  }
  g_setenv ("VEJVISER_DB", path, TRUE);

  shell.bus = g_dbus_connection_new_for_address_sync (
    g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  shell.path = g_strdup_printf ("/%s/SearchProvider", APPLICATION_ID);
  g_strdelimit (shell.path + 1, ".", '/');

  /* Started for the search, as D-Bus activation starts it: no window, the database opened */
  app = vj_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_IS_SERVICE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  vj_test_wait_until (finds_something, &wait);

  /* Programmes, with the programme search's folding */
  ids = initial (&shell, "sygepleje");
  g_assert_true (has_name (&shell, ids, "Sygeplejerske"));
  g_clear_pointer (&ids, g_strfreev);
  /* Institutions, "koge" for Køge */
  ids = initial (&shell, "euc koge");
  g_assert_true (has_name (&shell, ids, "EUC Sjælland"));
  g_clear_pointer (&ids, g_strfreev);
  /* People only when Preferences say so */
  ids = initial (&shell, "AB-7");
  g_assert_false (has_name (&shell, ids, "AB-7"));
  g_clear_pointer (&ids, g_strfreev);
  vj_test_exec_sql (path, "INSERT OR REPLACE INTO setting (key, value)"
                          " VALUES ('" VJ_SETTING_SEARCH_PEOPLE "', 'true');");
  ids = initial (&shell, "AB-7");
  g_assert_true (has_name (&shell, ids, "AB-7"));
  g_clear_pointer (&ids, g_strfreev);

  /* Activating a programme opens the app on its page */
  ids = initial (&shell, "sygeplejerske");
  g_assert_nonnull (ids[0]);
  g_assert_true (g_str_has_prefix (ids[0], "p:"));
  g_variant_unref (call (&shell, "ActivateResult",
                         g_variant_new ("(s^asu)", ids[0], ids, (guint32) 0)));
  vj_test_wait_until (shows_programme_page, app);

  g_application_release (G_APPLICATION (app));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_clear_pointer (&shell.reply, g_variant_unref);
  g_object_unref (shell.bus);
  g_free (shell.path);
  vj_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display or session bus\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/search-provider/search-and-activate", test_search_and_activate);
  return g_test_run ();
}
