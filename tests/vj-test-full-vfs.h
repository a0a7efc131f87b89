#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A disk that fills up, for the tests of what happens then: a VFS over SQLite's default one,
 * installed as the default, that lets through so many bytes of writes and then fails every
 * write with SQLITE_FULL, as a full disk does. */

void vj_test_full_vfs_install   (void);
void vj_test_full_vfs_set_space (gint64 bytes);   /* -1: no limit (the start) */

G_END_DECLS
