#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What many test programs need: a temporary folder removed whole, a look at a database file
 * with its own connection (not the code under test), and vejviser-cli run as a user runs it. */

void        vj_test_rm_rf          (const char         *path);
sqlite3    *vj_test_open_read_only (const char         *db_path);
gint64      vj_test_query_int      (const char         *db_path,
                                    const char         *sql);
char       *vj_test_query_text     (const char         *db_path,
                                    const char         *sql);
void        vj_test_exec_sql       (const char         *db_path,
                                    const char         *sql);

const char *vj_test_cli_path       (void);
char       *vj_test_run_cli        (const char         *db_path,
                                    int                *status,
                                    char              **err,
                                    ...) G_GNUC_NULL_TERMINATED;
char       *vj_test_run_cli_argv   (const char         *db_path,
                                    int                *status,
                                    char              **err,
                                    const char * const *args);

G_END_DECLS
