#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A feed server on 127.0.0.1 for the tests of imports that run in workers, in a thread of its
 * own (as tests/test-http.c runs its server): /small.xml is tests/data/v1-small.xml with an
 * ETag, answered 304 when the request has it; /stall.xml sends half of it and then nothing
 * until the client gives up; anything else is 404. */

typedef struct _VjTestServer VjTestServer;

VjTestServer *vj_test_server_new     (void);
void          vj_test_server_free    (VjTestServer *server);
char         *vj_test_server_url     (VjTestServer *server,
                                      const char   *path);
gsize         vj_test_server_feed_size (VjTestServer *server);
guint         vj_test_server_stalled (VjTestServer *server);

G_END_DECLS
