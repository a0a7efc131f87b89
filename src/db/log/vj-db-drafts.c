#define G_LOG_DOMAIN "vj-db-sessions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-sessions-private.h"
#include "vj-store.h"

/* Drafts: what the session editor holds, kept as the counsellor types, durably, so a crash or a
 * kill loses nothing (the body is the whole record as GVariant text), except a CPR number. */

static gboolean
write_draft (VjStoreConn *conn,
             gpointer     user_data,
             GError     **error)
{
  VjSessionWrite *data = user_data;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *now = _vj_db_now ();

  /* Kept without a CPR number, like everything saved (vj-cpr.c): the draft is the task's own
   * copy, the editor keeps what was typed and flags it at Save */
  vj_session_record_remove_cpr (data->session);
  variant = g_variant_ref_sink (vj_session_record_to_variant (data->session));
  body = g_variant_print (variant, TRUE);

  stmt = vj_store_prepare (conn,
                           "INSERT INTO draft (id, kind, target_id, person_id, body, updated_at)"
                           " VALUES (?1, 'session', ?2, (SELECT id FROM person WHERE id = ?5),"
                           "  ?3, ?4)"
                           " ON CONFLICT (id) DO UPDATE SET body = excluded.body,"
                           "  person_id = excluded.person_id, updated_at = excluded.updated_at"
                           " RETURNING id;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving a draft"));
  vj_store_stmt_bind_int_or_null (stmt, 1, data->draft_id);
  vj_store_stmt_bind_int_or_null (stmt, 2, data->session->id);
  vj_store_stmt_bind_text (stmt, 3, body);
  vj_store_stmt_bind_text (stmt, 4, now);
  /* A saved person in the draft, so erasing that person finds the draft too */
  vj_store_stmt_bind_null (stmt, 5);
  for (guint i = 0; i < data->session->people->len; i++)
    {
      gint64 person_id = ((VjPersonRecord *) data->session->people->pdata[i])->id;

      if (person_id != 0)
        {
          vj_store_stmt_bind_int (stmt, 5, person_id);
          break;
        }
    }
  if (!vj_store_stmt_next (stmt))
    {
      vj_store_stmt_check (stmt, error);
      return FALSE;
    }
  data->id = vj_store_stmt_get_int (stmt, 0);
  return TRUE;
}

static gboolean
write_discard (VjStoreConn *conn,
               gpointer     user_data,
               GError     **error)
{
  VjSessionWrite *data = user_data;

  return _vj_db_exec_id (conn, "DELETE FROM draft WHERE id = ?1;", data->draft_id, error);
}

/**
 * vj_db_save_draft_async:
 * @draft_id: the draft to rewrite; 0 for a new one
 *
 * Keeps what is typed in the editor, durably, so a crash or a kill loses nothing.
 */
void
vj_db_save_draft_async (VjDb                  *self,
                        gint64                 draft_id,
                        const VjSessionRecord *session,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (session != NULL);
  _vj_db_sessions_queue_write (self, write_draft, session, 0, draft_id, cancellable, callback, user_data,
               vj_db_save_draft_async);
}

/* Returns: the draft's id, or 0 on error */
gint64
vj_db_save_draft_finish (VjDb         *self,
                         GAsyncResult *result,
                         GError      **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

void
vj_db_discard_draft_async (VjDb               *self,
                           gint64              draft_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_sessions_queue_write (self, write_discard, NULL, 0, draft_id, cancellable, callback, user_data,
               vj_db_discard_draft_async);
}

gboolean
vj_db_discard_draft_finish (VjDb         *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return _vj_db_sessions_propagate_ok (self, result, error);
}
