#pragma once

#include "vj-store.h"

G_BEGIN_DECLS

/* The search index of the sessions' notes (a store hook: HACKING.md, "The store"). It holds,
 * for each session with notes, its notes folded for the index (vj_text_fold_for_index (),
 * computed by the caller), keyed by the session's id; the session list asks it which sessions'
 * notes hold every word typed, each word as a prefix. SQLite keeps it in an FTS5 table; a
 * server engine keeps its own. */

gboolean  vj_store_notes_set        (VjStoreConn  *conn,
                                     gint64        session_id,
                                     const char   *folded,
                                     GError      **error);
gboolean  vj_store_notes_remove     (VjStoreConn  *conn,
                                     gint64        session_id,
                                     GError      **error);
gboolean  vj_store_notes_optimize   (VjStoreConn  *conn,
                                     GError      **error);

char     *vj_store_notes_query      (const char   *text);
gint64    vj_store_notes_count      (VjStoreConn  *conn,
                                     const char   *query);
char     *vj_store_notes_filter     (const char   *column,
                                     int           placeholder,
                                     gboolean      dense);

G_END_DECLS
