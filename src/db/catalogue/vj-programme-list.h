#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-db-catalogue.h"
#include "vj-id-list.h"

G_BEGIN_DECLS

#define VJ_TYPE_PROGRAMME_LIST (vj_programme_list_get_type ())
G_DECLARE_FINAL_TYPE (VjProgrammeList, vj_programme_list, VJ, PROGRAMME_LIST, VjIdList)

VjProgrammeList *vj_programme_list_new         (VjDb                   *db);
void             vj_programme_list_set_query   (VjProgrammeList        *self,
                                                const VjProgrammeQuery *query);
gboolean         vj_programme_list_get_loading (VjProgrammeList        *self);
void             vj_programme_list_reload      (VjProgrammeList        *self);
gboolean         vj_programme_list_get_capped  (VjProgrammeList        *self);
int              vj_programme_list_get_category_count (VjProgrammeList *self,
                                                       const char      *code);
const VjProgrammeQuery *vj_programme_list_get_query (VjProgrammeList   *self);

G_END_DECLS
