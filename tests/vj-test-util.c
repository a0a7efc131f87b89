#include "config.h"

#include <glib/gstdio.h>

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

/**
 * vj_test_store_open:
 * @read_only: whether the connection may only read
 *
 * A connection of the test's own to the database at @db_path, through the store, as the app
 * opens one; vj_store_close () it.
 */
VjStoreConn *
vj_test_store_open (const char *db_path,
                    gboolean    read_only)
{
  g_autoptr(GError) error = NULL;
  VjStoreConn *conn = vj_store_open (db_path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conn);
  return conn;
}

/* Binds the values listed in @binds (VjTestBind, value …, VJ_TEST_BIND_END) to ?1, ?2 … */
static void
bind_list (VjStoreStmt *stmt,
           va_list      binds)
{
  VjTestBind type;
  int index = 1;

  while ((type = va_arg (binds, VjTestBind)) != VJ_TEST_BIND_END)
    {
      switch (type)
        {
        case VJ_TEST_BIND_INT:
          vj_store_stmt_bind_int (stmt, index, va_arg (binds, gint64));
          break;
        case VJ_TEST_BIND_TEXT:
          vj_store_stmt_bind_text (stmt, index, va_arg (binds, const char *));
          break;
        case VJ_TEST_BIND_NULL:
          vj_store_stmt_bind_null (stmt, index);
          break;
        case VJ_TEST_BIND_END:
        default:
          g_assert_not_reached ();
        }
      index++;
    }
  g_assert_cmpint (index - 1, ==, vj_store_stmt_get_n_params (stmt));
}

static VjStoreStmt *
prepare_bound (VjStoreConn *conn,
               const char  *sql,
               va_list      binds)
{
  g_autoptr(GError) error = NULL;
  VjStoreStmt *stmt = vj_store_prepare (conn, sql, &error);

  if (stmt == NULL)
    g_error ("%s: %s", sql, error->message);
  bind_list (stmt, binds);
  return stmt;
}

/* vj_test_store_prepare () */
VjStoreStmt *
vj_test_store_prepare_full (VjStoreConn *conn,
                            const char  *sql,
                            ...)
{
  VjStoreStmt *stmt;
  va_list binds;

  va_start (binds, sql);
  stmt = prepare_bound (conn, sql, binds);
  va_end (binds);
  return stmt;
}

/* vj_test_query_int () */
gint64
vj_test_query_int_full (const char *db_path,
                        const char *sql,
                        ...)
{
  VjStoreConn *conn = vj_test_store_open (db_path, TRUE);
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  va_list binds;

  va_start (binds, sql);
  {
    g_autoptr(VjStoreStmt) stmt = prepare_bound (conn, sql, binds);

    if (vj_store_stmt_next (stmt))
      value = vj_store_stmt_get_int (stmt, 0);
    vj_store_stmt_check (stmt, &error);
  }
  va_end (binds);
  vj_store_close (conn);
  g_assert_no_error (error);
  return value;
}

/* vj_test_query_text () */
char *
vj_test_query_text_full (const char *db_path,
                         const char *sql,
                         ...)
{
  VjStoreConn *conn = vj_test_store_open (db_path, TRUE);
  g_autoptr(GError) error = NULL;
  char *value = NULL;
  va_list binds;

  va_start (binds, sql);
  {
    g_autoptr(VjStoreStmt) stmt = prepare_bound (conn, sql, binds);

    if (vj_store_stmt_next (stmt))
      value = vj_store_stmt_dup_text (stmt, 0);
    vj_store_stmt_check (stmt, &error);
  }
  va_end (binds);
  vj_store_close (conn);
  g_assert_no_error (error);
  return value;
}

/* vj_test_exec_sql (); a database not there yet is made, empty (as another program would
 * make it) */
void
vj_test_exec_sql_full (const char *db_path,
                       const char *sql,
                       ...)
{
  VjStoreConn *conn = NULL;
  g_autoptr(GError) error = NULL;
  va_list binds, peek;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_file_set_contents_full (db_path, "", 0, G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }
  conn = vj_test_store_open (db_path, FALSE);
  va_start (binds, sql);
  va_copy (peek, binds);
  if (va_arg (peek, VjTestBind) == VJ_TEST_BIND_END)
    vj_store_exec (conn, sql, &error);
  else
    {
      g_autoptr(VjStoreStmt) stmt = prepare_bound (conn, sql, binds);

      vj_store_stmt_run (stmt, &error);
    }
  va_end (peek);
  va_end (binds);
  vj_store_close (conn);
  if (error != NULL)
    g_error ("%s: %s", sql, error->message);
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
