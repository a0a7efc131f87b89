#define G_LOG_DOMAIN "vj-xml-stream"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>

#include "vj-text.h"
#include "vj-xml-source-private.h"

/* Untrusted XML, read safely (XCRI-CAP.md): xmlReaderForIO over our own stream — our gzip
 * decompressor and byte cap —, XML_PARSE_NONET | XML_PARSE_BIG_LINES only, and a deny-all
 * external entity loader. This file opens a feed and feeds the parser; vj-xml-source.c moves
 * through it. */

#define GZIP_MAGIC_0 0x1f
#define GZIP_MAGIC_1 0x8b


G_DEFINE_QUARK (vj-import-error-quark, vj_import_error)

void
vj_xml_caps_init_default (VjXmlCaps *caps)
{
  caps->max_bytes = (guint64) 1 << 30;   /* 1 GiB of XML */
  caps->max_depth = 64;
  caps->max_text = 1 << 20;              /* 1 MiB in one text node */
  caps->max_records = 5000000;
}

static xmlParserInputPtr
deny_entity_loader (const char      *url,
                    const char      *id,
                    xmlParserCtxtPtr ctxt)
{
  /* No file or network content ever reaches a feed through an entity or a DTD. */
  return NULL;
}

/* Every reader of untrusted XML (feeds, the parts of an XLSX) first calls this */
void
_vj_xml_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (deny_entity_loader);
      g_once_init_leave (&initialised, 1);
    }
}

static void
set_error_once (VjXmlSource *self,
                GError      *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
}

void
_vj_xml_source_report_progress (VjXmlSource *self,
                 gboolean     force)
{
  gint64 now;

  if (self->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - self->last_progress < 100 * 1000)
    return;
  self->last_progress = now;

  if (G_IS_SEEKABLE (self->base) && self->stream != self->base)
    self->progress ((guint64) g_seekable_tell (G_SEEKABLE (self->base)), self->bytes_total,
                    self->progress_data);
  else
    self->progress (self->bytes_read, self->bytes_total, self->progress_data);
}

static int
io_read (void *context,
         char *buffer,
         int   len)
{
  VjXmlSource *self = context;
  GError *error = NULL;
  gssize n;

  if (self->error != NULL)
    return -1;

  n = g_input_stream_read (self->stream, buffer, (gsize) len, self->cancellable, &error);
  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error_once (self, g_error_new_literal (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                                                   _("The import was cancelled.")));
      else
        set_error_once (self, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                                           _("Could not read the feed: %s"), error->message));
      g_error_free (error);
      return -1;
    }

  if (self->head_len < sizeof self->head)
    {
      gsize take = MIN ((gsize) n, sizeof self->head - self->head_len);

      memcpy (self->head + self->head_len, buffer, take);
      self->head_len += take;
    }
  self->bytes_read += (guint64) n;
  if (self->bytes_read > self->caps.max_bytes)
    {
      g_autofree char *size = g_format_size (self->caps.max_bytes);

      set_error_once (self, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                         /* Translators: %s is a size, e.g. "1,1 GB" */
                                         _("The feed is larger than the limit of %s once "
                                           "unpacked. Nothing was imported."),
                                         size));
      return -1;
    }

  _vj_xml_source_report_progress (self, FALSE);
  return (int) n;
}

static int
io_close (void *context)
{
  return 0;
}

static void
structured_error_cb (void       *user_data,
                     xmlErrorPtr error)
{
  VjXmlSource *self = user_data;

  if (error == NULL || error->level < XML_ERR_ERROR || self->parse_message != NULL)
    return;
  {
    /* libxml2 quotes the feed's own bytes, which need not be UTF-8 (or are cut mid-letter);
     * the message goes into the app's labels and the CLI's JSON
     * (fuzz/corpus/v1/crash-error-message-not-utf8) */
    g_autofree char *valid = g_utf8_make_valid (error->message != NULL ? error->message : "",
                                                -1);

    self->parse_message = vj_text_squash_whitespace (valid);
  }
  self->bad_utf8 = strstr (self->parse_message, "not proper UTF-8") != NULL;
  self->parse_line = error->line > 0 ? (guint) error->line : 0;
}

/* A file starting with the gzip magic is decompressed on the fly. */
static GInputStream *
maybe_decompress (GInputStream  *base,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GBufferedInputStream) buffered = NULL;
  const guint8 *peek;
  gsize available = 0;

  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new (base));
  if (g_buffered_input_stream_fill (buffered, 2, cancellable, error) < 0)
    return NULL;
  peek = g_buffered_input_stream_peek_buffer (buffered, &available);
  if (available >= 2 && peek[0] == GZIP_MAGIC_0 && peek[1] == GZIP_MAGIC_1)
    {
      g_autoptr(GZlibDecompressor) decompressor =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      return g_converter_input_stream_new (G_INPUT_STREAM (buffered), G_CONVERTER (decompressor));
    }
  return G_INPUT_STREAM (g_steal_pointer (&buffered));
}

/**
 * vj_xml_source_open:
 * @file: the feed (a local file or a resource)
 * @encoding: (nullable): an encoding to force, for the Latin-1 retry
 *
 * Opens a feed for streaming.
 */
VjXmlSource *
vj_xml_source_open (GFile            *file,
                    const char       *encoding,
                    const VjXmlCaps  *caps,
                    GCancellable     *cancellable,
                    VjXmlProgressFunc progress,
                    gpointer          progress_data,
                    GError          **error)
{
  g_autoptr(VjXmlSource) self = g_new0 (VjXmlSource, 1);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;

  _vj_xml_init ();

  self->caps = *caps;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->progress = progress;
  self->progress_data = progress_data;

  self->base = G_INPUT_STREAM (g_file_read (file, cancellable, &local_error));
  if (self->base == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                           _("The import was cancelled."));
      return NULL;
    }
  if (self->base == NULL)
    {
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                   _("Could not open the feed: %s"), local_error->message);
      return NULL;
    }
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (self->base),
                                         G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL)
    self->bytes_total = (guint64) g_file_info_get_size (info);

  self->stream = maybe_decompress (self->base, cancellable, &local_error);
  if (self->stream == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                           _("The import was cancelled."));
      return NULL;
    }
  if (self->stream == NULL)
    {
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                   _("Could not read the feed: %s"), local_error->message);
      return NULL;
    }

  uri = g_file_get_uri (file);
  self->reader = xmlReaderForIO (io_read, io_close, self, uri, encoding,
                                 XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  if (self->reader == NULL)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                           _("Could not start reading the feed."));
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (self->reader, structured_error_cb, self);

  return g_steal_pointer (&self);
}

void
vj_xml_source_free (VjXmlSource *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->reader, xmlFreeTextReader);
  if (self->stream != self->base)
    g_clear_object (&self->stream);
  g_clear_object (&self->base);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->parse_message);
  g_free (self);
}

xmlTextReaderPtr
vj_xml_source_get_reader (VjXmlSource *self)
{
  return self->reader;
}

gboolean
vj_xml_source_started (VjXmlSource *self)
{
  return self->started;
}

/* Whether the feed names its encoding in its XML declaration */
static gboolean
declares_encoding (VjXmlSource *self)
{
  g_autofree char *head = g_strndup (self->head, self->head_len);
  const char *end;

  if (!g_str_has_prefix (head, "<?xml") && !g_str_has_prefix (head, "\xef\xbb\xbf<?xml"))
    return FALSE;
  end = strstr (head, "?>");
  return end != NULL && g_strstr_len (head, end - head, "encoding") != NULL;
}

/**
 * vj_xml_source_may_be_latin1:
 *
 * After a failure: whether the feed may be Latin-1 read as UTF-8 — it failed before its first
 * element, or on bytes that are not UTF-8 without naming an encoding — and is worth reading
 * again as ISO-8859-1.
 */
gboolean
vj_xml_source_may_be_latin1 (VjXmlSource *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return !self->started || (self->bad_utf8 && !declares_encoding (self));
}

