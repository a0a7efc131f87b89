#pragma once

#include <json-glib/json-glib.h>

#include "vj-cli-private.h"
#include "vj-programme.h"

G_BEGIN_DECLS

void vj_cli_add_offerings (JsonBuilder        *builder,
                           VjDb               *db,
                           VjProgramme        *programme,
                           gboolean            with_facts);

extern const VjCliCommand vj_cli_show_command;
extern const VjCliCommand vj_cli_institutions_command;

G_END_DECLS
