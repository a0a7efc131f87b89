#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/wait.h>

#include "vj-db-feeds.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-xml-source.h"
#include "vj-test-util.h"

/* Feeds over HTTP (src/import/vj-http.c; issue 3, item 3): a SoupServer on 127.0.0.1, in a
 * thread of its own with its own main context, since vj_import_url() blocks. ETag and
 * Last-Modified spare an unchanged feed; errors, redirect loops, stalled servers and oversize
 * bodies change nothing; a gzip-encoded body imports. */

#define ETAG "\"feed-v1\""
#define LAST_MODIFIED "Wed, 21 Oct 2026 07:28:00 GMT"

/* ----- the test server ----- */

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;       /* http://127.0.0.1:PORT */

  GBytes       *small;      /* tests/data/v1-small.xml */
  GBytes       *builtin;    /* the built-in catalogue, ~115 KB */
  GBytes       *builtin_gz; /* the same, gzip-compressed */

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GPtrArray    *requests;   /* "PATH If-None-Match: … If-Modified-Since: …" */
  guint         bodies;     /* 200 responses with a feed */
} TestServer;

static void
log_request (TestServer        *self,
             SoupServerMessage *msg,
             const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *inm = soup_message_headers_get_one (headers, "If-None-Match");
  const char *ims = soup_message_headers_get_one (headers, "If-Modified-Since");

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests,
                   g_strdup_printf ("%s If-None-Match: %s If-Modified-Since: %s", path,
                                    inm != NULL ? inm : "-", ims != NULL ? ims : "-"));
  g_mutex_unlock (&self->lock);
}

static void
respond_feed (TestServer        *self,
              SoupServerMessage *msg,
              GBytes            *feed)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (feed, &length);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, data, length);
  g_mutex_lock (&self->lock);
  self->bodies++;
  g_mutex_unlock (&self->lock);
}

/* One byte every 100 ms, for ever: never silent long enough for the idle timeout */
static gboolean
trickle_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished (SoupServerMessage *msg,
                  GSource           *source)
{
  g_source_destroy (source);
}

static void
start_trickle (TestServer        *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  GSource *source = g_timeout_source_new (100);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (response, "application/xml", NULL);
  soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            "<?xml version=\"1.0\"?>\n", 22);
  g_source_set_callback (source, trickle_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (source, self->context);
  g_signal_connect_data (msg, "finished", G_CALLBACK (trickle_finished), source,
                         (GClosureNotify) (void (*) (void)) g_source_unref, 0);
  g_signal_connect_data (msg, "disconnected", G_CALLBACK (trickle_finished),
                         g_source_ref (source),
                         (GClosureNotify) (void (*) (void)) g_source_unref, 0);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  TestServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  log_request (self, msg, path);

  if (strcmp (path, "/etag.xml") == 0)
    {
      /* 200 with an ETag, then 304 for a request that has it */
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), ETAG) == 0)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      else
        respond_feed (self, msg, self->small);
      soup_message_headers_replace (response, "ETag", ETAG);
    }
  else if (strcmp (path, "/last-modified.xml") == 0)
    {
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-Modified-Since"),
                     LAST_MODIFIED) == 0)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      else
        respond_feed (self, msg, self->small);
      soup_message_headers_replace (response, "Last-Modified", LAST_MODIFIED);
    }
  else if (strcmp (path, "/plain.xml") == 0)
    respond_feed (self, msg, self->builtin);
  else if (strcmp (path, "/loop") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
  else if (strcmp (path, "/ping") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/pong");
  else if (strcmp (path, "/pong") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_TEMPORARY_REDIRECT, "/ping");
  else if (strcmp (path, "/redirect-once") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/plain.xml");
  else if (strcmp (path, "/stall-before-headers") == 0)
    /* Never answered */
    soup_server_message_pause (msg);
  else if (strcmp (path, "/stall-after-headers") == 0)
    {
      /* The headers and the start of the feed, then nothing: a chunked body never completed */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (response, "application/xml", NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "<?xml version=\"1.0\"?>\n", 22);
    }
  else if (strcmp (path, "/trickle.xml") == 0)
    start_trickle (self, msg);
  else if (strcmp (path, "/big-with-length.xml") == 0)
    respond_feed (self, msg, self->builtin);
  else if (strcmp (path, "/big-chunked.xml") == 0)
    {
      /* No Content-Length: the cap has to count */
      gsize length = 0;
      const char *data = g_bytes_get_data (self->builtin, &length);
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (response, "application/xml", NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      for (gsize at = 0; at < length; at += 4096)
        soup_message_body_append (body, SOUP_MEMORY_COPY, data + at, MIN (4096, length - at));
      soup_message_body_complete (body);
    }
  else if (strcmp (path, "/gzip-encoded.xml") == 0)
    {
      respond_feed (self, msg, self->builtin_gz);
      soup_message_headers_replace (response, "Content-Encoding", "gzip");
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
server_thread (gpointer data)
{
  TestServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "vejviser-test ", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  /* A free port on the loopback interface */
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the disconnections finish */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gz = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  g_output_stream_write_all (gz, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (gz, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
server_start (TestServer *self)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autofree char *builtin = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                    "region-sjaelland.xml", NULL);

  memset (self, 0, sizeof *self);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->small = read_bytes (small);
  self->builtin = read_bytes (builtin);
  self->builtin_gz = gzip_bytes (self->builtin);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
server_stop (TestServer *self)
{
  g_main_loop_quit (self->loop);
  g_main_context_wakeup (self->context);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_bytes_unref (self->small);
  g_bytes_unref (self->builtin);
  g_bytes_unref (self->builtin_gz);
  g_ptr_array_unref (self->requests);
  g_free (self->base);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
}

static char *
server_url (TestServer *self,
            const char *path)
{
  return g_strconcat (self->base, path, NULL);
}

static guint
server_count_requests (TestServer *self,
                       const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->requests, i), prefix))
      n++;
  g_mutex_unlock (&self->lock);
  return n;
}

static char *
server_last_request (TestServer *self)
{
  char *last;

  g_mutex_lock (&self->lock);
  g_assert_cmpuint (self->requests->len, >, 0);
  last = g_strdup (g_ptr_array_index (self->requests, self->requests->len - 1));
  g_mutex_unlock (&self->lock);
  return last;
}

static guint
server_bodies (TestServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->bodies;
  g_mutex_unlock (&self->lock);
  return n;
}

/* ----- the fixture: a database and a server ----- */

typedef struct
{
  VjTestFixture base;
  TestServer    server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  vj_test_fixture_setup (&fixture->base, data);
  server_start (&fixture->server);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  server_stop (&fixture->server);
  vj_test_fixture_teardown (&fixture->base, data);
}

static const char * const catalogue_tables[] = {
  "institution", "location", "institution_serves", "programme", "offering", "initiative", "goal",
  "actor", "initiative_programme", "initiative_institution", "initiative_municipality",
  "source", "catalogue_fts",
};

/* Every row of the catalogue tables and their search rows (as in test-import-v1.c) */
static char *
dump_catalogue (Fixture *fixture)
{
  VjStoreConn *conn = vj_test_store_open (fixture->base.path, TRUE);
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (catalogue_tables); t++)
    {
      const char *table = catalogue_tables[t];
      g_autofree char *probe_sql = NULL;
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *sql = NULL;
      VjStoreStmt *stmt = NULL;
      int n;

      probe_sql = g_strdup_printf ("SELECT rowid, * FROM %s", table);
      if ((stmt = vj_store_prepare (conn, probe_sql, NULL)) == NULL)
        {
          g_clear_pointer (&probe_sql, g_free);
          probe_sql = g_strdup_printf ("SELECT * FROM %s", table);
          stmt = vj_test_store_prepare (conn, probe_sql);
        }
      n = vj_store_stmt_get_n_columns (stmt);
      vj_store_stmt_free (stmt);
      for (int i = 1; i <= n; i++)
        g_string_append_printf (order, "%s%d", i > 1 ? ", " : "", i);
      sql = g_strdup_printf ("%s ORDER BY %s;", probe_sql, order->str);

      stmt = vj_test_store_prepare (conn, sql);
      g_string_append_printf (out, "== %s\n", table);
      while (vj_store_stmt_next (stmt))
        for (int i = 0; i < n; i++)
          {
            const char *value = vj_store_stmt_get_text (stmt, i);

            g_string_append (out, value != NULL ? value : "<NULL>");
            g_string_append_c (out, i + 1 < n ? '\x1f' : '\n');
          }
      g_assert_true (vj_store_stmt_check (stmt, NULL));
      vj_store_stmt_free (stmt);
    }

  vj_store_close (conn);
  return g_string_free (out, FALSE);
}

static VjImportReport *
import_url (Fixture               *fixture,
            const char            *path,
            const VjImportOptions *options,
            double                *seconds,
            GError               **error)
{
  g_autofree char *url = server_url (&fixture->server, path);
  gint64 start = g_get_monotonic_time ();
  VjImportReport *report;

  report = vj_import_url (fixture->base.db, url, options, NULL, NULL, NULL, error);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return report;
}

static VjImportReport *
import_url_ok (Fixture    *fixture,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = server_url (&fixture->server, path);
  VjImportReport *report = import_url (fixture, path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->status, ==, "imported");
  g_assert_cmpstr (report->location, ==, url);
  return report;
}

static char *
last_run_status (Fixture *fixture)
{
  return vj_test_query_text (fixture->base.path,
                             "SELECT status FROM import_run ORDER BY id DESC LIMIT 1;");
}

/* A fetch that fails: the error, nothing changed, a failed run on record. */
static void
assert_fetch_fails (Fixture               *fixture,
                    const char            *path,
                    const VjImportOptions *options,
                    double                 max_seconds,
                    GError               **out_error)
{
  g_autofree char *before = dump_catalogue (fixture);
  g_autofree char *after = NULL;
  g_autofree char *status = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  report = import_url (fixture, path, options, &seconds, &error);
  g_assert_nonnull (error);
  g_test_message ("%s: %s (%s %d) after %.2f s", path, error->message,
                  g_quark_to_string (error->domain), error->code, seconds);
  g_assert_cmpfloat (seconds, <, max_seconds);
  if (report != NULL)
    g_assert_cmpstr (report->status, ==, "failed");

  after = dump_catalogue (fixture);
  g_assert_cmpstr (after, ==, before);
  status = last_run_status (fixture);
  g_assert_cmpstr (status, ==, "failed");
  g_propagate_error (out_error, g_steal_pointer (&error));
}

/* ----- the tests ----- */

static void
check_not_modified (Fixture    *fixture,
                    const char *path,
                    const char *header,
                    const char *value)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, path);
  g_autofree char *before = dump_catalogue (fixture);
  g_autofree char *after = NULL;
  g_autofree char *url = server_url (&fixture->server, path);
  g_autofree char *request = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *status = NULL;
  g_autoptr(VjImportReport) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (first->feed_id, ==, "test:small");
  g_assert_cmpuint (first->totals.added, ==, 12);
  g_assert_cmpuint (server_bodies (&fixture->server), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->base.path,
                                      "SELECT count(*) FROM source WHERE kind = 'url';"), ==, 1);

  second = import_url (fixture, path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  /* The request named what the first answer said; the answer was 304 */
  request = server_last_request (&fixture->server);
  expected = g_strdup_printf ("%s: %s", header, value);
  g_test_message ("%s", request);
  g_assert_nonnull (strstr (request, expected));
  g_assert_cmpuint (server_bodies (&fixture->server), ==, 1);

  g_assert_cmpstr (second->status, ==, "not-modified");
  g_assert_cmpstr (second->location, ==, url);
  g_assert_cmpuint (second->totals.added + second->totals.updated + second->totals.unchanged +
                    second->totals.withdrawn, ==, 0);
  g_assert_cmpuint (second->rejected->len, ==, 0);
  after = dump_catalogue (fixture);
  g_assert_cmpstr (after, ==, before);
  status = last_run_status (fixture);
  g_assert_cmpstr (status, ==, "not-modified");
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM import_run;"), ==,
                   2);
}

static void
test_etag (Fixture       *fixture,
           gconstpointer  data)
{
  check_not_modified (fixture, "/etag.xml", "If-None-Match", ETAG);
}

static void
test_last_modified (Fixture       *fixture,
                    gconstpointer  data)
{
  check_not_modified (fixture, "/last-modified.xml", "If-Modified-Since", LAST_MODIFIED);
}

/* A plain 200 without validators is imported every time, and unchanged the second time. */
static void
test_plain_and_redirect_once (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/plain.xml");
  g_autoptr(VjImportReport) second = import_url_ok (fixture, "/redirect-once");

  g_assert_cmpstr (first->feed_id, ==, "builtin:region-sjaelland");
  g_assert_cmpuint (first->totals.added, >, 400);
  g_assert_cmpuint (second->totals.added, ==, 0);
  g_assert_cmpuint (second->totals.unchanged, ==, first->totals.added);
  g_assert_cmpuint (server_count_requests (&fixture->server, "/plain.xml"), ==, 2);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  g_autoptr(GError) error = NULL;

  assert_fetch_fails (fixture, "/no-such-feed.xml", NULL, 10, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "404"));
}

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ping_error = NULL;
  guint loops, pings;

  assert_fetch_fails (fixture, "/loop", NULL, 10, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "redirects too many times"));
  loops = server_count_requests (&fixture->server, "/loop");
  g_test_message ("%u requests", loops);
  g_assert_cmpuint (loops, >=, 2);
  g_assert_cmpuint (loops, <=, 6);

  /* Between two addresses, with 301 and 307 */
  assert_fetch_fails (fixture, "/ping", NULL, 10, &ping_error);
  g_assert_error (ping_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (ping_error->message, "redirects too many times"));
  pings = server_count_requests (&fixture->server, "/ping") +
          server_count_requests (&fixture->server, "/pong");
  g_assert_cmpuint (pings, <=, 6);
}

static void
test_slow_server (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  VjImportOptions options = { 0 };
  g_autoptr(GError) after_headers = NULL;
  g_autoptr(GError) before_headers = NULL;

  options.timeout = 1;
  /* Headers and a little of the body, then silence */
  assert_fetch_fails (fixture, "/stall-after-headers", &options, 5, &after_headers);
  g_assert_cmpuint (server_count_requests (&fixture->server, "/stall-after-headers"), ==, 1);
  /* Said in our words, with the limit, not as the socket's "timed out" */
  g_test_message ("%s", after_headers->message);
  g_assert_error (after_headers, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (after_headers->message, "stopped sending the feed for more than 1 "
                                                    "second"));
  /* No answer at all */
  assert_fetch_fails (fixture, "/stall-before-headers", &options, 5, &before_headers);
  g_test_message ("%s", before_headers->message);
  g_assert_error (before_headers, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (before_headers->message, "did not answer within 1 second"));
}

static void
test_oversize (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  VjImportOptions options = { 0 };
  g_autoptr(GError) with_length = NULL;
  g_autoptr(GError) chunked = NULL;

  /* The built-in catalogue (~115 KB) is a good feed, only too big for the cap */
  options.max_download = 64 * 1024;
  assert_fetch_fails (fixture, "/big-with-length.xml", &options, 10, &with_length);
  g_assert_error (with_length, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP);
  /* Without a Content-Length, the bytes are counted as they come */
  assert_fetch_fails (fixture, "/big-chunked.xml", &options, 10, &chunked);
  g_assert_error (chunked, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM source"
                                                     " WHERE feed_id = "
                                                     "'builtin:region-sjaelland';"), ==, 0);
}

static void
test_gzip_encoded (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_url_ok (fixture, "/gzip-encoded.xml");
  g_autoptr(VjImportReport) plain = NULL;

  g_assert_cmpuint (g_bytes_get_size (fixture->server.builtin_gz), <,
                    g_bytes_get_size (fixture->server.builtin) / 3);
  g_assert_cmpstr (report->feed_id, ==, "builtin:region-sjaelland");
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added, ==, 76);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_OFFERING].added, ==, 250);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM programme;"), ==,
                   76);

  /* The same records as the plain feed */
  plain = import_url_ok (fixture, "/plain.xml");
  g_assert_cmpuint (plain->totals.added + plain->totals.updated, ==, 0);
  g_assert_cmpuint (plain->totals.unchanged, ==, report->totals.added);
}

/* ----- saved feeds (subscriptions), as the CLI and the Import page keep them ----- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* vejviser-cli --db PATH ARG…, as a terminal runs it; exit code in ->status */
static void
run_cli (Fixture    *fixture,
         CliRun     *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  int wait_status = 0;

  cli_run_clear (run);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run->out = vj_test_run_cli_argv (fixture->base.path, &wait_status, &run->err,
                                   (const char * const *) args->pdata);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonObject *
parse_json (JsonParser *parser,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_feeds_cli (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *etag_url = server_url (&fixture->server, "/etag.xml");
  g_autofree char *missing_url = server_url (&fixture->server, "/no-such-feed.xml");
  g_autofree char *line = NULL;
  JsonObject *root;
  JsonArray *list;
  JsonObject *result;

  vj_db_close (fixture->base.db);

  run_cli (fixture, &run, "feeds", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "No feeds are saved.\n");

  run_cli (fixture, &run, "feeds", "add", "zealand", etag_url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Names are unique; only web addresses; a name and an address are both needed */
  run_cli (fixture, &run, "feeds", "add", "zealand", etag_url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "A feed named “zealand” already exists."));
  run_cli (fixture, &run, "feeds", "add", "ftp", "ftp://example.org/feed.xml", "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = parse_json (parser, run.out);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (root, "error"), "message"),
                            "is not a web address"));
  run_cli (fixture, &run, "feeds", "add", "zealand", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, "feeds", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (fixture, &run, "feeds", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  list = json_object_get_array_member (parse_json (parser, run.out), "feeds");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  result = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "name"), ==, "zealand");
  g_assert_cmpstr (json_object_get_string_member (result, "url"), ==, etag_url);
  g_assert_true (json_object_get_null_member (result, "last_status"));

  /* Refreshed: imported, then not modified (the ETag kept from the first time) */
  run_cli (fixture, &run, "feeds", "refresh", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  list = json_object_get_array_member (parse_json (parser, run.out), "results");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  result = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "feed"), ==, "zealand");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "imported");
  run_cli (fixture, &run, "feeds", "refresh", "zealand", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "zealand\n"));
  run_cli (fixture, &run, "feeds", "list", NULL);
  line = g_strdup_printf ("zealand\t%s\tnot-modified\n", etag_url);
  g_assert_cmpstr (run.out, ==, line);
  run_cli (fixture, &run, "feeds", "refresh", "nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no feed named “nope”."));

  /* One feed failing fails the command, and the others are still refreshed */
  run_cli (fixture, &run, "feeds", "add", "broken", missing_url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (fixture, &run, "feeds", "refresh", "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "broken: "));
  list = json_object_get_array_member (parse_json (parser, run.out), "results");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  result = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "feed"), ==, "broken");
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  result = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "not-modified");

  run_cli (fixture, &run, "feeds", "remove", "broken", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (parse_json (parser, run.out), "ok"));
  run_cli (fixture, &run, "feeds", "remove", "broken", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no feed named “broken”."));
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM feed;"), ==, 1);
  /* Every refresh is in the history, the failed one too */
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM import_run;"), ==,
                   4);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM import_run"
                                                     " WHERE status = 'failed';"), ==, 1);
}

static void
feed_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  vj_db_feed_write_finish (VJ_DB (object), result, error);
  g_object_set_data (object, "written", GINT_TO_POINTER (TRUE));
}

static void
wait_written (VjDb *db)
{
  while (g_object_get_data (G_OBJECT (db), "written") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_set_data (G_OBJECT (db), "written", NULL);
}

/* What the Import page does: saved and removed through the writer thread; the history of
 * imports, newest first; the validators kept for the next request */
static void
test_feeds_async_and_history (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(VjFeed) feed = NULL;
  g_autofree char *url = server_url (&fixture->server, "/etag.xml");
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  VjImportRun *run;

  vj_db_add_feed_async (fixture->base.db, "zealand", url, NULL, feed_written_cb, &error);
  wait_written (fixture->base.db);
  g_assert_no_error (error);
  vj_db_add_feed_async (fixture->base.db, "", url, NULL, feed_written_cb, &error);
  wait_written (fixture->base.db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
  g_clear_error (&error);
  feed = vj_db_lookup_feed (fixture->base.db, "zealand", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->url, ==, url);
  g_assert_null (feed->last_status);

  g_assert_false (vj_db_get_source_validators (fixture->base.db, url, &etag, &last_modified));
  {
    g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
    g_autoptr(VjImportReport) second = import_url (fixture, "/etag.xml", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (second->status, ==, "not-modified");
  }
  g_assert_true (vj_db_get_source_validators (fixture->base.db, url, &etag, &last_modified));
  g_assert_cmpstr (etag, ==, ETAG);
  g_assert_null (last_modified);

  /* The feed shows its last result */
  g_clear_pointer (&feed, vj_feed_free);
  feed = vj_db_lookup_feed (fixture->base.db, "zealand", &error);
  g_assert_cmpstr (feed->last_status, ==, "not-modified");
  g_assert_nonnull (feed->last_finished_at);

  runs = vj_db_list_import_runs (fixture->base.db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpstr (run->status, ==, "not-modified");
  g_assert_cmpstr (run->location, ==, url);
  run = g_ptr_array_index (runs, 1);
  g_assert_cmpstr (run->status, ==, "imported");
  g_assert_cmpuint (run->added, ==, 12);
  g_assert_cmpstr (run->source_title, !=, NULL);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = vj_db_list_import_runs (fixture->base.db, 1, &error);
  g_assert_cmpuint (runs->len, ==, 1);

  vj_db_remove_feed_async (fixture->base.db, "zealand", NULL, feed_written_cb, &error);
  wait_written (fixture->base.db);
  g_assert_no_error (error);
  vj_db_remove_feed_async (fixture->base.db, "zealand", NULL, feed_written_cb, &error);
  wait_written (fixture->base.db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
  feeds = vj_db_list_feeds (fixture->base.db, NULL);
  g_assert_cmpuint (feeds->len, ==, 0);
}


/* A server sending a byte every 100 ms is never silent for the idle timeout, but no longer
 * holds an import for ever: the overall deadline (VjImportOptions.deadline, the CLI's
 * --deadline) ends it, said with the limit; and a minimum rate ends it sooner */
static void
test_trickle_deadline (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  VjImportOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) headers_error = NULL;
  g_autofree char *message = NULL;

  options.deadline = 2;
  assert_fetch_fails (fixture, "/trickle.xml", &options, 20, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "did not send the whole feed within 2 seconds"));
  g_assert_nonnull (strstr (error->message, "--deadline"));
  /* The run on record says why */
  message = vj_test_query_text (fixture->base.path, "SELECT error FROM import_run ORDER BY id DESC LIMIT 1;");
  g_assert_nonnull (strstr (message, "within 2 seconds"));

  /* A server that never answers is held to the deadline too, shorter than the idle timeout */
  options.deadline = 1;
  assert_fetch_fails (fixture, "/stall-before-headers", &options, 20, &headers_error);
  g_assert_nonnull (strstr (headers_error->message,
                            "did not send the whole feed within 1 second"));
}

static void
test_trickle_min_rate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  VjImportOptions options = { 0 };
  g_autoptr(GError) error = NULL;

  /* 10 bytes a second against at least 1 000 a second over every second */
  options.timeout = 1;
  options.min_rate = 1000;
  assert_fetch_fails (fixture, "/trickle.xml", &options, 20, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "at less than"));
  g_assert_nonnull (strstr (error->message, "for 1 second"));
}

/* The deadline from the database setting feeds.deadline, for the app and the CLI alike, and
 * from --deadline, which wins */
static void
test_deadline_setting_and_cli (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_url_ok (fixture, "/etag.xml");
  g_autofree char *url = server_url (&fixture->server, "/trickle.xml");
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  vj_test_exec_sql (fixture->base.path, "INSERT INTO setting (key, value) VALUES"
                                   " ('feeds.deadline', '1');");
  assert_fetch_fails (fixture, "/trickle.xml", NULL, 20, &error);
  g_assert_nonnull (strstr (error->message, "within 1 second"));

  vj_db_close (fixture->base.db);
  run_cli (fixture, &run, "import", url, "--deadline", "2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "did not send the whole feed within 2 seconds"));
  run_cli (fixture, &run, "import", url, "--deadline", "soon", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--deadline needs a number of seconds"));
}

static void
add (const char *path,
     void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  /* The server is on the loopback interface: no proxy, whatever the environment says. The
   * desktop's proxy resolver would also read GSettings schemas, which the isolated dirs hide. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add ("/import/http/etag/304-not-modified", test_etag);
  add ("/import/http/last-modified/304-not-modified", test_last_modified);
  add ("/import/http/200/plain-and-redirected-once", test_plain_and_redirect_once);
  add ("/import/http/404/error-changes-nothing", test_not_found);
  add ("/import/http/redirect-loop/error", test_redirect_loop);
  add ("/import/http/slow-server/times-out", test_slow_server);
  add ("/import/http/trickle/deadline", test_trickle_deadline);
  add ("/import/http/trickle/min-rate", test_trickle_min_rate);
  add ("/import/http/trickle/deadline-setting-and-cli", test_deadline_setting_and_cli);
  add ("/import/http/oversize/cap", test_oversize);
  add ("/import/http/gzip-encoded/imports", test_gzip_encoded);
  add ("/import/http/feeds/cli", test_feeds_cli);
  add ("/import/http/feeds/async-and-history", test_feeds_async_and_history);

  return g_test_run ();
}
