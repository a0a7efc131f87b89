#pragma once

#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"
#include "vj-person-page.h"

G_BEGIN_DECLS

/* Shared between the person page and its actions (plan, export, erase) */

VjDb            *_vj_person_page_get_db             (VjPersonPage    *self);
VjPersonSummary *_vj_person_page_get_person         (VjPersonPage    *self);
GPtrArray       *_vj_person_page_get_shortlist      (VjPersonPage    *self);
GPtrArray       *_vj_person_page_get_steps          (VjPersonPage    *self);
void             _vj_person_page_toast              (VjPersonPage    *self,
                                                     const char      *text);
void             _vj_person_page_install_actions    (GtkWidgetClass  *widget_class);
void             _vj_person_page_emit_erased        (VjPersonPage    *self,
                                                     const char      *reference);

G_END_DECLS
