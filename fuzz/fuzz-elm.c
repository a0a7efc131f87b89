#define G_LOG_DOMAIN "fuzz-elm"

#include "config.h"

#include "vj-fuzz.h"

/* The Europass ELM 3.1 LOQ reader (src/import/vj-reader-elm.c), and the 2023 drafts' */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return vj_fuzz_feed (data, size, "elm-");
}
