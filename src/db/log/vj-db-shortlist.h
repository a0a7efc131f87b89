#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* A person's shortlist (ønskeliste): programmes, or one offering of a programme, in the order
 * the person prefers them. */

typedef struct
{
  gint64    id;
  gint64    person_id;
  gint64    programme_id;
  gint64    offering_id;   /* 0: the programme in general */
  int       position;      /* 1, 2, 3 … */
  char     *title;
  char     *institution;   /* the offering's institution, else the programme's */
  char     *town;          /* the offering's town */
  char     *start;         /* the offering's start, W3C date */
  char     *deadline;      /* the offering's application deadline, W3C date */
  char     *note;
  gboolean  withdrawn;     /* no longer in the catalogue's current version */
} VjShortlistItem;

void        vj_shortlist_item_free        (VjShortlistItem      *item);

GPtrArray  *vj_db_list_shortlist          (VjDb                 *self,
                                           gint64                person_id,
                                           GError              **error);
void        vj_db_list_shortlist_async    (VjDb                 *self,
                                           gint64                person_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray  *vj_db_list_shortlist_finish   (VjDb                 *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void        vj_db_shortlist_add_async     (VjDb                 *self,
                                           gint64                person_id,
                                           gint64                programme_id,
                                           gint64                offering_id,
                                           int                   position,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void        vj_db_shortlist_remove_async  (VjDb                 *self,
                                           gint64                item_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void        vj_db_shortlist_move_async    (VjDb                 *self,
                                           gint64                item_id,
                                           int                   delta,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    vj_db_shortlist_write_finish  (VjDb                 *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjShortlistItem, vj_shortlist_item_free)

G_END_DECLS
