#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CSV as Danish spreadsheets write it: `;` or `,`, UTF-8 with or without a BOM, or
 * Windows-1252 (decided per record); quoted fields may hold the delimiter, quotes ("") and line
 * breaks. A record that cannot be read whole is returned with its problem, never dropped. */

/* Caps against a file that would fill the memory: a longer field or record is a problem */
#define VJ_CSV_MAX_FIELD  (64 * 1024)
#define VJ_CSV_MAX_RECORD (1024 * 1024)

typedef enum
{
  VJ_CSV_OK,
  VJ_CSV_NUL,                /* a NUL byte */
  VJ_CSV_UNTERMINATED_QUOTE, /* a quote opened and never closed */
  VJ_CSV_TEXT_AFTER_QUOTE,   /* a closing quote followed by more than a delimiter */
  VJ_CSV_FIELD_TOO_LONG,     /* a field over VJ_CSV_MAX_FIELD bytes */
  VJ_CSV_RECORD_TOO_LONG,    /* a record over VJ_CSV_MAX_RECORD bytes */
} VjCsvProblem;

typedef struct
{
  guint         row;       /* the record's number: the header is 1, blank lines not counted */
  guint         line;      /* the line in the file where the record starts */
  GPtrArray    *fields;    /* char *, UTF-8 (empty when problem is set) */
  VjCsvProblem  problem;
  gboolean      windows_1252; /* this record's bytes were not UTF-8 */
} VjCsvRow;

typedef struct
{
  GPtrArray *rows;          /* VjCsvRow, the header first */
  char       delimiter;
  gboolean   windows_1252;  /* the whole file was read as Windows-1252 */
  gboolean   mixed;         /* UTF-8 with some records in Windows-1252 (those say so) */
} VjCsvFile;

void       vj_csv_row_free       (VjCsvRow    *row);
void       vj_csv_file_free      (VjCsvFile   *file);
VjCsvFile *vj_csv_read           (const char  *data,
                                  gsize        length);
char       vj_csv_detect_delimiter (const char *data,
                                    gsize       length);
char      *vj_csv_unneutralise   (const char  *value);
void       vj_csv_append_field   (GString     *out,
                                  const char  *value,
                                  char         delimiter);
void       vj_csv_append_row     (GString     *out,
                                  const char * const *fields,
                                  guint        n_fields,
                                  char         delimiter);

#define VJ_CSV_BOM "\xEF\xBB\xBF"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjCsvRow, vj_csv_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjCsvFile, vj_csv_file_free)

G_END_DECLS
