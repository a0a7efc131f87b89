#define G_LOG_DOMAIN "vj-db-followup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "vj-db-followup.h"
#include "vj-db-private.h"
#include "vj-store.h"

/* Opfølgning: open next steps (next_step.done unset) and the sessions' follow-up dates
 * (session.follow_up). A session's follow-up is ticked off by clearing its date; undo puts the
 * date back. The person shown is the step's own, or the session's when it has exactly one. */

#define MAX_FOLLOW_UPS 5000

#define ONE_PERSON(session) \
  "(SELECT CASE WHEN count(*) = 1 THEN max (sp.person_id) END FROM session_person sp " \
  " WHERE sp.session_id = " session ")"

static const char list_sql[] =
  "SELECT * FROM ("
  "SELECT 0 AS kind, ns.id AS id, ns.session_id AS session_id, p.id AS person_id,"
  "       COALESCE (p.reference, s.class_label) AS person,"
  "       ns.text AS text, NULLIF (ns.due, '') AS due, substr (s.started_at, 1, 10) AS day"
  "  FROM next_step ns JOIN session s ON s.id = ns.session_id"
  "  LEFT JOIN person p ON p.id = COALESCE (ns.person_id, " ONE_PERSON ("ns.session_id") ")"
  " WHERE ns.done IS NULL"
  "   AND (?1 = 0 OR p.id = ?1 OR EXISTS (SELECT 1 FROM session_person sp"
  "        WHERE sp.session_id = ns.session_id AND sp.person_id = ?1 AND ns.person_id IS NULL))"
  " UNION ALL "
  "SELECT 1, s.id, s.id, p.id, COALESCE (p.reference, s.class_label), NULL, s.follow_up,"
  "       substr (s.started_at, 1, 10)"
  "  FROM session s"
  "  LEFT JOIN person p ON p.id = " ONE_PERSON ("s.id")
  " WHERE s.follow_up IS NOT NULL AND s.follow_up <> ''"
  "   AND (?1 = 0 OR EXISTS (SELECT 1 FROM session_person sp"
  "        WHERE sp.session_id = s.id AND sp.person_id = ?1))"
  ") AS f ORDER BY due IS NULL, due, day, kind, id"
  " LIMIT ?2;";

void
vj_follow_up_free (VjFollowUp *follow_up)
{
  if (follow_up == NULL)
    return;
  g_free (follow_up->person);
  g_free (follow_up->text);
  g_free (follow_up->due);
  g_free (follow_up->session_date);
  g_free (follow_up);
}

/**
 * vj_follow_up_bucket:
 * @due: (nullable): a date, YYYY-MM-DD
 * @today: the day to count from
 *
 * Overdue before @today, this week up to and including Sunday, later after that or without a
 * date.
 */
VjFollowUpBucket
vj_follow_up_bucket (const char *due,
                     GDate      *today)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDate) sunday = NULL;
  int y, m, d;

  g_return_val_if_fail (today != NULL && g_date_valid (today), VJ_FOLLOW_UP_LATER);

  if (due == NULL || sscanf (due, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return VJ_FOLLOW_UP_LATER;

  date = g_date_new_dmy (d, m, y);
  if (g_date_compare (date, today) < 0)
    return VJ_FOLLOW_UP_OVERDUE;
  sunday = g_date_copy (today);
  g_date_add_days (sunday, G_DATE_SUNDAY - g_date_get_weekday (today));
  if (g_date_compare (date, sunday) <= 0)
    return VJ_FOLLOW_UP_THIS_WEEK;
  return VJ_FOLLOW_UP_LATER;
}

static gboolean
read_follow_ups (VjStoreConn   *conn,
                 gint64         person_id,
                 GPtrArray     *list,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, list_sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading the follow-ups"));
  vj_store_stmt_bind_int (stmt, 1, person_id);
  vj_store_stmt_bind_int (stmt, 2, MAX_FOLLOW_UPS);
  while (vj_store_stmt_next (stmt))
    {
      VjFollowUp *f = g_new0 (VjFollowUp, 1);

      f->kind = vj_store_stmt_get_int (stmt, 0) == 0 ? VJ_FOLLOW_UP_NEXT_STEP
                                                     : VJ_FOLLOW_UP_SESSION;
      f->id = vj_store_stmt_get_int (stmt, 1);
      f->session_id = vj_store_stmt_get_int (stmt, 2);
      f->person_id = vj_store_stmt_get_int (stmt, 3);
      f->person = vj_store_stmt_dup_text (stmt, 4);
      f->text = vj_store_stmt_dup_text (stmt, 5);
      f->due = vj_store_stmt_dup_text (stmt, 6);
      f->session_date = vj_store_stmt_dup_text (stmt, 7);
      g_ptr_array_add (list, f);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }
    }
  return vj_store_stmt_check (stmt, error);
}

/**
 * vj_db_list_follow_ups:
 * @person_id: one person's, or 0 for everyone's
 *
 * Reads on a pooled reader connection: call it from a worker (or the CLI), not the main thread.
 *
 * Returns: (transfer full) (element-type VjFollowUp): the open follow-ups, earliest first, those
 * without a date last; %NULL on error
 */
GPtrArray *
vj_db_list_follow_ups (VjDb          *self,
                       gint64         person_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_follow_up_free);
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_follow_ups (conn, person_id, list, cancellable, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&list) : NULL;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 *person_id = task_data;
  GPtrArray *list = vj_db_list_follow_ups (source_object, *person_id, cancellable, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

void
vj_db_list_follow_ups_async (VjDb               *self,
                             gint64              person_id,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VJ_IS_DB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_db_list_follow_ups_async);
  g_task_set_task_data (task, g_memdup2 (&person_id, sizeof person_id), g_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
vj_db_list_follow_ups_finish (VjDb         *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  VjFollowUpKind  kind;
  gint64          id;
  char           *value;   /* the done date, or the follow-up date to put back; NULL clears */
} DoneData;

static void
done_data_free (DoneData *data)
{
  g_free (data->value);
  g_free (data);
}

static gboolean
write_done (VjStoreConn *conn,
            gpointer     user_data,
            GError     **error)
{
  DoneData *data = user_data;
  g_autoptr(VjStoreStmt) stmt = NULL;
  const char *sql = data->kind == VJ_FOLLOW_UP_NEXT_STEP
                      ? "UPDATE next_step SET done = ?2 WHERE id = ?1;"
                      : "UPDATE session SET follow_up = ?2, updated_at = ?3 WHERE id = ?1;";
  g_autofree char *now = _vj_db_now ();

  stmt = vj_store_prepare (conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving a follow-up"));
  vj_store_stmt_bind_int (stmt, 1, data->id);
  vj_store_stmt_bind_text (stmt, 2, data->value);
  if (data->kind == VJ_FOLLOW_UP_SESSION)
    vj_store_stmt_bind_text (stmt, 3, now);
  if (!vj_store_stmt_run (stmt, error))
    return FALSE;
  if (vj_store_changes (conn) == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The follow-up no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/**
 * vj_db_set_follow_up_done_async:
 * @follow_up: the follow-up as listed
 * @done: %TRUE to tick it off, %FALSE to undo that
 *
 * A next step gets today's date as its done date (or loses it); a session's follow-up date is
 * cleared (or put back to @follow_up's date).
 */
void
vj_db_set_follow_up_done_async (VjDb               *self,
                                const VjFollowUp   *follow_up,
                                gboolean            done,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  DoneData *data;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (follow_up != NULL);

  data = g_new0 (DoneData, 1);
  data->kind = follow_up->kind;
  data->id = follow_up->id;
  if (follow_up->kind == VJ_FOLLOW_UP_NEXT_STEP && done)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      data->value = g_date_time_format (now, "%Y-%m-%d");
    }
  else if (follow_up->kind == VJ_FOLLOW_UP_SESSION && !done)
    data->value = g_strdup (follow_up->due);
  _vj_db_write_async (self, write_done, data, (GDestroyNotify) done_data_free, cancellable,
                      callback, user_data);
}

gboolean
vj_db_set_follow_up_done_finish (VjDb         *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return _vj_db_write_finish (self, result, error);
}
