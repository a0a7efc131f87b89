#define G_LOG_DOMAIN "vj-db-privacy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vj-db-privacy-private.h"
#include "vj-db-settings.h"

/* What erasing people or the retention purge would delete, read first and shown to the
 * counsellor; vj-db-erase.c deletes it. */

static const char * const count_sql[] = {
  "SELECT count(*) FROM (" ERASED_SESSIONS ");",
  "SELECT count(DISTINCT sp.session_id) FROM session_person sp"
  " WHERE sp.person_id IN (SELECT value FROM json_each (?1))"
  "   AND sp.session_id NOT IN (" ERASED_SESSIONS ");",
  "SELECT count(*) FROM shortlist WHERE person_id IN (SELECT value FROM json_each (?1));",
  "SELECT count(*) FROM next_step WHERE person_id IN (SELECT value FROM json_each (?1))"
  "   OR session_id IN (" ERASED_SESSIONS ");",
  "SELECT count(*) FROM draft WHERE " ERASED_DRAFT ";",
};

static void
erase_person_free (VjErasePerson *p)
{
  g_free (p->reference);
  g_free (p->last_session);
  g_free (p);
}

void
vj_erase_plan_free (VjErasePlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->people, g_ptr_array_unref);
  g_free (plan->cutoff);
  g_free (plan);
}

static VjErasePlan *
erase_plan_new (void)
{
  VjErasePlan *plan = g_new0 (VjErasePlan, 1);

  plan->people = g_ptr_array_new_with_free_func ((GDestroyNotify) erase_person_free);
  return plan;
}

char *
vj_db_dup_backups_dir (VjDb *self)
{
  g_autofree char *dir = g_path_get_dirname (vj_db_get_path (self));

  return g_build_filename (dir, "backups", NULL);
}

GPtrArray *
_vj_db_privacy_list_backups (VjDb *self)
{
  return _vj_db_privacy_list_backups_for_path (vj_db_get_path (self));
}

static gboolean
count_plan (VjDb         *self,
            sqlite3      *conn,
            VjErasePlan  *plan,
            GError      **error)
{
  g_autofree char *ids = NULL;
  g_autofree char *patterns = NULL;
  guint *counts[] = { &plan->n_sessions, &plan->n_shared, &plan->n_shortlist,
                      &plan->n_next_steps, &plan->n_drafts };
  g_autoptr(GPtrArray) backups = _vj_db_privacy_list_backups (self);

  _vj_db_privacy_plan_json (plan, &ids, &patterns);
  for (guint i = 0; i < G_N_ELEMENTS (count_sql); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (conn, count_sql[i], -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        {
          _vj_db_privacy_bind (stmt, ids, plan->cutoff, patterns);
          rc = sqlite3_step (stmt);
        }
      if (rc == SQLITE_ROW)
        *counts[i] = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        return _vj_db_set_error (error, conn, rc, _("reading what would be deleted"));
    }
  plan->n_backups = backups->len;
  return TRUE;
}

/**
 * vj_db_plan_erase_person:
 *
 * Reads on a pooled connection: call it from a worker (vj_db_plan_erase_person_async ()) or
 * the CLI; at national scale the counts take longer than a frame.
 *
 * Returns: (transfer full) (nullable): what erasing the person would delete
 */
VjErasePlan *
vj_db_plan_erase_person (VjDb    *self,
                         gint64   person_id,
                         GError **error)
{
  g_autoptr(VjErasePlan) plan = erase_plan_new ();
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT p.id, p.reference,"
                           "       (SELECT substr (max (s.started_at), 1, 10) FROM session s"
                           "          JOIN session_person sp ON sp.session_id = s.id"
                           "         WHERE sp.person_id = p.id)"
                           "  FROM person p WHERE p.id = ?1;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, person_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      VjErasePerson *p = g_new0 (VjErasePerson, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->reference = _vj_db_column_dup (stmt, 1);
      p->last_session = _vj_db_column_dup (stmt, 2);
      g_ptr_array_add (plan->people, p);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                         _("The person is no longer in the log."));
  else if (rc != SQLITE_ROW)
    _vj_db_set_error (error, conn, rc, _("reading a person"));
  if (rc != SQLITE_ROW || !count_plan (self, conn, plan, error))
    {
      _vj_db_release_reader (self, conn);
      return NULL;
    }
  _vj_db_release_reader (self, conn);
  return g_steal_pointer (&plan);
}

static void
plan_erase_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  VjErasePlan *plan = vj_db_plan_erase_person (source_object, *(gint64 *) task_data, &error);

  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify) vj_erase_plan_free);
}

void
vj_db_plan_erase_person_async (VjDb               *self,
                               gint64              person_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vj_db_plan_erase_person_async);
  g_task_set_task_data (task, g_memdup2 (&person_id, sizeof person_id), g_free);
  g_task_run_in_thread (task, plan_erase_thread);
}

static int
retention_years (VjDb *self)
{
  g_autofree char *value = vj_db_get_setting (self, VJ_SETTING_RETENTION_YEARS);
  gint64 years = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

  if (years < VJ_RETENTION_YEARS_MIN || years > VJ_RETENTION_YEARS_MAX)
    return VJ_RETENTION_YEARS_DEFAULT;
  return (int) years;
}

/**
 * vj_db_plan_purge:
 * @today: the day to count back from
 *
 * The people whose last session (or, without sessions, whose record) is older than the
 * retention period (the setting retention.years, default 5), and the class sessions without
 * people from before it. Reads on a pooled connection: call it from a worker or the CLI.
 *
 * Returns: (transfer full) (nullable): what a purge would delete
 */
VjErasePlan *
vj_db_plan_purge (VjDb    *self,
                  GDate   *today,
                  GError **error)
{
  g_autoptr(VjErasePlan) plan = erase_plan_new ();
  GDate cutoff = *today;
  char day[16];
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  plan->years = retention_years (self);
  g_date_subtract_years (&cutoff, (guint) plan->years);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", &cutoff);
  plan->cutoff = g_strdup (day);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT id, reference, substr (last, 1, 10) FROM ("
                           "  SELECT p.id, p.reference, p.created_at,"
                           "         (SELECT max (s.started_at) FROM session_person sp"
                           "            JOIN session s ON s.id = sp.session_id"
                           "           WHERE sp.person_id = p.id) AS last"
                           "    FROM person p)"
                           " WHERE COALESCE (last, created_at) < ?1 ORDER BY reference;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    _vj_db_bind_text (stmt, 1, plan->cutoff);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VjErasePerson *p = g_new0 (VjErasePerson, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->reference = _vj_db_column_dup (stmt, 1);
      p->last_session = _vj_db_column_dup (stmt, 2);
      g_ptr_array_add (plan->people, p);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  ok = rc == SQLITE_DONE ? count_plan (self, conn, plan, error)
                         : _vj_db_set_error (error, conn, rc, _("reading what would be deleted"));
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&plan) : NULL;
}

static void
plan_purge_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_year (now));
  GError *error = NULL;
  VjErasePlan *plan = vj_db_plan_purge (source_object, today, &error);

  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify) vj_erase_plan_free);
}

void
vj_db_plan_purge_async (VjDb               *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vj_db_plan_purge_async);
  g_task_run_in_thread (task, plan_purge_thread);
}

/* Also finishes vj_db_plan_erase_person_async () */
VjErasePlan *
vj_db_plan_purge_finish (VjDb         *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vj_db_erase_resume:
 *
 * Finishes what earlier erases or purges left pending (also done at every vj_db_open ()).
 *
 * Returns: %TRUE when nothing is pending any more; otherwise @error (VJ_DB_ERROR_PENDING) says
 *   what still is
 */
gboolean
vj_db_erase_resume (VjDb    *self,
                    GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  return _vj_db_erase_resume_at_path (vj_db_get_path (self), error);
}

/**
 * vj_db_erase_lookup:
 * @reference: a person's reference
 * @erased_at: (out) (optional): when, as stored (UTC, ISO 8601)
 *
 * Whether a person with @reference was erased (the last time, if more than once).
 */
VjEraseState
vj_db_erase_lookup (VjDb        *self,
                    const char  *reference,
                    char       **erased_at,
                    GError     **error)
{
  sqlite3 *conn;
  VjEraseState state;

  g_return_val_if_fail (VJ_IS_DB (self), VJ_ERASE_NONE);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return VJ_ERASE_NONE;
  state = _vj_db_erase_lookup_on (conn, reference, erased_at, error);
  _vj_db_release_reader (self, conn);
  return state;
}

/**
 * vj_db_erase:
 * @plan: from vj_db_plan_erase_person () or vj_db_plan_purge (); its n_backups_removed is set
 *
 * Deletes what @plan lists from the database and every backup, leaving no trace in the search
 * index, free pages or the WAL. The deletion itself is one transaction with the erase's
 * record; what cannot be finished now stays pending (the error VJ_DB_ERROR_PENDING says what)
 * and is finished at the next open or by vj_db_erase_resume (). Blocks: run it in a worker
 * (vj_db_erase_async ()) or the CLI. The work is vj-db-erase.c's, given the database's path.
 */
gboolean
vj_db_erase (VjDb         *self,
             VjErasePlan  *plan,
             GCancellable *cancellable,
             GError      **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  return _vj_db_erase_at_path (vj_db_get_path (self), plan, cancellable, error);
}

static void
erase_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (vj_db_erase (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * vj_db_erase_async:
 * @plan: (transfer full): what to delete
 */
void
vj_db_erase_async (VjDb               *self,
                   VjErasePlan        *plan,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vj_db_erase_async);
  g_task_set_task_data (task, plan, (GDestroyNotify) vj_erase_plan_free);
  g_task_run_in_thread (task, erase_thread);
}

gboolean
vj_db_erase_finish (VjDb         *self,
                    GAsyncResult *result,
                    GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
