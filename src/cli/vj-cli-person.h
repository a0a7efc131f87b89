#pragma once

#include "vj-cli-private.h"

G_BEGIN_DECLS

extern const VjCliCommand vj_cli_person_command;
extern const VjCliCommand vj_cli_purge_command;

G_END_DECLS
