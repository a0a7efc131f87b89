#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* What the person page shows: who the person is and their sessions, newest first. */

typedef struct
{
  gint64    id;
  char     *reference;
  int       birth_year;     /* 0 when unknown */
  char     *grade;
  int       municipality;   /* official code, 0 when unknown */
  char     *target_group;   /* "pupil", "young", "adult" or NULL */
  gboolean  consent;
  char     *consent_date;
  char     *last_session;   /* YYYY-MM-DD of the latest session, NULL when none */
  char     *plan_goal;      /* the goal on their plan, NULL when none is written down */
} VjPersonSummary;

typedef struct
{
  gint64  session_id;
  char   *started_at;       /* as stored, ISO 8601 local time */
  int     duration_minutes;
  char   *service;
  char   *form;
  char   *class_label;
  int     n_people;
  char   *notes;
} VjTimelineEntry;

void              vj_person_summary_free       (VjPersonSummary *summary);
void              vj_timeline_entry_free       (VjTimelineEntry *entry);

VjPersonSummary  *vj_db_load_person_summary    (VjDb            *self,
                                                gint64           person_id,
                                                GError         **error);
gint64            vj_db_find_person_id         (VjDb            *self,
                                                const char      *reference,
                                                GError         **error);
GPtrArray        *vj_db_list_person_timeline   (VjDb            *self,
                                                gint64           person_id,
                                                GError         **error);
void             vj_db_list_person_timeline_async  (VjDb                *self,
                                             gint64               person_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray       *vj_db_list_person_timeline_finish (VjDb                *self,
                                             GAsyncResult        *result,
                                             GError             **error);
GPtrArray        *vj_db_list_person_ids        (VjDb            *self,
                                                const char      *text,
                                                guint            limit,
                                                GError         **error);
void              vj_db_set_plan_goal_async    (VjDb               *self,
                                                gint64              person_id,
                                                const char         *goal,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean          vj_db_set_plan_goal_finish   (VjDb            *self,
                                                GAsyncResult    *result,
                                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjPersonSummary, vj_person_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjTimelineEntry, vj_timeline_entry_free)

G_END_DECLS
