#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vj_cli_is_backup_command (int          argc,
                                   char       **argv);
int      vj_cli_backup            (int          argc,
                                   char       **argv);
void     vj_cli_backup_add_hint   (const char  *db_path,
                                   GError      *error);

G_END_DECLS
