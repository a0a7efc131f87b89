#define G_LOG_DOMAIN "vj-csv"

#include "config.h"

#include <string.h>

#include "vj-csv.h"

/* Reading: the bytes are split into records first (the delimiter, quotes and line breaks are
 * ASCII in UTF-8 and Windows-1252 alike), then each record's encoding is decided. Nothing is
 * dropped without a word: a NUL byte, a quote that never closes, a quoted field spanning lines
 * and closed by what is plainly the next record's quote, a field over 64 KiB or a record over
 * 1 MiB make the record a problem, returned with its number; reading goes on with the next
 * line, so one broken record never swallows the rest.
 *
 * Writing: a cell a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a
 * carriage return) is written with a single quote before it, as OWASP's advice on CSV
 * injection has it; so is one already beginning with quotes followed by such a character, so
 * that vj_csv_unneutralise () can take exactly one quote off again on import. */

void
vj_csv_row_free (VjCsvRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->fields);
  g_free (row);
}

void
vj_csv_file_free (VjCsvFile *file)
{
  if (file == NULL)
    return;
  g_ptr_array_unref (file->rows);
  g_free (file);
}

/* Returns: ';' or ',', whichever the first line (outside quotes) has more of; ';' on a tie */
char
vj_csv_detect_delimiter (const char *data,
                         gsize       length)
{
  guint semicolons = 0, commas = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted && c == ';')
        semicolons++;
      else if (!quoted && c == ',')
        commas++;
    }
  return commas > semicolons ? ',' : ';';
}

typedef struct
{
  const char   *data;
  gsize         length;
  gsize         pos;
  guint         line;
  char          delimiter;
} Reader;

typedef struct
{
  GPtrArray    *fields;   /* GString */
  guint         line;
  VjCsvProblem  problem;
  gsize         size;
  gboolean      utf8;     /* every field valid UTF-8 */
} RawRecord;

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

static void
raw_add_byte (RawRecord *rec,
              GString   *field,
              char       c)
{
  if (c == '\0' && rec->problem == VJ_CSV_OK)
    rec->problem = VJ_CSV_NUL;
  rec->size++;
  if (rec->size > VJ_CSV_MAX_RECORD)
    {
      if (rec->problem == VJ_CSV_OK)
        rec->problem = VJ_CSV_RECORD_TOO_LONG;
      return;
    }
  if (field->len >= VJ_CSV_MAX_FIELD)
    {
      if (rec->problem == VJ_CSV_OK)
        rec->problem = VJ_CSV_FIELD_TOO_LONG;
      return;
    }
  g_string_append_c (field, c);
}

/* Skips to the start of the line after the one at @pos */
static void
skip_line (Reader *r,
           gsize   pos,
           guint   line)
{
  while (pos < r->length && r->data[pos] != '\n' && r->data[pos] != '\r')
    pos++;
  if (pos < r->length && r->data[pos] == '\r' && pos + 1 < r->length && r->data[pos + 1] == '\n')
    pos++;
  if (pos < r->length)
    pos++;
  r->pos = pos;
  r->line = line + 1;
}

/* Reads one record from r->pos; FALSE at the end of the data */
static gboolean
read_record (Reader    *r,
             RawRecord *rec)
{
  GString *field;

  if (r->pos >= r->length)
    return FALSE;

  rec->fields = g_ptr_array_new_with_free_func (string_free);
  rec->line = r->line;
  rec->problem = VJ_CSV_OK;
  rec->size = 0;
  field = g_string_new (NULL);
  g_ptr_array_add (rec->fields, field);

  for (;;)
    {
      char c;

      if (r->pos >= r->length)
        break;
      c = r->data[r->pos];

      if (c == '"' && field->len == 0)
        {
          /* A quoted field: to the closing quote */
          gsize open_pos = r->pos;
          guint open_line = r->line;
          gboolean closed = FALSE;

          r->pos++;
          while (r->pos < r->length)
            {
              c = r->data[r->pos];
              if (c == '"' && r->pos + 1 < r->length && r->data[r->pos + 1] == '"')
                {
                  raw_add_byte (rec, field, '"');
                  r->pos += 2;
                  continue;
                }
              if (c == '"')
                {
                  closed = TRUE;
                  r->pos++;
                  break;
                }
              if (c == '\n' || (c == '\r' && (r->pos + 1 >= r->length ||
                                              r->data[r->pos + 1] != '\n')))
                r->line++;
              raw_add_byte (rec, field, c);
              r->pos++;
            }
          if (!closed || (r->line > open_line && r->pos < r->length &&
                          r->data[r->pos] != r->delimiter && r->data[r->pos] != '\n' &&
                          r->data[r->pos] != '\r'))
            {
              /* Never closed, or spanning lines and closed by a quote that text follows
               * (the next record's opening quote): this record ends with the line the quote
               * opened on, and reading goes on after it */
              rec->problem = closed ? VJ_CSV_TEXT_AFTER_QUOTE : VJ_CSV_UNTERMINATED_QUOTE;
              skip_line (r, open_pos, open_line);
              return TRUE;
            }
          /* Text after a closing quote on the same line is kept, as spreadsheets do */
          continue;
        }

      if (c == r->delimiter)
        {
          field = g_string_new (NULL);
          g_ptr_array_add (rec->fields, field);
          r->pos++;
          rec->size++;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && r->pos + 1 < r->length && r->data[r->pos + 1] == '\n')
            r->pos++;
          r->pos++;
          r->line++;
          break;
        }
      else
        {
          raw_add_byte (rec, field, c);
          r->pos++;
        }
    }
  return TRUE;
}

static gboolean
record_is_blank (RawRecord *rec)
{
  return rec->problem == VJ_CSV_OK && rec->fields->len == 1 &&
         ((GString *) rec->fields->pdata[0])->len == 0;
}

static gboolean
has_high_bytes (const GString *s)
{
  for (gsize i = 0; i < s->len; i++)
    if ((guchar) s->str[i] >= 0x80)
      return TRUE;
  return FALSE;
}

static char *
from_windows_1252 (const GString *s)
{
  char *text = g_convert (s->str, (gssize) s->len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);

  if (text == NULL)
    /* Bytes Windows-1252 leaves undefined: ISO-8859-1 maps every byte */
    text = g_convert (s->str, (gssize) s->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return text != NULL ? text : g_strdup ("");
}

/**
 * vj_csv_read:
 * @data: the file's bytes (UTF-8 with or without a BOM, Windows-1252, or a mix)
 *
 * Returns: (transfer full): every record with its number, the header first; blank lines are
 *   left out and not counted. A record that cannot be read says so in its problem.
 */
VjCsvFile *
vj_csv_read (const char *data,
             gsize       length)
{
  VjCsvFile *file = g_new0 (VjCsvFile, 1);
  g_autoptr(GArray) raws = g_array_new (FALSE, FALSE, sizeof (RawRecord));
  Reader r = { data, length, 0, 1, ';' };
  RawRecord rec;
  guint utf8_high = 0, invalid = 0, number = 0;

  if (length >= 3 && memcmp (data, VJ_CSV_BOM, 3) == 0)
    r.pos = 3;
  file->delimiter = r.delimiter = vj_csv_detect_delimiter (data + r.pos, length - r.pos);
  file->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_csv_row_free);

  while (read_record (&r, &rec))
    {
      if (record_is_blank (&rec))
        {
          g_ptr_array_unref (rec.fields);
          continue;
        }
      rec.utf8 = TRUE;
      for (guint i = 0; i < rec.fields->len; i++)
        {
          GString *s = rec.fields->pdata[i];

          if (!g_utf8_validate_len (s->str, s->len, NULL))
            rec.utf8 = FALSE;
          else if (has_high_bytes (s))
            utf8_high++;
        }
      if (!rec.utf8)
        invalid++;
      g_array_append_val (raws, rec);
    }

  /* No record in UTF-8 beyond ASCII and some not UTF-8: a Windows-1252 file. Both: decided
   * per record. */
  file->windows_1252 = invalid > 0 && utf8_high == 0;
  file->mixed = invalid > 0 && utf8_high > 0;

  for (guint i = 0; i < raws->len; i++)
    {
      RawRecord *raw = &g_array_index (raws, RawRecord, i);
      VjCsvRow *row = g_new0 (VjCsvRow, 1);
      gboolean utf8 = raw->utf8;

      row->row = ++number;
      row->line = raw->line;
      row->problem = raw->problem;
      row->windows_1252 = !utf8;
      row->fields = g_ptr_array_new_with_free_func (g_free);
      if (row->problem == VJ_CSV_OK)
        for (guint j = 0; j < raw->fields->len; j++)
          {
            GString *s = raw->fields->pdata[j];

            g_ptr_array_add (row->fields, utf8 ? g_strndup (s->str, s->len)
                                               : from_windows_1252 (s));
          }
      g_ptr_array_unref (raw->fields);
      g_ptr_array_add (file->rows, row);
    }
  return file;
}

static gboolean
formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Whether @value would be taken for a formula: quotes, then a character that starts one */
static gboolean
needs_quote_prefix (const char *value)
{
  const char *p = value;

  while (*p == '\'')
    p++;
  return formula_start (*p);
}

/**
 * vj_csv_unneutralise:
 *
 * Returns: (transfer full): @value as it was before vj_csv_append_field () wrote it: one single
 *   quote taken off a value beginning with quotes and then =, +, -, @, a tab or a carriage
 *   return; any other value unchanged
 */
char *
vj_csv_unneutralise (const char *value)
{
  if (value != NULL && value[0] == '\'' && needs_quote_prefix (value))
    return g_strdup (value + 1);
  return g_strdup (value);
}

/* Appends @value, quoted when it holds the delimiter, a quote, a line break or edge spaces, and
 * with a single quote before it when a spreadsheet would take it for a formula */
void
vj_csv_append_field (GString    *out,
                     const char *value,
                     char        delimiter)
{
  gboolean prefix;
  gsize len;

  if (value == NULL)
    return;
  len = strlen (value);
  prefix = needs_quote_prefix (value);
  if (strchr (value, delimiter) == NULL && strpbrk (value, "\"\r\n") == NULL &&
      (len == 0 || (value[0] != ' ' && value[len - 1] != ' ')))
    {
      if (prefix)
        g_string_append_c (out, '\'');
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Appends one row and a CRLF, as spreadsheets expect */
void
vj_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields,
                   char                delimiter)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, delimiter);
      vj_csv_append_field (out, fields[i], delimiter);
    }
  g_string_append (out, "\r\n");
}
