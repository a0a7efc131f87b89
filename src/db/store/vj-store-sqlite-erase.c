#define G_LOG_DOMAIN "vj-db-erase"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vj-db-private.h"
#include "vj-store-sqlite-private.h"
#include "vj-store-erase.h"

/* What erasing asks of SQLite (vj-store-erase.h): secure_delete, so that deleted rows are
 * overwritten in the pages they free; VACUUM, so that no free page keeps them; the WAL folded
 * into the file and truncated; a backup opened as a file of its own, left without a journal
 * beside it, and removed with its journal, WAL and shared memory. */

/* A write transaction whose deletions overwrite what they free */
gboolean
vj_store_erase_begin (VjStoreConn  *conn,
                      GError      **error)
{
  return vj_store_exec (conn, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE;", error);
}

/* Rewrites the file without its free space, overwriting what was deleted */
gboolean
vj_store_erase_clear_free_space (VjStoreConn  *conn,
                                 GError      **error)
{
  return vj_store_exec (conn, "PRAGMA secure_delete = ON; VACUUM;", error);
}

/* Folds the WAL into the file and empties it; readers that hold it briefly are waited for.
 * FALSE when it could not be done (a full disk, or readers that stayed). */
gboolean
vj_store_erase_empty_log (VjStoreConn *conn)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      int busy = 1, rc;
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (conn, "PRAGMA wal_checkpoint(TRUNCATE);", -1, &stmt, NULL);
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        busy = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        /* A full disk: waiting does not help */
        return FALSE;
      if (rc == SQLITE_ROW && !busy)
        return TRUE;
      g_usleep (50000);
    }
  return FALSE;
}

/* A copy of the database at @path (a backup, or the file a restore puts in place), opened on
 * its own: none of Vejviser's locks, foreign keys enforced, a lock held by anything else waited
 * for 5 s. Close it with vj_store_close (). */
VjStoreConn *
vj_store_erase_open_copy (const char  *path,
                          gboolean     read_only,
                          GError     **error)
{
  sqlite3 *conn = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &conn, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
                        NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (conn, 1);
      sqlite3_busy_timeout (conn, 5000);
      rc = sqlite3_exec (conn, "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      _vj_db_set_error (error, conn, conn != NULL ? sqlite3_extended_errcode (conn) : rc,
                        _("deleting personal data"));
      sqlite3_close (conn);
      return NULL;
    }
  return conn;
}

/* Leaves no journal or WAL beside the copy (a backup is one file) */
gboolean
vj_store_erase_detach_log (VjStoreConn  *conn,
                           GError      **error)
{
  return vj_store_exec (conn, "PRAGMA journal_mode = DELETE;", error);
}

/* Removes the copy at @path with its journal, WAL and shared memory */
void
vj_store_erase_remove_copy (const char *path)
{
  const char *suffixes[] = { "-journal", "-wal", "-shm", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}
