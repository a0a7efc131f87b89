#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VJ_TYPE_BACKUPS_GROUP (vj_backups_group_get_type ())
G_DECLARE_FINAL_TYPE (VjBackupsGroup, vj_backups_group, VJ, BACKUPS_GROUP, AdwPreferencesGroup)

GtkWidget *vj_backups_group_new         (void);
void       vj_backups_group_set_db_path (VjBackupsGroup *self,
                                         const char     *db_path);
gboolean   vj_backups_group_get_loading (VjBackupsGroup *self);

G_END_DECLS
