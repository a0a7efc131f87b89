#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vj_cli_initiatives (GPtrArray  *args,
                        const char *db_path,
                        const char *output,
                        gboolean    json);

G_END_DECLS
