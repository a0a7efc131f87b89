#define G_LOG_DOMAIN "vj-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include <string.h>

#include "vj-db-feeds.h"
#include "vj-db-settings.h"
#include "vj-importer.h"
#include "vj-xml-source.h"

/* Feeds over HTTP (libsoup 3): timeouts, a size cap, at most a few redirects, and ETag /
 * Last-Modified so an unchanged feed is neither downloaded nor imported again. The body is
 * spooled to a private temporary file first, so the Latin-1 retry can read it again; then it
 * is imported like a file.
 *
 * Three limits keep a server from holding an import for ever: the idle timeout (a server
 * silent for that long), a minimum rate (in every stretch of the idle timeout, at least that
 * many bytes a second on average: one byte a second no longer passes), and an overall deadline
 * for the whole fetch, headers and body (a watchdog thread cancels it when the time is up).
 * The deadline is VjImportOptions.deadline (the CLI's --deadline), else the database setting
 * feeds.deadline, else 10 minutes. */

#define DEFAULT_MAX_DOWNLOAD ((guint64) 512 << 20)
#define DEFAULT_TIMEOUT 30
#define DEFAULT_MIN_RATE 1024
#define MAX_REDIRECTS 5

/* ----- the overall deadline ----- */

typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  gboolean      fired;
  gint64        end_time;     /* monotonic */
  GCancellable *cancellable;  /* cancelled when the time is up, or with the caller's */
  GCancellable *caller;
  gulong        handler;
  GThread      *thread;
} Deadline;

static gpointer
deadline_thread (gpointer data)
{
  Deadline *d = data;
  gboolean fire = FALSE;

  g_mutex_lock (&d->lock);
  while (!d->done)
    {
      if (g_get_monotonic_time () >= d->end_time)
        {
          d->fired = fire = TRUE;
          break;
        }
      g_cond_wait_until (&d->cond, &d->lock, d->end_time);
    }
  g_mutex_unlock (&d->lock);
  if (fire)
    g_cancellable_cancel (d->cancellable);
  return NULL;
}

static void
forward_cancel (GCancellable *caller,
                GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
deadline_start (Deadline     *d,
                guint         seconds,
                GCancellable *caller)
{
  memset (d, 0, sizeof *d);
  g_mutex_init (&d->lock);
  g_cond_init (&d->cond);
  d->end_time = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  d->cancellable = g_cancellable_new ();
  if (caller != NULL)
    {
      d->caller = g_object_ref (caller);
      d->handler = g_cancellable_connect (caller, G_CALLBACK (forward_cancel), d->cancellable,
                                          NULL);
    }
  d->thread = g_thread_new ("vj-http-deadline", deadline_thread, d);
}

/* Stops the watchdog; returns whether the deadline passed */
static gboolean
deadline_stop (Deadline *d)
{
  gboolean fired;

  if (d->thread == NULL)
    return FALSE;
  g_mutex_lock (&d->lock);
  d->done = TRUE;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
  g_thread_join (d->thread);
  d->thread = NULL;
  if (d->caller != NULL)
    g_cancellable_disconnect (d->caller, d->handler);
  g_clear_object (&d->caller);
  g_clear_object (&d->cancellable);
  fired = d->fired;
  g_mutex_clear (&d->lock);
  g_cond_clear (&d->cond);
  return fired;
}

static void
set_deadline_error (GError    **error,
                    const char *url,
                    guint       seconds)
{
  /* Translators: %1$s is a web address, %2$u a number of seconds; feeds.deadline is a
   * database setting's name and --deadline an option, not to be translated */
  g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
               g_dngettext (GETTEXT_PACKAGE,
                            "%1$s did not send the whole feed within %2$u second. Nothing was "
                            "imported. A large feed may need longer: raise the limit with "
                            "--deadline or the setting feeds.deadline.",
                            "%1$s did not send the whole feed within %2$u seconds. Nothing was "
                            "imported. A large feed may need longer: raise the limit with "
                            "--deadline or the setting feeds.deadline.", seconds),
               url, seconds);
}

/* The deadline for a fetch: the option, else the database setting, else the default */
static guint
deadline_seconds (VjDb                  *db,
                  const VjImportOptions *options)
{
  g_autofree char *setting = NULL;
  guint64 value = 0;

  if (options != NULL && options->deadline > 0)
    return options->deadline;
  setting = vj_db_get_setting (db, VJ_SETTING_FEEDS_DEADLINE);
  if (setting != NULL &&
      g_ascii_string_to_unsigned (setting, 10, VJ_FEEDS_DEADLINE_MIN, VJ_FEEDS_DEADLINE_MAX,
                                  &value, NULL))
    return (guint) value;
  return VJ_FEEDS_DEADLINE_DEFAULT;
}

/* An http:// or https:// address (any case), as opposed to a file */
gboolean
vj_import_is_url (const char *location)
{
  return location != NULL &&
         (g_ascii_strncasecmp (location, "http://", 7) == 0 ||
          g_ascii_strncasecmp (location, "https://", 8) == 0);
}

static SoupMessage *
new_message (const char *url,
             const char *etag,
             const char *last_modified,
             GError    **error)
{
  SoupMessage *msg = soup_message_new ("GET", url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    {
      /* Translators: %s is what the user gave as a web address */
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                   _("“%s” is not a valid web address."), url);
      return NULL;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_append (headers, "Accept", "application/xml, text/xml, */*;q=0.5");
  if (etag != NULL)
    soup_message_headers_append (headers, "If-None-Match", etag);
  if (last_modified != NULL)
    soup_message_headers_append (headers, "If-Modified-Since", last_modified);
  return msg;
}

/* Copies the body to @out, counting; refuses more than @cap bytes, and a server sending less
 * than @min_rate bytes a second over any @window seconds. */
static gboolean
spool (GInputStream         *in,
       GOutputStream        *out,
       goffset               expected,
       guint64               cap,
       guint                 min_rate,
       guint                 window,
       GCancellable         *cancellable,
       VjImportProgressFunc  progress,
       gpointer              progress_data,
       GError              **error)
{
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  guint64 total = 0, window_bytes = 0;
  gint64 last = 0;
  gint64 window_start = g_get_monotonic_time ();

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, 64 * 1024, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      total += (guint64) n;
      if (total > cap)
        {
          g_autofree char *size = g_format_size (cap);

          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                       _("The feed is larger than the limit of %s. Nothing was imported."),
                       size);
          return FALSE;
        }
      if (!g_output_stream_write_all (out, buffer, (gsize) n, NULL, cancellable, error))
        return FALSE;
      window_bytes += (guint64) n;
      if (g_get_monotonic_time () - window_start >= (gint64) window * G_USEC_PER_SEC)
        {
          if (window_bytes < (guint64) min_rate * window)
            {
              g_autofree char *rate = g_format_size (min_rate);

              /* Translators: %1$s is a size such as "1.0 kB", %2$u a number of seconds */
              g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The server sent the feed at less than %1$s a second "
                                        "for %2$u second. Nothing was imported.",
                                        "The server sent the feed at less than %1$s a second "
                                        "for %2$u seconds. Nothing was imported.", window),
                           rate, window);
              return FALSE;
            }
          window_start = g_get_monotonic_time ();
          window_bytes = 0;
        }
      if (progress != NULL && g_get_monotonic_time () - last > 100 * 1000)
        {
          last = g_get_monotonic_time ();
          progress (total, expected > 0 ? (guint64) expected : 0, progress_data);
        }
    }
  return g_output_stream_close (out, cancellable, error);
}

static VjImportReport *
not_modified_report (VjDb       *db,
                     const char *url,
                     GError    **error)
{
  g_autoptr(VjDbImport) run = vj_db_import_new (db, url, error);
  VjImportReport *report;

  if (run == NULL)
    return NULL;
  report = vj_import_report_new ();
  report->location = g_strdup (url);
  report->status = g_strdup ("not-modified");
  report->run_id = vj_db_import_get_run_id (run);
  if (!vj_db_import_finish_run (run, "not-modified", NULL, NULL, 0, NULL, 0, NULL, error))
    {
      vj_import_report_free (report);
      return NULL;
    }
  return report;
}

static void
set_http_error (GError    **error,
                SoupMessage *msg)
{
  /* Translators: %1$u is an HTTP status code, %2$s its reason, e.g. "404 Not Found" */
  g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
               _("The server answered %1$u %2$s. Nothing was imported."),
               soup_message_get_status (msg),
               soup_message_get_reason_phrase (msg) != NULL ? soup_message_get_reason_phrase (msg)
                                                             : "");
}

/* Sends the request, following at most MAX_REDIRECTS redirects. */
static GInputStream *
send_following (SoupSession  *session,
                const char   *url,
                const char   *etag,
                const char   *last_modified,
                SoupMessage **msg_out,
                GCancellable *cancellable,
                GError      **error)
{
  g_autofree char *current = g_strdup (url);

  for (guint redirects = 0; ; redirects++)
    {
      g_autoptr(SoupMessage) msg = new_message (current, etag, last_modified, error);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *location;
      char *next;

      if (msg == NULL)
        return NULL;
      stream = soup_session_send (session, msg, cancellable, &local_error);
      if (stream == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                                 _("The import was cancelled."));
          else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            {
              guint timeout = soup_session_get_timeout (session);

              /* Translators: %1$s is a web address, %2$u a number of seconds */
              g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%1$s did not answer within %2$u second. Nothing was "
                                        "imported.",
                                        "%1$s did not answer within %2$u seconds. Nothing was "
                                        "imported.", timeout),
                           current, timeout);
            }
          else
            /* Translators: %1$s is a web address, %2$s why it could not be fetched */
            g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                         _("Could not fetch %1$s: %2$s"), current, local_error->message);
          return NULL;
        }
      if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (msg)) ||
          soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
        {
          *msg_out = g_steal_pointer (&msg);
          return g_steal_pointer (&stream);
        }

      location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                               "Location");
      if (redirects >= MAX_REDIRECTS || location == NULL)
        {
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                       _("The feed's address redirects too many times. Nothing was imported."));
          return NULL;
        }
      next = g_uri_resolve_relative (current, location, G_URI_FLAGS_NONE, NULL);
      if (next == NULL || !vj_import_is_url (next))
        {
          g_free (next);
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                       _("The server redirected to an address that is not a web address."));
          return NULL;
        }
      g_free (current);
      current = next;
      g_input_stream_close (stream, NULL, NULL);
    }
}

/* A fetch that failed before the feed was read is on record too, for the history. */
static void
record_failed_fetch (VjDb         *db,
                     const char   *url,
                     const GError *failure)
{
  g_autoptr(VjDbImport) run = vj_db_import_new (db, url, NULL);
  gboolean cancelled = g_error_matches (failure, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED);

  if (run != NULL)
    vj_db_import_finish_run (run, cancelled ? "cancelled" : "failed", NULL, NULL, 0,
                             failure->message, 0, NULL, NULL);
}

/**
 * vj_import_url:
 * @url: an http(s) address
 *
 * Fetches a feed and imports it. An unchanged feed (HTTP 304) is reported as "not-modified"
 * and not imported. Call it from a worker thread (or the CLI).
 *
 * Returns: (transfer full) (nullable): the report; @error is set on failure
 */
VjImportReport *
vj_import_url (VjDb                  *db,
               const char            *url,
               const VjImportOptions *options,
               GCancellable          *cancellable,
               VjImportProgressFunc   progress,
               gpointer               progress_data,
               GError               **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GFile) spooled = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  g_autoptr(GError) local_error = NULL;
  VjImportOptions file_options = { 0 };
  VjImportReport *report;
  SoupMessageHeaders *headers;
  guint64 cap = DEFAULT_MAX_DOWNLOAD;
  guint timeout = DEFAULT_TIMEOUT;
  guint min_rate = DEFAULT_MIN_RATE;
  guint deadline_limit;
  Deadline deadline = { 0 };

  g_return_val_if_fail (VJ_IS_DB (db), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (options != NULL && options->max_download > 0)
    cap = options->max_download;
  if (options != NULL && options->timeout > 0)
    timeout = options->timeout;
  if (options != NULL && options->min_rate > 0)
    min_rate = options->min_rate;
  deadline_limit = deadline_seconds (db, options);

  vj_db_get_source_validators (db, url, &etag, &last_modified);

  session = soup_session_new_with_options ("timeout", timeout, "idle-timeout", timeout,
                                           "user-agent", "Vejviser/" PACKAGE_VERSION " ",
                                           NULL);
  deadline_start (&deadline, deadline_limit, cancellable);
  body = send_following (session, url, etag, last_modified, &msg, deadline.cancellable,
                         &local_error);
  if (body == NULL)
    goto failed;

  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    {
      deadline_stop (&deadline);
      return not_modified_report (db, url, error);
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      set_http_error (&local_error, msg);
      goto failed;
    }

  headers = soup_message_get_response_headers (msg);
  if (soup_message_headers_get_content_length (headers) > (goffset) cap)
    {
      g_autofree char *size = g_format_size (cap);

      g_set_error (&local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("The feed is larger than the limit of %s. Nothing was imported."),
                   size);
      goto failed;
    }

  /* g_file_new_tmp creates the file readable by its owner only */
  spooled = g_file_new_tmp ("vejviser-feed-XXXXXX", &io, &local_error);
  if (spooled == NULL)
    goto failed;
  if (!spool (body, g_io_stream_get_output_stream (G_IO_STREAM (io)),
              soup_message_headers_get_content_length (headers), cap, min_rate, timeout,
              deadline.cancellable, progress, progress_data, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&local_error);
          g_set_error_literal (&local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                               _("The import was cancelled."));
        }
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_clear_error (&local_error);
          g_set_error (&local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server stopped sending the feed for more than %u "
                                    "second. Nothing was imported.",
                                    "The server stopped sending the feed for more than %u "
                                    "seconds. Nothing was imported.", timeout),
                       timeout);
        }
      else if (local_error->domain != VJ_IMPORT_ERROR)
        {
          g_autofree char *reason = g_strdup (local_error->message);

          g_clear_error (&local_error);
          /* Translators: %1$s is a web address, %2$s why it could not be fetched */
          g_set_error (&local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                       _("Could not fetch %1$s: %2$s"), url, reason);
        }
      g_file_delete (spooled, NULL, NULL);
      goto failed;
    }

  if (deadline_stop (&deadline))
    {
      /* Passed just as the last bytes came */
      g_file_delete (spooled, NULL, NULL);
      g_clear_error (&local_error);
      set_deadline_error (&local_error, url, deadline_limit);
      goto failed;
    }
  g_clear_object (&body);

  if (options != NULL)
    file_options = *options;
  file_options.location = url;
  file_options.kind = "url";
  file_options.etag = soup_message_headers_get_one (headers, "ETag");
  file_options.last_modified = soup_message_headers_get_one (headers, "Last-Modified");
  report = vj_import_file (db, spooled, "url", &file_options, cancellable, progress,
                           progress_data, error);
  g_file_delete (spooled, NULL, NULL);
  return report;

failed:
  if (deadline_stop (&deadline) &&
      (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
    {
      g_clear_error (&local_error);
      set_deadline_error (&local_error, url, deadline_limit);
    }
  record_failed_fetch (db, url, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
