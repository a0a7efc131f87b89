#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vj_cli_is_sessions_command (int    argc,
                                     char **argv);
int      vj_cli_sessions            (int    argc,
                                     char **argv);

G_END_DECLS
