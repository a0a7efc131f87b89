#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* What an initiative links to, beside its programmes (vj-db-catalogue.h). */
typedef enum
{
  VJ_INITIATIVE_LINK_PROGRAMME,
  VJ_INITIATIVE_LINK_INSTITUTION,
  VJ_INITIATIVE_LINK_MUNICIPALITY,
} VjInitiativeLink;

gint64     vj_db_lookup_initiative       (VjDb              *self,
                                          const char        *id,
                                          GError           **error);
char      *vj_db_dup_initiative_external_id (VjDb           *self,
                                          gint64             initiative_id);
GPtrArray *vj_db_list_initiative_links   (VjDb              *self,
                                          gint64             initiative_id,
                                          VjInitiativeLink   kind,
                                          GError           **error);

G_END_DECLS
