#define G_LOG_DOMAIN "vj-db-initiatives"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-initiatives.h"
#include "vj-db-private.h"

/* Initiatives beyond what the pages show: finding one by its feed id, and its links with the
 * ids a feed uses, for the CLI and for publishing. */

static GPtrArray *
list_rows (VjDb       *self,
           const char *sql,
           gint64      id,
           GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3 *conn = _vj_db_get_main_reader (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int n = sqlite3_column_count (stmt);
          char **row = g_new0 (char *, n + 1);

          for (int i = 0; i < n; i++)
            row[i] = g_strdup (sqlite3_column_text (stmt, i) != NULL
                               ? (const char *) sqlite3_column_text (stmt, i) : "");
          g_ptr_array_add (rows, row);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading the initiatives"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * vj_db_lookup_initiative:
 * @id: a row id ("12") or the id a feed gives it ("kp2020-spor4")
 *
 * Returns: the row id of the initiative, or 0 with @error set when there is none
 */
gint64
vj_db_lookup_initiative (VjDb        *self,
                         const char  *id,
                         GError     **error)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  gint64 row_id = 0;
  gint64 number = 0;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  conn = _vj_db_get_main_reader (self);
  if (!g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, &number, NULL))
    number = 0;
  rc = sqlite3_prepare_v2 (conn,
                           "SELECT id FROM initiative WHERE withdrawn = 0"
                           " AND (id = ?1 OR external_id = ?2)"
                           " ORDER BY id = ?1 DESC, id LIMIT 1;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, number);
      _vj_db_bind_text (stmt, 2, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          row_id = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_DONE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    _vj_db_set_error (error, conn, rc, _("reading the initiatives"));
  else if (row_id == 0)
    /* Translators: %s is the id the user gave */
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND, _("There is no initiative “%s”."),
                 id);
  return row_id;
}

/**
 * vj_db_dup_initiative_external_id:
 *
 * Returns: (transfer full) (nullable): the id the initiative's feed gives it
 */
char *
vj_db_dup_initiative_external_id (VjDb   *self,
                                  gint64  initiative_id)
{
  g_autoptr(GPtrArray) rows = list_rows (self, "SELECT external_id FROM initiative WHERE id = ?1;",
                                         initiative_id, NULL);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_strdup (((char **) g_ptr_array_index (rows, 0))[0]);
}

/**
 * vj_db_list_initiative_links:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { row id or municipality code, the id
 *   its feed gives it (the code for a municipality), name }, in Danish order
 */
GPtrArray *
vj_db_list_initiative_links (VjDb              *self,
                             gint64             initiative_id,
                             VjInitiativeLink   kind,
                             GError           **error)
{
  static const char * const sql[] = {
    [VJ_INITIATIVE_LINK_PROGRAMME] =
      "SELECT p.id, p.external_id, p.title FROM initiative_programme ip"
      " JOIN programme p ON p.id = ip.programme_id"
      " WHERE ip.initiative_id = ?1 AND p.withdrawn = 0 ORDER BY p.sort_key;",
    [VJ_INITIATIVE_LINK_INSTITUTION] =
      "SELECT t.id, t.external_id, t.name FROM initiative_institution ii"
      " JOIN institution t ON t.id = ii.institution_id"
      " WHERE ii.initiative_id = ?1 AND t.withdrawn = 0 ORDER BY t.sort_key;",
    [VJ_INITIATIVE_LINK_MUNICIPALITY] =
      "SELECT m.code, m.code, m.name FROM initiative_municipality im"
      " JOIN municipality m ON m.code = im.municipality"
      " WHERE im.initiative_id = ?1 ORDER BY m.code;",
  };

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (kind <= VJ_INITIATIVE_LINK_MUNICIPALITY, NULL);
  return list_rows (self, sql[kind], initiative_id, error);
}
