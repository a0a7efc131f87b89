#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VJ_INSTITUTION_NAME,
  VJ_INSTITUTION_TYPE,
  VJ_INSTITUTION_NUMBER,
  VJ_INSTITUTION_URL,
  VJ_INSTITUTION_EMAIL,
  VJ_INSTITUTION_PHONE,
  VJ_INSTITUTION_DESCRIPTION,
  VJ_INSTITUTION_TOWNS,          /* where its campuses are, comma separated */
  VJ_INSTITUTION_SERVES,         /* municipalities served without a campus, comma separated */
  VJ_INSTITUTION_N_FIELDS
} VjInstitutionField;

#define VJ_TYPE_INSTITUTION (vj_institution_get_type ())
G_DECLARE_FINAL_TYPE (VjInstitution, vj_institution, VJ, INSTITUTION, GObject)

VjInstitution *vj_institution_new           (gint64              id,
                                             gboolean            withdrawn);
gint64         vj_institution_get_id        (VjInstitution      *self);
gboolean       vj_institution_get_withdrawn (VjInstitution      *self);
const char    *vj_institution_get           (VjInstitution      *self,
                                             VjInstitutionField  field);
void           vj_institution_set           (VjInstitution      *self,
                                             VjInstitutionField  field,
                                             const char         *value);

G_END_DECLS
