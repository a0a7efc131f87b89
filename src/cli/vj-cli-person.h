#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vj_cli_is_person_command (int    argc,
                                   char **argv);
int      vj_cli_person            (int    argc,
                                   char **argv);

G_END_DECLS
