#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-initiative.h"
#include "vj-institution.h"
#include "vj-offering.h"
#include "vj-programme.h"

G_BEGIN_DECLS

#include "vj-db-search.h"

VjProgramme      *vj_db_load_programme                (VjDb                   *self,
                                                       gint64                  id,
                                                       GError                **error);
GPtrArray        *vj_db_load_programmes               (VjDb                   *self,
                                                       const gint64           *ids,
                                                       guint                   n,
                                                       GCancellable           *cancellable,
                                                       GError                **error);
GPtrArray        *vj_db_list_offerings                (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiatives              (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       GError                **error);
void              vj_db_list_initiatives_async        (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
GPtrArray        *vj_db_list_initiatives_finish       (VjDb                   *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_goals         (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_actors        (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_initiative_programmes    (VjDb                   *self,
                                                       gint64                  initiative_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_institutions             (VjDb                   *self,
                                                       int                     municipality,
                                                       const char             *type,
                                                       GError                **error);
gboolean          vj_db_programme_has_open_deadline   (VjDb                   *self,
                                                       gint64                  programme_id,
                                                       const char             *today);
GPtrArray        *vj_db_find_institutions             (VjDb                   *self,
                                                       int                     municipality,
                                                       const char             *type,
                                                       const char             *text,
                                                       GError                **error);
void              vj_db_find_institutions_async       (VjDb                   *self,
                                                       int                     municipality,
                                                       const char             *type,
                                                       const char             *text,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
GPtrArray        *vj_db_find_institutions_finish      (VjDb                   *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);
VjInstitution    *vj_db_load_institution              (VjDb                   *self,
                                                       gint64                  id,
                                                       GError                **error);
GPtrArray        *vj_db_list_institution_programmes   (VjDb                   *self,
                                                       gint64                  institution_id,
                                                       GError                **error);
GPtrArray        *vj_db_list_institution_campuses     (VjDb                   *self,
                                                      gint64                  institution_id,
                                                      GError                **error);
GPtrArray        *vj_db_list_institution_initiatives  (VjDb                   *self,
                                                       gint64                  institution_id,
                                                       GError                **error);
guint             vj_db_count_programmes              (VjDb                   *self);
char             *vj_db_dup_catalogue_summary         (VjDb                   *self);

G_END_DECLS
