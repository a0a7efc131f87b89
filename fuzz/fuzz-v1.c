#define G_LOG_DOMAIN "fuzz-v1"

#include "config.h"

#include "vj-fuzz.h"

/* The Vejviser catalogue format v1 reader (src/import/vj-reader-v1.c) */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return vj_fuzz_feed (data, size, "vejviser-1");
}
