#define G_LOG_DOMAIN "fuzz-xlsx"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "vj-csv.h"
#include "vj-fuzz.h"
#include "vj-xlsx.h"

/* What `vejviser-cli import FILE.xlsx` does with a spreadsheet before any row reaches a table
 * reader: the zip (libarchive), the workbook, the shared text and the first sheet (libxml2),
 * under a cap of 16 MiB unpacked. Properties: it ends with rows or an error in UTF-8; rows are
 * numbered 1, 2, 3…, their lines (the sheet's row numbers) from 1, their fields UTF-8 and
 * within the column cap; a row with a problem has no fields. */

static char *xlsx_path;

static void
remove_xlsx (void)
{
  g_autofree char *dir = g_path_get_dirname (xlsx_path);

  g_unlink (xlsx_path);
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (xlsx_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("vejviser-fuzz-XXXXXX", NULL);

      g_assert (dir != NULL);
      xlsx_path = g_build_filename (dir, "table.xlsx", NULL);
      atexit (remove_xlsx);
    }
  if (!g_file_set_contents (xlsx_path, (const char *) data, (gssize) size, NULL))
    g_error ("Could not write %s", xlsx_path);
  file = g_file_new_for_path (xlsx_path);

  rows = vj_xlsx_read_rows (file, 16 << 20, 0, NULL, NULL, NULL, &error);
  if (rows == NULL)
    {
      g_assert (error != NULL);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert (error == NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      VjCsvRow *row = rows->pdata[i];

      g_assert_cmpuint (row->row, ==, i + 1);
      g_assert_cmpuint (row->line, >=, 1);
      g_assert_cmpuint (row->fields->len, <=, VJ_XLSX_MAX_COLUMNS);
      if (row->problem != VJ_CSV_OK)
        g_assert_cmpuint (row->fields->len, ==, 0);
      for (guint j = 0; j < row->fields->len; j++)
        g_assert (g_utf8_validate (row->fields->pdata[j], -1, NULL));
    }
  return 0;
}
