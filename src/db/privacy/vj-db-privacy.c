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

/* Backups are SQLite files named *.db (vj-db.c, vj-db-backup.c) */
static gboolean
is_backup_name (const char *name)
{
  return g_str_has_suffix (name, ".db") && name[0] != '.';
}

GPtrArray *
_vj_db_privacy_list_backups (VjDb *self)
{
  return _vj_db_privacy_list_backups_for_path (vj_db_get_path (self));
}

/* Every backup file, as erasing sees them: those listed, those another name was given by hand,
 * and a damaged database set aside (not a copy being written: vj-db-backup.c) */
GPtrArray *
_vj_db_privacy_list_backups_for_path (const char *db_path)
{
  g_autofree char *db_dir = g_path_get_dirname (db_path);
  g_autofree char *dir = g_build_filename (db_dir, "backups", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (is_backup_name (name) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  return paths;
}

/* ?1: the ids; ?3: each reference quoted both ways g_variant_print () may quote it */
void
_vj_db_privacy_plan_json (const VjErasePlan  *plan,
                          char              **ids,
                          char              **patterns)
{
  g_autoptr(JsonArray) id_array = json_array_new ();
  g_autoptr(JsonArray) pattern_array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < plan->people->len; i++)
    {
      VjErasePerson *p = g_ptr_array_index (plan->people, i);

      g_autofree char *single = g_strdup_printf ("'%s'", p->reference);
      g_autofree char *dbl = g_strdup_printf ("\"%s\"", p->reference);

      json_array_add_int_element (id_array, p->id);
      json_array_add_string_element (pattern_array, single);
      json_array_add_string_element (pattern_array, dbl);
    }
  json_node_set_array (node, id_array);
  *ids = json_to_string (node, FALSE);
  json_node_set_array (node, pattern_array);
  *patterns = json_to_string (node, FALSE);
}

gboolean
_vj_db_privacy_bind (sqlite3_stmt *stmt,
                     const char   *ids,
                     const char   *cutoff,
                     const char   *patterns)
{
  int n = sqlite3_bind_parameter_count (stmt);

  if (n >= 1)
    _vj_db_bind_text (stmt, 1, ids);
  if (n >= 2)
    _vj_db_bind_text (stmt, 2, cutoff);
  if (n >= 3)
    _vj_db_bind_text (stmt, 3, patterns);
  return TRUE;
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
