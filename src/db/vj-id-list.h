#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The shape every SQL-backed list model shares (VjProgrammeList, VjSessionList): a worker finds
 * the matching row ids, the main thread swaps them in, and a row becomes an item only when a
 * widget asks for it (load_item), kept in a small cache. Subclasses run the query. */

#define VJ_TYPE_ID_LIST (vj_id_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (VjIdList, vj_id_list, VJ, ID_LIST, GObject)

struct _VjIdListClass
{
  GObjectClass parent_class;

  /* On the main thread: the item for a row id (transfer full), or NULL */
  gpointer (*load_item) (VjIdList *self,
                         gint64    id);
};

VjDb         *vj_id_list_get_db      (VjIdList *self);
gboolean      vj_id_list_get_loading (VjIdList *self);

GCancellable *vj_id_list_restart     (VjIdList *self);
void          vj_id_list_set_ids     (VjIdList *self,
                                      GArray   *ids,
                                      gboolean  extends,
                                      gboolean  loading);
void          vj_id_list_set_ids_with_items (VjIdList  *self,
                                             GArray    *ids,
                                             GPtrArray *items,
                                             gboolean   extends,
                                             gboolean   loading);
void          vj_id_list_failed      (VjIdList     *self,
                                      const GError *error);
void          vj_id_list_forget_items (VjIdList *self);

G_END_DECLS
