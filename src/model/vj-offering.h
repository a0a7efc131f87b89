#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VJ_OFFERING_INSTITUTION,
  VJ_OFFERING_LOCATION,
  VJ_OFFERING_STREET,
  VJ_OFFERING_POSTCODE,
  VJ_OFFERING_TOWN,
  VJ_OFFERING_MUNICIPALITY_NAME,
  VJ_OFFERING_START,
  VJ_OFFERING_DEADLINE,
  VJ_OFFERING_STUDY_MODE,
  VJ_OFFERING_URL,
  VJ_OFFERING_DERIVED,      /* the law an offering is derived from, or NULL */
  VJ_OFFERING_N_FIELDS
} VjOfferingField;

#define VJ_TYPE_OFFERING (vj_offering_get_type ())
G_DECLARE_FINAL_TYPE (VjOffering, vj_offering, VJ, OFFERING, GObject)

VjOffering *vj_offering_new              (gint64           id,
                                          int              municipality,
                                          gboolean         withdrawn);
gint64      vj_offering_get_id           (VjOffering      *self);
int         vj_offering_get_municipality (VjOffering      *self);
gboolean    vj_offering_get_withdrawn    (VjOffering      *self);
gboolean    vj_offering_start_has_passed (VjOffering      *self,
                                          const char      *today);
gint64      vj_offering_get_institution_id (VjOffering    *self);
void        vj_offering_set_institution_id (VjOffering    *self,
                                            gint64         id);
const char *vj_offering_get              (VjOffering      *self,
                                          VjOfferingField  field);
void        vj_offering_set              (VjOffering      *self,
                                          VjOfferingField  field,
                                          const char      *value);
char       *vj_offering_dup_address      (VjOffering      *self);

G_END_DECLS
