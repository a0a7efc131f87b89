#define G_LOG_DOMAIN "vj-table-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-table-source.h"
#include "vj-xlsx.h"

/* Reads a public table whole: a few megabytes (the register is 1.5 MB, KOT's cut-offs 2.2 MB),
 * so a cap of a quarter of a gigabyte is far above any real table and far below harm. */

struct _VjTableSource
{
  GPtrArray    *rows;        /* VjCsvRow */
  guint         header;      /* index of the header row in rows */
  GHashTable   *columns;     /* column name → index + 1 */
  GCancellable *cancellable;
  gboolean      utf16;
  gboolean      xlsx;
};

#define READ_CHUNK 65536
#define HEAD_BYTES 65536
/* The first rows of a spreadsheet, and the most unpacked to find them (its shared text too) */
#define HEAD_ROWS 64
#define VJ_TABLE_SOURCE_HEAD_XLSX_BYTES (G_GUINT64_CONSTANT (64) << 20)

/**
 * vj_table_source_sniff:
 * @is_table: (out): whether the file looks like a delimited table
 *
 * Looks at the first bytes only: a zip archive (an XLSX spreadsheet, read by vj-xlsx.c), UTF-16
 * with a BOM, or text without control characters whose first line has a `;` or a `,` and does
 * not begin with `<`. XML, gzip, pictures and noise are not tables (the XML reader then says
 * what they are).
 */
gboolean
vj_table_source_sniff (GFile         *file,
                       GCancellable  *cancellable,
                       gboolean      *is_table,
                       GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  guchar buf[4096];
  gsize n = 0;
  gsize i = 0;
  gboolean delimiter = FALSE;

  *is_table = FALSE;
  if (stream == NULL)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buf, sizeof buf, &n, cancellable,
                                error))
    return FALSE;
  if (vj_xlsx_is_zip (buf, n))
    {
      *is_table = TRUE;
      return TRUE;
    }
  if (n >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) || (buf[0] == 0xfe && buf[1] == 0xff)))
    {
      /* UTF-16: the first character that is not white space */
      for (i = 2; i + 1 < n; i += 2)
        {
          guint c = buf[0] == 0xff ? buf[i] | (buf[i + 1] << 8) : (buf[i] << 8) | buf[i + 1];

          if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xfeff)
            continue;
          *is_table = c != '<';
          break;
        }
      return TRUE;
    }
  if (n >= 3 && memcmp (buf, VJ_CSV_BOM, 3) == 0)
    i = 3;
  while (i < n && g_ascii_isspace (buf[i]))
    i++;
  if (i >= n || buf[i] == '<')
    return TRUE;
  for (gsize j = i; j < n; j++)
    {
      if (buf[j] == '\n')
        break;
      if (buf[j] < 0x20 && buf[j] != '\t' && buf[j] != '\r')
        return TRUE;
      delimiter |= buf[j] == ';' || buf[j] == ',';
    }
  for (gsize j = i; j < n; j++)
    if (buf[j] < 0x20 && buf[j] != '\t' && buf[j] != '\r' && buf[j] != '\n')
      return TRUE;
  *is_table = delimiter;
  return TRUE;
}

static char *
decode (const char *data,
        gsize       length,
        gboolean   *utf16,
        GError    **error)
{
  const char *from = NULL;

  *utf16 = FALSE;
  if (length >= 2 && (guchar) data[0] == 0xff && (guchar) data[1] == 0xfe)
    from = "UTF-16LE";
  else if (length >= 2 && (guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)
    from = "UTF-16BE";
  else if (length >= 4 && data[0] != '\0' && data[1] == '\0' && data[3] == '\0')
    from = "UTF-16LE";  /* no BOM, but every other byte zero */

  if (from != NULL)
    {
      gsize skip = ((guchar) data[0] == 0xff || (guchar) data[0] == 0xfe) ? 2 : 0;
      char *text = g_convert (data + skip, (gssize) ((length - skip) & ~(gsize) 1), "UTF-8",
                              from, NULL, NULL, NULL);

      *utf16 = TRUE;
      if (text == NULL)
        g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                             _("The table is not valid UTF-16. Nothing was imported."));
      return text;
    }
  /* UTF-8 or Windows-1252, which the CSV reader decides per record */
  return g_memdup2 (data, length);
}

/* Cuts a head read to its last whole line, so no record or character is split in the middle:
 * a line break is "\n", or "\n\0" / "\0\n" at an even offset in UTF-16 with its BOM. */
static gsize
head_length (const guchar *data,
             gsize         length)
{
  gboolean le = length >= 2 && data[0] == 0xff && data[1] == 0xfe;
  gboolean be = length >= 2 && data[0] == 0xfe && data[1] == 0xff;

  if (le || be)
    {
      for (gsize i = (length & ~(gsize) 1); i >= 4; i -= 2)
        if ((le && data[i - 2] == '\n' && data[i - 1] == '\0') ||
            (be && data[i - 2] == '\0' && data[i - 1] == '\n'))
          return i;
      return length;
    }
  for (gsize i = length; i > 0; i--)
    if (data[i - 1] == '\n')
      return i;
  return length;
}

/* Whether the file begins as a zip archive does */
static gboolean
is_zip (GFile         *file,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  guchar head[4];
  gsize n = 0;

  return stream != NULL &&
         g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable,
                                  NULL) &&
         vj_xlsx_is_zip (head, n);
}

/* An XLSX spreadsheet: its first sheet's rows, all of them or the first HEAD_ROWS */
static VjTableSource *
open_xlsx (VjTableSource     *source,
           GFile             *file,
           guint64            max_bytes,
           gboolean           head_only,
           VjXmlProgressFunc  progress,
           gpointer           progress_data,
           GError           **error)
{
  g_autoptr(VjTableSource) owned = source;

  source->xlsx = TRUE;
  source->rows = vj_xlsx_read_rows (file, max_bytes, head_only ? HEAD_ROWS : 0,
                                    source->cancellable, progress, progress_data, error);
  if (source->rows == NULL)
    return NULL;
  if (source->rows->len == 0)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY,
                           _("The spreadsheet's first sheet is empty. Nothing was imported."));
      return NULL;
    }
  return g_steal_pointer (&owned);
}

/* Reads the file whole under @max_bytes, or only its first @max_bytes when @head_only */
static VjTableSource *
open_table (GFile             *file,
            guint64            max_bytes,
            gboolean           head_only,
            GCancellable      *cancellable,
            VjXmlProgressFunc  progress,
            gpointer           progress_data,
            GError           **error)
{
  g_autoptr(VjTableSource) source = g_new0 (VjTableSource, 1);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *text = NULL;
  guint64 total = 0;
  gboolean cut = FALSE;
  guchar *chunk = g_malloc (READ_CHUNK);

  source->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  if (is_zip (file, cancellable, NULL))
    {
      g_free (chunk);
      return open_xlsx (g_steal_pointer (&source), file,
                        head_only ? VJ_TABLE_SOURCE_HEAD_XLSX_BYTES : max_bytes, head_only,
                        progress, progress_data, error);
    }
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      g_free (chunk);
      return NULL;
    }
  if (!head_only)
    {
      info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
      if (info == NULL)
        info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                  NULL, NULL);
      if (info != NULL)
        total = (guint64) g_file_info_get_size (info);
    }

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, READ_CHUNK, cancellable,
                                      error);

      if (n < 0)
        {
          g_free (chunk);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (bytes, chunk, (guint) n);
      if (head_only && bytes->len >= max_bytes)
        {
          cut = TRUE;
          break;
        }
      if (bytes->len > max_bytes)
        {
          g_free (chunk);
          /* Translators: %s is a size such as "256 MB" */
          g_autofree char *cap = g_format_size (max_bytes);
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                       _("The table is larger than %s. Nothing was imported."), cap);
          return NULL;
        }
      if (progress != NULL)
        progress (bytes->len, total, progress_data);
    }
  g_free (chunk);
  if (cut)
    g_byte_array_set_size (bytes, (guint) head_length (bytes->data, bytes->len));

  text = decode ((const char *) bytes->data, bytes->len, &source->utf16, error);
  if (text == NULL)
    return NULL;
  {
    g_autoptr(VjCsvFile) csv = vj_csv_read (text, source->utf16 ? strlen (text) : bytes->len);

    source->rows = g_ptr_array_ref (csv->rows);
  }
  if (source->rows->len == 0)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY,
                           _("The table is empty. Nothing was imported."));
      return NULL;
    }
  return g_steal_pointer (&source);
}

VjTableSource *
vj_table_source_open (GFile             *file,
                      guint64            max_bytes,
                      GCancellable      *cancellable,
                      VjXmlProgressFunc  progress,
                      gpointer           progress_data,
                      GError           **error)
{
  return open_table (file, max_bytes, FALSE, cancellable, progress, progress_data, error);
}

/**
 * vj_table_source_open_head:
 *
 * Reads only the table's first lines (up to 64 KiB, cut at a line break; a spreadsheet's first
 * 64 rows): enough to find its
 * header and format, e.g. to learn which source and version a built-in table is without
 * reading megabytes of rows. Its rows after the header are a sample, not the table.
 */
VjTableSource *
vj_table_source_open_head (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return open_table (file, HEAD_BYTES, TRUE, cancellable, NULL, NULL, error);
}

void
vj_table_source_free (VjTableSource *source)
{
  if (source == NULL)
    return;
  g_clear_pointer (&source->rows, g_ptr_array_unref);
  g_clear_pointer (&source->columns, g_hash_table_unref);
  g_clear_object (&source->cancellable);
  g_free (source);
}

/**
 * vj_table_source_find_header:
 * @columns: the names a header must have, %NULL-terminated
 *
 * Looks for the header among the first rows (KOT's tables have a title above it).
 *
 * Returns: whether a row with every one of @columns was found; it is then the header
 */
gboolean
vj_table_source_find_header (VjTableSource      *source,
                             const char * const *columns)
{
  for (guint r = 0; r < MIN (source->rows->len, 10); r++)
    {
      VjCsvRow *row = g_ptr_array_index (source->rows, r);
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean all = TRUE;

      for (guint i = 0; i < row->fields->len; i++)
        {
          char *name = g_ptr_array_index (row->fields, i);

          g_strstrip (name);
          if (!g_hash_table_contains (names, name))
            g_hash_table_insert (names, name, GUINT_TO_POINTER (i + 1));
        }
      for (guint i = 0; all && columns[i] != NULL; i++)
        all = g_hash_table_contains (names, columns[i]);
      if (all)
        {
          source->header = r;
          g_clear_pointer (&source->columns, g_hash_table_unref);
          source->columns = g_steal_pointer (&names);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * vj_table_source_missing_columns:
 * @columns: the names a header must have, %NULL-terminated
 * @n_found: (out): how many of them the closest row has
 *
 * Of the first rows, the one with the most of @columns: which it lacks. For saying what is
 * wrong with a table that is nearly one the app reads.
 *
 * Returns: (transfer full): the names missing from that row, %NULL-terminated
 */
char **
vj_table_source_missing_columns (VjTableSource      *source,
                                 const char * const *columns,
                                 guint              *n_found)
{
  g_autoptr(GStrvBuilder) missing = NULL;
  int best = -1;

  *n_found = 0;
  for (guint r = 0; r < MIN (source->rows->len, 10); r++)
    {
      VjCsvRow *row = g_ptr_array_index (source->rows, r);
      guint found = 0;

      for (guint i = 0; columns[i] != NULL; i++)
        for (guint j = 0; j < row->fields->len; j++)
          if (g_strcmp0 (g_strstrip ((char *) g_ptr_array_index (row->fields, j)),
                         columns[i]) == 0)
            {
              found++;
              break;
            }
      if (best < 0 || found > *n_found)
        {
          best = (int) r;
          *n_found = found;
        }
    }
  missing = g_strv_builder_new ();
  for (guint i = 0; columns[i] != NULL; i++)
    {
      VjCsvRow *row = best >= 0 ? g_ptr_array_index (source->rows, best) : NULL;
      gboolean has = FALSE;

      for (guint j = 0; row != NULL && !has && j < row->fields->len; j++)
        has = g_strcmp0 (g_ptr_array_index (row->fields, j), columns[i]) == 0;
      if (!has)
        g_strv_builder_add (missing, columns[i]);
    }
  return g_strv_builder_end (missing);
}

/* Returns: the index of the column @name in the header, or -1 */
int
vj_table_source_column (VjTableSource *source,
                        const char    *name)
{
  gpointer value = source->columns != NULL ? g_hash_table_lookup (source->columns, name) : NULL;

  return value != NULL ? (int) GPOINTER_TO_UINT (value) - 1 : -1;
}

guint
vj_table_source_n_rows (VjTableSource *source)
{
  return source->rows->len;
}

/* The first row after the header */
guint
vj_table_source_first_row (VjTableSource *source)
{
  return source->header + 1;
}

VjCsvRow *
vj_table_source_row (VjTableSource *source,
                     guint          index)
{
  return g_ptr_array_index (source->rows, index);
}

/* Returns: the field with white space trimmed (in place), or %NULL when it is empty or the
 *   row is shorter */
const char *
vj_table_source_field (VjTableSource *source,
                       VjCsvRow      *row,
                       int            column)
{
  char *value;

  if (column < 0 || (guint) column >= row->fields->len)
    return NULL;
  value = g_strstrip ((char *) g_ptr_array_index (row->fields, column));
  return *value != '\0' ? value : NULL;
}

GCancellable *
vj_table_source_get_cancellable (VjTableSource *source)
{
  return source->cancellable;
}

gboolean
vj_table_source_was_utf16 (VjTableSource *source)
{
  return source->utf16;
}

/* Whether the table was an XLSX spreadsheet's first sheet */
gboolean
vj_table_source_was_xlsx (VjTableSource *source)
{
  return source->xlsx;
}
