#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "vj-db-private.h"
#include "vj-store-sqlite-private.h"
#include "vj-store.h"

/* The SQLite database as a whole: the schema version in its header, whether the file is whole
 * before anything is written to it, its write-ahead log (switched on, folded back in at close
 * or kept when the database is refused), and its integrity check. */

/* The schema version the database says it has (0 for a new one); -1 with @error set when it
 * cannot be read */
int
vj_store_get_schema_version (VjStoreConn *conn,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;

  rc = sqlite3_prepare_v2 (conn, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    _vj_db_set_error (error, conn, rc, _("reading the schema version"));
  sqlite3_finalize (stmt);
  return version;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The pages the committed frames of a WAL hold (those of its current salt, up to the last
 * commit); NULL when there is no WAL or it holds nothing */
static GHashTable *
wal_pages (const char *wal_path)
{
  g_autoptr(GHashTable) pages = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint8 header[32], frame[24];
  guint32 page_size, salt1, salt2;
  goffset offset;
  int fd = g_open (wal_path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return NULL;
  if (pread (fd, header, sizeof header, 0) != sizeof header ||
      (read_be32 (header) & 0xfffffffe) != 0x377f0682)
    {
      close (fd);
      return NULL;
    }
  page_size = read_be32 (header + 8);
  salt1 = read_be32 (header + 16);
  salt2 = read_be32 (header + 20);
  if (page_size == 1)
    page_size = 65536;
  for (offset = 32; pread (fd, frame, sizeof frame, offset) == sizeof frame;
       offset += 24 + page_size)
    {
      guint32 pgno = read_be32 (frame);

      if (read_be32 (frame + 8) != salt1 || read_be32 (frame + 12) != salt2)
        break;
      g_array_append_val (pending, pgno);
      if (read_be32 (frame + 4) != 0)
        {
          /* A commit: its frames count */
          for (guint i = 0; i < pending->len; i++)
            g_hash_table_add (pages, GUINT_TO_POINTER (g_array_index (pending, guint32, i)));
          g_array_set_size (pending, 0);
        }
    }
  close (fd);
  return g_hash_table_size (pages) > 0 ? g_steal_pointer (&pages) : NULL;
}

/* Before anything is written: a database cut short (copied half, a disk that failed) still
 * has its header, so SQLite would open it and fail later, after switching it to WAL. Its
 * header (or its WAL's last commit) says how many pages it has; each must be in the file or
 * in the WAL beside it. Then its schema must be readable. */
gboolean
vj_store_check_whole (VjStoreConn *conn,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GHashTable) in_wal = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 pages = 0, page_size = 0;
  GStatBuf st;
  int rc;

  rc = sqlite3_prepare_v2 (conn, "SELECT page_count, page_size FROM pragma_page_count (),"
                                 " pragma_page_size ();", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      pages = sqlite3_column_int64 (stmt, 0);
      page_size = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (conn, "SELECT count (*) FROM sqlite_schema;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _vj_db_set_error (error, conn, rc, _("reading the database"));

  if (g_stat (path, &st) != 0 || page_size <= 0 || (gint64) st.st_size >= pages * page_size)
    return TRUE;
  in_wal = wal_pages (wal);
  for (gint64 page = st.st_size / page_size + 1; page <= pages; page++)
    if (in_wal == NULL || !g_hash_table_contains (in_wal, GUINT_TO_POINTER ((guint) page)))
      {
        g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE,
                     _("The database “%s” is damaged: the file is shorter than it should be. "
                       "It has not been changed."), path);
        return FALSE;
      }
  return TRUE;
}


gboolean
vj_store_set_schema_version (VjStoreConn *conn,
                             int          version,
                             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;", version);

  return _vj_db_exec (conn, sql, error);
}

/* Whether closing @conn leaves its write-ahead log as it is (a database refused at open is
 * left as it came, WAL and all) or folds it into the database */
void
vj_store_keep_journal_at_close (VjStoreConn *conn,
                                gboolean     keep)
{
  sqlite3_db_config (conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, keep ? 1 : 0, NULL);
}

/* The write-ahead log, with commits safe from a crash but not a power cut unless durable */
gboolean
vj_store_use_journal (VjStoreConn *conn,
                      GError     **error)
{
  return _vj_db_exec (conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error);
}

/* Folds the write-ahead log back into the database and empties it, so that nothing erased
 * lingers in it */
void
vj_store_fold_journal (VjStoreConn *conn)
{
  sqlite3_exec (conn, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
}

/* The problems SQLite's integrity and foreign-key checks find, in our words where they are
 * ours (empty when none); NULL with @error set when the checks cannot run */
GPtrArray *
vj_store_check_integrity (VjStoreConn *conn,
                          GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VjStoreStmt) integrity = NULL;
  g_autoptr(VjStoreStmt) keys = NULL;

  integrity = vj_store_prepare (conn, "PRAGMA integrity_check;", error);
  if (integrity == NULL)
    return NULL;
  vj_store_stmt_set_what (integrity, _("checking the database"));
  while (vj_store_stmt_next (integrity))
    {
      const char *line = vj_store_stmt_get_text (integrity, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (line));
    }
  if (!vj_store_stmt_check (integrity, error))
    return NULL;

  keys = vj_store_prepare (conn, "PRAGMA foreign_key_check;", error);
  if (keys == NULL)
    return NULL;
  vj_store_stmt_set_what (keys, _("checking the database"));
  while (vj_store_stmt_next (keys))
    /* Translators: %1$s is a table, %2$lld a row number, %3$s the table it refers to */
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Row %2$lld in %1$s refers to a missing row in %3$s"),
                                      vj_store_stmt_get_text (keys, 0),
                                      (long long) vj_store_stmt_get_int (keys, 1),
                                      vj_store_stmt_get_text (keys, 2)));
  if (!vj_store_stmt_check (keys, error))
    return NULL;

  return g_steal_pointer (&problems);
}
