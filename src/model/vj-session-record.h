#pragma once

#include <gio/gio.h>

#include "vj-reference.h"

G_BEGIN_DECLS

/* Plain records for the guidance log: a person counselled (pseudonymous: a reference the
 * counsellor chooses, never a CPR number), a session with its people, topics, programmes and
 * next steps. Codes are stored; names come from the tables below (translatable). */

typedef struct
{
  gint64    id;             /* 0: not saved yet */
  char     *reference;      /* initials or a reference; unique */
  int       birth_year;     /* 0: unknown */
  char     *grade;          /* e.g. "9. klasse"; NULL: unknown */
  int       municipality;   /* official code; 0: unknown */
  char     *target_group;   /* "pupil", "young", "adult"; NULL: unknown */
  gboolean  consent;        /* consent to share with an institution */
  char     *consent_date;   /* YYYY-MM-DD */
} VjPersonRecord;

typedef struct
{
  gint64  id;
  char   *text;
  char   *due;              /* YYYY-MM-DD or NULL */
  char   *done;             /* YYYY-MM-DD or NULL */
} VjNextStep;

typedef struct
{
  gint64     id;            /* 0: not saved yet */
  char      *started_at;    /* local time, YYYY-MM-DDTHH:MM */
  int        duration_minutes;
  char      *counsellor;
  char      *service;       /* vj_session_services () */
  char      *form;          /* vj_session_forms () */
  int        municipality;  /* official code; 0: none */
  char      *class_label;   /* class sessions: e.g. "8.b Herfølge Skole" */
  int        head_count;    /* class sessions */
  char      *upv_status;    /* vj_upv_statuses (); NULL: not relevant */
  char      *notes;
  char      *follow_up;     /* YYYY-MM-DD or NULL */
  GPtrArray *people;        /* VjPersonRecord */
  GPtrArray *topics;        /* char *: a code from vj_session_topics () or a free tag */
  GArray    *programmes;    /* gint64 programme ids */
  GPtrArray *next_steps;    /* VjNextStep */
} VjSessionRecord;

VjPersonRecord  *vj_person_record_new       (void);
VjPersonRecord  *vj_person_record_copy      (const VjPersonRecord  *person);
void             vj_person_record_free      (VjPersonRecord        *person);

VjNextStep      *vj_next_step_new           (const char            *text,
                                             const char            *due);
VjNextStep      *vj_next_step_copy          (const VjNextStep      *step);
void             vj_next_step_free          (VjNextStep            *step);

VjSessionRecord *vj_session_record_new      (void);
VjSessionRecord *vj_session_record_copy     (const VjSessionRecord *session);
VjSessionRecord *vj_session_record_duplicate (const VjSessionRecord *session);
void             vj_session_record_free     (VjSessionRecord       *session);
GVariant        *vj_session_record_to_variant (const VjSessionRecord *session);
VjSessionRecord *vj_session_record_from_variant (GVariant          *variant);
char            *vj_session_record_find_cpr (const VjSessionRecord *session);
void             vj_session_record_remove_cpr (VjSessionRecord     *session);
char            *vj_session_record_dup_people_label (const VjSessionRecord *session);

const VjCode    *vj_session_services        (guint                 *n);
const VjCode    *vj_session_forms           (guint                 *n);
const VjCode    *vj_session_topics          (guint                 *n);
const VjCode    *vj_upv_statuses            (guint                 *n);
const VjCode    *vj_target_groups           (guint                 *n);
const char      *vj_session_service_name    (const char            *code);
const char      *vj_session_service_title   (const char            *code);
const char      *vj_session_form_name       (const char            *code);
const char      *vj_target_group_name       (const char            *code);
const char      *vj_code_name               (const VjCode          *codes,
                                             guint                  n,
                                             const char            *code);
const char      *vj_code_parse              (const VjCode          *codes,
                                             guint                  n,
                                             const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjPersonRecord, vj_person_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjNextStep, vj_next_step_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjSessionRecord, vj_session_record_free)

G_END_DECLS
