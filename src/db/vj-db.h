#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VJ_DB_ERROR (vj_db_error_quark ())

typedef enum
{
  VJ_DB_ERROR_OPEN,
  VJ_DB_ERROR_NOT_A_DATABASE,
  VJ_DB_ERROR_NEWER_VERSION,
  VJ_DB_ERROR_MIGRATION,
  VJ_DB_ERROR_BACKUP,
  VJ_DB_ERROR_QUERY,
  VJ_DB_ERROR_BUSY,
  VJ_DB_ERROR_CANCELLED,
  VJ_DB_ERROR_NOT_FOUND,
  VJ_DB_ERROR_FULL,
  VJ_DB_ERROR_PENDING,      /* done in part; the rest is finished later (an erase) */
} VjDbError;

GQuark vj_db_error_quark (void);

#define VJ_TYPE_DB (vj_db_get_type ())
G_DECLARE_FINAL_TYPE (VjDb, vj_db, VJ, DB, GObject)

char       *vj_db_default_path        (void);
VjDb       *vj_db_open                (const char           *path,
                                       GError              **error);
void        vj_db_open_async          (const char           *path,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
VjDb       *vj_db_open_finish         (GAsyncResult         *result,
                                       GError              **error);
const char *vj_db_get_path            (VjDb                 *self);
GPtrArray  *vj_db_backup_list         (VjDb                 *self,
                                       GError              **error);
int         vj_db_get_schema_version  (VjDb                 *self);
int         vj_db_latest_schema_version (void);
const char *vj_db_get_backup_path     (VjDb                 *self);
GPtrArray  *vj_db_check               (VjDb                 *self,
                                       GError              **error);
gint64      vj_db_get_source_version  (VjDb                 *self,
                                       const char           *feed_id);
void        vj_db_close               (VjDb                 *self);
gboolean    vj_db_get_write_waiting   (VjDb                 *self);
gboolean    vj_db_check_changes       (VjDb                 *self);
void        vj_db_notify_changed      (VjDb                 *self,
                                       const char           *what);

G_END_DECLS
