#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-records.h"

G_BEGIN_DECLS

typedef enum
{
  VJ_IMPORT_KIND_INSTITUTION,
  VJ_IMPORT_KIND_LOCATION,
  VJ_IMPORT_KIND_PROGRAMME,
  VJ_IMPORT_KIND_OFFERING,
  VJ_IMPORT_KIND_INITIATIVE,
  /* What the public tables say, beside the records */
  VJ_IMPORT_KIND_UNIT,
  VJ_IMPORT_KIND_PUBLIC_OFFER,
  VJ_IMPORT_KIND_FACT,
  VJ_IMPORT_N_KINDS
} VjImportKind;

typedef struct
{
  guint added;
  guint updated;
  guint unchanged;
  guint withdrawn;
} VjImportCounts;

typedef struct
{
  const char *feed_id;        /* the feed's own source id */
  const char *title;
  const char *kind;           /* "builtin", "file" or "url" */
  const char *location;       /* path or URL */
  const char *format;         /* "vejviser-1", "xcri-cap-1.2" */
  gint64      version;        /* 0 when the feed has none */
  gboolean    sample;
  gboolean    full;           /* a full feed withdraws what it no longer has */
  gboolean    public_table;   /* a public table: it touches only what it says beside the
                               * records, so no backup is taken before it */
  const char *etag;
  const char *last_modified;
} VjImportSourceInfo;

const char *vj_import_kind_name (VjImportKind kind);

#define VJ_TYPE_DB_IMPORT (vj_db_import_get_type ())
G_DECLARE_FINAL_TYPE (VjDbImport, vj_db_import, VJ, DB_IMPORT, GObject)

VjDbImport *vj_db_import_new                (VjDb                      *db,
                                             const char                *location,
                                             GError                   **error);
gboolean    vj_db_import_stage_institution  (VjDbImport                *self,
                                             const VjInstitutionRecord *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_stage_programme    (VjDbImport                *self,
                                             const VjProgrammeRecord   *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_stage_initiative   (VjDbImport                *self,
                                             const VjInitiativeRecord  *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_stage_unit         (VjDbImport                *self,
                                             const VjUnitRecord        *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_stage_public_offer (VjDbImport                *self,
                                             const VjPublicOfferRecord *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_stage_fact         (VjDbImport                *self,
                                             const VjFactRecord        *record,
                                             GPtrArray                 *issues,
                                             GError                   **error);
gboolean    vj_db_import_restart            (VjDbImport                *self,
                                             GError                   **error);
gboolean    vj_db_import_merge              (VjDbImport                *self,
                                             const VjImportSourceInfo  *info,
                                             VjImportCounts             counts[VJ_IMPORT_N_KINDS],
                                             GPtrArray                 *rejected,
                                             GPtrArray                 *warnings,
                                             GError                   **error);
gboolean    vj_db_import_finish_run         (VjDbImport                *self,
                                             const char                *status,
                                             const char                *format,
                                             const VjImportCounts      *totals,
                                             guint                      n_rejected,
                                             const char                *error_message,
                                             guint                      error_line,
                                             const char                *report_json,
                                             GError                   **error);
gint64      vj_db_import_get_run_id         (VjDbImport                *self);
double      vj_db_import_get_lock_seconds   (VjDbImport                *self);
gint64      vj_db_import_get_version        (VjDbImport                *self);
gboolean    vj_db_import_get_table_unchanged (VjDbImport               *self);
void        vj_db_import_interrupt          (VjDbImport                *self);

G_END_DECLS
