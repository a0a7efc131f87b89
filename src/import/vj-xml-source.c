#define G_LOG_DOMAIN "vj-xml-source"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>

#include "vj-text.h"
#include "vj-xml-source-private.h"

/* Moving through a feed one record at a time, with a clear stop at any DTD or entity
 * reference, and its first problem said in our words. Memory stays one record's size: the
 * readers expand one record, read it, and move on. vj-xml-stream.c opens the feed. */

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
      g_autofree char *size = g_format_size (self->caps.max_text);

      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                   _("A text on line %1$u is longer than the limit of %2$s. "
                     "Nothing was imported."),
                   self->parse_line, size);
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
  _vj_xml_source_report_progress (self, TRUE);
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
  _vj_xml_source_report_progress (self, TRUE);
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
          g_autofree char *size = g_format_size (self->caps.max_text);

          self->error_line = vj_xml_line (child->parent);
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                       _("A text on line %1$u is longer than the limit of %2$s. "
                         "Nothing was imported."),
                       vj_xml_line (child->parent), size);
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
