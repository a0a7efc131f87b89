#define G_LOG_DOMAIN "vj-db-initiatives"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vj-db-initiatives.h"
#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"

/* Initiatives beyond what the pages show: finding one by its feed id, and its links with the
 * ids a feed uses, for the CLI and for publishing. */

static GPtrArray *
list_rows (VjDb       *self,
           const char *sql,
           gint64      id,
           GError    **error)
{
  return _vj_db_initiative_rows (_vj_db_get_main_reader (self), sql, id, error);
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
                           "SELECT id FROM initiative i WHERE withdrawn = 0"
                           " AND " VJ_SQL_INITIATIVE_LIVE ("i")
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
      "SELECT p.id, p.external_id, p.title FROM " VJ_SQL_INITIATIVE_PROGRAMME " ip"
      " JOIN programme p ON p.id = ip.programme_id"
      " WHERE ip.initiative_id = ?1 AND p.withdrawn = 0 ORDER BY p.sort_key;",
    [VJ_INITIATIVE_LINK_INSTITUTION] =
      "SELECT t.id, t.external_id, t.name FROM " VJ_SQL_INITIATIVE_INSTITUTION " ii"
      " JOIN institution t ON t.id = ii.institution_id"
      " WHERE ii.initiative_id = ?1 AND t.withdrawn = 0 ORDER BY t.sort_key;",
    [VJ_INITIATIVE_LINK_MUNICIPALITY] =
      "SELECT m.code, m.code, m.name FROM " VJ_SQL_INITIATIVE_MUNICIPALITY " im"
      " JOIN municipality m ON m.code = im.municipality"
      " WHERE im.initiative_id = ?1 ORDER BY m.code;",
  };

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (kind <= VJ_INITIATIVE_LINK_MUNICIPALITY, NULL);
  return list_rows (self, sql[kind], initiative_id, error);
}

/* ----- values ----- */

VjInitiativeEdit *
vj_initiative_edit_new (void)
{
  return g_new0 (VjInitiativeEdit, 1);
}

void
vj_initiative_edit_free (VjInitiativeEdit *edit)
{
  if (edit == NULL)
    return;
  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    g_free (edit->fields[i]);
  g_clear_pointer (&edit->goals, g_ptr_array_unref);
  g_clear_pointer (&edit->actors, g_ptr_array_unref);
  g_clear_pointer (&edit->programmes, g_array_unref);
  g_clear_pointer (&edit->institutions, g_array_unref);
  g_clear_pointer (&edit->municipalities, g_array_unref);
  g_free (edit);
}

static GPtrArray *
copy_rows (GPtrArray *rows)
{
  GPtrArray *copy;

  if (rows == NULL)
    return NULL;
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (copy, g_strdupv (g_ptr_array_index (rows, i)));
  return copy;
}

static GArray *
copy_ids (GArray *ids)
{
  GArray *copy;

  if (ids == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_append_vals (copy, ids->data, ids->len);
  return copy;
}

VjInitiativeEdit *
_vj_initiative_edit_copy (const VjInitiativeEdit *edit)
{
  VjInitiativeEdit *copy = vj_initiative_edit_new ();

  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (edit->fields[i] != NULL ? edit->fields[i]
                                                                              : ""));
      copy->fields[i] = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
    }
  copy->goals = copy_rows (edit->goals);
  copy->actors = copy_rows (edit->actors);
  copy->programmes = copy_ids (edit->programmes);
  copy->institutions = copy_ids (edit->institutions);
  copy->municipalities = copy_ids (edit->municipalities);
  return copy;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Rows as a JSON array of arrays of strings; rows whose first column is empty are left out. */
char *
_vj_initiative_rows_json (GPtrArray *rows,
           guint      width)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *first = g_strstrip (g_strdup (row[0] != NULL ? row[0] : ""));
      gboolean ended = FALSE;

      if (first[0] == '\0')
        continue;
      json_builder_begin_array (builder);
      for (guint k = 0; k < width; k++)
        {
          g_autofree char *value = NULL;

          ended = ended || row[k] == NULL;
          value = g_strstrip (g_strdup (ended ? "" : row[k]));
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
_vj_initiative_ids_json (GArray *ids)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_autoptr(GString) json = g_string_new ("[");

  g_array_append_vals (sorted, ids->data, ids->len);
  g_array_sort (sorted, compare_ids);
  for (guint i = 0; i < sorted->len; i++)
    {
      gint64 id = g_array_index (sorted, gint64, i);

      if (i > 0 && id == g_array_index (sorted, gint64, i - 1))
        continue;
      g_string_append_printf (json, "%s%" G_GINT64_FORMAT, json->len > 1 ? "," : "", id);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* ----- reading ----- */

GPtrArray *
_vj_db_initiative_rows (sqlite3    *conn,
           const char *sql,
           gint64      id,
           GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
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

GArray *
_vj_initiative_rows_to_ids (GPtrArray *rows)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      gint64 id = g_ascii_strtoll (((char **) g_ptr_array_index (rows, i))[0], NULL, 10);
      g_array_append_val (ids, id);
    }
  return ids;
}

/**
 * vj_db_load_initiative_edit:
 *
 * Returns: (transfer full) (nullable): the initiative as it reads now (edits applied), with
 *   every list filled in, or %NULL with @error set
 */
VjInitiativeEdit *
vj_db_load_initiative_edit (VjDb    *self,
                            gint64   initiative_id,
                            GError **error)
{
  sqlite3 *conn;
  g_autoptr(VjInitiativeEdit) edit = vj_initiative_edit_new ();
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GPtrArray) institutions = NULL;
  g_autoptr(GPtrArray) municipalities = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_get_main_reader (self);
  row = _vj_db_initiative_rows (conn,
                   "SELECT " VJ_SQL_INITIATIVE_FIELD ("i", "title") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "kind") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "description") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "period_start") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "period_end") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "owner") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "source_url") ","
                   VJ_SQL_INITIATIVE_FIELD ("i", "inferred")
                   " FROM initiative i WHERE i.id = ?1;",
                   initiative_id, error);
  if (row == NULL)
    return NULL;
  if (row->len == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The initiative is no longer in the catalogue."));
      return NULL;
    }
  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    {
      const char *value = ((char **) g_ptr_array_index (row, 0))[i];
      edit->fields[i] = value[0] != '\0' ? g_strdup (value) : NULL;
    }

  if ((edit->goals = _vj_db_initiative_rows (conn, VJ_SQL_INITIATIVE_GOALS, initiative_id, error)) == NULL ||
      (edit->actors = _vj_db_initiative_rows (conn, VJ_SQL_INITIATIVE_ACTORS, initiative_id, error)) == NULL ||
      (programmes = _vj_db_initiative_rows (conn, "SELECT programme_id FROM " VJ_SQL_INITIATIVE_PROGRAMME
                                     " WHERE initiative_id = ?1;", initiative_id, error)) == NULL ||
      (institutions = _vj_db_initiative_rows (conn, "SELECT institution_id FROM "
                                       VJ_SQL_INITIATIVE_INSTITUTION
                                       " WHERE initiative_id = ?1;", initiative_id,
                                 error)) == NULL ||
      (municipalities = _vj_db_initiative_rows (conn, "SELECT municipality FROM "
                                         VJ_SQL_INITIATIVE_MUNICIPALITY
                                         " WHERE initiative_id = ?1;", initiative_id,
                                   error)) == NULL)
    return NULL;
  edit->programmes = _vj_initiative_rows_to_ids (programmes);
  edit->institutions = _vj_initiative_rows_to_ids (institutions);
  edit->municipalities = _vj_initiative_rows_to_ids (municipalities);
  return g_steal_pointer (&edit);
}

gboolean
_vj_db_initiative_query_bool (sqlite3    *conn,
            const char *sql,
            gint64      id)
{
  g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (conn, sql, id, NULL);

  return rows != NULL && rows->len > 0 && g_strcmp0 (((char **) rows->pdata[0])[0], "1") == 0;
}

const char _vj_initiative_is_local_sql[] =
  "SELECT s.feed_id = '" VJ_LOCAL_INITIATIVES_FEED_ID "' FROM initiative i JOIN source s ON s.id = i.source_id"
  " WHERE i.id = ?1;";

/* Made in the app (changed in place), not from a feed (changed through the overlay). */
gboolean
vj_db_initiative_is_local (VjDb   *self,
                           gint64  initiative_id)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  return _vj_db_initiative_query_bool (_vj_db_get_main_reader (self), _vj_initiative_is_local_sql, initiative_id);
}

/* Edited in the app: "Reset to Built-in" has something to remove. */
gboolean
vj_db_initiative_has_overlay (VjDb   *self,
                              gint64  initiative_id)
{
  g_return_val_if_fail (VJ_IS_DB (self), FALSE);
  return _vj_db_initiative_query_bool (_vj_db_get_main_reader (self),
                     "SELECT count (*) > 0 FROM overlay WHERE entity = 'initiative'"
                     " AND entity_id = ?1 AND field != 'deleted';", initiative_id);
}

