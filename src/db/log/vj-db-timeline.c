#define G_LOG_DOMAIN "vj-db-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-cpr.h"
#include "vj-db-private.h"
#include "vj-db-timeline.h"
#include "vj-store.h"

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
  g_autoptr(VjStoreStmt) stmt = NULL;
  VjPersonSummary *summary;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT p.id, p.reference, p.birth_year, p.grade, p.municipality,"
                           "       p.target_group, p.consent, p.consent_date,"
                           "       (SELECT substr (max (s.started_at), 1, 10) FROM session s"
                           "          JOIN session_person sp ON sp.session_id = s.id"
                           "         WHERE sp.person_id = p.id),"
                           "       p.plan_goal"
                           "  FROM person p WHERE p.id = ?1;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading a person"));
  vj_store_stmt_bind_int (stmt, 1, person_id);
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                             _("The person is no longer in the log."));
      return NULL;
    }
  summary = g_new0 (VjPersonSummary, 1);
  summary->id = vj_store_stmt_get_int (stmt, 0);
  summary->reference = vj_store_stmt_dup_text (stmt, 1);
  summary->birth_year = (int) vj_store_stmt_get_int (stmt, 2);
  summary->grade = vj_store_stmt_dup_text (stmt, 3);
  summary->municipality = (int) vj_store_stmt_get_int (stmt, 4);
  summary->target_group = vj_store_stmt_dup_text (stmt, 5);
  summary->consent = vj_store_stmt_get_boolean (stmt, 6);
  summary->consent_date = vj_store_stmt_dup_text (stmt, 7);
  summary->last_session = vj_store_stmt_dup_text (stmt, 8);
  summary->plan_goal = vj_store_stmt_dup_text (stmt, 9);
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
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), 0);
  g_return_val_if_fail (reference != NULL, 0);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT id FROM person WHERE reference = ?1;", error);
  if (stmt == NULL)
    return 0;
  vj_store_stmt_set_what (stmt, _("reading a person"));
  vj_store_stmt_bind_text (stmt, 1, reference);
  if (vj_store_stmt_next (stmt))
    return vj_store_stmt_get_int (stmt, 0);
  if (vj_store_stmt_check (stmt, error))
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                 _("There is no person with the reference “%s”."), reference);
  return 0;
}

/**
 * vj_db_list_person_timeline:
 *
 * Returns: (transfer full) (element-type VjTimelineEntry): the person's sessions, newest first
 */
static GPtrArray *
list_person_timeline (VjStoreConn  *conn,
                      gint64        person_id,
                      GError      **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_timeline_entry_free);
  stmt = vj_store_prepare (conn,
                           "SELECT s.id, s.started_at, s.duration_minutes, s.service, s.form,"
                           "       s.class_label,"
                           "       (SELECT count(*) FROM session_person x"
                           "         WHERE x.session_id = s.id), s.notes"
                           "  FROM session_person sp JOIN session s ON s.id = sp.session_id"
                           " WHERE sp.person_id = ?1"
                           " ORDER BY s.started_at DESC, s.id DESC;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading a person's sessions"));
  vj_store_stmt_bind_int (stmt, 1, person_id);
  while (vj_store_stmt_next (stmt))
    {
      VjTimelineEntry *e = g_new0 (VjTimelineEntry, 1);

      e->session_id = vj_store_stmt_get_int (stmt, 0);
      e->started_at = vj_store_stmt_dup_text (stmt, 1);
      e->duration_minutes = (int) vj_store_stmt_get_int (stmt, 2);
      e->service = vj_store_stmt_dup_text (stmt, 3);
      e->form = vj_store_stmt_dup_text (stmt, 4);
      e->class_label = vj_store_stmt_dup_text (stmt, 5);
      e->n_people = (int) vj_store_stmt_get_int (stmt, 6);
      e->notes = vj_store_stmt_dup_text (stmt, 7);
      g_ptr_array_add (list, e);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
vj_db_list_person_timeline (VjDb    *self,
                            gint64   person_id,
                            GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return list_person_timeline (_vj_db_get_main_reader (self), person_id, error);
}

static gpointer
list_person_timeline_read (VjStoreConn  *conn,
                           gpointer      data,
                           GError      **error)
{
  return list_person_timeline (conn, *(gint64 *) data, error);
}

/**
 * vj_db_list_person_timeline_async:
 *
 * Reads as vj_db_list_person_timeline() does, in a worker.
 */
void
vj_db_list_person_timeline_async (VjDb               *self,
                                  gint64              person_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_read_async (self, list_person_timeline_read, g_memdup2 (&person_id, sizeof person_id),
                     g_free, (GDestroyNotify) g_ptr_array_unref, vj_db_list_person_timeline_async,
                     cancellable, callback, user_data);
}

/**
 * vj_db_list_person_timeline_finish:
 *
 * Returns: (transfer full) (element-type VjTimelineEntry): the person's sessions, newest first, or %NULL with @error set
 */
GPtrArray *
vj_db_list_person_timeline_finish (VjDb          *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _vj_db_read_finish (self, result, vj_db_list_person_timeline_async, error);
}

/* @text with \, % and _ escaped by \, to match itself in LIKE … ESCAPE '\' */
static char *
like_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '%' || *p == '_')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
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
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autofree char *part = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  /* Matched as it is, whatever LIKE would make of % and _ */
  if (text != NULL && text[0] != '\0')
    part = like_escape (text);
  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT id, reference FROM person"
                           " WHERE CAST (?1 AS TEXT) IS NULL"
                           "    OR lower (reference) LIKE '%' || lower (?1) || '%' ESCAPE '\\'"
                           " ORDER BY reference LIMIT ?2;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the people"));
  vj_store_stmt_bind_text (stmt, 1, part);
  vj_store_stmt_bind_int (stmt, 2, limit);
  while (vj_store_stmt_next (stmt))
    g_ptr_array_add (list, g_strdup_printf ("%" G_GINT64_FORMAT "\t%s",
                                            vj_store_stmt_get_int (stmt, 0),
                                            vj_store_stmt_get_text (stmt, 1)));
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
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
write_goal (VjStoreConn *conn,
            gpointer     user_data,
            GError     **error)
{
  GoalData *data = user_data;
  g_autofree char *now = _vj_db_now ();
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn, "UPDATE person SET plan_goal = ?1, updated_at = ?2"
                                 " WHERE id = ?3;", error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the goal"));
  vj_store_stmt_bind_text (stmt, 1, data->goal);
  vj_store_stmt_bind_text (stmt, 2, now);
  vj_store_stmt_bind_int (stmt, 3, data->person_id);
  if (!vj_store_stmt_run (stmt, error))
    return FALSE;
  if (vj_store_changes (conn) == 0)
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
