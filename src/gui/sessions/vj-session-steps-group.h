#pragma once

#include <adwaita.h>

#include "vj-session-record.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSION_STEPS_GROUP (vj_session_steps_group_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionStepsGroup, vj_session_steps_group, VJ, SESSION_STEPS_GROUP,
                      AdwPreferencesGroup)

void     vj_session_steps_group_add         (VjSessionStepsGroup *self,
                                             const VjNextStep    *step);
void     vj_session_steps_group_collect     (VjSessionStepsGroup *self,
                                             GPtrArray           *steps);
gboolean vj_session_steps_group_has_pending (VjSessionStepsGroup *self);
char    *vj_session_steps_group_check       (VjSessionStepsGroup *self);

G_END_DECLS
