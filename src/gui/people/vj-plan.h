#pragma once

#include <glib.h>

#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"

G_BEGIN_DECLS

/* The person's plan as Pango markup, for printing, and the short texts the person page shares
 * with it. */

char *vj_plan_dup_person_line      (VjPersonSummary *person);
char *vj_plan_dup_where_when       (VjShortlistItem *item);
char *vj_plan_build_markup         (VjPersonSummary *person,
                                    const char      *counsellor,
                                    const char      *municipality,
                                    const char      *goal,
                                    GPtrArray       *shortlist,
                                    GPtrArray       *steps,
                                    GDateTime       *printed);

G_END_DECLS
