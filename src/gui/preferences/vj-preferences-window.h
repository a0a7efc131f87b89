#pragma once

#include <adwaita.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_PREFERENCES_WINDOW (vj_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VjPreferencesWindow, vj_preferences_window, VJ, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *vj_preferences_window_new    (GtkWindow           *parent,
                                         VjDb                *db);
VjDb      *vj_preferences_window_get_db (VjPreferencesWindow *self);
void       vj_preferences_window_flush  (VjPreferencesWindow *self);

G_END_DECLS
