#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "vj-db-private.h"

/* Small helpers every file in src/db uses: errors said in our words, statements run and bound,
 * and the time stamps the database stores. */

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

char *
_vj_db_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

