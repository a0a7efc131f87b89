#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A figure from a public table about an offer in a year, or the reason there is none
 * (HACKING.md, "Identity across sources and the public tables"). Never a verdict. */
typedef struct
{
  char     *fact;       /* "cutoff", "dropout", "unemployment", "wage-median", "wage-p25",
                         * "wage-p75", "teaching-hours" */
  int       year;
  gboolean  has_value;
  double    value;
  char     *reason;     /* when !has_value: "all-admitted", "suppressed", … */
  char     *key;        /* the public key it hangs on (a KOT number, an article/campus) */
  char     *start;      /* for a KOT cut-off: "summer", "winter", "summer-winter", or NULL */
  char     *source;     /* the source's title */
} VjFact;

VjFact     *vj_fact_new         (void);
VjFact     *vj_fact_copy        (const VjFact *fact);
void        vj_fact_free        (VjFact     *fact);
const char *vj_fact_name        (const char *fact);
const char *vj_fact_reason_text (const char *reason);
char       *vj_fact_format      (const VjFact *fact);
const char *vj_fact_unknown     (void);

const char   *vj_facts_main_cutoff_key (GPtrArray  *facts);
const VjFact *vj_facts_latest          (GPtrArray  *facts,
                                        const char *name,
                                        const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFact, vj_fact_free)

G_END_DECLS
