#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CSV as Danish spreadsheets write it: `;` or `,`, UTF-8 with or without a BOM, or
 * Windows-1252; quoted fields may hold the delimiter, quotes ("") and line breaks. */

typedef struct
{
  guint       row;     /* as a spreadsheet numbers it: the header is row 1 */
  guint       line;    /* the line in the file where the row starts */
  GPtrArray  *fields;  /* char *, UTF-8 */
} VjCsvRow;

void       vj_csv_row_free       (VjCsvRow    *row);
char      *vj_csv_to_utf8        (const char  *data,
                                  gsize        length,
                                  gboolean    *was_windows_1252);
char       vj_csv_detect_delimiter (const char *text);
GPtrArray *vj_csv_parse          (const char  *text,
                                  char         delimiter);
void       vj_csv_append_field   (GString     *out,
                                  const char  *value,
                                  char         delimiter);
void       vj_csv_append_row     (GString     *out,
                                  const char * const *fields,
                                  guint        n_fields,
                                  char         delimiter);

#define VJ_CSV_BOM "\xEF\xBB\xBF"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjCsvRow, vj_csv_row_free)

G_END_DECLS
