#define G_LOG_DOMAIN "vj-db-merge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-import-private.h"
#include "vj-store-search.h"
#include "vj-store.h"
#include "vj-text.h"

/* The merge: one short BEGIN IMMEDIATE transaction that UPSERTs what the feed staged into the
 * catalogue keyed on (source, external id) — never a table swap, so row ids and the links from
 * sessions and shortlists survive — withdraws what a full feed no longer has, replaces the links
 * of the records it changed and rebuilds their search rows. */


typedef struct
{
  VjImportKind  kind;
  const char   *table;
  const char   *stage;
  const char   *columns;   /* copied as they are from the stage */
  const char   *resolved;  /* extra target columns, or NULL */
  const char   *exprs;     /* their values, computed from the stage row s and ?1 (source) */
} MergeSpec;

/* The institution a staged campus or programme belongs to: the earlier source's institution
 * its own joined (join_earlier_sources ()), or its own */
#define INSTITUTION_OF_STAGED \
  "coalesce ((SELECT a.target FROM stage_alias a" \
  "           WHERE a.kind = 'institution' AND a.external_id = s.institution_ext)," \
  "          (SELECT i.id FROM institution i" \
  "           WHERE i.source_id = ?1 AND i.external_id = s.institution_ext))"

static const MergeSpec merge_specs[] = {
  { VJ_IMPORT_KIND_INSTITUTION, "institution", "stage_institution",
    "name, sort_key, type, number, url, email, phone, description", NULL, NULL },
  { VJ_IMPORT_KIND_LOCATION, "location", "stage_location",
    "name, street, postcode, town, municipality, number, latitude, longitude", "institution_id",
    INSTITUTION_OF_STAGED },
  { VJ_IMPORT_KIND_PROGRAMME, "programme", "stage_programme",
    "title, sort_key, title_key, category, level, ects, duration, duration_months, description, "
    "admission, keywords, url", "institution_id", INSTITUTION_OF_STAGED },
  { VJ_IMPORT_KIND_OFFERING, "offering", "stage_offering",
    "start, end_date, deadline, study_mode, url, language, cost, duration, ug_article, kot_number, "
    "derived",
    "programme_id, location_id",
    "coalesce ((SELECT a.target FROM stage_alias a"
    "           WHERE a.kind = 'programme' AND a.external_id = s.programme_ext),"
    "          (SELECT p.id FROM programme p"
    "           WHERE p.source_id = ?1 AND p.external_id = s.programme_ext)), "
    "coalesce ((SELECT a.target FROM stage_alias a"
    "           WHERE a.kind = 'location' AND a.external_id = s.location_ext),"
    "          (SELECT l.id FROM location l"
    "           WHERE l.source_id = ?1 AND l.external_id = s.location_ext))" },
  { VJ_IMPORT_KIND_INITIATIVE, "initiative", "stage_initiative",
    "parent_external_id, position, title, sort_key, kind, description, period_start, period_end, "
    "owner, source_url, inferred", NULL, NULL },
};

static char *
prefixed_columns (const char *columns,
                  const char *prefix,
                  gboolean    assign)
{
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (out->len > 0)
        g_string_append (out, ", ");
      if (assign)
        g_string_append_printf (out, "%s = excluded.%s", name, name);
      else
        g_string_append_printf (out, "%s%s", prefix, name);
    }
  return g_string_free (out, FALSE);
}

static gboolean
run_sql (VjStoreConn *conn,
         const char  *sql,
         gint64       source_id,
         const char  *now,
         guint       *changes,
         GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  if (vj_store_stmt_get_n_params (stmt) >= 1)
    vj_store_stmt_bind_int (stmt, 1, source_id);
  if (vj_store_stmt_get_n_params (stmt) >= 2)
    vj_store_stmt_bind_text (stmt, 2, now);
  if (!vj_store_stmt_run (stmt, error))
    return FALSE;
  if (changes != NULL)
    *changes = (guint) vj_store_changes (conn);
  return TRUE;
}

static gboolean
merge_kind (VjStoreConn      *conn,
            const MergeSpec  *spec,
            gint64            source_id,
            const char       *now,
            gboolean          full,
            VjImportCounts   *counts,
            GError          **error)
{
  g_autofree char *stage_cols = prefixed_columns (spec->columns, "s.", FALSE);
  g_autofree char *assign = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *upsert_sql = NULL;
  g_autofree char *withdraw_sql = NULL;
  g_autofree char *all_columns = NULL;
  g_autofree char *resolved_changed = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  all_columns = spec->resolved != NULL ? g_strdup_printf ("%s, %s", spec->columns, spec->resolved)
                                       : g_strdup (spec->columns);
  assign = prefixed_columns (all_columns, NULL, TRUE);
  /* A record whose content is the same is still updated when what it hangs on changed: a
   * campus now of an earlier source's institution, an offering at its campus */
  if (spec->resolved != NULL)
    {
      g_auto(GStrv) names = g_strsplit (spec->resolved, ",", -1);
      GString *out = g_string_new (NULL);

      for (guint i = 0; names[i] != NULL; i++)
        {
          const char *name = g_strstrip (names[i]);

          g_string_append_printf (out, " OR t.%s IS DISTINCT FROM excluded.%s", name, name);
        }
      resolved_changed = g_string_free (out, FALSE);
    }

  count_sql = g_strdup_printf (
    "SELECT coalesce (sum (CASE WHEN t.id IS NULL THEN 1 ELSE 0 END), 0),"
    "       coalesce (sum (CASE WHEN t.id IS NOT NULL AND t.content_hash = s.content_hash"
    "                      AND t.withdrawn = 0 THEN 1 ELSE 0 END), 0),"
    "       coalesce (sum (CASE WHEN t.id IS NOT NULL AND (t.content_hash <> s.content_hash"
    "                      OR t.withdrawn = 1) THEN 1 ELSE 0 END), 0)"
    " FROM %s s LEFT JOIN %s t ON t.source_id = ?1 AND t.external_id = s.external_id"
    " WHERE s.recstatus <> 3;",
    spec->stage, spec->table);
  stmt = vj_store_prepare (conn, count_sql, error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, source_id);
  if (!vj_store_stmt_next (stmt))
    {
      vj_store_stmt_check (stmt, error);
      return FALSE;
    }
  counts->added = (guint) vj_store_stmt_get_int (stmt, 0);
  counts->unchanged = (guint) vj_store_stmt_get_int (stmt, 1);
  counts->updated = (guint) vj_store_stmt_get_int (stmt, 2);
  g_clear_pointer (&stmt, vj_store_stmt_free);

  upsert_sql = g_strdup_printf (
    "INSERT INTO %s AS t (source_id, external_id, %s, content_hash, withdrawn, updated_at)"
    " SELECT ?1, s.external_id, %s%s%s, s.content_hash, 0, ?2 FROM %s s WHERE s.recstatus <> 3"
    " ON CONFLICT (source_id, external_id) DO UPDATE SET %s, content_hash = excluded.content_hash,"
    "   withdrawn = 0, updated_at = excluded.updated_at"
    " WHERE t.content_hash <> excluded.content_hash OR t.withdrawn = 1%s;",
    spec->table, all_columns, stage_cols, spec->exprs != NULL ? ", " : "",
    spec->exprs != NULL ? spec->exprs : "", spec->stage, assign,
    resolved_changed != NULL ? resolved_changed : "");
  if (!run_sql (conn, upsert_sql, source_id, now, NULL, error))
    return FALSE;

  if (full)
    withdraw_sql = g_strdup_printf (
      "UPDATE %s SET withdrawn = 1, updated_at = ?2"
      " WHERE source_id = ?1 AND withdrawn = 0"
      "   AND external_id NOT IN (SELECT external_id FROM %s);",
      spec->table, spec->stage);
  else
    withdraw_sql = g_strdup_printf (
      "UPDATE %s SET withdrawn = 1, updated_at = ?2"
      " WHERE source_id = ?1 AND withdrawn = 0"
      "   AND external_id IN (SELECT external_id FROM %s WHERE recstatus = 3);",
      spec->table, spec->stage);
  return run_sql (conn, withdraw_sql, source_id, now, &counts->withdrawn, error);
}

/* Offerings that name a location the feed does not have are rejected before the merge. */
static gboolean
reject_dangling (VjDbImport *self,
                 gint64      source_id,
                 gboolean    full,
                 GPtrArray  *rejected,
                 GError    **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (self->conn,
                  "SELECT s.line, s.external_id, s.location_ext FROM stage_offering s"
                  " WHERE s.recstatus <> 3 AND (s.location_ext IS NULL OR ("
                  "   NOT EXISTS (SELECT 1 FROM stage_location l WHERE l.external_id = s.location_ext)"
                  "   AND (?2 = 1 OR NOT EXISTS (SELECT 1 FROM location l"
                  "                   WHERE l.source_id = ?1 AND l.external_id = s.location_ext))));",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, source_id);
  /* A full feed names all its locations: one it no longer has is withdrawn, not a target */
  vj_store_stmt_bind_int (stmt, 2, full ? 1 : 0);
  while (vj_store_stmt_next (stmt))
    {
      const char *location = vj_store_stmt_get_text (stmt, 2);
      g_autofree char *reason = NULL;

      if (location == NULL)
        /* Translators: %s is the id of an offering */
        reason = g_strdup_printf (_("Offering “%s” has no location"),
                                  vj_store_stmt_get_text (stmt, 1));
      else
        /* Translators: %1$s is the id of an offering, %2$s the id of a location */
        reason = g_strdup_printf (_("Offering “%1$s” refers to an unknown location “%2$s”"),
                                  vj_store_stmt_get_text (stmt, 1), location);
      vj_import_issues_add (rejected, (guint) vj_store_stmt_get_int (stmt, 0), reason);
    }
  if (!vj_store_stmt_check (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, vj_store_stmt_free);

  return run_sql (self->conn,
                  full
                  ? "DELETE FROM stage_offering WHERE recstatus <> 3 AND (location_ext IS NULL OR"
                    "  NOT EXISTS (SELECT 1 FROM stage_location l"
                    "              WHERE l.external_id = stage_offering.location_ext));"
                  : "DELETE FROM stage_offering WHERE recstatus <> 3 AND (location_ext IS NULL OR ("
                    "  NOT EXISTS (SELECT 1 FROM stage_location l"
                    "              WHERE l.external_id = stage_offering.location_ext)"
                    "  AND NOT EXISTS (SELECT 1 FROM location l WHERE l.source_id = ?1"
                    "                  AND l.external_id = stage_offering.location_ext)));",
                  source_id, NULL, NULL, error);
}

/* One row however many sources speak of a thing (HACKING.md, "Identity across sources"): a
 * staged institution or campus with the institution number of an earlier source's (one
 * registered before this one) joins that record instead of adding a second — its other campuses
 * and its offerings hang on it; a programme with the folded title of an earlier source's
 * (neither of one institution, not of two levels: a bachelor is not its kandidat) joins it the
 * same way, its offerings becoming that programme's;
 * and an offering at a joined campus that the earlier source already offers there (the same
 * ug.dk article, or the same folded title) is not added again: the earlier one gains the public
 * keys it lacked (enriched, never overwritten).
 * The joined records leave the stage, so a full feed withdraws a copy it brought before. */
static const char * const join_earlier_sql[] = {
  "INSERT INTO stage_alias (kind, external_id, target)"
  "  SELECT 'institution', s.external_id, (SELECT i.id FROM institution i"
  "    WHERE i.number = s.number AND i.source_id < ?1 AND i.withdrawn = 0"
  "    ORDER BY i.source_id, i.id LIMIT 1)"
  "  FROM stage_institution s WHERE s.recstatus <> 3 AND s.number IS NOT NULL"
  "   AND EXISTS (SELECT 1 FROM institution i"
  "     WHERE i.number = s.number AND i.source_id < ?1 AND i.withdrawn = 0)"
  " ON CONFLICT (kind, external_id) DO UPDATE SET target = excluded.target;",
  "INSERT INTO stage_alias (kind, external_id, target)"
  "  SELECT 'location', s.external_id, (SELECT l.id FROM location l"
  "    WHERE l.number = s.number AND l.source_id < ?1 AND l.withdrawn = 0"
  "    ORDER BY l.source_id, l.id LIMIT 1)"
  "  FROM stage_location s WHERE s.recstatus <> 3 AND s.number IS NOT NULL"
  "   AND EXISTS (SELECT 1 FROM location l"
  "     WHERE l.number = s.number AND l.source_id < ?1 AND l.withdrawn = 0)"
  " ON CONFLICT (kind, external_id) DO UPDATE SET target = excluded.target;",
  "INSERT INTO stage_alias (kind, external_id, target)"
  "  SELECT 'programme', s.external_id, (SELECT p.id FROM programme p"
  "    WHERE p.title_key = s.title_key AND p.source_id < ?1 AND p.withdrawn = 0"
  "     AND p.institution_id IS NULL AND (p.level IS NULL OR s.level IS NULL OR p.level = s.level)"
  "    ORDER BY p.source_id, p.id LIMIT 1)"
  "  FROM stage_programme s WHERE s.recstatus <> 3 AND s.institution_ext IS NULL"
  "   AND s.title_key <> '' AND EXISTS (SELECT 1 FROM programme p"
  "     WHERE p.title_key = s.title_key AND p.source_id < ?1 AND p.withdrawn = 0"
  "      AND p.institution_id IS NULL"
  "      AND (p.level IS NULL OR s.level IS NULL OR p.level = s.level))"
  " ON CONFLICT (kind, external_id) DO UPDATE SET target = excluded.target;",
  /* The earlier source's offering keeps its fields, and gains the public keys it lacks (the
   * ug.dk article, the KOT number): so its facts and its deadlines by rule reach it; and the
   * ug.dk link when it had none */
  "UPDATE offering SET ug_article = coalesce (offering.ug_article, m.ug_article),"
  "                    kot_number = coalesce (offering.kot_number, m.kot_number),"
  "                    url = coalesce (offering.url, m.url)"
  "  FROM (SELECT a.target AS location_id, sp.title_key AS title_key,"
  "               so.ug_article AS ug_article, so.kot_number AS kot_number, so.url AS url"
  "          FROM stage_offering so"
  "          JOIN stage_alias a ON a.kind = 'location' AND a.external_id = so.location_ext"
  "          LEFT JOIN stage_programme sp ON sp.external_id = so.programme_ext"
  "         WHERE so.recstatus <> 3"
  "           AND (so.ug_article IS NOT NULL OR so.kot_number IS NOT NULL)) AS m"
  "  WHERE offering.location_id = m.location_id AND offering.source_id < ?1"
  "   AND offering.withdrawn = 0"
  "   AND (offering.ug_article IS NULL OR offering.kot_number IS NULL OR offering.url IS NULL)"
  "   AND (offering.ug_article = m.ug_article"
  "        OR (SELECT p.title_key FROM programme p WHERE p.id = offering.programme_id)"
  "           = m.title_key);",
  "DELETE FROM stage_offering WHERE recstatus <> 3 AND EXISTS (SELECT 1"
  "  FROM stage_alias a JOIN offering o ON o.location_id = a.target"
  "  JOIN programme p ON p.id = o.programme_id"
  "  WHERE a.kind = 'location' AND a.external_id = stage_offering.location_ext"
  "   AND o.source_id < ?1 AND o.withdrawn = 0"
  "   AND (o.ug_article = stage_offering.ug_article"
  "        OR p.title_key = (SELECT sp.title_key FROM stage_programme sp"
  "                          WHERE sp.external_id = stage_offering.programme_ext)));",
  "DELETE FROM stage_programme WHERE external_id IN"
  "  (SELECT external_id FROM stage_alias WHERE kind = 'programme');",
  "DELETE FROM stage_serves WHERE institution_ext IN"
  "  (SELECT external_id FROM stage_alias WHERE kind = 'institution');",
  "DELETE FROM stage_institution WHERE external_id IN"
  "  (SELECT external_id FROM stage_alias WHERE kind = 'institution');",
  "DELETE FROM stage_location WHERE external_id IN"
  "  (SELECT external_id FROM stage_alias WHERE kind = 'location');",
  NULL,
};

/* Runs each statement of @script (NULL-terminated) with ?1 the source and ?2 now */
static gboolean
run_script (VjStoreConn        *conn,
            const char * const *script,
            gint64              source_id,
            const char         *now,
            GError            **error)
{
  for (guint i = 0; script[i] != NULL; i++)
    if (!run_sql (conn, script[i], source_id, now, NULL, error))
      return FALSE;
  return TRUE;
}

static gboolean
warn_unresolved_links (VjDbImport *self,
                       gint64      source_id,
                       GPtrArray  *warnings,
                       GError    **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (self->conn,
                  "SELECT k.line, k.initiative_ext, k.kind, k.ref FROM stage_link k"
                  " WHERE (k.kind = 'programme' AND NOT EXISTS (SELECT 1 FROM programme p"
                  "        WHERE p.source_id = ?1 AND p.external_id = k.ref))"
                  "    OR (k.kind = 'institution' AND NOT EXISTS (SELECT 1 FROM institution i"
                  "        WHERE i.source_id = ?1 AND i.external_id = k.ref))"
                  "    OR (k.kind = 'municipality' AND NOT EXISTS (SELECT 1 FROM municipality m"
                  "        WHERE m.code = CAST (k.ref AS INTEGER)));",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, source_id);
  while (vj_store_stmt_next (stmt))
    {
      /* Translators: %1$s is an initiative id, %2$s a kind of record, %3$s the id it names */
      g_autofree char *reason = g_strdup_printf (_("Initiative “%1$s” links to an unknown "
                                                   "%2$s “%3$s”; the link was left out"),
                                                 vj_store_stmt_get_text (stmt, 1),
                                                 vj_store_stmt_get_text (stmt, 2),
                                                 vj_store_stmt_get_text (stmt, 3));
      vj_import_issues_add (warnings, (guint) vj_store_stmt_get_int (stmt, 0), reason);
    }
  return vj_store_stmt_check (stmt, error);
}

/* Links and children of the records this merge changed are replaced as a whole. */
static const char * const merge_children_sql[] = {
  "DELETE FROM institution_serves WHERE institution_id IN"
  "  (SELECT id FROM institution WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO institution_serves (institution_id, municipality)"
  "  SELECT i.id, s.municipality FROM stage_serves s"
  "  JOIN institution i ON i.source_id = ?1 AND i.external_id = s.institution_ext"
  "  WHERE i.updated_at = ?2 AND s.municipality IN (SELECT code FROM municipality)"
  " ON CONFLICT DO NOTHING;",
  "UPDATE initiative SET parent_id = (SELECT p.id FROM initiative p"
  "    WHERE p.source_id = ?1 AND p.external_id = initiative.parent_external_id)"
  "  WHERE source_id = ?1 AND updated_at = ?2;",
  "DELETE FROM goal WHERE initiative_id IN"
  "  (SELECT id FROM initiative WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO goal (initiative_id, position, text, target)"
  "  SELECT i.id, g.position, g.text, g.target FROM stage_goal g"
  "  JOIN initiative i ON i.source_id = ?1 AND i.external_id = g.initiative_ext"
  "  WHERE i.updated_at = ?2;",
  "DELETE FROM actor WHERE initiative_id IN"
  "  (SELECT id FROM initiative WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO actor (initiative_id, position, name, role, address, phone, email, url)"
  "  SELECT i.id, a.position, a.name, a.role, a.address, a.phone, a.email, a.url"
  "  FROM stage_actor a"
  "  JOIN initiative i ON i.source_id = ?1 AND i.external_id = a.initiative_ext"
  "  WHERE i.updated_at = ?2;",
  "DELETE FROM initiative_programme WHERE initiative_id IN"
  "  (SELECT id FROM initiative WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO initiative_programme (initiative_id, programme_id)"
  "  SELECT i.id, p.id FROM stage_link k"
  "  JOIN initiative i ON i.source_id = ?1 AND i.external_id = k.initiative_ext"
  "  JOIN programme p ON p.source_id = ?1 AND p.external_id = k.ref"
  "  WHERE k.kind = 'programme' AND i.updated_at = ?2"
  " ON CONFLICT DO NOTHING;",
  "DELETE FROM initiative_institution WHERE initiative_id IN"
  "  (SELECT id FROM initiative WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO initiative_institution (initiative_id, institution_id)"
  "  SELECT i.id, t.id FROM stage_link k"
  "  JOIN initiative i ON i.source_id = ?1 AND i.external_id = k.initiative_ext"
  "  JOIN institution t ON t.source_id = ?1 AND t.external_id = k.ref"
  "  WHERE k.kind = 'institution' AND i.updated_at = ?2"
  " ON CONFLICT DO NOTHING;",
  "DELETE FROM initiative_municipality WHERE initiative_id IN"
  "  (SELECT id FROM initiative WHERE source_id = ?1 AND updated_at = ?2);",
  "INSERT INTO initiative_municipality (initiative_id, municipality)"
  "  SELECT i.id, m.code FROM stage_link k"
  "  JOIN initiative i ON i.source_id = ?1 AND i.external_id = k.initiative_ext"
  "  JOIN municipality m ON m.code = CAST (k.ref AS INTEGER)"
  "  WHERE k.kind = 'municipality' AND i.updated_at = ?2"
  " ON CONFLICT DO NOTHING;",
  /* The programmes whose search row must be rebuilt: changed themselves, or where they are
   * offered changed. */
  "DELETE FROM touched;",
  "INSERT INTO touched (id)"
  "  SELECT id FROM programme WHERE source_id = ?1 AND updated_at = ?2"
  "  UNION SELECT programme_id FROM offering WHERE source_id = ?1 AND updated_at = ?2"
  "  UNION SELECT o.programme_id FROM offering o JOIN location l ON l.id = o.location_id"
  "    WHERE l.source_id = ?1 AND l.updated_at = ?2"
  "  UNION SELECT o.programme_id FROM offering o JOIN location l ON l.id = o.location_id"
  "    JOIN institution i ON i.id = l.institution_id"
  "    WHERE i.source_id = ?1 AND i.updated_at = ?2"
  "  UNION SELECT p.id FROM programme p JOIN institution i ON i.id = p.institution_id"
  "    WHERE i.source_id = ?1 AND i.updated_at = ?2"
  " ON CONFLICT DO NOTHING;",
  NULL,
};

/* The search rows of the programmes in touched, made again (the search hook,
 * vj-store-search.h): each programme's texts folded for the index here, in C, and where it is
 * offered and by whom (the names of its institutions, campuses, towns and municipalities, each
 * once, in order) read for all of them in one statement beside the programmes. */
static gboolean
index_touched (VjStoreConn  *conn,
               GError      **error)
{
  g_autoptr(VjStoreSearchIndex) index = vj_store_search_index_new (conn, error);
  g_autoptr(VjStoreStmt) touched = NULL;
  g_autoptr(VjStoreStmt) programmes = NULL;
  g_autoptr(VjStoreStmt) places = NULL;
  gboolean has_place;

  if (index == NULL)
    return FALSE;
  touched = vj_store_prepare (conn, "SELECT id FROM touched ORDER BY id;", error);
  if (touched == NULL)
    return FALSE;
  vj_store_stmt_set_what (touched, _("merging the catalogue"));
  while (vj_store_stmt_next (touched))
    if (!vj_store_search_index_remove (index, vj_store_stmt_get_int (touched, 0), error))
      return FALSE;
  if (!vj_store_stmt_check (touched, error))
    return FALSE;

  programmes = vj_store_prepare (conn,
                                 "SELECT p.id, p.title, p.keywords, p.description, p.admission"
                                 " FROM programme p WHERE p.id IN (SELECT id FROM touched)"
                                 " ORDER BY p.id;",
                                 error);
  if (programmes == NULL)
    return FALSE;
  places = vj_store_prepare (conn,
    "SELECT x.programme_id, x.name FROM ("
    "  SELECT o.programme_id AS programme_id, i.name AS name FROM offering o"
    "    JOIN location l ON l.id = o.location_id JOIN institution i ON i.id = l.institution_id"
    "    WHERE o.withdrawn = 0 AND o.programme_id IN (SELECT id FROM touched)"
    "  UNION SELECT o.programme_id, l.name FROM offering o JOIN location l ON l.id = o.location_id"
    "    WHERE o.withdrawn = 0 AND o.programme_id IN (SELECT id FROM touched)"
    "  UNION SELECT o.programme_id, l.town FROM offering o JOIN location l ON l.id = o.location_id"
    "    WHERE o.withdrawn = 0 AND o.programme_id IN (SELECT id FROM touched)"
    "  UNION SELECT o.programme_id, m.name FROM offering o JOIN location l ON l.id = o.location_id"
    "    JOIN municipality m ON m.code = l.municipality"
    "    WHERE o.withdrawn = 0 AND o.programme_id IN (SELECT id FROM touched)"
    "  UNION SELECT p.id, i.name FROM programme p JOIN institution i ON i.id = p.institution_id"
    "    WHERE p.id IN (SELECT id FROM touched)) x"
    " WHERE x.name IS NOT NULL ORDER BY x.programme_id, x.name;",
    error);
  if (places == NULL)
    return FALSE;
  vj_store_stmt_set_what (programmes, _("merging the catalogue"));
  vj_store_stmt_set_what (places, _("merging the catalogue"));

  has_place = vj_store_stmt_next (places);
  while (vj_store_stmt_next (programmes))
    {
      gint64 id = vj_store_stmt_get_int (programmes, 0);
      const char *keywords = vj_store_stmt_get_text (programmes, 2);
      const char *description = vj_store_stmt_get_text (programmes, 3);
      const char *admission = vj_store_stmt_get_text (programmes, 4);
      g_autofree char *title_text = g_strconcat (vj_store_stmt_get_text (programmes, 1), " ",
                                                 keywords != NULL ? keywords : "", NULL);
      g_autofree char *body_text = g_strconcat (description != NULL ? description : "", " ",
                                                admission != NULL ? admission : "", NULL);
      g_autoptr(GString) places_text = g_string_new (NULL);
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      g_autofree char *where = NULL;

      while (has_place && vj_store_stmt_get_int (places, 0) < id)
        has_place = vj_store_stmt_next (places);
      while (has_place && vj_store_stmt_get_int (places, 0) == id)
        {
          if (places_text->len > 0)
            g_string_append_c (places_text, ' ');
          g_string_append (places_text, vj_store_stmt_get_text (places, 1));
          has_place = vj_store_stmt_next (places);
        }
      title = vj_text_fold_for_index (title_text);
      body = vj_text_fold_for_index (body_text);
      where = vj_text_fold_for_index (places_text->str);
      if (!vj_store_search_index_add (index, id, title, body, where, error))
        return FALSE;
    }
  return vj_store_stmt_check (programmes, error) && vj_store_stmt_check (places, error);
}

static gboolean
upsert_source (VjDbImport               *self,
               const VjImportSourceInfo *info,
               const char               *now,
               GError                  **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (self->conn,
                  "INSERT INTO source (feed_id, kind, location, format, title, feed_version,"
                  "  sample, etag, last_modified, last_status, last_import_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'imported', ?10)"
                  " ON CONFLICT (feed_id) DO UPDATE SET kind = excluded.kind,"
                  "  location = excluded.location, format = excluded.format,"
                  "  title = excluded.title, feed_version = excluded.feed_version,"
                  "  sample = excluded.sample, etag = excluded.etag,"
                  "  last_modified = excluded.last_modified, last_status = 'imported',"
                  "  last_import_at = excluded.last_import_at"
                  " RETURNING id;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_text (stmt, 1, info->feed_id);
  vj_store_stmt_bind_text (stmt, 2, info->kind);
  vj_store_stmt_bind_text (stmt, 3, info->location);
  vj_store_stmt_bind_text (stmt, 4, info->format);
  vj_store_stmt_bind_text (stmt, 5, info->title);
  vj_store_stmt_bind_int_or_null (stmt, 6, info->version);
  vj_store_stmt_bind_boolean (stmt, 7, info->sample);
  vj_store_stmt_bind_text (stmt, 8, info->etag);
  vj_store_stmt_bind_text (stmt, 9, info->last_modified);
  vj_store_stmt_bind_text (stmt, 10, now);
  if (!vj_store_stmt_next (stmt))
    {
      vj_store_stmt_check (stmt, error);
      return FALSE;
    }
  self->source_id = vj_store_stmt_get_int (stmt, 0);
  return TRUE;
}

static gboolean
merge_in_transaction (VjDbImport               *self,
                      const VjImportSourceInfo *info,
                      VjImportCounts            counts[VJ_IMPORT_N_KINDS],
                      GPtrArray                *rejected,
                      GPtrArray                *warnings,
                      GError                  **error)
{
  g_autoptr(GDateTime) dt = g_date_time_new_now_utc ();
  /* Microseconds: updated_at = now marks exactly the rows this merge changed. */
  g_autofree char *now = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");
  gint64 before = 0;

  self->version = info->version;
  self->table_unchanged = FALSE;
  if (info->public_table &&
      !_vj_db_import_public_version_before (self, info->feed_id, &before, error))
    return FALSE;
  if (!upsert_source (self, info, now, error))
    return FALSE;
  /* In a delta, a record named only to wrap others changes nothing already stored */
  if (!info->full &&
      (!run_sql (self->conn,
                 "DELETE FROM stage_institution WHERE recstatus = 4 AND EXISTS (SELECT 1"
                 "  FROM institution t WHERE t.source_id = ?1"
                 "   AND t.external_id = stage_institution.external_id);",
                 self->source_id, NULL, NULL, error) ||
       !run_sql (self->conn,
                 "DELETE FROM stage_location WHERE recstatus = 4 AND EXISTS (SELECT 1"
                 "  FROM location t WHERE t.source_id = ?1"
                 "   AND t.external_id = stage_location.external_id);",
                 self->source_id, NULL, NULL, error)))
    return FALSE;

  if (!reject_dangling (self, self->source_id, info->full, rejected, error) ||
      !run_script (self->conn, join_earlier_sql, self->source_id, now, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (merge_specs); i++)
    if (!merge_kind (self->conn, &merge_specs[i], self->source_id, now, info->full,
                     &counts[merge_specs[i].kind], error))
      return FALSE;

  /* A delta that deletes a course deletes its presentations, named or not */
  if (!info->full)
    {
      guint withdrawn = 0;

      if (!run_sql (self->conn,
                    "UPDATE offering SET withdrawn = 1, updated_at = ?2"
                    " WHERE withdrawn = 0 AND programme_id IN (SELECT p.id FROM programme p"
                    "   WHERE p.source_id = ?1 AND p.external_id IN"
                    "     (SELECT external_id FROM stage_programme WHERE recstatus = 3));",
                    self->source_id, now, &withdrawn, error))
        return FALSE;
      counts[VJ_IMPORT_KIND_OFFERING].withdrawn += withdrawn;
    }

  if (!warn_unresolved_links (self, self->source_id, warnings, error))
    return FALSE;

  if (!_vj_db_import_merge_public (self, now, counts, error) ||
      (info->public_table && !_vj_db_import_public_set_version (self, before, counts, error)))
    return FALSE;
  /* New public offers: the KOT mapping is made again, and its rate reported */
  if (counts[VJ_IMPORT_KIND_PUBLIC_OFFER].added + counts[VJ_IMPORT_KIND_PUBLIC_OFFER].updated +
      counts[VJ_IMPORT_KIND_PUBLIC_OFFER].unchanged > 0 &&
      !_vj_db_import_match_kot (self, now, warnings, error))
    return FALSE;

  return run_script (self->conn, merge_children_sql, self->source_id, now, error) &&
         index_touched (self->conn, error);
}

/* The backup holds the database as it was before this import: without the run it recorded as
 * running, which restored would stand in the history as never finished */
static void
forget_run_in_backup (const char *backup,
                      gint64      run_id)
{
  VjStoreConn *conn = vj_store_open (backup, FALSE, NULL);
  g_autoptr(VjStoreStmt) stmt = NULL;

  if (conn == NULL)
    return;
  stmt = vj_store_prepare (conn, "DELETE FROM import_run WHERE id = ?1;", NULL);
  if (stmt != NULL)
    {
      vj_store_stmt_bind_int (stmt, 1, run_id);
      vj_store_stmt_run (stmt, NULL);
    }
  g_clear_pointer (&stmt, vj_store_stmt_free);
  vj_store_close (conn);
}

/**
 * vj_db_import_merge:
 * @counts: (out caller-allocates): per kind of record
 * @rejected: (element-type VjImportIssue): gets records left out, with their lines
 * @warnings: (element-type VjImportIssue): gets what was noticed but imported
 *
 * Merges everything staged into the catalogue in one BEGIN IMMEDIATE transaction. On error
 * nothing in the catalogue has changed.
 */
gboolean
vj_db_import_merge (VjDbImport               *self,
                    const VjImportSourceInfo *info,
                    VjImportCounts            counts[VJ_IMPORT_N_KINDS],
                    GPtrArray                *rejected,
                    GPtrArray                *warnings,
                    GError                  **error)
{
  gint64 locked_at;
  int writing;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (info != NULL && info->feed_id != NULL, FALSE);

  /* "local:…" names what is made in the app (initiatives): no feed may replace or withdraw it */
  if (g_str_has_prefix (info->feed_id, "local:"))
    {
      /* Translators: %s is the source id a feed gives itself */
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                   _("The feed calls itself “%s”, a name Vejviser keeps for what is made in the "
                     "app; nothing was imported."), info->feed_id);
      return FALSE;
    }

  memset (counts, 0, sizeof (VjImportCounts) * VJ_IMPORT_N_KINDS);

  if (!_vj_db_import_batch_end (self, error))
    return FALSE;
  /* A backup first, of the database as it is before this import changes it; a public table
   * changes no record and no personal data, only what it says beside them, which importing it
   * again restores */
  if (!info->public_table)
    {
      g_autofree char *backup = _vj_db_backup_take (self->conn, "import", error);

      if (backup == NULL)
        return FALSE;
      forget_run_in_backup (backup, self->run_id);
    }
  if (!vj_store_begin (self->conn, error))
    return FALSE;
  self->in_transaction = TRUE;
  /* From here to the commit every other writer waits: how long is measured (bench-import) */
  writing = _vj_db_writing_begin (self->conn);
  locked_at = g_get_monotonic_time ();

  if (!merge_in_transaction (self, info, counts, rejected, warnings, error) ||
      !vj_store_commit (self->conn, error))
    {
      vj_store_rollback (self->conn);
      _vj_db_writing_end (writing);
      self->in_transaction = FALSE;
      self->source_id = 0;
      memset (counts, 0, sizeof (VjImportCounts) * VJ_IMPORT_N_KINDS);
      return FALSE;
    }

  self->lock_seconds = (g_get_monotonic_time () - locked_at) / (double) G_USEC_PER_SEC;
  _vj_db_writing_end (writing);
  self->in_transaction = FALSE;
  return TRUE;
}

/**
 * vj_db_import_finish_run:
 * @status: "imported", "not-modified", "failed" or "cancelled"
 *
 * Completes the run record in its own transaction, after the merge committed or rolled back.
 */
gboolean
vj_db_import_finish_run (VjDbImport           *self,
                         const char           *status,
                         const char           *format,
                         const VjImportCounts *totals,
                         guint                 n_rejected,
                         const char           *error_message,
                         guint                 error_line,
                         const char           *report_json,
                         GError              **error)
{
  g_autofree char *now = _vj_db_now ();
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);

  if (self->in_transaction)
    {
      vj_store_rollback (self->conn);
      self->in_transaction = FALSE;
    }

  stmt = vj_store_prepare (self->conn,
                  "UPDATE import_run SET source_id = ?2, format = ?3, finished_at = ?4,"
                  "  status = ?5, added = ?6, updated = ?7, unchanged = ?8, withdrawn = ?9,"
                  "  rejected = ?10, error = ?11, error_line = ?12, report = ?13"
                  " WHERE id = ?1;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("recording the import"));
  vj_store_stmt_bind_int (stmt, 1, self->run_id);
  vj_store_stmt_bind_int_or_null (stmt, 2, self->source_id);
  vj_store_stmt_bind_text (stmt, 3, format);
  vj_store_stmt_bind_text (stmt, 4, now);
  vj_store_stmt_bind_text (stmt, 5, status);
  vj_store_stmt_bind_int (stmt, 6, totals != NULL ? totals->added : 0);
  vj_store_stmt_bind_int (stmt, 7, totals != NULL ? totals->updated : 0);
  vj_store_stmt_bind_int (stmt, 8, totals != NULL ? totals->unchanged : 0);
  vj_store_stmt_bind_int (stmt, 9, totals != NULL ? totals->withdrawn : 0);
  vj_store_stmt_bind_int (stmt, 10, n_rejected);
  vj_store_stmt_bind_text (stmt, 11, error_message);
  vj_store_stmt_bind_int_or_null (stmt, 12, error_line);
  vj_store_stmt_bind_text (stmt, 13, report_json);
  return vj_store_stmt_run (stmt, error);
}

/* From any thread: stops a running statement of the importer's connection. */
void
vj_db_import_interrupt (VjDbImport *self)
{
  g_return_if_fail (VJ_IS_DB_IMPORT (self));
  vj_store_interrupt (self->conn);
}
