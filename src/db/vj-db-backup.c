#define G_LOG_DOMAIN "vj-db-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-db-backup.h"
#include "vj-db-private.h"
#include "vj-db-settings.h"

/* Backups: sqlite3_backup copies of the whole database, rotated (see vj-db-backup.h). */

#define BACKUP_PREFIX "vejviser-"
#define BACKUP_SUFFIX ".db"
#define STAMP_FORMAT "%Y%m%dT%H%M%SZ"

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

GPtrArray *
vj_db_backup_list (VjDb    *self,
                   GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return vj_db_backup_list_for_path (vj_db_get_path (self), error);
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

static void
remove_with_side_files (const char *path)
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
  sqlite3_stmt *stmt = NULL;
  int keep = VJ_BACKUPS_KEEP_DEFAULT;

  if (sqlite3_prepare_v2 (conn, "SELECT value FROM setting WHERE key = ?1;", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, VJ_SETTING_BACKUPS_KEEP);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);
          gint64 value = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;

          if (value >= VJ_BACKUPS_KEEP_MIN && value <= VJ_BACKUPS_KEEP_MAX)
            keep = (int) value;
        }
    }
  sqlite3_finalize (stmt);
  return keep;
}

static void
rotate (const char *db_path,
        int         keep)
{
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (db_path, NULL);

  for (guint i = keep; backups != NULL && i < backups->len; i++)
    remove_with_side_files (((VjBackup *) g_ptr_array_index (backups, i))->path);
}

/* Copies the database @from holds as "main" into a new file @to, created mode 0600. */
static int
copy_database (sqlite3    *from,
               const char *to)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int fd, rc;

  fd = g_open (to, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return SQLITE_CANTOPEN;
  close (fd);

  rc = sqlite3_open_v2 (to, &target, SQLITE_OPEN_READWRITE, NULL);
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
  if (rc != SQLITE_OK)
    remove_with_side_files (to);
  return rc;
}

/* "vejviser-20261128T140501Z-import.db"; two in the same second get a number */
static char *
unused_name (const char *dir,
             const char *stamp,
             const char *reason)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1
        ? g_strdup_printf (BACKUP_PREFIX "%s-%s" BACKUP_SUFFIX, stamp, reason)
        : g_strdup_printf (BACKUP_PREFIX "%s-%s-%u" BACKUP_SUFFIX, stamp, reason, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
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
      path = unused_name (dir, stamp, reason);
      rc = copy_database (conn, path);
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

static VjBackup *
find_backup (const char *db_path,
             const char *id,
             GError    **error)
{
  g_autoptr(GPtrArray) backups = vj_db_backup_list_for_path (db_path, error);

  if (backups == NULL)
    return NULL;
  for (guint i = 0; i < backups->len; i++)
    if (g_strcmp0 (((VjBackup *) g_ptr_array_index (backups, i))->id, id) == 0)
      return g_ptr_array_steal_index (backups, i);
  /* Translators: %s is a backup's id, as vejviser-cli backup list shows it */
  g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND, _("There is no backup “%s”."), id);
  return NULL;
}

/* A whole Vejviser database this version can open */
static gboolean
is_whole_database (const char *path)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;
  gboolean ok = FALSE;

  rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (conn, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (version >= 1 && version <= vj_db_latest_schema_version () &&
      sqlite3_prepare_v2 (conn, "PRAGMA quick_check;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return ok;
}

static gboolean
check_backup (const VjBackup *backup,
              GError        **error)
{
  gboolean ok = is_whole_database (backup->path);

  if (!ok)
    /* Translators: %s is a backup's id */
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE,
                 _("The backup “%s” is damaged or from a newer Vejviser; nothing was changed."),
                 backup->id);
  return ok;
}

/* A database in WAL mode folded into one file (its -wal and -shm go) */
static void
to_single_file (const char *path)
{
  sqlite3 *conn = NULL;

  if (sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    sqlite3_exec (conn, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  sqlite3_close (conn);
}

static gboolean
rename_with_side_files (const char *from,
                        const char *to,
                        GError    **error)
{
  static const char * const sides[] = { "-wal", "-shm", "-journal" };

  if (g_rename (from, to) != 0)
    {
      int saved = errno;
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                   _("Could not move “%1$s” aside: %2$s"), from, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *side_from = g_strconcat (from, sides[i], NULL);
      g_autofree char *side_to = g_strconcat (to, sides[i], NULL);

      if (g_file_test (side_from, G_FILE_TEST_EXISTS))
        g_rename (side_from, side_to);
    }
  return TRUE;
}

/**
 * vj_db_backup_restore:
 * @db_path: the database, which must not be open
 * @id: a backup's id (vj_db_backup_list_for_path ())
 * @set_aside: (out) (optional): where the database it replaced was moved, if there was one
 *
 * Puts a backup in the database's place. The database it replaces is never overwritten or
 * deleted: it is moved into the backups folder with its WAL — as a backup like the others
 * (reason "restore"), so that restoring can be undone, when it is a whole database; as
 * `vejviser-set-aside-….db`, not offered for restoring, when it is damaged.
 */
gboolean
vj_db_backup_restore (const char *db_path,
                      const char *id,
                      char      **set_aside,
                      GError    **error)
{
  g_autoptr(VjBackup) backup = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, STAMP_FORMAT);
  g_autofree char *dir = vj_db_backup_dir_for_path (db_path);
  g_autofree char *temp = g_strconcat (db_path, ".restoring", NULL);
  g_autofree char *aside = NULL;
  sqlite3 *from = NULL;
  int rc;

  g_return_val_if_fail (db_path != NULL && id != NULL, FALSE);

  backup = find_backup (db_path, id, error);
  if (backup == NULL || !check_backup (backup, error))
    return FALSE;

  /* The copy first, next to the database, so the swap is two renames */
  remove_with_side_files (temp);
  rc = sqlite3_open_v2 (backup->path, &from, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = copy_database (from, temp);
  sqlite3_close (from);
  if (rc != SQLITE_OK)
    {
      /* Translators: %1$s is a backup's id, %2$s the database's own message */
      g_set_error (error, VJ_DB_ERROR, (rc & 0xff) == SQLITE_FULL ? VJ_DB_ERROR_FULL
                                                                  : VJ_DB_ERROR_BACKUP,
                   _("Could not restore the backup “%1$s”; nothing was changed: %2$s"),
                   id, sqlite3_errstr (rc));
      return FALSE;
    }

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (is_whole_database (db_path))
        aside = unused_name (dir, stamp, "restore");
      else
        aside = unused_name (dir, "set-aside", stamp);
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !rename_with_side_files (db_path, aside, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                         _("Could not create the folder “%1$s”: %2$s"), dir,
                         g_strerror (errno));
          remove_with_side_files (temp);
          return FALSE;
        }
    }

  if (g_rename (temp, db_path) != 0)
    {
      int saved = errno;

      /* Put the old one back where it was */
      if (aside != NULL)
        rename_with_side_files (aside, db_path, NULL);
      remove_with_side_files (temp);
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                   _("Could not restore the backup “%1$s”; nothing was changed: %2$s"),
                   id, g_strerror (saved));
      return FALSE;
    }

  /* The replaced database kept as a backup is one file, as the others are */
  if (aside != NULL && !g_str_has_prefix (aside + strlen (dir) + 1, BACKUP_PREFIX "set-aside"))
    to_single_file (aside);
  if (set_aside != NULL)
    *set_aside = g_steal_pointer (&aside);
  return TRUE;
}

typedef struct
{
  char *db_path;
  char *id;
  char *set_aside;
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  g_free (data->db_path);
  g_free (data->id);
  g_free (data->set_aside);
  g_free (data);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *data = task_data;
  GError *error = NULL;

  if (vj_db_backup_restore (data->db_path, data->id, &data->set_aside, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vj_db_backup_restore_async (const char         *db_path,
                            const char         *id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RestoreData *data = g_new0 (RestoreData, 1);

  data->db_path = g_strdup (db_path);
  data->id = g_strdup (id);
  g_task_set_source_tag (task, vj_db_backup_restore_async);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
vj_db_backup_restore_finish (GAsyncResult *result,
                             char        **set_aside,
                             GError      **error)
{
  RestoreData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (set_aside != NULL)
    *set_aside = g_steal_pointer (&data->set_aside);
  return TRUE;
}
