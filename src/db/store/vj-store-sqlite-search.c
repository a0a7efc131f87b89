#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-store-search.h"
#include "vj-text.h"

/* The catalogue's search index on SQLite (vj-store-search.h): the FTS5 table catalogue_fts,
 * whose rowid is the programme's id, with the columns title (title and keywords), body
 * (description and admission) and places (where it is offered, by whom), all folded for the
 * index. */

/* An FTS5 expression: every word a quoted prefix query; in the title column alone when
 * @titles_only */
char *
vj_store_search_terms (const char *text,
                       gboolean    titles_only)
{
  g_autofree char *match = vj_text_fts_query (text);

  if (match == NULL || !titles_only)
    return g_steal_pointer (&match);
  return g_strconcat ("title : (", match, ")", NULL);
}

/* The programmes p that match the expression bound at ?@param */
void
vj_store_search_append_match (GString *sql,
                              guint    param)
{
  g_string_append_printf (sql,
                          " FROM catalogue_fts f JOIN programme p ON p.id = f.rowid"
                          " WHERE catalogue_fts MATCH ?%u",
                          param);
}

/* Best first: bm25 with titles weighing more than places, and places more than descriptions */
void
vj_store_search_append_rank (GString *sql)
{
  g_string_append (sql, "bm25 (catalogue_fts, 10.0, 1.0, 3.0)");
}

struct _VjStoreSearchIndex
{
  VjStoreStmt *remove;
  VjStoreStmt *add;
};

/* The index's rows, written with statements kept for a merge */
VjStoreSearchIndex *
vj_store_search_index_new (VjStoreConn  *conn,
                           GError      **error)
{
  g_autoptr(VjStoreSearchIndex) index = g_new0 (VjStoreSearchIndex, 1);

  index->remove = vj_store_prepare_persistent (conn,
                                               "DELETE FROM catalogue_fts WHERE rowid = ?1;",
                                               error);
  if (index->remove == NULL)
    return NULL;
  index->add = vj_store_prepare_persistent (conn,
                                            "INSERT INTO catalogue_fts (rowid, title, body, places)"
                                            " VALUES (?1, ?2, ?3, ?4);",
                                            error);
  if (index->add == NULL)
    return NULL;
  vj_store_stmt_set_what (index->remove, _("merging the catalogue"));
  vj_store_stmt_set_what (index->add, _("merging the catalogue"));
  return g_steal_pointer (&index);
}

gboolean
vj_store_search_index_remove (VjStoreSearchIndex  *index,
                              gint64               programme_id,
                              GError             **error)
{
  vj_store_stmt_bind_int (index->remove, 1, programme_id);
  return vj_store_stmt_run (index->remove, error);
}

/* The programme's row, its texts already folded for the index */
gboolean
vj_store_search_index_add (VjStoreSearchIndex  *index,
                           gint64               programme_id,
                           const char          *title,
                           const char          *body,
                           const char          *places,
                           GError             **error)
{
  vj_store_stmt_bind_int (index->add, 1, programme_id);
  vj_store_stmt_bind_text (index->add, 2, title);
  vj_store_stmt_bind_text (index->add, 3, body);
  vj_store_stmt_bind_text (index->add, 4, places);
  return vj_store_stmt_run (index->add, error);
}

void
vj_store_search_index_free (VjStoreSearchIndex *index)
{
  if (index == NULL)
    return;
  vj_store_stmt_free (index->remove);
  vj_store_stmt_free (index->add);
  g_free (index);
}
