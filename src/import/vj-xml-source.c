#define G_LOG_DOMAIN "vj-xml-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>

#include "vj-text.h"
#include "vj-xml-source.h"

/* Untrusted XML, read safely (XCRI-CAP.md): xmlReaderForIO over our own stream — our gzip
 * decompressor and byte cap —, XML_PARSE_NONET | XML_PARSE_BIG_LINES only, a deny-all external
 * entity loader, and a clear stop at any DTD or entity reference. Memory stays one record's
 * size: the readers expand one record, read it, and move on. */

#define GZIP_MAGIC_0 0x1f
#define GZIP_MAGIC_1 0x8b

struct _VjXmlSource
{
  GInputStream     *base;        /* the file, for progress */
  GInputStream     *stream;      /* what the parser reads: maybe decompressed */
  GCancellable     *cancellable;
  xmlTextReaderPtr  reader;
  VjXmlCaps         caps;
  guint64           bytes_read;
  guint64           bytes_total;
  guint             records;
  VjXmlProgressFunc progress;
  gpointer          progress_data;
  gint64            last_progress;
  gboolean          started;     /* the root element has been read */
  gboolean          bad_utf8;    /* libxml2 met bytes that are not UTF-8 */
  char              head[256];   /* the first bytes, for the XML declaration */
  gsize             head_len;
  gboolean          pending;     /* the reader stands on a node not yet handed out */
  guint             error_line;  /* where the fatal problem is, when known */

  /* The first problem met, reported instead of libxml2's follow-up errors */
  GError           *error;
  char             *parse_message;
  guint             parse_line;
};

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

static void
init_libxml_once (void)
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

static void
report_progress (VjXmlSource *self,
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
      set_error_once (self, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                         /* Translators: %s is a size, e.g. "1,1 GB" */
                                         _("The feed is larger than the limit of %s once "
                                           "unpacked. Nothing was imported."),
                                         g_format_size (self->caps.max_bytes)));
      return -1;
    }

  report_progress (self, FALSE);
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
  self->parse_message = vj_text_squash_whitespace (error->message);
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

  init_libxml_once ();

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

/* The line of the fatal problem met, when known; 0 otherwise. */
guint
vj_xml_source_get_error_line (VjXmlSource *self)
{
  return self->error_line;
}

void
vj_xml_source_set_error_line (VjXmlSource *self,
                              guint        line)
{
  self->error_line = line;
}

guint
vj_xml_source_get_line (VjXmlSource *self)
{
  int line = xmlTextReaderGetParserLineNumber (self->reader);

  return line > 0 ? (guint) line : 0;
}

/**
 * vj_xml_source_fail:
 *
 * Sets @error to the first problem met: ours (a cap, a cancel, a forbidden construct) before
 * libxml2's, and libxml2's with its line.
 *
 * Returns: %FALSE
 */
gboolean
vj_xml_source_fail (VjXmlSource *self,
                    GError     **error)
{
  if (self->error_line == 0)
    self->error_line = self->parse_line;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                           _("The import was cancelled."));
      return FALSE;
    }
  if (!self->started && self->bytes_read == 0)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY,
                           _("The feed is empty."));
      return FALSE;
    }
  /* Only white space, a declaration or comments: libxml2 says "extra content" */
  if (!self->started && self->parse_message != NULL &&
      strstr (self->parse_message, "Extra content at the end") != NULL)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY,
                           _("The feed has no elements. Nothing was imported."));
      return FALSE;
    }
  /* libxml2's own caps, said in our words (its messages suggest options we never use) */
  if (self->parse_message != NULL && strstr (self->parse_message, "Excessive depth") != NULL)
    {
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("The feed nests elements deeper than the limit of %1$u on line %2$u. "
                     "Nothing was imported."),
                   self->caps.max_depth, self->parse_line);
      return FALSE;
    }
  if (self->parse_message != NULL && strstr (self->parse_message, "huge text node") != NULL)
    {
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("A text on line %1$u is longer than the limit of %2$s. "
                     "Nothing was imported."),
                   self->parse_line, g_format_size (self->caps.max_text));
      return FALSE;
    }
  if (self->parse_message != NULL && self->parse_line > 0)
    /* Translators: %1$u is a line number, %2$s the XML parser's own message */
    g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                 _("The feed is not well-formed XML (line %1$u: %2$s). Nothing was imported."),
                 self->parse_line, self->parse_message);
  else
    g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                 _("The feed is not well-formed XML (%s). Nothing was imported."),
                 self->parse_message != NULL ? self->parse_message : _("it ends too early"));
  return FALSE;
}

static gboolean
check_node (VjXmlSource *self,
            GError     **error)
{
  int type = xmlTextReaderNodeType (self->reader);
  xmlNodePtr current = xmlTextReaderCurrentNode (self->reader);
  guint line = current != NULL ? vj_xml_line (current) : vj_xml_source_get_line (self);

  if (type == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN,
                           _("The feed declares a document type (DTD). Catalogue feeds have "
                             "none, and Vejviser does not read them. Nothing was imported."));
      return FALSE;
    }
  if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
    {
      self->error_line = line;
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN,
                   _("The feed uses an entity on line %u. Vejviser does not expand entities. "
                     "Nothing was imported."),
                   line);
      return FALSE;
    }
  if (xmlTextReaderDepth (self->reader) > (int) self->caps.max_depth)
    {
      self->error_line = line;
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("The feed nests elements deeper than the limit of %1$u on line %2$u. "
                     "Nothing was imported."),
                   self->caps.max_depth, line);
      return FALSE;
    }
  if (type == XML_READER_TYPE_ELEMENT)
    self->started = TRUE;
  return TRUE;
}

/**
 * vj_xml_source_next_element:
 * @found: (out): %FALSE at the end of the document
 *
 * Moves to the next element node (in document order), checking every node on the way.
 */
gboolean
vj_xml_source_next_element (VjXmlSource *self,
                            gboolean    *found,
                            GError     **error)
{
  int rc;

  *found = FALSE;
  while ((rc = xmlTextReaderRead (self->reader)) == 1)
    {
      if (!check_node (self, error))
        return FALSE;
      if (xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_ELEMENT)
        {
          *found = TRUE;
          return TRUE;
        }
    }
  if (rc < 0 || self->error != NULL)
    return vj_xml_source_fail (self, error);
  report_progress (self, TRUE);
  return TRUE;
}

/**
 * vj_xml_source_next_child:
 * @parent_depth: the depth of the element whose children are wanted
 * @skip_current: %TRUE when the reader stands on a child whose subtree is to be skipped (it was
 *   expanded, or is not wanted); %FALSE on the parent itself, to enter it
 * @found: (out): %FALSE once the parent has no more element children
 *
 * Moves to the parent's next element child, streaming: nothing else is kept in memory.
 */
gboolean
vj_xml_source_next_child (VjXmlSource *self,
                          int          parent_depth,
                          gboolean     skip_current,
                          gboolean    *found,
                          GError     **error)
{
  int rc;

  *found = FALSE;
  if (self->pending)
    {
      /* The reader already stands on a node past an empty parent: look at it again. */
      self->pending = FALSE;
      rc = 1;
    }
  else
    rc = skip_current ? xmlTextReaderNext (self->reader) : xmlTextReaderRead (self->reader);

  while (rc == 1)
    {
      int type, depth;

      if (!check_node (self, error))
        return FALSE;
      type = xmlTextReaderNodeType (self->reader);
      depth = xmlTextReaderDepth (self->reader);
      if (type == XML_READER_TYPE_ELEMENT && depth == parent_depth + 1)
        {
          *found = TRUE;
          return TRUE;
        }
      if (type == XML_READER_TYPE_END_ELEMENT && depth == parent_depth)
        return TRUE;
      if (depth <= parent_depth)
        {
          self->pending = TRUE;
          return TRUE;
        }
      if (type == XML_READER_TYPE_ELEMENT)
        rc = xmlTextReaderNext (self->reader);
      else
        rc = xmlTextReaderRead (self->reader);
    }

  if (rc < 0 || self->error != NULL)
    return vj_xml_source_fail (self, error);
  return TRUE;
}

/**
 * vj_xml_source_finish:
 *
 * Reads the rest of the document after the root element's last record, so a truncated or
 * broken end fails the whole feed.
 */
gboolean
vj_xml_source_finish (VjXmlSource *self,
                      GError     **error)
{
  int rc;

  self->pending = FALSE;
  while ((rc = xmlTextReaderRead (self->reader)) == 1)
    if (!check_node (self, error))
      return FALSE;
  if (rc < 0 || self->error != NULL)
    return vj_xml_source_fail (self, error);
  report_progress (self, TRUE);
  return TRUE;
}

/**
 * vj_xml_source_next_record:
 *
 * vj_xml_source_next_child() for the root element's children; after the last one, the rest of
 * the document is read (vj_xml_source_finish()).
 */
gboolean
vj_xml_source_next_record (VjXmlSource *self,
                           gboolean     skip_current,
                           gboolean    *found,
                           GError     **error)
{
  if (!vj_xml_source_next_child (self, 0, skip_current, found, error))
    return FALSE;
  if (!*found)
    return vj_xml_source_finish (self, error);
  return TRUE;
}

/* The node the reader stands on is still to be read by the next call: an empty parent's
 * following sibling, seen while looking for children. */
gboolean
vj_xml_source_has_pending (VjXmlSource *self)
{
  return self->pending;
}

static gboolean
check_tree (VjXmlSource *self,
            xmlNodePtr   node,
            guint        depth,
            GError     **error)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      if (child->type == XML_ENTITY_REF_NODE || child->type == XML_ENTITY_NODE ||
          child->type == XML_DTD_NODE || child->type == XML_XINCLUDE_START)
        {
          self->error_line = vj_xml_line (child);
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN,
                       _("The feed uses an entity on line %u. Vejviser does not expand "
                         "entities. Nothing was imported."),
                       vj_xml_line (child));
          return FALSE;
        }
      if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
          child->content != NULL && strlen ((const char *) child->content) > self->caps.max_text)
        {
          self->error_line = vj_xml_line (child->parent);
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                       _("A text on line %1$u is longer than the limit of %2$s. "
                         "Nothing was imported."),
                       vj_xml_line (child->parent), g_format_size (self->caps.max_text));
          return FALSE;
        }
      if (child->type == XML_ELEMENT_NODE)
        {
          if (depth > self->caps.max_depth)
            {
              self->error_line = vj_xml_line (child);
              g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                           _("The feed nests elements deeper than the limit of %1$u on line "
                             "%2$u. Nothing was imported."),
                           self->caps.max_depth, vj_xml_line (child));
              return FALSE;
            }
          if (!check_tree (self, child->children, depth + 1, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * vj_xml_source_expand:
 *
 * Reads the current element's whole subtree (one record) and checks it.
 *
 * Returns: (transfer none): the element, valid until the reader moves on
 */
xmlNodePtr
vj_xml_source_expand (VjXmlSource *self,
                      GError     **error)
{
  xmlNodePtr node = xmlTextReaderExpand (self->reader);

  if (node == NULL || self->error != NULL)
    {
      vj_xml_source_fail (self, error);
      return NULL;
    }
  if (!check_tree (self, node->children,
                   (guint) xmlTextReaderDepth (self->reader) + 1, error))
    return NULL;
  return node;
}

gboolean
vj_xml_source_count_record (VjXmlSource *self,
                            GError     **error)
{
  if (++self->records > self->caps.max_records)
    {
      xmlNodePtr current = xmlTextReaderCurrentNode (self->reader);

      self->error_line = current != NULL ? vj_xml_line (current) : 0;
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("The feed has more records than the limit of %1$u (line %2$u). "
                     "Nothing was imported."),
                   self->caps.max_records, self->error_line);
      return FALSE;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                           _("The import was cancelled."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vj_xml_is (xmlNodePtr  node,
           const char *ns,
           const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (name != NULL && g_strcmp0 ((const char *) node->name, name) != 0)
    return FALSE;
  if (ns == NULL)
    return TRUE;
  return node->ns != NULL && g_strcmp0 ((const char *) node->ns->href, ns) == 0;
}

/**
 * vj_xml_text:
 *
 * Returns: (nullable): the element's text, white space folded, or %NULL when empty
 */
char *
vj_xml_text (xmlNodePtr node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;
  content = xmlNodeGetContent (node);
  text = vj_text_squash_whitespace ((const char *) content);
  xmlFree (content);
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

char *
vj_xml_child_text (xmlNodePtr  parent,
                   const char *ns,
                   const char *name)
{
  for (xmlNodePtr child = parent != NULL ? parent->children : NULL; child; child = child->next)
    if (vj_xml_is (child, ns, name))
      return vj_xml_text (child);
  return NULL;
}

char *
vj_xml_attr (xmlNodePtr  node,
             const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *text;

  if (value == NULL)
    return NULL;
  text = vj_text_squash_whitespace ((const char *) value);
  xmlFree (value);
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

guint
vj_xml_line (xmlNodePtr node)
{
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  return line > 0 ? (guint) line : 0;
}
