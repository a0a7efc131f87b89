#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* Erasing people everywhere (Slet person) and the retention purge: what would go, shown first,
 * then the rows, the search index, drafts, the backups and the WAL. */

typedef struct
{
  gint64  id;
  char   *reference;
  char   *last_session;      /* YYYY-MM-DD, NULL when they had none */
} VjErasePerson;

typedef struct
{
  GPtrArray *people;         /* VjErasePerson */
  char      *cutoff;         /* purge: sessions before this day (YYYY-MM-DD) go; NULL for one person */
  int        years;          /* purge: the retention period used */
  guint      n_sessions;     /* sessions that go: only theirs (and, for a purge, class sessions) */
  guint      n_shared;       /* group sessions they are taken out of, which stay */
  guint      n_shortlist;
  guint      n_next_steps;
  guint      n_drafts;
  guint      n_backups;      /* backup files that are rewritten */
  guint      n_backups_removed; /* set by vj_db_erase (): backups that could not be cleaned,
                                 * so were deleted */
} VjErasePlan;

typedef enum
{
  VJ_ERASE_NONE,             /* no one with that reference was erased */
  VJ_ERASE_PENDING,          /* deleted from the database; files still to clean */
  VJ_ERASE_DONE,             /* in no file any more */
} VjEraseState;

void          vj_erase_plan_free            (VjErasePlan          *plan);
char         *vj_db_dup_backups_dir         (VjDb                 *self);

VjErasePlan  *vj_db_plan_erase_person       (VjDb                 *self,
                                             gint64                person_id,
                                             GError              **error);
void          vj_db_plan_erase_person_async (VjDb                 *self,
                                             gint64                person_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
#define vj_db_plan_erase_person_finish vj_db_plan_purge_finish
VjErasePlan  *vj_db_plan_purge              (VjDb                 *self,
                                             GDate                *today,
                                             GError              **error);
void          vj_db_plan_purge_async        (VjDb                 *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
VjErasePlan  *vj_db_plan_purge_finish       (VjDb                 *self,
                                             GAsyncResult         *result,
                                             GError              **error);

gboolean      vj_db_erase                   (VjDb                 *self,
                                             VjErasePlan          *plan,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          vj_db_erase_async             (VjDb                 *self,
                                             VjErasePlan          *plan,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      vj_db_erase_finish            (VjDb                 *self,
                                             GAsyncResult         *result,
                                             GError              **error);

gboolean      vj_db_erase_resume            (VjDb                 *self,
                                             GError              **error);
VjEraseState  vj_db_erase_lookup            (VjDb                 *self,
                                             const char           *reference,
                                             char                **erased_at,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjErasePlan, vj_erase_plan_free)

G_END_DECLS
