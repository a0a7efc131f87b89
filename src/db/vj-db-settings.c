#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-settings.h"

/* The settings the data depends on (DESIGN.md: in the database, so the app and the CLI agree):
 * a key → value table, read on the main thread's reader and written on the writer thread,
 * through the store's _vj_db_read_setting () and _vj_db_write_setting (), which the backups
 * and the rest of src/db call on their own connections. */

char *
vj_db_get_setting (VjDb       *self,
                   const char *key)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  return _vj_db_read_setting (_vj_db_get_main_reader (self), key);
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
write_setting (VjStoreConn *conn,
               gpointer     user_data,
               GError     **error)
{
  SettingData *data = user_data;

  return _vj_db_write_setting (conn, data->key, data->value, error);
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
