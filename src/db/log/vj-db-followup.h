#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* Opfølgning: the open next steps and the sessions' follow-up dates. */

typedef enum
{
  VJ_FOLLOW_UP_NEXT_STEP,
  VJ_FOLLOW_UP_SESSION,
} VjFollowUpKind;

typedef enum
{
  VJ_FOLLOW_UP_OVERDUE,
  VJ_FOLLOW_UP_THIS_WEEK,
  VJ_FOLLOW_UP_LATER,
  VJ_FOLLOW_UP_N_BUCKETS,
} VjFollowUpBucket;

typedef struct
{
  VjFollowUpKind  kind;
  gint64          id;            /* the next step's id, or the session's */
  gint64          session_id;
  gint64          person_id;     /* 0: a group or class without one person */
  char           *person;        /* the person's reference or the class label; may be NULL */
  char           *text;          /* the next step; NULL for a session's follow-up */
  char           *due;           /* YYYY-MM-DD; NULL when no date was set */
  char           *session_date;  /* YYYY-MM-DD */
} VjFollowUp;

void              vj_follow_up_free                (VjFollowUp          *follow_up);
VjFollowUpBucket  vj_follow_up_bucket              (const char          *due,
                                                    GDate               *today);

GPtrArray        *vj_db_list_follow_ups            (VjDb                *self,
                                                    gint64               person_id,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
void              vj_db_list_follow_ups_async      (VjDb                *self,
                                                    gint64               person_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray        *vj_db_list_follow_ups_finish     (VjDb                *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void              vj_db_set_follow_up_done_async   (VjDb                *self,
                                                    const VjFollowUp    *follow_up,
                                                    gboolean             done,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          vj_db_set_follow_up_done_finish  (VjDb                *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFollowUp, vj_follow_up_free)

G_END_DECLS
