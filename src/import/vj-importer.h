#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-db-import.h"
#include "vj-records.h"

G_BEGIN_DECLS

typedef struct
{
  char           *location;     /* path or URI */
  gint64          run_id;
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
  double          write_lock_seconds; /* the database's write lock held by the merge */
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
  guint64     max_bytes;        /* decompressed XML; 0: the default */
  guint64     max_download;     /* bytes fetched over HTTP; 0: the default */
  guint       timeout;          /* seconds an HTTP server may stay silent; 0: the default */
  guint       min_rate;         /* bytes a second, on average over every timeout; 0: 1 KiB */
  guint       deadline;         /* seconds for the whole HTTP fetch; 0: the setting
                                 * feeds.deadline, else 10 minutes */
  /* Set by the HTTP source: what the run and the source record say */
  const char *location;
  const char *kind;
  const char *etag;
  const char *last_modified;
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

VjImportReport *vj_import_location        (VjDb                 *db,
                                           const char           *location,
                                           const VjImportOptions *options,
                                           GCancellable         *cancellable,
                                           VjImportProgressFunc  progress,
                                           gpointer              progress_data,
                                           GError              **error);
void            vj_import_location_async  (VjDb                 *db,
                                           const char           *location,
                                           GCancellable         *cancellable,
                                           VjImportProgressFunc  progress,
                                           gpointer              progress_data,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
VjImportReport *vj_import_location_finish (GAsyncResult         *result,
                                           GError              **error);

/* vj-http.c */
gboolean        vj_import_is_url          (const char           *location);
VjImportReport *vj_import_url             (VjDb                 *db,
                                           const char           *url,
                                           const VjImportOptions *options,
                                           GCancellable         *cancellable,
                                           VjImportProgressFunc  progress,
                                           gpointer              progress_data,
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
