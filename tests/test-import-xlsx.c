#define G_LOG_DOMAIN "test-import-xlsx"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "vj-csv.h"
#include "vj-db-feeds.h"
#include "vj-importer.h"
#include "vj-test-util.h"
#include "vj-xml-source.h"

/* KOT's tables as the ministry publishes them, XLSX spreadsheets: written here at test time
 * with libarchive's zip writer from the CSV excerpts of the real tables (tests/data/public/),
 * the way Excel writes them (numbers to 17 digits, text in the shared strings, the shared
 * strings after the sheet), and imported through the same code as the app and the CLI. A
 * damaged zip, a sheet without a column, a cell pointing past the shared text, a zip bomb and
 * a DTD each give a clear error and change nothing. */

typedef struct
{
  char *dir;
  char *path;
  VjDb *db;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vejviser-xlsx-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "vejviser.db", NULL);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  vj_db_close (fixture->db);
  g_clear_object (&fixture->db);
  vj_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* ----- writing an XLSX ----- */

typedef enum
{
  XLSX_PLAIN = 0,
  XLSX_DROP_COLUMN = 1 << 0,     /* the column named in drop left out */
  XLSX_BAD_SHARED = 1 << 1,      /* one cell points past the shared text */
  XLSX_INLINE = 1 << 2,          /* text of odd rows as inline strings */
  XLSX_DOCTYPE = 1 << 3,         /* the sheet with a DTD and an entity */
  XLSX_PADDING = 1 << 4,         /* 4 MiB of white space in the sheet */
  XLSX_NO_WORKBOOK = 1 << 5,
} XlsxFlags;

static void
add_entry (struct archive *archive,
           const char     *name,
           const char     *data,
           gsize           length)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_size (entry, (la_int64_t) length);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (archive, data, length), ==, (la_ssize_t) length);
  archive_entry_free (entry);
}

static gboolean
is_number (const char *text)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  g_ascii_strtod (text, &end);
  return *end == '\0';
}

/* The rows of a CSV file (as the table reader reads them) as an XLSX at @path */
static void
write_xlsx (const char *csv_path,
            const char *path,
            XlsxFlags   flags,
            const char *drop)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(VjCsvFile) csv = NULL;
  g_autoptr(GString) sheet = g_string_new (NULL);
  g_autoptr(GString) shared = g_string_new (NULL);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  struct archive *archive;
  int dropped = -1;

  g_assert_true (g_file_get_contents (csv_path, &text, &length, NULL));
  csv = vj_csv_read (text, length);

  g_string_append (sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
  if (flags & XLSX_DOCTYPE)
    g_string_append (sheet, "<!DOCTYPE worksheet [<!ENTITY kot \"KOT\">]>\n");
  g_string_append (sheet, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                          "2006/main\"><sheetData>");
  for (guint r = 0; r < csv->rows->len; r++)
    {
      VjCsvRow *row = g_ptr_array_index (csv->rows, r);
      guint column = 0;

      g_string_append_printf (sheet, "<row r=\"%u\">", row->line);
      for (guint c = 0; c < row->fields->len; c++)
        {
          const char *value = g_ptr_array_index (row->fields, c);
          char ref[8];

          if (r == 0 && g_strcmp0 (value, drop) == 0 && (flags & XLSX_DROP_COLUMN))
            dropped = (int) c;
          if ((int) c == dropped)
            continue;
          g_snprintf (ref, sizeof ref, "%c%u", 'A' + column++, row->line);
          if (*value == '\0')
            continue;
          if (is_number (value) && r > 0)
            {
              /* As Excel writes a number: 6.8 is 6.7999999999999998 */
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (sheet, "<c r=\"%s\" s=\"1\"><v>%s</v></c>", ref,
                                      g_ascii_formatd (buf, sizeof buf, "%.17g",
                                                       g_ascii_strtod (value, NULL)));
            }
          else if ((flags & XLSX_INLINE) && r % 2 == 1)
            {
              g_autofree char *escaped = g_markup_escape_text (value, -1);

              g_string_append_printf (sheet, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is>"
                                      "</c>", ref, escaped);
            }
          else
            {
              gpointer found = NULL;
              guint i;

              if (g_hash_table_lookup_extended (index, value, NULL, &found))
                i = GPOINTER_TO_UINT (found);
              else
                {
                  i = order->len;
                  g_ptr_array_add (order, g_strdup (value));
                  g_hash_table_insert (index, g_strdup (value), GUINT_TO_POINTER (i));
                }
              if ((flags & XLSX_BAD_SHARED) && r == 5 && c == 0)
                i = 100000;
              g_string_append_printf (sheet, "<c r=\"%s\" t=\"s\"><v>%u</v></c>", ref, i);
            }
        }
      /* A formatted cell without a value far to the right, as spreadsheets leave them */
      g_string_append_printf (sheet, "<c r=\"XFD%u\" s=\"2\"/>", row->line);
      g_string_append (sheet, "</row>");
      if ((flags & XLSX_DOCTYPE) && r == 1)
        g_string_append (sheet, "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>&kot;</t>"
                                "</is></c></row>");
    }
  if (flags & XLSX_PADDING)
    for (guint i = 0; i < 4096; i++)
      g_string_append_printf (sheet, "%1024s", "");
  g_string_append (sheet, "</sheetData></worksheet>\n");

  g_string_append_printf (shared, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"http:"
                                  "//schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                                  "count=\"%u\" uniqueCount=\"%u\">", order->len, order->len);
  for (guint i = 0; i < order->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (order, i), -1);

      if (i % 7 == 3)
        /* Rich text in runs, with a phonetic reading that is not part of the text */
        g_string_append_printf (shared, "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">%s"
                                "</t></r><r><t></t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>",
                                escaped);
      else
        g_string_append_printf (shared, "<si><t>%s</t></si>", escaped);
    }
  g_string_append (shared, "</sst>\n");

  archive = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);
#define ADD(name, literal) add_entry (archive, name, literal, strlen (literal))
  ADD ("[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats."
       "org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/"
       "xml\"/></Types>");
  ADD ("_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas."
       "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
       "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\""
       "xl/workbook.xml\"/></Relationships>");
  if (!(flags & XLSX_NO_WORKBOOK))
    {
      /* Two sheets: the table is the first in the workbook's order, its part named data.xml */
      ADD ("xl/workbook.xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"http://schemas."
           "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
           "openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
           "<sheet name=\"Grænsekvotienter\" sheetId=\"2\" r:id=\"rId7\"/>"
           "<sheet name=\"Noter\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
      ADD ("xl/_rels/workbook.xml.rels",
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas."
           "openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
           "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
           "2006/relationships/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
           "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
           "2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
           "</Relationships>");
    }
  ADD ("xl/worksheets/sheet1.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas."
       "openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" "
       "t=\"inlineStr\"><is><t>Kilde: UFM</t></is></c></row></sheetData></worksheet>");
  add_entry (archive, "xl/worksheets/data.xml", sheet->str, sheet->len);
  add_entry (archive, "xl/sharedStrings.xml", shared->str, shared->len);
#undef ADD
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  for (guint i = 0; i < order->len; i++)
    g_free (order->pdata[i]);
}

static char *
excerpt (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "public", name, NULL);
}

static VjImportReport *
import_path (Fixture              *fixture,
             const char           *path,
             const VjImportOptions *options,
             GError              **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return vj_import_file (fixture->db, file, "file", options, NULL, NULL, NULL, error);
}

typedef struct
{
  guint64 last;
  guint   calls;
  gboolean backwards;
  gboolean beyond;
} Progress;

static void
progress_cb (guint64  read,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  progress->backwards |= read < progress->last;
  progress->beyond |= total > 0 && read > total;
  progress->last = read;
  progress->calls++;
}

/* Everything the public tables put in the database, one line per row */
static char *
public_rows (Fixture *fixture)
{
  return vj_test_query_text (fixture->path,
                             "SELECT group_concat (x, char (10)) FROM ("
                             " SELECT key_kind || '|' || key || '|' || fact || '|' || year || '|'"
                             "   || coalesce (value, '-') || '|' || coalesce (reason, '-') AS x"
                             "  FROM public_fact"
                             " UNION ALL SELECT key_kind || '|' || key || '|' || title || '|'"
                             "   || coalesce (town, '-') FROM public_offer"
                             " ORDER BY 1);");
}

static char *
issues_text (GPtrArray *issues)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (issues, i);

      g_string_append_printf (out, "%u: %s\n", issue->line, issue->reason);
    }
  return g_string_free (out, FALSE);
}

/* The excerpt of KOT's cut-off grades as XLSX gives exactly what the CSV copy gives: the same
 * facts, offers and skipped rows (the sheet's row numbers are the CSV's lines) */
static void
test_same_as_csv (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "Grænsekvotienter.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) from_csv = NULL;
  g_autoptr(VjImportReport) from_xlsx = NULL;
  g_autofree char *csv_rows = NULL;
  g_autofree char *xlsx_rows = NULL;
  g_autofree char *csv_issues = NULL;
  g_autofree char *xlsx_issues = NULL;

  write_xlsx (csv, xlsx, XLSX_INLINE, NULL);

  from_csv = import_path (fixture, csv, NULL, &error);
  g_assert_no_error (error);
  csv_rows = public_rows (fixture);
  csv_issues = issues_text (from_csv->rejected);
  g_assert_cmpuint (from_csv->by_kind[VJ_IMPORT_KIND_FACT].added, >, 40);

  /* A database of its own for the spreadsheet */
  vj_db_close (fixture->db);
  g_clear_object (&fixture->db);
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GFile) file = g_file_new_for_path (xlsx);
    Progress progress = { 0 };

    from_xlsx = vj_import_file (fixture->db, file, "file", NULL, NULL, progress_cb, &progress,
                                &error);
    g_assert_no_error (error);
    /* The zip is read twice; the progress bar still only moves forward */
    g_assert_cmpuint (progress.calls, >, 0);
    g_assert_false (progress.backwards);
    g_assert_false (progress.beyond);
  }
  g_assert_cmpstr (from_xlsx->status, ==, "imported");
  g_assert_cmpstr (from_xlsx->format, ==, "kot-graensekvotienter");
  g_assert_cmpstr (from_xlsx->feed_id, ==, "public:kot");
  xlsx_rows = public_rows (fixture);
  xlsx_issues = issues_text (from_xlsx->rejected);
  g_assert_cmpstr (xlsx_rows, ==, csv_rows);
  g_assert_cmpstr (xlsx_issues, ==, csv_issues);
  g_assert_cmpuint (from_xlsx->by_kind[VJ_IMPORT_KIND_FACT].added, ==,
                    from_csv->by_kind[VJ_IMPORT_KIND_FACT].added);
  /* 6.8 stays 6.8, not 6.7999999999999998 */
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count(*) FROM public_fact WHERE key = '53130'"
                                      " AND year = 2009 AND value = 6.8;"), ==, 1);

  /* Through the command line as a user runs it */
  {
    int status = -1;
    g_autofree char *err = NULL;
    g_autofree char *out = vj_test_run_cli (fixture->path, &status, &err, "import", xlsx,
                                            "--json", NULL);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"format\" : \"kot-graensekvotienter\""));
  }
}

/* A bad spreadsheet after a good table: the error says what is wrong, the database keeps what
 * it had and the run is recorded as failed */
static void
assert_fails (Fixture       *fixture,
              const char    *xlsx,
              const VjImportOptions *options,
              int            code,
              const char    *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autofree char *before = public_rows (fixture);
  g_autofree char *after = NULL;
  gint64 runs = vj_test_query_int (fixture->path, "SELECT count(*) FROM import_run;");

  report = import_path (fixture, xlsx, options, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, code);
  if (g_test_verbose ())
    g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (report->status, ==, "failed");
  after = public_rows (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM import_run"
                                                     " WHERE status = 'failed';"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM import_run;"), ==,
                   runs + 1);
}

static void
import_csv_first (Fixture *fixture)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = import_path (fixture, csv, NULL, &error);

  g_assert_no_error (error);
}

static void
test_damaged_zip (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "damaged.xlsx", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_PLAIN, NULL);
  g_assert_true (g_file_get_contents (xlsx, &bytes, &length, NULL));
  /* Cut in the middle of the sheet: the central directory is gone and the sheet ends early */
  g_assert_true (g_file_set_contents (xlsx, bytes, (gssize) (length * 2 / 3), NULL));
  assert_fails (fixture, xlsx, NULL, VJ_IMPORT_ERROR_NOT_WELL_FORMED, "damaged");

  /* Noise after the zip's first bytes */
  memset (bytes + 4, 'x', length - 4);
  g_assert_true (g_file_set_contents (xlsx, bytes, (gssize) length, NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VjImportReport) report = import_path (fixture, xlsx, NULL, &error);

    g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
    g_assert_nonnull (strstr (error->message, "damaged"));
  }
}

static void
test_missing_column (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "missing.xlsx", NULL);

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_DROP_COLUMN, "graensekvotient_raw");
  assert_fails (fixture, xlsx, NULL, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
                "The table looks like KOT cut-off grades (UFM), but its header row has no "
                "column “graensekvotient_raw”. Nothing was imported.");

  /* The same for the CSV copy without two columns */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "missing.csv", NULL);

    g_assert_true (g_file_set_contents (path,
                                        "kot_nr;graensekvotient;graensekvotient_raw;x\n"
                                        "53130;6.8;6,8;y\n", -1, NULL));
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VjImportReport) report = import_path (fixture, path, NULL, &error);

      g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT);
      g_assert_cmpstr (error->message, ==, "The table looks like KOT cut-off grades (UFM), but "
                                           "its header row has no column “aar”, “udbud_titel”. "
                                           "Nothing was imported.");
    }
  }
}

static void
test_shared_string_out_of_range (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "shared.xlsx", NULL);

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_BAD_SHARED, NULL);
  assert_fails (fixture, xlsx, NULL, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                "cell A6 refers to shared text “100000”");
}

/* A sheet that unpacks to more than the cap stops at the cap, not in the memory */
static void
test_bomb (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "bomb.xlsx", NULL);
  VjImportOptions options = { 0 };
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (xlsx);

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_PADDING, NULL);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  /* 4 MiB of sheet in a few kilobytes of zip */
  g_assert_cmpint (g_file_info_get_size (info), <, 256 * 1024);
  options.max_bytes = 1 << 20;
  assert_fails (fixture, xlsx, &options, VJ_IMPORT_ERROR_CAP, "once unpacked");
}

static void
test_doctype (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "doctype.xlsx", NULL);

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_DOCTYPE, NULL);
  assert_fails (fixture, xlsx, NULL, VJ_IMPORT_ERROR_FORBIDDEN, "document type");
}

static void
test_not_a_spreadsheet (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *xlsx = g_build_filename (fixture->dir, "other.zip", NULL);

  import_csv_first (fixture);
  write_xlsx (csv, xlsx, XLSX_NO_WORKBOOK, NULL);
  assert_fails (fixture, xlsx, NULL, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT, "no workbook");
}

/* The rows of @csv_path whose year is in [@from, @to], @change applied to the row of KOT
 * number 53130 in @change_year (its cut-off becomes @grade), written as CSV to @path */
static void
write_years (const char *csv_path,
             const char *path,
             int         from,
             int         to,
             int         change_year,
             const char *grade)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(VjCsvFile) csv = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (g_file_get_contents (csv_path, &text, &length, NULL));
  csv = vj_csv_read (text, length);
  for (guint r = 0; r < csv->rows->len; r++)
    {
      VjCsvRow *row = g_ptr_array_index (csv->rows, r);
      int year;

      if (row->fields->len < 9)
        continue;
      year = atoi (g_ptr_array_index (row->fields, 2));
      if (r > 0 && (year < from || year > to))
        continue;
      if (year == change_year && g_strcmp0 (g_ptr_array_index (row->fields, 1), "53130") == 0)
        {
          g_free (row->fields->pdata[3]);
          row->fields->pdata[3] = g_strdup (grade);
        }
      vj_csv_append_row (out, (const char * const *) row->fields->pdata, row->fields->len, ';');
    }
  g_assert_true (g_file_set_contents (path, out->str, (gssize) out->len, NULL));
}

/* The cut-offs of a programme by year, as `vejviser-cli show ID --json` gives them */
static char *
cli_cutoffs (Fixture *fixture,
             gint64   programme)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, programme);
  g_autofree char *err = NULL;
  int status = -1;
  g_autofree char *out = vj_test_run_cli (fixture->path, &status, &err, "show", id, "--json",
                                          NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) years = g_string_new (NULL);
  JsonArray *offerings;

  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  offerings = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "offerings");
  for (guint i = 0; i < json_array_get_length (offerings); i++)
    {
      JsonObject *offering = json_array_get_object_element (offerings, i);
      JsonObject *facts;
      JsonArray *cutoffs;

      if (!json_object_has_member (offering, "facts"))
        continue;
      facts = json_object_get_object_member (offering, "facts");
      if (!json_object_has_member (facts, "cutoff"))
        continue;
      cutoffs = json_object_get_array_member (facts, "cutoff");
      for (guint j = 0; j < json_array_get_length (cutoffs); j++)
        {
          JsonObject *cutoff = json_array_get_object_element (cutoffs, j);

          g_string_append_printf (years, "%s%" G_GINT64_FORMAT "=%s", years->len > 0 ? " " : "",
                                  json_object_get_int_member (cutoff, "year"),
                                  json_object_get_string_member (cutoff, "text"));
        }
    }
  return g_string_free (g_steal_pointer (&years), FALSE);
}

#define ADMITTED "All qualified applicants admitted, places left"

/* Next year's table of the same source (here as the ministry's XLSX) adds its year and updates
 * what changed, keeps the older years, and is a new version in the import history; the same
 * table again changes nothing and says so */
static void
test_next_year (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *csv = excerpt ("kot-graensekvotienter-excerpt.csv");
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-public-keys.xml",
                                                 NULL);
  g_autofree char *reg = excerpt ("institutionsregister-excerpt.csv");
  g_autofree char *zoom = excerpt ("uddannelseszoom-excerpt.csv");
  g_autofree char *kot_2024 = g_build_filename (fixture->dir, "kot-2024.csv", NULL);
  g_autofree char *kot_2025_csv = g_build_filename (fixture->dir, "kot-2025.csv", NULL);
  g_autofree char *kot_2025 = g_build_filename (fixture->dir, "kot-2025.xlsx", NULL);
  g_autofree char *cutoffs = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  gint64 programme;
  const char *paths[] = { feed, reg, zoom };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VjImportReport) report = import_path (fixture, paths[i], NULL, &error);

      g_assert_no_error (error);
    }
  programme = vj_test_query_int (fixture->path, "SELECT id FROM programme WHERE title = 'Pædagog';");

  /* The 2024 table: 2023 and 2024 */
  write_years (csv, kot_2024, 2023, 2024, 0, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VjImportReport) report = import_path (fixture, kot_2024, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->status, ==, "imported");
    g_assert_cmpint (report->version, ==, 1);
  }
  cutoffs = cli_cutoffs (fixture, programme);
  g_assert_cmpstr (cutoffs, ==, "2023=" ADMITTED " 2024=" ADMITTED);
  g_clear_pointer (&cutoffs, g_free);

  /* The 2025 table as XLSX: 2025 added, 2024 corrected, 2023 kept */
  write_years (csv, kot_2025_csv, 2024, 2025, 2024, "5.7");
  write_xlsx (kot_2025_csv, kot_2025, XLSX_PLAIN, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VjImportReport) report = import_path (fixture, kot_2025, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->status, ==, "imported");
    g_assert_cmpstr (report->feed_id, ==, "public:kot");
    g_assert_cmpint (report->version, ==, 2);
    g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_FACT].updated, ==, 1);
    g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_FACT].added, >=, 1);
  }
  cutoffs = cli_cutoffs (fixture, programme);
  g_assert_cmpstr (cutoffs, ==, "2023=" ADMITTED " 2024=5,7 2025=" ADMITTED);

  /* The same table again: nothing changes, the report and the CLI say so */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VjImportReport) report = import_path (fixture, kot_2025, NULL, &error);
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    int status = -1;

    g_assert_no_error (error);
    g_assert_cmpstr (report->status, ==, "not-modified");
    g_assert_cmpint (report->version, ==, 2);
    g_assert_cmpuint (report->totals.added + report->totals.updated, ==, 0);
    out = vj_test_run_cli (fixture->path, &status, &err, "import", kot_2025, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "has not changed since the last import"));
  }
  g_clear_pointer (&cutoffs, g_free);
  cutoffs = cli_cutoffs (fixture, programme);
  g_assert_cmpstr (cutoffs, ==, "2023=" ADMITTED " 2024=5,7 2025=" ADMITTED);

  /* The history, as the Import page shows it: version 1, then 2, then 2 unchanged (twice) */
  runs = vj_db_list_import_runs (fixture->db, 4, NULL);
  g_assert_cmpuint (runs->len, ==, 4);
  {
    const char *statuses[] = { "not-modified", "not-modified", "imported", "imported" };
    gint64 versions[] = { 2, 2, 2, 1 };

    for (guint i = 0; i < 4; i++)
      {
        VjImportRun *run = g_ptr_array_index (runs, i);

        g_assert_cmpstr (run->status, ==, statuses[i]);
        g_assert_cmpint (run->version, ==, versions[i]);
        g_assert_cmpstr (run->source_title, ==, "KOT-grænsekvotienter (UFM)");
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/xlsx/same-as-csv", Fixture, NULL, setup, test_same_as_csv, teardown);
  g_test_add ("/import/xlsx/damaged-zip", Fixture, NULL, setup, test_damaged_zip, teardown);
  g_test_add ("/import/xlsx/missing-column", Fixture, NULL, setup, test_missing_column,
              teardown);
  g_test_add ("/import/xlsx/shared-string-out-of-range", Fixture, NULL, setup,
              test_shared_string_out_of_range, teardown);
  g_test_add ("/import/xlsx/bomb", Fixture, NULL, setup, test_bomb, teardown);
  g_test_add ("/import/xlsx/doctype", Fixture, NULL, setup, test_doctype, teardown);
  g_test_add ("/import/xlsx/not-a-spreadsheet", Fixture, NULL, setup, test_not_a_spreadsheet,
              teardown);
  g_test_add ("/import/xlsx/next-year", Fixture, NULL, setup, test_next_year, teardown);
  return g_test_run ();
}
