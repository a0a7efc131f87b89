#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vj_bench_write_v1_feed (const char *path,
                             guint       n);

G_END_DECLS
