#pragma once

#include "vj-db-import.h"
#include "vj-db-private.h"
#include "vj-store.h"

G_BEGIN_DECLS

struct _VjDbImport
{
  GObject   parent_instance;

  VjDb     *db;
  VjStoreConn *conn;
  char     *location;
  gint64    run_id;
  gint64    source_id;
  char     *started_at;
  guint     in_batch;
  gboolean  in_transaction;
  GHashTable *stmts;      /* staging statements, prepared once: SQL text → VjStoreStmt */
  int       runs_lock;    /* shared while this run lives (_vj_db_runs_lock ()) */
  double    lock_seconds; /* the merge's write transaction, BEGIN to COMMIT */
  gint64    version;      /* the source's version after the merge */
  gboolean  table_unchanged; /* a public table imported before, and nothing in it changed */
};

gboolean      _vj_db_import_batch_begin   (VjDbImport    *self,
                                           GError       **error);
gboolean      _vj_db_import_batch_step    (VjDbImport    *self,
                                           GError       **error);
void          _vj_db_import_hash_add      (GChecksum     *checksum,
                                           const char    *value);
void          _vj_db_import_hash_add_int  (GChecksum     *checksum,
                                           gint64         value);
VjStoreStmt  *_vj_db_import_stage_prepare (VjDbImport    *self,
                                           const char    *sql,
                                           GError       **error);
gboolean      _vj_db_import_stage_done    (VjDbImport    *self,
                                           VjStoreStmt   *stmt,
                                           GError       **error);
gboolean      _vj_db_import_stage_row     (VjDbImport    *self,
                                           VjStoreStmt   *stmt,
                                           const char    *kind_label,
                                           const char    *external_id,
                                           guint          line,
                                           GPtrArray     *issues,
                                           gboolean      *duplicate,
                                           GError       **error);
gboolean      _vj_db_import_batch_end  (VjDbImport    *self,
                                        GError       **error);

/* vj-db-import-public.c: the public tables' staging and merge */
#define VJ_DB_IMPORT_PUBLIC_STAGE \
  "CREATE TEMP TABLE stage_unit (" \
  "  number TEXT PRIMARY KEY, main_number TEXT, name TEXT, unit_kind TEXT, type_code INTEGER," \
  "  type_name TEXT, street TEXT, postcode TEXT, town TEXT, phone TEXT, email TEXT, url TEXT," \
  "  municipality INTEGER, latitude REAL, longitude REAL, line INTEGER);" \
  "CREATE TEMP TABLE stage_public_offer (" \
  "  key_kind TEXT, key TEXT, title TEXT, institution_number TEXT, institution_name TEXT," \
  "  town TEXT, municipality INTEGER, education_code TEXT, url TEXT, line INTEGER," \
  "  PRIMARY KEY (key_kind, key));" \
  "CREATE TEMP TABLE stage_fact (" \
  "  key_kind TEXT, key TEXT, fact TEXT, year INTEGER, value REAL, reason TEXT, line INTEGER," \
  "  PRIMARY KEY (key_kind, key, fact, year));"

gboolean      _vj_db_import_public_version_before (VjDbImport *self,
                                                   const char *feed_id,
                                                   gint64     *before,
                                                   GError    **error);
gboolean      _vj_db_import_public_set_version    (VjDbImport           *self,
                                                   gint64                before,
                                                   const VjImportCounts *counts,
                                                   GError              **error);
gboolean      _vj_db_import_merge_public (VjDbImport     *self,
                                          const char     *now,
                                          VjImportCounts *counts,
                                          GError        **error);
/* vj-db-kot-match.c */
gboolean      _vj_db_import_match_kot    (VjDbImport     *self,
                                          const char     *now,
                                          GPtrArray      *notes,
                                          GError        **error);

G_END_DECLS
