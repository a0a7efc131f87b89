#pragma once

#include "vj-db.h"
#include "vj-fact.h"

G_BEGIN_DECLS

GPtrArray *vj_db_list_offering_facts (VjDb    *self,
                                      gint64   offering_id,
                                      GError **error);

G_END_DECLS
