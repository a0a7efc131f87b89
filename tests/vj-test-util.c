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

/* The vejviser-cli the build made: Meson passes its path in VEJVISER_CLI */
const char *
vj_test_cli_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("VEJVISER_CLI");

      path = env != NULL && env[0] != '\0'
             ? g_strdup (env)
             : g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "vejviser-cli", NULL);
    }
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return path;
}

/**
 * vj_test_run_cli_argv:
 * @db_path: (nullable): the database, passed as `--db`; %NULL leaves `--db` out
 * @status: (out): the wait status
 * @err: (out) (optional): what it printed on stderr; %NULL throws that away
 * @args: the command and its arguments, %NULL-terminated
 *
 * Runs vejviser-cli to its end, without $VEJVISER_DB.
 *
 * Returns: (transfer full): what it printed on stdout
 */
char *
vj_test_run_cli_argv (const char         *db_path,
                      int                *status,
                      char              **err,
                      const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "VEJVISER_DB");
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) vj_test_cli_path ());
  if (db_path != NULL)
    {
      g_ptr_array_add (argv, "--db");
      g_ptr_array_add (argv, (char *) db_path);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp,
                err != NULL ? G_SPAWN_DEFAULT : G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                err, status, &error);
  g_assert_no_error (error);
  return out;
}

/* vj_test_run_cli_argv() with the command and its arguments listed, NULL-terminated */
char *
vj_test_run_cli (const char  *db_path,
                 int         *status,
                 char       **err,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return vj_test_run_cli_argv (db_path, status, err, (const char * const *) args->pdata);
}
