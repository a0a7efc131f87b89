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

/* The first column of the first row, read-only; -1 when there is no row */
gint64
vj_test_query_int (const char *db_path,
                   const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
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
