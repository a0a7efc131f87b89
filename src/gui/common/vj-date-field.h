#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VJ_TYPE_DATE_FIELD (vj_date_field_get_type ())
G_DECLARE_FINAL_TYPE (VjDateField, vj_date_field, VJ, DATE_FIELD, GtkWidget)

GtkWidget  *vj_date_field_new       (void);
char       *vj_date_field_get_date  (VjDateField *self);
void        vj_date_field_set_date  (VjDateField *self,
                                     const char  *iso_date);
gboolean    vj_date_field_is_valid  (VjDateField *self);
const char *vj_date_field_get_text  (VjDateField *self);
const char *vj_date_field_get_label (VjDateField *self);
void        vj_date_field_set_label (VjDateField *self,
                                     const char  *label);

G_END_DECLS
