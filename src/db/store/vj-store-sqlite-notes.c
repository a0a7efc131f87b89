#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-store-notes.h"
#include "vj-text.h"

/* The notes index on SQLite (vj-store-notes.h): the FTS5 table session_fts, its rowid the
 * session's id, its one column the folded notes. */

/* Adds the notes of @session_id, already folded for the index; a session's old notes are
 * removed first (vj_store_notes_remove ()) */
gboolean
vj_store_notes_set (VjStoreConn  *conn,
                    gint64        session_id,
                    const char   *folded,
                    GError      **error)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "INSERT INTO session_fts (rowid, notes) VALUES (?1, ?2);", error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, session_id);
  vj_store_stmt_bind_text (stmt, 2, folded);
  return vj_store_stmt_run (stmt, error);
}

gboolean
vj_store_notes_remove (VjStoreConn  *conn,
                       gint64        session_id,
                       GError      **error)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "DELETE FROM session_fts WHERE rowid = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, session_id);
  return vj_store_stmt_run (stmt, error);
}

/* Merges the index into one piece, so that nothing removed stays in its pages (erasing) */
gboolean
vj_store_notes_optimize (VjStoreConn  *conn,
                         GError      **error)
{
  return vj_store_exec (conn, "INSERT INTO session_fts (session_fts) VALUES ('optimize');",
                        error);
}

/* The query for what the counsellor typed: NULL when it holds no word to search */
char *
vj_store_notes_query (const char *text)
{
  return text != NULL ? vj_text_fts_query (text) : NULL;
}

/* How many sessions' notes match @query: cheap, from the index alone; 0 on failure */
gint64
vj_store_notes_count (VjStoreConn *conn,
                      const char  *query)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "SELECT count(*) FROM session_fts WHERE session_fts MATCH ?1;", NULL);

  if (stmt == NULL)
    return 0;
  vj_store_stmt_bind_text (stmt, 1, query);
  return vj_store_stmt_next (stmt) ? vj_store_stmt_get_int (stmt, 0) : 0;
}

/* A condition for a WHERE clause: @column (a session's id) is among the sessions whose notes
 * match the query bound to ?@placeholder. @dense: many match, and the query walks the sessions
 * in its own order and stops at a page (the + keeps SQLite from starting at the index and
 * sorting all of its matches). */
char *
vj_store_notes_filter (const char *column,
                       int         placeholder,
                       gboolean    dense)
{
  return g_strdup_printf ("%s%s IN (SELECT rowid FROM session_fts WHERE session_fts MATCH ?%d)",
                          dense ? "+" : "", column, placeholder);
}
