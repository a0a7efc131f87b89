#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The source id an export uses unless told otherwise: a region publishing again under the same
 * id updates the records another installation imported before, instead of adding new ones. */
#define VJ_INITIATIVES_EXPORT_SOURCE_ID "vejviser:initiatives"

char     *vj_db_export_initiatives        (VjDb                *self,
                                           const char          *source_id,
                                           GError             **error);
void      vj_db_export_initiatives_async  (VjDb                *self,
                                           const char          *source_id,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  vj_db_export_initiatives_finish (VjDb                *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
