#pragma once

#include <sqlite3.h>

#include "vj-db-sessions.h"

G_BEGIN_DECLS

gboolean         _vj_db_prepare          (sqlite3       *conn,
                                          const char    *sql,
                                          sqlite3_stmt **stmt,
                                          GError       **error);
VjSessionRecord *_vj_db_load_session_on  (sqlite3       *conn,
                                          gint64         session_id,
                                          GError       **error);

G_END_DECLS
