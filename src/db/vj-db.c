#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-db-private.h"
#include "vj-text.h"

/* The database: one writer connection owned by a worker thread (every write goes through it),
 * one reader for the main thread's point look-ups, and a small pool of readers for workers.
 * The importer opens its own connection (vj-db-import.c). */

#define MAX_POOLED_READERS 4

struct _VjDb
{
  GObject       parent_instance;

  char         *path;
  char         *backup_path;
  int           schema_version;

  sqlite3      *main_reader;

  GMutex        pool_lock;
  GPtrArray    *pool;          /* idle reader connections */

  GThread      *writer_thread;
  GAsyncQueue  *writer_queue;  /* WriteJob */
  sqlite3      *writer;        /* used by writer_thread only, once it runs */
};

typedef struct
{
  VjDbWriteFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GTask          *task;        /* NULL for the job that stops the thread */
  gboolean        durable;     /* committed with synchronous=FULL (the guidance log) */
} WriteJob;

G_DEFINE_QUARK (vj-db-error-quark, vj_db_error)

G_DEFINE_FINAL_TYPE (VjDb, vj_db, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  return TRUE;
}

/* fold(text): our search key (vj_text_fold); fold_index(text): what the search index holds,
 * both spellings (vj_text_fold_for_index). SQL builds search rows with them. */
static void
sql_fold (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded = sqlite3_user_data (context) != NULL ? vj_text_fold_for_index (text)
                                                     : vj_text_fold (text);

  sqlite3_result_text (context, folded, -1, g_free);
}

sqlite3 *
_vj_db_open_connection (const char *path,
                        gboolean    read_only,
                        GError    **error)
{
  sqlite3 *conn = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_OPEN,
                   _("Could not open the database “%1$s”: %2$s"), path, sqlite3_errstr (rc));
      sqlite3_close (conn);
      return NULL;
    }

  sqlite3_extended_result_codes (conn, 1);
  sqlite3_busy_timeout (conn, 5000);
  sqlite3_create_function (conn, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold,
                           NULL, NULL);
  sqlite3_create_function (conn, "fold_index", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           GINT_TO_POINTER (1), sql_fold, NULL, NULL);
  if (!_vj_db_exec (conn, "PRAGMA foreign_keys = ON;", error) ||
      (read_only && !_vj_db_exec (conn, "PRAGMA query_only = ON;", error)))
    {
      sqlite3_close (conn);
      return NULL;
    }

  return conn;
}

static int
read_user_version (sqlite3 *conn,
                   GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;

  rc = sqlite3_prepare_v2 (conn, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    _vj_db_set_error (error, conn, rc, _("reading the schema version"));
  sqlite3_finalize (stmt);
  return version;
}

/* Before anything is written: a database cut short (copied half, a disk that failed) still
 * has its header, so SQLite would open it and fail later, after switching it to WAL. Its
 * header says how many pages it has; without a WAL beside it, the file must hold them all.
 * Then its schema must be readable. */
static gboolean
check_whole (sqlite3    *conn,
             const char *path,
             GError    **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 pages = 0, page_size = 0;
  GStatBuf st, wal_st;
  int rc;

  rc = sqlite3_prepare_v2 (conn, "SELECT page_count, page_size FROM pragma_page_count (),"
                                 " pragma_page_size ();", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      pages = sqlite3_column_int64 (stmt, 0);
      page_size = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (conn, "SELECT count (*) FROM sqlite_schema;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _vj_db_set_error (error, conn, rc, _("reading the database"));

  if (g_stat (path, &st) == 0 &&
      (g_stat (wal, &wal_st) != 0 || wal_st.st_size == 0) &&
      (gint64) st.st_size < pages * page_size)
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE,
                   _("The database “%s” is damaged: the file is shorter than it should be. "
                     "It has not been changed."), path);
      return FALSE;
    }
  return TRUE;
}

static void
close_connection (gpointer conn)
{
  sqlite3_close (conn);
}

static void
write_job_free (WriteJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

static gpointer
writer_thread_func (gpointer user_data)
{
  VjDb *self = user_data;

  for (;;)
    {
      WriteJob *job = g_async_queue_pop (self->writer_queue);
      GError *error = NULL;
      GCancellable *cancellable;

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
        sqlite3_exec (self->writer, "PRAGMA synchronous = FULL;", NULL, NULL, NULL);
      if (_vj_db_exec (self->writer, "BEGIN IMMEDIATE;", &error))
        {
          if (job->func (self->writer, job->data, &error) &&
              _vj_db_exec (self->writer, "COMMIT;", &error))
            g_task_return_boolean (job->task, TRUE);
          else
            {
              sqlite3_exec (self->writer, "ROLLBACK;", NULL, NULL, NULL);
              g_task_return_error (job->task, error);
            }
        }
      else
        g_task_return_error (job->task, error);
      if (job->durable)
        sqlite3_exec (self->writer, "PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);

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

  if (self->writer_thread != NULL)
    {
      g_async_queue_push (self->writer_queue, g_new0 (WriteJob, 1));
      g_thread_join (g_steal_pointer (&self->writer_thread));
    }
  if (self->writer != NULL)
    {
      /* Fold the WAL back into the database so no personal data lingers in it. */
      sqlite3_exec (self->writer, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
      sqlite3_close (g_steal_pointer (&self->writer));
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
  g_mutex_clear (&self->pool_lock);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);

  G_OBJECT_CLASS (vj_db_parent_class)->finalize (object);
}

static void
vj_db_class_init (VjDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_db_finalize;

  /**
   * VjDb::changed:
   *
   * What the database holds changed, on the main context; the detail says what, e.g.
   * `changed::catalogue` (programmes, institutions, initiatives). Pages that list it subscribe
   * to it and read it again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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

  g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_string (what));
}

static void
vj_db_init (VjDb *self)
{
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new_with_free_func (close_connection);
  self->writer_queue = g_async_queue_new ();
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
  self->writer = _vj_db_open_connection (path, FALSE, error);
  if (self->writer == NULL)
    return NULL;

  /* The version first: switching to WAL rewrites the header of the file. */
  self->schema_version = read_user_version (self->writer, error);
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

  if (self->schema_version > 0 && !check_whole (self->writer, path, error))
    return NULL;

  if (self->schema_version > 0 && self->schema_version < latest)
    {
      g_autofree char *reason = g_strdup_printf ("schema%d", self->schema_version);

      self->backup_path = _vj_db_backup_take (self->writer, reason, error);
      if (self->backup_path == NULL)
        return NULL;
    }

  if (!_vj_db_exec (self->writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                    error))
    return NULL;

  if (self->schema_version < latest)
    {
      if (!_vj_db_migrate (self->writer, self->schema_version, error))
        return NULL;
      self->schema_version = latest;
    }

  self->main_reader = _vj_db_open_connection (path, TRUE, error);
  if (self->main_reader == NULL)
    return NULL;

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

sqlite3 *
_vj_db_get_main_reader (VjDb *self)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return self->main_reader;
}

sqlite3 *
_vj_db_acquire_reader (VjDb    *self,
                       GError **error)
{
  sqlite3 *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    conn = g_ptr_array_steal_index (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn == NULL)
    conn = _vj_db_open_connection (self->path, TRUE, error);
  return conn;
}

void
_vj_db_release_reader (VjDb    *self,
                       sqlite3 *conn)
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
    sqlite3_close (conn);
}
