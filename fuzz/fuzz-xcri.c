#define G_LOG_DOMAIN "fuzz-xcri"

#include "config.h"

#include "vj-fuzz.h"

/* The XCRI-CAP 1.2 (and 1.1) reader (src/import/vj-reader-xcri*.c) */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return vj_fuzz_feed (data, size, "xcri-cap-");
}
