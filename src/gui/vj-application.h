#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VJ_TYPE_APPLICATION (vj_application_get_type ())
G_DECLARE_FINAL_TYPE (VjApplication, vj_application, VJ, APPLICATION, AdwApplication)

VjApplication *vj_application_new            (void);
void           vj_application_restore_backup (VjApplication *self,
                                              const char    *id);

G_END_DECLS
