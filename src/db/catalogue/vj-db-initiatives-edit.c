#define G_LOG_DOMAIN "vj-db-initiatives-edit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-store.h"
#include "vj-text.h"

/* Editing initiatives. A record from a feed (the built-in catalogue above all) is never
 * changed: what differs from it goes to the overlay, which imports never touch, and resetting
 * to built-in deletes that. A record made in the app belongs to the local source, which no
 * feed names, and is changed in place. Every write runs on the writer thread. */

static const char * const columns[VJ_INITIATIVE_N_FIELDS] = {
  "title", "kind", "description", "period_start", "period_end", "owner", "source_url",
  "inferred",
};

typedef enum
{
  OP_SAVE,
  OP_DELETE,
  OP_RESET,
  OP_PURGE,
} Op;

typedef struct
{
  Op                op;
  gint64            id;
  gint64            parent_id;
  char             *external_id;  /* of a new initiative */
  gboolean          deleted;
  VjInitiativeEdit *edit;
  gint64           *saved_id;     /* where a save leaves the row id; the task owns it */
} Write;

static void
write_free (Write *w)
{
  g_free (w->external_id);
  g_clear_pointer (&w->edit, vj_initiative_edit_free);
  g_free (w);
}

/* ----- writing (on the writer thread) ----- */

static gboolean
step_sql (VjStoreConn *conn,
          const char  *sql,
          gint64       id,
          const char  *text1,
          const char  *text2,
          GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving an initiative"));
  vj_store_stmt_bind_int (stmt, 1, id);
  if (vj_store_stmt_get_n_params (stmt) >= 2)
    vj_store_stmt_bind_text (stmt, 2, text1);
  if (vj_store_stmt_get_n_params (stmt) >= 3)
    vj_store_stmt_bind_text (stmt, 3, text2);
  return vj_store_stmt_run (stmt, error);
}

/* The overlay row of one field: gone when the value is the feed's own, else set. */
static gboolean
set_overlay (VjStoreConn *conn,
             gint64       id,
             const char  *field,
             const char  *value,
             const char  *original,
             GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *updated_at = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  if (g_strcmp0 (value != NULL ? value : "", original != NULL ? original : "") == 0)
    return step_sql (conn, "DELETE FROM overlay WHERE entity = 'initiative' AND entity_id = ?1"
                           " AND field = ?2;", id, field, NULL, error);
  now = g_date_time_new_now_utc ();
  updated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  stmt = vj_store_prepare (conn,
                           "INSERT INTO overlay (entity, entity_id, field, value, updated_at)"
                           " VALUES ('initiative', ?1, ?2, ?3, ?4)"
                           " ON CONFLICT (entity, entity_id, field) DO UPDATE"
                           " SET value = excluded.value, updated_at = excluded.updated_at;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving an initiative"));
  vj_store_stmt_bind_int (stmt, 1, id);
  vj_store_stmt_bind_text (stmt, 2, field);
  vj_store_stmt_bind_text (stmt, 3, value != NULL ? value : "");
  vj_store_stmt_bind_text (stmt, 4, updated_at);
  return vj_store_stmt_run (stmt, error);
}

static const char * const link_tables[3][3] = {
  { "programmes", "initiative_programme", "programme_id" },
  { "institutions", "initiative_institution", "institution_id" },
  { "municipalities", "initiative_municipality", "municipality" },
};

static GArray *
edit_links (VjInitiativeEdit *edit,
            guint             k)
{
  return k == 0 ? edit->programmes : k == 1 ? edit->institutions : edit->municipalities;
}

static gboolean
save_overlay (VjStoreConn       *conn,
              gint64             id,
              VjInitiativeEdit  *edit,
              GError           **error)
{
  g_autoptr(GPtrArray) original = NULL;
  char **row;

  original = _vj_db_initiative_rows (conn, "SELECT title, kind, description, period_start, period_end,"
                              "  owner, source_url, inferred FROM initiative WHERE id = ?1;",
                        id, error);
  if (original == NULL)
    return FALSE;
  if (original->len == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The initiative is no longer in the catalogue."));
      return FALSE;
    }
  row = g_ptr_array_index (original, 0);
  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    if (!set_overlay (conn, id, columns[i], edit->fields[i], row[i], error))
      return FALSE;

  if (edit->goals != NULL)
    {
      g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (conn, "SELECT text, coalesce (target, '') FROM goal"
                                                   " WHERE initiative_id = ?1 ORDER BY position;",
                                             id, error);
      g_autofree char *was = rows != NULL ? _vj_initiative_rows_json (rows, 2) : NULL;
      g_autofree char *now = _vj_initiative_rows_json (edit->goals, 2);

      if (rows == NULL || !set_overlay (conn, id, "goals", now, was, error))
        return FALSE;
    }
  if (edit->actors != NULL)
    {
      g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (conn, "SELECT name, role, address, phone, email, url"
                                                   " FROM actor WHERE initiative_id = ?1"
                                                   " ORDER BY position;", id, error);
      g_autofree char *was = rows != NULL ? _vj_initiative_rows_json (rows, 6) : NULL;
      g_autofree char *now = _vj_initiative_rows_json (edit->actors, 6);

      if (rows == NULL || !set_overlay (conn, id, "actors", now, was, error))
        return FALSE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (link_tables); k++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autofree char *was = NULL;
      g_autofree char *now = NULL;

      if (edit_links (edit, k) == NULL)
        continue;
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE initiative_id = ?1;", link_tables[k][2],
                             link_tables[k][1]);
      if ((rows = _vj_db_initiative_rows (conn, sql, id, error)) == NULL)
        return FALSE;
      ids = _vj_initiative_rows_to_ids (rows);
      was = _vj_initiative_ids_json (ids);
      now = _vj_initiative_ids_json (edit_links (edit, k));
      if (!set_overlay (conn, id, link_tables[k][0], now, was, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
local_source (VjStoreConn  *conn,
              GError      **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  /* Translators: the source of initiatives made in the app, stored in the database */
  if (!step_sql (conn, "INSERT INTO source (feed_id, kind, location, format, title)"
                       " VALUES ('" VJ_LOCAL_INITIATIVES_FEED_ID "', 'file', 'local', 'vejviser-1', ?2)"
                       " ON CONFLICT (feed_id) DO NOTHING;",
                 0, _("Made in Vejviser"), NULL, error))
    return 0;
  rows = _vj_db_initiative_rows (conn, "SELECT id FROM source WHERE feed_id = '" VJ_LOCAL_INITIATIVES_FEED_ID "';",
                    0, error);
  return rows != NULL && rows->len > 0 ? g_ascii_strtoll (((char **) rows->pdata[0])[0], NULL, 10)
                                       : 0;
}

static gboolean
save_fields_in_place (VjStoreConn       *conn,
                      Write             *w,
                      GError           **error)
{
  VjInitiativeEdit *edit = w->edit;
  g_autofree char *sort_key = vj_text_sort_key (edit->fields[VJ_INITIATIVE_TITLE]);
  g_autofree char *now = _vj_db_now ();
  g_autoptr(VjStoreStmt) stmt = NULL;
  gint64 source = 0;

  if (w->id == 0 && (source = local_source (conn, error)) == 0)
    return FALSE;
  stmt = vj_store_prepare (conn, w->id == 0
    ? "INSERT INTO initiative (title, kind, description, period_start, period_end, owner,"
      "  source_url, inferred, sort_key, updated_at, source_id, external_id, parent_id, position,"
      "  content_hash)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
      "  (SELECT coalesce (max (position), 0) + 1 FROM initiative"
      "   WHERE parent_id IS NOT DISTINCT FROM CAST (?13 AS BIGINT)),"
      "  '') RETURNING id;"
    : "UPDATE initiative SET title = ?1, kind = ?2, description = ?3, period_start = ?4,"
      "  period_end = ?5, owner = ?6, source_url = ?7, inferred = ?8, sort_key = ?9,"
      "  updated_at = ?10 WHERE id = ?11;",
    error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving an initiative"));
  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    vj_store_stmt_bind_text (stmt, (int) i + 1, edit->fields[i]);
  vj_store_stmt_bind_text (stmt, 9, sort_key);
  vj_store_stmt_bind_text (stmt, 10, now);
  if (w->id != 0)
    {
      vj_store_stmt_bind_int (stmt, 11, w->id);
      return vj_store_stmt_run (stmt, error);
    }
  vj_store_stmt_bind_int (stmt, 11, source);
  vj_store_stmt_bind_text (stmt, 12, w->external_id);
  vj_store_stmt_bind_int_or_null (stmt, 13, w->parent_id);
  if (!vj_store_stmt_next (stmt))
    {
      vj_store_stmt_check (stmt, error);
      return FALSE;
    }
  w->id = vj_store_stmt_get_int (stmt, 0);
  return TRUE;
}

/* The rows as the overlay would hold them (_vj_initiative_rows_json ()), each inserted by
 * @sql: ?1 the initiative, ?2 its position from 1, then the row's texts, "" as NULL but for
 * the first */
static gboolean
insert_rows (VjStoreConn *conn,
             gint64       id,
             const char  *sql,
             GPtrArray   *rows,
             guint        width,
             GError     **error)
{
  g_autofree char *json = _vj_initiative_rows_json (rows, width);
  g_autoptr(GPtrArray) saved = _vj_initiative_json_rows (json, width);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving an initiative"));
  for (guint i = 0; i < saved->len; i++)
    {
      char **row = g_ptr_array_index (saved, i);

      vj_store_stmt_bind_int (stmt, 1, id);
      vj_store_stmt_bind_int (stmt, 2, (gint64) i + 1);
      for (guint k = 0; k < width; k++)
        vj_store_stmt_bind_text (stmt, (int) k + 3,
                                 k == 0 || row[k][0] != '\0' ? row[k] : NULL);
      if (!vj_store_stmt_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_in_place (VjStoreConn  *conn,
               Write        *w,
               GError      **error)
{
  VjInitiativeEdit *edit = w->edit;

  if (!save_fields_in_place (conn, w, error))
    return FALSE;
  if (edit->goals != NULL &&
      (!step_sql (conn, "DELETE FROM goal WHERE initiative_id = ?1;", w->id, NULL, NULL, error) ||
       !insert_rows (conn, w->id,
                     "INSERT INTO goal (initiative_id, position, text, target)"
                     " VALUES (?1, ?2, ?3, ?4);",
                     edit->goals, 2, error)))
    return FALSE;
  if (edit->actors != NULL &&
      (!step_sql (conn, "DELETE FROM actor WHERE initiative_id = ?1;", w->id, NULL, NULL, error) ||
       !insert_rows (conn, w->id,
                     "INSERT INTO actor (initiative_id, position, name, role, address, phone,"
                     "  email, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);",
                     edit->actors, 6, error)))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (link_tables); k++)
    {
      g_autofree char *delete_sql = NULL;
      g_autofree char *insert_sql = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autoptr(VjStoreStmt) stmt = NULL;

      if (edit_links (edit, k) == NULL)
        continue;
      delete_sql = g_strdup_printf ("DELETE FROM %s WHERE initiative_id = ?1;", link_tables[k][1]);
      insert_sql = g_strdup_printf ("INSERT INTO %s (initiative_id, %s) VALUES (?1, ?2)"
                                    " ON CONFLICT DO NOTHING;",
                                    link_tables[k][1], link_tables[k][2]);
      /* The ids as the overlay would hold them: sorted, each once */
      json = _vj_initiative_ids_json (edit_links (edit, k));
      ids = _vj_initiative_json_ids (json);
      if (!step_sql (conn, delete_sql, w->id, NULL, NULL, error))
        return FALSE;
      if ((stmt = vj_store_prepare (conn, insert_sql, error)) == NULL)
        return FALSE;
      vj_store_stmt_set_what (stmt, _("saving an initiative"));
      for (guint i = 0; i < ids->len; i++)
        {
          vj_store_stmt_bind_int (stmt, 1, w->id);
          vj_store_stmt_bind_int (stmt, 2, g_array_index (ids, gint64, i));
          if (!vj_store_stmt_run (stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
purge_deleted (VjStoreConn  *conn,
               GError      **error)
{
  /* Initiatives made in the app and deleted, with what was made under them */
  return vj_store_exec (conn,
    "CREATE TEMP TABLE IF NOT EXISTS purged_initiative (id INTEGER PRIMARY KEY);"
    "DELETE FROM purged_initiative;"
    "WITH RECURSIVE gone (id) AS ("
    "  SELECT i.id FROM initiative i JOIN source s ON s.id = i.source_id"
    "   WHERE s.feed_id = '" VJ_LOCAL_INITIATIVES_FEED_ID "' AND NOT " VJ_SQL_INITIATIVE_LIVE ("i")
    "  UNION SELECT c.id FROM initiative c JOIN gone g ON c.parent_id = g.id"
    "   JOIN source s ON s.id = c.source_id WHERE s.feed_id = '" VJ_LOCAL_INITIATIVES_FEED_ID "')"
    " INSERT INTO purged_initiative SELECT id FROM gone;"
    "UPDATE initiative SET parent_id = NULL WHERE id IN (SELECT id FROM purged_initiative);"
    "DELETE FROM initiative WHERE id IN (SELECT id FROM purged_initiative);"
    "DELETE FROM overlay WHERE entity = 'initiative'"
    "  AND entity_id IN (SELECT id FROM purged_initiative);",
    error);
}

static gboolean
write_initiative (VjStoreConn  *conn,
                  gpointer      data,
                  GError      **error)
{
  Write *w = data;

  switch (w->op)
    {
    case OP_SAVE:
      if (w->edit->fields[VJ_INITIATIVE_TITLE] == NULL)
        {
          g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                               _("An initiative needs a title."));
          return FALSE;
        }
      if (w->id == 0 || _vj_db_initiative_query_bool (conn, _vj_initiative_is_local_sql, w->id))
        {
          if (!save_in_place (conn, w, error))
            return FALSE;
        }
      else if (!save_overlay (conn, w->id, w->edit, error))
        return FALSE;
      *w->saved_id = w->id;
      return TRUE;
    case OP_DELETE:
      if (w->deleted)
        return set_overlay (conn, w->id, "deleted", "1", NULL, error);
      return step_sql (conn, "DELETE FROM overlay WHERE entity = 'initiative' AND entity_id = ?1"
                             " AND field = 'deleted';", w->id, NULL, NULL, error);
    case OP_RESET:
      return step_sql (conn, "DELETE FROM overlay WHERE entity = 'initiative' AND entity_id = ?1"
                             " AND field != 'deleted';", w->id, NULL, NULL, error);
    case OP_PURGE:
      return purge_deleted (conn, error);
    default:
      g_assert_not_reached ();
    }
}

/* ----- public writes ----- */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gint64 *saved_id = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_vj_db_write_finish (VJ_DB (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) *saved_id);
}

/**
 * vj_db_save_initiative_async:
 * @initiative_id: the initiative to change, or 0 for a new one
 * @parent_id: for a new one: the initiative it is a track, action plan or project of, or 0
 *
 * Saves @edit: in place for an initiative made in the app, in the overlay for one from a feed.
 */
void
vj_db_save_initiative_async (VjDb                   *self,
                             gint64                  initiative_id,
                             gint64                  parent_id,
                             const VjInitiativeEdit *edit,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Write *w;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (edit != NULL);

  w = g_new0 (Write, 1);
  w->op = OP_SAVE;
  w->id = initiative_id;
  w->parent_id = parent_id;
  w->edit = _vj_initiative_edit_copy (edit);
  if (initiative_id == 0)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      w->external_id = g_strconcat ("local-", uuid, NULL);
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_db_save_initiative_async);
  w->saved_id = g_new0 (gint64, 1);
  g_task_set_task_data (task, w->saved_id, g_free);
  _vj_db_write_async (self, write_initiative, w, (GDestroyNotify) write_free, cancellable,
                      saved_cb, g_steal_pointer (&task));
}

/**
 * vj_db_save_initiative_finish:
 *
 * Returns: the row id of the saved initiative, or 0 with @error set
 */
gint64
vj_db_save_initiative_finish (VjDb          *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

static void
queue (VjDb               *self,
       Op                  op,
       gint64              id,
       gboolean            deleted,
       GCancellable       *cancellable,
       GAsyncReadyCallback callback,
       gpointer            user_data)
{
  Write *w = g_new0 (Write, 1);

  w->op = op;
  w->id = id;
  w->deleted = deleted;
  _vj_db_write_async (self, write_initiative, w, (GDestroyNotify) write_free, cancellable,
                      callback, user_data);
}

/**
 * vj_db_delete_initiative_async:
 * @deleted: %TRUE to delete, %FALSE to undo a delete
 *
 * Hides the initiative and what lies under it. Until it is purged the delete can be undone.
 */
void
vj_db_delete_initiative_async (VjDb               *self,
                               gint64              initiative_id,
                               gboolean            deleted,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  queue (self, OP_DELETE, initiative_id, deleted, cancellable, callback, user_data);
}

gboolean
vj_db_delete_initiative_finish (VjDb          *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _vj_db_write_finish (self, result, error);
}

/**
 * vj_db_reset_initiative_async:
 *
 * Resets an initiative from a feed to what its feed says: removes every edit made in the app.
 */
void
vj_db_reset_initiative_async (VjDb               *self,
                              gint64              initiative_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  queue (self, OP_RESET, initiative_id, FALSE, cancellable, callback, user_data);
}

gboolean
vj_db_reset_initiative_finish (VjDb          *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _vj_db_write_finish (self, result, error);
}

/**
 * vj_db_purge_deleted_initiatives_async:
 *
 * Completes the deletes that can no longer be undone: initiatives made in the app are removed
 * for good (one from a feed stays hidden by its overlay, or its feed would bring it back).
 */
void
vj_db_purge_deleted_initiatives_async (VjDb               *self,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  queue (self, OP_PURGE, 0, FALSE, cancellable, callback, user_data);
}

gboolean
vj_db_purge_deleted_initiatives_finish (VjDb          *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return _vj_db_write_finish (self, result, error);
}
