#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;
  char   *url;
  /* the last run, if any */
  char   *last_status;      /* "imported", "not-modified", "failed", … or NULL */
  char   *last_finished_at;
  char   *last_error;
  guint   last_added;
  guint   last_updated;
  guint   last_unchanged;
  guint   last_withdrawn;
  guint   last_rejected;
} VjFeed;

void       vj_feed_free                 (VjFeed       *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFeed, vj_feed_free)

typedef struct
{
  gint64  id;
  char   *location;
  char   *source_title;
  char   *format;
  char   *started_at;
  char   *status;
  char   *error;
  guint   error_line;
  guint   added;
  guint   updated;
  guint   unchanged;
  guint   withdrawn;
  guint   rejected;
  gint64  version;   /* the source's version this run imported; 0 when unknown */
} VjImportRun;

void       vj_import_run_free           (VjImportRun  *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjImportRun, vj_import_run_free)

GPtrArray *vj_db_list_feeds             (VjDb         *self,
                                         GError      **error);
VjFeed    *vj_db_lookup_feed            (VjDb         *self,
                                         const char   *name,
                                         GError      **error);
gboolean   vj_db_add_feed               (VjDb         *self,
                                         const char   *name,
                                         const char   *url,
                                         GError      **error);
gboolean   vj_db_remove_feed            (VjDb         *self,
                                         const char   *name,
                                         GError      **error);
void       vj_db_add_feed_async         (VjDb               *self,
                                         const char         *name,
                                         const char         *url,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
void       vj_db_remove_feed_async      (VjDb               *self,
                                         const char         *name,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean   vj_db_feed_write_finish      (VjDb         *self,
                                         GAsyncResult *result,
                                         GError      **error);
GPtrArray *vj_db_list_import_runs       (VjDb         *self,
                                         guint         limit,
                                         GError      **error);
void       vj_db_list_import_runs_async (VjDb         *self,
                                         guint         limit,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer      user_data);
GPtrArray *vj_db_list_import_runs_finish (VjDb        *self,
                                         GAsyncResult *result,
                                         GError      **error);
gboolean   vj_db_get_source_validators  (VjDb         *self,
                                         const char   *location,
                                         char        **etag,
                                         char        **last_modified);
gboolean   vj_db_get_source_origin      (VjDb         *self,
                                         const char   *feed_id,
                                         char        **kind,
                                         char        **etag);

G_END_DECLS
