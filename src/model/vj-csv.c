#define G_LOG_DOMAIN "vj-csv"

#include "config.h"

#include <string.h>

#include "vj-csv.h"

void
vj_csv_row_free (VjCsvRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->fields);
  g_free (row);
}

/**
 * vj_csv_to_utf8:
 * @was_windows_1252: (out) (optional): whether the text was not UTF-8
 *
 * Returns: (transfer full): @data as UTF-8 without a BOM: UTF-8 is taken as it is, anything
 *   else is read as Windows-1252 (what Excel writes on a Danish Windows)
 */
char *
vj_csv_to_utf8 (const char *data,
                gsize       length,
                gboolean   *was_windows_1252)
{
  char *text;

  if (length >= 3 && memcmp (data, VJ_CSV_BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (was_windows_1252 != NULL)
    *was_windows_1252 = FALSE;
  if (g_utf8_validate_len (data, length, NULL) && memchr (data, '\0', length) == NULL)
    return g_strndup (data, length);

  text = g_convert (data, (gssize) length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (text == NULL)
    /* Bytes Windows-1252 leaves undefined: ISO-8859-1 maps every byte */
    text = g_convert (data, (gssize) length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (was_windows_1252 != NULL)
    *was_windows_1252 = TRUE;
  return text;
}

/* Returns: ';' or ',', whichever the first line (outside quotes) has more of; ';' on a tie */
char
vj_csv_detect_delimiter (const char *text)
{
  guint semicolons = 0, commas = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ';')
        semicolons++;
      else if (!quoted && *p == ',')
        commas++;
    }
  return commas > semicolons ? ',' : ';';
}

/**
 * vj_csv_parse:
 *
 * Returns: (transfer full) (element-type VjCsvRow): every row, the header first; rows with
 *   nothing in them are left out
 */
GPtrArray *
vj_csv_parse (const char *text,
              char        delimiter)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_csv_row_free);
  GString *field = g_string_new (NULL);
  VjCsvRow *row = NULL;
  gboolean quoted = FALSE, was_quoted = FALSE;
  guint line = 1, row_number = 0;
  const char *p = text;

  for (;;)
    {
      char c = *p;

      if (row == NULL)
        {
          row = g_new0 (VjCsvRow, 1);
          row->fields = g_ptr_array_new_with_free_func (g_free);
          row->line = line;
          row->row = ++row_number;
        }

      if (quoted)
        {
          if (c == '\0')
            quoted = FALSE;  /* an unclosed quote ends with the file */
          else if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              p++;
              continue;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
              p++;
              continue;
            }
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          p++;
        }
      else if (c == delimiter)
        {
          g_ptr_array_add (row->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          p++;
        }
      else if (c == '\r' || c == '\n' || c == '\0')
        {
          gboolean empty;

          g_ptr_array_add (row->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          empty = row->fields->len == 1 && *(char *) row->fields->pdata[0] == '\0';
          if (empty)
            {
              vj_csv_row_free (row);
              row_number--;
            }
          else
            g_ptr_array_add (rows, row);
          row = NULL;
          if (c == '\0')
            break;
          if (c == '\r' && p[1] == '\n')
            p++;
          p++;
          line++;
        }
      else
        {
          g_string_append_c (field, c);
          p++;
        }
    }

  g_string_free (field, TRUE);
  return rows;
}

/* Appends @value, quoted when it holds the delimiter, a quote, a line break or edge spaces */
void
vj_csv_append_field (GString    *out,
                     const char *value,
                     char        delimiter)
{
  gsize len;

  if (value == NULL)
    return;
  len = strlen (value);
  if (strchr (value, delimiter) == NULL && strpbrk (value, "\"\r\n") == NULL &&
      (len == 0 || (value[0] != ' ' && value[len - 1] != ' ')))
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
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
