#define G_LOG_DOMAIN "vj-db-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-cpr.h"
#include "vj-db-timeline.h"

/* The person page's reads: one person and their sessions. Both go through indexes
 * (person's key, session_person_person), a handful of rows per person. */

void
vj_person_summary_free (VjPersonSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->reference);
  g_free (summary->grade);
  g_free (summary->target_group);
  g_free (summary->consent_date);
  g_free (summary->last_session);
  g_free (summary->plan_goal);
  g_free (summary);
}

void
vj_timeline_entry_free (VjTimelineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->started_at);
  g_free (entry->service);
  g_free (entry->form);
  g_free (entry->class_label);
  g_free (entry->notes);
  g_free (entry);
}

/**
 * vj_db_load_person_summary:
 *
 * Returns: (nullable): the person, or %NULL with %VJ_DB_ERROR_NOT_FOUND when there is none
 */
VjPersonSummary *
vj_db_load_person_summary (VjDb    *self,
                           gint64   person_id,
                           GError **error)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  VjPersonSummary *summary = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_get_main_reader (self);
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT p.id, p.reference, p.birth_year, p.grade, p.municipality,"
                           "       p.target_group, p.consent, p.consent_date,"
                           "       (SELECT substr (max (s.started_at), 1, 10) FROM session s"
                           "          JOIN session_person sp ON sp.session_id = s.id"
                           "         WHERE sp.person_id = p.id),"
                           "       p.plan_goal"
                           "  FROM person p WHERE p.id = ?1;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, person_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      summary = g_new0 (VjPersonSummary, 1);
      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->reference = _vj_db_column_dup (stmt, 1);
      summary->birth_year = sqlite3_column_int (stmt, 2);
      summary->grade = _vj_db_column_dup (stmt, 3);
      summary->municipality = sqlite3_column_int (stmt, 4);
      summary->target_group = _vj_db_column_dup (stmt, 5);
      summary->consent = sqlite3_column_int (stmt, 6) != 0;
      summary->consent_date = _vj_db_column_dup (stmt, 7);
      summary->last_session = _vj_db_column_dup (stmt, 8);
      summary->plan_goal = _vj_db_column_dup (stmt, 9);
    }
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                         _("The person is no longer in the log."));
  else
    _vj_db_set_error (error, conn, rc, _("reading a person"));
  sqlite3_finalize (stmt);
  return summary;
}

/**
 * vj_db_find_person_id:
 * @reference: the person's reference exactly as the counsellor wrote it
 *
 * Returns: the person's id, or 0 with %VJ_DB_ERROR_NOT_FOUND
 */
gint64
vj_db_find_person_id (VjDb       *self,
                      const char *reference,
                      GError    **error)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), 0);
  g_return_val_if_fail (reference != NULL, 0);

  conn = _vj_db_get_main_reader (self);
  rc = sqlite3_prepare_v2 (conn, "SELECT id FROM person WHERE reference = ?1;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, reference);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                 _("There is no person with the reference “%s”."), reference);
  else
    _vj_db_set_error (error, conn, rc, _("reading a person"));
  sqlite3_finalize (stmt);
  return id;
}

/**
 * vj_db_list_person_timeline:
 *
 * Returns: (transfer full) (element-type VjTimelineEntry): the person's sessions, newest first
 */
GPtrArray *
vj_db_list_person_timeline (VjDb    *self,
                            gint64   person_id,
                            GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_timeline_entry_free);
  conn = _vj_db_get_main_reader (self);
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT s.id, s.started_at, s.duration_minutes, s.service, s.form,"
                           "       s.class_label,"
                           "       (SELECT count(*) FROM session_person x"
                           "         WHERE x.session_id = s.id), s.notes"
                           "  FROM session_person sp JOIN session s ON s.id = sp.session_id"
                           " WHERE sp.person_id = ?1"
                           " ORDER BY s.started_at DESC, s.id DESC;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, person_id);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VjTimelineEntry *e = g_new0 (VjTimelineEntry, 1);

      e->session_id = sqlite3_column_int64 (stmt, 0);
      e->started_at = _vj_db_column_dup (stmt, 1);
      e->duration_minutes = sqlite3_column_int (stmt, 2);
      e->service = _vj_db_column_dup (stmt, 3);
      e->form = _vj_db_column_dup (stmt, 4);
      e->class_label = _vj_db_column_dup (stmt, 5);
      e->n_people = sqlite3_column_int (stmt, 6);
      e->notes = _vj_db_column_dup (stmt, 7);
      g_ptr_array_add (list, e);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading a person's sessions"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * vj_db_list_person_ids:
 * @text: (nullable): part of the reference, any case
 * @limit: the most to return
 *
 * Returns: (transfer full) (element-type utf8): "id\treference" of the people whose reference
 * holds @text, by reference, for choosing one (the shortlist's person chooser)
 */
GPtrArray *
vj_db_list_person_ids (VjDb       *self,
                       const char *text,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_get_main_reader (self);
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT id, reference FROM person"
                           " WHERE ?1 IS NULL OR instr (lower (reference), lower (?1)) > 0"
                           " ORDER BY reference LIMIT ?2;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, text != NULL && text[0] != '\0' ? text : NULL);
      sqlite3_bind_int (stmt, 2, (int) limit);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (list, g_strdup_printf ("%" G_GINT64_FORMAT "\t%s",
                                              (gint64) sqlite3_column_int64 (stmt, 0),
                                              (const char *) sqlite3_column_text (stmt, 1)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading the people"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

typedef struct
{
  gint64  person_id;
  char   *goal;
} GoalData;

static void
goal_data_free (GoalData *data)
{
  g_free (data->goal);
  g_free (data);
}

static gboolean
write_goal (sqlite3  *conn,
            gpointer  user_data,
            GError  **error)
{
  GoalData *data = user_data;
  g_autofree char *now = _vj_db_now ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn, "UPDATE person SET plan_goal = ?1, updated_at = ?2"
                                 " WHERE id = ?3;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, data->goal);
      _vj_db_bind_text (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, data->person_id);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vj_db_set_error (error, conn, rc, _("saving the goal"));
  if (sqlite3_changes (conn) == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The person is no longer in the log."));
      return FALSE;
    }
  return TRUE;
}

/**
 * vj_db_set_plan_goal_async:
 * @goal: (nullable): the goal; blank or %NULL clears it
 *
 * Keeps the goal on the person's plan, through the writer thread. Like everything saved, it
 * never keeps a CPR number: one is taken out first (vj_cpr_remove ()).
 */
void
vj_db_set_plan_goal_async (VjDb               *self,
                           gint64              person_id,
                           const char         *goal,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autofree char *clean = goal != NULL ? vj_cpr_remove (goal) : NULL;
  GoalData *data;

  g_return_if_fail (VJ_IS_DB (self));

  data = g_new0 (GoalData, 1);
  data->person_id = person_id;
  if (clean != NULL && *g_strstrip (clean) != '\0')
    data->goal = g_steal_pointer (&clean);
  _vj_db_write_async (self, write_goal, data, (GDestroyNotify) goal_data_free, cancellable,
                      callback, user_data);
}

gboolean
vj_db_set_plan_goal_finish (VjDb         *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return _vj_db_write_finish (self, result, error);
}
