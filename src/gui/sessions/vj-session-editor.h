#pragma once

#include <adwaita.h>

#include "vj-db.h"
#include "vj-session-record.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSION_EDITOR (vj_session_editor_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionEditor, vj_session_editor, VJ, SESSION_EDITOR, AdwWindow)

GtkWidget       *vj_session_editor_new        (VjDb            *db,
                                               VjSessionRecord *record,
                                               gint64           draft_id);
VjSessionRecord *vj_session_editor_new_record (VjDb            *db);
VjSessionRecord *vj_session_editor_collect    (VjSessionEditor *self);
gint64           vj_session_editor_get_draft_id (VjSessionEditor *self);

G_END_DECLS
