#define G_LOG_DOMAIN "vj-id-list"

#include "config.h"

#include <string.h>

#include "vj-id-list.h"

#define CACHE_LIMIT 512

typedef struct
{
  VjDb         *db;
  GType         item_type;
  GArray       *ids;          /* gint64 */
  GHashTable   *cache;        /* id → item */
  GCancellable *cancellable;  /* the query running, if any */
  GCancellable *pages_cancellable;  /* the pages being read, for these ids */
  GHashTable   *pages;        /* the pages being read: page number → TRUE */
  gboolean      loading;
} VjIdListPrivate;

enum {
  PROP_0,
  PROP_DB,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (VjIdList, vj_id_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (VjIdList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                         list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (model));

  return priv->item_type;
}

static guint
get_n_items (GListModel *model)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (model));

  return priv->ids->len;
}

typedef struct
{
  GArray *ids;    /* the page's row ids */
  guint   page;
} PageRead;

static void
page_read_free (PageRead *read)
{
  g_array_unref (read->ids);
  g_free (read);
}

static void
page_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (source_object);
  PageRead *read = task_data;
  GPtrArray *items;

  items = VJ_ID_LIST_GET_CLASS (source_object)->load_items (priv->db,
                                                            (const gint64 *) read->ids->data,
                                                            read->ids->len, cancellable);
  if (items == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "page not read");
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
page_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VjIdList *self = VJ_ID_LIST (object);
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);
  PageRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), NULL);
  guint start = read->page * VJ_ID_LIST_PAGE;
  guint n;

  /* Cancelled: the ids changed since, and the pages with them */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_hash_table_remove (priv->pages, GUINT_TO_POINTER (read->page + 1));
  if (items == NULL || start >= priv->ids->len)
    return;
  n = MIN (items->len, priv->ids->len - start);
  if (g_hash_table_size (priv->cache) + n > CACHE_LIMIT)
    g_hash_table_remove_all (priv->cache);
  for (guint i = 0; i < n; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      if (item == NULL)
        item = VJ_ID_LIST_GET_CLASS (self)->placeholder (self, g_array_index (read->ids, gint64, i));
      else
        g_object_ref (item);
      if (VJ_ID_LIST_GET_CLASS (self)->loaded != NULL)
        VJ_ID_LIST_GET_CLASS (self)->loaded (self, item);
      g_hash_table_insert (priv->cache, g_memdup2 (&g_array_index (read->ids, gint64, i),
                                                   sizeof (gint64)),
                           item);
    }
  /* Rows added to the page since it was asked for (the rest of a first answer) are asked
   * for again */
  n = MIN (priv->ids->len - start, VJ_ID_LIST_PAGE);
  g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
}

/* Reads the rows of @page in a worker, unless that is under way */
static void
read_page (VjIdList *self,
           guint     page)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  guint start = page * VJ_ID_LIST_PAGE;
  PageRead *read;

  if (g_hash_table_contains (priv->pages, GUINT_TO_POINTER (page + 1)) || priv->db == NULL)
    return;
  g_hash_table_add (priv->pages, GUINT_TO_POINTER (page + 1));
  if (priv->pages_cancellable == NULL)
    priv->pages_cancellable = g_cancellable_new ();
  read = g_new0 (PageRead, 1);
  read->page = page;
  read->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), VJ_ID_LIST_PAGE);
  g_array_append_vals (read->ids, &g_array_index (priv->ids, gint64, start),
                       MIN (VJ_ID_LIST_PAGE, priv->ids->len - start));
  task = g_task_new (self, priv->pages_cancellable, page_done_cb, NULL);
  g_task_set_source_tag (task, read_page);
  g_task_set_task_data (task, read, (GDestroyNotify) page_read_free);
  g_task_run_in_thread (task, page_thread);
}

/* The pages being read are for ids no longer shown */
static void
drop_pages (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  g_cancellable_cancel (priv->pages_cancellable);
  g_clear_object (&priv->pages_cancellable);
  g_hash_table_remove_all (priv->pages);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VjIdList *self = VJ_ID_LIST (model);
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);
  gpointer item;
  gint64 id;

  if (position >= priv->ids->len)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);
  item = g_hash_table_lookup (priv->cache, &id);
  if (item != NULL)
    return g_object_ref (item);

  if (VJ_ID_LIST_GET_CLASS (self)->load_items != NULL)
    {
      read_page (self, position / VJ_ID_LIST_PAGE);
      return VJ_ID_LIST_GET_CLASS (self)->placeholder (self, id);
    }
  item = VJ_ID_LIST_GET_CLASS (self)->load_item (self, id);
  if (item == NULL)
    return NULL;
  if (g_hash_table_size (priv->cache) >= CACHE_LIMIT)
    g_hash_table_remove_all (priv->cache);
  g_hash_table_insert (priv->cache, g_memdup2 (&id, sizeof id), g_object_ref (item));
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_loading (VjIdList *self,
             gboolean  loading)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  if (priv->loading == loading)
    return;
  priv->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
vj_id_list_dispose (GObject *object)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_cancellable_cancel (priv->pages_cancellable);
  g_clear_object (&priv->pages_cancellable);
  g_clear_object (&priv->db);

  G_OBJECT_CLASS (vj_id_list_parent_class)->dispose (object);
}

static void
vj_id_list_finalize (GObject *object)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (object));

  g_clear_pointer (&priv->ids, g_array_unref);
  g_clear_pointer (&priv->cache, g_hash_table_unref);
  g_clear_pointer (&priv->pages, g_hash_table_unref);

  G_OBJECT_CLASS (vj_id_list_parent_class)->finalize (object);
}

static void
vj_id_list_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (object));

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, priv->db);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, priv->item_type);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_id_list_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (object));

  switch (prop_id)
    {
    case PROP_DB:
      priv->db = g_value_dup_object (value);
      break;
    case PROP_ITEM_TYPE:
      priv->item_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_id_list_class_init (VjIdListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vj_id_list_dispose;
  object_class->finalize = vj_id_list_finalize;
  object_class->get_property = vj_id_list_get_property;
  object_class->set_property = vj_id_list_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vj_id_list_init (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  priv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  priv->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  priv->pages = g_hash_table_new (NULL, NULL);
}

VjDb *
vj_id_list_get_db (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  g_return_val_if_fail (VJ_IS_ID_LIST (self), NULL);
  return priv->db;
}

gboolean
vj_id_list_get_loading (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  g_return_val_if_fail (VJ_IS_ID_LIST (self), FALSE);
  return priv->loading;
}

/**
 * vj_id_list_restart:
 *
 * A new query begins: the one still running is cancelled (its statement interrupted).
 *
 * Returns: (transfer none): the new query's cancellable
 */
GCancellable *
vj_id_list_restart (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  g_return_val_if_fail (VJ_IS_ID_LIST (self), NULL);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  return priv->cancellable;
}

/**
 * vj_id_list_set_ids:
 * @ids: (transfer full): the rows now, in order (gint64)
 * @extends: they are the rows shown and more (the rest of a first page): only the new tail
 *   changes, so a view keeps its place
 * @loading: more is on its way for the same query
 *
 * The query's answer, on the main thread.
 */
void
vj_id_list_set_ids (VjIdList *self,
                    GArray   *ids,
                    gboolean  extends,
                    gboolean  loading)
{
  g_return_if_fail (VJ_IS_ID_LIST (self));
  g_return_if_fail (ids != NULL);

  vj_id_list_set_ids_with_items (self, ids, NULL, extends, loading);
}

/**
 * vj_id_list_set_ids_with_items:
 * @ids: (transfer full): as vj_id_list_set_ids()
 * @items: (nullable) (element-type GObject): the items of the first ids, in their order (%NULL
 *   for one not read), read with them in the worker: the rows first shown need no query each
 *
 * vj_id_list_set_ids(), with the first rows' items already read.
 */
void
vj_id_list_set_ids_with_items (VjIdList  *self,
                               GArray    *ids,
                               GPtrArray *items,
                               gboolean   extends,
                               gboolean   loading)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);
  guint old;

  g_return_if_fail (VJ_IS_ID_LIST (self));
  g_return_if_fail (ids != NULL);

  old = priv->ids->len;
  extends = extends && ids->len >= old &&
            memcmp (ids->data, priv->ids->data, old * sizeof (gint64)) == 0;
  g_array_unref (priv->ids);
  priv->ids = ids;
  g_clear_object (&priv->cancellable);

  if (extends)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, ids->len - old);
  else
    {
      drop_pages (self);
      g_hash_table_remove_all (priv->cache);
      for (guint i = 0; items != NULL && i < items->len && i < ids->len && i < CACHE_LIMIT; i++)
        if (g_ptr_array_index (items, i) != NULL)
          g_hash_table_insert (priv->cache, g_memdup2 (&g_array_index (ids, gint64, i),
                                                       sizeof (gint64)),
                               g_object_ref (g_ptr_array_index (items, i)));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, ids->len);
    }
  if (old != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_loading (self, loading);
}

/* The query failed (not cancelled): the rows stay as they were */
void
vj_id_list_failed (VjIdList     *self,
                   const GError *error)
{
  g_return_if_fail (VJ_IS_ID_LIST (self));

  g_warning ("%s: %s", G_OBJECT_TYPE_NAME (self), error->message);
  set_loading (self, FALSE);
}

/* Items read before are read again when asked for (their rows changed) */
void
vj_id_list_forget_items (VjIdList *self)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (self);

  g_return_if_fail (VJ_IS_ID_LIST (self));
  drop_pages (self);
  g_hash_table_remove_all (priv->cache);
}
