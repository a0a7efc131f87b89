#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry point, defined by each target; fuzz/replay.c calls it for the corpus. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int vj_fuzz_feed (const guint8 *data,
                  size_t        size,
                  const char   *format_id);

G_END_DECLS
