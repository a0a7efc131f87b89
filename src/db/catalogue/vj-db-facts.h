#pragma once

#include "vj-db.h"
#include "vj-fact.h"
#include "vj-programme.h"

G_BEGIN_DECLS

GPtrArray *vj_db_list_offering_facts (VjDb    *self,
                                      gint64   offering_id,
                                      GError **error);
gboolean   vj_db_programme_has_open_rule_deadline (VjDb        *db,
                                                   VjProgramme *programme,
                                                   const char  *today);

G_END_DECLS
