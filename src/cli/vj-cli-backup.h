#pragma once

#include "vj-cli-private.h"

G_BEGIN_DECLS

extern const VjCliCommand vj_cli_backup_command;

G_END_DECLS
