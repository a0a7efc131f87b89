#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-initiative.h"
#include "vj-offering.h"
#include "vj-programme.h"

G_BEGIN_DECLS

typedef enum
{
  VJ_PROGRAMME_SORT_RELEVANCE,
  VJ_PROGRAMME_SORT_TITLE,
} VjProgrammeSort;

typedef struct
{
  char            *text;       /* what the user typed, or NULL */
  char            *category;   /* a category code, or NULL for all */
  VjProgrammeSort  sort;
  guint            limit;      /* 0: no limit */
} VjProgrammeQuery;

VjProgrammeQuery *vj_programme_query_new              (void);
VjProgrammeQuery *vj_programme_query_copy             (const VjProgrammeQuery *query);
void              vj_programme_query_free             (VjProgrammeQuery       *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjProgrammeQuery, vj_programme_query_free)

GArray           *vj_db_search_programme_ids          (VjDb                   *self,
                                                       const VjProgrammeQuery *query,
                                                       GCancellable           *cancellable,
                                                       GError                **error);
VjProgramme      *vj_db_load_programme                (VjDb                   *self,
                                                       gint64                  id,
                                                       GError                **error);
GPtrArray        *vj_db_list_offerings                (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiatives              (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_goals         (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_actors        (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_programmes    (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
guint             vj_db_count_programmes              (VjDb                   *self);
char             *vj_db_dup_catalogue_summary         (VjDb                   *self);

G_END_DECLS
