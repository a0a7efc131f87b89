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
  g_clear_object (&priv->db);

  G_OBJECT_CLASS (vj_id_list_parent_class)->dispose (object);
}

static void
vj_id_list_finalize (GObject *object)
{
  VjIdListPrivate *priv = vj_id_list_get_instance_private (VJ_ID_LIST (object));

  g_clear_pointer (&priv->ids, g_array_unref);
  g_clear_pointer (&priv->cache, g_hash_table_unref);

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
  g_hash_table_remove_all (priv->cache);
}
