#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-settings.h"

/* The settings the data depends on (DESIGN.md: in the database, so the app and the CLI agree):
 * a key → value table, read on the main thread's reader and written on the writer thread. */

char *
vj_db_get_setting (VjDb       *self,
                   const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  if (sqlite3_prepare_v2 (_vj_db_get_main_reader (self), "SELECT value FROM setting WHERE key = ?1;", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, key);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = _vj_db_column_dup (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return value;
}

typedef struct
{
  char *key;
  char *value;
} SettingData;

static void
setting_data_free (SettingData *data)
{
  g_free (data->key);
  g_free (data->value);
  g_free (data);
}

static gboolean
write_setting (sqlite3  *conn,
               gpointer  user_data,
               GError  **error)
{
  SettingData *data = user_data;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn,
                           "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, data->key);
      _vj_db_bind_text (stmt, 2, data->value);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vj_db_set_error (error, conn, rc, _("saving a setting"));
  return TRUE;
}

void
vj_db_set_setting_async (VjDb               *self,
                         const char         *key,
                         const char         *value,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  SettingData *data;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (key != NULL);

  data = g_new0 (SettingData, 1);
  data->key = g_strdup (key);
  data->value = g_strdup (value);
  _vj_db_write_async (self, write_setting, data, (GDestroyNotify) setting_data_free,
                      cancellable, callback, user_data);
}

gboolean
vj_db_set_setting_finish (VjDb         *self,
                          GAsyncResult *result,
                          GError      **error)
{
  return _vj_db_write_finish (self, result, error);
}
