#define G_LOG_DOMAIN "vj-db-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-store.h"
#include "vj-text.h"

/* Catalogue queries. Searches run on a pooled reader in a worker; loading one record by id is
 * an indexed point query on the main thread's reader. */

static const char load_programme_sql[] =
  "SELECT p.title, p.category, coalesce (p.level, 0), coalesce (p.ects, 0), p.duration,"
  "  p.description, p.admission, p.url, p.withdrawn, s.title, p.updated_at"
  " FROM programme p JOIN source s ON s.id = p.source_id WHERE p.id = ?1;";

/* The rows of @stmt's first column joined by @separator (the string aggregate, in C: each
 * engine has its own); NULL when there are none, or with @error set when stepping failed */
static char *
join_rows (VjStoreStmt  *stmt,
           const char   *separator,
           GError      **error)
{
  g_autoptr(GString) out = NULL;

  while (vj_store_stmt_next (stmt))
    {
      const char *value = vj_store_stmt_get_text (stmt, 0);

      if (value == NULL)
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, separator);
      g_string_append (out, value);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The towns of a programme's current offerings, in Danish order */
static const char programme_places_sql[] =
  "SELECT DISTINCT coalesce (l.town, l.name) AS town FROM offering o"
  " JOIN location l ON l.id = o.location_id"
  " WHERE o.programme_id = ?1 AND o.withdrawn = 0"
  " ORDER BY town;";

/* A programme read by @stmt (load_programme_sql, on a row), its towns by @places
 * (programme_places_sql); NULL with @error set when the towns cannot be read */
static VjProgramme *
programme_from_row (VjStoreStmt  *stmt,
                    VjStoreStmt  *places,
                    gint64        id,
                    GError      **error)
{
  g_autofree char *towns = NULL;
  GError *local_error = NULL;

  vj_store_stmt_reset (places);
  vj_store_stmt_bind_int (places, 1, id);
  towns = join_rows (places, ", ", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_object_new (VJ_TYPE_PROGRAMME,
                       "id", id,
                       "title", vj_store_stmt_get_text (stmt, 0),
                       "category", vj_store_stmt_get_text (stmt, 1),
                       "level", (int) vj_store_stmt_get_int (stmt, 2),
                       "ects", (int) vj_store_stmt_get_int (stmt, 3),
                       "duration", vj_store_stmt_get_text (stmt, 4),
                       "description", vj_store_stmt_get_text (stmt, 5),
                       "admission", vj_store_stmt_get_text (stmt, 6),
                       "url", vj_store_stmt_get_text (stmt, 7),
                       "withdrawn", vj_store_stmt_get_boolean (stmt, 8),
                       "source-title", vj_store_stmt_get_text (stmt, 9),
                       "updated", vj_store_stmt_get_text (stmt, 10),
                       "places", towns,
                       NULL);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

VjProgramme *
vj_db_load_programme (VjDb    *self,
                      gint64   id,
                      GError **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autoptr(VjStoreStmt) places = NULL;
  VjStoreConn *conn;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_get_main_reader (self);
  stmt = vj_store_prepare (conn, load_programme_sql, error);
  if (stmt == NULL)
    return NULL;
  places = vj_store_prepare (conn, programme_places_sql, error);
  if (places == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  vj_store_stmt_set_what (places, _("reading the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, id);
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                     _("The programme is no longer in the catalogue."));
      return NULL;
    }
  return programme_from_row (stmt, places, id, error);
}

/**
 * vj_db_load_programmes:
 * @ids: (array length=n): row ids
 *
 * Loads the programmes with these ids as vj_db_load_programme() does, in a worker: on a
 * pooled reader, with the same two statements for them all. A list's first rows come this way
 * with its search, so that the main thread does not read them one by one.
 *
 * Returns: (transfer full) (element-type VjProgramme): one per id in the same order, %NULL
 *   for an id no longer in the catalogue; or %NULL on error or when cancelled
 */
GPtrArray *
vj_db_load_programmes (VjDb         *self,
                       const gint64 *ids,
                       guint         n,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autoptr(VjStoreStmt) places = NULL;
  VjStoreConn *conn;
  gboolean ok = TRUE;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (ids != NULL || n == 0, NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  programmes = g_ptr_array_new_full (n, unref_nullable);
  stmt = vj_store_prepare (conn, load_programme_sql, error);
  places = stmt != NULL ? vj_store_prepare (conn, programme_places_sql, error) : NULL;
  ok = places != NULL;
  if (ok)
    {
      vj_store_stmt_set_what (stmt, _("reading the catalogue"));
      vj_store_stmt_set_what (places, _("reading the catalogue"));
    }
  for (guint i = 0; ok && i < n; i++)
    {
      VjProgramme *programme = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      vj_store_stmt_reset (stmt);
      vj_store_stmt_bind_int (stmt, 1, ids[i]);
      if (vj_store_stmt_next (stmt))
        {
          programme = programme_from_row (stmt, places, ids[i], error);
          ok = programme != NULL;
        }
      else
        ok = vj_store_stmt_check (stmt, error);
      if (ok)
        g_ptr_array_add (programmes, programme);
    }
  g_clear_pointer (&stmt, vj_store_stmt_free);
  g_clear_pointer (&places, vj_store_stmt_free);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&programmes) : NULL;
}

/**
 * vj_db_list_offerings:
 *
 * Returns: (transfer full) (element-type VjOffering): the programme's offerings, ordered by
 *   municipality (Danish order), then institution
 */
GPtrArray *
vj_db_list_offerings (VjDb    *self,
                      gint64   programme_id,
                      GError **error)
{
  g_autoptr(GPtrArray) offerings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT o.id, coalesce (l.municipality, 0), o.withdrawn, coalesce (i.id, 0),"
                           "  i.name, l.name,"
                           "  l.street, l.postcode, l.town, m.name, o.start, o.deadline,"
                           "  o.study_mode, o.url, o.derived"
                           " FROM offering o"
                           " LEFT JOIN location l ON l.id = o.location_id"
                           " LEFT JOIN institution i ON i.id = l.institution_id"
                           " LEFT JOIN municipality m ON m.code = l.municipality"
                           " WHERE o.programme_id = ?1"
                           " ORDER BY o.withdrawn, m.sort_key, i.sort_key, l.name;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, programme_id);
  while (vj_store_stmt_next (stmt))
    {
      VjOffering *offering = vj_offering_new (vj_store_stmt_get_int (stmt, 0),
                                              (int) vj_store_stmt_get_int (stmt, 1),
                                              vj_store_stmt_get_boolean (stmt, 2));

      vj_offering_set_institution_id (offering, vj_store_stmt_get_int (stmt, 3));
      for (int field = 0; field < VJ_OFFERING_N_FIELDS; field++)
        vj_offering_set (offering, field, vj_store_stmt_get_text (stmt, 4 + field));
      g_ptr_array_add (offerings, offering);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&offerings);
}

/**
 * vj_db_list_initiatives:
 * @programme_id: a programme, or 0 for every initiative
 *
 * Returns: (transfer full) (element-type VjInitiative): the initiative tree in depth-first
 *   order (each node knows its depth), or the initiatives a programme belongs to
 */
static GPtrArray *
list_initiatives (VjStoreConn  *conn,
                  gint64        programme_id,
                  GError      **error)
{
  g_autoptr(GPtrArray) initiatives = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(VjStoreStmt) stmt = NULL;

  sql = g_string_new ("WITH RECURSIVE tree (id, depth, path) AS ("
                      "  SELECT r.id, 0, " VJ_SQL_INITIATIVE_PATH_STEP ("r") " FROM initiative r"
                      "   WHERE r.parent_id IS NULL AND r.withdrawn = 0"
                      "    AND " VJ_SQL_INITIATIVE_LIVE ("r")
                      "  UNION ALL"
                      "  SELECT c.id, t.depth + 1, t.path || '/' || " VJ_SQL_INITIATIVE_PATH_STEP ("c")
                      "   FROM initiative c JOIN tree t ON c.parent_id = t.id"
                      "   WHERE c.withdrawn = 0 AND " VJ_SQL_INITIATIVE_LIVE ("c") ")"
                      " SELECT i.id, coalesce (i.parent_id, 0), t.depth,"
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "title") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "kind") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "description") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "period_start") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "period_end") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "owner") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "source_url") ","
                      "  " VJ_SQL_INITIATIVE_FIELD ("i", "inferred")
                      " FROM tree t JOIN initiative i ON i.id = t.id"
                      " WHERE ?1 = 0 OR i.id IN (SELECT initiative_id FROM ");
  if (!_vj_db_initiative_links_sql (conn, VJ_INITIATIVE_LINK_PROGRAMME, sql, 2, params, error))
    return NULL;
  g_string_append (sql, " ip WHERE programme_id = ?1) ORDER BY t.path;");
  stmt = vj_store_prepare (conn, sql->str, error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the initiatives"));
  vj_store_stmt_bind_int (stmt, 1, programme_id);
  for (guint i = 0; i < params->len; i++)
    vj_store_stmt_bind_int (stmt, (int) i + 2, g_array_index (params, gint64, i));
  while (vj_store_stmt_next (stmt))
    {
      VjInitiative *initiative = vj_initiative_new (vj_store_stmt_get_int (stmt, 0),
                                                    vj_store_stmt_get_int (stmt, 1),
                                                    (guint) vj_store_stmt_get_int (stmt, 2));

      for (int field = 0; field < VJ_INITIATIVE_N_FIELDS; field++)
        vj_initiative_set (initiative, field, vj_store_stmt_get_text (stmt, 3 + field));
      g_ptr_array_add (initiatives, initiative);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&initiatives);
}

GPtrArray *
vj_db_list_initiatives (VjDb    *self,
                        gint64   programme_id,
                        GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return list_initiatives (_vj_db_get_main_reader (self), programme_id, error);
}

static gpointer
list_initiatives_read (VjStoreConn  *conn,
                       gpointer      data,
                       GError      **error)
{
  return list_initiatives (conn, *(gint64 *) data, error);
}

/**
 * vj_db_list_initiatives_async:
 *
 * Reads as vj_db_list_initiatives() does, in a worker.
 */
void
vj_db_list_initiatives_async (VjDb               *self,
                              gint64              programme_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_read_async (self, list_initiatives_read, g_memdup2 (&programme_id, sizeof programme_id),
                     g_free, (GDestroyNotify) g_ptr_array_unref, vj_db_list_initiatives_async,
                     cancellable, callback, user_data);
}

/**
 * vj_db_list_initiatives_finish:
 *
 * Returns: (transfer full) (element-type VjInitiative): as vj_db_list_initiatives(), or
 *   %NULL with @error set
 */
GPtrArray *
vj_db_list_initiatives_finish (VjDb          *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _vj_db_read_finish (self, result, vj_db_list_initiatives_async, error);
}

/* Rows of text columns joined by a separator: the few small lists of the initiative page. */
static GPtrArray *
list_strings_with (VjDb       *self,
                   const char *sql,
                   gint64      id,
                   GArray     *params,
                   GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (_vj_db_get_main_reader (self), sql, error);

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
        row[i] = vj_store_stmt_dup_text (stmt, i);
      g_ptr_array_add (rows, row);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static GPtrArray *
list_strings (VjDb       *self,
              const char *sql,
              gint64      id,
              GError    **error)
{
  return list_strings_with (self, sql, id, NULL, error);
}

/* @select, the link table @kind as it reads with the overlay, then @rest */
static GPtrArray *
list_linked (VjDb             *self,
             const char       *select,
             VjInitiativeLink  kind,
             const char       *rest,
             gint64            id,
             GError          **error)
{
  g_autoptr(GString) sql = g_string_new (select);
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!_vj_db_initiative_links_sql (_vj_db_get_main_reader (self), kind, sql, 2, params, error))
    return NULL;
  g_string_append (sql, rest);
  return list_strings_with (self, sql->str, id, params, error);
}

/**
 * vj_db_list_initiative_goals:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { text, target }
 */
GPtrArray *
vj_db_list_initiative_goals (VjDb    *self,
                             gint64   initiative_id,
                             GError **error)
{
  return _vj_db_initiative_goals (_vj_db_get_main_reader (self), initiative_id, error);
}

/**
 * vj_db_list_initiative_actors:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { name, role, address, phone, email,
 *   url }, empty strings for what is unknown
 */
GPtrArray *
vj_db_list_initiative_actors (VjDb    *self,
                              gint64   initiative_id,
                              GError **error)
{
  return _vj_db_initiative_actors (_vj_db_get_main_reader (self), initiative_id, error);
}

/**
 * vj_db_list_initiative_programmes:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { id, title } in Danish order
 */
GPtrArray *
vj_db_list_initiative_programmes (VjDb    *self,
                                  gint64   initiative_id,
                                  GError **error)
{
  return list_linked (self, "SELECT p.id, p.title FROM ", VJ_INITIATIVE_LINK_PROGRAMME,
                      " ip JOIN programme p ON p.id = ip.programme_id"
                      " WHERE ip.initiative_id = ?1 AND p.withdrawn = 0 ORDER BY p.sort_key;",
                      initiative_id, error);
}

guint
vj_db_count_programmes (VjDb *self)
{
  gint64 n = 0;

  g_return_val_if_fail (VJ_IS_DB (self), 0);

  if (!vj_store_query_int (_vj_db_get_main_reader (self),
                           "SELECT count(*) FROM programme WHERE withdrawn = 0;", &n, NULL))
    return 0;
  return (guint) n;
}

/**
 * vj_db_dup_catalogue_summary:
 *
 * Returns: (nullable): a line naming the catalogue's sources, marking a sample catalogue
 */
char *
vj_db_dup_catalogue_summary (VjDb *self)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT title, sample FROM source ORDER BY id;", NULL);
  while (stmt != NULL && vj_store_stmt_next (stmt))
    {
      const char *title = vj_store_stmt_get_text (stmt, 0);

      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, title != NULL ? title : "");
      if (vj_store_stmt_get_boolean (stmt, 1))
        g_string_append_printf (out, " (%s)", _("sample data, to be replaced by real feeds"));
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ----- institutions ----- */

static const char institution_select[] =
  "SELECT i.id, i.withdrawn, i.name, i.type, i.number, i.url, i.email, i.phone, i.description"
  " FROM institution i";

/* Strings per institution, joined (the string aggregate, in C): the towns of its current
 * campuses, in Danish order, and the municipalities it serves */
typedef struct
{
  GHashTable *towns;   /* gint64 * → GString */
  GHashTable *serves;
} InstitutionLists;

static void
institution_lists_clear (InstitutionLists *lists)
{
  g_clear_pointer (&lists->towns, g_hash_table_unref);
  g_clear_pointer (&lists->serves, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InstitutionLists, institution_lists_clear)

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Reads the rows (institution id, text) of @sql into @table, joined by ", " */
static gboolean
collect_lists (VjStoreConn  *conn,
               const char   *sql,
               gint64        id,
               GHashTable   *table,
               GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  if (id != 0)
    vj_store_stmt_bind_int (stmt, 1, id);
  while (vj_store_stmt_next (stmt))
    {
      gint64 institution = vj_store_stmt_get_int (stmt, 0);
      const char *text = vj_store_stmt_get_text (stmt, 1);
      GString *list;

      if (text == NULL)
        continue;
      list = g_hash_table_lookup (table, &institution);
      if (list == NULL)
        g_hash_table_insert (table, g_memdup2 (&institution, sizeof institution),
                             g_string_new (text));
      else
        g_string_append_printf (list, ", %s", text);
    }
  return vj_store_stmt_check (stmt, error);
}

/* The lists of institution @id, or of every institution for 0 */
static gboolean
institution_lists_read (InstitutionLists  *lists,
                        VjStoreConn       *conn,
                        gint64             id,
                        GError           **error)
{
  lists->towns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, string_free);
  lists->serves = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, string_free);
  return collect_lists (conn,
                        id != 0
                        ? "SELECT DISTINCT l.institution_id, coalesce (l.town, l.name) AS town"
                          " FROM location l WHERE l.institution_id = ?1 AND l.withdrawn = 0"
                          " ORDER BY l.institution_id, town;"
                        : "SELECT DISTINCT l.institution_id, coalesce (l.town, l.name) AS town"
                          " FROM location l WHERE l.withdrawn = 0"
                          " ORDER BY l.institution_id, town;",
                        id, lists->towns, error) &&
         collect_lists (conn,
                        id != 0
                        ? "SELECT s.institution_id, m.name FROM institution_serves s"
                          " JOIN municipality m ON m.code = s.municipality"
                          " WHERE s.institution_id = ?1 ORDER BY s.institution_id, s.municipality;"
                        : "SELECT s.institution_id, m.name FROM institution_serves s"
                          " JOIN municipality m ON m.code = s.municipality"
                          " ORDER BY s.institution_id, s.municipality;",
                        id, lists->serves, error);
}

static const char *
institution_list (GHashTable *table,
                  gint64      id)
{
  GString *list = g_hash_table_lookup (table, &id);

  return list != NULL ? list->str : NULL;
}

static VjInstitution *
institution_from_row (VjStoreStmt      *stmt,
                      InstitutionLists *lists)
{
  gint64 id = vj_store_stmt_get_int (stmt, 0);
  VjInstitution *institution = vj_institution_new (id, vj_store_stmt_get_boolean (stmt, 1));

  for (int field = 0; field < VJ_INSTITUTION_TOWNS; field++)
    vj_institution_set (institution, field, vj_store_stmt_get_text (stmt, 2 + field));
  vj_institution_set (institution, VJ_INSTITUTION_TOWNS, institution_list (lists->towns, id));
  vj_institution_set (institution, VJ_INSTITUTION_SERVES, institution_list (lists->serves, id));
  return institution;
}

/**
 * vj_db_list_institutions:
 * @municipality: only those with a campus in, or serving, this municipality; 0 for all
 * @type: only this type (vj_institution_types()), or %NULL
 *
 * Returns: (transfer full) (element-type VjInstitution): in Danish order; a few hundred at
 *   national scale, so this is a main-thread query
 */
/**
 * vj_db_programme_has_open_deadline:
 * @today: YYYY-MM-DD
 *
 * Returns: whether an offering of the programme has a known deadline on or after @today
 *   (a main-thread query of one row)
 */
gboolean
vj_db_programme_has_open_deadline (VjDb       *self,
                                   gint64      programme_id,
                                   const char *today)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT 1 FROM offering WHERE programme_id = ?1"
                           " AND withdrawn = 0 AND deadline >= ?2 LIMIT 1;",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_int (stmt, 1, programme_id);
  vj_store_stmt_bind_text (stmt, 2, today);
  return vj_store_stmt_next (stmt);
}

GPtrArray *
vj_db_list_institutions (VjDb       *self,
                         int         municipality,
                         const char *type,
                         GError    **error)
{
  return vj_db_find_institutions (self, municipality, type, NULL, error);
}

#define MAX_SEARCH_WORDS 8

/**
 * vj_db_find_institutions:
 * @municipality: only those with a campus in, or serving, this municipality; 0 for all
 * @type: only this type (vj_institution_types()), or %NULL
 * @text: (nullable): words that begin a word of the name or of a campus's town, with the
 *   programme search's Danish folding ("koge" finds Køge); %NULL or blank for all
 *
 * Returns: (transfer full) (element-type VjInstitution): in Danish order; a main-thread
 *   query like vj_db_list_institutions()
 */
static GPtrArray *
find_institutions (VjStoreConn  *conn,
                   int           municipality,
                   const char   *type,
                   const char   *text,
                   GError      **error)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *folded = vj_text_fold (text);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t-/,.", -1);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_auto(InstitutionLists) lists = { NULL, NULL };
  g_autofree char *sql = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  /* " word" anywhere in " name towns", both spellings (vj_text_fold_for_index) */
  for (guint i = 0; words[i] != NULL && needles->len < MAX_SEARCH_WORDS; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (needles, g_strconcat (" ", words[i], NULL));

  if (!institution_lists_read (&lists, conn, 0, error))
    return NULL;
  sql = g_strconcat (institution_select,
                     " WHERE i.withdrawn = 0"
                     " AND (?1 = 0 OR EXISTS (SELECT 1 FROM location l"
                     "   WHERE l.institution_id = i.id AND l.withdrawn = 0"
                     "     AND l.municipality = ?1)"
                     "   OR EXISTS (SELECT 1 FROM institution_serves s"
                     "   WHERE s.institution_id = i.id AND s.municipality = ?1))"
                     " AND (CAST (?2 AS TEXT) IS NULL OR i.type = ?2)"
                     " ORDER BY i.sort_key;",
                     NULL);
  stmt = vj_store_prepare (conn, sql, error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, municipality);
  vj_store_stmt_bind_text (stmt, 2, type);
  while (vj_store_stmt_next (stmt))
    {
      g_autoptr(VjInstitution) institution = institution_from_row (stmt, &lists);
      g_autofree char *haystack = NULL;
      gboolean found = TRUE;

      if (needles->len > 0)
        {
          const char *towns = institution_list (lists.towns, vj_institution_get_id (institution));
          g_autofree char *spaced = g_strconcat (vj_store_stmt_get_text (stmt, 2), " ",
                                                 towns != NULL ? towns : "", NULL);
          g_autofree char *indexed = vj_text_fold_for_index (spaced);

          haystack = g_strconcat (" ", indexed, NULL);
        }
      for (guint i = 0; found && i < needles->len; i++)
        found = strstr (haystack, g_ptr_array_index (needles, i)) != NULL;
      if (found)
        g_ptr_array_add (institutions, g_steal_pointer (&institution));
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&institutions);
}

GPtrArray *
vj_db_find_institutions (VjDb       *self,
                         int         municipality,
                         const char *type,
                         const char *text,
                         GError    **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return find_institutions (_vj_db_get_main_reader (self), municipality, type, text, error);
}

typedef struct
{
  int   municipality;
  char *type;
  char *text;
} FindInstitutions;

static void
find_institutions_free (FindInstitutions *find)
{
  g_free (find->type);
  g_free (find->text);
  g_free (find);
}

static gpointer
find_institutions_read (VjStoreConn  *conn,
                        gpointer      data,
                        GError      **error)
{
  FindInstitutions *find = data;

  return find_institutions (conn, find->municipality, find->type, find->text, error);
}

/**
 * vj_db_find_institutions_async:
 *
 * Finds as vj_db_find_institutions() does, in a worker.
 */
void
vj_db_find_institutions_async (VjDb               *self,
                               int                 municipality,
                               const char         *type,
                               const char         *text,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  FindInstitutions *find;

  g_return_if_fail (VJ_IS_DB (self));

  find = g_new0 (FindInstitutions, 1);
  find->municipality = municipality;
  find->type = g_strdup (type);
  find->text = g_strdup (text);
  _vj_db_read_async (self, find_institutions_read, find, (GDestroyNotify) find_institutions_free,
                     (GDestroyNotify) g_ptr_array_unref, vj_db_find_institutions_async,
                     cancellable, callback, user_data);
}

/**
 * vj_db_find_institutions_finish:
 *
 * Returns: (transfer full) (element-type VjInstitution): as vj_db_find_institutions(), or
 *   %NULL with @error set
 */
GPtrArray *
vj_db_find_institutions_finish (VjDb          *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _vj_db_read_finish (self, result, vj_db_find_institutions_async, error);
}

VjInstitution *
vj_db_load_institution (VjDb    *self,
                        gint64   id,
                        GError **error)
{
  g_autofree char *sql = g_strconcat (institution_select, " WHERE i.id = ?1;", NULL);
  VjStoreConn *conn = _vj_db_get_main_reader (self);
  g_auto(InstitutionLists) lists = { NULL, NULL };
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stmt = vj_store_prepare (conn, sql, error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, id);
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                     _("The institution is no longer in the catalogue."));
      return NULL;
    }
  if (!institution_lists_read (&lists, conn, id, error))
    return NULL;
  return institution_from_row (stmt, &lists);
}

/**
 * vj_db_list_institution_programmes:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { programme id, title, campuses }
 */
GPtrArray *
vj_db_list_institution_programmes (VjDb    *self,
                                   gint64   institution_id,
                                   GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autoptr(GHashTable) towns = NULL;
  GString *places = NULL;
  gint64 last = 0;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self),
                           "SELECT p.id, p.title, coalesce (l.town, l.name)"
                           " FROM programme p JOIN offering o ON o.programme_id = p.id"
                           " JOIN location l ON l.id = o.location_id"
                           " WHERE l.institution_id = ?1 AND o.withdrawn = 0 AND p.withdrawn = 0"
                           " ORDER BY p.sort_key, p.id;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the initiatives"));
  vj_store_stmt_bind_int (stmt, 1, institution_id);
  /* One row per programme, its campuses' towns joined (the string aggregate, in C) */
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);
      const char *town = vj_store_stmt_get_text (stmt, 2);

      if (places == NULL || id != last)
        {
          char **row = g_new0 (char *, 4);

          if (places != NULL)
            {
              char **previous = g_ptr_array_index (rows, rows->len - 1);

              previous[2] = g_string_free (places, places->len == 0);
            }
          row[0] = vj_store_stmt_dup_text (stmt, 0);
          row[1] = vj_store_stmt_dup_text (stmt, 1);
          g_ptr_array_add (rows, row);
          places = g_string_new (NULL);
          g_clear_pointer (&towns, g_hash_table_unref);
          towns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          last = id;
        }
      if (town != NULL && g_hash_table_add (towns, g_strdup (town)))
        {
          g_autofree char *shown = NULL;
          g_auto(GStrv) parts = g_strsplit (town, ",", -1);

          /* As before: each comma as ", " */
          shown = g_strjoinv (", ", parts);
          if (places->len > 0)
            g_string_append (places, ", ");
          g_string_append (places, shown);
        }
    }
  if (places != NULL)
    {
      char **previous = g_ptr_array_index (rows, rows->len - 1);

      previous[2] = g_string_free (places, places->len == 0);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/**
 * vj_db_list_institution_campuses:
 *
 * The institution's campuses, each with what its own source says, and where that says nothing
 * what the institution register says about the unit with its number (the register enriches,
 * never overwrites).
 *
 * Returns: (transfer full) (element-type GStrv): rows of { name, address, latitude, longitude,
 *   institution number, phone, e-mail }, "" for what is not known
 */
GPtrArray *
vj_db_list_institution_campuses (VjDb    *self,
                                 gint64   institution_id,
                                 GError **error)
{
  return list_strings (self,
                       "SELECT l.name,"
                       "  trim (coalesce (coalesce (l.street, u.street) || ', ', '')"
                       "        || coalesce (coalesce (l.postcode, u.postcode) || ' ', '')"
                       "        || coalesce (l.town, u.town, ''), ', '),"
                       "  coalesce (CAST (coalesce (l.latitude, u.latitude) AS TEXT), ''),"
                       "  coalesce (CAST (coalesce (l.longitude, u.longitude) AS TEXT), ''),"
                       "  coalesce (l.number, ''), coalesce (u.phone, ''), coalesce (u.email, '')"
                       " FROM location l"
                       " LEFT JOIN public_unit u ON u.number = l.number"
                       "  AND u.source_id = (SELECT max (source_id) FROM public_unit"
                       "                     WHERE number = l.number)"
                       " WHERE l.institution_id = ?1 AND l.withdrawn = 0"
                       " ORDER BY l.name;",
                       institution_id, error);
}

/**
 * vj_db_list_institution_initiatives:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { initiative id, title, "" }
 */
GPtrArray *
vj_db_list_institution_initiatives (VjDb    *self,
                                    gint64   institution_id,
                                    GError **error)
{
  return list_linked (self,
                      "SELECT i.id, " VJ_SQL_INITIATIVE_FIELD ("i", "title") ", '' FROM ",
                      VJ_INITIATIVE_LINK_INSTITUTION,
                      " ii JOIN initiative i ON i.id = ii.initiative_id"
                      " WHERE ii.institution_id = ?1 AND i.withdrawn = 0"
                      "  AND " VJ_SQL_INITIATIVE_LIVE ("i") " ORDER BY i.position;",
                      institution_id, error);
}
