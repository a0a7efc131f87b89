#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VJ_TYPE_PROGRAMME (vj_programme_get_type ())
G_DECLARE_FINAL_TYPE (VjProgramme, vj_programme, VJ, PROGRAMME, GObject)

gint64      vj_programme_get_id           (VjProgramme *self);
const char *vj_programme_get_title        (VjProgramme *self);
const char *vj_programme_get_category     (VjProgramme *self);
int         vj_programme_get_level        (VjProgramme *self);
int         vj_programme_get_ects         (VjProgramme *self);
const char *vj_programme_get_duration     (VjProgramme *self);
const char *vj_programme_get_description  (VjProgramme *self);
const char *vj_programme_get_admission    (VjProgramme *self);
const char *vj_programme_get_url          (VjProgramme *self);
const char *vj_programme_get_places       (VjProgramme *self);
const char *vj_programme_get_source_title (VjProgramme *self);
const char *vj_programme_get_updated      (VjProgramme *self);
gboolean    vj_programme_get_withdrawn    (VjProgramme *self);
char       *vj_programme_dup_subtitle     (VjProgramme *self);
gboolean    vj_programme_get_deadline_unknown (VjProgramme *self);
void        vj_programme_set_deadline_unknown (VjProgramme *self,
                                               gboolean     unknown);

G_END_DECLS
