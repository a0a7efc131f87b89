#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "vj-db-private.h"
#include "vj-store-sqlite-private.h"
#include "vj-store.h"
#include "vj-text.h"

/* The SQLite engine behind the store (vj-store.h), below everything else in src/db (vj-db.c,
 * the backups, the migrations, the erase and the wings all call it; it calls nothing of
 * theirs): errors said in our words (VJ_DB_ERROR), connections opened with our functions and
 * busy handler, the lock files beside the database, statements prepared, bound, stepped and
 * read (VjStoreStmt), settings read and written on a connection, and the time stamps the
 * database stores. */

G_DEFINE_QUARK (vj-db-error-quark, vj_db_error)

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

/* Who holds the write lock. Every Vejviser write transaction, in any process (the writer
 * thread, an import's merge, an erase), holds a shared lock on "<database>-writing.lock" while
 * it has the database's write lock. A connection that finds the database busy waits as long
 * as that is so — Vejviser's own long jobs are waited for, never blamed on "another program"
 * — and a lock held by anything else for at most OTHER_PROGRAM_WAIT_MS. */

#define BUSY_SLEEP_MS          20
#define OTHER_PROGRAM_WAIT_MS  5000
#define VEJVISER_WAIT_MS       (15 * 60 * 1000)
#define REPORT_AFTER_MS        500

static char *
writing_lock_path (const char *db_path)
{
  return g_strconcat (db_path, "-writing.lock", NULL);
}

int
_vj_db_writing_begin (sqlite3 *conn)
{
  const char *db_path = sqlite3_db_filename (conn, "main");
  g_autofree char *path = NULL;
  int fd;

  if (db_path == NULL || db_path[0] == '\0')
    return -1;
  path = writing_lock_path (db_path);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0 && flock (fd, LOCK_SH) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

void
_vj_db_writing_end (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* Whether a Vejviser write transaction is open on @db_path (in this process or another) */
gboolean
_vj_db_held_by_vejviser (const char *db_path)
{
  g_autofree char *path = NULL;
  gboolean held;
  int fd;

  if (db_path == NULL || db_path[0] == '\0')
    return FALSE;
  path = writing_lock_path (db_path);
  fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return FALSE;
  held = flock (fd, LOCK_EX | LOCK_NB) != 0;
  close (fd);
  return held;
}

typedef struct
{
  char *db_path;
  int   other_ms;     /* waited, in this busy spell, while no Vejviser job held the lock */
  int   vejviser_ms;
  VjDbBusyReportFunc report;  /* told once a spell, after REPORT_AFTER_MS of a Vejviser job */
  gpointer           report_data;
  GDestroyNotify     report_data_free;
} BusyWait;

static void
busy_wait_free (gpointer data)
{
  BusyWait *wait = data;

  g_free (wait->db_path);
  if (wait->report_data_free != NULL)
    wait->report_data_free (wait->report_data);
  g_free (wait);
}

static int
busy_handler (void *data,
              int   count)
{
  BusyWait *wait = data;

  if (count == 0)
    wait->other_ms = wait->vejviser_ms = 0;
  if (_vj_db_held_by_vejviser (wait->db_path))
    {
      if (wait->vejviser_ms >= VEJVISER_WAIT_MS)
        return 0;
      wait->vejviser_ms += BUSY_SLEEP_MS;
      if (wait->report != NULL && wait->vejviser_ms == REPORT_AFTER_MS)
        wait->report (wait->report_data);
    }
  else
    {
      if (wait->other_ms >= OTHER_PROGRAM_WAIT_MS)
        return 0;
      wait->other_ms += BUSY_SLEEP_MS;
    }
  g_usleep (BUSY_SLEEP_MS * 1000);
  return 1;
}

static void
busy_noop (sqlite3_context *context,
           int              argc,
           sqlite3_value  **argv)
{
}

/* The handler's state lives as long as the connection: it is the user data of a function
 * that is never called, which SQLite frees on close */
static void
install_busy_handler (sqlite3           *conn,
                      const char        *path,
                      VjDbBusyReportFunc report,
                      gpointer           report_data,
                      GDestroyNotify     report_data_free)
{
  BusyWait *wait = g_new0 (BusyWait, 1);

  wait->db_path = g_strdup (path);
  wait->report = report;
  wait->report_data = report_data;
  wait->report_data_free = report_data_free;
  if (sqlite3_create_function_v2 (conn, "vj_busy_wait", 0, SQLITE_UTF8, wait, busy_noop, NULL,
                                  NULL, busy_wait_free) != SQLITE_OK)
    {
      sqlite3_busy_timeout (conn, OTHER_PROGRAM_WAIT_MS);
      return;
    }
  sqlite3_busy_handler (conn, busy_handler, wait);
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
  install_busy_handler (conn, path, NULL, NULL, NULL);
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

/* @report is called, on the thread using @conn, when a statement on @conn has waited
 * REPORT_AFTER_MS for a Vejviser job's write transaction (once per wait); the caller knows
 * the wait is over when the statement returns. @conn's busy handler is replaced by one that
 * reports; SQLite frees the old one's state. */
void
_vj_db_report_busy (sqlite3           *conn,
                    VjDbBusyReportFunc report,
                    gpointer           report_data,
                    GDestroyNotify     report_data_free)
{
  install_busy_handler (conn, sqlite3_db_filename (conn, "main"), report, report_data,
                        report_data_free);
}


/* Imports in progress, in any process, hold a shared lock on "<database>-imports.lock" (mode
 * 0600) for as long as they run; vj_db_open () takes it exclusively, without waiting, to know
 * that a run still recorded as running is no one's any more. Returns the descriptor, or -1
 * (not taken; the caller goes on without it). */
int
_vj_db_runs_lock (const char *db_path,
                  gboolean    exclusive)
{
  g_autofree char *path = g_strconcat (db_path, "-imports.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    return -1;
  if (flock (fd, exclusive ? LOCK_EX | LOCK_NB : LOCK_SH) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}


gboolean
_vj_db_set_error (GError    **error,
                  sqlite3    *conn,
                  int         rc,
                  const char *what)
{
  int code;
  int primary = rc & 0xff;

  switch (primary)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = VJ_DB_ERROR_NOT_A_DATABASE;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = VJ_DB_ERROR_BUSY;
      break;
    case SQLITE_INTERRUPT:
      code = VJ_DB_ERROR_CANCELLED;
      break;
    case SQLITE_FULL:
      code = VJ_DB_ERROR_FULL;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      code = VJ_DB_ERROR_OPEN;
      break;
    default:
      code = VJ_DB_ERROR_QUERY;
      break;
    }
  /* A full disk may show as an I/O error (growing the WAL's shared memory at open) */
  if ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && conn != NULL &&
      sqlite3_system_errno (conn) == ENOSPC)
    code = VJ_DB_ERROR_FULL;

  if (code == VJ_DB_ERROR_NOT_A_DATABASE)
    g_set_error (error, VJ_DB_ERROR, code,
                 _("The file is not a Vejviser database or it is damaged (%s)."),
                 conn != NULL ? sqlite3_errmsg (conn) : sqlite3_errstr (rc));
  else if (code == VJ_DB_ERROR_BUSY &&
           _vj_db_held_by_vejviser (conn != NULL ? sqlite3_db_filename (conn, "main") : NULL))
    g_set_error (error, VJ_DB_ERROR, code,
                 _("Vejviser is still busy with a long change to the database (an import or a "
                   "deletion). Nothing was lost; try again when it is done."));
  else if (code == VJ_DB_ERROR_BUSY)
    g_set_error (error, VJ_DB_ERROR, code,
                 _("The database is in use by another program. Try again in a moment."));
  else if (code == VJ_DB_ERROR_FULL)
    g_set_error (error, VJ_DB_ERROR, code,
                 _("The disk is full, so the database could not be changed. Nothing was lost; "
                   "free some space and try again."));
  else if (code == VJ_DB_ERROR_CANCELLED)
    g_set_error_literal (error, VJ_DB_ERROR, code, _("Cancelled"));
  else
    /* Translators: %1$s says what was being done, %2$s is the database's own message */
    g_set_error (error, VJ_DB_ERROR, code, _("Database error while %1$s: %2$s"), what,
                 conn != NULL ? sqlite3_errmsg (conn) : sqlite3_errstr (rc));
  return FALSE;
}

/* Prepares @sql; a failure is said as reading the guidance log, where its callers are */
gboolean
_vj_db_prepare (sqlite3       *conn,
                const char    *sql,
                sqlite3_stmt **stmt,
                GError       **error)
{
  int rc = sqlite3_prepare_v2 (conn, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    return _vj_db_set_error (error, conn, rc, _("reading the guidance log"));
  return TRUE;
}

gboolean
_vj_db_exec (sqlite3    *conn,
             const char *sql,
             GError    **error)
{
  int rc = sqlite3_exec (conn, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _vj_db_set_error (error, conn, rc, _("changing the database"));
  return TRUE;
}

void
_vj_db_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
_vj_db_bind_int_or_null (sqlite3_stmt *stmt,
                         int           index,
                         gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

char *
_vj_db_column_dup (sqlite3_stmt *stmt,
                   int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* The value of the setting @key on @conn (vj-db-settings.h), or NULL when it is not set or
 * cannot be read */
char *
_vj_db_read_setting (VjStoreConn *conn,
                     const char  *key)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn, "SELECT value FROM setting WHERE key = ?1;", NULL);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_bind_text (stmt, 1, key);
  return vj_store_stmt_next (stmt) ? vj_store_stmt_dup_text (stmt, 0) : NULL;
}

gboolean
_vj_db_write_setting (VjStoreConn *conn,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving a setting"));
  vj_store_stmt_bind_text (stmt, 1, key);
  vj_store_stmt_bind_text (stmt, 2, value);
  return vj_store_stmt_run (stmt, error);
}

char *
_vj_db_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}



/* The connection */

/* A connection to the database at @path (vj_store_close () closes it) */
VjStoreConn *
vj_store_open (const char *path,
               gboolean    read_only,
               GError    **error)
{
  return _vj_db_open_connection (path, read_only, error);
}

/* NULL does nothing */
void
vj_store_close (VjStoreConn *conn)
{
  sqlite3_close (conn);
}

/* A write transaction, its lock taken at once (the writer and the long jobs) */
gboolean
vj_store_begin (VjStoreConn *conn,
                GError     **error)
{
  return _vj_db_exec (conn, "BEGIN IMMEDIATE;", error);
}

gboolean
vj_store_commit (VjStoreConn *conn,
                 GError     **error)
{
  return _vj_db_exec (conn, "COMMIT;", error);
}

/* Undoes the open transaction, if any; never fails */
void
vj_store_rollback (VjStoreConn *conn)
{
  if (!sqlite3_get_autocommit (conn))
    sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
}

/* Whether the commits that follow on @conn are on the disk before they return (the guidance
 * log) or may be lost to a power cut, never half (everything else). Outside a transaction. */
void
vj_store_set_durable (VjStoreConn *conn,
                      gboolean     durable)
{
  sqlite3_exec (conn, durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;",
                NULL, NULL, NULL);
}

/* A number that changes when another connection (of this process or another) commits */
gint64
vj_store_get_data_version (VjStoreConn *conn)
{
  gint64 version = 0;

  vj_store_query_int (conn, "PRAGMA data_version;", &version, NULL);
  return version;
}

/* Called as each statement is prepared: the tables of the main database it may write */
static int
table_changed (void       *data,
               int         action,
               const char *table,
               const char *unused,
               const char *database,
               const char *trigger)
{
  if ((action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) &&
      table != NULL && g_strcmp0 (database, "main") == 0 && !g_str_has_prefix (table, "sqlite_"))
    g_hash_table_add (data, (gpointer) g_intern_string (table));
  return SQLITE_OK;
}

/* From now on, the name of each table a statement prepared on @conn may change is added to
 * @tables (a set of interned strings that the caller owns, reads and empties, on the thread
 * using @conn). Statements are prepared where they run, so these are the tables a
 * transaction changed (or, for one that changed nothing after all, might have). */
void
vj_store_watch_changes (VjStoreConn *conn,
                        GHashTable  *tables)
{
  sqlite3_set_authorizer (conn, table_changed, tables);
}


/* Statements */

struct _VjStoreStmt
{
  VjStoreConn  *conn;
  sqlite3_stmt *stmt;
  const char   *what;  /* what was being done, for an error; static or translated */
  int           rc;    /* of the last step */
  guint         rows;  /* given since the last reset */
};

/* VEJVISER_STORE_CHECKS=1 (set for the test suite): a statement stepped on the main thread
 * that gives more than one row is a critical. The main thread reads at most one row (a lookup
 * by id); a list is read on a pooled reader in a worker (HACKING.md, "The store"). The main
 * thread is the one that owns the default main context: the app's for as long as it runs, a
 * test's while it iterates it. */
static gboolean
checks_enabled (void)
{
  static gsize enabled = 0;

  if (g_once_init_enter (&enabled))
    g_once_init_leave (&enabled, g_strcmp0 (g_getenv ("VEJVISER_STORE_CHECKS"), "1") == 0
                                 ? 2 : 1);
  return enabled == 2;
}

static void
check_rows (VjStoreStmt *self)
{
  if (self->rows == 2 && checks_enabled () &&
      g_main_context_is_owner (g_main_context_default ()))
    g_critical ("A statement gave more than one row on the main thread (read it in a worker, "
                "on a pooled reader): %s", sqlite3_sql (self->stmt));
}

static VjStoreStmt *
prepare (VjStoreConn  *conn,
         const char   *sql,
         unsigned int  flags,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  VjStoreStmt *self;
  int rc;

  g_return_val_if_fail (sql != NULL, NULL);

  /* A closed VjDb has no connections: a page still open (a restore closes the database
   * under it, a test closes it first) is told so */
  if (conn == NULL)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_OPEN, _("The database is closed."));
      return NULL;
    }

  rc = sqlite3_prepare_v3 (conn, sql, -1, flags, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      _vj_db_set_error (error, conn, rc, _("using the database"));
      return NULL;
    }
  self = g_new0 (VjStoreStmt, 1);
  self->conn = conn;
  self->stmt = stmt;
  self->rc = SQLITE_OK;
  return self;
}

/* A statement on @conn; NULL with @error set when @sql cannot be prepared */
VjStoreStmt *
vj_store_prepare (VjStoreConn  *conn,
                  const char   *sql,
                  GError      **error)
{
  return prepare (conn, sql, 0, error);
}

/* The same, for a statement that is kept and run many times (an import's inserts) */
VjStoreStmt *
vj_store_prepare_persistent (VjStoreConn  *conn,
                             const char   *sql,
                             GError      **error)
{
  return prepare (conn, sql, SQLITE_PREPARE_PERSISTENT, error);
}

void
vj_store_stmt_free (VjStoreStmt *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->stmt);
  g_free (self);
}

/* What a failure of @self is said to interrupt ("saving a session"), translated; the string
 * must outlive the statement */
void
vj_store_stmt_set_what (VjStoreStmt *self,
                        const char  *what)
{
  self->what = what;
}

/* NULL binds NULL */
void
vj_store_stmt_bind_text (VjStoreStmt *self,
                         int          index,
                         const char  *value)
{
  if (value == NULL)
    sqlite3_bind_null (self->stmt, index);
  else
    sqlite3_bind_text (self->stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
vj_store_stmt_bind_int (VjStoreStmt *self,
                        int          index,
                        gint64       value)
{
  sqlite3_bind_int64 (self->stmt, index, value);
}

/* 0 binds NULL (an id that is not set) */
void
vj_store_stmt_bind_int_or_null (VjStoreStmt *self,
                                int          index,
                                gint64       value)
{
  if (value == 0)
    sqlite3_bind_null (self->stmt, index);
  else
    sqlite3_bind_int64 (self->stmt, index, value);
}

void
vj_store_stmt_bind_double (VjStoreStmt *self,
                           int          index,
                           double       value)
{
  sqlite3_bind_double (self->stmt, index, value);
}

/* Stored as 0 or 1 (an INTEGER column on both engines) */
void
vj_store_stmt_bind_boolean (VjStoreStmt *self,
                            int          index,
                            gboolean     value)
{
  sqlite3_bind_int (self->stmt, index, value ? 1 : 0);
}

/* NULL binds NULL */
void
vj_store_stmt_bind_bytes (VjStoreStmt *self,
                          int          index,
                          GBytes      *value)
{
  gsize size = 0;
  const void *data;

  if (value == NULL)
    {
      sqlite3_bind_null (self->stmt, index);
      return;
    }
  data = g_bytes_get_data (value, &size);
  sqlite3_bind_blob64 (self->stmt, index, data != NULL ? data : "", size, SQLITE_TRANSIENT);
}

void
vj_store_stmt_bind_null (VjStoreStmt *self,
                         int          index)
{
  sqlite3_bind_null (self->stmt, index);
}

int
vj_store_stmt_get_n_params (VjStoreStmt *self)
{
  return sqlite3_bind_parameter_count (self->stmt);
}

/* Steps @self: TRUE when a row is there to read. FALSE at the end and on failure; then
 * vj_store_stmt_check () tells which. */
gboolean
vj_store_stmt_next (VjStoreStmt *self)
{
  if (self->rc == SQLITE_DONE)  /* stepped again after its end: SQLite runs it anew */
    self->rows = 0;
  self->rc = sqlite3_step (self->stmt);
  if (self->rc != SQLITE_ROW)
    return FALSE;
  self->rows++;
  check_rows (self);
  return TRUE;
}

/* FALSE, with @error set, when the last step of @self failed */
gboolean
vj_store_stmt_check (VjStoreStmt *self,
                     GError     **error)
{
  if (self->rc == SQLITE_OK || self->rc == SQLITE_ROW || self->rc == SQLITE_DONE)
    return TRUE;
  return _vj_db_set_error (error, self->conn, self->rc,
                           self->what != NULL ? self->what : _("using the database"));
}

/* Runs @self to its end (a statement whose rows, if any, are not wanted) and resets it, so
 * that it can be bound and run again */
gboolean
vj_store_stmt_run (VjStoreStmt *self,
                   GError     **error)
{
  gboolean ok;

  while (vj_store_stmt_next (self))
    ;
  ok = vj_store_stmt_check (self, error);
  sqlite3_reset (self->stmt);
  self->rc = SQLITE_OK;
  self->rows = 0;
  return ok;
}

/* Back to before the first step; the bindings stay */
void
vj_store_stmt_reset (VjStoreStmt *self)
{
  sqlite3_reset (self->stmt);
  self->rc = SQLITE_OK;
  self->rows = 0;
}

int
vj_store_stmt_get_n_columns (VjStoreStmt *self)
{
  return sqlite3_column_count (self->stmt);
}

const char *
vj_store_stmt_get_column_name (VjStoreStmt *self,
                               int          column)
{
  return sqlite3_column_name (self->stmt, column);
}

gboolean
vj_store_stmt_is_null (VjStoreStmt *self,
                       int          column)
{
  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

/* Whether the value in @column is a number (an exported value keeps its kind) */
gboolean
vj_store_stmt_is_number (VjStoreStmt *self,
                         int          column)
{
  int type = sqlite3_column_type (self->stmt, column);

  return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
}

gint64
vj_store_stmt_get_int (VjStoreStmt *self,
                       int          column)
{
  return sqlite3_column_int64 (self->stmt, column);
}

double
vj_store_stmt_get_double (VjStoreStmt *self,
                          int          column)
{
  return sqlite3_column_double (self->stmt, column);
}

gboolean
vj_store_stmt_get_boolean (VjStoreStmt *self,
                           int          column)
{
  return sqlite3_column_int64 (self->stmt, column) != 0;
}

/* The text in @column, NULL for NULL; valid until the next step or reset */
const char *
vj_store_stmt_get_text (VjStoreStmt *self,
                        int          column)
{
  return (const char *) sqlite3_column_text (self->stmt, column);
}

char *
vj_store_stmt_dup_text (VjStoreStmt *self,
                        int          column)
{
  return g_strdup (vj_store_stmt_get_text (self, column));
}

/* NULL for NULL */
GBytes *
vj_store_stmt_dup_bytes (VjStoreStmt *self,
                         int          column)
{
  const void *data;
  int size;

  if (vj_store_stmt_is_null (self, column))
    return NULL;
  data = sqlite3_column_blob (self->stmt, column);
  size = sqlite3_column_bytes (self->stmt, column);
  return g_bytes_new (data, size);
}

/* Whether the last step of @self failed on a constraint (a unique key taken, a check not
 * met), for a caller that says so in its own words; read it before a reset or run */
gboolean
vj_store_stmt_violated_constraint (VjStoreStmt *self)
{
  return (self->rc & 0xff) == SQLITE_CONSTRAINT;
}


/* One-shot helpers */

/* Runs @sql, one or more statements without parameters whose rows are not wanted */
gboolean
vj_store_exec (VjStoreConn *conn,
               const char  *sql,
               GError     **error)
{
  return _vj_db_exec (conn, sql, error);
}

/* The integer in the first column of the first row of @sql (0 when there is no row) */
gboolean
vj_store_query_int (VjStoreConn *conn,
                    const char  *sql,
                    gint64      *value,
                    GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  *value = 0;
  if (stmt == NULL)
    return FALSE;
  if (vj_store_stmt_next (stmt))
    *value = vj_store_stmt_get_int (stmt, 0);
  return vj_store_stmt_check (stmt, error);
}

/* Rows changed by the last INSERT, UPDATE or DELETE on @conn */
gint64
vj_store_changes (VjStoreConn *conn)
{
  return sqlite3_changes64 (conn);
}

/* Makes the statement running on @conn (in another thread) stop with VJ_DB_ERROR_CANCELLED */
void
vj_store_interrupt (VjStoreConn *conn)
{
  sqlite3_interrupt (conn);
}

/* Sets @error from the last failure on @conn, as interrupting @what; returns FALSE */
gboolean
vj_store_set_error (GError     **error,
                    VjStoreConn *conn,
                    const char  *what)
{
  return _vj_db_set_error (error, conn, sqlite3_extended_errcode (conn), what);
}

