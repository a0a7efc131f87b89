#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-db-import.h"
#include "vj-records.h"

G_BEGIN_DECLS

typedef struct
{
  char           *location;     /* path or URI */
  char           *feed_id;
  char           *source_title;
  char           *format;       /* "vejviser-1" */
  char           *format_name;  /* translated */
  char           *status;       /* "imported", "failed", "cancelled" */
  gint64          version;
  gboolean        sample;
  VjImportCounts  by_kind[VJ_IMPORT_N_KINDS];
  VjImportCounts  totals;
  GPtrArray      *rejected;     /* VjImportIssue */
  GPtrArray      *warnings;     /* VjImportIssue */
  double          seconds;
  char           *error_message;
  guint           error_line;
  int             error_code;   /* VjImportError or -1 */
} VjImportReport;

VjImportReport *vj_import_report_new  (void);
void            vj_import_report_free (VjImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjImportReport, vj_import_report_free)

typedef void (*VjImportProgressFunc) (guint64  bytes_read,
                                      guint64  bytes_total,
                                      gpointer user_data);

typedef struct
{
  guint64 max_bytes;            /* 0: the default */
} VjImportOptions;

VjImportReport *vj_import_file         (VjDb                 *db,
                                        GFile                *file,
                                        const char           *kind,
                                        const VjImportOptions *options,
                                        GCancellable         *cancellable,
                                        VjImportProgressFunc  progress,
                                        gpointer              progress_data,
                                        GError              **error);
void            vj_import_file_async   (VjDb                 *db,
                                        GFile                *file,
                                        const char           *kind,
                                        GCancellable         *cancellable,
                                        VjImportProgressFunc  progress,
                                        gpointer              progress_data,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
VjImportReport *vj_import_file_finish  (GAsyncResult         *result,
                                        GError              **error);

VjFeedHeader   *vj_import_peek_header        (GFile                *file,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            vj_import_builtin_async      (VjDb                 *db,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             VjImportProgressFunc  progress,
                                             gpointer              progress_data,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
VjImportReport *vj_import_builtin_finish     (GAsyncResult         *result,
                                             gboolean             *imported,
                                             GError              **error);

G_END_DECLS
