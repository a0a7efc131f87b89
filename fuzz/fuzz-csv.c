#define G_LOG_DOMAIN "fuzz-csv"

#include "config.h"

#include <string.h>

#include "vj-cpr.h"
#include "vj-csv.h"
#include "vj-dates.h"
#include "vj-fuzz.h"

/* What `vejviser-cli sessions import FILE.csv` does with a spreadsheet before any row reaches
 * the database: the bytes to UTF-8 (BOM, Windows-1252), the delimiter, the rows; each field
 * through the CPR detector and the Danish date parser. And a property: the rows written back
 * as CSV parse to the same rows. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = vj_csv_to_utf8 ((const char *) data, size, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  char delimiter;
  guint kept = 0;

  if (text == NULL)
    return 0;
  g_assert (g_utf8_validate (text, -1, NULL));
  delimiter = vj_csv_detect_delimiter (text);
  g_assert (delimiter == ';' || delimiter == ',');
  rows = vj_csv_parse (text, delimiter);

  for (guint i = 0; i < rows->len; i++)
    {
      VjCsvRow *row = rows->pdata[i];
      gboolean empty = row->fields->len == 1 && *(char *) row->fields->pdata[0] == '\0';

      for (guint j = 0; j < row->fields->len; j++)
        {
          const char *field = row->fields->pdata[j];
          g_autofree char *date = vj_date_parse_danish (field);
          g_autofree char *time = vj_time_parse (field);
          g_autofree char *clean = vj_cpr_remove (field);
          gsize start, end;

          g_assert (!vj_cpr_contains (clean));
          if (vj_cpr_find (field, 0, &start, &end))
            g_assert (start < end && end <= strlen (field));
          g_assert (date == NULL || strlen (date) == 10);
          g_assert (time == NULL || strlen (time) == 5);
        }
      if (empty)
        continue;
      vj_csv_append_row (out, (const char * const *) row->fields->pdata, row->fields->len,
                         delimiter);
      kept++;
    }

  /* Written back and read again: the same fields, row by row (a field holding only a
   * lone line break may start a row the writer quotes; empty rows are not rows) */
  again = vj_csv_parse (out->str, delimiter);
  g_assert_cmpuint (again->len, ==, kept);
  for (guint i = 0, k = 0; i < rows->len; i++)
    {
      VjCsvRow *row = rows->pdata[i];
      VjCsvRow *other;

      if (row->fields->len == 1 && *(char *) row->fields->pdata[0] == '\0')
        continue;
      other = again->pdata[k++];
      g_assert_cmpuint (other->fields->len, ==, row->fields->len);
      for (guint j = 0; j < row->fields->len; j++)
        g_assert_cmpstr (other->fields->pdata[j], ==, row->fields->pdata[j]);
    }
  return 0;
}
