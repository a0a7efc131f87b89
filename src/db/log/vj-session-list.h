#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-id-list.h"
#include "vj-session.h"

G_BEGIN_DECLS

/* What the Samtaler page shows: every field optional (NULL or 0: no filter) */
typedef struct
{
  char   *text;          /* words in the notes (prefixes, Danish folding) */
  gint64  person_id;
  char   *service;
  char   *form;
  int     municipality;
  char   *from;          /* YYYY-MM-DD, inclusive */
  char   *to;            /* YYYY-MM-DD, inclusive */
} VjSessionQuery;

VjSessionQuery *vj_session_query_new   (void);
VjSessionQuery *vj_session_query_copy  (const VjSessionQuery *query);
void            vj_session_query_free  (VjSessionQuery       *query);
gboolean        vj_session_query_equal (const VjSessionQuery *a,
                                        const VjSessionQuery *b);

GArray         *vj_db_list_session_ids (VjDb                 *db,
                                        const VjSessionQuery *query,
                                        guint                 limit,
                                        GCancellable         *cancellable,
                                        GError              **error);

#define VJ_TYPE_SESSION_LIST (vj_session_list_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionList, vj_session_list, VJ, SESSION_LIST, VjIdList)

VjSessionList        *vj_session_list_new         (VjDb                 *db);
void                  vj_session_list_set_query   (VjSessionList        *self,
                                                   const VjSessionQuery *query);
const VjSessionQuery *vj_session_list_get_query   (VjSessionList        *self);
void                  vj_session_list_reload      (VjSessionList        *self);
gboolean              vj_session_list_get_loading (VjSessionList        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjSessionQuery, vj_session_query_free)

G_END_DECLS
