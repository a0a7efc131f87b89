#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What many test programs need: a temporary folder removed whole, and a look at a database file
 * with its own connection (not the code under test). */

void     vj_test_rm_rf          (const char *path);
sqlite3 *vj_test_open_read_only (const char *db_path);
gint64   vj_test_query_int      (const char *db_path,
                                 const char *sql);
char    *vj_test_query_text     (const char *db_path,
                                 const char *sql);
void     vj_test_exec_sql       (const char *db_path,
                                 const char *sql);

G_END_DECLS
