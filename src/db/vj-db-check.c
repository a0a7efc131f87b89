#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"

/* The database's integrity check and a source's version. vj-db.c opens and writes; the
 * settings are in vj-db-settings.c. */

/**
 * vj_db_check:
 *
 * Runs the database's integrity and foreign-key checks.
 *
 * Returns: (transfer full): the problems found (empty when none), or %NULL on error
 */
GPtrArray *
vj_db_check (VjDb    *self,
             GError **error)
{
  VjStoreConn *conn;
  GPtrArray *problems;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  problems = vj_store_check_integrity (conn, error);
  _vj_db_release_reader (self, conn);
  return problems;
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
  g_autoptr(VjStoreStmt) stmt = NULL;
  VjStoreConn *conn;
  gint64 version = 0;

  g_return_val_if_fail (VJ_IS_DB (self), 0);

  conn = _vj_db_acquire_reader (self, NULL);
  if (conn == NULL)
    return 0;
  stmt = vj_store_prepare (conn, "SELECT feed_version FROM source WHERE feed_id = ?1;", NULL);
  if (stmt != NULL)
    {
      vj_store_stmt_bind_text (stmt, 1, feed_id);
      if (vj_store_stmt_next (stmt))
        version = vj_store_stmt_get_int (stmt, 0);
      g_clear_pointer (&stmt, vj_store_stmt_free);
    }
  _vj_db_release_reader (self, conn);
  return version;
}
