#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vj-test-util.h"

/* A folder and everything in it (a test's database, its WAL and its backups) */
void
vj_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        vj_test_rm_rf (child);
      }
  g_remove (path);
}

/* A connection of the test's own that cannot change the database; sqlite3_close() it */
sqlite3 *
vj_test_open_read_only (const char *db_path)
{
  sqlite3 *conn = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  return conn;
}

/* The first column of the first row, read-only; -1 when there is no row */
gint64
vj_test_query_int (const char *db_path,
                   const char *sql)
{
  sqlite3 *conn = vj_test_open_read_only (db_path);
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* The first column of the first row as text, read-only; NULL when there is no row or it is
 * NULL */
char *
vj_test_query_text (const char *db_path,
                    const char *sql)
{
  sqlite3 *conn = vj_test_open_read_only (db_path);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* Changes a database behind the code's back, as another program would */
void
vj_test_exec_sql (const char *db_path,
                  const char *sql)
{
  sqlite3 *conn = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &conn), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (conn);
}
