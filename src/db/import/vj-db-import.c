#define G_LOG_DOMAIN "vj-db-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "vj-db-import.h"
#include "vj-db-import-private.h"
#include "vj-db-private.h"
#include "vj-text.h"

/* The importer's side of the database: its own connection, TEMP staging tables that the feed
 * streams into, and one short BEGIN IMMEDIATE transaction that merges them into the catalogue
 * keyed on (source, external id). Nothing is written to the catalogue before the merge, so a
 * broken, cancelled or killed import changes no catalogue row. */

#define STAGE_BATCH 5000


G_DEFINE_FINAL_TYPE (VjDbImport, vj_db_import, G_TYPE_OBJECT)

static const char *kind_names[VJ_IMPORT_N_KINDS] = {
  "institution", "location", "programme", "offering", "initiative", "register-unit",
  "public-offer", "fact",
};

static const char stage_schema[] =
  "CREATE TEMP TABLE stage_institution ("
  "  external_id TEXT PRIMARY KEY, name TEXT, sort_key TEXT, type TEXT, number TEXT, url TEXT,"
  "  email TEXT, phone TEXT, description TEXT, content_hash TEXT, recstatus INTEGER, line INTEGER);"
  "CREATE TEMP TABLE stage_serves (institution_ext TEXT, municipality INTEGER);"
  "CREATE TEMP TABLE stage_location ("
  "  external_id TEXT PRIMARY KEY, institution_ext TEXT, name TEXT, street TEXT, postcode TEXT,"
  "  town TEXT, municipality INTEGER, number TEXT, latitude REAL, longitude REAL,"
  "  content_hash TEXT, recstatus INTEGER, line INTEGER);"
  "CREATE TEMP TABLE stage_programme ("
  "  external_id TEXT PRIMARY KEY, institution_ext TEXT, title TEXT, sort_key TEXT, title_key TEXT,"
  "  category TEXT, level INTEGER, ects INTEGER, duration TEXT, duration_months INTEGER,"
  "  description TEXT, admission TEXT, keywords TEXT, url TEXT, content_hash TEXT,"
  "  recstatus INTEGER, line INTEGER);"
  "CREATE TEMP TABLE stage_offering ("
  "  external_id TEXT PRIMARY KEY, programme_ext TEXT, location_ext TEXT, start TEXT,"
  "  end_date TEXT, deadline TEXT, study_mode TEXT, url TEXT, language TEXT, cost TEXT,"
  "  duration TEXT, ug_article TEXT, kot_number TEXT, content_hash TEXT, recstatus INTEGER,"
  "  line INTEGER, derived TEXT);"
  "CREATE TEMP TABLE stage_initiative ("
  "  external_id TEXT PRIMARY KEY, parent_external_id TEXT, position INTEGER, title TEXT,"
  "  sort_key TEXT, kind TEXT, description TEXT, period_start TEXT, period_end TEXT, owner TEXT,"
  "  source_url TEXT, inferred TEXT, content_hash TEXT, recstatus INTEGER, line INTEGER);"
  "CREATE TEMP TABLE stage_goal (initiative_ext TEXT, position INTEGER, text TEXT, target TEXT);"
  "CREATE TEMP TABLE stage_actor ("
  "  initiative_ext TEXT, position INTEGER, name TEXT, role TEXT, address TEXT, phone TEXT,"
  "  email TEXT, url TEXT);"
  "CREATE TEMP TABLE stage_link (initiative_ext TEXT, kind TEXT, ref TEXT, line INTEGER);"
  "CREATE TEMP TABLE touched (id INTEGER PRIMARY KEY);"
  /* A staged record that joins an earlier source's record with the same public key */
  "CREATE TEMP TABLE stage_alias (kind TEXT, external_id TEXT, target INTEGER,"
  "  PRIMARY KEY (kind, external_id));"
  VJ_DB_IMPORT_PUBLIC_STAGE;

const char *
vj_import_kind_name (VjImportKind kind)
{
  g_return_val_if_fail (kind < VJ_IMPORT_N_KINDS, NULL);
  return kind_names[kind];
}

static void
vj_db_import_finalize (GObject *object)
{
  VjDbImport *self = VJ_DB_IMPORT (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->conn != NULL)
    {
      if (self->in_transaction)
        vj_store_exec (self->conn, "ROLLBACK;", NULL);
      vj_store_close (self->conn);
    }
  if (self->runs_lock >= 0)
    close (self->runs_lock);
  g_clear_object (&self->db);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->started_at, g_free);

  G_OBJECT_CLASS (vj_db_import_parent_class)->finalize (object);
}

static void
vj_db_import_class_init (VjDbImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_db_import_finalize;
}

static void
vj_db_import_init (VjDbImport *self)
{
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) vj_store_stmt_free);
  self->runs_lock = -1;
}

/**
 * vj_db_import_new:
 * @db: the database
 * @location: the file or URL being imported, for the run record
 *
 * Opens the importer's own connection, records the run as running, and creates the staging
 * tables.
 */
VjDbImport *
vj_db_import_new (VjDb       *db,
                  const char *location,
                  GError    **error)
{
  g_autoptr(VjDbImport) self = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  self = g_object_new (VJ_TYPE_DB_IMPORT, NULL);
  self->db = g_object_ref (db);
  self->location = g_strdup (location);
  self->started_at = _vj_db_now ();
  self->conn = vj_store_open (vj_db_get_path (db), FALSE, error);
  if (self->conn == NULL)
    return NULL;

  if (!vj_store_exec (self->conn, stage_schema, error))
    return NULL;

  /* The run is on record before anything else happens, so a killed import leaves a trace;
   * the lock says it is alive (a later open marks it interrupted once it is not) */
  self->runs_lock = _vj_db_runs_lock (vj_db_get_path (db), FALSE);
  stmt = vj_store_prepare (self->conn,
                           "INSERT INTO import_run (location, started_at, status) "
                           "VALUES (?1, ?2, 'running') RETURNING id;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("recording the import"));
  vj_store_stmt_bind_text (stmt, 1, location);
  vj_store_stmt_bind_text (stmt, 2, self->started_at);
  if (!vj_store_stmt_next (stmt))
    {
      vj_store_stmt_check (stmt, error);
      return NULL;
    }
  self->run_id = vj_store_stmt_get_int (stmt, 0);

  return g_steal_pointer (&self);
}

/* How long the last merge held the database's write lock, in seconds */
double
vj_db_import_get_lock_seconds (VjDbImport *self)
{
  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), 0);
  return self->lock_seconds;
}

/* The source's version after the merge: the feed's own, or for a public table the count of
 * its imports that changed something */
gint64
vj_db_import_get_version (VjDbImport *self)
{
  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), 0);
  return self->version;
}

/* After the merge: a public table imported before in which nothing was new or changed */
gboolean
vj_db_import_get_table_unchanged (VjDbImport *self)
{
  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  return self->table_unchanged;
}

gint64
vj_db_import_get_run_id (VjDbImport *self)
{
  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), 0);
  return self->run_id;
}

/* Staging happens in batches of temp-only transactions: they lock nothing in the catalogue. */
gboolean
_vj_db_import_batch_begin (VjDbImport *self,
             GError    **error)
{
  if (self->in_transaction)
    return TRUE;
  if (!vj_store_exec (self->conn, "BEGIN;", error))
    return FALSE;
  self->in_transaction = TRUE;
  self->in_batch = 0;
  return TRUE;
}

gboolean
_vj_db_import_batch_step (VjDbImport *self,
            GError    **error)
{
  if (++self->in_batch < STAGE_BATCH)
    return TRUE;
  self->in_transaction = FALSE;
  return vj_store_exec (self->conn, "COMMIT;", error);
}

gboolean
_vj_db_import_batch_end (VjDbImport *self,
           GError    **error)
{
  if (!self->in_transaction)
    return TRUE;
  self->in_transaction = FALSE;
  return vj_store_exec (self->conn, "COMMIT;", error);
}

/**
 * vj_db_import_restart:
 *
 * Empties the staging tables, to read the feed again from its start (the Latin-1 retry).
 */
gboolean
vj_db_import_restart (VjDbImport *self,
                      GError    **error)
{
  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);

  return _vj_db_import_batch_end (self, error) &&
         vj_store_exec (self->conn,
                        "DELETE FROM stage_institution; DELETE FROM stage_serves;"
                      "DELETE FROM stage_location; DELETE FROM stage_programme;"
                      "DELETE FROM stage_offering; DELETE FROM stage_initiative;"
                      "DELETE FROM stage_goal; DELETE FROM stage_actor; DELETE FROM stage_link;"
                      "DELETE FROM touched; DELETE FROM stage_alias;"
                      "DELETE FROM stage_unit; DELETE FROM stage_public_offer;"
                      "DELETE FROM stage_fact;",
                      error);
}

/* A content hash of every field of a record, so "unchanged" is one comparison. */
void
_vj_db_import_hash_add (GChecksum  *checksum,
          const char *value)
{
  if (value != NULL)
    g_checksum_update (checksum, (const guchar *) value, -1);
  g_checksum_update (checksum, (const guchar *) (value != NULL ? "\x1f" : "\x1e"), 1);
}

void
_vj_db_import_hash_add_int (GChecksum *checksum,
              gint64     value)
{
  char buf[24];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  _vj_db_import_hash_add (checksum, buf);
}

/* A staging statement, prepared on first use and kept: one per kind of row, not per row. The
 * SQL is always a string literal, so its address is the key. */
VjStoreStmt *
_vj_db_import_stage_prepare (VjDbImport *self,
                             const char *sql,
                             GError    **error)
{
  VjStoreStmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt != NULL)
    return stmt;
  stmt = vj_store_prepare_persistent (self->conn, sql, error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("importing"));
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a staging statement; every one of its parameters is bound each time */
gboolean
_vj_db_import_stage_done (VjDbImport  *self,
                          VjStoreStmt *stmt,
                          GError     **error)
{
  return vj_store_stmt_run (stmt, error);
}

/* Inserts a staged row; a second record with the same id is reported and left out. */
gboolean
_vj_db_import_stage_row (VjDbImport  *self,
                         VjStoreStmt *stmt,
                         const char  *kind_label,
                         const char  *external_id,
                         guint        line,
                         GPtrArray   *issues,
                         gboolean    *duplicate,
                         GError     **error)
{
  *duplicate = FALSE;
  if (!vj_store_stmt_run (stmt, error))
    return FALSE;
  *duplicate = vj_store_changes (self->conn) == 0;

  if (*duplicate && issues != NULL)
    {
      /* Translators: %1$s is a kind of record (e.g. "programme"), %2$s its id */
      g_autofree char *reason = g_strdup_printf (_("Duplicate %1$s id “%2$s”: the first record "
                                                   "with this id was kept"),
                                                 kind_label, external_id);
      vj_import_issues_add (issues, line, reason);
    }
  return TRUE;
}

static gboolean
stage_location (VjDbImport             *self,
                const char             *institution_ext,
                const VjLocationRecord *record,
                VjRecStatus             recstatus,
                GPtrArray              *issues,
                GError                **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  VjStoreStmt *stmt;
  gboolean duplicate;

  _vj_db_import_hash_add (checksum, institution_ext);
  _vj_db_import_hash_add (checksum, record->name);
  _vj_db_import_hash_add (checksum, record->street);
  _vj_db_import_hash_add (checksum, record->postcode);
  _vj_db_import_hash_add (checksum, record->town);
  _vj_db_import_hash_add_int (checksum, record->municipality);
  /* The public keys joined the hash later: only when present, so older hashes still match */
  if (record->number != NULL || record->latitude != NULL || record->longitude != NULL)
    {
      _vj_db_import_hash_add (checksum, record->number);
      _vj_db_import_hash_add (checksum, record->latitude);
      _vj_db_import_hash_add (checksum, record->longitude);
    }

  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_location (external_id, institution_ext, name, street, "
                  "  postcode, town, municipality, content_hash, recstatus, line, number, "
                  "  latitude, longitude) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                  "  CAST (?12 AS REAL), CAST (?13 AS REAL)) ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->external_id);
  vj_store_stmt_bind_text (stmt, 2, institution_ext);
  vj_store_stmt_bind_text (stmt, 3, record->name);
  vj_store_stmt_bind_text (stmt, 4, record->street);
  vj_store_stmt_bind_text (stmt, 5, record->postcode);
  vj_store_stmt_bind_text (stmt, 6, record->town);
  vj_store_stmt_bind_int_or_null (stmt, 7, record->municipality);
  vj_store_stmt_bind_text (stmt, 8, g_checksum_get_string (checksum));
  vj_store_stmt_bind_int (stmt, 9, recstatus);
  vj_store_stmt_bind_int (stmt, 10, (int) record->line);
  vj_store_stmt_bind_text (stmt, 11, record->number);
  vj_store_stmt_bind_text (stmt, 12, record->latitude);
  vj_store_stmt_bind_text (stmt, 13, record->longitude);
  return _vj_db_import_stage_row (self, stmt, _("location"), record->external_id, record->line, issues,
                    &duplicate, error);
}

gboolean
vj_db_import_stage_institution (VjDbImport                *self,
                                const VjInstitutionRecord *record,
                                GPtrArray                 *issues,
                                GError                   **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *sort_key = NULL;
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->external_id != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;

  _vj_db_import_hash_add (checksum, record->name);
  _vj_db_import_hash_add (checksum, record->type);
  _vj_db_import_hash_add (checksum, record->number);
  _vj_db_import_hash_add (checksum, record->url);
  _vj_db_import_hash_add (checksum, record->email);
  _vj_db_import_hash_add (checksum, record->phone);
  _vj_db_import_hash_add (checksum, record->description);
  for (guint i = 0; i < record->serves->len; i++)
    _vj_db_import_hash_add_int (checksum, g_array_index (record->serves, int, i));

  sort_key = vj_text_sort_key (record->name);
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_institution (external_id, name, sort_key, type, number, url, "
                  "  email, phone, description, content_hash, recstatus, line) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                  "ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->external_id);
  vj_store_stmt_bind_text (stmt, 2, record->name);
  vj_store_stmt_bind_text (stmt, 3, sort_key);
  vj_store_stmt_bind_text (stmt, 4, record->type);
  vj_store_stmt_bind_text (stmt, 5, record->number);
  vj_store_stmt_bind_text (stmt, 6, record->url);
  vj_store_stmt_bind_text (stmt, 7, record->email);
  vj_store_stmt_bind_text (stmt, 8, record->phone);
  vj_store_stmt_bind_text (stmt, 9, record->description);
  vj_store_stmt_bind_text (stmt, 10, g_checksum_get_string (checksum));
  vj_store_stmt_bind_int (stmt, 11, record->recstatus);
  vj_store_stmt_bind_int (stmt, 12, (int) record->line);
  if (!_vj_db_import_stage_row (self, stmt, _("institution"), record->external_id, record->line, issues,
                  &duplicate, error))
    return FALSE;
  if (duplicate)
    return _vj_db_import_batch_step (self, error);

  for (guint i = 0; i < record->serves->len; i++)
    {
      stmt = _vj_db_import_stage_prepare (self,
                      "INSERT INTO stage_serves (institution_ext, municipality) VALUES (?1, ?2);",
                      error);
      if (stmt == NULL)
        return FALSE;
      vj_store_stmt_bind_text (stmt, 1, record->external_id);
      vj_store_stmt_bind_int (stmt, 2, g_array_index (record->serves, int, i));
      if (!_vj_db_import_stage_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < record->locations->len; i++)
    {
      VjLocationRecord *location = g_ptr_array_index (record->locations, i);
      VjRecStatus status = record->recstatus;

      /* A wrapper's venue with an address is data; its bare main location is not */
      if (status == VJ_RECSTATUS_REFERENCE &&
          (location->street != NULL || location->postcode != NULL || location->town != NULL))
        status = VJ_RECSTATUS_NONE;
      if (!stage_location (self, record->external_id, location, status, issues, error))
        return FALSE;
    }

  return _vj_db_import_batch_step (self, error);
}

static gboolean
stage_offering (VjDbImport             *self,
                const char             *programme_ext,
                const VjOfferingRecord *record,
                GPtrArray              *issues,
                GError                **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  const char *fields[] = {
    programme_ext, record->location_id, record->start, record->end, record->deadline,
    record->study_mode, record->url, record->language, record->cost, record->duration,
  };
  VjStoreStmt *stmt;
  gboolean duplicate;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    _vj_db_import_hash_add (checksum, fields[i]);
  /* The public keys joined the hash later: only when present, so older hashes still match */
  if (record->ug_article != NULL || record->kot_number != NULL)
    {
      _vj_db_import_hash_add (checksum, record->ug_article);
      _vj_db_import_hash_add (checksum, record->kot_number);
    }
  /* So is what an offering is derived from */
  if (record->derived != NULL)
    _vj_db_import_hash_add (checksum, record->derived);

  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_offering (programme_ext, location_ext, start, end_date, "
                  "  deadline, study_mode, url, language, cost, duration, external_id, "
                  "  content_hash, recstatus, line, ug_article, kot_number, derived) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                  "  ?17) "
                  "ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    vj_store_stmt_bind_text (stmt, (int) i + 1, fields[i]);
  vj_store_stmt_bind_text (stmt, 11, record->external_id);
  vj_store_stmt_bind_text (stmt, 12, g_checksum_get_string (checksum));
  vj_store_stmt_bind_int (stmt, 13, record->recstatus);
  vj_store_stmt_bind_int (stmt, 14, (int) record->line);
  vj_store_stmt_bind_text (stmt, 15, record->ug_article);
  vj_store_stmt_bind_text (stmt, 16, record->kot_number);
  vj_store_stmt_bind_text (stmt, 17, record->derived);
  return _vj_db_import_stage_row (self, stmt, _("offering"), record->external_id, record->line, issues,
                    &duplicate, error);
}

gboolean
vj_db_import_stage_programme (VjDbImport              *self,
                              const VjProgrammeRecord *record,
                              GPtrArray               *issues,
                              GError                 **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *sort_key = NULL;
  g_autofree char *title_key = NULL;
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->external_id != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;

  _vj_db_import_hash_add (checksum, record->institution_id);
  _vj_db_import_hash_add (checksum, record->title);
  _vj_db_import_hash_add (checksum, record->category);
  _vj_db_import_hash_add_int (checksum, record->level);
  _vj_db_import_hash_add_int (checksum, record->ects);
  _vj_db_import_hash_add (checksum, record->duration);
  _vj_db_import_hash_add_int (checksum, record->duration_months);
  _vj_db_import_hash_add (checksum, record->description);
  _vj_db_import_hash_add (checksum, record->admission);
  _vj_db_import_hash_add (checksum, record->keywords);
  _vj_db_import_hash_add (checksum, record->url);

  sort_key = vj_text_sort_key (record->title);
  title_key = vj_text_fold (record->title);
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_programme (external_id, institution_ext, title, sort_key, "
                  "  category, level, ects, duration, duration_months, description, admission, "
                  "  keywords, url, content_hash, recstatus, line, title_key) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                  "  ?17) ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_bind_text (stmt, 1, record->external_id);
  vj_store_stmt_bind_text (stmt, 2, record->institution_id);
  vj_store_stmt_bind_text (stmt, 3, record->title);
  vj_store_stmt_bind_text (stmt, 4, sort_key);
  vj_store_stmt_bind_text (stmt, 5, record->category);
  vj_store_stmt_bind_int_or_null (stmt, 6, record->level);
  vj_store_stmt_bind_int_or_null (stmt, 7, record->ects);
  vj_store_stmt_bind_text (stmt, 8, record->duration);
  vj_store_stmt_bind_int_or_null (stmt, 9, record->duration_months);
  vj_store_stmt_bind_text (stmt, 10, record->description);
  vj_store_stmt_bind_text (stmt, 11, record->admission);
  vj_store_stmt_bind_text (stmt, 12, record->keywords);
  vj_store_stmt_bind_text (stmt, 13, record->url);
  vj_store_stmt_bind_text (stmt, 14, g_checksum_get_string (checksum));
  vj_store_stmt_bind_int (stmt, 15, record->recstatus);
  vj_store_stmt_bind_int (stmt, 16, (int) record->line);
  vj_store_stmt_bind_text (stmt, 17, title_key);
  if (!_vj_db_import_stage_row (self, stmt, _("programme"), record->external_id, record->line, issues,
                  &duplicate, error))
    return FALSE;

  if (!duplicate)
    for (guint i = 0; i < record->offerings->len; i++)
      if (!stage_offering (self, record->external_id, g_ptr_array_index (record->offerings, i),
                           issues, error))
        return FALSE;

  return _vj_db_import_batch_step (self, error);
}
