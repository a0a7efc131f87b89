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

/* Application deadlines by rule, only where the rule applies, each with its source; a feed's
 * own deadline wins: callers use these only without one.
 *
 * KOT (Den Koordinerede Tilmelding, the rules of optagelse.dk), for an offer in KOT only:
 * kvote 2 by 15 March 12:00, kvote 1 by 5 July 12:00 (also for most winter starts); kvote 2
 * only where KOT says so. None for an offer outside KOT (and so for kandidatuddannelser).
 *
 * Youth education after 9. or 10. klasse (optagelse.dk, uvm.dk on ansøgning og optagelse):
 * STX, HHX, HTX, 2-årig HF, EUD and EUX by 1 March of the start year. */
typedef enum
{
  VJ_ADMISSION_RULE_NONE,
  VJ_ADMISSION_RULE_KOT,
  VJ_ADMISSION_RULE_YOUTH,
} VjAdmissionRuleKind;

typedef struct
{
  gboolean  applies;
  VjAdmissionRuleKind kind;
  gboolean  quota1;           /* KOT; FALSE: KOT admits in kvote 2 only */
  char      quota1_date[11];  /* YYYY-MM-DD, the deadline at 12:00 */
  char      quota2_date[11];
  char      youth_date[11];   /* youth education: 1 March of the coming start year */
  char     *start;            /* "summer", "winter", "summer-winter" (from KOT), or NULL */
} VjAdmissionRule;

void        vj_admission_rule_clear (VjAdmissionRule *rule);
void        vj_facts_admission_rule (GPtrArray       *facts,
                                     const char      *today,
                                     VjAdmissionRule *rule);
gboolean    vj_youth_admission_applies (const char   *category,
                                        const char   *title);
void        vj_admission_rule_for      (const char      *category,
                                        const char      *title,
                                        GPtrArray       *facts,
                                        const char      *today,
                                        VjAdmissionRule *rule);
const char *vj_admission_rule_deadline   (const VjAdmissionRule *rule);
char       *vj_admission_rule_format     (const VjAdmissionRule *rule);
const char *vj_admission_rule_get_source (const VjAdmissionRule *rule);
const char *vj_admission_rule_source (void);
const char *vj_kot_start_name        (const char *start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFact, vj_fact_free)

G_END_DECLS
