#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *vj_date_parse_danish (const char *text);
char *vj_date_format_short (const char *iso_date);
char *vj_time_parse        (const char *text);

G_END_DECLS
