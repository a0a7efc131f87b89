#pragma once

#include "vj-db.h"
#include "vj-store.h"

G_BEGIN_DECLS

/* Only src/db sees these. */

typedef gboolean (*VjDbWriteFunc) (VjStoreConn *conn,
                                   gpointer     data,
                                   GError     **error);

typedef void (*VjDbBusyReportFunc) (gpointer data);

/* A read run by _vj_db_read_async() in a worker, on a pooled reader: its result (a new
 * GPtrArray, usually), or NULL with @error set */
typedef gpointer (*VjDbReadFunc) (VjStoreConn *conn,
                                  gpointer     data,
                                  GError     **error);

VjStoreConn *_vj_db_get_main_reader  (VjDb          *self);
VjStoreConn *_vj_db_acquire_reader   (VjDb          *self,
                                      GError       **error);
void      _vj_db_release_reader      (VjDb          *self,
                                      VjStoreConn   *conn);
void      _vj_db_write_async         (VjDb          *self,
                                      VjDbWriteFunc  func,
                                      gpointer       data,
                                      GDestroyNotify data_free,
                                      GCancellable  *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer       user_data);
void      _vj_db_write_durable_async (VjDb         *self,
                                      VjDbWriteFunc  func,
                                      gpointer       data,
                                      GDestroyNotify data_free,
                                      GCancellable  *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer       user_data);
gboolean  _vj_db_write_sync          (VjDb          *self,
                                      VjDbWriteFunc  func,
                                      gpointer       data,
                                      GDestroyNotify data_free,
                                      GError       **error);
gboolean  _vj_db_write_finish        (VjDb          *self,
                                      GAsyncResult  *result,
                                      GError       **error);
void      _vj_db_read_async          (VjDb          *self,
                                      VjDbReadFunc   func,
                                      gpointer       data,
                                      GDestroyNotify data_free,
                                      GDestroyNotify result_free,
                                      gpointer       source_tag,
                                      GCancellable  *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer       user_data);
gpointer  _vj_db_read_finish         (VjDb          *self,
                                      GAsyncResult  *result,
                                      gpointer       source_tag,
                                      GError       **error);
char     *_vj_db_now                 (void);
char     *_vj_db_read_setting        (VjStoreConn   *conn,
                                      const char    *key);
gboolean  _vj_db_write_setting       (VjStoreConn   *conn,
                                      const char    *key,
                                      const char    *value,
                                      GError       **error);

int       _vj_db_runs_lock           (const char    *db_path,
                                      gboolean       exclusive);
int       _vj_db_writing_begin       (VjStoreConn   *conn);
void      _vj_db_writing_end         (int            fd);
gboolean  _vj_db_held_by_vejviser    (const char    *db_path);
void      _vj_db_report_busy         (VjStoreConn   *conn,
                                      VjDbBusyReportFunc report,
                                      gpointer       report_data,
                                      GDestroyNotify report_data_free);

/* Backups (vj-db-backup.c) */
char     *_vj_db_backup_take         (VjStoreConn   *conn,
                                      const char    *reason,
                                      GError       **error);

/* Erasing that finishes (privacy/vj-db-erase.c): pending erases taken up at open; a backup
 * about to be restored given the records of the database it replaces */
void      _vj_db_erase_resume_at_open (const char   *db_path);
void      _vj_db_erase_carry_records (const char    *from,
                                      const char    *to);

/* Migrations (vj-db-migrations.c); the erase tables of schema 6, also created by a restore.
 * One numbered list for both engines, each step with its SQL per engine where they differ
 * (the PostgreSQL schema is run by the portability test, tests/test-pg-portability.c, until the
 * store has a server engine to migrate with). */
typedef enum
{
  VJ_STORE_ENGINE_SQLITE,
  VJ_STORE_ENGINE_POSTGRESQL,
} VjStoreEngine;

extern const char _vj_db_erase_tables_sql[];
int         _vj_db_n_migrations      (void);
const char *_vj_db_migration_sql     (int            step,
                                      VjStoreEngine  engine);
gboolean  _vj_db_migrate             (VjStoreConn   *conn,
                                      int            from_version,
                                      GError       **error);
gboolean  _vj_db_migrate_to          (VjStoreConn   *conn,
                                      int            from_version,
                                      int            to_version,
                                      GError       **error);

G_END_DECLS
