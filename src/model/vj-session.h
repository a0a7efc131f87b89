#pragma once

#include <gio/gio.h>

#include "vj-session-record.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSION (vj_session_get_type ())
G_DECLARE_FINAL_TYPE (VjSession, vj_session, VJ, SESSION, GObject)

VjSession             *vj_session_new_take   (VjSessionRecord *record);
const VjSessionRecord *vj_session_get_record (VjSession       *self);
gint64                 vj_session_get_id     (VjSession       *self);

G_END_DECLS
