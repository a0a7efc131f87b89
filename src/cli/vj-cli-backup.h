#pragma once

#include "vj-cli-private.h"

G_BEGIN_DECLS

extern const VjCliCommand vj_cli_backup_command;

void vj_cli_backup_add_hint (const char *db_path,
                             GError     *error);

G_END_DECLS
