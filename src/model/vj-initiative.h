#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VJ_INITIATIVE_TITLE,
  VJ_INITIATIVE_KIND,
  VJ_INITIATIVE_DESCRIPTION,
  VJ_INITIATIVE_PERIOD_START,
  VJ_INITIATIVE_PERIOD_END,
  VJ_INITIATIVE_OWNER,
  VJ_INITIATIVE_SOURCE_URL,
  VJ_INITIATIVE_INFERRED,
  VJ_INITIATIVE_N_FIELDS
} VjInitiativeField;

#define VJ_TYPE_INITIATIVE (vj_initiative_get_type ())
G_DECLARE_FINAL_TYPE (VjInitiative, vj_initiative, VJ, INITIATIVE, GObject)

VjInitiative *vj_initiative_new           (gint64             id,
                                           gint64             parent_id,
                                           guint              depth);
gint64        vj_initiative_get_id        (VjInitiative      *self);
gint64        vj_initiative_get_parent_id (VjInitiative      *self);
guint         vj_initiative_get_depth     (VjInitiative      *self);
const char   *vj_initiative_get           (VjInitiative      *self,
                                           VjInitiativeField  field);
void          vj_initiative_set           (VjInitiative      *self,
                                           VjInitiativeField  field,
                                           const char        *value);
char         *vj_initiative_dup_period    (VjInitiative      *self);

G_END_DECLS
