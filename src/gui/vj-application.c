#define G_LOG_DOMAIN "vj-application"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>
#include <time.h>

#include "vj-application.h"
#include "vj-damaged-page.h"
#include "vj-db.h"
#include "vj-db-backup.h"
#include "vj-importer.h"
#include "vj-search-provider.h"
#include "vj-preferences-window.h"
#include "vj-purge.h"
#include "vj-session-editor.h"
#include "vj-widget-util.h"
#include "vj-window.h"

/* The application: opens the database off the main thread, brings the built-in catalogue in on
 * first run (and whenever a newer one ships), then gives the window its data. Restoring a
 * backup from Preferences closes the window and the database, puts the backup in its place and
 * starts again as at launch. */

/* The built-in catalogues, imported in this order: the region's own file, the national
 * catalogue made from the public registers (build-aux/make-catalogue), then the public tables
 * of figures as published */
static const char * const builtin_catalogues[] = {
  "resource://" RESOURCE_PATH "/catalogue/region-sjaelland.xml",
  "resource://" RESOURCE_PATH "/catalogue/national.xml",
  /* The register's campuses and towns, that KOT's offers are matched through, and the figures:
   * cut-offs 2009–2025, drop-out, unemployment, wages (data/sources/README.md) */
  "resource://" RESOURCE_PATH "/catalogue/institutionsregister.csv",
  "resource://" RESOURCE_PATH "/catalogue/uddannelseszoom.csv",
  "resource://" RESOURCE_PATH "/catalogue/kot-graensekvotienter.csv",
};

/* How long the data waits for the window's first frame before it is given anyway */
#define PAINTED_WAIT_SECONDS 2

/* How long a restore waits for the work still running on the database to let go of it */
#define RESTORE_WAIT_SECONDS 15

struct _VjApplication
{
  AdwApplication  parent_instance;

  gint64          started_at;     /* for VEJVISER_BENCH_FIRST_FRAME */

  char           *db_path;
  VjDb           *db;
  GCancellable   *cancellable;

  /* A restore under way: the backup, the database it replaces, and what to say afterwards */
  char           *restore_id;
  char           *restore_path;
  guint           restore_wait_id;
  char           *toast_after_start;

  /* The desktop's search (vj-search-provider.c), and a result it asked to open once the
   * window has its database: 'p', 'i', 'r' or 's' (the search), or 0 */
  VjSearchProvider *search_provider;
  char            pending_kind;
  gint64          pending_id;
  gboolean        db_opening;
  guint           builtin_index;  /* the built-in catalogue being imported */
  gboolean        builtin_updated;

  /* The database opens, in a worker, as soon as the window has painted its first frame (or,
   * should no frame come, after PAINTED_WAIT_SECONDS), and the window gets it at once */
  gboolean        builtins_done;  /* the database is open and the built-in catalogues in */
  gboolean        window_painted;
  guint           painted_timeout;
};

G_DEFINE_FINAL_TYPE (VjApplication, vj_application, ADW_TYPE_APPLICATION)

/* The main window, even while a dialog such as Preferences or About has the focus */
static VjWindow *
get_window (VjApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (VJ_IS_WINDOW (active))
    return VJ_WINDOW (active);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (VJ_IS_WINDOW (l->data))
      return VJ_WINDOW (l->data);
  return NULL;
}

static void
set_action_enabled (VjApplication *self,
                    const char    *name,
                    gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
progress_cb (guint64  read,
             guint64  total,
             gpointer user_data)
{
  VjApplication *self = user_data;
  VjWindow *window = get_window (self);

  if (window != NULL && total > 0)
    vj_window_set_loading_progress (window, (double) read / (double) total);
}

/* A search result the desktop asked for, once the window has the database */
static void
open_pending (VjApplication *self)
{
  VjWindow *window = get_window (self);
  char kind = self->pending_kind;

  if (window == NULL || vj_window_get_db (window) == NULL || kind == 0)
    return;
  self->pending_kind = 0;
  gtk_window_present (GTK_WINDOW (window));
  if (kind == 'p')
    vj_window_open_programme (window, self->pending_id);
  else if (kind == 'i')
    vj_window_open_institution (window, self->pending_id);
  else if (kind == 'r')
    vj_window_open_person (window, self->pending_id);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
}

static void
search_open_cb (char     kind,
                gint64   id,
                gpointer user_data)
{
  VjApplication *self = user_data;

  self->pending_kind = kind;
  self->pending_id = id;
  g_application_activate (G_APPLICATION (self));
  open_pending (self);
}

static gboolean open_db_idle (gpointer user_data);

/* The database is open and the built-in catalogues are in: the window gets it, once it has
 * painted its first frame */
static void
give_window_db (VjApplication *self)
{
  VjWindow *window = get_window (self);

  if (window == NULL || self->db == NULL || !self->builtins_done || !self->window_painted ||
      vj_window_get_db (window) != NULL)
    return;
  vj_window_set_db (window, self->db);
  open_pending (self);
  /* Personal data past the retention period: offered for deletion, never deleted silently */
  vj_purge_offer (GTK_WINDOW (window), self->db, TRUE);
}

static void
set_window_painted (VjApplication *self)
{
  self->window_painted = TRUE;
  g_clear_handle_id (&self->painted_timeout, g_source_remove);
  if (self->db == NULL && !self->db_opening)
    open_db_idle (self);
  give_window_db (self);
}

static void
first_paint_cb (GdkFrameClock *clock,
                VjApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  set_window_painted (self);
}

static void
window_realize_cb (GtkWidget     *widget,
                   VjApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (first_paint_cb), self, 0);
}

/* A window that is not painted (kept hidden by the desktop) gets its data all the same */
static gboolean
painted_timeout_cb (gpointer user_data)
{
  VjApplication *self = user_data;

  self->painted_timeout = 0;
  set_window_painted (self);
  return G_SOURCE_REMOVE;
}

static void
builtin_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = NULL;
  gboolean imported = FALSE;
  VjWindow *window;

  report = vj_import_builtin_finish (result, &imported, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without a window (started for the desktop's search) they are imported all the same */
  window = get_window (self);
  if (error != NULL && window != NULL)
    vj_widget_show_message (GTK_WIDGET (window), error->message);
  else if (error != NULL)
    g_warning ("%s", error->message);
  else if (imported && report->totals.added > 0 && report->totals.unchanged > 0)
    self->builtin_updated = TRUE;
  /* The next built-in catalogue, in the worker too; a killed first start imports it again */
  if (++self->builtin_index < G_N_ELEMENTS (builtin_catalogues))
    {
      g_autoptr(GFile) next = g_file_new_for_uri (builtin_catalogues[self->builtin_index]);

      vj_import_builtin_async (self->db, next, self->cancellable, progress_cb, self,
                               builtin_done_cb, g_object_ref (self));
      return;
    }
  if (self->builtin_updated && window != NULL)
    vj_widget_show_message (GTK_WIDGET (window), _("The built-in catalogue was updated."));
  self->builtins_done = TRUE;
  give_window_db (self);
}

/* A backup was put in the place of a database that would not open: open it again */
static void
restored_cb (VjDamagedPage *page,
             const char    *set_aside,
             VjApplication *self)
{
  VjWindow *window = get_window (self);

  if (window != NULL)
    {
      vj_window_go_back (window);
      vj_widget_show_message (GTK_WIDGET (window),
                              _("The latest backup was restored. The database it replaced is "
                                "kept in the backups folder."));
    }
  open_db_idle (self);
}

/* The first built-in catalogue the database lacks or has an older version of, or
 * G_N_ELEMENTS (builtin_catalogues) when it has them all: every header read in one worker, so
 * that a start with them all in (the usual one) waits for no turn of the main loop between
 * them. One whose header cannot be read is imported, to say why. */
static void
builtins_check_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  VjDb *db = task_data;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_catalogues); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (builtin_catalogues[i]);
      g_autoptr(VjFeedHeader) header = vj_import_peek_header (file, cancellable, NULL);

      if (header == NULL || vj_db_get_source_version (db, header->source_id) < header->version)
        {
          g_task_return_int (task, i);
          return;
        }
    }
  g_task_return_int (task, G_N_ELEMENTS (builtin_catalogues));
}

static void
builtins_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  VjApplication *self = VJ_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) next = NULL;
  gssize first = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL || self->db == NULL)
    return;
  if (first >= (gssize) G_N_ELEMENTS (builtin_catalogues))
    {
      self->builtins_done = TRUE;
      give_window_db (self);
      return;
    }
  /* From there on one by one, as each may import */
  self->builtin_index = first;
  next = g_file_new_for_uri (builtin_catalogues[first]);
  vj_import_builtin_async (self->db, next, self->cancellable, progress_cb, self,
                           builtin_done_cb, g_object_ref (self));
}

static void
db_open_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VjApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  VjDb *db = vj_db_open_finish (result, &error);
  VjWindow *window = get_window (self);

  if (db == NULL)
    {
      self->db_opening = FALSE;
      g_warning ("%s", error->message);
      if (window != NULL && vj_damaged_page_applies_to (error))
        {
          g_autofree char *path = self->db_path != NULL ? g_strdup (self->db_path)
                                                        : vj_db_default_path ();
          GtkWidget *page = vj_damaged_page_new (path, error);

          g_signal_connect_object (page, "restored", G_CALLBACK (restored_cb), self, 0);
          vj_window_show_page (window, page, _("The Database Could Not Be Opened"));
        }
      else if (window != NULL)
        vj_window_show_error (window, _("The Database Could Not Be Opened"), error->message);
      return;
    }
  self->db = db;
  self->db_opening = FALSE;
  if (self->search_provider != NULL)
    vj_search_provider_set_db (self->search_provider, db);
  set_action_enabled (self, "preferences", TRUE);

  self->builtins_done = FALSE;
  self->builtin_index = 0;
  self->builtin_updated = FALSE;
  task = g_task_new (self, self->cancellable, builtins_checked_cb, NULL);
  g_task_set_task_data (task, g_object_ref (db), g_object_unref);
  g_task_run_in_thread (task, builtins_check_thread);
}

/* The CPU time spent so far, in ms: by the whole process (every thread: the database's
 * workers, the renderer's), and by the main thread alone. On a loaded machine these vary far
 * less than the time on the clock. */
static void
bench_cpu_ms (double *process,
              double *main_thread)
{
  struct rusage usage;
  struct timespec ts;

  *process = *main_thread = -1;
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    *process = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
               (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    *main_thread = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* VEJVISER_BENCH_FIRST_FRAME=1: print when the window first paints, and when it first paints
 * with the catalogue listed, as BENCH lines with the CPU time spent by then, then quit
 * (bench/bench-first-frame.c). */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      VjApplication *self)
{
  VjWindow *window = get_window (self);
  static gboolean first_done = FALSE;
  double ms = (g_get_monotonic_time () - self->started_at) / 1000.0;
  double cpu, main_cpu;

  if (!first_done)
    {
      first_done = TRUE;
      bench_cpu_ms (&cpu, &main_cpu);
      g_print ("BENCH first-frame %.1f ms\n", ms);
      g_print ("BENCH first-frame-cpu %.1f ms\n", cpu);
      g_print ("BENCH first-frame-main-thread-cpu %.1f ms\n", main_cpu);
    }
  if (window != NULL && vj_window_get_catalogue_shown (window))
    {
      bench_cpu_ms (&cpu, &main_cpu);
      g_print ("BENCH first-frame-with-catalogue %.1f ms\n", ms);
      g_print ("BENCH first-frame-with-catalogue-cpu %.1f ms\n", cpu);
      g_print ("BENCH first-frame-with-catalogue-main-thread-cpu %.1f ms\n", main_cpu);
      g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
      g_application_quit (G_APPLICATION (self));
    }
}

static void
bench_realize_cb (GtkWidget     *widget,
                  VjApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), self);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VjApplication *self = user_data;
  const char *developers[] = { _("The Vejviser developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Vejviser"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Vejviser developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Education guidance for counsellors in Region Sjælland: "
                                      "the region's programmes and initiatives, offline and in "
                                      "Danish."),
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Built-in catalogue"),
                                      NULL, GTK_LICENSE_CUSTOM,
                                      _("The built-in sample catalogue is compiled from public "
                                        "sources: the regional newspaper sn.dk, the "
                                        "institutions' own web pages, Danish Wikipedia and "
                                        "Region Sjælland's pages on Kompetenceparat 2020. It is "
                                        "to be replaced by real catalogue feeds."));
  {
    /* The credit UFM asks for is in Danish, in every language (data/sources/README.md) */
    g_autofree char *credit = g_strdup_printf ("%s\n\n%s",
                                               "Kilde: Uddannelses- og Forskningsministeriet",
                                               _("Uddannelseszoom and the cut-off grades of Den "
                                                 "Koordinerede Tilmelding (KOT) are the "
                                                 "ministry's open data (CC BY 4.0). The "
                                                 "institution register (Institutionsregisteret) "
                                                 "is published by Styrelsen for It og Læring "
                                                 "(STIL)."));

    adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Public data"), NULL,
                                        GTK_LICENSE_CUSTOM, credit);
  }
  gtk_window_present (GTK_WINDOW (about));
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vj_db_backup_restore_finish (result, NULL, &error))
    self->toast_after_start =
      g_strdup (_("The backup was restored; the database it replaced is kept as a backup."));
  else
    self->toast_after_start = g_strdup (error->message);
  g_clear_pointer (&self->restore_id, g_free);
  g_clear_pointer (&self->restore_path, g_free);
  /* As at launch: a window, then the database */
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

/* Nothing holds the database any more: its file can be replaced */
static gboolean
database_released_idle (gpointer user_data)
{
  VjApplication *self = user_data;

  if (self->restore_id == NULL || self->restore_wait_id == 0)
    return G_SOURCE_REMOVE;
  g_clear_handle_id (&self->restore_wait_id, g_source_remove);
  vj_db_backup_restore_async (self->restore_path, self->restore_id, NULL, restore_done_cb,
                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* From whichever thread let go of the database last */
static void
database_released_cb (gpointer  user_data,
                      GObject  *where_the_object_was)
{
  /* Through a source: g_main_context_invoke () would run it on that thread when no thread
   * holds the main context at the moment */
  g_idle_add_full (G_PRIORITY_DEFAULT, database_released_idle, user_data, NULL);
}

static gboolean
restore_wait_timeout_cb (gpointer user_data)
{
  VjApplication *self = user_data;

  self->restore_wait_id = 0;
  self->toast_after_start =
    g_strdup (_("The backup was not restored because the database was still in use. Nothing "
                "was changed; try again in a moment."));
  g_clear_pointer (&self->restore_id, g_free);
  g_clear_pointer (&self->restore_path, g_free);
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/**
 * vj_application_restore_backup:
 * @id: a backup of the open database (VjBackup)
 *
 * Puts the backup in the database's place: the windows close, the database is closed once the
 * work still running on it is done, the backup is restored (the database it replaces is kept as
 * a backup) and the window opens again on it. Refused with a toast while an import runs or a
 * session is open in its editor.
 */
void
vj_application_restore_backup (VjApplication *self,
                               const char    *id)
{
  VjWindow *window = get_window (self);
  GListModel *toplevels;
  VjDb *db;

  g_return_if_fail (VJ_IS_APPLICATION (self));
  g_return_if_fail (id != NULL);

  if (self->db == NULL || self->restore_id != NULL)
    return;
  if (window != NULL && vj_window_get_busy (window))
    {
      vj_widget_show_message (GTK_WIDGET (window),
                              _("An import is running. Restore the backup when it has "
                                "finished."));
      return;
    }
  /* A session being written is saved or discarded by the counsellor, not by a restore */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (toplevels, i);

      if (VJ_IS_SESSION_EDITOR (other))
        {
          gtk_window_present (GTK_WINDOW (other));
          if (window != NULL)
            vj_widget_show_message (GTK_WIDGET (window),
                                    _("A session is open. Save or close it, then restore "
                                      "the backup."));
          return;
        }
    }

  g_application_hold (G_APPLICATION (self));
  self->restore_id = g_strdup (id);
  self->restore_path = g_strdup (vj_db_get_path (self->db));
  set_action_enabled (self, "preferences", FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Every window goes — dialogs, Preferences and the pages and lists that read the database —
   * the newest first, so that none outlives the window it belongs to */
  for (guint n = g_list_model_get_n_items (toplevels); n > 0; n--)
    {
      GtkWindow *last = g_list_model_get_item (toplevels, g_list_model_get_n_items (toplevels) - 1);

      g_object_unref (last);
      gtk_window_destroy (last);
      if (g_list_model_get_n_items (toplevels) == 0)
        break;
    }

  db = g_steal_pointer (&self->db);
  g_object_weak_ref (G_OBJECT (db), database_released_cb, self);
  self->restore_wait_id = g_timeout_add_seconds (RESTORE_WAIT_SECONDS, restore_wait_timeout_cb,
                                                 self);
  g_object_unref (db);
}

typedef struct
{
  VjApplication *self;
  char          *id;
} RestoreRequest;

static gboolean
restore_request_idle (gpointer user_data)
{
  RestoreRequest *request = user_data;

  vj_application_restore_backup (request->self, request->id);
  g_object_unref (request->self);
  g_free (request->id);
  g_free (request);
  return G_SOURCE_REMOVE;
}

/* From the confirmation dialog's answer: the windows it belongs to close once it is done */
static void
restore_backup_cb (VjPreferencesWindow *preferences,
                   const char          *id,
                   VjApplication       *self)
{
  RestoreRequest *request = g_new0 (RestoreRequest, 1);

  request->self = g_object_ref (self);
  request->id = g_strdup (id);
  g_idle_add (restore_request_idle, request);
}

static void
setting_changed_cb (VjApplication *self,
                    const char    *key,
                    const char    *value)
{
  VjWindow *window = get_window (self);

  if (window != NULL)
    vj_window_apply_setting (window, key, value);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VjApplication *self = user_data;
  GtkWidget *preferences;

  if (self->db == NULL)
    return;
  preferences = vj_preferences_window_new (GTK_WINDOW (get_window (self)), self->db);
  g_signal_connect_object (preferences, "setting-changed", G_CALLBACK (setting_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "restore-backup", G_CALLBACK (restore_backup_cb), self,
                           0);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Another launch asked for a database (--db PATH): this instance keeps its own, open and
 * perhaps with a session being written, and says so instead of ignoring the other one. */
static void
open_db_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VjApplication *self = user_data;
  const char *asked = g_variant_get_bytestring (parameter);
  g_autofree char *mine = self->db_path != NULL ? g_strdup (self->db_path)
                                                : vj_db_default_path ();
  g_autofree char *mine_full = g_canonicalize_filename (mine, NULL);
  g_autofree char *asked_full = g_canonicalize_filename (asked, NULL);
  VjWindow *window = get_window (self);
  AdwMessageDialog *dialog;
  g_autofree char *asked_name = NULL;
  g_autofree char *mine_name = NULL;

  if (window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (window));
  if (g_strcmp0 (mine_full, asked_full) == 0)
    return;
  asked_name = g_filename_display_name (asked_full);
  mine_name = g_filename_display_name (mine_full);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                       _("Vejviser Is Already Open"), NULL));
  /* Translators: %1$s is the database asked for, %2$s the one the open window uses */
  adw_message_dialog_format_body (dialog,
                                  _("The database “%1$s” was not opened: this window uses "
                                    "“%2$s”. Close Vejviser first, then start it with the "
                                    "other database."),
                                  asked_name, mine_name);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "open-db", open_db_action, "ay" },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static gboolean
open_db_idle (gpointer user_data)
{
  VjApplication *self = user_data;
  g_autofree char *path = self->db_path != NULL ? g_strdup (self->db_path)
                                                : vj_db_default_path ();

  self->db_opening = TRUE;
  vj_db_open_async (path, self->cancellable, db_open_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
vj_application_activate (GApplication *app)
{
  VjApplication *self = VJ_APPLICATION (app);
  VjWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  /* The window shows at once, the data follows: the database opens after its first frame
   * (set_window_painted), not in an idle that waits for the frames after it too. Opened
   * while the window is built, it slowed the first frame on two cores. */
  self->window_painted = FALSE;

  window = vj_window_new (GTK_APPLICATION (self));
  if (g_getenv ("VEJVISER_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (bench_realize_cb), self);
  g_signal_connect_object (window, "realize", G_CALLBACK (window_realize_cb), self, 0);
  g_clear_handle_id (&self->painted_timeout, g_source_remove);
  self->painted_timeout = g_timeout_add_seconds (PAINTED_WAIT_SECONDS, painted_timeout_cb, self);
  gtk_window_present (GTK_WINDOW (window));
  if (self->toast_after_start != NULL)
    {
      g_autofree char *toast = g_steal_pointer (&self->toast_after_start);

      vj_widget_show_message (GTK_WIDGET (window), toast);
    }
}

/* The desktop's search provider lives at the application's object path, like GApplication's
 * own interfaces; started for it alone (D-Bus activation, --gapplication-service), the app
 * opens its database without a window. */
static gboolean
vj_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  VjApplication *self = VJ_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (vj_application_parent_class)->dbus_register (app, connection,
                                                                         object_path, error))
    return FALSE;
  self->search_provider = vj_search_provider_new (search_open_cb, self);
  if (self->db != NULL)
    vj_search_provider_set_db (self->search_provider, self->db);
  if (!vj_search_provider_register (self->search_provider, connection, path, error))
    {
      g_clear_object (&self->search_provider);
      return FALSE;
    }
  if ((g_application_get_flags (app) & G_APPLICATION_IS_SERVICE) != 0)
    {
      /* The shell searches as the user types: stay a while after the last call */
      g_application_set_inactivity_timeout (app, 20000);
      if (self->db == NULL && !self->db_opening)
        g_idle_add_full (G_PRIORITY_LOW, open_db_idle, g_object_ref (self), g_object_unref);
    }
  return TRUE;
}

static void
vj_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  VjApplication *self = VJ_APPLICATION (app);

  if (self->search_provider != NULL)
    vj_search_provider_unregister (self->search_provider);
  g_clear_object (&self->search_provider);
  G_APPLICATION_CLASS (vj_application_parent_class)->dbus_unregister (app, connection,
                                                                      object_path);
}

static void
vj_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  /* As application accelerators they win over the focused widget's own keys */
  const char *back_accels[] = { "<Alt>Left", "Back", NULL };
  const char *search_accels[] = { "<Control>f", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (vj_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  /* Preferences need the database: enabled once it is open */
  set_action_enabled (VJ_APPLICATION (app), "preferences", FALSE);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.back", back_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
}

static void
vj_application_shutdown (GApplication *app)
{
  VjApplication *self = VJ_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->db != NULL)
    vj_db_close (self->db);

  G_APPLICATION_CLASS (vj_application_parent_class)->shutdown (app);
}

static int
vj_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  VjApplication *self = VJ_APPLICATION (app);
  const char *db_path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("vejviser %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^&ay", &db_path))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *full = g_canonicalize_filename (db_path, NULL);

      self->db_path = g_strdup (db_path);
      /* Already running: the running window says which database it keeps (open_db_action) */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (app))
        {
          GDBusConnection *bus = g_application_get_dbus_connection (app);

          g_action_group_activate_action (G_ACTION_GROUP (app), "open-db",
                                          g_variant_new_bytestring (full));
          if (bus != NULL)
            g_dbus_connection_flush_sync (bus, NULL, NULL);
          return 0;
        }
    }
  return -1;
}

static void
vj_application_finalize (GObject *object)
{
  VjApplication *self = VJ_APPLICATION (object);

  g_clear_handle_id (&self->painted_timeout, g_source_remove);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->restore_id, g_free);
  g_clear_pointer (&self->restore_path, g_free);
  g_clear_pointer (&self->toast_after_start, g_free);

  G_OBJECT_CLASS (vj_application_parent_class)->finalize (object);
}

static void
vj_application_class_init (VjApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vj_application_finalize;
  app_class->activate = vj_application_activate;
  app_class->startup = vj_application_startup;
  app_class->shutdown = vj_application_shutdown;
  app_class->handle_local_options = vj_application_handle_local_options;
  app_class->dbus_register = vj_application_dbus_register;
  app_class->dbus_unregister = vj_application_dbus_unregister;
}

static void
vj_application_init (VjApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the database at PATH"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

VjApplication *
vj_application_new (void)
{
  return g_object_new (VJ_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
