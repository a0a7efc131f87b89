#pragma once

#include <sqlite3.h>

#include "vj-db-private.h"

G_BEGIN_DECLS

/* The SQLite engine's own helpers: only src/db/store/ sees these (everything else goes
 * through vj-store.h) */

sqlite3  *_vj_db_open_connection     (const char    *path,
                                      gboolean       read_only,
                                      GError       **error);
gboolean  _vj_db_set_error           (GError       **error,
                                      sqlite3       *conn,
                                      int            rc,
                                      const char    *what);
gboolean  _vj_db_exec                (sqlite3       *conn,
                                      const char    *sql,
                                      GError       **error);
gboolean  _vj_db_prepare             (sqlite3       *conn,
                                      const char    *sql,
                                      sqlite3_stmt **stmt,
                                      GError       **error);
void      _vj_db_bind_text           (sqlite3_stmt  *stmt,
                                      int            index,
                                      const char    *value);
void      _vj_db_bind_int_or_null    (sqlite3_stmt  *stmt,
                                      int            index,
                                      gint64         value);
char     *_vj_db_column_dup          (sqlite3_stmt  *stmt,
                                      int            column);

G_END_DECLS
