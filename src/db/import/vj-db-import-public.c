#define G_LOG_DOMAIN "vj-db-import-public"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-import-private.h"

/* The public tables (the institution register, Uddannelseszoom, KOT) as an import stages and
 * merges them: beside the catalogue records, keyed on the public keys, per source and year.
 * They enrich; they never own a catalogue record and never withdraw anything (HACKING.md,
 * "Identity across sources and the public tables"). */

gboolean
vj_db_import_stage_unit (VjDbImport         *self,
                         const VjUnitRecord *record,
                         GPtrArray          *issues,
                         GError            **error)
{
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->number != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_unit (number, main_number, name, unit_kind, type_code,"
                  "  type_name, street, postcode, town, phone, email, url, municipality,"
                  "  latitude, longitude, line)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                  "  CAST (?14 AS REAL), CAST (?15 AS REAL), ?16) ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->number);
  vj_store_stmt_bind_text (stmt, 2, record->main_number);
  vj_store_stmt_bind_text (stmt, 3, record->name);
  vj_store_stmt_bind_text (stmt, 4, record->unit_kind);
  vj_store_stmt_bind_int_or_null (stmt, 5, record->type_code);
  vj_store_stmt_bind_text (stmt, 6, record->type_name);
  vj_store_stmt_bind_text (stmt, 7, record->street);
  vj_store_stmt_bind_text (stmt, 8, record->postcode);
  vj_store_stmt_bind_text (stmt, 9, record->town);
  vj_store_stmt_bind_text (stmt, 10, record->phone);
  vj_store_stmt_bind_text (stmt, 11, record->email);
  vj_store_stmt_bind_text (stmt, 12, record->url);
  vj_store_stmt_bind_int_or_null (stmt, 13, record->municipality);
  vj_store_stmt_bind_text (stmt, 14, record->latitude);
  vj_store_stmt_bind_text (stmt, 15, record->longitude);
  vj_store_stmt_bind_int (stmt, 16, (int) record->line);
  return _vj_db_import_stage_row (self, stmt, _("institution number"), record->number,
                                  record->line, issues, &duplicate, error) &&
         _vj_db_import_batch_step (self, error);
}

gboolean
vj_db_import_stage_public_offer (VjDbImport                *self,
                                 const VjPublicOfferRecord *record,
                                 GPtrArray                 *issues,
                                 GError                   **error)
{
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->key != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_public_offer (key_kind, key, title,"
                  "  institution_number, institution_name, town, municipality, education_code,"
                  "  url, line)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                  " ON CONFLICT (key_kind, key) DO UPDATE SET title = excluded.title,"
                  "  institution_number = excluded.institution_number,"
                  "  institution_name = excluded.institution_name, town = excluded.town,"
                  "  municipality = excluded.municipality,"
                  "  education_code = excluded.education_code, url = excluded.url,"
                  "  line = excluded.line;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->key_kind);
  vj_store_stmt_bind_text (stmt, 2, record->key);
  vj_store_stmt_bind_text (stmt, 3, record->title);
  vj_store_stmt_bind_text (stmt, 4, record->institution_number);
  vj_store_stmt_bind_text (stmt, 5, record->institution_name);
  vj_store_stmt_bind_text (stmt, 6, record->town);
  vj_store_stmt_bind_int_or_null (stmt, 7, record->municipality);
  vj_store_stmt_bind_text (stmt, 8, record->education_code);
  vj_store_stmt_bind_text (stmt, 9, record->url);
  vj_store_stmt_bind_int (stmt, 10, (int) record->line);
  /* A table that names an offer again in a later row (KOT: once a year) keeps the last */
  return _vj_db_import_stage_row (self, stmt, _("offer"), record->key, record->line, NULL,
                                  &duplicate, error) &&
         _vj_db_import_batch_step (self, error);
}

gboolean
vj_db_import_stage_fact (VjDbImport         *self,
                         const VjFactRecord *record,
                         GPtrArray          *issues,
                         GError            **error)
{
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->key != NULL && record->fact != NULL, FALSE);
  g_return_val_if_fail (record->has_value || record->reason != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_fact (key_kind, key, fact, year, value, reason, line)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->key_kind);
  vj_store_stmt_bind_text (stmt, 2, record->key);
  vj_store_stmt_bind_text (stmt, 3, record->fact);
  vj_store_stmt_bind_int (stmt, 4, record->year);
  if (record->has_value)
    vj_store_stmt_bind_double (stmt, 5, record->value);
  else
    vj_store_stmt_bind_null (stmt, 5);
  vj_store_stmt_bind_text (stmt, 6, record->has_value ? NULL : record->reason);
  vj_store_stmt_bind_int (stmt, 7, (int) record->line);
  if (!_vj_db_import_stage_row (self, stmt, _("figure"), record->key, record->line, NULL,
                                &duplicate, error))
    return FALSE;
  if (duplicate && issues != NULL)
    {
      /* Translators: %1$s is an offer's key, %2$d a year */
      g_autofree char *reason = g_strdup_printf (_("A second figure for “%1$s” in %2$d: the "
                                                   "first was kept"),
                                                 record->key, record->year);
      vj_import_issues_add (issues, record->line, reason);
    }
  return _vj_db_import_batch_step (self, error);
}

typedef struct
{
  VjImportKind  kind;
  const char   *stage;
  const char   *table;
  const char   *keys;      /* the key columns, as in both tables */
  const char   *columns;   /* the other columns */
} PublicSpec;

static const PublicSpec public_specs[] = {
  { VJ_IMPORT_KIND_UNIT, "stage_unit", "public_unit", "number",
    "main_number, name, unit_kind, type_code, type_name, street, postcode, town, phone, email,"
    " url, municipality, latitude, longitude" },
  { VJ_IMPORT_KIND_PUBLIC_OFFER, "stage_public_offer", "public_offer", "key_kind, key",
    "title, institution_number, institution_name, town, municipality, education_code, url" },
  { VJ_IMPORT_KIND_FACT, "stage_fact", "public_fact", "key_kind, key, fact, year",
    "value, reason" },
};

/* Each column through @format (which names it twice), joined by @separator */
static char *
join_columns (const char *columns,
              const char *format,
              const char *separator)
{
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (i > 0)
        g_string_append (out, separator);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_string_append_printf (out, format, name, name);
#pragma GCC diagnostic pop
    }
  return g_string_free (out, FALSE);
}

static gboolean
step_sql (VjStoreConn *conn,
          const char  *sql,
          gint64       source_id,
          const char  *now,
          gint64       results[3],
          GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, source_id);
  if (vj_store_stmt_get_n_params (stmt) >= 2)
    vj_store_stmt_bind_text (stmt, 2, now);
  if (vj_store_stmt_next (stmt) && results != NULL)
    for (int i = 0; i < 3; i++)
      results[i] = vj_store_stmt_get_int (stmt, i);
  return vj_store_stmt_check (stmt, error);
}

/* Counts, then UPSERTs each public table: a row the table names again is updated when it
 * changed; a row it leaves out stays as it was. */
gboolean
_vj_db_import_merge_public (VjDbImport     *self,
                            const char     *now,
                            VjImportCounts *counts,
                            GError        **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (public_specs); i++)
    {
      const PublicSpec *spec = &public_specs[i];
      g_autofree char *key_match = join_columns (spec->keys, "t.%s = s.%s", " AND ");
      g_autofree char *changed = join_columns (spec->columns, "t.%s IS DISTINCT FROM s.%s",
                                                 " OR ");
      g_autofree char *changed_excluded = join_columns (spec->columns,
                                                        "t.%s IS DISTINCT FROM excluded.%s",
                                                        " OR ");
      g_autofree char *stage_cols = join_columns (spec->columns, "s.%s%.0s", ", ");
      g_autofree char *assign = join_columns (spec->columns, "%s = excluded.%s", ", ");
      g_autofree char *key_cols = join_columns (spec->keys, "s.%s%.0s", ", ");
      g_autofree char *count_sql = NULL;
      g_autofree char *upsert_sql = NULL;
      g_autofree char *first_key = g_strdup (spec->keys);
      gint64 results[3] = { 0 };
      char *comma = strchr (first_key, ',');

      if (comma != NULL)
        *comma = '\0';
      count_sql = g_strdup_printf (
        "SELECT coalesce (sum (CASE WHEN t.%s IS NULL THEN 1 ELSE 0 END), 0),"
        "       coalesce (sum (CASE WHEN t.%s IS NOT NULL AND NOT (%s) THEN 1 ELSE 0 END), 0),"
        "       coalesce (sum (CASE WHEN t.%s IS NOT NULL AND (%s) THEN 1 ELSE 0 END), 0)"
        " FROM %s s LEFT JOIN %s t ON t.source_id = ?1 AND %s;",
        first_key, first_key, changed, first_key, changed, spec->stage, spec->table, key_match);
      if (!step_sql (self->conn, count_sql, self->source_id, NULL, results, error))
        return FALSE;
      counts[spec->kind].added = (guint) results[0];
      counts[spec->kind].unchanged = (guint) results[1];
      counts[spec->kind].updated = (guint) results[2];

      upsert_sql = g_strdup_printf (
        "INSERT INTO %s AS t (source_id, %s, %s, updated_at)"
        " SELECT ?1, %s, %s, ?2 FROM %s s WHERE true"
        " ON CONFLICT (source_id, %s) DO UPDATE SET %s, updated_at = excluded.updated_at"
        " WHERE %s;",
        spec->table, spec->keys, spec->columns, key_cols, stage_cols, spec->stage, spec->keys,
        assign, changed_excluded);
      if (!step_sql (self->conn, upsert_sql, self->source_id, now, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* A public table has no version of its own (next year's KOT table says nothing of it): its
 * source's version counts the imports that brought something new or changed. This reads the
 * version before the merge writes the source. */
gboolean
_vj_db_import_public_version_before (VjDbImport *self,
                                     const char *feed_id,
                                     gint64     *before,
                                     GError    **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;

  *before = 0;
  stmt = vj_store_prepare (self->conn,
                           "SELECT coalesce (feed_version, 0) FROM source WHERE feed_id = ?1;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_text (stmt, 1, feed_id);
  if (vj_store_stmt_next (stmt))
    *before = vj_store_stmt_get_int (stmt, 0);
  if (!vj_store_stmt_check (stmt, error))
    return FALSE;
  return TRUE;
}

/* After the public rows are merged: a new version when a row was added or changed (the first
 * import is version 1), the same when the table brought nothing new */
gboolean
_vj_db_import_public_set_version (VjDbImport           *self,
                                  gint64                before,
                                  const VjImportCounts *counts,
                                  GError              **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  guint changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (public_specs); i++)
    changed += counts[public_specs[i].kind].added + counts[public_specs[i].kind].updated;
  self->version = changed > 0 || before == 0 ? before + 1 : before;
  self->table_unchanged = changed == 0 && before > 0;

  stmt = vj_store_prepare (self->conn, "UPDATE source SET feed_version = ?2 WHERE id = ?1;",
                           error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("merging the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, self->source_id);
  vj_store_stmt_bind_int (stmt, 2, self->version);
  return vj_store_stmt_run (stmt, error);
}
