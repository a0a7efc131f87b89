#pragma once

#include <glib.h>

#include "vj-db.h"
#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"

G_BEGIN_DECLS

/* What the catalogue says about a shortlisted programme at its place, for the printed plan: the
 * deadline (a feed's own, or by rule with the rule's source), the newest cut-off grade or the
 * reason there is none, and the cut-offs by year for the chart */
typedef struct
{
  char      *deadline;     /* "Ansøgningsfrist …", or NULL when unknown */
  gboolean   by_rule;
  char      *rule_source;  /* with by_rule */
  char      *cutoff;       /* "Adgangskvotient (2025): 7,2", or NULL outside KOT */
  char      *without;      /* the years without a grade by reason ("Alle optaget: 2024"), or NULL */
  GPtrArray *cutoffs;      /* (element-type VjFact): by year, or NULL */
} VjPlanFacts;

void         vj_plan_facts_free    (VjPlanFacts     *facts);
VjPlanFacts *vj_plan_collect_facts (VjDb            *db,
                                    VjShortlistItem *item,
                                    const char      *today);
GPtrArray   *vj_plan_dup_charts    (GPtrArray       *facts);

/* The person's plan as Pango markup, for printing, and the short texts the person page shares
 * with it. */

char *vj_plan_dup_person_line      (VjPersonSummary *person);
char *vj_plan_dup_where_when       (VjShortlistItem *item);
char *vj_plan_build_markup         (VjPersonSummary *person,
                                    const char      *counsellor,
                                    const char      *municipality,
                                    const char      *goal,
                                    GPtrArray       *shortlist,
                                    GPtrArray       *facts,
                                    GPtrArray       *steps,
                                    GDateTime       *printed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjPlanFacts, vj_plan_facts_free)

G_END_DECLS
