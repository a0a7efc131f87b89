#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "vj-test-server.h"

#define ETAG "\"test-server-v1\""

struct _VjTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;     /* the server thread's */
  char         *base;       /* http://127.0.0.1:PORT */
  GBytes       *small;      /* tests/data/v1-small.xml */

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint         stalled;    /* requests for /stall.xml answered in part */
};

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  VjTestServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  gsize length = 0;
  const char *data = g_bytes_get_data (self->small, &length);

  if (strcmp (path, "/small.xml") == 0)
    {
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), ETAG) == 0)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      else
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, data,
                                            length);
        }
      soup_message_headers_replace (response, "ETag", ETAG);
    }
  else if (strcmp (path, "/stall.xml") == 0)
    {
      /* The headers and the start of the feed as a chunked body never completed */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (response, "application/xml", NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                data, length / 2);
      g_mutex_lock (&self->lock);
      self->stalled++;
      g_mutex_unlock (&self->lock);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The name build-aux/lsan.supp knows: libsoup 3.2 keeps its last accepted socket */
static gpointer
server_thread (gpointer data)
{
  VjTestServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "vejviser-test ", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
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
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

VjTestServer *
vj_test_server_new (void)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autoptr(GError) error = NULL;
  VjTestServer *self = g_new0 (VjTestServer, 1);
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (small, &contents, &length, &error);
  g_assert_no_error (error);
  self->small = g_bytes_new_take (contents, length);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

void
vj_test_server_free (VjTestServer *self)
{
  g_main_loop_quit (self->loop);
  g_main_context_wakeup (self->context);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_bytes_unref (self->small);
  g_free (self->base);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

char *
vj_test_server_url (VjTestServer *self,
                    const char   *path)
{
  return g_strconcat (self->base, path, NULL);
}

/* The size of /small.xml */
gsize
vj_test_server_feed_size (VjTestServer *self)
{
  return g_bytes_get_size (self->small);
}

/* How many requests for /stall.xml got their first half */
guint
vj_test_server_stalled (VjTestServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->stalled;
  g_mutex_unlock (&self->lock);
  return n;
}
