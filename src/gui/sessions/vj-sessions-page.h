#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_SESSIONS_PAGE (vj_sessions_page_get_type ())
G_DECLARE_FINAL_TYPE (VjSessionsPage, vj_sessions_page, VJ, SESSIONS_PAGE, GtkWidget)

GtkWidget  *vj_sessions_page_new           (VjDb *db);
void        vj_sessions_page_new_session   (VjSessionsPage *self);
void        vj_sessions_page_open_session  (VjSessionsPage *self,
                                            gint64          session_id);
void        vj_sessions_page_reload        (VjSessionsPage *self);
GListModel *vj_sessions_page_get_model     (VjSessionsPage *self);
void        vj_sessions_page_import_csv    (VjSessionsPage *self,
                                            GFile          *file);
void        vj_sessions_page_export        (VjSessionsPage *self,
                                            GFile          *file,
                                            const char     *from,
                                            const char     *to,
                                            gboolean        json);

G_END_DECLS
