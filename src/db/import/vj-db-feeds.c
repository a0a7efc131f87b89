#define G_LOG_DOMAIN "vj-db-feeds"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vj-db-feeds.h"
#include "vj-db-private.h"
#include "vj-store.h"

/* Saved feed subscriptions and the history of import runs. The last result of a feed is the
 * newest run recorded for its address. */

void
vj_feed_free (VjFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->name);
  g_free (feed->url);
  g_free (feed->last_status);
  g_free (feed->last_finished_at);
  g_free (feed->last_error);
  g_free (feed);
}

void
vj_import_run_free (VjImportRun *run)
{
  if (run == NULL)
    return;
  g_free (run->location);
  g_free (run->source_title);
  g_free (run->format);
  g_free (run->started_at);
  g_free (run->status);
  g_free (run->error);
  g_free (run);
}

static const char feed_select[] =
  "SELECT f.id, f.name, f.url, r.status, r.finished_at, r.error, r.added, r.updated,"
  "  r.unchanged, r.withdrawn, r.rejected"
  " FROM feed f LEFT JOIN import_run r ON r.id ="
  "  (SELECT max (id) FROM import_run WHERE location = f.url AND status <> 'running')";

static VjFeed *
feed_from_row (VjStoreStmt *stmt)
{
  VjFeed *feed = g_new0 (VjFeed, 1);

  feed->id = vj_store_stmt_get_int (stmt, 0);
  feed->name = vj_store_stmt_dup_text (stmt, 1);
  feed->url = vj_store_stmt_dup_text (stmt, 2);
  feed->last_status = vj_store_stmt_dup_text (stmt, 3);
  feed->last_finished_at = vj_store_stmt_dup_text (stmt, 4);
  feed->last_error = vj_store_stmt_dup_text (stmt, 5);
  feed->last_added = (guint) vj_store_stmt_get_int (stmt, 6);
  feed->last_updated = (guint) vj_store_stmt_get_int (stmt, 7);
  feed->last_unchanged = (guint) vj_store_stmt_get_int (stmt, 8);
  feed->last_withdrawn = (guint) vj_store_stmt_get_int (stmt, 9);
  feed->last_rejected = (guint) vj_store_stmt_get_int (stmt, 10);
  return feed;
}

static GPtrArray *
read_feeds (VjStoreConn *conn,
            const char  *name,
            GError     **error)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_feed_free);
  g_autofree char *sql = g_strconcat (feed_select,
                                      name != NULL ? " WHERE f.name = ?1" : "",
                                      " ORDER BY f.name;", NULL);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the feeds"));
  if (name != NULL)
    vj_store_stmt_bind_text (stmt, 1, name);
  while (vj_store_stmt_next (stmt))
    g_ptr_array_add (feeds, feed_from_row (stmt));
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&feeds);
}

static GPtrArray *
query_feeds (VjDb       *self,
             const char *name,
             GError    **error)
{
  VjStoreConn *conn = _vj_db_acquire_reader (self, error);
  GPtrArray *feeds;

  if (conn == NULL)
    return NULL;
  feeds = read_feeds (conn, name, error);
  _vj_db_release_reader (self, conn);
  return feeds;
}

/**
 * vj_db_list_feeds:
 *
 * Returns: (transfer full) (element-type VjFeed): the saved feeds by name, with their last
 *   result
 */
GPtrArray *
vj_db_list_feeds (VjDb    *self,
                  GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return query_feeds (self, NULL, error);
}

/**
 * vj_db_lookup_feed:
 *
 * Returns: (transfer full): the feed, or %NULL with VJ_DB_ERROR_NOT_FOUND
 */
VjFeed *
vj_db_lookup_feed (VjDb       *self,
                   const char *name,
                   GError    **error)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  feeds = query_feeds (self, name, error);
  if (feeds == NULL)
    return NULL;
  if (feeds->len == 0)
    {
      /* Translators: %s is the name of a saved feed */
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND, _("There is no feed named “%s”."),
                   name);
      return NULL;
    }
  return g_ptr_array_steal_index (feeds, 0);
}

typedef struct
{
  char *name;
  char *url;
} FeedData;

static void
feed_data_free (FeedData *data)
{
  g_free (data->name);
  g_free (data->url);
  g_free (data);
}

static gboolean
write_add_feed (VjStoreConn  *conn,
                gpointer      user_data,
                GError      **error)
{
  FeedData *data = user_data;
  g_autofree char *now = _vj_db_now ();
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           "INSERT INTO feed (name, url, created_at) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT DO NOTHING RETURNING id;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the feed"));
  vj_store_stmt_bind_text (stmt, 1, data->name);
  vj_store_stmt_bind_text (stmt, 2, data->url);
  vj_store_stmt_bind_text (stmt, 3, now);
  if (vj_store_stmt_next (stmt))
    return TRUE;
  if (!vj_store_stmt_check (stmt, error))
    return FALSE;
  /* Nothing inserted: the name is taken */
  g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
               _("A feed named “%s” already exists."), data->name);
  return FALSE;
}

static gboolean
write_remove_feed (VjStoreConn  *conn,
                   gpointer      user_data,
                   GError      **error)
{
  FeedData *data = user_data;
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn, "DELETE FROM feed WHERE name = ?1 RETURNING id;", error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("removing the feed"));
  vj_store_stmt_bind_text (stmt, 1, data->name);
  if (vj_store_stmt_next (stmt))
    return vj_store_stmt_run (stmt, error);
  if (!vj_store_stmt_check (stmt, error))
    return FALSE;
  g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND, _("There is no feed named “%s”."),
               data->name);
  return FALSE;
}

static FeedData *
feed_data_new (const char *name,
               const char *url)
{
  FeedData *data = g_new0 (FeedData, 1);

  data->name = g_strdup (name);
  data->url = g_strdup (url);
  return data;
}

static gboolean
check_feed (const char *name,
            const char *url,
            GError    **error)
{
  if (name == NULL || g_utf8_strlen (name, -1) == 0 || g_utf8_strlen (name, -1) > 100)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                           _("A feed needs a name of 1 to 100 characters."));
      return FALSE;
    }
  if (url != NULL && !g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                   _("“%s” is not a web address (http:// or https://)."), url);
      return FALSE;
    }
  return TRUE;
}

gboolean
vj_db_add_feed (VjDb       *self,
                const char *name,
                const char *url,
                GError    **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  if (!check_feed (name, url, error))
    return FALSE;
  return _vj_db_write_sync (self, write_add_feed, feed_data_new (name, url),
                            (GDestroyNotify) feed_data_free, error);
}

gboolean
vj_db_remove_feed (VjDb       *self,
                   const char *name,
                   GError    **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  return _vj_db_write_sync (self, write_remove_feed, feed_data_new (name, NULL),
                            (GDestroyNotify) feed_data_free, error);
}

void
vj_db_add_feed_async (VjDb               *self,
                      const char         *name,
                      const char         *url,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GError *error = NULL;

  g_return_if_fail (VJ_IS_DB (self));

  if (!check_feed (name, url, &error))
    {
      g_task_report_error (self, callback, user_data, vj_db_add_feed_async, error);
      return;
    }
  _vj_db_write_async (self, write_add_feed, feed_data_new (name, url),
                      (GDestroyNotify) feed_data_free, cancellable, callback, user_data);
}

void
vj_db_remove_feed_async (VjDb               *self,
                         const char         *name,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_write_async (self, write_remove_feed, feed_data_new (name, NULL),
                      (GDestroyNotify) feed_data_free, cancellable, callback, user_data);
}

gboolean
vj_db_feed_write_finish (VjDb         *self,
                         GAsyncResult *result,
                         GError      **error)
{
  if (g_async_result_is_tagged (result, vj_db_add_feed_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return _vj_db_write_finish (self, result, error);
}

/* The version a run's report ({"version": N}) says it made, 0 when none */
static gint64
report_version (const char *report)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (report == NULL || report[0] == '\0')
    return 0;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, report, -1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (root), "version", 0);
}

/**
 * vj_db_list_import_runs:
 * @limit: the most runs to return, newest first
 *
 * Returns: (transfer full) (element-type VjImportRun): the history of imports
 */
static GPtrArray *
list_import_runs (VjStoreConn  *conn,
                  guint         limit,
                  GError      **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_import_run_free);
  gboolean ok;

  {
    g_autoptr(VjStoreStmt) stmt = NULL;

    stmt = vj_store_prepare (conn,
                             "SELECT r.id, r.location, s.title, r.format, r.started_at, r.status,"
                             "  r.error, coalesce (r.error_line, 0), r.added, r.updated, r.unchanged,"
                             "  r.withdrawn, r.rejected, r.report"
                             " FROM import_run r LEFT JOIN source s ON s.id = r.source_id"
                             " ORDER BY r.id DESC LIMIT ?1;",
                             error);
    ok = stmt != NULL;
    if (ok)
      {
        vj_store_stmt_set_what (stmt, _("reading the import history"));
        vj_store_stmt_bind_int (stmt, 1, limit);
        while (vj_store_stmt_next (stmt))
          {
            VjImportRun *run = g_new0 (VjImportRun, 1);

            run->id = vj_store_stmt_get_int (stmt, 0);
            run->location = vj_store_stmt_dup_text (stmt, 1);
            run->source_title = vj_store_stmt_dup_text (stmt, 2);
            run->format = vj_store_stmt_dup_text (stmt, 3);
            run->started_at = vj_store_stmt_dup_text (stmt, 4);
            run->status = vj_store_stmt_dup_text (stmt, 5);
            run->error = vj_store_stmt_dup_text (stmt, 6);
            run->error_line = (guint) vj_store_stmt_get_int (stmt, 7);
            run->added = (guint) vj_store_stmt_get_int (stmt, 8);
            run->updated = (guint) vj_store_stmt_get_int (stmt, 9);
            run->unchanged = (guint) vj_store_stmt_get_int (stmt, 10);
            run->withdrawn = (guint) vj_store_stmt_get_int (stmt, 11);
            run->rejected = (guint) vj_store_stmt_get_int (stmt, 12);
            run->version = report_version (vj_store_stmt_get_text (stmt, 13));
            g_ptr_array_add (runs, run);
          }
        ok = vj_store_stmt_check (stmt, error);
      }
  }
  return ok ? g_steal_pointer (&runs) : NULL;
}

GPtrArray *
vj_db_list_import_runs (VjDb    *self,
                        guint    limit,
                        GError **error)
{
  GPtrArray *runs;
  VjStoreConn *conn;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  runs = list_import_runs (conn, limit, error);
  _vj_db_release_reader (self, conn);
  return runs;
}

static gpointer
list_import_runs_read (VjStoreConn  *conn,
                       gpointer      data,
                       GError      **error)
{
  return list_import_runs (conn, GPOINTER_TO_UINT (data), error);
}

/**
 * vj_db_list_import_runs_async:
 *
 * Reads as vj_db_list_import_runs() does, in a worker.
 */
void
vj_db_list_import_runs_async (VjDb               *self,
                              guint               limit,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_read_async (self, list_import_runs_read, GUINT_TO_POINTER (limit), NULL,
                     (GDestroyNotify) g_ptr_array_unref, vj_db_list_import_runs_async,
                     cancellable, callback, user_data);
}

/**
 * vj_db_list_import_runs_finish:
 *
 * Returns: (transfer full) (element-type VjImportRun): the history of imports, or %NULL with
 *   @error set
 */
GPtrArray *
vj_db_list_import_runs_finish (VjDb          *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _vj_db_read_finish (self, result, vj_db_list_import_runs_async, error);
}

/**
 * vj_db_get_source_validators:
 * @location: a feed's address
 * @etag: (out) (nullable): the ETag of its last import
 * @last_modified: (out) (nullable): its Last-Modified
 *
 * Returns: %TRUE when the address was imported before
 */
gboolean
vj_db_get_source_validators (VjDb       *self,
                             const char *location,
                             char      **etag,
                             char      **last_modified)
{
  VjStoreConn *conn;
  gboolean found = FALSE;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  *etag = NULL;
  *last_modified = NULL;
  conn = _vj_db_acquire_reader (self, NULL);
  if (conn == NULL)
    return FALSE;
  {
    g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn,
                                                    "SELECT etag, last_modified FROM source"
                                                    " WHERE location = ?1"
                                                    " ORDER BY last_import_at DESC LIMIT 1;",
                                                    NULL);

    if (stmt != NULL)
      {
        vj_store_stmt_bind_text (stmt, 1, location);
        if (vj_store_stmt_next (stmt))
          {
            *etag = vj_store_stmt_dup_text (stmt, 0);
            *last_modified = vj_store_stmt_dup_text (stmt, 1);
            found = TRUE;
          }
      }
  }
  _vj_db_release_reader (self, conn);
  return found;
}

/**
 * vj_db_get_source_origin:
 * @feed_id: a source's own id ("public:kot")
 * @kind: (out) (nullable): how it was last imported: "builtin", "file" or "url"
 * @etag: (out) (nullable): that import's validator (a built-in table's checksum)
 *
 * Returns: %TRUE when the source was imported before
 */
gboolean
vj_db_get_source_origin (VjDb       *self,
                         const char *feed_id,
                         char      **kind,
                         char      **etag)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  VjStoreConn *conn;
  gboolean found = FALSE;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  *kind = NULL;
  *etag = NULL;
  conn = _vj_db_acquire_reader (self, NULL);
  if (conn == NULL)
    return FALSE;
  stmt = vj_store_prepare (conn, "SELECT kind, etag FROM source WHERE feed_id = ?1;", NULL);
  if (stmt != NULL)
    {
      vj_store_stmt_bind_text (stmt, 1, feed_id);
      if (vj_store_stmt_next (stmt))
        {
          *kind = vj_store_stmt_dup_text (stmt, 0);
          *etag = vj_store_stmt_dup_text (stmt, 1);
          found = TRUE;
        }
      g_clear_pointer (&stmt, vj_store_stmt_free);
    }
  _vj_db_release_reader (self, conn);
  return found;
}
