#define G_LOG_DOMAIN "vj-session-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-private.h"
#include "vj-db-sessions-private.h"
#include "vj-session-list.h"
#include "vj-text.h"

/* The session log as a GListModel backed by SQL, newest first: a worker computes the matching
 * row ids (filters and the notes search in SQL) — the first page at once, then the rest — the
 * main thread swaps them in, and a row is read only when a widget asks for it. */

#define FIRST_PAGE  100
#define CACHE_LIMIT 256
#define DENSE_MATCHES 2000

struct _VjSessionList
{
  GObject         parent_instance;

  VjDb           *db;
  GArray         *ids;       /* gint64 */
  GHashTable     *cache;     /* id → VjSession */
  VjSessionQuery *query;
  GCancellable   *cancellable;
  gboolean        loading;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VjSessionList, vj_session_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

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
              sqlite3      *conn)
{
  sqlite3_interrupt (conn);
}

/* How many sessions' notes match: cheap, from the index alone */
static gint64
count_matches (VjDb       *db,
               const char *match)
{
  sqlite3 *conn = _vj_db_acquire_reader (db, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  if (conn == NULL)
    return 0;
  if (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM session_fts WHERE session_fts MATCH ?1;",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, match);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  _vj_db_release_reader (db, conn);
  return n;
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
  g_autofree char *match = query->text != NULL ? vj_text_fts_query (query->text) : NULL;
  g_autofree char *to = query->to != NULL ? g_strconcat (query->to, "T99", NULL) : NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT s.id FROM session s WHERE 1");
  sqlite3_stmt *stmt = NULL;
  sqlite3 *conn;
  gulong handler = 0;
  gboolean ok;
  int rc = SQLITE_DONE;

  /* Fixed fragments only; every value is bound */
  if (query->person_id != 0)
    g_string_append (sql, " AND s.id IN (SELECT session_id FROM session_person"
                     " WHERE person_id = :person)");
  if (match != NULL && limit > 0 && count_matches (db, match) > DENSE_MATCHES)
    /* Many matches: walk the sessions newest first and stop at the page (the + keeps
     * SQLite from starting at the search and sorting all of its matches) */
    g_string_append (sql, " AND +s.id IN (SELECT rowid FROM session_fts"
                     " WHERE session_fts MATCH :match)");
  else if (match != NULL)
    g_string_append (sql, " AND s.id IN (SELECT rowid FROM session_fts"
                     " WHERE session_fts MATCH :match)");
  if (query->service != NULL)
    g_string_append (sql, " AND s.service = :service");
  if (query->form != NULL)
    g_string_append (sql, " AND s.form = :form");
  if (query->municipality != 0)
    g_string_append (sql, " AND s.municipality = :municipality");
  if (query->from != NULL)
    g_string_append (sql, " AND s.started_at >= :from");
  if (to != NULL)
    g_string_append (sql, " AND s.started_at < :to");
  g_string_append (sql, " ORDER BY s.started_at DESC, s.id DESC");
  if (limit > 0)
    g_string_append (sql, " LIMIT :limit");

  conn = _vj_db_acquire_reader (db, error);
  if (conn == NULL)
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), conn, NULL);
  ok = _vj_db_prepare (conn, sql->str, &stmt, error);
  if (ok)
    {
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":person"), query->person_id);
      _vj_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":match"), match);
      _vj_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":service"), query->service);
      _vj_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":form"), query->form);
      sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":municipality"),
                        query->municipality);
      _vj_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":from"), query->from);
      _vj_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":to"), to);
      sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), (int) limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        ok = _vj_db_set_error (error, conn, rc, _("searching the guidance log"));
    }
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  _vj_db_release_reader (db, conn);
  return ok ? g_steal_pointer (&ids) : NULL;
}

static GType
get_item_type (GListModel *model)
{
  return VJ_TYPE_SESSION;
}

static guint
get_n_items (GListModel *model)
{
  return VJ_SESSION_LIST (model)->ids->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VjSessionList *self = VJ_SESSION_LIST (model);
  g_autoptr(GError) error = NULL;
  VjSessionRecord *record;
  VjSession *session;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  session = g_hash_table_lookup (self->cache, &id);
  if (session != NULL)
    return g_object_ref (session);

  record = vj_db_load_session (self->db, id, &error);
  if (record == NULL)
    {
      /* Deleted since the ids were read: an empty row until the list reloads */
      record = vj_session_record_new ();
      record->id = id;
    }
  session = vj_session_new_take (record);
  if (g_hash_table_size (self->cache) >= CACHE_LIMIT)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (session));
  return session;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_loading (VjSessionList *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VjSessionList *self = source_object;
  GError *error = NULL;
  guint limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "limit"));
  GArray *ids = vj_db_list_session_ids (self->db, task_data, limit, cancellable, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
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
  g_autoptr(GArray) ids = g_task_propagate_pointer (G_TASK (result), &error);
  guint limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "limit"));
  guint old = self->ids->len;
  gboolean first_page_same;

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_CANCELLED))
        {
          g_warning ("Listing sessions failed: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  /* The rest after the first page: only the tail changes, so the view keeps its place */
  first_page_same = limit == 0 && old == FIRST_PAGE && ids->len >= old &&
                    memcmp (ids->data, self->ids->data, old * sizeof (gint64)) == 0;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_clear_object (&self->cancellable);

  if (first_page_same)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->ids->len - old);
  else
    {
      g_hash_table_remove_all (self->cache);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->ids->len);
    }
  if (old != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (limit != 0 && self->ids->len == limit)
    start_query (self, 0);
  else
    set_loading (self, FALSE);
}

static void
start_query (VjSessionList *self,
             guint          limit)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, list_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_object_set_data (G_OBJECT (task), "limit", GUINT_TO_POINTER (limit));
  g_task_set_task_data (task, vj_session_query_copy (self->query),
                        (GDestroyNotify) vj_session_query_free);
  g_task_run_in_thread (task, list_thread);
}

static void
vj_session_list_dispose (GObject *object)
{
  VjSessionList *self = VJ_SESSION_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_session_list_parent_class)->dispose (object);
}

static void
vj_session_list_finalize (GObject *object)
{
  VjSessionList *self = VJ_SESSION_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->query, vj_session_query_free);

  G_OBJECT_CLASS (vj_session_list_parent_class)->finalize (object);
}

static void
vj_session_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VjSessionList *self = VJ_SESSION_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, VJ_TYPE_SESSION);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_session_list_class_init (VjSessionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vj_session_list_dispose;
  object_class->finalize = vj_session_list_finalize;
  object_class->get_property = vj_session_list_get_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vj_session_list_init (VjSessionList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->query = vj_session_query_new ();
}

VjSessionList *
vj_session_list_new (VjDb *db)
{
  VjSessionList *self;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  self = g_object_new (VJ_TYPE_SESSION_LIST, NULL);
  self->db = g_object_ref (db);
  return self;
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
  g_hash_table_remove_all (self->cache);
  vj_session_list_set_query (self, self->query);
}

gboolean
vj_session_list_get_loading (VjSessionList *self)
{
  g_return_val_if_fail (VJ_IS_SESSION_LIST (self), FALSE);
  return self->loading;
}
