#pragma once

#include <gio/gio.h>

#include "vj-csv.h"
#include "vj-xml-source.h"

G_BEGIN_DECLS

/* A public table as a feed: an XLSX spreadsheet's first sheet (vj-xlsx.h), or delimited text (`;` or `,`) in UTF-8 with or without a BOM,
 * UTF-16 with a BOM (as STIL exports the institution register) or Windows-1252, its format
 * found from its header row. Read whole, under a byte cap, with progress and cancel. */

typedef struct _VjTableSource VjTableSource;

gboolean       vj_table_source_sniff         (GFile              *file,
                                              GCancellable       *cancellable,
                                              gboolean           *is_table,
                                              GError            **error);
VjTableSource *vj_table_source_open          (GFile              *file,
                                              guint64             max_bytes,
                                              GCancellable       *cancellable,
                                              VjXmlProgressFunc   progress,
                                              gpointer            progress_data,
                                              GError            **error);
VjTableSource *vj_table_source_open_head     (GFile              *file,
                                              GCancellable       *cancellable,
                                              GError            **error);
void           vj_table_source_free          (VjTableSource      *source);
gboolean       vj_table_source_find_header   (VjTableSource      *source,
                                              const char * const *columns);
char         **vj_table_source_missing_columns (VjTableSource    *source,
                                              const char * const *columns,
                                              guint              *n_found);
int            vj_table_source_column        (VjTableSource      *source,
                                              const char         *name);
guint          vj_table_source_n_rows        (VjTableSource      *source);
VjCsvRow      *vj_table_source_row           (VjTableSource      *source,
                                              guint               index);
guint          vj_table_source_first_row     (VjTableSource      *source);
const char    *vj_table_source_field         (VjTableSource      *source,
                                              VjCsvRow           *row,
                                              int                 column);
GCancellable  *vj_table_source_get_cancellable (VjTableSource    *source);
gboolean       vj_table_source_was_utf16     (VjTableSource      *source);
gboolean       vj_table_source_was_xlsx      (VjTableSource      *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjTableSource, vj_table_source_free)

G_END_DECLS
