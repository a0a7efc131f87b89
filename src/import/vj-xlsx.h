#pragma once

#include <gio/gio.h>

#include "vj-xml-source.h"

G_BEGIN_DECLS

/* An XLSX workbook (Office Open XML, as the ministry publishes KOT's tables) read as a table:
 * a zip (libarchive) of XML parts (libxml2's xmlTextReader, streaming, untrusted). */

/* The most cells across a row a sheet may fill; a public table has a few dozen */
#define VJ_XLSX_MAX_COLUMNS 1024

gboolean   vj_xlsx_is_zip    (const guchar      *head,
                              gsize              length);
GPtrArray *vj_xlsx_read_rows (GFile             *file,
                              guint64            max_bytes,
                              guint              max_rows,
                              GCancellable      *cancellable,
                              VjXmlProgressFunc  progress,
                              gpointer           progress_data,
                              GError           **error);

G_END_DECLS
