#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-initiative.h"

G_BEGIN_DECLS

/* An initiative as the editor shows and saves it. A list left NULL is saved unchanged. */
typedef struct
{
  char      *fields[VJ_INITIATIVE_N_FIELDS]; /* NULL or "" for empty; the title is required */
  GPtrArray *goals;          /* GStrv { text, target } */
  GPtrArray *actors;         /* GStrv { name, role, address, phone, email, url } */
  GArray    *programmes;     /* gint64 row ids */
  GArray    *institutions;   /* gint64 row ids */
  GArray    *municipalities; /* gint64 municipality codes */
} VjInitiativeEdit;

VjInitiativeEdit *vj_initiative_edit_new             (void);
void              vj_initiative_edit_free            (VjInitiativeEdit    *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjInitiativeEdit, vj_initiative_edit_free)

VjInitiativeEdit *vj_db_load_initiative_edit         (VjDb                *self,
                                                      gint64               initiative_id,
                                                      GError             **error);
gboolean          vj_db_initiative_is_local          (VjDb                *self,
                                                      gint64               initiative_id);
gboolean          vj_db_initiative_has_overlay       (VjDb                *self,
                                                      gint64               initiative_id);

void              vj_db_save_initiative_async        (VjDb                *self,
                                                      gint64               initiative_id,
                                                      gint64               parent_id,
                                                      const VjInitiativeEdit *edit,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gint64            vj_db_save_initiative_finish       (VjDb                *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void              vj_db_delete_initiative_async      (VjDb                *self,
                                                      gint64               initiative_id,
                                                      gboolean             deleted,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          vj_db_delete_initiative_finish     (VjDb                *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void              vj_db_reset_initiative_async       (VjDb                *self,
                                                      gint64               initiative_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          vj_db_reset_initiative_finish      (VjDb                *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void              vj_db_purge_deleted_initiatives_async  (VjDb                *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean          vj_db_purge_deleted_initiatives_finish (VjDb                *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
