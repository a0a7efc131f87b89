#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-session-record.h"

G_BEGIN_DECLS

/* The guidance log: sessions with their people, topics, programmes and next steps. Every write
 * is durable (synchronous=FULL) and keeps session_fts in step. */

typedef struct
{
  gint64           id;
  gint64           session_id;   /* the saved session being edited; 0 for a new one */
  char            *updated_at;   /* UTC, ISO 8601 */
  VjSessionRecord *session;      /* what was typed */
} VjDraft;

void              vj_draft_free                   (VjDraft              *draft);

VjSessionRecord  *vj_db_load_session              (VjDb                 *self,
                                                   gint64                session_id,
                                                   GError              **error);
GArray           *vj_db_list_person_session_ids   (VjDb                 *self,
                                                   gint64                person_id,
                                                   GError              **error);
VjPersonRecord   *vj_db_load_person               (VjDb                 *self,
                                                   gint64                person_id,
                                                   GError              **error);
VjPersonRecord   *vj_db_find_person               (VjDb                 *self,
                                                   const char           *reference,
                                                   GError              **error);
GPtrArray        *vj_db_search_people             (VjDb                 *self,
                                                   const char           *text,
                                                   guint                 limit,
                                                   GError              **error);

void              vj_db_save_session_async        (VjDb                 *self,
                                                   const VjSessionRecord *session,
                                                   gint64                draft_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gint64            vj_db_save_session_finish       (VjDb                 *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
gint64            vj_db_save_session              (VjDb                 *self,
                                                   const VjSessionRecord *session,
                                                   GError              **error);
gboolean          vj_db_save_sessions             (VjDb                 *self,
                                                   GPtrArray            *records,
                                                   GError              **error);
void              vj_db_delete_session_async      (VjDb                 *self,
                                                   gint64                session_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          vj_db_delete_session_finish     (VjDb                 *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void              vj_db_save_draft_async          (VjDb                 *self,
                                                   gint64                draft_id,
                                                   const VjSessionRecord *session,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gint64            vj_db_save_draft_finish         (VjDb                 *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              vj_db_discard_draft_async       (VjDb                 *self,
                                                   gint64                draft_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          vj_db_discard_draft_finish      (VjDb                 *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
GPtrArray        *vj_db_list_drafts               (VjDb                 *self,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjDraft, vj_draft_free)

G_END_DECLS
