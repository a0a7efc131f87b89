#pragma once

#include <adwaita.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_WINDOW (vj_window_get_type ())
G_DECLARE_FINAL_TYPE (VjWindow, vj_window, VJ, WINDOW, AdwApplicationWindow)

VjWindow  *vj_window_new                 (GtkApplication *application);
void       vj_window_set_db              (VjWindow       *self,
                                          VjDb           *db);
VjDb      *vj_window_get_db              (VjWindow       *self);
void       vj_window_set_loading_progress (VjWindow      *self,
                                          double          fraction);
void       vj_window_show_error          (VjWindow       *self,
                                          const char     *title,
                                          const char     *message);
void       vj_window_show_page           (VjWindow       *self,
                                          GtkWidget      *page,
                                          const char     *title);
void       vj_window_show_section        (VjWindow       *self,
                                          const char     *section);
GtkWidget *vj_window_get_programmes_page (VjWindow       *self);
GtkWidget *vj_window_get_visible_page    (VjWindow       *self);
gboolean   vj_window_open_programme      (VjWindow       *self,
                                          gint64          programme_id);
gboolean   vj_window_open_initiative     (VjWindow       *self,
                                          gint64          initiative_id);
void       vj_window_open_session        (VjWindow       *self,
                                          gint64          session_id);
gboolean   vj_window_open_person         (VjWindow       *self,
                                          gint64          person_id);
gboolean   vj_window_open_institution    (VjWindow       *self,
                                          gint64          institution_id);
gboolean   vj_window_get_catalogue_shown (VjWindow      *self);
gboolean   vj_window_get_busy            (VjWindow      *self);
gboolean   vj_window_go_back             (VjWindow       *self);
void       vj_window_apply_setting       (VjWindow       *self,
                                          const char     *key,
                                          const char     *value);

G_END_DECLS
