#define G_LOG_DOMAIN "fuzz-csv"

#include "config.h"

#include <string.h>

#include "vj-cpr.h"
#include "vj-csv.h"
#include "vj-dates.h"
#include "vj-fuzz.h"

/* What `vejviser-cli sessions import FILE.csv` does with a spreadsheet before any row reaches
 * the database: the records (with their problems), each record's encoding, the delimiter; each
 * field through the CPR detector and the Danish date parser. And properties: records are
 * numbered 1, 2, 3… with nothing dropped; a record without a problem is UTF-8 within the caps;
 * the records written back as CSV read as the same records. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(VjCsvFile) file = vj_csv_read ((const char *) data, size);
  g_autoptr(VjCsvFile) again = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint kept = 0;

  g_assert (file->delimiter == ';' || file->delimiter == ',');

  for (guint i = 0; i < file->rows->len; i++)
    {
      VjCsvRow *row = file->rows->pdata[i];

      g_assert_cmpuint (row->row, ==, i + 1);
      if (row->problem != VJ_CSV_OK)
        {
          g_assert_cmpuint (row->fields->len, ==, 0);
          continue;
        }
      for (guint j = 0; j < row->fields->len; j++)
        {
          const char *field = row->fields->pdata[j];
          g_autofree char *date = vj_date_parse_danish (field);
          g_autofree char *time = vj_time_parse (field);
          g_autofree char *clean = vj_cpr_remove (field);
          gsize start, end;

          g_assert (g_utf8_validate (field, -1, NULL));
          g_assert (!vj_cpr_contains (clean));
          if (vj_cpr_find (field, 0, &start, &end))
            g_assert (start < end && end <= strlen (field));
          g_assert (date == NULL || strlen (date) == 10);
          g_assert (time == NULL || strlen (time) == 5);
        }
      vj_csv_append_row (out, (const char * const *) row->fields->pdata, row->fields->len,
                         file->delimiter);
      kept++;
    }

  /* Written back and read again: the same fields, record by record */
  again = vj_csv_read (out->str, out->len);
  if (again->delimiter != file->delimiter)
    return 0;  /* a first record without any delimiter reads as ';' */
  g_assert_cmpuint (again->rows->len, ==, kept);
  for (guint i = 0, k = 0; i < file->rows->len; i++)
    {
      VjCsvRow *row = file->rows->pdata[i];
      VjCsvRow *other;

      if (row->problem != VJ_CSV_OK)
        continue;
      other = again->rows->pdata[k++];
      g_assert_cmpint (other->problem, ==, VJ_CSV_OK);
      g_assert_cmpuint (other->fields->len, ==, row->fields->len);
      for (guint j = 0; j < row->fields->len; j++)
        {
          g_autofree char *back = vj_csv_unneutralise (other->fields->pdata[j]);

          g_assert_cmpstr (back, ==, row->fields->pdata[j]);
        }
    }
  return 0;
}
