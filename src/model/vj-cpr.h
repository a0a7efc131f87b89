#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  vj_cpr_find     (const char *text,
                           gsize       from,
                           gsize      *start,
                           gsize      *end);
gboolean  vj_cpr_contains (const char *text);
char     *vj_cpr_remove   (const char *text);

G_END_DECLS
