#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-db-sessions-csv.h"

G_BEGIN_DECLS

/* The guidance log to and from files, as the window and vejviser-cli both do it: the import's
 * report row by row, and an export (CSV or JSON) written mode 0600. */

char     *vj_session_import_dup_report   (const VjSessionImport *report);
char     *vj_db_export_sessions_json     (VjDb                  *db,
                                          GPtrArray             *sessions,
                                          gsize                 *length);
gboolean  vj_db_export_sessions_to_file (VjDb                  *db,
                                          const char            *from,
                                          const char            *to,
                                          gboolean               json,
                                          const char            *path,
                                          guint                 *n_exported,
                                          GError               **error);

G_END_DECLS
