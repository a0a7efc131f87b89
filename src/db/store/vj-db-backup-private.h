#pragma once

#include <sqlite3.h>

#include "vj-db-backup.h"

G_BEGIN_DECLS

/* Shared by vj-db-backup.c (listing, taking, rotating) and vj-db-backup-restore.c. */

#define BACKUP_PREFIX "vejviser-"
#define BACKUP_SUFFIX ".db"
#define STAMP_FORMAT "%Y%m%dT%H%M%SZ"

void  _vj_db_backup_remove      (const char *path);
int   _vj_db_backup_copy        (sqlite3    *from,
                                 const char *to);
char *_vj_db_backup_unused_path (const char *dir,
                                 const char *stamp,
                                 const char *reason);

G_END_DECLS
