#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

typedef enum
{
  VJ_PROGRAMME_SORT_RELEVANCE,
  VJ_PROGRAMME_SORT_TITLE,
  VJ_PROGRAMME_SORT_NEXT_START,
} VjProgrammeSort;

/* What the catalogue is searched for; every filter is optional and they combine. */
typedef struct
{
  char            *text;          /* what the user typed, or NULL */
  char            *category;      /* a category code */
  int              level;         /* Kvalifikationsramme level 1–8, 0 for any */
  int              municipality;  /* offered in (or served from) this municipality, 0 for any */
  int              region;        /* offered in (or served from) this region, 0 for any */
  gint64           institution;   /* offered by this institution (row id), 0 for any */
  char            *study_mode;    /* "full-time", "part-time", "distance" */
  char            *start_from;    /* an offering starts on or after (YYYY-MM-DD) */
  char            *start_to;      /* … and on or before */
  char            *today;         /* with open_deadline: the date deadlines are compared with */
  gboolean         open_deadline; /* the application deadline has not passed (unknown passes) */
  gboolean         upcoming;      /* an offering has not started yet (unknown passes; a start in
                                   * "2026" passes all 2026: compared at its own precision) */
  gint64           initiative;    /* in this initiative or track (row id), 0 for any */
  VjProgrammeSort  sort;
  guint            limit;         /* 0: no limit */
} VjProgrammeQuery;

VjProgrammeQuery *vj_programme_query_new      (void);
VjProgrammeQuery *vj_programme_query_copy     (const VjProgrammeQuery *query);
void              vj_programme_query_free     (VjProgrammeQuery       *query);
gboolean          vj_programme_query_has_filters (const VjProgrammeQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjProgrammeQuery, vj_programme_query_free)

typedef struct
{
  GArray     *ids;              /* gint64, in order */
  gboolean    capped;           /* a broad search: the best matches, not all of them */
  GHashTable *category_counts;  /* category code → count, or NULL when capped */
} VjSearchResult;

void              vj_search_result_free       (VjSearchResult         *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjSearchResult, vj_search_result_free)

VjSearchResult   *vj_db_search_programmes     (VjDb                   *self,
                                               const VjProgrammeQuery *query,
                                               GCancellable           *cancellable,
                                               GError                **error);
GArray           *vj_db_search_programme_ids  (VjDb                   *self,
                                               const VjProgrammeQuery *query,
                                               GCancellable           *cancellable,
                                               GError                **error);

#define VJ_SEARCH_RANKED_MAX 1000

G_END_DECLS
