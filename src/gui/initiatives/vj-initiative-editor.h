#pragma once

#include <adwaita.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_INITIATIVE_EDITOR (vj_initiative_editor_get_type ())
G_DECLARE_FINAL_TYPE (VjInitiativeEditor, vj_initiative_editor, VJ, INITIATIVE_EDITOR, AdwWindow)

GtkWidget *vj_initiative_editor_new (GtkWindow *parent,
                                     VjDb      *db,
                                     gint64     initiative_id,
                                     gint64     parent_id);

G_END_DECLS
