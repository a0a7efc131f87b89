#define G_LOG_DOMAIN "vj-db-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db-backup.h"
#include "vj-db-backup-private.h"
#include "vj-db-private.h"
#include "vj-store-sqlite-private.h"

/* Restoring a backup: checked first, copied beside the database, then put in its place with two
 * renames; the database it replaces is kept (see vj_db_backup_restore ()). */

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
  _vj_db_backup_remove (temp);
  rc = sqlite3_open_v2 (backup->path, &from, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = _vj_db_backup_copy (from, temp);
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

  /* What was erased from the database it replaces is erased from it again at its first open */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    _vj_db_erase_carry_records (db_path, temp);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (is_whole_database (db_path))
        aside = _vj_db_backup_unused_path (dir, stamp, "restore");
      else
        aside = _vj_db_backup_unused_path (dir, "set-aside", stamp);
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !rename_with_side_files (db_path, aside, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_BACKUP,
                         _("Could not create the folder “%1$s”: %2$s"), dir,
                         g_strerror (errno));
          _vj_db_backup_remove (temp);
          return FALSE;
        }
    }

  if (g_rename (temp, db_path) != 0)
    {
      int saved = errno;

      /* Put the old one back where it was */
      if (aside != NULL)
        rename_with_side_files (aside, db_path, NULL);
      _vj_db_backup_remove (temp);
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
