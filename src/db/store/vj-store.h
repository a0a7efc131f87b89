#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The storage seam. Everything in src/db outside src/db/store/ talks to the database through
 * these: a connection (VjStoreConn) and the statements prepared on it (VjStoreStmt). Only the
 * store knows which engine sits behind them; the SQL handed to them is written once, in what
 * SQLite 3.40 and PostgreSQL 15 both run (HACKING.md, "The store").
 *
 * The rules a second engine honours, and that callers keep:
 * - Placeholders are numbered (?1, ?2 …; never named, never bare ?) and each is bound with its
 *   type (text, integer, double, blob, boolean, or null). A placeholder tested for NULL is
 *   written CAST (?N AS TEXT) IS NULL (or INTEGER), so that a server can type it.
 * - A statement's result is read whole before another statement on the same connection gives
 *   its first row: a server engine fetches the whole result at the first step. Rows written by
 *   another statement after that step are not seen by the first.
 * - A failed statement inside a transaction is rolled back to the last savepoint (the writer
 *   sets one around each job); the transaction itself stays usable.
 * - New ids come from RETURNING, never from the connection (no last-insert-id).
 * - Errors are VJ_DB_ERROR, said in our words (busy, full, damaged, cancelled, query). */

typedef struct sqlite3 VjStoreConn;  /* a connection; opaque to everything outside the store */
typedef struct _VjStoreStmt VjStoreStmt;

/* Statements */
VjStoreStmt  *vj_store_prepare              (VjStoreConn  *conn,
                                             const char   *sql,
                                             GError      **error);
VjStoreStmt  *vj_store_prepare_persistent   (VjStoreConn  *conn,
                                             const char   *sql,
                                             GError      **error);
void          vj_store_stmt_free            (VjStoreStmt  *stmt);
void          vj_store_stmt_set_what        (VjStoreStmt  *stmt,
                                             const char   *what);

void          vj_store_stmt_bind_text       (VjStoreStmt  *stmt,
                                             int           index,
                                             const char   *value);
void          vj_store_stmt_bind_int        (VjStoreStmt  *stmt,
                                             int           index,
                                             gint64        value);
void          vj_store_stmt_bind_int_or_null (VjStoreStmt *stmt,
                                             int           index,
                                             gint64        value);
void          vj_store_stmt_bind_double     (VjStoreStmt  *stmt,
                                             int           index,
                                             double        value);
void          vj_store_stmt_bind_boolean    (VjStoreStmt  *stmt,
                                             int           index,
                                             gboolean      value);
void          vj_store_stmt_bind_bytes      (VjStoreStmt  *stmt,
                                             int           index,
                                             GBytes       *value);
void          vj_store_stmt_bind_null       (VjStoreStmt  *stmt,
                                             int           index);
int           vj_store_stmt_get_n_params    (VjStoreStmt  *stmt);

gboolean      vj_store_stmt_next            (VjStoreStmt  *stmt);
gboolean      vj_store_stmt_check           (VjStoreStmt  *stmt,
                                             GError      **error);
gboolean      vj_store_stmt_run             (VjStoreStmt  *stmt,
                                             GError      **error);
void          vj_store_stmt_reset           (VjStoreStmt  *stmt);

int           vj_store_stmt_get_n_columns   (VjStoreStmt  *stmt);
const char   *vj_store_stmt_get_column_name (VjStoreStmt  *stmt,
                                             int           column);
gboolean      vj_store_stmt_is_null         (VjStoreStmt  *stmt,
                                             int           column);
gboolean      vj_store_stmt_is_number       (VjStoreStmt  *stmt,
                                             int           column);
gint64        vj_store_stmt_get_int         (VjStoreStmt  *stmt,
                                             int           column);
double        vj_store_stmt_get_double      (VjStoreStmt  *stmt,
                                             int           column);
gboolean      vj_store_stmt_get_boolean     (VjStoreStmt  *stmt,
                                             int           column);
const char   *vj_store_stmt_get_text        (VjStoreStmt  *stmt,
                                             int           column);
char         *vj_store_stmt_dup_text        (VjStoreStmt  *stmt,
                                             int           column);
GBytes       *vj_store_stmt_dup_bytes       (VjStoreStmt  *stmt,
                                             int           column);

/* One-shot helpers on a connection */
gboolean      vj_store_exec                 (VjStoreConn  *conn,
                                             const char   *sql,
                                             GError      **error);
gboolean      vj_store_query_int            (VjStoreConn  *conn,
                                             const char   *sql,
                                             gint64       *value,
                                             GError      **error);
gint64        vj_store_changes              (VjStoreConn  *conn);
void          vj_store_interrupt            (VjStoreConn  *conn);
void          vj_store_close                (VjStoreConn  *conn);
gboolean      vj_store_set_error            (GError      **error,
                                             VjStoreConn  *conn,
                                             const char   *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjStoreStmt, vj_store_stmt_free)

G_END_DECLS
