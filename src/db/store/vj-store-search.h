#pragma once

#include "vj-store.h"

G_BEGIN_DECLS

/* The catalogue's search index (issue 15, HACKING.md "The store"): full-text search over the
 * programmes' folded text, in each engine's own way (FTS5 on SQLite). The search
 * (vj-db-search.c) puts its portable filters together with the fragments here; the merge
 * (vj-db-merge.c) keeps the index's rows, with the text folded in C (vj_text_fold_for_index ()).
 *
 * A match is written as the engine's search expression (vj_store_search_terms ()), bound as one
 * text parameter; the fragments name the matching programmes "p". */

char         *vj_store_search_terms         (const char          *text,
                                             gboolean             titles_only);
void          vj_store_search_append_match  (GString             *sql,
                                             guint                param);
void          vj_store_search_append_rank   (GString             *sql);

typedef struct _VjStoreSearchIndex VjStoreSearchIndex;

VjStoreSearchIndex *vj_store_search_index_new     (VjStoreConn         *conn,
                                                   GError             **error);
gboolean      vj_store_search_index_remove  (VjStoreSearchIndex  *index,
                                             gint64               programme_id,
                                             GError             **error);
gboolean      vj_store_search_index_add     (VjStoreSearchIndex  *index,
                                             gint64               programme_id,
                                             const char          *title,
                                             const char          *body,
                                             const char          *places,
                                             GError             **error);
void          vj_store_search_index_free    (VjStoreSearchIndex  *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjStoreSearchIndex, vj_store_search_index_free)

G_END_DECLS
