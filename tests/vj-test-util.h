#pragma once

#include <glib.h>

#include "vj-store.h"

G_BEGIN_DECLS

/* What many test programs need: a temporary folder removed whole, a look at a database file
 * with a connection of its own (not the code under test), and vejviser-cli run as a user runs
 * it. */

void        vj_test_rm_rf          (const char         *path);

/* A look at the database through the store (vj-store.h), with a connection of the test's own,
 * as another part of the app or another process would have. The SQL has numbered placeholders
 * (?1, ?2 …), bound in order by the values listed after it, each with its type:
 *
 *   vj_test_query_int (path, "SELECT count(*) FROM session WHERE id = ?1 AND form = ?2;",
 *                      VJ_TEST_INT (id), VJ_TEST_TEXT ("class"));
 *
 * (the macros below end the list). Every failure fails the test. Only tests that look at the
 * raw file on purpose open it with SQLite itself (tests/check-store.py, RAW_FILE). */
typedef enum
{
  VJ_TEST_BIND_END,
  VJ_TEST_BIND_INT,    /* a gint64 */
  VJ_TEST_BIND_TEXT,   /* a const char *; NULL binds NULL */
  VJ_TEST_BIND_NULL,
} VjTestBind;

#define VJ_TEST_INT(value)   VJ_TEST_BIND_INT, ((gint64) (value))
#define VJ_TEST_TEXT(value)  VJ_TEST_BIND_TEXT, ((const char *) (value))
#define VJ_TEST_NULL         VJ_TEST_BIND_NULL

VjStoreConn *vj_test_store_open          (const char  *db_path,
                                          gboolean     read_only);
VjStoreStmt *vj_test_store_prepare_full  (VjStoreConn *conn,
                                          const char  *sql,
                                          ...);
gint64       vj_test_query_int_full      (const char  *db_path,
                                          const char  *sql,
                                          ...);
char        *vj_test_query_text_full     (const char  *db_path,
                                          const char  *sql,
                                          ...);
void         vj_test_exec_sql_full       (const char  *db_path,
                                          const char  *sql,
                                          ...);

/* A statement on @conn with its placeholders bound (vj_store_stmt_free () or g_autoptr) */
#define vj_test_store_prepare(conn, ...) \
  vj_test_store_prepare_full (conn, __VA_ARGS__, VJ_TEST_BIND_END)
/* The first column of the first row, on a read-only connection; -1 when there is no row */
#define vj_test_query_int(db_path, ...) \
  vj_test_query_int_full (db_path, __VA_ARGS__, VJ_TEST_BIND_END)
/* The same as text; NULL when there is no row or it is NULL (g_free () it) */
#define vj_test_query_text(db_path, ...) \
  vj_test_query_text_full (db_path, __VA_ARGS__, VJ_TEST_BIND_END)
/* Changes the database behind the code's back, as another program would: one statement with
 * its values bound, or, with none, any number of statements */
#define vj_test_exec_sql(db_path, ...) \
  vj_test_exec_sql_full (db_path, __VA_ARGS__, VJ_TEST_BIND_END)

const char *vj_test_cli_path       (void);
char       *vj_test_run_cli        (const char         *db_path,
                                    int                *status,
                                    char              **err,
                                    ...) G_GNUC_NULL_TERMINATED;
char       *vj_test_run_cli_argv   (const char         *db_path,
                                    int                *status,
                                    char              **err,
                                    const char * const *args);

G_END_DECLS
