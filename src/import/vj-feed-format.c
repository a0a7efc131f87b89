#define G_LOG_DOMAIN "vj-feed-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-feed-format.h"

/* The feed formats Vejviser reads, detected from the root element and its namespace. A new
 * format is one reader file and one line here. */

static const VjFeedFormat formats[] = {
  { "vejviser-1", N_("Vejviser catalogue format v1"), VJ_V1_NAMESPACE, "catalogue",
    vj_reader_v1_read },
  { "xcri-cap-1.2", N_("XCRI-CAP 1.2"), "http://xcri.org/profiles/1.2/catalog", "catalog",
    vj_reader_xcri_read },
  { "xcri-cap-1.1", N_("XCRI-CAP 1.1"), "http://xcri.org/profiles/catalog", "catalog",
    vj_reader_xcri_read },
};

const VjFeedFormat *
vj_feed_format_detect (const char *ns,
                       const char *root)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].ns, ns) == 0 && g_strcmp0 (formats[i].root, root) == 0)
      return &formats[i];
  return NULL;
}

const VjFeedFormat *
vj_feed_format_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].id, id) == 0)
      return &formats[i];
  return NULL;
}

const char *
vj_feed_format_name (const VjFeedFormat *format)
{
  return g_dgettext (GETTEXT_PACKAGE, format->name);
}
