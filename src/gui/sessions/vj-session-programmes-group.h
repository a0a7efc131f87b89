#pragma once

#include <adwaita.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSION_PROGRAMMES_GROUP (vj_session_programmes_group_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionProgrammesGroup, vj_session_programmes_group, VJ,
                      SESSION_PROGRAMMES_GROUP, AdwPreferencesGroup)

void vj_session_programmes_group_set_db  (VjSessionProgrammesGroup *self,
                                          VjDb                     *db);
void vj_session_programmes_group_add     (VjSessionProgrammesGroup *self,
                                          gint64                    programme_id);
void vj_session_programmes_group_collect (VjSessionProgrammesGroup *self,
                                          GArray                   *programmes);

G_END_DECLS
