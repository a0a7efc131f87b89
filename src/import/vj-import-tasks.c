#define G_LOG_DOMAIN "vj-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-feeds.h"
#include "vj-feed-format.h"
#include "vj-importer.h"

/* The importer's ways in: a location that is a file or a web address, a peek at a feed's
 * header, and the imports as GTasks on a worker thread whose progress arrives in the caller's
 * main context. vj-importer.c does the import itself. */

typedef struct
{
  GFile                *file;
  char                 *location;
  char                 *kind;
  GMainContext         *context;
  VjImportProgressFunc  progress;
  gpointer              progress_data;
} AsyncData;

typedef struct
{
  AsyncData *data;
  guint64    read;
  guint64    total;
} ProgressEvent;

static void
async_data_free (AsyncData *data)
{
  g_clear_object (&data->file);
  g_free (data->location);
  g_free (data->kind);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
progress_in_main (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (event->read, event->total, event->data->progress_data);
  return G_SOURCE_REMOVE;
}

/* From the worker: the progress callback runs in the caller's main context. */
static void
progress_from_worker (guint64  read,
                      guint64  total,
                      gpointer user_data)
{
  GTask *task = user_data;
  AsyncData *data = g_task_get_task_data (task);
  ProgressEvent *event;
  GSource *source;

  if (data->progress == NULL)
    return;
  event = g_new0 (ProgressEvent, 1);
  event->data = data;
  event->read = read;
  event->total = total;
  /* Always through a source: g_main_context_invoke() would run the callback here, in the
   * worker, whenever the caller's context is the default one and no thread holds it. The task
   * holds the data alive until it returns, which is dispatched after these. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_in_main, event, g_free);
  g_source_set_static_name (source, "[vejviser] import progress");
  g_source_attach (source, data->context);
  g_source_unref (source);
}

/* ----- a file or an address ----- */

/**
 * vj_import_location:
 * @location: a file's path, a file:// URI, or an http(s) address
 *
 * Imports from a file or over HTTP, as the CLI's `import FILE|URL` and the Import page do.
 */
VjImportReport *
vj_import_location (VjDb                  *db,
                    const char            *location,
                    const VjImportOptions *options,
                    GCancellable          *cancellable,
                    VjImportProgressFunc   progress,
                    gpointer               progress_data,
                    GError               **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  if (vj_import_is_url (location))
    return vj_import_url (db, location, options, cancellable, progress, progress_data, error);
  file = g_file_new_for_commandline_arg (location);
  return vj_import_file (db, file, "file", options, cancellable, progress, progress_data, error);
}

/* ----- peeking at a feed's header ----- */

static void
location_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  VjImportReport *report;

  report = vj_import_location (VJ_DB (source_object), data->location, NULL, cancellable,
                               progress_from_worker, task, &error);
  if (error != NULL)
    {
      vj_import_report_free (report);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vj_import_report_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  VjImportReport *report;

  report = vj_import_file (VJ_DB (source_object), data->file, data->kind, NULL, cancellable,
                           progress_from_worker, task, &error);
  if (error != NULL)
    {
      vj_import_report_free (report);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vj_import_report_free);
}

void
vj_import_file_async (VjDb                *db,
                      GFile               *file,
                      const char          *kind,
                      GCancellable        *cancellable,
                      VjImportProgressFunc progress,
                      gpointer             progress_data,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (VJ_IS_DB (db));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (AsyncData, 1);
  data->file = g_object_ref (file);
  data->kind = g_strdup (kind);
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, import_thread);
}

VjImportReport *
vj_import_file_finish (GAsyncResult *result,
                       GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vj_import_location_async:
 *
 * vj_import_location() in a worker thread; @progress runs in the caller's main context.
 * On failure the error's message says what went wrong, translated.
 */
void
vj_import_location_async (VjDb                *db,
                          const char          *location,
                          GCancellable        *cancellable,
                          VjImportProgressFunc progress,
                          gpointer             progress_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (VJ_IS_DB (db));
  g_return_if_fail (location != NULL);

  data = g_new0 (AsyncData, 1);
  data->location = g_strdup (location);
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_import_location_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, location_thread);
}

VjImportReport *
vj_import_location_finish (GAsyncResult *result,
                           GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- the built-in catalogue ----- */

static void
builtin_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncData *data = task_data;
  VjDb *db = VJ_DB (source_object);
  g_autoptr(VjFeedHeader) header = NULL;
  g_autofree char *checksum = NULL;
  VjImportOptions options = { 0 };
  GError *error = NULL;
  VjImportReport *report;

  header = vj_import_peek_header (data->file, cancellable, &error);
  if (header == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_str_has_prefix (header->source_id, "public:"))
    {
      /* A public table carries no version: its checksum, kept as the source's validator,
       * tells a newer copy shipped with the app. A table last loaded by hand (Import, the
       * CLI) is the counsellor's, and the built-in copy no longer replaces it. */
      g_autoptr(GBytes) bytes = g_file_load_bytes (data->file, cancellable, NULL, &error);
      g_autofree char *sum = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *etag = NULL;

      if (bytes == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      checksum = g_strconcat ("sha256:", sum, NULL);
      if (vj_db_get_source_origin (db, header->source_id, &kind, &etag) &&
          (g_strcmp0 (kind, "builtin") != 0 || g_strcmp0 (etag, checksum) == 0))
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
      options.etag = checksum;
    }
  else if (vj_db_get_source_version (db, header->source_id) >= header->version)
    {
      /* Up to date: nothing to do. */
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  report = vj_import_file (db, data->file, "builtin", &options, cancellable,
                           progress_from_worker, task, &error);
  if (error != NULL)
    {
      vj_import_report_free (report);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vj_import_report_free);
}

/**
 * vj_import_builtin_async:
 * @file: the built-in catalogue (a resource)
 *
 * Imports the built-in catalogue when the database has none or an older version of it.
 */
void
vj_import_builtin_async (VjDb                *db,
                         GFile               *file,
                         GCancellable        *cancellable,
                         VjImportProgressFunc progress,
                         gpointer             progress_data,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (VJ_IS_DB (db));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (AsyncData, 1);
  data->file = g_object_ref (file);
  data->kind = g_strdup ("builtin");
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, vj_import_builtin_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, builtin_thread);
}

/**
 * vj_import_builtin_finish:
 * @imported: (out): %FALSE when the catalogue was already up to date
 *
 * Returns: (nullable) (transfer full): the report when it was imported
 */
VjImportReport *
vj_import_builtin_finish (GAsyncResult *result,
                          gboolean     *imported,
                          GError      **error)
{
  GError *local_error = NULL;
  VjImportReport *report = g_task_propagate_pointer (G_TASK (result), &local_error);

  *imported = report != NULL;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return report;
}
