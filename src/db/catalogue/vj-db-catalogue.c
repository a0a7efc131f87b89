#define G_LOG_DOMAIN "vj-db-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-text.h"

/* Catalogue queries. Searches run on a pooled reader in a worker; loading one record by id is
 * an indexed point query on the main thread's reader. */

/* The towns of a programme's current offerings, in Danish order. */
static const char load_programme_sql[] =
  "SELECT p.title, p.category, coalesce (p.level, 0), coalesce (p.ects, 0), p.duration,"
  "  p.description, p.admission, p.url, p.withdrawn, s.title, p.updated_at,"
  "  (SELECT group_concat (town, ', ') FROM ("
  "     SELECT DISTINCT coalesce (l.town, l.name) AS town FROM offering o"
  "     JOIN location l ON l.id = o.location_id"
  "     WHERE o.programme_id = p.id AND o.withdrawn = 0"
  "     ORDER BY town))"
  " FROM programme p JOIN source s ON s.id = p.source_id WHERE p.id = ?1;";

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* A row of load_programme_sql */
static VjProgramme *
programme_from_row (sqlite3_stmt *stmt,
                    gint64        id)
{
  return g_object_new (VJ_TYPE_PROGRAMME,
                       "id", id,
                       "title", sqlite3_column_text (stmt, 0),
                       "category", sqlite3_column_text (stmt, 1),
                       "level", sqlite3_column_int (stmt, 2),
                       "ects", sqlite3_column_int (stmt, 3),
                       "duration", sqlite3_column_text (stmt, 4),
                       "description", sqlite3_column_text (stmt, 5),
                       "admission", sqlite3_column_text (stmt, 6),
                       "url", sqlite3_column_text (stmt, 7),
                       "withdrawn", sqlite3_column_int (stmt, 8) != 0,
                       "source-title", sqlite3_column_text (stmt, 9),
                       "updated", sqlite3_column_text (stmt, 10),
                       "places", sqlite3_column_text (stmt, 11),
                       NULL);
}

VjProgramme *
vj_db_load_programme (VjDb    *self,
                      gint64   id,
                      GError **error)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  VjProgramme *programme = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_get_main_reader (self);
  rc = sqlite3_prepare_v2 (conn, load_programme_sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    programme = programme_from_row (stmt, id);
  else if (rc == SQLITE_DONE)
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                 _("The programme is no longer in the catalogue."));
  else
    _vj_db_set_error (error, conn, rc, _("reading the catalogue"));
  sqlite3_finalize (stmt);
  return programme;
}

/**
 * vj_db_load_programmes:
 * @ids: (array length=n): row ids
 *
 * Loads the programmes with these ids as vj_db_load_programme() does, in a worker: on a
 * pooled reader, with one statement for them all. A list's first rows come this way with its
 * search, so that the main thread does not read them one by one.
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
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (ids != NULL || n == 0, NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  programmes = g_ptr_array_new_full (n, unref_nullable);
  rc = sqlite3_prepare_v2 (conn, load_programme_sql, -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < n; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        break;
      g_ptr_array_add (programmes, rc == SQLITE_ROW ? programme_from_row (stmt, ids[i]) : NULL);
      rc = sqlite3_reset (stmt);
    }
  if (rc != SQLITE_OK)
    _vj_db_set_error (error, conn, rc, _("reading the catalogue"));
  else if (programmes->len < n)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  sqlite3_finalize (stmt);
  _vj_db_release_reader (self, conn);
  if (programmes->len < n)
    return NULL;
  return g_steal_pointer (&programmes);
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
  sqlite3 *conn = _vj_db_get_main_reader (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn,
                           "SELECT o.id, coalesce (l.municipality, 0), o.withdrawn, coalesce (i.id, 0),"
                           "  i.name, l.name,"
                           "  l.street, l.postcode, l.town, m.name, o.start, o.deadline,"
                           "  o.study_mode, o.url"
                           " FROM offering o"
                           " LEFT JOIN location l ON l.id = o.location_id"
                           " LEFT JOIN institution i ON i.id = l.institution_id"
                           " LEFT JOIN municipality m ON m.code = l.municipality"
                           " WHERE o.programme_id = ?1"
                           " ORDER BY o.withdrawn, m.sort_key, i.sort_key, l.name;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, programme_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VjOffering *offering = vj_offering_new (sqlite3_column_int64 (stmt, 0),
                                                  sqlite3_column_int (stmt, 1),
                                                  sqlite3_column_int (stmt, 2) != 0);

          vj_offering_set_institution_id (offering, sqlite3_column_int64 (stmt, 3));
          for (int field = 0; field < VJ_OFFERING_N_FIELDS; field++)
            vj_offering_set (offering, field,
                             (const char *) sqlite3_column_text (stmt, 4 + field));
          g_ptr_array_add (offerings, offering);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading the catalogue"));
      return NULL;
    }
  return g_steal_pointer (&offerings);
}

/**
 * vj_db_list_initiatives:
 * @programme_id: a programme, or 0 for every initiative
 *
 * Returns: (transfer full) (element-type VjInitiative): the initiative tree in depth-first
 *   order (each node knows its depth), or the initiatives a programme belongs to
 */
GPtrArray *
vj_db_list_initiatives (VjDb    *self,
                        gint64   programme_id,
                        GError **error)
{
  g_autoptr(GPtrArray) initiatives = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3 *conn = _vj_db_get_main_reader (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn,
                           "WITH RECURSIVE tree (id, depth, path) AS ("
                           "  SELECT r.id, 0, printf ('%08d', r.position) FROM initiative r"
                           "   WHERE r.parent_id IS NULL AND r.withdrawn = 0"
                           "    AND " VJ_SQL_INITIATIVE_LIVE ("r")
                           "  UNION ALL"
                           "  SELECT c.id, t.depth + 1, t.path || '/' || printf ('%08d', c.position)"
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
                           " WHERE ?1 = 0 OR i.id IN (SELECT initiative_id"
                           "   FROM " VJ_SQL_INITIATIVE_PROGRAMME " WHERE programme_id = ?1)"
                           " ORDER BY t.path;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, programme_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VjInitiative *initiative = vj_initiative_new (sqlite3_column_int64 (stmt, 0),
                                                        sqlite3_column_int64 (stmt, 1),
                                                        (guint) sqlite3_column_int (stmt, 2));

          for (int field = 0; field < VJ_INITIATIVE_N_FIELDS; field++)
            vj_initiative_set (initiative, field,
                               (const char *) sqlite3_column_text (stmt, 3 + field));
          g_ptr_array_add (initiatives, initiative);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading the initiatives"));
      return NULL;
    }
  return g_steal_pointer (&initiatives);
}

/* Rows of text columns joined by a separator: the few small lists of the initiative page. */
static GPtrArray *
list_strings (VjDb       *self,
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
            row[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
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
 * vj_db_list_initiative_goals:
 *
 * Returns: (transfer full) (element-type GStrv): rows of { text, target }
 */
GPtrArray *
vj_db_list_initiative_goals (VjDb    *self,
                             gint64   initiative_id,
                             GError **error)
{
  return list_strings (self, VJ_SQL_INITIATIVE_GOALS, initiative_id, error);
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
  return list_strings (self, VJ_SQL_INITIATIVE_ACTORS, initiative_id, error);
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
  return list_strings (self,
                       "SELECT p.id, p.title FROM " VJ_SQL_INITIATIVE_PROGRAMME " ip"
                       " JOIN programme p ON p.id = ip.programme_id"
                       " WHERE ip.initiative_id = ?1 AND p.withdrawn = 0 ORDER BY p.sort_key;",
                       initiative_id, error);
}

guint
vj_db_count_programmes (VjDb *self)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_return_val_if_fail (VJ_IS_DB (self), 0);

  if (sqlite3_prepare_v2 (_vj_db_get_main_reader (self),
                          "SELECT count(*) FROM programme WHERE withdrawn = 0;", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * vj_db_dup_catalogue_summary:
 *
 * Returns: (nullable): a line naming the catalogue's sources, marking a sample catalogue
 */
char *
vj_db_dup_catalogue_summary (VjDb *self)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  if (sqlite3_prepare_v2 (_vj_db_get_main_reader (self),
                          "SELECT title, sample FROM source ORDER BY id;", -1, &stmt,
                          NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *title = (const char *) sqlite3_column_text (stmt, 0);

        if (out->len > 0)
          g_string_append (out, "; ");
        g_string_append (out, title != NULL ? title : "");
        if (sqlite3_column_int (stmt, 1))
          g_string_append_printf (out, " (%s)", _("sample data, to be replaced by real feeds"));
      }
  sqlite3_finalize (stmt);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ----- institutions ----- */

static const char institution_select[] =
  "SELECT i.id, i.withdrawn, i.name, i.type, i.number, i.url, i.email, i.phone, i.description,"
  "  (SELECT group_concat (town, ', ') FROM (SELECT DISTINCT coalesce (l.town, l.name) AS town"
  "     FROM location l WHERE l.institution_id = i.id AND l.withdrawn = 0 ORDER BY town)),"
  "  (SELECT group_concat (m.name, ', ') FROM institution_serves s"
  "     JOIN municipality m ON m.code = s.municipality WHERE s.institution_id = i.id)"
  " FROM institution i";

static VjInstitution *
institution_from_row (sqlite3_stmt *stmt)
{
  VjInstitution *institution = vj_institution_new (sqlite3_column_int64 (stmt, 0),
                                                   sqlite3_column_int (stmt, 1) != 0);

  for (int field = 0; field < VJ_INSTITUTION_N_FIELDS; field++)
    vj_institution_set (institution, field, (const char *) sqlite3_column_text (stmt, 2 + field));
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
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (VJ_IS_DB (self), FALSE);

  conn = _vj_db_get_main_reader (self);
  if (sqlite3_prepare_v2 (conn, "SELECT 1 FROM offering WHERE programme_id = ?1"
                                " AND withdrawn = 0 AND deadline >= ?2 LIMIT 1;",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, programme_id);
      _vj_db_bind_text (stmt, 2, today);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
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
GPtrArray *
vj_db_find_institutions (VjDb       *self,
                         int         municipality,
                         const char *type,
                         const char *text,
                         GError    **error)
{
  g_autoptr(GPtrArray) institutions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *folded = vj_text_fold (text);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t-/,.", -1);
  g_autoptr(GString) sql = g_string_new (institution_select);
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *conn = _vj_db_get_main_reader (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  g_string_append (sql,
                   " WHERE i.withdrawn = 0"
                   " AND (?1 = 0 OR EXISTS (SELECT 1 FROM location l"
                   "   WHERE l.institution_id = i.id AND l.withdrawn = 0"
                   "     AND l.municipality = ?1)"
                   "   OR EXISTS (SELECT 1 FROM institution_serves s"
                   "   WHERE s.institution_id = i.id AND s.municipality = ?1))"
                   " AND (?2 IS NULL OR i.type = ?2)");
  for (guint i = 0; words[i] != NULL && patterns->len < MAX_SEARCH_WORDS; i++)
    {
      GString *pattern;

      if (words[i][0] == '\0')
        continue;
      /* " word%" anywhere in " name towns", both spellings (fold_index); % and _ as such */
      pattern = g_string_new ("% ");
      for (const char *c = words[i]; *c != '\0'; c++)
        {
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *c);
        }
      g_string_append_c (pattern, '%');
      g_ptr_array_add (patterns, g_string_free (pattern, FALSE));
      g_string_append_printf (sql,
                              " AND ' ' || fold_index (i.name || ' ' || coalesce ("
                              "   (SELECT group_concat (coalesce (l.town, l.name), ' ')"
                              "    FROM location l WHERE l.institution_id = i.id"
                              "      AND l.withdrawn = 0), '')) LIKE ?%u ESCAPE '\\'",
                              patterns->len + 2);
    }
  g_string_append (sql, " ORDER BY i.sort_key;");

  rc = sqlite3_prepare_v2 (conn, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, municipality);
      _vj_db_bind_text (stmt, 2, type);
      for (guint i = 0; i < patterns->len; i++)
        sqlite3_bind_text (stmt, (int) i + 3, g_ptr_array_index (patterns, i), -1,
                           SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (institutions, institution_from_row (stmt));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("reading the catalogue"));
      return NULL;
    }
  return g_steal_pointer (&institutions);
}

VjInstitution *
vj_db_load_institution (VjDb    *self,
                        gint64   id,
                        GError **error)
{
  g_autofree char *sql = g_strconcat (institution_select, " WHERE i.id = ?1;", NULL);
  sqlite3 *conn = _vj_db_get_main_reader (self);
  sqlite3_stmt *stmt = NULL;
  VjInstitution *institution = NULL;
  int rc;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  rc = sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    institution = institution_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                 _("The institution is no longer in the catalogue."));
  else
    _vj_db_set_error (error, conn, rc, _("reading the catalogue"));
  sqlite3_finalize (stmt);
  return institution;
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
  return list_strings (self,
                       "SELECT p.id, p.title,"
                       "  replace (group_concat (DISTINCT coalesce (l.town, l.name)), ',', ', ')"
                       " FROM programme p JOIN offering o ON o.programme_id = p.id"
                       " JOIN location l ON l.id = o.location_id"
                       " WHERE l.institution_id = ?1 AND o.withdrawn = 0 AND p.withdrawn = 0"
                       " GROUP BY p.id ORDER BY p.sort_key;",
                       institution_id, error);
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
  return list_strings (self,
                       "SELECT i.id, " VJ_SQL_INITIATIVE_FIELD ("i", "title") ", ''"
                       " FROM " VJ_SQL_INITIATIVE_INSTITUTION " ii"
                       " JOIN initiative i ON i.id = ii.initiative_id"
                       " WHERE ii.institution_id = ?1 AND i.withdrawn = 0"
                       "  AND " VJ_SQL_INITIATIVE_LIVE ("i") " ORDER BY i.position;",
                       institution_id, error);
}
