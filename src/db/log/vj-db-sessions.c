#define G_LOG_DOMAIN "vj-db-sessions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-sessions-private.h"
#include "vj-db-sessions.h"
#include "vj-store-notes.h"
#include "vj-store.h"
#include "vj-text.h"

/* Writes to the guidance log. Each is one transaction on the writer thread, committed with
 * synchronous=FULL: once the callback says saved, a power cut does not lose it. */

static void
write_data_free (VjSessionWrite *data)
{
  g_clear_pointer (&data->session, vj_session_record_free);
  g_free (data);
}

/* Runs @sql with @id as ?1 */
gboolean
_vj_db_exec_id (VjStoreConn  *conn,
                const char   *sql,
                gint64        id,
                GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, id);
  return vj_store_stmt_run (stmt, error);
}

/* Runs @sql with the ids @a as ?1 and @b as ?2 */
static gboolean
exec_ids (VjStoreConn  *conn,
          const char   *sql,
          gint64        a,
          gint64        b,
          GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, a);
  vj_store_stmt_bind_int (stmt, 2, b);
  return vj_store_stmt_run (stmt, error);
}

static gint64
save_person (VjStoreConn     *conn,
             VjPersonRecord  *p,
             const char      *now,
             GError         **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           p->id != 0
                           ? "UPDATE person SET reference = ?1, birth_year = ?2, grade = ?3,"
                             " municipality = ?4, target_group = ?5, consent = ?6,"
                             " consent_date = ?7, updated_at = ?8 WHERE id = ?9 RETURNING id;"
                           : "INSERT INTO person (reference, birth_year, grade, municipality,"
                             "  target_group, consent, consent_date, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
                             " ON CONFLICT (reference) DO UPDATE SET"
                             "  birth_year = COALESCE (excluded.birth_year, person.birth_year),"
                             "  grade = COALESCE (excluded.grade, person.grade),"
                             "  municipality = COALESCE (excluded.municipality,"
                             "                           person.municipality),"
                             "  target_group = COALESCE (excluded.target_group,"
                             "                           person.target_group),"
                             "  consent = CASE WHEN excluded.consent > person.consent"
                             "              THEN excluded.consent ELSE person.consent END,"
                             "  consent_date = COALESCE (excluded.consent_date,"
                             "                           person.consent_date),"
                             "  updated_at = excluded.updated_at"
                             " RETURNING id;",
                           error);
  if (stmt == NULL)
    return 0;
  vj_store_stmt_set_what (stmt, _("saving a person"));
  vj_store_stmt_bind_text (stmt, 1, p->reference);
  vj_store_stmt_bind_int_or_null (stmt, 2, p->birth_year);
  vj_store_stmt_bind_text (stmt, 3, p->grade);
  vj_store_stmt_bind_int_or_null (stmt, 4, p->municipality);
  vj_store_stmt_bind_text (stmt, 5, p->target_group);
  vj_store_stmt_bind_boolean (stmt, 6, p->consent);
  vj_store_stmt_bind_text (stmt, 7, p->consent ? p->consent_date : NULL);
  vj_store_stmt_bind_text (stmt, 8, now);
  if (p->id != 0)
    vj_store_stmt_bind_int (stmt, 9, p->id);
  if (vj_store_stmt_next (stmt))
    p->id = vj_store_stmt_get_int (stmt, 0);
  else if (vj_store_stmt_violated_constraint (stmt))
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                   _("Another person already has the reference “%s”."), p->reference);
      p->id = 0;
    }
  else if (!vj_store_stmt_check (stmt, error))
    p->id = 0;
  else if (p->id != 0)
    {
      /* Erased meanwhile: saved again as a new person */
      g_clear_pointer (&stmt, vj_store_stmt_free);
      p->id = 0;
      return save_person (conn, p, now, error);
    }
  else
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY, _("Database error while %1$s: %2$s"),
                 _("saving a person"), "no row");
  return p->id;
}

static gboolean
save_session_row (VjStoreConn      *conn,
                  VjSessionRecord  *s,
                  const char       *now,
                  GError          **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           "INSERT INTO session (id, started_at, duration_minutes, counsellor,"
                           "  service, form, municipality, class_label, head_count, upv_status,"
                           "  notes, follow_up, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
                           " ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at,"
                           "  duration_minutes = excluded.duration_minutes,"
                           "  counsellor = excluded.counsellor, service = excluded.service,"
                           "  form = excluded.form, municipality = excluded.municipality,"
                           "  class_label = excluded.class_label,"
                           "  head_count = excluded.head_count,"
                           "  upv_status = excluded.upv_status, notes = excluded.notes,"
                           "  follow_up = excluded.follow_up, updated_at = excluded.updated_at"
                           " RETURNING id;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving a session"));
  vj_store_stmt_bind_int_or_null (stmt, 1, s->id);
  vj_store_stmt_bind_text (stmt, 2, s->started_at);
  vj_store_stmt_bind_int_or_null (stmt, 3, s->duration_minutes);
  vj_store_stmt_bind_text (stmt, 4, s->counsellor);
  vj_store_stmt_bind_text (stmt, 5, s->service);
  vj_store_stmt_bind_text (stmt, 6, s->form);
  vj_store_stmt_bind_int_or_null (stmt, 7, s->municipality);
  vj_store_stmt_bind_text (stmt, 8, s->class_label);
  vj_store_stmt_bind_int_or_null (stmt, 9, s->head_count);
  vj_store_stmt_bind_text (stmt, 10, s->upv_status);
  vj_store_stmt_bind_text (stmt, 11, s->notes);
  vj_store_stmt_bind_text (stmt, 12, s->follow_up);
  vj_store_stmt_bind_text (stmt, 13, now);
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                     _("Database error while %1$s: %2$s"), _("saving a session"), "no row");
      return FALSE;
    }
  s->id = vj_store_stmt_get_int (stmt, 0);
  return TRUE;
}

static gboolean
save_next_step (VjStoreConn  *conn,
                gint64        session_id,
                gint64        person_id,
                VjNextStep   *step,
                GError      **error)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "INSERT INTO next_step (session_id, person_id, text, due, done)"
                            " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id;", error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, session_id);
  vj_store_stmt_bind_int_or_null (stmt, 2, person_id);
  vj_store_stmt_bind_text (stmt, 3, step->text);
  vj_store_stmt_bind_text (stmt, 4, step->due);
  vj_store_stmt_bind_text (stmt, 5, step->done);
  if (vj_store_stmt_next (stmt))
    step->id = vj_store_stmt_get_int (stmt, 0);
  return vj_store_stmt_check (stmt, error);
}

static gboolean
save_links (VjStoreConn      *conn,
            VjSessionRecord  *s,
            const char       *now,
            GError          **error)
{
  gint64 single_person = 0;

  for (guint i = 0; i < s->people->len; i++)
    {
      gint64 person_id = save_person (conn, s->people->pdata[i], now, error);

      if (person_id == 0 ||
          !exec_ids (conn, "INSERT INTO session_person (session_id, person_id)"
                           " VALUES (?1, ?2) ON CONFLICT DO NOTHING;",
                     s->id, person_id, error))
        return FALSE;
      single_person = s->people->len == 1 ? person_id : 0;
    }

  for (guint i = 0; i < s->topics->len; i++)
    {
      g_autoptr(VjStoreStmt) stmt =
        vj_store_prepare (conn, "INSERT INTO session_topic (session_id, topic)"
                                " VALUES (?1, ?2) ON CONFLICT DO NOTHING;", error);

      if (stmt == NULL)
        return FALSE;
      vj_store_stmt_set_what (stmt, _("saving the guidance log"));
      vj_store_stmt_bind_int (stmt, 1, s->id);
      vj_store_stmt_bind_text (stmt, 2, s->topics->pdata[i]);
      if (!vj_store_stmt_run (stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < s->programmes->len; i++)
    /* A programme no longer in the catalogue is left out rather than failing the save */
    if (!exec_ids (conn, "INSERT INTO session_programme (session_id, programme_id)"
                         " SELECT ?1, id FROM programme WHERE id = ?2 ON CONFLICT DO NOTHING;",
                   s->id, g_array_index (s->programmes, gint64, i), error))
      return FALSE;

  for (guint i = 0; i < s->next_steps->len; i++)
    {
      VjNextStep *step = s->next_steps->pdata[i];

      if (step->text == NULL || *step->text == '\0')
        continue;
      if (!save_next_step (conn, s->id, single_person, step, error))
        return FALSE;
    }

  if (s->notes != NULL && *s->notes != '\0')
    {
      g_autofree char *folded = vj_text_fold_for_index (s->notes);

      if (!vj_store_notes_set (conn, s->id, folded, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
clear_links (VjStoreConn  *conn,
             gint64        id,
             GError      **error)
{
  return _vj_db_exec_id (conn, "DELETE FROM session_person WHERE session_id = ?1;", id, error) &&
         _vj_db_exec_id (conn, "DELETE FROM session_topic WHERE session_id = ?1;", id, error) &&
         _vj_db_exec_id (conn, "DELETE FROM session_programme WHERE session_id = ?1;", id, error) &&
         _vj_db_exec_id (conn, "DELETE FROM next_step WHERE session_id = ?1;", id, error) &&
         vj_store_notes_remove (conn, id, error);
}

static gboolean
check_no_cpr (const VjSessionRecord *session,
              GError               **error)
{
  g_autofree char *cpr = vj_session_record_find_cpr (session);

  if (cpr == NULL)
    return TRUE;
  /* Translators: the number itself is not repeated, so it reaches no log */
  g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                       _("The session holds something that looks like a CPR number. "
                         "Vejviser does not keep CPR numbers: use a reference or initials "
                         "instead."));
  return FALSE;
}

static gboolean
write_session (VjStoreConn *conn,
               gpointer     user_data,
               GError     **error)
{
  VjSessionWrite *data = user_data;
  g_autofree char *now = _vj_db_now ();

  /* Every path that saves a session (the editor, the CSV import, the CLI) ends here, or in
   * vj_db_save_sessions (): the last guard against a CPR number, however it is written
   * (vj-cpr.c) */
  if (!data->cpr_checked && !check_no_cpr (data->session, error))
    return FALSE;
  if (!save_session_row (conn, data->session, now, error) ||
      !clear_links (conn, data->session->id, error) ||
      !save_links (conn, data->session, now, error))
    return FALSE;
  if (data->draft_id != 0 &&
      !_vj_db_exec_id (conn, "DELETE FROM draft WHERE id = ?1;", data->draft_id, error))
    return FALSE;
  data->id = data->session->id;
  return TRUE;
}

static gboolean
write_delete (VjStoreConn *conn,
              gpointer     user_data,
              GError     **error)
{
  VjSessionWrite *data = user_data;

  return clear_links (conn, data->id, error) &&
         _vj_db_exec_id (conn, "DELETE FROM draft WHERE kind = 'session' AND target_id = ?1;",
                  data->id, error) &&
         _vj_db_exec_id (conn, "DELETE FROM session WHERE id = ?1;", data->id, error);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VjSessionWrite *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_vj_db_write_finish (VJ_DB (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, data->id);
}

void
_vj_db_sessions_queue_write (VjDb                 *self,
             VjDbWriteFunc         func,
             const VjSessionRecord *session,
             gint64                id,
             gint64                draft_id,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data,
             gpointer              source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  VjSessionWrite *data = g_new0 (VjSessionWrite, 1);

  data->session = session != NULL ? vj_session_record_copy (session) : NULL;
  data->id = id;
  data->draft_id = draft_id;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  /* The task owns the data; the write only borrows it */
  _vj_db_write_durable_async (self, func, data, NULL, cancellable, write_done_cb, task);
}

/**
 * vj_db_save_session_async:
 * @session: a new session (id 0), a saved one, or one deleted and now restored (its old id)
 * @draft_id: the draft this save replaces, dropped in the same transaction; 0 for none
 *
 * Saves the session with its people (created or updated by reference), topics, programmes and
 * next steps, durably.
 */
void
vj_db_save_session_async (VjDb                  *self,
                          const VjSessionRecord *session,
                          gint64                 draft_id,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (session != NULL && session->started_at != NULL);

  _vj_db_sessions_queue_write (self, write_session, session, 0, draft_id, cancellable, callback, user_data,
               vj_db_save_session_async);
}

/* Returns: the session's id, or 0 on error */
gint64
vj_db_save_session_finish (VjDb         *self,
                           GAsyncResult *result,
                           GError      **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* For callers without a main loop (the CLI): waits for the save. */
gint64
vj_db_save_session (VjDb                  *self,
                    const VjSessionRecord *session,
                    GError               **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;
  gint64 id;

  g_main_context_push_thread_default (context);
  vj_db_save_session_async (self, session, 0, NULL, sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  id = vj_db_save_session_finish (self, result, error);
  g_object_unref (result);
  return id;
}

static gboolean
write_sessions (VjStoreConn *conn,
                gpointer     user_data,
                GError     **error)
{
  GPtrArray *records = user_data;

  for (guint i = 0; i < records->len; i++)
    {
      VjSessionWrite data = { records->pdata[i], 0, 0, TRUE };

      if (!write_session (conn, &data, error))
        return FALSE;
    }
  return TRUE;
}

static void
durable_sync_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * vj_db_save_sessions:
 * @records: (element-type VjSessionRecord): sessions to add or update; their ids are set
 *
 * Saves them all in one durable transaction, or none. For callers without a main loop.
 */
gboolean
vj_db_save_sessions (VjDb      *self,
                     GPtrArray *records,
                     GError   **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  /* Looked through here, before the write transaction, which then only inserts: a long import
   * keeps a counsellor's save waiting no longer than it must */
  for (guint i = 0; i < records->len; i++)
    if (!check_no_cpr (records->pdata[i], error))
      return FALSE;

  g_main_context_push_thread_default (context);
  _vj_db_write_durable_async (self, write_sessions, records, NULL, NULL, durable_sync_cb,
                              &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  ok = _vj_db_write_finish (self, result, error);
  g_object_unref (result);
  return ok;
}

/**
 * vj_db_delete_session_async:
 *
 * Deletes a session with its links, next steps, drafts and search row. To undo, save the
 * record loaded before (vj_db_load_session ()) again: it comes back with its id.
 */
void
vj_db_delete_session_async (VjDb               *self,
                            gint64              session_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_sessions_queue_write (self, write_delete, NULL, session_id, 0, cancellable, callback, user_data,
               vj_db_delete_session_async);
}

gboolean
_vj_db_sessions_propagate_ok (VjDb         *self,
              GAsyncResult *result,
              GError      **error)
{
  GError *local = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
vj_db_delete_session_finish (VjDb         *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return _vj_db_sessions_propagate_ok (self, result, error);
}
