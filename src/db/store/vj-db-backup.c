#define G_LOG_DOMAIN "vj-db-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-db-backup.h"
#include "vj-db-backup-private.h"
#include "vj-db-private.h"
#include "vj-store-sqlite-private.h"
#include "vj-db-settings.h"

/* Backups: sqlite3_backup copies of the whole database, listed and rotated (see
 * vj-db-backup.h); restoring one is in vj-db-backup-restore.c. */

void
vj_backup_free (VjBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->id);
  g_free (backup->path);
  g_free (backup->reason);
  g_clear_pointer (&backup->created, g_date_time_unref);
  g_free (backup);
}

/**
 * vj_backup_describe_reason:
 *
 * Returns: (transfer full): why the backup was taken, for people
 */
char *
vj_backup_describe_reason (const VjBackup *backup)
{
  const char *reason = backup->reason != NULL ? backup->reason : "";

  if (strcmp (reason, "import") == 0)
    return g_strdup (_("Before an import"));
  if (strcmp (reason, "purge") == 0)
    return g_strdup (_("Before deleting old sessions"));
  if (strcmp (reason, "restore") == 0)
    return g_strdup (_("Before restoring a backup"));
  if (g_str_has_prefix (reason, "schema"))
    /* Translators: %s is a schema version number */
    return g_strdup_printf (_("Before upgrading the database from schema %s"), reason + 6);
  return g_strdup (_("Backup"));
}

char *
vj_db_backup_dir_for_path (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

/* "vejviser-20261128T140501Z-import.db" → its time and reason; other names in the folder (a
 * backup renamed by hand, an older naming) are listed with their file time. */
static VjBackup *
backup_from_name (const char *dir,
                  const char *name)
{
  g_autoptr(VjBackup) backup = NULL;
  g_autofree char *id = NULL;
  GStatBuf st;

  if (!g_str_has_prefix (name, BACKUP_PREFIX) || !g_str_has_suffix (name, BACKUP_SUFFIX))
    return NULL;
  id = g_strndup (name + strlen (BACKUP_PREFIX),
                  strlen (name) - strlen (BACKUP_PREFIX) - strlen (BACKUP_SUFFIX));
  if (id[0] == '\0' || g_str_has_prefix (id, "set-aside"))
    return NULL;

  backup = g_new0 (VjBackup, 1);
  backup->path = g_build_filename (dir, name, NULL);
  if (g_stat (backup->path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  /* A journal beside it: being written, or cut short (an older Vejviser wrote backups in
   * place); never offered, never counted (vj_db_backup_clean_partial ()) */
  {
    g_autofree char *journal = g_strconcat (backup->path, "-journal", NULL);

    if (g_file_test (journal, G_FILE_TEST_EXISTS))
      return NULL;
  }
  backup->size = st.st_size;

  if (strlen (id) > 17 && id[8] == 'T' && id[15] == 'Z' && id[16] == '-')
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", id, id + 4,
                                              id + 6, id + 9, id + 11, id + 13);

      const char *dash;

      backup->created = g_date_time_new_from_iso8601 (iso, NULL);
      backup->reason = g_strdup (id + 17);
      /* "import-2": the second in the same second */
      dash = strrchr (backup->reason, '-');
      if (dash != NULL && dash[1] != '\0' && strspn (dash + 1, "0123456789") == strlen (dash + 1))
        backup->reason[dash - backup->reason] = '\0';
    }
  if (backup->created == NULL)
    backup->created = g_date_time_new_from_unix_utc (st.st_mtime);
  backup->id = g_steal_pointer (&id);
  return g_steal_pointer (&backup);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const VjBackup *x = *(VjBackup * const *) a;
  const VjBackup *y = *(VjBackup * const *) b;
  int by_time = g_date_time_compare (y->created, x->created);

  return by_time != 0 ? by_time : g_strcmp0 (y->id, x->id);
}

/**
 * vj_db_backup_list_for_path:
 * @db_path: the database file (which need not open)
 *
 * Returns: (transfer full) (element-type VjBackup): the backups of that database, newest
 *   first; empty when there are none
 */
GPtrArray *
vj_db_backup_list_for_path (const char *db_path,
                            GError    **error)
{
  g_autofree char *dir = vj_db_backup_dir_for_path (db_path);
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_backup_free);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (db_path != NULL, NULL);

  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&backups);
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                   _("Could not read the backups in “%1$s”: %2$s"), dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      VjBackup *backup = backup_from_name (dir, name);

      if (backup != NULL)
        g_ptr_array_add (backups, backup);
    }
  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *backups = vj_db_backup_list_for_path (task_data, &error);

  if (backups != NULL)
    g_task_return_pointer (task, backups, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/* The folder is read in a worker: it may sit on a slow or sleeping disk */
void
vj_db_backup_list_async (const char         *db_path,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (db_path != NULL);

  g_task_set_source_tag (task, vj_db_backup_list_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * vj_db_backup_list_finish:
 *
 * Returns: (transfer full) (element-type VjBackup): as vj_db_backup_list_for_path ()
 */
GPtrArray *
vj_db_backup_list_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vj_db_backup_latest_for_path:
 *
 * Returns: (transfer full) (nullable): the newest backup of that database
 */
VjBackup *
vj_db_backup_latest_for_path (const char *db_path)
{
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (db_path, NULL);

  if (backups == NULL || backups->len == 0)
    return NULL;
  return g_ptr_array_steal_index (backups, 0);
}

void
_vj_db_backup_remove (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
  g_unlink (path);
}

static int
read_keep (sqlite3 *conn)
{
  g_autofree char *text = _vj_db_read_setting (conn, VJ_SETTING_BACKUPS_KEEP);
  gint64 value = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;

  if (value >= VJ_BACKUPS_KEEP_MIN && value <= VJ_BACKUPS_KEEP_MAX)
    return (int) value;
  return VJ_BACKUPS_KEEP_DEFAULT;
}

static void
rotate (const char *db_path,
        int         keep)
{
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (db_path, NULL);

  for (guint i = keep; backups != NULL && i < backups->len; i++)
    _vj_db_backup_remove (((VjBackup *) g_ptr_array_index (backups, i))->path);
}

/* Where a copy is written before it is whole: ".NAME.partial" in the same folder */
static char *
partial_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", base, ".partial", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* What SQLite may have beside a copy being written: its rollback journal, or — the copy takes
 * the source's header, so until it is set back to DELETE it is in WAL mode — its WAL and shared
 * memory */
static const char * const partial_sides[] = { "-journal", "-wal", "-shm" };

/* Copies the database @from holds as "main" into a new file @to, mode 0600, whole or not at
 * all: written under a temporary name (locked while it is, so that no one takes it for left
 * over), synced, then linked to @to — which never replaces a file already there — and its
 * temporary name removed. A copy cut short stays a hidden ".partial", never listed, and is
 * removed at the next open (vj_db_backup_clean_partial ()). */
int
_vj_db_backup_copy (sqlite3    *from,
                    const char *to)
{
  g_autofree char *partial = partial_path (to);
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int fd, rc;

  if (g_file_test (to, G_FILE_TEST_EXISTS))
    return SQLITE_CANTOPEN;
  fd = g_open (partial, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return errno == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN;
  flock (fd, LOCK_EX);

  rc = sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (target, "main", from, "main");
      if (backup != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      else
        rc = sqlite3_errcode (target);
    }
  /* A copy stays in rollback mode: one file, nothing beside it */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (target, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  sqlite3_close (target);
  if (rc == SQLITE_OK && fsync (fd) != 0)
    rc = errno == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_FSYNC;
  if (rc == SQLITE_OK && link (partial, to) != 0)
    rc = errno == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN;
  for (guint i = 0; i < G_N_ELEMENTS (partial_sides); i++)
    {
      g_autofree char *side = g_strconcat (partial, partial_sides[i], NULL);

      g_unlink (side);
    }
  g_unlink (partial);
  close (fd);
  if (rc == SQLITE_OK)
    sync_folder (to);
  return rc;
}

/* A hidden ".….partial" copy (or what SQLite keeps beside it) no process is writing any more */
static void
remove_partial_if_left (const char *dir,
                        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd;

  for (guint i = 0; i < G_N_ELEMENTS (partial_sides); i++)
    if (g_str_has_suffix (path, partial_sides[i]))
      path[strlen (path) - strlen (partial_sides[i])] = '\0';
  fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0 && errno != ENOENT)
    return;
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (partial_sides); i++)
        {
          g_autofree char *side = g_strconcat (path, partial_sides[i], NULL);

          g_unlink (side);
        }
      if (fd >= 0)
        g_unlink (path);
    }
  if (fd >= 0)
    close (fd);
}

/* A backup an older Vejviser was killed while writing (in place, with a hot journal), or one
 * whose rewrite (forgetting an import run, an erase) was cut short: the journal is rolled back;
 * what is then a whole database is kept, anything else removed. One in use is left alone. */
static void
settle_backup_with_journal (const char *path)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc, version = 0;
  gboolean whole = FALSE;

  rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (conn, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      version = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      sqlite3_close (conn);
      return;
    }
  if (rc == SQLITE_OK && version >= 1 &&
      sqlite3_prepare_v2 (conn, "PRAGMA quick_check;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    whole = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  /* A journal still there was not hot (cut short before its header was written): nothing to
   * roll back, removed while no one else may write */
  if (whole && sqlite3_exec (conn, "BEGIN IMMEDIATE;", NULL, NULL, NULL) == SQLITE_OK)
    {
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);

      g_unlink (journal);
      sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
    }
  sqlite3_close (conn);
  if (!whole)
    _vj_db_backup_remove (path);
}

/**
 * vj_db_backup_clean_partial:
 * @db_path: the database
 *
 * Removes what killed backups left: hidden partial copies no one is writing (in the backups
 * folder, and a restore's beside the database) and backups cut short in place by an older
 * Vejviser. Done at every vj_db_open ().
 */
void
vj_db_backup_clean_partial (const char *db_path)
{
  g_autofree char *db_dir = g_path_get_dirname (db_path);
  g_autofree char *dir = vj_db_backup_dir_for_path (db_path);
  const char *dirs[] = { dir, db_dir };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autoptr(GDir) handle = g_dir_open (dirs[i], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      for (guint j = 0; j < names->len; j++)
        {
          const char *n = g_ptr_array_index (names, j);

          if (n[0] == '.' && (g_str_has_suffix (n, ".partial") ||
                              g_str_has_suffix (n, ".partial-journal") ||
                              g_str_has_suffix (n, ".partial-wal") ||
                              g_str_has_suffix (n, ".partial-shm")))
            remove_partial_if_left (dirs[i], n);
          else if (i == 0 && g_str_has_prefix (n, BACKUP_PREFIX) &&
                   g_str_has_suffix (n, BACKUP_SUFFIX "-journal"))
            {
              g_autofree char *path = g_build_filename (dirs[i], n, NULL);

              path[strlen (path) - strlen ("-journal")] = '\0';
              if (g_file_test (path, G_FILE_TEST_EXISTS))
                settle_backup_with_journal (path);
              else
                {
                  g_autofree char *journal = g_build_filename (dirs[i], n, NULL);
                  g_unlink (journal);
                }
            }
        }
    }
}

/* "vejviser-20261128T140501Z-import.db"; two in the same second get a number */
char *
_vj_db_backup_unused_path (const char *dir,
                           const char *stamp,
                           const char *reason)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1
        ? g_strdup_printf (BACKUP_PREFIX "%s-%s" BACKUP_SUFFIX, stamp, reason)
        : g_strdup_printf (BACKUP_PREFIX "%s-%s-%u" BACKUP_SUFFIX, stamp, reason, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *partial = partial_path (path);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (partial, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/*
 * _vj_db_backup_take:
 * @conn: a connection to the database (its "main"), outside a write or inside one that has
 *   not written yet
 * @reason: "import", "purge", "schema2"…
 *
 * Copies the database into its backups folder, then keeps the newest `backups.keep`.
 *
 * Returns: (transfer full): the backup's path, or %NULL with @error set
 */
char *
_vj_db_backup_take (sqlite3    *conn,
                    const char *reason,
                    GError    **error)
{
  const char *db_path = sqlite3_db_filename (conn, "main");
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, STAMP_FORMAT);
  g_autofree char *path = NULL;
  int rc = SQLITE_CANTOPEN;

  g_return_val_if_fail (db_path != NULL && db_path[0] != '\0', NULL);

  dir = vj_db_backup_dir_for_path (db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                   _("Could not create the folder “%1$s”: %2$s"), dir, g_strerror (saved));
      return NULL;
    }

  /* Another process may take one in the same second: the copy itself refuses a name in use */
  for (guint n = 0; n < 5 && rc == SQLITE_CANTOPEN; n++)
    {
      g_free (path);
      path = _vj_db_backup_unused_path (dir, stamp, reason);
      rc = _vj_db_backup_copy (conn, path);
    }

  if ((rc & 0xff) == SQLITE_FULL)
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_FULL,
                   _("The disk is full, so Vejviser could not make a backup first. Nothing was "
                     "changed; free some space and try again."));
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                   _("Could not back up the database first, so nothing was changed: %s"),
                   sqlite3_errstr (rc));
      return NULL;
    }

  rotate (db_path, read_keep (conn));
  return g_steal_pointer (&path);
}
