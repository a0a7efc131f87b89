#pragma once

#include <adwaita.h>

#include "vj-db.h"
#include "vj-session-record.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSION_PEOPLE_GROUP (vj_session_people_group_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionPeopleGroup, vj_session_people_group, VJ, SESSION_PEOPLE_GROUP,
                      AdwPreferencesGroup)

void     vj_session_people_group_set_db           (VjSessionPeopleGroup *self,
                                                   VjDb                 *db);
void     vj_session_people_group_set_municipality (VjSessionPeopleGroup *self,
                                                   int                   municipality);
void     vj_session_people_group_add              (VjSessionPeopleGroup *self,
                                                   const VjPersonRecord *person);
void     vj_session_people_group_collect          (VjSessionPeopleGroup *self,
                                                   GPtrArray            *people);
gboolean vj_session_people_group_has_pending      (VjSessionPeopleGroup *self);
char    *vj_session_people_group_check            (VjSessionPeopleGroup *self);

G_END_DECLS
