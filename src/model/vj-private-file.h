#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every file Vejviser writes for the user (exports, the statistics table, a person's data, a
 * published catalogue, the plan as PDF) goes through here: readable by its owner alone,
 * written whole or not at all, never through a symbolic link. */

gboolean  vj_private_file_write       (const char  *path,
                                       const char  *contents,
                                       gsize        length,
                                       GError     **error);
char     *vj_private_file_begin       (const char  *path,
                                       int         *fd,
                                       GError     **error);
gboolean  vj_private_file_commit      (const char  *temp_path,
                                       int          fd,
                                       const char  *path,
                                       GError     **error);
void      vj_private_file_abandon     (const char  *temp_path,
                                       int          fd);

G_END_DECLS
