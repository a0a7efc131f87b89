#define G_LOG_DOMAIN "vj-db-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-reference.h"
#include "vj-text.h"

/* Migrations: an append-only array. A released entry never changes; a new schema version is a
 * new entry. Entry i takes the database from user_version i to i + 1. Each entry has its SQL
 * per engine where they differ (the PostgreSQL steps below the SQLite ones); a new step that
 * both engines run as written has none of its own for PostgreSQL. */

typedef struct
{
  const char *sql;     /* SQLite's */
  const char *pg_sql;  /* PostgreSQL's, where it differs (NULL: the same) */
  gboolean  (*seed) (VjStoreConn *conn, GError **error);
} Migration;

static const char schema_1[] =
  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  /* Reference data (DOMAIN.md), seeded from src/model/vj-reference.c */
  "CREATE TABLE municipality ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL"
  ");"
  "CREATE TABLE category ("
  "  code TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  level_min INTEGER NOT NULL CHECK (level_min BETWEEN 1 AND 8),"
  "  level_max INTEGER NOT NULL CHECK (level_max BETWEEN 1 AND 8)"
  ");"
  "CREATE TABLE qualification_level ("
  "  level INTEGER PRIMARY KEY CHECK (level BETWEEN 1 AND 8)"
  ");"

  /* Where catalogue data came from */
  "CREATE TABLE source ("
  "  id INTEGER PRIMARY KEY,"
  "  feed_id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('builtin', 'file', 'url')),"
  "  location TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  title TEXT,"
  "  feed_version INTEGER,"
  "  sample INTEGER NOT NULL DEFAULT 0,"
  "  etag TEXT,"
  "  last_modified TEXT,"
  "  last_status TEXT,"
  "  last_import_at TEXT"
  ");"

  "CREATE TABLE institution ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  type TEXT,"
  "  number TEXT,"
  "  url TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  description TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX institution_sort ON institution (sort_key);"

  "CREATE TABLE location ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  institution_id INTEGER NOT NULL REFERENCES institution (id),"
  "  name TEXT NOT NULL,"
  "  street TEXT,"
  "  postcode TEXT,"
  "  town TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX location_institution ON location (institution_id);"
  "CREATE INDEX location_municipality ON location (municipality);"

  "CREATE TABLE institution_serves ("
  "  institution_id INTEGER NOT NULL REFERENCES institution (id) ON DELETE CASCADE,"
  "  municipality INTEGER NOT NULL REFERENCES municipality (code),"
  "  PRIMARY KEY (institution_id, municipality)"
  ") WITHOUT ROWID;"

  "CREATE TABLE programme ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  institution_id INTEGER REFERENCES institution (id),"
  "  title TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  category TEXT REFERENCES category (code),"
  "  level INTEGER REFERENCES qualification_level (level),"
  "  ects INTEGER,"
  "  duration TEXT,"
  "  duration_months INTEGER,"
  "  description TEXT,"
  "  admission TEXT,"
  "  keywords TEXT,"
  "  url TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX programme_sort ON programme (withdrawn, sort_key);"
  "CREATE INDEX programme_category ON programme (category, withdrawn, sort_key);"

  "CREATE TABLE offering ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  programme_id INTEGER NOT NULL REFERENCES programme (id),"
  "  location_id INTEGER REFERENCES location (id),"
  "  start TEXT,"
  "  end_date TEXT,"
  "  deadline TEXT,"
  "  study_mode TEXT,"
  "  url TEXT,"
  "  language TEXT,"
  "  cost TEXT,"
  "  duration TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX offering_programme ON offering (programme_id);"
  "CREATE INDEX offering_location ON offering (location_id);"

  /* Initiatives: Kompetenceparat 2020 → tracks → action plans and projects */
  "CREATE TABLE initiative ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  parent_external_id TEXT,"
  "  parent_id INTEGER REFERENCES initiative (id),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  title TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  kind TEXT,"
  "  description TEXT,"
  "  period_start TEXT,"
  "  period_end TEXT,"
  "  owner TEXT,"
  "  source_url TEXT,"
  "  inferred TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX initiative_parent ON initiative (parent_id);"
  "CREATE TABLE goal ("
  "  id INTEGER PRIMARY KEY,"
  "  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  target TEXT"
  ");"
  "CREATE INDEX goal_initiative ON goal (initiative_id);"
  "CREATE TABLE actor ("
  "  id INTEGER PRIMARY KEY,"
  "  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  role TEXT,"
  "  address TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  url TEXT"
  ");"
  "CREATE INDEX actor_initiative ON actor (initiative_id);"
  "CREATE TABLE initiative_programme ("
  "  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  programme_id INTEGER NOT NULL REFERENCES programme (id),"
  "  PRIMARY KEY (initiative_id, programme_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX initiative_programme_programme ON initiative_programme (programme_id);"
  "CREATE TABLE initiative_institution ("
  "  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  institution_id INTEGER NOT NULL REFERENCES institution (id),"
  "  PRIMARY KEY (initiative_id, institution_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE initiative_municipality ("
  "  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  municipality INTEGER NOT NULL REFERENCES municipality (code),"
  "  PRIMARY KEY (initiative_id, municipality)"
  ") WITHOUT ROWID;"

  /* A counsellor's or administrator's edits to imported records; imports never touch it. */
  "CREATE TABLE overlay ("
  "  id INTEGER PRIMARY KEY,"
  "  entity TEXT NOT NULL CHECK (entity IN ('institution', 'programme', 'offering', 'initiative')),"
  "  entity_id INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  value TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (entity, entity_id, field)"
  ");"

  /* The guidance log: personal data, pseudonymous, no CPR numbers */
  "CREATE TABLE person ("
  "  id INTEGER PRIMARY KEY,"
  "  reference TEXT NOT NULL UNIQUE,"
  "  birth_year INTEGER,"
  "  grade TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  target_group TEXT CHECK (target_group IN ('pupil', 'young', 'adult')),"
  "  consent INTEGER NOT NULL DEFAULT 0,"
  "  consent_date TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  started_at TEXT NOT NULL,"
  "  duration_minutes INTEGER,"
  "  counsellor TEXT,"
  "  service TEXT CHECK (service IN ('kui', 'studievalg', 'veu')),"
  "  form TEXT CHECK (form IN ('individual', 'group', 'class', 'evejledning', 'outreach',"
  "                            'bridge-building')),"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  class_label TEXT,"
  "  head_count INTEGER,"
  "  upv_status TEXT,"
  "  notes TEXT,"
  "  follow_up TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX session_started ON session (started_at);"
  "CREATE TABLE session_person ("
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (session_id, person_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX session_person_person ON session_person (person_id);"
  "CREATE TABLE session_topic ("
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  topic TEXT NOT NULL,"
  "  PRIMARY KEY (session_id, topic)"
  ") WITHOUT ROWID;"
  "CREATE TABLE session_programme ("
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  programme_id INTEGER NOT NULL REFERENCES programme (id),"
  "  offering_id INTEGER REFERENCES offering (id),"
  "  PRIMARY KEY (session_id, programme_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX session_programme_programme ON session_programme (programme_id);"
  "CREATE TABLE next_step ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  person_id INTEGER REFERENCES person (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  due TEXT,"
  "  done TEXT"
  ");"
  "CREATE INDEX next_step_due ON next_step (done, due);"
  "CREATE TABLE shortlist ("
  "  id INTEGER PRIMARY KEY,"
  "  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  programme_id INTEGER NOT NULL REFERENCES programme (id),"
  "  offering_id INTEGER REFERENCES offering (id),"
  "  note TEXT"
  ");"
  "CREATE INDEX shortlist_programme ON shortlist (programme_id);"
  "CREATE TABLE draft ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  target_id INTEGER,"
  "  person_id INTEGER REFERENCES person (id) ON DELETE CASCADE,"
  "  body TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"

  /* One row per import, written after the merge commits or rolls back */
  "CREATE TABLE import_run ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER REFERENCES source (id) ON DELETE SET NULL,"
  "  location TEXT NOT NULL,"
  "  format TEXT,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('running', 'imported', 'not-modified', 'failed',"
  "                                         'cancelled', 'interrupted')),"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  unchanged INTEGER NOT NULL DEFAULT 0,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0,"
  "  error TEXT,"
  "  error_line INTEGER,"
  "  report TEXT"
  ");"
  "CREATE INDEX import_run_source ON import_run (source_id, started_at);"

  /* Full-text search over our own folded keys (vj_text_fold); the query is folded the same way */
  "CREATE VIRTUAL TABLE catalogue_fts USING fts5 ("
  "  title, body, places,"
  "  tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'"
  ");"
  "CREATE VIRTUAL TABLE session_fts USING fts5 ("
  "  notes,"
  "  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'"
  ");";

/* 2: saved feed subscriptions (issue: catalogue import over HTTP) */
static const char schema_2[] =
  "CREATE TABLE feed ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  url TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX source_location ON source (location);"
  "CREATE INDEX import_run_location ON import_run (location, id);";

/* 3: a folded title beside each programme, indexed, for fast title-prefix search */
static const char schema_3[] =
  "ALTER TABLE programme ADD COLUMN title_key TEXT NOT NULL DEFAULT '';"
  "UPDATE programme SET title_key = fold (title);"
  "CREATE INDEX programme_title_key ON programme (title_key);";

/* 4: the Samtaler page's filters in index order, so a first page with a filter is read from an
 * index at 100 000 sessions (bench-sessions) */
static const char schema_4[] =
  "CREATE INDEX session_municipality_started ON session (municipality, started_at);"
  "CREATE INDEX session_form_started ON session (form, started_at);"
  "CREATE INDEX session_service_started ON session (service, started_at);";

/* 5: the goal the person and the counsellor agreed on, printed at the top of their plan */
static const char schema_5[] =
  "ALTER TABLE person ADD COLUMN plan_goal TEXT;";

/* 6: erasing that finishes (vj-db-erase.c). A random key of this database's own, and a record
 * of each erase: the person's reference as an HMAC-SHA256 under that key (never the reference
 * itself), or a purge's cutoff day. A record is pending until the database, its WAL and every
 * backup are clean, then kept as a tombstone: a restored backup erases them again. "IF NOT
 * EXISTS": restoring an older backup may have brought the tables in before this step runs. */
const char _vj_db_erase_tables_sql[] =
  "CREATE TABLE IF NOT EXISTS erase_key ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  key BLOB NOT NULL"
  ");"
  "INSERT OR IGNORE INTO erase_key (id, key) VALUES (1, randomblob (32));"
  "CREATE TABLE IF NOT EXISTS erase_record ("
  "  id INTEGER PRIMARY KEY,"
  "  reference_hmac TEXT,"
  "  cutoff TEXT,"
  "  created_at TEXT NOT NULL,"
  "  done_at TEXT,"
  "  CHECK ((reference_hmac IS NULL) <> (cutoff IS NULL))"
  ");"
  "CREATE INDEX IF NOT EXISTS erase_record_pending ON erase_record (done_at);"
  "CREATE INDEX IF NOT EXISTS erase_record_hmac ON erase_record (reference_hmac);";

/* 7: the national catalogue (issue 16): all 98 municipalities and the 5 regions; the public
 * keys on the records (HACKING.md, "Identity across sources and the public tables"); what the
 * public tables say, kept per source (and per year) beside the records, never over them */
static const char schema_7[] =
  "CREATE TABLE region ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL"
  ");"
  "ALTER TABLE municipality ADD COLUMN region INTEGER REFERENCES region (code);"
  "CREATE INDEX municipality_region ON municipality (region);"

  /* The public keys: a campus's register number (INST_NR), its place on the map; a programme
   * at an institution's ug.dk article (artikel_id); an admission offer's KOT number */
  "ALTER TABLE location ADD COLUMN number TEXT;"
  "ALTER TABLE location ADD COLUMN latitude REAL;"
  "ALTER TABLE location ADD COLUMN longitude REAL;"
  "ALTER TABLE offering ADD COLUMN ug_article TEXT;"
  "ALTER TABLE offering ADD COLUMN kot_number TEXT;"
  "CREATE INDEX institution_number ON institution (number);"
  "CREATE INDEX location_number ON location (number);"
  "CREATE INDEX offering_ug_article ON offering (ug_article);"
  "CREATE INDEX offering_kot_number ON offering (kot_number);"

  /* A unit of the institution register (an institution, or a campus with its main school) */
  "CREATE TABLE public_unit ("
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  number TEXT NOT NULL,"
  "  main_number TEXT,"
  "  name TEXT NOT NULL,"
  "  unit_kind TEXT,"
  "  type_code INTEGER,"
  "  type_name TEXT,"
  "  street TEXT,"
  "  postcode TEXT,"
  "  town TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  url TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  latitude REAL,"
  "  longitude REAL,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, number)"
  ") WITHOUT ROWID;"
  "CREATE INDEX public_unit_number ON public_unit (number);"
  "CREATE INDEX public_unit_main ON public_unit (main_number);"
  "CREATE INDEX public_unit_municipality ON public_unit (municipality, type_code);"

  /* An offer as a public table names it: by its ug.dk article (Uddannelseszoom) or its KOT
   * number (KOT), with the institution number where the table gives one */
  "CREATE TABLE public_offer ("
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  key_kind TEXT NOT NULL CHECK (key_kind IN ('article', 'kot')),"
  "  key TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  institution_number TEXT,"
  "  institution_name TEXT,"
  "  town TEXT,"
  "  municipality INTEGER,"
  "  education_code TEXT,"
  "  url TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, key_kind, key)"
  ") WITHOUT ROWID;"
  "CREATE INDEX public_offer_key ON public_offer (key_kind, key);"

  /* A figure about an offer in a year, or the reason there is none ('AO', 'suppressed' …) */
  "CREATE TABLE public_fact ("
  "  source_id INTEGER NOT NULL REFERENCES source (id),"
  "  key_kind TEXT NOT NULL CHECK (key_kind IN ('article', 'kot')),"
  "  key TEXT NOT NULL,"
  "  fact TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  value REAL,"
  "  reason TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  CHECK ((value IS NULL) <> (reason IS NULL)),"
  "  PRIMARY KEY (source_id, key_kind, key, fact, year)"
  ") WITHOUT ROWID;"
  "CREATE INDEX public_fact_key ON public_fact (key_kind, key, fact, year);"

  /* How a KOT offer was joined to an offer at an institution, made visible */
  "CREATE TABLE kot_match ("
  "  kot_number TEXT PRIMARY KEY,"
  "  ug_article TEXT,"
  "  institution_number TEXT,"
  "  programme_title TEXT,"
  "  town TEXT,"
  "  start TEXT,"
  "  method TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX kot_match_article ON kot_match (ug_article);";

/* Runs @stmt once for each of @n rows, bound by @bind */
static gboolean
insert_rows (VjStoreStmt  *stmt,
             guint         n,
             gboolean    (*bind) (VjStoreStmt *stmt, guint i),
             GError      **error)
{
  vj_store_stmt_set_what (stmt, _("creating the database"));
  for (guint i = 0; i < n; i++)
    if (bind (stmt, i) && !vj_store_stmt_run (stmt, error))
      return FALSE;
  return TRUE;
}

static gboolean
bind_region_municipality (VjStoreStmt *stmt,
                          guint        i)
{
  guint n;
  const VjMunicipality *municipality = &vj_municipalities (&n)[i];
  g_autofree char *key = NULL;

  /* Schema 1 knew the region's 17 municipalities; schema 7 adds the others */
  if (municipality->region != VJ_REGION_CODE)
    return FALSE;
  key = vj_text_sort_key (municipality->name);
  vj_store_stmt_bind_int (stmt, 1, municipality->code);
  vj_store_stmt_bind_text (stmt, 2, municipality->name);
  vj_store_stmt_bind_text (stmt, 3, key);
  return TRUE;
}

static gboolean
bind_category (VjStoreStmt *stmt,
               guint        i)
{
  guint n;
  const VjCategory *category = &vj_categories (&n)[i];

  vj_store_stmt_bind_text (stmt, 1, category->code);
  vj_store_stmt_bind_int (stmt, 2, i);
  vj_store_stmt_bind_int (stmt, 3, category->level_min);
  vj_store_stmt_bind_int (stmt, 4, category->level_max);
  return TRUE;
}

static gboolean
seed_reference_data (VjStoreConn *conn,
                     GError     **error)
{
  g_autoptr(VjStoreStmt) municipality = NULL;
  g_autoptr(VjStoreStmt) category = NULL;
  guint n_municipalities, n_categories;

  vj_municipalities (&n_municipalities);
  vj_categories (&n_categories);
  municipality = vj_store_prepare (conn,
                                   "INSERT INTO municipality (code, name, sort_key)"
                                   " VALUES (?1, ?2, ?3);",
                                   error);
  if (municipality == NULL ||
      !insert_rows (municipality, n_municipalities, bind_region_municipality, error))
    return FALSE;
  category = vj_store_prepare (conn,
                               "INSERT INTO category (code, position, level_min, level_max) "
                               "VALUES (?1, ?2, ?3, ?4);",
                               error);
  if (category == NULL || !insert_rows (category, n_categories, bind_category, error))
    return FALSE;

  return vj_store_exec (conn,
                        "INSERT INTO qualification_level (level) "
                        "VALUES (1), (2), (3), (4), (5), (6), (7), (8);",
                        error);
}

static gboolean
bind_region (VjStoreStmt *stmt,
             guint        i)
{
  guint n;
  const VjRegion *region = &vj_regions (&n)[i];
  g_autofree char *key = vj_text_sort_key (region->name);

  vj_store_stmt_bind_int (stmt, 1, region->code);
  vj_store_stmt_bind_text (stmt, 2, region->name);
  vj_store_stmt_bind_text (stmt, 3, key);
  return TRUE;
}

static gboolean
bind_municipality (VjStoreStmt *stmt,
                   guint        i)
{
  guint n;
  const VjMunicipality *municipality = &vj_municipalities (&n)[i];
  g_autofree char *key = vj_text_sort_key (municipality->name);

  vj_store_stmt_bind_int (stmt, 1, municipality->code);
  vj_store_stmt_bind_text (stmt, 2, municipality->name);
  vj_store_stmt_bind_text (stmt, 3, key);
  vj_store_stmt_bind_int (stmt, 4, municipality->region);
  return TRUE;
}

static gboolean
seed_country (VjStoreConn *conn,
              GError     **error)
{
  g_autoptr(VjStoreStmt) region = NULL;
  g_autoptr(VjStoreStmt) municipality = NULL;
  guint n_regions, n_municipalities;

  vj_regions (&n_regions);
  vj_municipalities (&n_municipalities);
  region = vj_store_prepare (conn,
                             "INSERT INTO region (code, name, sort_key) VALUES (?1, ?2, ?3);",
                             error);
  if (region == NULL || !insert_rows (region, n_regions, bind_region, error))
    return FALSE;
  municipality = vj_store_prepare (conn,
                                   "INSERT INTO municipality (code, name, sort_key, region) "
                                   "VALUES (?1, ?2, ?3, ?4) "
                                   "ON CONFLICT (code) DO UPDATE SET region = excluded.region;",
                                   error);
  return municipality != NULL &&
         insert_rows (municipality, n_municipalities, bind_municipality, error);
}

/* An offering derived from a law rather than read from a register (FGU's three tracks at every
 * FGU institution): the law's name */
static const char schema_8[] =
  "ALTER TABLE offering ADD COLUMN derived TEXT;";

/* The same steps on PostgreSQL (DESIGN.md, "One database or a team's server"), where their SQL
 * differs; a step whose SQL both run has none here. What differs: ids are BIGINT identity
 * columns (SQLite's INTEGER PRIMARY KEY is its 64-bit rowid) and the columns that name them
 * BIGINT; REAL is DOUBLE PRECISION, BLOB BYTEA; no WITHOUT ROWID; the sort and title keys are
 * COLLATE "C", so that they sort and match prefixes byte by byte as on SQLite; the search
 * index is a table of tsvectors with a GIN index instead of FTS5 (the store's search hook
 * fills and queries it). A server's schema is always made from nothing, so a step never fills
 * a new column from old rows with an SQL function (fold () is SQLite's, registered by the
 * store; on a server the keys are computed in C before the insert). */
static const char schema_1_pg[] =
  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"

  /* Reference data (DOMAIN.md), seeded from src/model/vj-reference.c */
  "CREATE TABLE municipality ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT COLLATE \"C\" NOT NULL"
  ");"
  "CREATE TABLE category ("
  "  code TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  level_min INTEGER NOT NULL CHECK (level_min BETWEEN 1 AND 8),"
  "  level_max INTEGER NOT NULL CHECK (level_max BETWEEN 1 AND 8)"
  ");"
  "CREATE TABLE qualification_level ("
  "  level INTEGER PRIMARY KEY CHECK (level BETWEEN 1 AND 8)"
  ");"

  /* Where catalogue data came from */
  "CREATE TABLE source ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  feed_id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('builtin', 'file', 'url')),"
  "  location TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  title TEXT,"
  "  feed_version INTEGER,"
  "  sample INTEGER NOT NULL DEFAULT 0,"
  "  etag TEXT,"
  "  last_modified TEXT,"
  "  last_status TEXT,"
  "  last_import_at TEXT"
  ");"

  "CREATE TABLE institution ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT COLLATE \"C\" NOT NULL,"
  "  type TEXT,"
  "  number TEXT,"
  "  url TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  description TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX institution_sort ON institution (sort_key);"

  "CREATE TABLE location ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  institution_id BIGINT NOT NULL REFERENCES institution (id),"
  "  name TEXT NOT NULL,"
  "  street TEXT,"
  "  postcode TEXT,"
  "  town TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX location_institution ON location (institution_id);"
  "CREATE INDEX location_municipality ON location (municipality);"

  "CREATE TABLE institution_serves ("
  "  institution_id BIGINT NOT NULL REFERENCES institution (id) ON DELETE CASCADE,"
  "  municipality INTEGER NOT NULL REFERENCES municipality (code),"
  "  PRIMARY KEY (institution_id, municipality)"
  ");"

  "CREATE TABLE programme ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  institution_id BIGINT REFERENCES institution (id),"
  "  title TEXT NOT NULL,"
  "  sort_key TEXT COLLATE \"C\" NOT NULL,"
  "  category TEXT REFERENCES category (code),"
  "  level INTEGER REFERENCES qualification_level (level),"
  "  ects INTEGER,"
  "  duration TEXT,"
  "  duration_months INTEGER,"
  "  description TEXT,"
  "  admission TEXT,"
  "  keywords TEXT,"
  "  url TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX programme_sort ON programme (withdrawn, sort_key);"
  "CREATE INDEX programme_category ON programme (category, withdrawn, sort_key);"

  "CREATE TABLE offering ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  programme_id BIGINT NOT NULL REFERENCES programme (id),"
  "  location_id BIGINT REFERENCES location (id),"
  "  start TEXT,"
  "  end_date TEXT,"
  "  deadline TEXT,"
  "  study_mode TEXT,"
  "  url TEXT,"
  "  language TEXT,"
  "  cost TEXT,"
  "  duration TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX offering_programme ON offering (programme_id);"
  "CREATE INDEX offering_location ON offering (location_id);"

  /* Initiatives: Kompetenceparat 2020 → tracks → action plans and projects */
  "CREATE TABLE initiative ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  external_id TEXT NOT NULL,"
  "  parent_external_id TEXT,"
  "  parent_id BIGINT REFERENCES initiative (id),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  title TEXT NOT NULL,"
  "  sort_key TEXT COLLATE \"C\" NOT NULL,"
  "  kind TEXT,"
  "  description TEXT,"
  "  period_start TEXT,"
  "  period_end TEXT,"
  "  owner TEXT,"
  "  source_url TEXT,"
  "  inferred TEXT,"
  "  content_hash TEXT NOT NULL,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (source_id, external_id)"
  ");"
  "CREATE INDEX initiative_parent ON initiative (parent_id);"
  "CREATE TABLE goal ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  initiative_id BIGINT NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  target TEXT"
  ");"
  "CREATE INDEX goal_initiative ON goal (initiative_id);"
  "CREATE TABLE actor ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  initiative_id BIGINT NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  role TEXT,"
  "  address TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  url TEXT"
  ");"
  "CREATE INDEX actor_initiative ON actor (initiative_id);"
  "CREATE TABLE initiative_programme ("
  "  initiative_id BIGINT NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  programme_id BIGINT NOT NULL REFERENCES programme (id),"
  "  PRIMARY KEY (initiative_id, programme_id)"
  ");"
  "CREATE INDEX initiative_programme_programme ON initiative_programme (programme_id);"
  "CREATE TABLE initiative_institution ("
  "  initiative_id BIGINT NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  institution_id BIGINT NOT NULL REFERENCES institution (id),"
  "  PRIMARY KEY (initiative_id, institution_id)"
  ");"
  "CREATE TABLE initiative_municipality ("
  "  initiative_id BIGINT NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,"
  "  municipality INTEGER NOT NULL REFERENCES municipality (code),"
  "  PRIMARY KEY (initiative_id, municipality)"
  ");"

  /* A counsellor's or administrator's edits to imported records; imports never touch it. */
  "CREATE TABLE overlay ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  entity TEXT NOT NULL CHECK (entity IN ('institution', 'programme', 'offering', 'initiative')),"
  "  entity_id BIGINT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  value TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (entity, entity_id, field)"
  ");"

  /* The guidance log: personal data, pseudonymous, no CPR numbers */
  "CREATE TABLE person ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  reference TEXT NOT NULL UNIQUE,"
  "  birth_year INTEGER,"
  "  grade TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  target_group TEXT CHECK (target_group IN ('pupil', 'young', 'adult')),"
  "  consent INTEGER NOT NULL DEFAULT 0,"
  "  consent_date TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE TABLE session ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  started_at TEXT NOT NULL,"
  "  duration_minutes INTEGER,"
  "  counsellor TEXT,"
  "  service TEXT CHECK (service IN ('kui', 'studievalg', 'veu')),"
  "  form TEXT CHECK (form IN ('individual', 'group', 'class', 'evejledning', 'outreach',"
  "                            'bridge-building')),"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  class_label TEXT,"
  "  head_count INTEGER,"
  "  upv_status TEXT,"
  "  notes TEXT,"
  "  follow_up TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX session_started ON session (started_at);"
  "CREATE TABLE session_person ("
  "  session_id BIGINT NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (session_id, person_id)"
  ");"
  "CREATE INDEX session_person_person ON session_person (person_id);"
  "CREATE TABLE session_topic ("
  "  session_id BIGINT NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  topic TEXT NOT NULL,"
  "  PRIMARY KEY (session_id, topic)"
  ");"
  "CREATE TABLE session_programme ("
  "  session_id BIGINT NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  programme_id BIGINT NOT NULL REFERENCES programme (id),"
  "  offering_id BIGINT REFERENCES offering (id),"
  "  PRIMARY KEY (session_id, programme_id)"
  ");"
  "CREATE INDEX session_programme_programme ON session_programme (programme_id);"
  "CREATE TABLE next_step ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  session_id BIGINT NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  person_id BIGINT REFERENCES person (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  due TEXT,"
  "  done TEXT"
  ");"
  "CREATE INDEX next_step_due ON next_step (done, due);"
  "CREATE TABLE shortlist ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  programme_id BIGINT NOT NULL REFERENCES programme (id),"
  "  offering_id BIGINT REFERENCES offering (id),"
  "  note TEXT"
  ");"
  "CREATE INDEX shortlist_programme ON shortlist (programme_id);"
  "CREATE TABLE draft ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  target_id BIGINT,"
  "  person_id BIGINT REFERENCES person (id) ON DELETE CASCADE,"
  "  body TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"

  /* One row per import, written after the merge commits or rolls back */
  "CREATE TABLE import_run ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  source_id BIGINT REFERENCES source (id) ON DELETE SET NULL,"
  "  location TEXT NOT NULL,"
  "  format TEXT,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('running', 'imported', 'not-modified', 'failed',"
  "                                         'cancelled', 'interrupted')),"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  unchanged INTEGER NOT NULL DEFAULT 0,"
  "  withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0,"
  "  error TEXT,"
  "  error_line INTEGER,"
  "  report TEXT"
  ");"
  "CREATE INDEX import_run_source ON import_run (source_id, started_at);"

  /* Search over our own folded keys (vj_text_fold): not FTS5 but a tsvector per row, made
   * from the tokens the C code cuts (never PostgreSQL's parser), title weighted A, body B,
   * places C; a GIN index, prefix queries with :*. The id is the programme's (the session's). */
  "CREATE TABLE catalogue_fts ("
  "  id BIGINT PRIMARY KEY,"
  "  document TSVECTOR NOT NULL"
  ");"
  "CREATE INDEX catalogue_fts_document ON catalogue_fts USING GIN (document);"
  "CREATE TABLE session_fts ("
  "  id BIGINT PRIMARY KEY,"
  "  document TSVECTOR NOT NULL"
  ");"
  "CREATE INDEX session_fts_document ON session_fts USING GIN (document);";

static const char schema_3_pg[] =
  "ALTER TABLE programme ADD COLUMN title_key TEXT COLLATE \"C\" NOT NULL DEFAULT '';"
  "CREATE INDEX programme_title_key ON programme (title_key);";

/* The key: 32 bytes from two version 4 UUIDs (PostgreSQL's strong random source; 244 random
 * bits) through SHA-256, without the pgcrypto extension */
static const char schema_6_pg[] =
  "CREATE TABLE IF NOT EXISTS erase_key ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  key BYTEA NOT NULL"
  ");"
  "INSERT INTO erase_key (id, key)"
  "  VALUES (1, sha256 (convert_to (gen_random_uuid ()::text || gen_random_uuid ()::text,"
  "                                 'UTF8')))"
  "  ON CONFLICT (id) DO NOTHING;"
  "CREATE TABLE IF NOT EXISTS erase_record ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  reference_hmac TEXT,"
  "  cutoff TEXT,"
  "  created_at TEXT NOT NULL,"
  "  done_at TEXT,"
  "  CHECK ((reference_hmac IS NULL) <> (cutoff IS NULL))"
  ");"
  "CREATE INDEX IF NOT EXISTS erase_record_pending ON erase_record (done_at);"
  "CREATE INDEX IF NOT EXISTS erase_record_hmac ON erase_record (reference_hmac);";

static const char schema_7_pg[] =
  "CREATE TABLE region ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT COLLATE \"C\" NOT NULL"
  ");"
  "ALTER TABLE municipality ADD COLUMN region INTEGER REFERENCES region (code);"
  "CREATE INDEX municipality_region ON municipality (region);"

  /* The public keys: a campus's register number (INST_NR), its place on the map; a programme
   * at an institution's ug.dk article (artikel_id); an admission offer's KOT number */
  "ALTER TABLE location ADD COLUMN number TEXT;"
  "ALTER TABLE location ADD COLUMN latitude DOUBLE PRECISION;"
  "ALTER TABLE location ADD COLUMN longitude DOUBLE PRECISION;"
  "ALTER TABLE offering ADD COLUMN ug_article TEXT;"
  "ALTER TABLE offering ADD COLUMN kot_number TEXT;"
  "CREATE INDEX institution_number ON institution (number);"
  "CREATE INDEX location_number ON location (number);"
  "CREATE INDEX offering_ug_article ON offering (ug_article);"
  "CREATE INDEX offering_kot_number ON offering (kot_number);"

  /* A unit of the institution register (an institution, or a campus with its main school) */
  "CREATE TABLE public_unit ("
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  number TEXT NOT NULL,"
  "  main_number TEXT,"
  "  name TEXT NOT NULL,"
  "  unit_kind TEXT,"
  "  type_code INTEGER,"
  "  type_name TEXT,"
  "  street TEXT,"
  "  postcode TEXT,"
  "  town TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  url TEXT,"
  "  municipality INTEGER REFERENCES municipality (code),"
  "  latitude DOUBLE PRECISION,"
  "  longitude DOUBLE PRECISION,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, number)"
  ");"
  "CREATE INDEX public_unit_number ON public_unit (number);"
  "CREATE INDEX public_unit_main ON public_unit (main_number);"
  "CREATE INDEX public_unit_municipality ON public_unit (municipality, type_code);"

  /* An offer as a public table names it: by its ug.dk article (Uddannelseszoom) or its KOT
   * number (KOT), with the institution number where the table gives one */
  "CREATE TABLE public_offer ("
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  key_kind TEXT NOT NULL CHECK (key_kind IN ('article', 'kot')),"
  "  key TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  institution_number TEXT,"
  "  institution_name TEXT,"
  "  town TEXT,"
  "  municipality INTEGER,"
  "  education_code TEXT,"
  "  url TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, key_kind, key)"
  ");"
  "CREATE INDEX public_offer_key ON public_offer (key_kind, key);"

  /* A figure about an offer in a year, or the reason there is none ('AO', 'suppressed' …) */
  "CREATE TABLE public_fact ("
  "  source_id BIGINT NOT NULL REFERENCES source (id),"
  "  key_kind TEXT NOT NULL CHECK (key_kind IN ('article', 'kot')),"
  "  key TEXT NOT NULL,"
  "  fact TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  value DOUBLE PRECISION,"
  "  reason TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  CHECK ((value IS NULL) <> (reason IS NULL)),"
  "  PRIMARY KEY (source_id, key_kind, key, fact, year)"
  ");"
  "CREATE INDEX public_fact_key ON public_fact (key_kind, key, fact, year);"

  /* How a KOT offer was joined to an offer at an institution, made visible */
  "CREATE TABLE kot_match ("
  "  kot_number TEXT PRIMARY KEY,"
  "  ug_article TEXT,"
  "  institution_number TEXT,"
  "  programme_title TEXT,"
  "  town TEXT,"
  "  start TEXT,"
  "  method TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX kot_match_article ON kot_match (ug_article);";

static const Migration migrations[] = {
  /* 1 */ { schema_1, schema_1_pg, seed_reference_data },
  /* 2 */ { schema_2, NULL, NULL },
  /* 3 */ { schema_3, schema_3_pg, NULL },
  /* 4 */ { schema_4, NULL, NULL },
  /* 5 */ { schema_5, NULL, NULL },
  /* 6 */ { _vj_db_erase_tables_sql, schema_6_pg, NULL },
  /* 7 */ { schema_7, schema_7_pg, seed_country },
  /* 8 */ { schema_8, NULL, NULL },
};

int
_vj_db_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

/* The SQL of step @step (1 …) on @engine; NULL for a step that is only a seed */
const char *
_vj_db_migration_sql (int           step,
                      VjStoreEngine engine)
{
  const Migration *m;

  g_return_val_if_fail (step >= 1 && step <= (int) G_N_ELEMENTS (migrations), NULL);

  m = &migrations[step - 1];
  if (engine == VJ_STORE_ENGINE_POSTGRESQL && m->pg_sql != NULL)
    return m->pg_sql;
  return m->sql;
}

/* Runs migrations[from_version..] in one transaction and sets the schema version. */
gboolean
_vj_db_migrate (VjStoreConn *conn,
                int          from_version,
                GError     **error)
{
  return _vj_db_migrate_to (conn, from_version, G_N_ELEMENTS (migrations), error);
}

/* Runs migrations[from_version..to_version - 1]: _vj_db_migrate (), and the tool that makes
 * the test fixtures of each released schema (tests/make-schema-fixture.c). */
gboolean
_vj_db_migrate_to (VjStoreConn *conn,
                   int          from_version,
                   int          to_version,
                   GError     **error)
{
  int n = to_version;

  g_return_val_if_fail (to_version >= 0 && to_version <= (int) G_N_ELEMENTS (migrations), FALSE);
  g_return_val_if_fail (from_version >= 0 && from_version <= n, FALSE);

  if (!vj_store_begin (conn, error))
    return FALSE;

  for (int i = from_version; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;

      const char *sql = _vj_db_migration_sql (i + 1, VJ_STORE_ENGINE_SQLITE);

      if ((sql != NULL && !vj_store_exec (conn, sql, &local_error)) ||
          (migrations[i].seed != NULL && !migrations[i].seed (conn, &local_error)))
        {
          vj_store_rollback (conn);
          g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_MIGRATION,
                       _("Could not upgrade the database to schema %1$d: %2$s"), i + 1,
                       local_error->message);
          return FALSE;
        }
    }

  if (!vj_store_set_schema_version (conn, n, error) || !vj_store_commit (conn, error))
    {
      vj_store_rollback (conn);
      return FALSE;
    }

  return TRUE;
}
