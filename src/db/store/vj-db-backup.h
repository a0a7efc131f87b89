#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* Backups (DESIGN.md, Data and Privacy): plain SQLite files, mode 0600, written whole or not at
 * all (a hidden ".….partial" first, synced, then put in place), in the folder
 * `backups` beside the database (for the default database `<user data dir>/vejviser/backups/`),
 * named `vejviser-<UTC time>-<reason>.db`. One is taken before each migration, import and
 * purge; the newest `backups.keep` (VJ_SETTING_BACKUPS_KEEP) are kept. Restoring one keeps the
 * database it replaces as a backup too (reason "restore"). */

typedef struct
{
  char      *id;        /* "20261128T140501Z-import": what `vejviser-cli backup restore` takes */
  char      *path;
  char      *reason;    /* "import", "purge", "schema2" (before upgrading schema 2), "restore"… */
  GDateTime *created;   /* UTC; NULL when the name does not say */
  goffset    size;
} VjBackup;

void        vj_backup_free                 (VjBackup      *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjBackup, vj_backup_free)

char       *vj_backup_describe_reason      (const VjBackup *backup);

char       *vj_db_backup_dir_for_path      (const char    *db_path);
GPtrArray  *vj_db_backup_list_for_path     (const char    *db_path,
                                            GError       **error);
void        vj_db_backup_list_async        (const char          *db_path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *vj_db_backup_list_finish       (GAsyncResult  *result,
                                            GError       **error);
VjBackup   *vj_db_backup_latest_for_path   (const char    *db_path);
void        vj_db_backup_clean_partial     (const char    *db_path);
gboolean    vj_db_backup_restore           (const char    *db_path,
                                            const char    *id,
                                            char         **set_aside,
                                            GError       **error);
void        vj_db_backup_restore_async     (const char          *db_path,
                                            const char          *id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    vj_db_backup_restore_finish    (GAsyncResult  *result,
                                            char         **set_aside,
                                            GError       **error);

G_END_DECLS
