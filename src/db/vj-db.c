#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-db-backup.h"
#include "vj-db-private.h"
#include "vj-text.h"

/* The database: one writer connection owned by a worker thread (every write goes through it),
 * one reader for the main thread's point look-ups, and a small pool of readers for workers.
 * The importer opens its own connection (vj-db-import.c). */

#define MAX_POOLED_READERS 4

/* Shared by the writer thread and the main context; lives as long as either needs it */
typedef struct
{
  VjDb *db;                    /* atomic; NULL once the database is gone */
  int   waiting;               /* atomic */
} WriteWait;

struct _VjDb
{
  GObject       parent_instance;

  char         *path;
  char         *backup_path;
  int           schema_version;
  gboolean      accepted;      /* ours and whole: its WAL may be folded in at close */

  VjStoreConn  *main_reader;

  GMutex        pool_lock;
  GPtrArray    *pool;          /* idle reader connections */

  GThread      *writer_thread;
  GAsyncQueue  *writer_queue;  /* WriteJob */
  VjStoreConn  *writer;        /* used by writer_thread only, once it runs */

  WriteWait    *write_wait;    /* the writer waiting for a Vejviser job, told to the main context */
  gboolean      write_waiting; /* the property, as last told */
  GHashTable   *written;       /* tables the writer's open transaction changed (writer thread) */
  gint64        data_version;  /* of the main reader, when #VjDb::changed was last emitted */
};

typedef struct
{
  VjDbWriteFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GTask          *task;        /* NULL for the job that stops the thread */
  gboolean        durable;     /* committed with synchronous=FULL (the guidance log) */
} WriteJob;

G_DEFINE_FINAL_TYPE (VjDb, vj_db, G_TYPE_OBJECT)

static void
chmod_if (const char *path,
          int         mode)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && !S_ISLNK (st.st_mode) && (int) (st.st_mode & 0777) != mode)
    g_chmod (path, mode);
}

/* A database made by hand or by an older version, or copied in, may be readable by others:
 * it, its WAL and shared memory, the backups folder and each backup are made the owner's
 * only (0600, 0700) */
static void
make_private (const char *path)
{
  static const char * const sides[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *db_dir = g_path_get_dirname (path);
  g_autofree char *backups = g_build_filename (db_dir, "backups", NULL);
  g_autoptr(GDir) handle = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *side = g_strconcat (path, sides[i], NULL);
      chmod_if (side, 0600);
    }
  if (!g_file_test (backups, G_FILE_TEST_IS_DIR))
    return;
  chmod_if (backups, 0700);
  handle = g_dir_open (backups, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (backups, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        chmod_if (child, 0600);
    }
}

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_WRITE_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Creates the file mode 0600 before SQLite sees it; SQLite gives its WAL and journal the mode
 * of the database file. */
static gboolean
ensure_private_file (const char *path,
                     GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_OPEN,
                   _("Could not create the folder “%1$s”: %2$s"), dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_OPEN,
                   _("Could not open the database “%1$s”: %2$s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  make_private (path);
  return TRUE;
}

/* Imports killed (or a machine that went down) leave their run "running" for ever: marked
 * interrupted once no import is running anywhere */
static void
mark_interrupted_runs (VjStoreConn *conn,
                       const char  *path)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autofree char *now = _vj_db_now ();
  gint64 any = 0;
  int fd;

  vj_store_query_int (conn, "SELECT count (*) FROM import_run WHERE status = 'running';", &any,
                      NULL);
  if (any == 0 || (fd = _vj_db_runs_lock (path, TRUE)) < 0)
    return;
  stmt = vj_store_prepare (conn,
                           "UPDATE import_run SET status = 'interrupted',"
                           "   finished_at = COALESCE (finished_at, ?1)"
                           " WHERE status = 'running';",
                           NULL);
  if (stmt != NULL)
    {
      vj_store_stmt_bind_text (stmt, 1, now);
      vj_store_stmt_run (stmt, NULL);
    }
  close (fd);
}

static void
close_connection (gpointer conn)
{
  vj_store_close (conn);
}

static void
write_job_free (WriteJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

/* Runs @func on the default main context, from whichever thread: always through a source.
 * g_main_context_invoke () would run it here, on the writer thread, whenever no thread holds
 * the default context at that moment (a test between two iterations, the app between two
 * frames), and the signal's handlers are the pages' GTK code. */
static void
tell_main_context (GSourceFunc    func,
                   gpointer       data,
                   GDestroyNotify data_free,
                   const char    *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, data_free);
  g_source_set_static_name (source, name);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

/* On the main context: the property follows what the writer said */
static gboolean
write_wait_tell (gpointer data)
{
  WriteWait *wait = data;
  VjDb *self = g_atomic_pointer_get (&wait->db);
  gboolean waiting = g_atomic_int_get (&wait->waiting) != 0;

  if (self != NULL && self->write_waiting != waiting)
    {
      self->write_waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_WAITING]);
    }
  return G_SOURCE_REMOVE;
}

static void
write_wait_set (WriteWait *wait,
                gboolean   waiting)
{
  g_atomic_int_set (&wait->waiting, waiting);
  tell_main_context (write_wait_tell, g_atomic_rc_box_acquire (wait),
                     (GDestroyNotify) g_atomic_rc_box_release, "[vejviser] write waiting");
}

/* The writer's busy handler: it has waited a while for another Vejviser job (writer thread) */
static void
writer_busy_report (gpointer data)
{
  write_wait_set (data, TRUE);
}

/* What #VjDb::changed says, by the tables a commit changed */
typedef enum
{
  CHANGED_CATALOGUE   = 1 << 0,
  CHANGED_INITIATIVES = 1 << 1,
  CHANGED_SESSIONS    = 1 << 2,
  CHANGED_PEOPLE      = 1 << 3,
  CHANGED_SETTINGS    = 1 << 4,
  CHANGED_DRAFTS      = 1 << 5,
  CHANGED_ALL         = (1 << 6) - 1,
} Changed;

static const char * const changed_details[] = {
  "catalogue", "initiatives", "sessions", "people", "settings", "drafts",
};

static const struct
{
  const char *prefix;
  Changed     changed;
} changed_tables[] = {
  { "initiative", CHANGED_INITIATIVES },
  { "overlay", CHANGED_INITIATIVES },
  { "session", CHANGED_SESSIONS },
  { "next_step", CHANGED_SESSIONS },
  { "draft", CHANGED_DRAFTS },
  { "person", CHANGED_PEOPLE },
  { "goal", CHANGED_PEOPLE },
  { "shortlist", CHANGED_PEOPLE },
  { "erase_", CHANGED_PEOPLE | CHANGED_SESSIONS },
  { "setting", CHANGED_SETTINGS },
};

static Changed
changed_by_tables (GHashTable *tables)
{
  GHashTableIter iter;
  gpointer table;
  Changed changed = 0;

  g_hash_table_iter_init (&iter, tables);
  while (g_hash_table_iter_next (&iter, &table, NULL))
    {
      Changed one = CHANGED_CATALOGUE;  /* programmes, institutions, sources, imports … */

      for (guint i = 0; i < G_N_ELEMENTS (changed_tables); i++)
        if (g_str_has_prefix (table, changed_tables[i].prefix))
          {
            one = changed_tables[i].changed;
            break;
          }
      changed |= one;
    }
  return changed;
}

static void
emit_changed (VjDb   *self,
              Changed changed)
{
  g_autoptr(VjDb) hold = g_object_ref (self);

  /* What this process changed is told here; vj_db_check_changes () tells what others did */
  if (self->main_reader != NULL)
    self->data_version = vj_store_get_data_version (self->main_reader);
  for (guint i = 0; i < G_N_ELEMENTS (changed_details); i++)
    if (changed & (1 << i))
      g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_static_string (changed_details[i]));
}

typedef struct
{
  WriteWait *wait;
  Changed    changed;
} ChangedTell;

static void
changed_tell_free (gpointer data)
{
  ChangedTell *tell = data;

  g_atomic_rc_box_release (tell->wait);
  g_free (tell);
}

/* On the main context, after a commit of the writer */
static gboolean
changed_tell (gpointer data)
{
  ChangedTell *tell = data;
  VjDb *self = g_atomic_pointer_get (&tell->wait->db);

  if (self != NULL)
    emit_changed (self, tell->changed);
  return G_SOURCE_REMOVE;
}

/* Set on the writer thread when the last reference to its VjDb went there (a job's task was
 * the last to hold it): the thread stops without touching the VjDb again */
static GPrivate writer_orphaned;

static gpointer
writer_thread_func (gpointer user_data)
{
  VjDb *self = user_data;

  for (;;)
    {
      WriteJob *job;

      if (g_private_get (&writer_orphaned) != NULL)
        break;
      job = g_async_queue_pop (self->writer_queue);
      GError *error = NULL;
      GCancellable *cancellable;
      gboolean ok;

      if (job->task == NULL)
        {
          write_job_free (job);
          break;
        }

      cancellable = g_task_get_cancellable (job->task);
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (job->task, error);
          write_job_free (job);
          continue;
        }

      /* synchronous cannot change inside a transaction: around it, for this write only */
      if (job->durable)
        vj_store_set_durable (self->writer, TRUE);
      /* A save waits here for another Vejviser job's transaction (busy_handler ()); once it
       * has waited a while, the main context is told (#VjDb:write-waiting), and told again
       * before the job's result */
      ok = vj_store_begin (self->writer, &error);
      if (g_atomic_int_get (&self->write_wait->waiting))
        write_wait_set (self->write_wait, FALSE);
      if (ok)
        {
          int writing = _vj_db_writing_begin (self->writer);

          g_hash_table_remove_all (self->written);
          if (job->func (self->writer, job->data, &error) &&
              vj_store_commit (self->writer, &error))
            {
              Changed changed = changed_by_tables (self->written);

              /* Told after the job's own result, so that whoever saved has shown it (a row
               * gone, a toast with Undo) before the pages read again */
              g_task_return_boolean (job->task, TRUE);
              if (changed != 0)
                {
                  ChangedTell *tell = g_new0 (ChangedTell, 1);

                  tell->wait = g_atomic_rc_box_acquire (self->write_wait);
                  tell->changed = changed;
                  tell_main_context (changed_tell, tell, changed_tell_free,
                                     "[vejviser] database changed");
                }
            }
          else
            {
              vj_store_rollback (self->writer);
              g_task_return_error (job->task, error);
            }
          _vj_db_writing_end (writing);
        }
      else
        g_task_return_error (job->task, error);
      if (job->durable)
        vj_store_set_durable (self->writer, FALSE);
      if (g_atomic_int_get (&self->write_wait->waiting))
        write_wait_set (self->write_wait, FALSE);

      write_job_free (job);
    }

  return NULL;
}

void
_vj_db_write_async (VjDb               *self,
                    VjDbWriteFunc       func,
                    gpointer            data,
                    GDestroyNotify      data_free,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  WriteJob *job;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (self->writer_queue != NULL);

  job = g_new0 (WriteJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, _vj_db_write_async);
  g_async_queue_push (self->writer_queue, job);
}

/* A write that must survive a power cut once it has returned (sessions, drafts): committed
 * with synchronous=FULL. */
void
_vj_db_write_durable_async (VjDb               *self,
                            VjDbWriteFunc       func,
                            gpointer            data,
                            GDestroyNotify      data_free,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  WriteJob *job;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (self->writer_queue != NULL);

  job = g_new0 (WriteJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->durable = TRUE;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, _vj_db_write_async);
  g_async_queue_push (self->writer_queue, job);
}

gboolean
_vj_db_write_finish (VjDb         *self,
                     GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GAsyncResult *result;
} SyncWait;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* A write for callers without a main loop to return to (the CLI): queued on the writer thread
 * like every other write, waited for here. */
gboolean
_vj_db_write_sync (VjDb          *self,
                   VjDbWriteFunc  func,
                   gpointer       data,
                   GDestroyNotify data_free,
                   GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncWait wait = { NULL };
  gboolean ok;

  g_main_context_push_thread_default (context);
  _vj_db_write_async (self, func, data, data_free, NULL, sync_done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  ok = _vj_db_write_finish (self, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

void
vj_db_close (VjDb *self)
{
  g_return_if_fail (VJ_IS_DB (self));

  if (self->writer_thread != NULL && self->writer_thread == g_thread_self ())
    {
      /* Closed by the writer itself, as its last job let go of the last reference */
      g_private_set (&writer_orphaned, GINT_TO_POINTER (TRUE));
      g_thread_unref (g_steal_pointer (&self->writer_thread));
    }
  else if (self->writer_thread != NULL)
    {
      g_async_queue_push (self->writer_queue, g_new0 (WriteJob, 1));
      g_thread_join (g_steal_pointer (&self->writer_thread));
    }
  if (self->writer != NULL)
    {
      /* Fold the WAL back into the database so no personal data lingers in it (not into one
       * refused at open: it is left as it was) */
      if (self->accepted)
        vj_store_fold_journal (self->writer);
      vj_store_close (g_steal_pointer (&self->writer));
    }
  g_clear_pointer (&self->main_reader, close_connection);
  g_mutex_lock (&self->pool_lock);
  if (self->pool != NULL)
    g_ptr_array_set_size (self->pool, 0);
  g_mutex_unlock (&self->pool_lock);
}

static void
vj_db_finalize (GObject *object)
{
  VjDb *self = VJ_DB (object);

  vj_db_close (self);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->writer_queue, g_async_queue_unref);
  g_atomic_pointer_set (&self->write_wait->db, NULL);
  g_clear_pointer (&self->write_wait, g_atomic_rc_box_release);
  g_mutex_clear (&self->pool_lock);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->written, g_hash_table_unref);

  G_OBJECT_CLASS (vj_db_parent_class)->finalize (object);
}

static void
vj_db_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  VjDb *self = VJ_DB (object);

  switch (prop_id)
    {
    case PROP_WRITE_WAITING:
      g_value_set_boolean (value, self->write_waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_db_class_init (VjDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vj_db_finalize;
  object_class->get_property = vj_db_get_property;

  /**
   * VjDb:write-waiting:
   *
   * Whether the writer has been waiting, for half a second or more, for another Vejviser job's
   * write transaction (an import, a purge, another window's save) to end before it can write;
   * on the main context. A save in progress says so while this is %TRUE.
   */
  properties[PROP_WRITE_WAITING] =
    g_param_spec_boolean ("write-waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VjDb::changed:
   *
   * What the database holds changed, on the main context; the detail says what:
   * `catalogue` (programmes, institutions, sources, imports), `initiatives`, `sessions` (the
   * log), `people` (people, their goals and shortlists), `settings` or `drafts` (the session
   * editor's autosave, told apart so that a page does not read the log again as one types). Emitted
   * after each commit of this #VjDb's writer, and by vj_db_check_changes () for what another
   * connection or process committed. Pages that show the data subscribe and read it again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/**
 * vj_db_check_changes:
 *
 * Emits #VjDb::changed, with every detail, when another connection or another process (a
 * second window's import, `vejviser-cli`) has committed since it was last emitted. Cheap: the
 * window calls it when it is focused and on a slow timer.
 *
 * Returns: whether anything had changed
 */
gboolean
vj_db_check_changes (VjDb *self)
{
  gint64 version;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  if (self->main_reader == NULL)
    return FALSE;
  version = vj_store_get_data_version (self->main_reader);
  if (version == self->data_version)
    return FALSE;
  emit_changed (self, CHANGED_ALL);
  return TRUE;
}

/**
 * vj_db_notify_changed:
 * @what: the detail: "catalogue"
 *
 * Emits #VjDb::changed. Called on the main context by whoever changed the data (an import, an
 * edited initiative), until the writer emits it after each commit.
 */
void
vj_db_notify_changed (VjDb       *self,
                      const char *what)
{
  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (what != NULL);

  /* Whoever tells has said what changed: not told again as another's change */
  if (self->main_reader != NULL)
    self->data_version = vj_store_get_data_version (self->main_reader);
  g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_string (what));
}

static void
vj_db_init (VjDb *self)
{
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new_with_free_func (close_connection);
  self->writer_queue = g_async_queue_new ();
  self->write_wait = g_atomic_rc_box_new0 (WriteWait);
  self->write_wait->db = self;
  self->written = g_hash_table_new (NULL, NULL);
}

/**
 * vj_db_get_write_waiting:
 *
 * Returns: #VjDb:write-waiting
 */
gboolean
vj_db_get_write_waiting (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  return self->write_waiting;
}

/**
 * vj_db_default_path:
 *
 * Returns: `$VEJVISER_DB`, or `vejviser/vejviser.db` in the user data folder
 */
char *
vj_db_default_path (void)
{
  const char *env = g_getenv ("VEJVISER_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "vejviser", "vejviser.db", NULL);
}

int
vj_db_latest_schema_version (void)
{
  return _vj_db_n_migrations ();
}

/**
 * vj_db_open:
 * @path: the database file; created (mode 0600) when missing
 *
 * Opens the database: reads its schema version before anything else, refuses a database from a
 * newer Vejviser (leaving it untouched), backs it up and migrates it when older, then switches
 * it to WAL and starts the writer thread.
 */
VjDb *
vj_db_open (const char *path,
            GError    **error)
{
  g_autoptr(VjDb) self = NULL;
  int latest = _vj_db_n_migrations ();

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (VJ_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (!ensure_private_file (path, error))
    return NULL;
  self->writer = vj_store_open (path, FALSE, error);
  if (self->writer == NULL)
    return NULL;
  /* Until it is known to be ours and whole, closing must not fold a WAL it came with into
   * it: a database refused is left as it was, WAL and all (without one, closing removes the
   * empty WAL that opening made) */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    GStatBuf st;

    if (g_stat (wal, &st) == 0 && st.st_size > 0)
      vj_store_keep_journal_at_close (self->writer, TRUE);
  }

  /* The version first: switching to WAL rewrites the header of the file. */
  self->schema_version = vj_store_get_schema_version (self->writer, error);
  if (self->schema_version < 0)
    return NULL;
  if (self->schema_version > latest)
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NEWER_VERSION,
                   _("The database “%1$s” was written by a newer version of Vejviser (schema %2$d; "
                     "this version knows up to %3$d). It has not been changed. Update Vejviser "
                     "to open it."),
                   path, self->schema_version, latest);
      return NULL;
    }

  if (self->schema_version > 0 && !vj_store_check_whole (self->writer, path, error))
    return NULL;

  vj_store_keep_journal_at_close (self->writer, FALSE);
  self->accepted = TRUE;

  /* Backups killed while being written: never listed, and gone now */
  vj_db_backup_clean_partial (path);

  if (self->schema_version > 0 && self->schema_version < latest)
    {
      g_autofree char *reason = g_strdup_printf ("schema%d", self->schema_version);

      self->backup_path = _vj_db_backup_take (self->writer, reason, error);
      if (self->backup_path == NULL)
        return NULL;
    }

  if (!vj_store_use_journal (self->writer, error))
    return NULL;

  if (self->schema_version < latest)
    {
      if (!_vj_db_migrate (self->writer, self->schema_version, error))
        return NULL;
      self->schema_version = latest;
    }

  /* An erase a kill or a full disk left half-done, or one a restored backup brought back */
  _vj_db_erase_resume_at_open (path);
  mark_interrupted_runs (self->writer, path);

  self->main_reader = vj_store_open (path, TRUE, error);
  if (self->main_reader == NULL)
    return NULL;
  self->data_version = vj_store_get_data_version (self->main_reader);
  vj_store_watch_changes (self->writer, self->written);

  _vj_db_report_busy (self->writer, writer_busy_report,
                      g_atomic_rc_box_acquire (self->write_wait),
                      (GDestroyNotify) g_atomic_rc_box_release);
  self->writer_thread = g_thread_new ("vj-db-writer", writer_thread_func, self);
  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  VjDb *db = vj_db_open (task_data, &error);

  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, g_object_unref);
}

void
vj_db_open_async (const char         *path,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vj_db_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

VjDb *
vj_db_open_finish (GAsyncResult *result,
                   GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
vj_db_get_path (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return self->path;
}

/**
 * vj_db_backup_list:
 *
 * Returns: (element-type VjBackup): the backups of @self, newest first
 *   (vj_db_backup_list_for_path ())
 */
GPtrArray *
vj_db_backup_list (VjDb    *self,
                   GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return vj_db_backup_list_for_path (vj_db_get_path (self), error);
}

int
vj_db_get_schema_version (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), 0);
  return self->schema_version;
}

/* The backup taken before the last migration, if any. */
const char *
vj_db_get_backup_path (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return self->backup_path;
}

VjStoreConn *
_vj_db_get_main_reader (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return self->main_reader;
}

VjStoreConn *
_vj_db_acquire_reader (VjDb    *self,
                       GError **error)
{
  VjStoreConn *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    conn = g_ptr_array_steal_index (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn == NULL)
    conn = vj_store_open (self->path, TRUE, error);
  return conn;
}

void
_vj_db_release_reader (VjDb        *self,
                       VjStoreConn *conn)
{
  if (conn == NULL)
    return;
  g_mutex_lock (&self->pool_lock);
  if (self->main_reader != NULL && self->pool->len < MAX_POOLED_READERS)
    {
      g_ptr_array_add (self->pool, conn);
      conn = NULL;
    }
  g_mutex_unlock (&self->pool_lock);
  if (conn != NULL)
    vj_store_close (conn);
}

typedef struct
{
  VjDbReadFunc   func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VjDb *self = source_object;
  ReadJob *job = task_data;
  GError *error = NULL;
  VjStoreConn *conn;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  conn = _vj_db_acquire_reader (self, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = job->func (conn, job->data, &error);
  _vj_db_release_reader (self, conn);
  if (error != NULL)
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, job->result_free);
}

/* Runs @func in a worker on a pooled reader (never on the main thread's connection): how
 * the GUI reads a list. @data is freed with @data_free when done; the result that
 * _vj_db_read_finish() hands over is freed with @result_free if nobody takes it. */
void
_vj_db_read_async (VjDb               *self,
                   VjDbReadFunc        func,
                   gpointer            data,
                   GDestroyNotify      data_free,
                   GDestroyNotify      result_free,
                   gpointer            source_tag,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job;

  g_return_if_fail (VJ_IS_DB (self));

  job = g_new0 (ReadJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

gpointer
_vj_db_read_finish (VjDb          *self,
                    GAsyncResult  *result,
                    gpointer       source_tag,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
