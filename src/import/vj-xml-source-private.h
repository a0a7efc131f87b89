#pragma once

#include <libxml/xmlreader.h>

#include "vj-xml-source.h"

G_BEGIN_DECLS

/* Shared by vj-xml-stream.c (opening, the stream under the parser) and vj-xml-source.c
 * (moving through the feed, and failing well). */

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

void _vj_xml_init                   (void);
void _vj_xml_source_report_progress (VjXmlSource *self,
                                     gboolean     force);

G_END_DECLS
