#define G_LOG_DOMAIN "vj-db-initiatives-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db-initiatives-export.h"
#include "vj-db-initiatives-private.h"
#include "vj-private-file.h"

/* Publishing initiatives as a Vejviser catalogue format v1 feed (data/schema/): the tree with
 * the edits made in the app applied, and, since a feed's links point into the same feed, the
 * programmes and institutions they link to. Another installation imports it like any feed:
 * keyed on (source id, record id), so publishing again updates what it imported before. */

#define NS "urn:dk:kompetenceparat:vejviser:catalogue:1"

typedef struct
{
  VjStoreConn *conn;
  GString    *xml;
  GHashTable *ids;          /* "kind:row id" → the id written in the feed */
  GHashTable *used;         /* "kind:feed id" already written */
  GArray     *programmes;   /* row ids linked, in the order first met */
  GArray     *institutions;
} Export;

static void
element (GString    *xml,
         const char *indent,
         const char *name,
         const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (xml, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

/* The v1 schema's W3C date of reduced precision; anything else is left out of the feed. */
static gboolean
is_feed_date (const char *value)
{
  return value != NULL && g_regex_match_simple ("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", value, 0, 0);
}

/* The id a record gets in the feed: its own, unless two sources used the same one. */
static const char *
feed_id (Export     *export,
         const char *kind,
         gint64      row_id,
         const char *external_id)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, row_id);
  const char *id = g_hash_table_lookup (export->ids, key);
  char *chosen;

  if (id != NULL)
    return id;
  chosen = g_regex_match_simple ("^[A-Za-z0-9._:-]+$", external_id, 0, 0)
         ? g_strdup (external_id)
         : g_strdup_printf ("%s-%" G_GINT64_FORMAT, kind, row_id);
  {
    g_autofree char *used = g_strdup_printf ("%s:%s", kind, chosen);
    if (g_hash_table_contains (export->used, used))
      {
        g_free (chosen);
        chosen = g_strdup_printf ("%s-%" G_GINT64_FORMAT, external_id, row_id);
        g_free (used);
        used = g_strdup_printf ("%s:%s", kind, chosen);
      }
    g_hash_table_add (export->used, g_steal_pointer (&used));
  }
  g_hash_table_insert (export->ids, g_steal_pointer (&key), chosen);
  return chosen;
}

static void
remember (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

static gboolean
write_links (Export  *export,
             gint64   id,
             GError **error)
{
  static const struct
  {
    const char *select;
    const char *rest;
    const char *element;
    const char *kind;
  } links[] = {
    [VJ_INITIATIVE_LINK_PROGRAMME] =
    { "SELECT p.id, p.external_id FROM ",
      " ip JOIN programme p ON p.id = ip.programme_id WHERE ip.initiative_id = ?1"
      " AND p.withdrawn = 0 ORDER BY p.sort_key;", "programme-ref", "programme" },
    [VJ_INITIATIVE_LINK_INSTITUTION] =
    { "SELECT t.id, t.external_id FROM ",
      " ii JOIN institution t ON t.id = ii.institution_id WHERE ii.initiative_id = ?1"
      " AND t.withdrawn = 0 ORDER BY t.sort_key;", "institution-ref", "institution" },
    [VJ_INITIATIVE_LINK_MUNICIPALITY] =
    { "SELECT m.code, m.code FROM ",
      " im JOIN municipality m ON m.code = im.municipality WHERE im.initiative_id = ?1"
      " ORDER BY m.code;", "municipality-ref", NULL },
  };

  for (guint k = 0; k < G_N_ELEMENTS (links); k++)
    {
      g_autoptr(GString) sql = g_string_new (links[k].select);
      g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) rows = NULL;

      if (!_vj_db_initiative_links_sql (export->conn, k, sql, 2, params, error))
        return FALSE;
      g_string_append (sql, links[k].rest);
      rows = _vj_db_initiative_rows_with (export->conn, sql->str, id, params, error);
      if (rows == NULL)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          gint64 row_id = g_ascii_strtoll (row[0], NULL, 10);

          if (links[k].kind == NULL)
            {
              element (export->xml, "    ", links[k].element, row[1]);
              continue;
            }
          element (export->xml, "    ", links[k].element,
                   feed_id (export, links[k].kind, row_id, row[1]));
          remember (k == 0 ? export->programmes : export->institutions, row_id);
        }
    }
  return TRUE;
}

static gboolean
write_initiative (Export  *export,
                  char   **row,
                  GError **error)
{
  /* row: id, parent id, external id, parent's external id, then the eight fields */
  gint64 id = g_ascii_strtoll (row[0], NULL, 10);
  gint64 parent = g_ascii_strtoll (row[1], NULL, 10);
  g_autofree char *escaped_id = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  static const char * const actor_elements[] = {
    "name", "role", "address", "phone", "email", "url",
  };

  escaped_id = g_markup_escape_text (feed_id (export, "initiative", id, row[2]), -1);
  g_string_append_printf (export->xml, "  <initiative id=\"%s\"", escaped_id);
  if (parent != 0)
    {
      g_autofree char *escaped = g_markup_escape_text (feed_id (export, "initiative", parent,
                                                                row[3]), -1);
      g_string_append_printf (export->xml, " parent=\"%s\"", escaped);
    }
  g_string_append (export->xml, ">\n");
  element (export->xml, "    ", "title", row[4]);
  element (export->xml, "    ", "kind", row[5]);
  element (export->xml, "    ", "description", row[6]);
  if (is_feed_date (row[7]))
    element (export->xml, "    ", "period-start", row[7]);
  if (is_feed_date (row[8]))
    element (export->xml, "    ", "period-end", row[8]);
  element (export->xml, "    ", "owner", row[9]);
  element (export->xml, "    ", "source-url", row[10]);
  element (export->xml, "    ", "inferred", row[11]);

  if ((goals = _vj_db_initiative_goals (export->conn, id, error)) == NULL ||
      (actors = _vj_db_initiative_actors (export->conn, id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < goals->len; i++)
    {
      char **goal = g_ptr_array_index (goals, i);

      g_string_append (export->xml, "    <goal>\n");
      element (export->xml, "      ", "text", goal[0]);
      element (export->xml, "      ", "target", goal[1]);
      g_string_append (export->xml, "    </goal>\n");
    }
  for (guint i = 0; i < actors->len; i++)
    {
      char **actor = g_ptr_array_index (actors, i);

      g_string_append (export->xml, "    <actor>\n");
      for (guint k = 0; k < G_N_ELEMENTS (actor_elements); k++)
        element (export->xml, "      ", actor_elements[k], actor[k]);
      g_string_append (export->xml, "    </actor>\n");
    }
  if (!write_links (export, id, error))
    return FALSE;
  g_string_append (export->xml, "  </initiative>\n");
  return TRUE;
}

/* The linked records, with what the format needs; their offerings and campuses stay home. */
static gboolean
write_linked (Export  *export,
              GString *out,
              GError **error)
{
  for (guint i = 0; i < export->institutions->len; i++)
    {
      gint64 id = g_array_index (export->institutions, gint64, i);
      g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (export->conn,
        "SELECT external_id, name, type, number, url, email, phone, description"
        " FROM institution WHERE id = ?1;", id, error);
      char **row;
      g_autofree char *escaped = NULL;

      if (rows == NULL)
        return FALSE;
      row = g_ptr_array_index (rows, 0);
      escaped = g_markup_escape_text (feed_id (export, "institution", id, row[0]), -1);
      g_string_append_printf (out, "  <institution id=\"%s\">\n", escaped);
      element (out, "    ", "name", row[1]);
      element (out, "    ", "type", row[2]);
      element (out, "    ", "number", row[3]);
      element (out, "    ", "url", row[4]);
      element (out, "    ", "email", row[5]);
      element (out, "    ", "phone", row[6]);
      element (out, "    ", "description", row[7]);
      g_string_append (out, "  </institution>\n");
    }
  for (guint i = 0; i < export->programmes->len; i++)
    {
      gint64 id = g_array_index (export->programmes, gint64, i);
      g_autoptr(GPtrArray) rows = _vj_db_initiative_rows (export->conn,
        "SELECT external_id, title, category, level, ects, duration, description, admission,"
        " url FROM programme WHERE id = ?1;", id, error);
      char **row;
      g_autofree char *escaped = NULL;

      if (rows == NULL)
        return FALSE;
      row = g_ptr_array_index (rows, 0);
      escaped = g_markup_escape_text (feed_id (export, "programme", id, row[0]), -1);
      g_string_append_printf (out, "  <programme id=\"%s\">\n", escaped);
      element (out, "    ", "title", row[1]);
      element (out, "    ", "category", row[2][0] != '\0' ? row[2] : "other");
      element (out, "    ", "level", row[3]);
      element (out, "    ", "ects", row[4]);
      element (out, "    ", "duration", row[5]);
      element (out, "    ", "description", row[6]);
      element (out, "    ", "admission", row[7]);
      element (out, "    ", "url", row[8]);
      g_string_append (out, "  </programme>\n");
    }
  return TRUE;
}

static char *
export_with (VjStoreConn *conn,
             const char  *source_id,
             GError     **error)
{
  Export export = { conn, g_string_new (NULL), NULL, NULL, NULL, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *escaped_source = g_markup_escape_text (source_id, -1);
  g_autofree char *title = g_markup_escape_text (_("Initiatives published from Vejviser"), -1);
  gboolean ok;

  export.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  export.used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  export.programmes = g_array_new (FALSE, FALSE, sizeof (gint64));
  export.institutions = g_array_new (FALSE, FALSE, sizeof (gint64));

  rows = _vj_db_initiative_rows (conn,
    "WITH RECURSIVE tree (id, path) AS ("
    "  SELECT r.id, " VJ_SQL_INITIATIVE_PATH_STEP ("r") " FROM initiative r"
    "   WHERE r.parent_id IS NULL AND r.withdrawn = 0 AND " VJ_SQL_INITIATIVE_LIVE ("r")
    "  UNION ALL"
    "  SELECT c.id, t.path || '/' || " VJ_SQL_INITIATIVE_PATH_STEP ("c")
    "   FROM initiative c JOIN tree t ON c.parent_id = t.id"
    "   WHERE c.withdrawn = 0 AND " VJ_SQL_INITIATIVE_LIVE ("c") ")"
    " SELECT i.id, coalesce (i.parent_id, 0), i.external_id,"
    "  (SELECT p.external_id FROM initiative p WHERE p.id = i.parent_id),"
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "title") ", " VJ_SQL_INITIATIVE_FIELD ("i", "kind") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "description") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "period_start") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "period_end") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "owner") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "source_url") ","
    "  " VJ_SQL_INITIATIVE_FIELD ("i", "inferred")
    " FROM tree t JOIN initiative i ON i.id = t.id WHERE ?1 = ?1 ORDER BY t.path;",
    0, error);
  ok = rows != NULL;
  for (guint i = 0; ok && i < rows->len; i++)
    ok = write_initiative (&export, g_ptr_array_index (rows, i), error);

  g_string_append_printf (out,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<catalogue xmlns=\"" NS "\" format-version=\"1\">\n"
                          "  <header>\n"
                          "    <source-id>%s</source-id>\n"
                          "    <version>%" G_GINT64_FORMAT "</version>\n"
                          "    <title>%s</title>\n"
                          "    <generated>%s</generated>\n"
                          "  </header>\n",
                          escaped_source, g_date_time_to_unix (now), title, generated);
  ok = ok && write_linked (&export, out, error);
  g_string_append (out, export.xml->str);
  g_string_append (out, "</catalogue>\n");

  g_string_free (export.xml, TRUE);
  g_hash_table_unref (export.ids);
  g_hash_table_unref (export.used);
  g_array_unref (export.programmes);
  g_array_unref (export.institutions);
  return ok ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/**
 * vj_db_export_initiatives:
 * @source_id: (nullable): the feed's source id, %NULL for %VJ_INITIATIVES_EXPORT_SOURCE_ID
 *
 * Returns: (transfer full) (nullable): the feed, or %NULL with @error set
 */
char *
vj_db_export_initiatives (VjDb        *self,
                          const char  *source_id,
                          GError     **error)
{
  VjStoreConn *conn;
  char *xml;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  if ((conn = _vj_db_acquire_reader (self, error)) == NULL)
    return NULL;
  xml = export_with (conn, source_id != NULL ? source_id : VJ_INITIATIVES_EXPORT_SOURCE_ID,
                     error);
  _vj_db_release_reader (self, conn);
  return xml;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  const char *source_id = g_object_get_data (G_OBJECT (task), "source-id");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *xml = NULL;
  GError *error = NULL;

  if ((xml = vj_db_export_initiatives (source, source_id, &error)) == NULL ||
      !vj_private_file_write (path, xml, strlen (xml), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Writes the feed to @file in a worker. */
void
vj_db_export_initiatives_async (VjDb                *self,
                                const char          *source_id,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_db_export_initiatives_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "source-id", g_strdup (source_id), g_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
vj_db_export_initiatives_finish (VjDb          *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
