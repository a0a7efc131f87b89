#pragma once

#include "vj-store.h"

G_BEGIN_DECLS

/* What erasing asks of the engine (a store hook: HACKING.md, "The store"; vj-db-erase.c): that
 * nothing deleted stays readable in the database's files — the space it freed overwritten, the
 * log beside the file emptied — and that a copy of the database (a backup) can be opened,
 * cleaned the same way, and removed with the files beside it when it cannot be. */

gboolean      vj_store_erase_begin            (VjStoreConn  *conn,
                                               GError      **error);
gboolean      vj_store_erase_clear_free_space (VjStoreConn  *conn,
                                               GError      **error);
gboolean      vj_store_erase_empty_log        (VjStoreConn  *conn);

VjStoreConn  *vj_store_erase_open_copy        (const char   *path,
                                               gboolean      read_only,
                                               GError      **error);
gboolean      vj_store_erase_detach_log       (VjStoreConn  *conn,
                                               GError      **error);
void          vj_store_erase_remove_copy      (const char   *path);

G_END_DECLS
