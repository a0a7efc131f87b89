#define G_LOG_DOMAIN "vj-session"

#include "config.h"

#include "vj-session.h"

/* A row of the session list: a saved session's record, read only. */

struct _VjSession
{
  GObject          parent_instance;

  VjSessionRecord *record;
};

G_DEFINE_FINAL_TYPE (VjSession, vj_session, G_TYPE_OBJECT)

static void
vj_session_finalize (GObject *object)
{
  VjSession *self = VJ_SESSION (object);

  g_clear_pointer (&self->record, vj_session_record_free);

  G_OBJECT_CLASS (vj_session_parent_class)->finalize (object);
}

static void
vj_session_class_init (VjSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_session_finalize;
}

static void
vj_session_init (VjSession *self)
{
}

VjSession *
vj_session_new_take (VjSessionRecord *record)
{
  VjSession *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (VJ_TYPE_SESSION, NULL);
  self->record = record;
  return self;
}

const VjSessionRecord *
vj_session_get_record (VjSession *self)
{
  g_return_val_if_fail (VJ_IS_SESSION (self), NULL);
  return self->record;
}

gint64
vj_session_get_id (VjSession *self)
{
  g_return_val_if_fail (VJ_IS_SESSION (self), 0);
  return self->record->id;
}
