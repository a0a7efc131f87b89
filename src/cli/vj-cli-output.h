#pragma once

#include <json-glib/json-glib.h>

#include "vj-importer.h"

G_BEGIN_DECLS

const char *vj_cli_error_code         (const GError         *error);
JsonNode   *vj_cli_error_json         (const GError         *error,
                                       guint                 line);
JsonNode   *vj_cli_import_report_json (const VjImportReport *report);
void        vj_cli_print_json         (JsonNode             *node);
void        vj_cli_print_import_report (const VjImportReport *report);

G_END_DECLS
