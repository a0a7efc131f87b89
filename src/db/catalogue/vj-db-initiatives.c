#define G_LOG_DOMAIN "vj-db-initiatives"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vj-db-initiatives.h"
#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-store.h"

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
  g_autoptr(VjStoreStmt) stmt = NULL;
  gint64 row_id = 0;
  gint64 number = 0;

  g_return_val_if_fail (VJ_IS_DB (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  if (!g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, &number, NULL))
    number = 0;
  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT id FROM initiative i WHERE withdrawn = 0"
                           " AND " VJ_SQL_INITIATIVE_LIVE ("i")
                           " AND (id = ?1 OR external_id = ?2)"
                           " ORDER BY CASE WHEN id = ?1 THEN 0 ELSE 1 END, id LIMIT 1;",
                           error);
  if (stmt == NULL)
    return 0;
  vj_store_stmt_set_what (stmt, _("reading the initiatives"));
  vj_store_stmt_bind_int (stmt, 1, number);
  vj_store_stmt_bind_text (stmt, 2, id);
  if (vj_store_stmt_next (stmt))
    row_id = vj_store_stmt_get_int (stmt, 0);
  else if (!vj_store_stmt_check (stmt, error))
    return 0;
  if (row_id == 0)
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
  static const char * const select[] = {
    [VJ_INITIATIVE_LINK_PROGRAMME] = "SELECT p.id, p.external_id, p.title FROM ",
    [VJ_INITIATIVE_LINK_INSTITUTION] = "SELECT t.id, t.external_id, t.name FROM ",
    [VJ_INITIATIVE_LINK_MUNICIPALITY] = "SELECT m.code, m.code, m.name FROM ",
  };
  static const char * const rest[] = {
    [VJ_INITIATIVE_LINK_PROGRAMME] =
      " ip JOIN programme p ON p.id = ip.programme_id"
      " WHERE ip.initiative_id = ?1 AND p.withdrawn = 0 ORDER BY p.sort_key;",
    [VJ_INITIATIVE_LINK_INSTITUTION] =
      " ii JOIN institution t ON t.id = ii.institution_id"
      " WHERE ii.initiative_id = ?1 AND t.withdrawn = 0 ORDER BY t.sort_key;",
    [VJ_INITIATIVE_LINK_MUNICIPALITY] =
      " im JOIN municipality m ON m.code = im.municipality"
      " WHERE im.initiative_id = ?1 ORDER BY m.code;",
  };
  VjStoreConn *conn;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) params = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (kind <= VJ_INITIATIVE_LINK_MUNICIPALITY, NULL);

  conn = _vj_db_get_main_reader (self);
  sql = g_string_new (select[kind]);
  params = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!_vj_db_initiative_links_sql (conn, kind, sql, 2, params, error))
    return NULL;
  g_string_append (sql, rest[kind]);
  return _vj_db_initiative_rows_with (conn, sql->str, initiative_id, params, error);
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

/* The rows of @sql, every value as text ("" for NULL), with ?1 bound to @id and ?2 … to
 * @params (gint64), if any */
GPtrArray *
_vj_db_initiative_rows_with (VjStoreConn *conn,
                             const char  *sql,
                             gint64       id,
                             GArray      *params,
                             GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the initiatives"));
  vj_store_stmt_bind_int (stmt, 1, id);
  for (guint i = 0; params != NULL && i < params->len; i++)
    vj_store_stmt_bind_int (stmt, (int) i + 2, g_array_index (params, gint64, i));
  while (vj_store_stmt_next (stmt))
    {
      int n = vj_store_stmt_get_n_columns (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        {
          const char *value = vj_store_stmt_get_text (stmt, i);

          row[i] = g_strdup (value != NULL ? value : "");
        }
      g_ptr_array_add (rows, row);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
_vj_db_initiative_rows (VjStoreConn *conn,
                        const char  *sql,
                        gint64       id,
                        GError     **error)
{
  return _vj_db_initiative_rows_with (conn, sql, id, NULL, error);
}

static const char * const link_tables[][3] = {
  [VJ_INITIATIVE_LINK_PROGRAMME] = { "programmes", "initiative_programme", "programme_id" },
  [VJ_INITIATIVE_LINK_INSTITUTION] = { "institutions", "initiative_institution", "institution_id" },
  [VJ_INITIATIVE_LINK_MUNICIPALITY] = { "municipalities", "initiative_municipality",
                                        "municipality" },
};

/* The overlay's value of each initiative that has @field, in the order they were made */
static GPtrArray *
overlay_values (VjStoreConn *conn,
                const char  *field,
                gint64       id,
                GArray      *ids,
                GError     **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn,
                           "SELECT entity_id, value FROM overlay WHERE entity = 'initiative'"
                           " AND field = ?1 AND (?2 = 0 OR entity_id = ?2) ORDER BY id;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the initiatives"));
  vj_store_stmt_bind_text (stmt, 1, field);
  vj_store_stmt_bind_int (stmt, 2, id);
  while (vj_store_stmt_next (stmt))
    {
      gint64 entity_id = vj_store_stmt_get_int (stmt, 0);

      if (ids != NULL)
        g_array_append_val (ids, entity_id);
      g_ptr_array_add (values, vj_store_stmt_dup_text (stmt, 1));
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&values);
}

/* Appends the link table @kind as it reads with the overlay, a subquery of rows
 * (initiative_id, <the table's link column>): the table's rows of initiatives whose links were
 * not edited, and the edited links from the overlay, whose values are appended to @params
 * (gint64), each as the parameter ?(@first + its index in @params). */
gboolean
_vj_db_initiative_links_sql (VjStoreConn      *conn,
                             VjInitiativeLink  kind,
                             GString          *sql,
                             guint             first,
                             GArray           *params,
                             GError          **error)
{
  const char * const *table = link_tables[kind];
  g_autoptr(GArray) initiatives = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) values = overlay_values (conn, table[0], 0, initiatives, error);
  gboolean none_yet = TRUE;

  if (values == NULL)
    return FALSE;
  g_string_append_printf (sql,
                          "(SELECT initiative_id, %s FROM %s WHERE initiative_id NOT IN"
                          "   (SELECT entity_id FROM overlay WHERE entity = 'initiative'"
                          "    AND field = '%s')",
                          table[2], table[1], table[0]);
  for (guint i = 0; i < values->len; i++)
    {
      g_autoptr(GArray) ids = _vj_initiative_json_ids (g_ptr_array_index (values, i));

      for (guint k = 0; k < ids->len; k++)
        {
          g_string_append (sql, none_yet ? " UNION ALL VALUES " : ", ");
          none_yet = FALSE;
          g_array_append_val (params, g_array_index (initiatives, gint64, i));
          g_string_append_printf (sql, "(?%u, ", first + params->len - 1);
          g_array_append_val (params, g_array_index (ids, gint64, k));
          g_string_append_printf (sql, "?%u)", first + params->len - 1);
        }
    }
  g_string_append_c (sql, ')');
  return TRUE;
}

/* The value at @index of a JSON array as text, NULL when there is none */
static char *
json_array_text (JsonArray *array,
                 guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        return g_strdup (json_node_get_string (node));
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      case G_TYPE_BOOLEAN:
        return g_strdup (json_node_get_boolean (node) ? "1" : "0");
      default:
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
        }
      }
  return json_to_string (node, FALSE);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *json)
{
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
}

/* The rows of a JSON array of arrays (the overlay's goals or actors), @width texts each, ""
 * for what a row leaves out */
GPtrArray *
_vj_initiative_json_rows (const char *json,
                          guint       width)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonArray *array = parse_array (parser, json);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *fields = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      char **row = g_new0 (char *, width + 1);

      for (guint k = 0; k < width; k++)
        {
          row[k] = json_array_text (fields, k);
          if (row[k] == NULL)
            row[k] = g_strdup ("");
        }
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* The ids of a JSON array of numbers (the overlay's links) */
GArray *
_vj_initiative_json_ids (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array = parse_array (parser, json);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *text = json_array_text (array, i);
      gint64 id = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;

      g_array_append_val (ids, id);
    }
  return ids;
}

/* Goals or actors: the rows of the overlay's list when it has one, else the table's */
static GPtrArray *
list_rows_of (VjStoreConn *conn,
              const char  *field,
              const char  *table_sql,
              guint        width,
              gint64       id,
              GError     **error)
{
  g_autoptr(GPtrArray) values = overlay_values (conn, field, id, NULL, error);

  if (values == NULL)
    return NULL;
  if (values->len > 0)
    return _vj_initiative_json_rows (g_ptr_array_index (values, 0), width);
  return _vj_db_initiative_rows (conn, table_sql, id, error);
}

/* Rows of { text, target } */
GPtrArray *
_vj_db_initiative_goals (VjStoreConn *conn,
                         gint64       id,
                         GError     **error)
{
  return list_rows_of (conn, "goals",
                       "SELECT text, coalesce (target, '') FROM goal WHERE initiative_id = ?1"
                       " ORDER BY position;",
                       2, id, error);
}

/* Rows of { name, role, address, phone, email, url } */
GPtrArray *
_vj_db_initiative_actors (VjStoreConn *conn,
                          gint64       id,
                          GError     **error)
{
  return list_rows_of (conn, "actors",
                       "SELECT name, coalesce (role, ''), coalesce (address, ''),"
                       "  coalesce (phone, ''), coalesce (email, ''), coalesce (url, '')"
                       " FROM actor WHERE initiative_id = ?1 ORDER BY position;",
                       6, id, error);
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
  VjStoreConn *conn;
  g_autoptr(VjInitiativeEdit) edit = vj_initiative_edit_new ();
  g_autoptr(GPtrArray) row = NULL;
  GArray **links[] = { &edit->programmes, &edit->institutions, &edit->municipalities };
  static const char * const link_select[] = {
    "SELECT programme_id FROM ", "SELECT institution_id FROM ", "SELECT municipality FROM ",
  };

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

  if ((edit->goals = _vj_db_initiative_goals (conn, initiative_id, error)) == NULL ||
      (edit->actors = _vj_db_initiative_actors (conn, initiative_id, error)) == NULL)
    return NULL;
  for (guint k = 0; k < G_N_ELEMENTS (links); k++)
    {
      g_autoptr(GString) sql = g_string_new (link_select[k]);
      g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) rows = NULL;

      if (!_vj_db_initiative_links_sql (conn, k, sql, 2, params, error))
        return NULL;
      g_string_append (sql, " WHERE initiative_id = ?1;");
      if ((rows = _vj_db_initiative_rows_with (conn, sql->str, initiative_id, params,
                                               error)) == NULL)
        return NULL;
      *links[k] = _vj_initiative_rows_to_ids (rows);
    }
  return g_steal_pointer (&edit);
}

gboolean
_vj_db_initiative_query_bool (VjStoreConn *conn,
                              const char  *sql,
                              gint64       id)
{
  g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (conn, sql, id, NULL);

  return rows != NULL && rows->len > 0 && g_strcmp0 (((char **) rows->pdata[0])[0], "1") == 0;
}

const char _vj_initiative_is_local_sql[] =
  "SELECT CASE WHEN s.feed_id = '" VJ_LOCAL_INITIATIVES_FEED_ID "' THEN 1 ELSE 0 END"
  " FROM initiative i JOIN source s ON s.id = i.source_id WHERE i.id = ?1;";

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
                     "SELECT 1 FROM overlay WHERE entity = 'initiative'"
                     " AND entity_id = ?1 AND field != 'deleted' LIMIT 1;", initiative_id);
}

