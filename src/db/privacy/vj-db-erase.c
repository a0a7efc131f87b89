#define G_LOG_DOMAIN "vj-db-erase"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vj-db-privacy-private.h"

/* Carrying out an erase plan (vj-db-privacy.c reads it): on a connection of its own with
 * secure_delete on, in one transaction the sessions that involve only the erased people (with
 * their search rows), the people (and by cascade their shortlists, next steps and links), and
 * every draft that holds them; then the search index is optimized, the file vacuumed and the
 * WAL truncated. Each backup file is opened and treated the same way, or deleted when that
 * fails. */

static const char erase_sql[] =
  "CREATE TEMP TABLE erase_session (id INTEGER PRIMARY KEY);"
  "INSERT OR IGNORE INTO temp.erase_session " ERASED_SESSIONS ";"
  "DELETE FROM draft WHERE " ERASED_DRAFT ";"
  "DELETE FROM session_fts WHERE rowid IN (SELECT id FROM temp.erase_session);"
  "DELETE FROM session WHERE id IN (SELECT id FROM temp.erase_session);"
  "DELETE FROM person WHERE id IN (SELECT value FROM json_each (?1));"
  "INSERT INTO session_fts (session_fts) VALUES ('optimize');"
  "DROP TABLE temp.erase_session;";

static gboolean
exec_bound (sqlite3    *conn,
            const char *sql,
            const char *ids,
            const char *cutoff,
            const char *patterns)
{
  const char *tail = sql;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (conn, tail, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        return FALSE;
      if (stmt == NULL)
        break;
      _vj_db_privacy_bind (stmt, ids, cutoff, patterns);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return FALSE;
    }
  return TRUE;
}

/* Fold the WAL into the file and empty it; readers that hold it briefly are waited for */
static void
truncate_wal (sqlite3 *conn)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      int busy = 1;
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (conn, "PRAGMA wal_checkpoint(TRUNCATE);", -1, &stmt,
                              NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        busy = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (!busy)
        return;
      g_usleep (50000);
    }
}

static gboolean
erase_on (sqlite3    *conn,
          const char *ids,
          const char *cutoff,
          const char *patterns)
{
  if (sqlite3_exec (conn, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE;", NULL, NULL,
                    NULL) != SQLITE_OK)
    return FALSE;
  if (!exec_bound (conn, erase_sql, ids, cutoff, patterns) ||
      sqlite3_exec (conn, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  /* Nothing of theirs left in free pages, then nothing in the WAL */
  if (sqlite3_exec (conn, "VACUUM;", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  truncate_wal (conn);
  return TRUE;
}

static void
drop_file (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* A backup holds the same people under the same references; ids are looked up again */
static void
erase_in_backup (const char *path,
                 const char *patterns_refs,
                 const char *cutoff,
                 const char *patterns)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *ids = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
      sqlite3_exec (conn, "PRAGMA foreign_keys = ON;", NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (conn,
                          "SELECT json_group_array (id) FROM person"
                          " WHERE reference IN (SELECT value FROM json_each (?1));",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (conn, 5000);
      _vj_db_bind_text (stmt, 1, patterns_refs);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        ids = _vj_db_column_dup (stmt, 0);
      sqlite3_finalize (stmt);
      ok = ids != NULL && erase_on (conn, ids, cutoff, patterns);
    }
  sqlite3_close (conn);
  if (!ok)
    /* A backup that cannot be cleaned is not kept (it is not a migration's only copy: that one
     * is taken again at the next upgrade) */
    drop_file (path);
}

/**
 * vj_db_erase:
 * @plan: from vj_db_plan_erase_person () or vj_db_plan_purge ()
 *
 * Deletes what @plan lists from the database and every backup, leaving no trace in the search
 * index, free pages or the WAL. Blocks: run it in a worker (vj_db_erase_async ()) or the CLI.
 */
gboolean
vj_db_erase (VjDb              *self,
             const VjErasePlan *plan,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autofree char *ids = NULL;
  g_autofree char *patterns = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(JsonArray) refs = json_array_new ();
  g_autoptr(JsonNode) refs_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *refs_json = NULL;
  sqlite3 *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  _vj_db_privacy_plan_json (plan, &ids, &patterns);
  for (guint i = 0; i < plan->people->len; i++)
    {
      VjErasePerson *p = g_ptr_array_index (plan->people, i);

      json_array_add_string_element (refs, p->reference);
    }
  json_node_set_array (refs_node, refs);
  refs_json = json_to_string (refs_node, FALSE);

  conn = _vj_db_open_connection (vj_db_get_path (self), FALSE, error);
  if (conn == NULL)
    return FALSE;
  /* A purge is one of the changes a backup is taken before (vj-db-backup.c); the sessions it
   * deletes go from that backup too, below, as from every other */
  if (plan->cutoff != NULL)
    {
      g_autofree char *backup = _vj_db_backup_take (conn, "purge", error);

      if (backup == NULL)
        {
          sqlite3_close (conn);
          return FALSE;
        }
    }
  ok = erase_on (conn, ids, plan->cutoff, patterns);
  if (!ok)
    _vj_db_set_error (error, conn, sqlite3_errcode (conn), _("deleting personal data"));
  sqlite3_close (conn);
  if (!ok)
    return FALSE;

  backups = _vj_db_privacy_list_backups (self);
  for (guint i = 0; i < backups->len; i++)
    erase_in_backup (g_ptr_array_index (backups, i), refs_json, plan->cutoff, patterns);
  return TRUE;
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
