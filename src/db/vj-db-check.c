#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"

/* The database's integrity check and a source's version. vj-db.c opens and writes; the
 * settings are in vj-db-settings.c. */

/**
 * vj_db_check:
 *
 * Runs SQLite's integrity and foreign-key checks.
 *
 * Returns: (transfer full): the problems found (empty when none), or %NULL on error
 */
GPtrArray *
vj_db_check (VjDb    *self,
             GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;

  rc = sqlite3_prepare_v2 (conn, "PRAGMA integrity_check;", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (line));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("checking the database"));
      _vj_db_release_reader (self, conn);
      return NULL;
    }

  rc = sqlite3_prepare_v2 (conn, "PRAGMA foreign_key_check;", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Translators: %1$s is a table, %2$lld a row number, %3$s the table it refers to */
      g_ptr_array_add (problems,
                       g_strdup_printf (_("Row %2$lld in %1$s refers to a missing row in %3$s"),
                                        (const char *) sqlite3_column_text (stmt, 0),
                                        (long long) sqlite3_column_int64 (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 2)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  _vj_db_release_reader (self, conn);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, NULL, rc, _("checking the database"));
      return NULL;
    }

  return g_steal_pointer (&problems);
}

/**
 * vj_db_get_source_version:
 * @feed_id: a feed's own source id
 *
 * Returns: the version of that feed last imported, or 0 when it was never imported
 */
gint64
vj_db_get_source_version (VjDb       *self,
                          const char *feed_id)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *conn;
  gint64 version = 0;

  g_return_val_if_fail (VJ_IS_DB (self), 0);

  conn = _vj_db_acquire_reader (self, NULL);
  if (conn == NULL)
    return 0;
  if (sqlite3_prepare_v2 (conn, "SELECT feed_version FROM source WHERE feed_id = ?1;", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, feed_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  _vj_db_release_reader (self, conn);
  return version;
}
