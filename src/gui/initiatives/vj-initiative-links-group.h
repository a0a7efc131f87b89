#pragma once

#include <adwaita.h>

#include "vj-db-initiatives-edit.h"

G_BEGIN_DECLS

#define VJ_TYPE_INITIATIVE_LINKS_GROUP (vj_initiative_links_group_get_type ())
G_DECLARE_FINAL_TYPE (VjInitiativeLinksGroup, vj_initiative_links_group, VJ,
                      INITIATIVE_LINKS_GROUP, AdwPreferencesGroup)

void vj_initiative_links_group_load    (VjInitiativeLinksGroup *self,
                                        VjDb                   *db,
                                        gint64                  initiative_id,
                                        VjInitiativeEdit       *edit);
void vj_initiative_links_group_collect (VjInitiativeLinksGroup *self,
                                        VjInitiativeEdit       *edit);

G_END_DECLS
