#define G_LOG_DOMAIN "vj-programme-list"

#include "config.h"

#include "vj-programme-list.h"

/* A GListModel of programmes backed by SQL: a worker computes the matching row ids (filtering
 * and sorting in SQL), the main thread swaps them in, and a row becomes a VjProgramme only when
 * a widget asks for it. A newer query cancels the one still running. */

#define CACHE_LIMIT 512

struct _VjProgrammeList
{
  GObject           parent_instance;

  VjDb             *db;
  GArray           *ids;       /* gint64 */
  GHashTable       *cache;     /* id → VjProgramme */
  VjProgrammeQuery *query;
  GCancellable     *cancellable;
  gboolean          loading;
  gboolean          capped;
  GHashTable       *category_counts;   /* code → count, or NULL when unknown */
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

G_DEFINE_FINAL_TYPE_WITH_CODE (VjProgrammeList, vj_programme_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VJ_TYPE_PROGRAMME;
}

static guint
get_n_items (GListModel *model)
{
  return VJ_PROGRAMME_LIST (model)->ids->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (model);
  g_autoptr(GError) error = NULL;
  VjProgramme *programme;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  programme = g_hash_table_lookup (self->cache, &id);
  if (programme != NULL)
    return g_object_ref (programme);

  programme = vj_db_load_programme (self->db, id, &error);
  if (programme == NULL)
    {
      g_warning ("Could not load programme %" G_GINT64_FORMAT ": %s", id, error->message);
      return NULL;
    }

  if (g_hash_table_size (self->cache) >= CACHE_LIMIT)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (programme));
  return programme;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_loading (VjProgrammeList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VjProgrammeList *self = source_object;
  GError *error = NULL;
  VjSearchResult *result = vj_db_search_programmes (self->db, task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) vj_search_result_free);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSearchResult) found = g_task_propagate_pointer (G_TASK (result), &error);
  guint removed;

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Search failed: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  removed = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&found->ids);
  self->capped = found->capped;
  g_clear_pointer (&self->category_counts, g_hash_table_unref);
  self->category_counts = g_steal_pointer (&found->category_counts);
  g_hash_table_remove_all (self->cache);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->ids->len);
  if (removed != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
vj_programme_list_dispose (GObject *object)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_programme_list_parent_class)->dispose (object);
}

static void
vj_programme_list_finalize (GObject *object)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->query, vj_programme_query_free);
  g_clear_pointer (&self->category_counts, g_hash_table_unref);

  G_OBJECT_CLASS (vj_programme_list_parent_class)->finalize (object);
}

static void
vj_programme_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, VJ_TYPE_PROGRAMME);
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
vj_programme_list_class_init (VjProgrammeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vj_programme_list_dispose;
  object_class->finalize = vj_programme_list_finalize;
  object_class->get_property = vj_programme_list_get_property;

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
vj_programme_list_init (VjProgrammeList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->query = vj_programme_query_new ();
}

VjProgrammeList *
vj_programme_list_new (VjDb *db)
{
  VjProgrammeList *self;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  self = g_object_new (VJ_TYPE_PROGRAMME_LIST, NULL);
  self->db = g_object_ref (db);
  return self;
}

/**
 * vj_programme_list_set_query:
 *
 * Starts a search in a worker; the rows change when it completes. A search still running is
 * cancelled (its SQL statement interrupted).
 */
void
vj_programme_list_set_query (VjProgrammeList        *self,
                             const VjProgrammeQuery *query)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VJ_IS_PROGRAMME_LIST (self));
  g_return_if_fail (query != NULL);

  if (self->query != query)
    {
      g_clear_pointer (&self->query, vj_programme_query_free);
      self->query = vj_programme_query_copy (query);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, search_done_cb, NULL);
  g_task_set_source_tag (task, vj_programme_list_set_query);
  g_task_set_task_data (task, vj_programme_query_copy (self->query),
                        (GDestroyNotify) vj_programme_query_free);
  g_task_run_in_thread (task, search_thread);
}

/* Runs the current query again, e.g. after an import. */
void
vj_programme_list_reload (VjProgrammeList *self)
{
  g_return_if_fail (VJ_IS_PROGRAMME_LIST (self));
  vj_programme_list_set_query (self, self->query);
}

gboolean
vj_programme_list_get_loading (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), FALSE);
  return self->loading;
}

/* The current results are the best matches of a broad search, not all of them. */
gboolean
vj_programme_list_get_capped (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), FALSE);
  return self->capped;
}

/**
 * vj_programme_list_get_category_count:
 * @code: a category code
 *
 * Returns: how many programmes of that category match the text and the other filters, or -1
 *   when not known (a broad search)
 */
int
vj_programme_list_get_category_count (VjProgrammeList *self,
                                      const char      *code)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), -1);

  if (self->category_counts == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->category_counts, code));
}

const VjProgrammeQuery *
vj_programme_list_get_query (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), NULL);
  return self->query;
}
