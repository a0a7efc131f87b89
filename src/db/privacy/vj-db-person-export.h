#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* Eksportér persondata: everything the log holds about one person, for an access request. */

JsonNode *vj_db_export_person_json        (VjDb                *self,
                                           gint64               person_id,
                                           GError             **error);
char     *vj_db_export_person_csv         (VjDb                *self,
                                           gint64               person_id,
                                           GError             **error);
void      vj_db_export_person_async       (VjDb                *self,
                                           gint64               person_id,
                                           const char          *json_path,
                                           const char          *csv_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  vj_db_export_person_finish      (VjDb                *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
