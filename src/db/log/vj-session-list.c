#define G_LOG_DOMAIN "vj-session-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-private.h"
#include "vj-db-sessions-private.h"
#include "vj-session-list.h"
#include "vj-store-notes.h"
#include "vj-store.h"

/* The session log as a GListModel of VjSession (a VjIdList), newest first: a worker finds the
 * matching rows (filters and the notes search in SQL) — the first page at once, then the rest. */

#define FIRST_PAGE  100
#define DENSE_MATCHES 2000

struct _VjSessionList
{
  VjIdList        parent_instance;

  VjSessionQuery *query;
};

G_DEFINE_FINAL_TYPE (VjSessionList, vj_session_list, VJ_TYPE_ID_LIST)

VjSessionQuery *
vj_session_query_new (void)
{
  return g_new0 (VjSessionQuery, 1);
}

VjSessionQuery *
vj_session_query_copy (const VjSessionQuery *query)
{
  VjSessionQuery *copy = g_memdup2 (query, sizeof *query);

  copy->text = g_strdup (query->text);
  copy->service = g_strdup (query->service);
  copy->form = g_strdup (query->form);
  copy->from = g_strdup (query->from);
  copy->to = g_strdup (query->to);
  return copy;
}

void
vj_session_query_free (VjSessionQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->service);
  g_free (query->form);
  g_free (query->from);
  g_free (query->to);
  g_free (query);
}

gboolean
vj_session_query_equal (const VjSessionQuery *a,
                        const VjSessionQuery *b)
{
  return g_strcmp0 (a->text, b->text) == 0 && a->person_id == b->person_id &&
         g_strcmp0 (a->service, b->service) == 0 && g_strcmp0 (a->form, b->form) == 0 &&
         a->municipality == b->municipality && g_strcmp0 (a->from, b->from) == 0 &&
         g_strcmp0 (a->to, b->to) == 0;
}

static void
interrupt_cb (GCancellable *cancellable,
              VjStoreConn  *conn)
{
  vj_store_interrupt (conn);
}

/* How many sessions' notes match: cheap, from the index alone */
static gint64
count_matches (VjDb       *db,
               const char *match)
{
  VjStoreConn *conn = _vj_db_acquire_reader (db, NULL);
  gint64 n;

  if (conn == NULL)
    return 0;
  n = vj_store_notes_count (conn, match);
  _vj_db_release_reader (db, conn);
  return n;
}

/* Appends @before, a placeholder numbered after those already in @sql (counted in @n), and
 * @after; returns the placeholder's number */
static int
append_bound (GString    *sql,
              int        *n,
              const char *before,
              const char *after)
{
  *n += 1;
  g_string_append_printf (sql, "%s?%d%s", before, *n, after);
  return *n;
}

/* Runs @sql, binding each value at its placeholder (@at, as in vj_db_list_session_ids ()) */
static gboolean
read_ids (VjStoreConn          *conn,
          const char           *sql,
          GArray               *ids,
          const int            *at,
          const VjSessionQuery *query,
          const char           *match,
          const char           *to,
          guint                 limit,
          GError              **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("searching the guidance log"));
  if (at[0] > 0)
    vj_store_stmt_bind_int (stmt, at[0], query->person_id);
  if (at[1] > 0)
    vj_store_stmt_bind_text (stmt, at[1], match);
  if (at[2] > 0)
    vj_store_stmt_bind_text (stmt, at[2], query->service);
  if (at[3] > 0)
    vj_store_stmt_bind_text (stmt, at[3], query->form);
  if (at[4] > 0)
    vj_store_stmt_bind_int (stmt, at[4], query->municipality);
  if (at[5] > 0)
    vj_store_stmt_bind_text (stmt, at[5], query->from);
  if (at[6] > 0)
    vj_store_stmt_bind_text (stmt, at[6], to);
  if (at[7] > 0)
    vj_store_stmt_bind_int (stmt, at[7], limit);
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);

      g_array_append_val (ids, id);
    }
  return vj_store_stmt_check (stmt, error);
}

/**
 * vj_db_list_session_ids:
 * @limit: at most this many; 0 for all
 *
 * Returns: (transfer full): the ids (gint64) of the sessions matching @query, newest first
 */
GArray *
vj_db_list_session_ids (VjDb                 *db,
                        const VjSessionQuery *query,
                        guint                 limit,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = vj_store_notes_query (query->text);
  g_autofree char *to = query->to != NULL ? g_strconcat (query->to, "T99", NULL) : NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT s.id FROM session s WHERE 1 = 1");
  int n = 0;
  int at[8] = { 0 };  /* the placeholder of each value; 0: not in the query */
  VjStoreConn *conn;
  gulong handler = 0;
  gboolean ok;

  /* Fixed fragments only; every value is bound */
  if (query->person_id != 0)
    at[0] = append_bound (sql, &n, " AND s.id IN (SELECT session_id FROM session_person"
                                   " WHERE person_id = ", ")");
  if (match != NULL)
    {
      /* Many matches: walk the sessions newest first and stop at the page */
      gboolean dense = limit > 0 && count_matches (db, match) > DENSE_MATCHES;
      g_autofree char *filter = vj_store_notes_filter ("s.id", ++n, dense);

      g_string_append_printf (sql, " AND %s", filter);
      at[1] = n;
    }
  if (query->service != NULL)
    at[2] = append_bound (sql, &n, " AND s.service = ", "");
  if (query->form != NULL)
    at[3] = append_bound (sql, &n, " AND s.form = ", "");
  if (query->municipality != 0)
    at[4] = append_bound (sql, &n, " AND s.municipality = ", "");
  if (query->from != NULL)
    at[5] = append_bound (sql, &n, " AND s.started_at >= ", "");
  if (to != NULL)
    at[6] = append_bound (sql, &n, " AND s.started_at < ", "");
  g_string_append (sql, " ORDER BY s.started_at DESC, s.id DESC");
  if (limit > 0)
    at[7] = append_bound (sql, &n, " LIMIT ", "");

  conn = _vj_db_acquire_reader (db, error);
  if (conn == NULL)
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), conn, NULL);
  ok = read_ids (conn, sql->str, ids, at, query, match, to, limit, error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  _vj_db_release_reader (db, conn);
  return ok ? g_steal_pointer (&ids) : NULL;
}

/* In a worker: the sessions of a page of rows, each with its people, topics and programmes */
static GPtrArray *
load_items (VjDb         *db,
            const gint64 *ids,
            guint         n,
            GCancellable *cancellable)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      VjSessionRecord *record;

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      record = vj_db_load_session (db, ids[i], NULL);
      if (record == NULL)
        {
          /* Deleted since the ids were read: an empty row until the list reloads */
          record = vj_session_record_new ();
          record->id = ids[i];
        }
      g_ptr_array_add (items, vj_session_new_take (record));
    }
  return g_steal_pointer (&items);
}

/* A row until its page is read: its id and nothing else */
static gpointer
placeholder (VjIdList *list,
             gint64    id)
{
  VjSessionRecord *record = vj_session_record_new ();

  record->id = id;
  return vj_session_new_take (record);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VjDb *db = vj_id_list_get_db (source_object);
  GError *error = NULL;
  guint limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "limit"));
  GArray *ids = vj_db_list_session_ids (db, task_data, limit, cancellable, &error);

  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A first answer (the rest follows with limit 0): its first rows' sessions with it, so that
   * they show at once */
  if (limit != 0)
    g_object_set_data_full (G_OBJECT (task), "first",
                            load_items (db, (const gint64 *) ids->data,
                                        MIN (ids->len, VJ_ID_LIST_PAGE), cancellable),
                            (GDestroyNotify) g_ptr_array_unref);
  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void start_query (VjSessionList *self, guint limit);

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VjSessionList *self = VJ_SESSION_LIST (object);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_task_propagate_pointer (G_TASK (result), &error);
  guint limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "limit"));
  gboolean more;

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_CANCELLED))
        vj_id_list_failed (VJ_ID_LIST (self), error);
      return;
    }

  /* A full first page: the rest follows, and only the tail will change */
  more = limit != 0 && ids->len == limit;
  vj_id_list_set_ids_with_items (VJ_ID_LIST (self), ids,
                                 g_object_get_data (G_OBJECT (result), "first"), limit == 0,
                                 more);
  if (more)
    start_query (self, 0);
}

static void
start_query (VjSessionList *self,
             guint          limit)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, vj_id_list_restart (VJ_ID_LIST (self)), list_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_object_set_data (G_OBJECT (task), "limit", GUINT_TO_POINTER (limit));
  g_task_set_task_data (task, vj_session_query_copy (self->query),
                        (GDestroyNotify) vj_session_query_free);
  g_task_run_in_thread (task, list_thread);
}

static void
vj_session_list_finalize (GObject *object)
{
  VjSessionList *self = VJ_SESSION_LIST (object);

  g_clear_pointer (&self->query, vj_session_query_free);

  G_OBJECT_CLASS (vj_session_list_parent_class)->finalize (object);
}

static void
vj_session_list_class_init (VjSessionListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_session_list_finalize;
  VJ_ID_LIST_CLASS (klass)->load_items = load_items;
  VJ_ID_LIST_CLASS (klass)->placeholder = placeholder;
}

static void
vj_session_list_init (VjSessionList *self)
{
  self->query = vj_session_query_new ();
}

VjSessionList *
vj_session_list_new (VjDb *db)
{
  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  return g_object_new (VJ_TYPE_SESSION_LIST, "db", db, "item-type", VJ_TYPE_SESSION, NULL);
}

/* Starts the query in a worker; the rows change when its first page is read. */
void
vj_session_list_set_query (VjSessionList        *self,
                           const VjSessionQuery *query)
{
  g_return_if_fail (VJ_IS_SESSION_LIST (self));
  g_return_if_fail (query != NULL);

  if (self->query != query)
    {
      g_clear_pointer (&self->query, vj_session_query_free);
      self->query = vj_session_query_copy (query);
    }
  start_query (self, FIRST_PAGE);
}

const VjSessionQuery *
vj_session_list_get_query (VjSessionList *self)
{
  g_return_val_if_fail (VJ_IS_SESSION_LIST (self), NULL);
  return self->query;
}

/* Reads the rows again, e.g. after a save or a delete. */
void
vj_session_list_reload (VjSessionList *self)
{
  g_return_if_fail (VJ_IS_SESSION_LIST (self));
  vj_id_list_forget_items (VJ_ID_LIST (self));
  vj_session_list_set_query (self, self->query);
}

gboolean
vj_session_list_get_loading (VjSessionList *self)
{
  g_return_val_if_fail (VJ_IS_SESSION_LIST (self), FALSE);
  return vj_id_list_get_loading (VJ_ID_LIST (self));
}
