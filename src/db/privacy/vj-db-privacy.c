#define G_LOG_DOMAIN "vj-db-privacy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vj-db-privacy-private.h"
#include "vj-db-settings.h"
#include "vj-store.h"

/* What erasing people or the retention purge would delete, read first and shown to the
 * counsellor; vj-db-erase.c deletes it. */

/* What is counted in SQL; the sessions and drafts that go are found in C and counted there */
static const char * const count_sql[] = {
  "SELECT count(DISTINCT sp.session_id) FROM session_person sp"
  " WHERE sp.person_id IN " ERASED_PEOPLE
  "   AND sp.session_id NOT IN (" ERASED_SESSIONS ");",
  "SELECT count(*) FROM shortlist WHERE person_id IN " ERASED_PEOPLE ";",
  "SELECT count(*) FROM next_step WHERE person_id IN " ERASED_PEOPLE
  "   OR session_id IN (" ERASED_SESSIONS ");",
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
            VjStoreConn  *conn,
            VjErasePlan  *plan,
            GError      **error)
{
  const char *what = _("reading what would be deleted");
  guint *counts[] = { &plan->n_shared, &plan->n_shortlist, &plan->n_next_steps };
  g_autoptr(GPtrArray) backups = _vj_db_privacy_list_backups (self);
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) drafts = NULL;

  sessions = _vj_db_privacy_erased_sessions (conn, plan, what, error);
  if (sessions == NULL)
    return FALSE;
  drafts = _vj_db_privacy_erased_drafts (conn, plan, sessions, what, error);
  if (drafts == NULL)
    return FALSE;
  plan->n_sessions = sessions->len;
  plan->n_drafts = drafts->len;
  for (guint i = 0; i < G_N_ELEMENTS (count_sql); i++)
    {
      g_autofree char *sql = _vj_db_privacy_sql (count_sql[i], plan);
      g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

      if (stmt == NULL)
        return FALSE;
      vj_store_stmt_set_what (stmt, what);
      _vj_db_privacy_bind (stmt, plan);
      *counts[i] = vj_store_stmt_next (stmt) ? (guint) vj_store_stmt_get_int (stmt, 0) : 0;
      if (!vj_store_stmt_check (stmt, error))
        return FALSE;
    }
  plan->n_backups = backups->len;
  return TRUE;
}

static gboolean
read_person (VjStoreConn  *conn,
             gint64        person_id,
             VjErasePlan  *plan,
             GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  VjErasePerson *p;

  stmt = vj_store_prepare (conn,
                           "SELECT p.id, p.reference,"
                           "       (SELECT substr (max (s.started_at), 1, 10) FROM session s"
                           "          JOIN session_person sp ON sp.session_id = s.id"
                           "         WHERE sp.person_id = p.id)"
                           "  FROM person p WHERE p.id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading a person"));
  vj_store_stmt_bind_int (stmt, 1, person_id);
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                             _("The person is no longer in the log."));
      return FALSE;
    }
  p = g_new0 (VjErasePerson, 1);
  p->id = vj_store_stmt_get_int (stmt, 0);
  p->reference = vj_store_stmt_dup_text (stmt, 1);
  p->last_session = vj_store_stmt_dup_text (stmt, 2);
  g_ptr_array_add (plan->people, p);
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
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_person (conn, person_id, plan, error) && count_plan (self, conn, plan, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&plan) : NULL;
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

/* The people whose last session (or record) is from before @plan's cutoff */
static gboolean
read_purged (VjStoreConn  *conn,
             VjErasePlan  *plan,
             GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           "SELECT id, reference, substr (last, 1, 10) FROM ("
                           "  SELECT p.id, p.reference, p.created_at,"
                           "         (SELECT max (s.started_at) FROM session_person sp"
                           "            JOIN session s ON s.id = sp.session_id"
                           "           WHERE sp.person_id = p.id) AS last"
                           "    FROM person p) AS l"
                           " WHERE COALESCE (last, created_at) < ?1 ORDER BY reference;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading what would be deleted"));
  vj_store_stmt_bind_text (stmt, 1, plan->cutoff);
  while (vj_store_stmt_next (stmt))
    {
      VjErasePerson *p = g_new0 (VjErasePerson, 1);

      p->id = vj_store_stmt_get_int (stmt, 0);
      p->reference = vj_store_stmt_dup_text (stmt, 1);
      p->last_session = vj_store_stmt_dup_text (stmt, 2);
      g_ptr_array_add (plan->people, p);
    }
  return vj_store_stmt_check (stmt, error);
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
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  plan->years = retention_years (self);
  g_date_subtract_years (&cutoff, (guint) plan->years);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", &cutoff);
  plan->cutoff = g_strdup (day);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_purged (conn, plan, error) && count_plan (self, conn, plan, error);
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
  VjStoreConn *conn;
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
