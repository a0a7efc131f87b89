#define G_LOG_DOMAIN "vj-fuzz-feed"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "vj-feed-format.h"
#include "vj-fuzz.h"
#include "vj-xml-source.h"

/* One feed, read as the importer reads it (vj-importer.c): the XML source with the default
 * caps, the format detected from the root element, then that format's reader handing every
 * record to a sink. This sink counts and frees the records instead of staging them, so the
 * run needs no database and every input is read from the same state. */

static char *feed_path;

static gboolean
sink_header (VjFeedHeader *header,
             gpointer      user_data,
             GError      **error)
{
  vj_feed_header_free (header);
  return TRUE;
}

static gboolean
sink_institution (VjInstitutionRecord *record,
                  gpointer             user_data,
                  GError             **error)
{
  vj_institution_record_free (record);
  return TRUE;
}

static gboolean
sink_programme (VjProgrammeRecord *record,
                gpointer           user_data,
                GError           **error)
{
  vj_programme_record_free (record);
  return TRUE;
}

static gboolean
sink_initiative (VjInitiativeRecord *record,
                 gpointer            user_data,
                 GError            **error)
{
  vj_initiative_record_free (record);
  return TRUE;
}

static void
sink_issue (guint       line,
            const char *reason,
            gpointer    user_data)
{
  g_assert (reason != NULL);
  g_assert (g_utf8_validate (reason, -1, NULL));
}

static const VjRecordSink sink = {
  sink_header, sink_institution, sink_programme, sink_initiative, sink_issue, sink_issue,
  NULL, NULL, NULL,
};

static void
remove_feed (void)
{
  g_autofree char *dir = g_path_get_dirname (feed_path);

  g_unlink (feed_path);
  g_rmdir (dir);
}

/* A failure is an error the app shows: it must have a message in UTF-8. */
static void
check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->message != NULL);
  if (!g_utf8_validate (error->message, -1, NULL))
    {
      g_autofree char *escaped = g_strescape (error->message, NULL);

      g_error ("Not UTF-8: %s", escaped);
    }
}

int
vj_fuzz_feed (const guint8 *data,
              size_t        size,
              const char   *format_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjXmlSource) source = NULL;
  g_autoptr(GFile) file = NULL;
  const VjFeedFormat *format;
  xmlTextReaderPtr reader;
  gboolean found = FALSE;

  if (feed_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("vejviser-fuzz-XXXXXX", NULL);

      g_assert (dir != NULL);
      feed_path = g_build_filename (dir, "feed.xml", NULL);
      atexit (remove_feed);
    }
  if (!g_file_set_contents (feed_path, (const char *) data, (gssize) size, NULL))
    g_error ("Could not write %s", feed_path);
  file = g_file_new_for_path (feed_path);

  {
    VjXmlCaps caps;

    vj_xml_caps_init_default (&caps);
    source = vj_xml_source_open (file, NULL, &caps, NULL, NULL, NULL, &error);
  }
  if (source == NULL)
    {
      check_error (error);
      return 0;
    }
  if (!vj_xml_source_next_element (source, &found, &error))
    {
      check_error (error);
      return 0;
    }
  if (!found)
    return 0;

  reader = vj_xml_source_get_reader (source);
  format = vj_feed_format_detect ((const char *) xmlTextReaderConstNamespaceUri (reader),
                                  (const char *) xmlTextReaderConstLocalName (reader));
  /* Each target keeps to its own reader; detection itself is the same for all. */
  if (format == NULL || !g_str_has_prefix (format->id, format_id))
    return 0;

  if (!format->read (source, &sink, NULL, &error))
    check_error (error);
  return 0;
}
