#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The shape every SQL-backed list model shares (VjProgrammeList, VjSessionList): a worker finds
 * the matching row ids, the main thread swaps them in, and a row becomes an item only when a
 * widget asks for it, kept in a small cache. A subclass with load_items has its rows read a
 * page at a time in a worker: until its page has come, a row is its placeholder, and the rows
 * change (items-changed) when it comes. Subclasses run the query. */

#define VJ_TYPE_ID_LIST (vj_id_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (VjIdList, vj_id_list, VJ, ID_LIST, GObject)

struct _VjIdListClass
{
  GObjectClass parent_class;

  /* On the main thread: the item for a row id (transfer full), or NULL */
  gpointer   (*load_item)   (VjIdList     *self,
                             gint64        id);

  /* In a worker: the items of @n row ids in their order (transfer full; NULL for one no
   * longer there), or NULL when the read failed or was cancelled */
  GPtrArray *(*load_items)  (VjDb         *db,
                             const gint64 *ids,
                             guint         n,
                             GCancellable *cancellable);
  /* On the main thread: the item a row shows until its page is read (transfer full) */
  gpointer   (*placeholder) (VjIdList     *self,
                             gint64        id);
  /* On the main thread, optional: an item of a page just read, before it is shown */
  void       (*loaded)      (VjIdList     *self,
                             gpointer      item);
};

/* The rows read with one query in a worker */
#define VJ_ID_LIST_PAGE 100

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
