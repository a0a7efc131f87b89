#define G_LOG_DOMAIN "test-import-v1"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-xml-source.h"
#include "vj-test-util.h"

/* The importer with the v1 reader (data/schema/FORMAT-SPEC.txt, DESIGN.md "Import"): counts,
 * bad records skipped with their lines, fatal errors that change nothing, row ids that survive
 * re-imports. */

/* ----- helpers ----- */

typedef VjTestFixture Fixture;

static char *
write_temp (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static VjImportReport *
import_path (Fixture    *fixture,
             const char *path,
             GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VjImportReport *report;

  report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, error);
  /* A report always, also on failure. */
  g_assert_nonnull (report);
  return report;
}

static VjImportReport *
import_ok (Fixture    *fixture,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  VjImportReport *report = import_path (fixture, path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->status, ==, "imported");
  g_assert_cmpint (report->error_code, ==, -1);
  return report;
}

static const char * const catalogue_tables[] = {
  "institution", "location", "institution_serves", "programme", "offering", "initiative", "goal",
  "actor", "initiative_programme", "initiative_institution", "initiative_municipality",
  "source", "catalogue_fts",
};

/* Every row of the catalogue tables and their search rows, as text in a fixed order, read from
 * the file with a connection of the test's own: two dumps are equal when the catalogue is exactly
 * as it was. */
static char *
dump_catalogue (Fixture  *fixture,
                gboolean  with_source)
{
  VjStoreConn *conn = vj_test_store_open (fixture->path, TRUE);
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (catalogue_tables); t++)
    {
      const char *table = catalogue_tables[t];
      g_autofree char *probe_sql = NULL;
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *sql = NULL;
      VjStoreStmt *stmt = NULL;
      int n;

      if (!with_source && strcmp (table, "source") == 0)
        continue;

      /* ORDER BY every column: WITHOUT ROWID tables have no rowid to order by. */
      probe_sql = g_strdup_printf ("SELECT rowid, * FROM %s;", table);
      if ((stmt = vj_store_prepare (conn, probe_sql, NULL)) == NULL)
        {
          g_clear_pointer (&probe_sql, g_free);
          probe_sql = g_strdup_printf ("SELECT * FROM %s;", table);
          stmt = vj_test_store_prepare (conn, probe_sql);
        }
      n = vj_store_stmt_get_n_columns (stmt);
      vj_store_stmt_free (stmt);
      for (int i = 1; i <= n; i++)
        g_string_append_printf (order, "%s%d", i > 1 ? ", " : "", i);
      probe_sql[strlen (probe_sql) - 1] = '\0';
      sql = g_strdup_printf ("%s ORDER BY %s;", probe_sql, order->str);

      stmt = vj_test_store_prepare (conn, sql);
      g_string_append_printf (out, "== %s\n", table);
      while (vj_store_stmt_next (stmt))
        {
          for (int i = 0; i < n; i++)
            {
              const char *value = vj_store_stmt_get_text (stmt, i);

              g_string_append (out, value != NULL ? value : "<NULL>");
              g_string_append_c (out, i + 1 < n ? '\x1f' : '\n');
            }
        }
      g_assert_true (vj_store_stmt_check (stmt, NULL));
      vj_store_stmt_free (stmt);
    }

  vj_store_close (conn);
  return g_string_free (out, FALSE);
}

static gsize
count_rows (const char *dump,
            const char *table)
{
  g_autofree char *marker = g_strdup_printf ("== %s\n", table);
  const char *p = strstr (dump, marker);
  gsize n = 0;

  g_assert_nonnull (p);
  for (p += strlen (marker); *p != '\0' && !g_str_has_prefix (p, "== "); p = strchr (p, '\n') + 1)
    n++;
  return n;
}

/* external id → row id of one catalogue table */
static GHashTable *
row_ids (Fixture    *fixture,
         const char *table)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  VjStoreConn *conn = vj_test_store_open (fixture->path, TRUE);
  g_autofree char *sql = g_strdup_printf ("SELECT external_id, id FROM %s;", table);
  VjStoreStmt *stmt = NULL;

  stmt = vj_test_store_prepare (conn, sql);
  while (vj_store_stmt_next (stmt))
    g_hash_table_insert (ids, g_strdup (vj_store_stmt_get_text (stmt, 0)),
                         GSIZE_TO_POINTER ((gsize) vj_store_stmt_get_int (stmt, 1)));
  vj_store_stmt_free (stmt);
  vj_store_close (conn);
  return ids;
}

static void
assert_same_row_ids (GHashTable *before,
                     GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("row “%s”", (const char *) key);
      g_assert_true (g_hash_table_contains (after, key));
      g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (after, key)), ==,
                        GPOINTER_TO_SIZE (value));
    }
}

static gint64
programme_id (Fixture    *fixture,
              const char *external_id)
{
  g_autoptr(GHashTable) ids = row_ids (fixture, "programme");

  g_assert_true (g_hash_table_contains (ids, external_id));
  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (ids, external_id));
}

/* How many records of a kind a feed has, by a plain scan for `<kind id=`. */
static guint
count_in_file (const char *path,
               const char *kind)
{
  g_autofree char *contents = NULL;
  g_autofree char *needle = g_strdup_printf ("<%s id=", kind);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = strstr (contents, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_counts (const VjImportCounts *counts,
               guint                 added,
               guint                 updated,
               guint                 unchanged,
               guint                 withdrawn)
{
  g_assert_cmpuint (counts->added, ==, added);
  g_assert_cmpuint (counts->updated, ==, updated);
  g_assert_cmpuint (counts->unchanged, ==, unchanged);
  g_assert_cmpuint (counts->withdrawn, ==, withdrawn);
}

static void
assert_nothing_imported (Fixture *fixture)
{
  g_autofree char *dump = dump_catalogue (fixture, TRUE);

  for (guint t = 0; t < G_N_ELEMENTS (catalogue_tables); t++)
    g_assert_cmpuint (count_rows (dump, catalogue_tables[t]), ==, 0);
}

static void
assert_last_run (Fixture    *fixture,
                 const char *status)
{
  g_autofree char *last = vj_test_query_text (fixture->path, "SELECT status FROM import_run "
                                                              "ORDER BY id DESC LIMIT 1;");

  g_assert_cmpstr (last, ==, status);
}

typedef struct
{
  guint       line;
  const char *reason;
} Expected;

static const char * const kinds[VJ_IMPORT_KIND_INITIATIVE + 1] = {
  "institution", "location", "programme", "offering", "initiative",
};

/* ----- the built-in catalogue ----- */

static void
test_builtin_adds_everything (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *path = vj_test_builtin_catalogue_path ();
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autoptr(VjImportReport) report = import_ok (fixture, path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) initiatives = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  /* The public tables' kinds stay at zero: a feed brings catalogue records */
  for (guint k = VJ_IMPORT_KIND_INITIATIVE + 1; k < VJ_IMPORT_N_KINDS; k++)
    assert_counts (&report->by_kind[k], 0, 0, 0, 0);
  for (guint k = 0; k <= VJ_IMPORT_KIND_INITIATIVE; k++)
    {
      guint expected = count_in_file (path, kinds[k]);

      g_test_message ("%s: %u in the file", kinds[k], expected);
      g_assert_cmpstr (vj_import_kind_name (k), ==, kinds[k]);
      g_assert_cmpuint (expected, >, 0);
      assert_counts (&report->by_kind[k], expected, 0, 0, 0);
      total += expected;
    }
  /* The numbers as of the catalogue of 2026-11-28. */
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_INSTITUTION].added, ==, 37);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_LOCATION].added, ==, 86);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added, ==, 76);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_OFFERING].added, ==, 250);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_INITIATIVE].added, ==, 6);
  assert_counts (&report->totals, total, 0, 0, 0);

  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpstr (report->feed_id, ==, "builtin:region-sjaelland");
  g_assert_cmpstr (report->format, ==, "vejviser-1");
  g_assert_cmpint (report->version, ==, 3);
  g_assert_true (report->sample);
  g_assert_cmpstr (report->location, ==, canonical);

  g_assert_cmpuint (vj_db_count_programmes (fixture->db), ==, 76);
  g_assert_cmpint (vj_db_get_source_version (fixture->db, "builtin:region-sjaelland"), ==, 3);
  /* One search row per programme. */
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM catalogue_fts;"), ==,
                   76);
  assert_last_run (fixture, "imported");
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT added FROM import_run ORDER BY id DESC LIMIT 1;"),
                   ==, total);

  initiatives = vj_db_list_initiatives (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (initiatives->len, ==, 6);
  g_assert_cmpstr (vj_initiative_get (g_ptr_array_index (initiatives, 0), VJ_INITIATIVE_TITLE), ==,
                   "Kompetenceparat 2020");
  g_assert_cmpuint (vj_initiative_get_depth (g_ptr_array_index (initiatives, 0)), ==, 0);
  for (guint i = 1; i < initiatives->len; i++)
    g_assert_cmpuint (vj_initiative_get_depth (g_ptr_array_index (initiatives, i)), ==, 1);

  problems = vj_db_check (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_builtin_reimport_unchanged (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *path = vj_test_builtin_catalogue_path ();
  g_autoptr(VjImportReport) first = import_ok (fixture, path);
  g_autofree char *before = dump_catalogue (fixture, FALSE);
  g_autoptr(GHashTable) programmes_before = row_ids (fixture, "programme");
  g_autoptr(GHashTable) offerings_before = row_ids (fixture, "offering");
  g_autoptr(VjImportReport) second = import_ok (fixture, path);
  g_autofree char *after = dump_catalogue (fixture, FALSE);
  g_autoptr(GHashTable) programmes_after = row_ids (fixture, "programme");
  g_autoptr(GHashTable) offerings_after = row_ids (fixture, "offering");

  for (guint k = 0; k < VJ_IMPORT_N_KINDS; k++)
    assert_counts (&second->by_kind[k], 0, 0, first->by_kind[k].added, 0);
  assert_counts (&second->totals, 0, 0, first->totals.added, 0);
  g_assert_cmpuint (second->rejected->len, ==, 0);

  /* Not a row touched: the catalogue and its search rows compare equal. */
  g_assert_cmpstr (after, ==, before);
  assert_same_row_ids (programmes_before, programmes_after);
  assert_same_row_ids (offerings_before, offerings_after);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM import_run;"), ==, 2);
}

static void
gzip_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) in_file = g_file_new_for_path (from);
  g_autoptr(GFile) out_file = g_file_new_for_path (to);
  g_autoptr(GFileInputStream) in = g_file_read (in_file, NULL, &error);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) gz = NULL;

  g_assert_no_error (error);
  out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  gz = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (compressor));
  g_output_stream_splice (gz, G_INPUT_STREAM (in),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
}

static void
test_gzip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = vj_test_builtin_catalogue_path ();
  g_autofree char *gz_path = g_build_filename (fixture->dir, "region-sjaelland.xml.gz", NULL);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjImportReport) plain = NULL;
  g_autofree char *magic = NULL;
  gsize length = 0;

  gzip_file (path, gz_path);
  g_file_get_contents (gz_path, &magic, &length, NULL);
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint ((guint8) magic[0], ==, 0x1f);
  g_assert_cmpint ((guint8) magic[1], ==, 0x8b);

  report = import_ok (fixture, gz_path);
  for (guint k = 0; k <= VJ_IMPORT_KIND_INITIATIVE; k++)
    assert_counts (&report->by_kind[k], count_in_file (path, kinds[k]), 0, 0, 0);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpuint (vj_db_count_programmes (fixture->db), ==, 76);

  /* The same feed unpacked: the very same records. */
  plain = import_ok (fixture, path);
  assert_counts (&plain->totals, 0, 0, report->totals.added, 0);
}

/* ----- fatal errors change nothing ----- */

static void
test_truncated_changes_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = vj_test_builtin_catalogue_path ();
  g_autofree char *contents = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(VjImportReport) first = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint lines = 1;

  first = import_ok (fixture, path);
  before = dump_catalogue (fixture, TRUE);

  /* The built-in feed cut in the middle: half of its records are well-formed. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < length / 2; i++)
    lines += contents[i] == '\n';
  truncated = write_temp (fixture, "truncated.xml", contents, (gssize) (length / 2));

  report = import_path (fixture, truncated, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
  g_assert_cmpstr (report->status, ==, "failed");
  g_assert_cmpint (report->error_code, ==, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
  g_assert_cmpstr (report->error_message, ==, error->message);
  g_assert_cmpuint (report->error_line, >, 0);
  g_assert_cmpuint (report->error_line, <=, lines);
  assert_counts (&report->totals, 0, 0, 0, 0);

  /* Exactly as before, the source included; the run is on record. */
  after = dump_catalogue (fixture, TRUE);
  g_assert_cmpstr (after, ==, before);
  assert_last_run (fixture, "failed");
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT error_line FROM import_run ORDER BY id DESC LIMIT "
                                      "1;"),
                   ==, report->error_line);
}

static void
test_not_well_formed_line (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autofree char *broken = vj_test_data_path ("v1-not-well-formed.xml");
  g_autoptr(VjImportReport) first = import_ok (fixture, small);
  g_autofree char *before = dump_catalogue (fixture, TRUE);
  g_autofree char *after = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* The same source, a newer version: had it been read, it would withdraw most of v1-small. */
  report = import_path (fixture, broken, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line 17"));
  g_assert_cmpuint (report->error_line, ==, 17);

  after = dump_catalogue (fixture, TRUE);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (vj_db_get_source_version (fixture->db, "test:small"), ==, 1);
}

static void
test_refuses_no_header (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = vj_test_data_path ("v1-no-header.xml");
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER);
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_assert_cmpstr (report->status, ==, "failed");
  assert_nothing_imported (fixture);
  assert_last_run (fixture, "failed");
}

static void
test_refuses_doctype (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = vj_test_data_path ("v1-doctype.xml");
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "DTD"));
  g_assert_cmpstr (report->status, ==, "failed");
  assert_nothing_imported (fixture);

  /* The declaration starts on line 2 of the file's 17: a line, if one is given, is that one
   * (the reader cannot tell it, so none is given). */
  g_assert_true (strstr (error->message, "line") == NULL ||
                 strstr (error->message, "line 2.") != NULL);
  g_assert_true (report->error_line == 0 || report->error_line == 2);
}

static gboolean
file_contains (const char *path,
               const char *marker)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, marker, strlen (marker)) != NULL;
}

static void
test_refuses_external_entity (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *marker = "HEMMELIG-MARKOER-4711";
  g_autofree char *secret = write_temp (fixture, "secret.txt", marker, -1);
  g_autofree char *secret_uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *feed = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE catalogue [\n"
    "  <!ENTITY secret SYSTEM \"%s\">\n"
    "]>\n"
    "<catalogue xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\" format-version=\"1\">\n"
    "  <header><source-id>test:xxe</source-id><version>1</version>\n"
    "    <title>&secret;</title></header>\n"
    "  <programme id=\"p\"><title>&secret;</title><category>veu</category></programme>\n"
    "</catalogue>\n",
    secret_uri);
  g_autofree char *path = write_temp (fixture, "xxe.xml", feed, -1);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN);
  g_assert_cmpstr (report->status, ==, "failed");
  assert_nothing_imported (fixture);

  /* The file's content reached neither the database nor its WAL, nor the message. */
  g_assert_null (strstr (error->message, marker));
  g_assert_false (file_contains (fixture->path, marker));
  g_assert_false (file_contains (wal, marker));
}

static void
test_refuses_unsupported_root (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *path = write_temp (fixture, "foo.xml", "<foo xmlns=\"urn:x\"/>\n", -1);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "<foo>"));
  g_assert_nonnull (strstr (error->message, "urn:x"));
  g_assert_cmpint (report->error_code, ==, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT);
  assert_nothing_imported (fixture);
}

static void
test_refuses_empty (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_temp (fixture, "empty.xml", "", 0);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (report->status, ==, "failed");
  assert_nothing_imported (fixture);
}

static void
test_refuses_over_cap (Fixture       *fixture,
                       gconstpointer  data)
{
  gboolean gzip = GPOINTER_TO_INT (data) == 1;
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autofree char *gz_path = g_build_filename (fixture->dir, "region-sjaelland.xml.gz", NULL);
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autoptr(VjImportReport) first = import_ok (fixture, small);
  g_autofree char *before = dump_catalogue (fixture, TRUE);
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  VjImportOptions options = { 0 };
  GStatBuf plain;

  /* A quarter of the feed: a gzip copy is smaller than that, unpacked it is not. */
  g_assert_cmpint (g_stat (builtin, &plain), ==, 0);
  options.max_bytes = (guint64) plain.st_size / 4;
  if (gzip)
    {
      GStatBuf buf;

      gzip_file (builtin, gz_path);
      g_assert_cmpint (g_stat (gz_path, &buf), ==, 0);
      g_assert_cmpint (buf.st_size, <, (goffset) options.max_bytes);
    }
  file = g_file_new_for_path (gzip ? gz_path : builtin);

  report = vj_import_file (fixture->db, file, "file", &options, NULL, NULL, NULL, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP);
  g_assert_cmpstr (report->status, ==, "failed");
  after = dump_catalogue (fixture, TRUE);
  g_assert_cmpstr (after, ==, before);
}

static void
cancel_on_progress (guint64  bytes_read,
                    guint64  bytes_total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancelled_changes_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  gboolean before_start = GPOINTER_TO_INT (data) == 1;
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autoptr(VjImportReport) first = import_ok (fixture, small);
  g_autofree char *before = dump_catalogue (fixture, TRUE);
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (builtin);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (before_start)
    g_cancellable_cancel (cancellable);
  /* Otherwise cancelled from the first progress report, in the middle of the feed. */
  report = vj_import_file (fixture->db, file, "file", NULL, cancellable,
                           before_start ? NULL : cancel_on_progress, cancellable, &error);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_error_matches (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpstr (report->status, ==, "cancelled");
  assert_counts (&report->totals, 0, 0, 0, 0);

  after = dump_catalogue (fixture, TRUE);
  g_assert_cmpstr (after, ==, before);
  assert_last_run (fixture, "cancelled");
}

typedef struct
{
  guint   calls;
  guint64 last;
  guint64 total;
} Progress;

static void
progress_cb (guint64  bytes_read,
             guint64  bytes_total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (bytes_read, >=, progress->last);
  g_assert_cmpuint (bytes_read, <=, bytes_total);
  progress->calls++;
  progress->last = bytes_read;
  progress->total = bytes_total;
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autoptr(GFile) file = g_file_new_for_path (builtin);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  report = vj_import_file (fixture->db, file, "file", NULL, NULL, progress_cb, &progress, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.total, ==, (guint64) g_file_info_get_size (info));
  /* The last report says the whole file was read. */
  g_assert_cmpuint (progress.last, ==, progress.total);
}

/* The line of a fatal error: the one its message names, and the report's error_line (the
 * CLI's "line", the run's error_line) is the same. */

static void
test_error_line_no_header (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = vj_test_data_path ("v1-no-header.xml");
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER);
  /* The first record, before any header, is on line 4. */
  g_assert_nonnull (strstr (error->message, "(line 4)"));
  g_assert_cmpuint (report->error_line, ==, 4);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT error_line FROM import_run ORDER BY id DESC LIMIT "
                                      "1;"),
                   ==, 4);
}

/* A full feed that no longer has a campus which its offerings still name: those offerings
 * refer to a location the feed does not have, and are rejected as they would be on a first
 * import of the same feed — not kept live at a withdrawn location. */
static void
test_offering_at_removed_location (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autofree char *without = vj_test_data_path ("v1-small-without-campus.xml");
  g_autoptr(VjImportReport) first = import_ok (fixture, small);
  g_autoptr(VjImportReport) report = import_ok (fixture, without);
  const Expected expected[] = {
    { 43, "Offering “datamatiker:naestved” refers to an unknown location "
          "“naestved-akademi-campus”" },
    { 53, "Offering “oekonom:naestved” refers to an unknown location "
          "“naestved-akademi-campus”" },
  };

  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);
      g_test_message ("rejected: line %u: %s", issue->line, issue->reason);
    }
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INSTITUTION], 0, 0, 1, 1);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_LOCATION], 0, 0, 1, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM offering o"
                                                     " JOIN location l ON l.id = o.location_id"
                                                     " WHERE o.withdrawn = 0 AND l.withdrawn = "
                                                     "1;"), ==, 0);
  g_assert_cmpuint (report->rejected->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);

      g_assert_cmpuint (issue->line, ==, expected[i].line);
      g_assert_cmpstr (issue->reason, ==, expected[i].reason);
    }
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_OFFERING], 0, 0, 2, 2);
}

/* ----- bad records ----- */

static void
test_bad_records (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Lines as in tests/data/v1-bad-records.xml */
  const Expected expected[] = {
    { 18, "“970” is not the code of a Danish municipality" },
    { 32, "<start> is not a valid date: “2027-02-30”" },
    { 36, "Offering “god:ukendt-sted” refers to an unknown location “intetsteds”" },
    /* Its location was rejected above, so the offering is left without one. */
    { 39, "Offering “god:koebenhavn” refers to an unknown location “skole-koebenhavn”" },
    { 44, "Programme “uden-titel” has no <title>" },
    { 48, "Programme has no id" },
    { 53, "Programme “ukendt-kategori” has an unknown category “boernehave”" },
    { 58, "<level> is not a valid number: “9”" },
    { 64, "Duplicate programme id “god”: the first record with this id was kept" },
  };
  g_autofree char *path = vj_test_data_path ("v1-bad-records.xml");
  g_autoptr(VjImportReport) report = import_ok (fixture, path);
  g_autoptr(VjProgramme) kept = NULL;
  g_autoptr(GPtrArray) offerings = NULL;
  g_autoptr(GHashTable) programmes = NULL;
  g_autoptr(GHashTable) offering_ids = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);
      g_test_message ("rejected: line %u: %s", issue->line, issue->reason);
    }

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      guint found = 0;

      for (guint i = 0; i < report->rejected->len; i++)
        {
          VjImportIssue *issue = g_ptr_array_index (report->rejected, i);

          if (issue->line == expected[e].line)
            {
              g_assert_cmpstr (issue->reason, ==, expected[e].reason);
              found++;
            }
        }
      g_test_message ("expected on line %u", expected[e].line);
      g_assert_cmpuint (found, ==, 1);
    }
  g_assert_cmpuint (report->rejected->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (report->warnings->len, ==, 0);

  /* The rest imports. */
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INSTITUTION], 1, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_LOCATION], 1, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_PROGRAMME], 2, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_OFFERING], 2, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INITIATIVE], 0, 0, 0, 0);

  programmes = row_ids (fixture, "programme");
  g_assert_cmpuint (g_hash_table_size (programmes), ==, 2);
  g_assert_true (g_hash_table_contains (programmes, "god"));
  g_assert_true (g_hash_table_contains (programmes, "ogsaa-god"));
  offering_ids = row_ids (fixture, "offering");
  g_assert_cmpuint (g_hash_table_size (offering_ids), ==, 2);
  g_assert_true (g_hash_table_contains (offering_ids, "god:koege"));
  g_assert_true (g_hash_table_contains (offering_ids, "ogsaa-god:koege"));

  /* Of two programmes with one id, the first is kept. */
  kept = vj_db_load_programme (fixture->db, programme_id (fixture, "god"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vj_programme_get_title (kept), ==, "God uddannelse");
  g_assert_cmpstr (vj_programme_get_category (kept), ==, "gymnasial");
  offerings = vj_db_list_offerings (fixture->db, vj_programme_get_id (kept), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offerings->len, ==, 1);
  g_assert_cmpstr (vj_offering_get (g_ptr_array_index (offerings, 0), VJ_OFFERING_TOWN), ==,
                   "Køge");
  g_assert_cmpstr (vj_offering_get (g_ptr_array_index (offerings, 0), VJ_OFFERING_START), ==,
                   "2027-08");

  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT rejected FROM import_run ORDER BY id DESC LIMIT 1;"),
                   ==, G_N_ELEMENTS (expected));
}

/* ----- a changed feed ----- */

static void
test_changed_feed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autofree char *changed = vj_test_data_path ("v1-small-changed.xml");
  g_autoptr(VjImportReport) first = import_ok (fixture, small);
  g_autoptr(VjImportReport) second = NULL;
  g_autoptr(VjImportReport) third = NULL;
  g_autoptr(GHashTable) programmes = row_ids (fixture, "programme");
  g_autoptr(GHashTable) offerings = row_ids (fixture, "offering");
  g_autoptr(GHashTable) institutions = row_ids (fixture, "institution");
  g_autoptr(GHashTable) locations = row_ids (fixture, "location");
  g_autoptr(GHashTable) initiatives = row_ids (fixture, "initiative");
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(VjProgramme) retitled = NULL;
  g_autoptr(VjProgramme) gone = NULL;
  g_autoptr(VjProgramme) back = NULL;
  g_autoptr(GPtrArray) gone_offerings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 datamatiker, oekonom;

  assert_counts (&first->by_kind[VJ_IMPORT_KIND_INSTITUTION], 2, 0, 0, 0);
  assert_counts (&first->by_kind[VJ_IMPORT_KIND_LOCATION], 2, 0, 0, 0);
  assert_counts (&first->by_kind[VJ_IMPORT_KIND_PROGRAMME], 3, 0, 0, 0);
  assert_counts (&first->by_kind[VJ_IMPORT_KIND_OFFERING], 4, 0, 0, 0);
  assert_counts (&first->by_kind[VJ_IMPORT_KIND_INITIATIVE], 1, 0, 0, 0);
  datamatiker = programme_id (fixture, "datamatiker");
  oekonom = programme_id (fixture, "oekonom");

  /* Version 2: one title changed, one programme (and so its two offerings) gone. */
  second = import_ok (fixture, changed);
  assert_counts (&second->by_kind[VJ_IMPORT_KIND_INSTITUTION], 0, 0, 2, 0);
  assert_counts (&second->by_kind[VJ_IMPORT_KIND_LOCATION], 0, 0, 2, 0);
  assert_counts (&second->by_kind[VJ_IMPORT_KIND_PROGRAMME], 0, 1, 1, 1);
  assert_counts (&second->by_kind[VJ_IMPORT_KIND_OFFERING], 0, 0, 2, 2);
  assert_counts (&second->by_kind[VJ_IMPORT_KIND_INITIATIVE], 0, 0, 1, 0);
  assert_counts (&second->totals, 0, 1, 8, 3);
  g_assert_cmpint (vj_db_get_source_version (fixture->db, "test:small"), ==, 2);

  /* Row ids survive: the changed programme and the withdrawn one keep theirs. */
  after = row_ids (fixture, "programme");
  assert_same_row_ids (programmes, after);
  g_clear_pointer (&after, g_hash_table_unref);
  after = row_ids (fixture, "offering");
  assert_same_row_ids (offerings, after);
  g_clear_pointer (&after, g_hash_table_unref);

  retitled = vj_db_load_programme (fixture->db, datamatiker, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vj_programme_get_title (retitled), ==, "Datamatiker (AK)");
  g_assert_false (vj_programme_get_withdrawn (retitled));

  gone = vj_db_load_programme (fixture->db, oekonom, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vj_programme_get_title (gone), ==, "Økonom");
  g_assert_true (vj_programme_get_withdrawn (gone));
  gone_offerings = vj_db_list_offerings (fixture->db, oekonom, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gone_offerings->len, ==, 2);
  for (guint i = 0; i < gone_offerings->len; i++)
    g_assert_true (vj_offering_get_withdrawn (g_ptr_array_index (gone_offerings, i)));
  g_assert_cmpuint (vj_db_count_programmes (fixture->db), ==, 2);

  /* Version 1 again: the withdrawn programme comes back under its old row id. */
  third = import_ok (fixture, small);
  assert_counts (&third->by_kind[VJ_IMPORT_KIND_PROGRAMME], 0, 2, 1, 0);
  assert_counts (&third->by_kind[VJ_IMPORT_KIND_OFFERING], 0, 2, 2, 0);
  back = vj_db_load_programme (fixture->db, oekonom, &error);
  g_assert_no_error (error);
  g_assert_false (vj_programme_get_withdrawn (back));
  g_assert_cmpuint (vj_db_count_programmes (fixture->db), ==, 3);

  after = row_ids (fixture, "programme");
  assert_same_row_ids (programmes, after);
  g_assert_cmpuint (g_hash_table_size (after), ==, 3);
  g_clear_pointer (&after, g_hash_table_unref);
  after = row_ids (fixture, "offering");
  assert_same_row_ids (offerings, after);
  g_clear_pointer (&after, g_hash_table_unref);
  after = row_ids (fixture, "institution");
  assert_same_row_ids (institutions, after);
  g_clear_pointer (&after, g_hash_table_unref);
  after = row_ids (fixture, "location");
  assert_same_row_ids (locations, after);
  g_clear_pointer (&after, g_hash_table_unref);
  after = row_ids (fixture, "initiative");
  assert_same_row_ids (initiatives, after);
}

/* A campus keeps its register number and place; an offering its ug.dk article and KOT number,
 * so that the public tables meet it; a coordinate off the globe is a bad record */
static void
test_public_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "v1-public-keys.xml", NULL);
  g_autoptr(VjImportReport) report = import_ok (fixture, path);
  g_autoptr(VjImportReport) again = NULL;
  g_autofree char *number = NULL;
  g_autofree char *article = NULL;
  g_autofree char *kot = NULL;
  VjImportIssue *issue;

  g_assert_cmpuint (report->rejected->len, ==, 1);
  issue = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpuint (issue->line, ==, 22);
  g_assert_cmpstr (issue->reason, ==, "<latitude> is not a valid coordinate: “95.5”");

  number = vj_test_query_text (fixture->path, "SELECT number FROM location"
                                " WHERE external_id = 'absalon-roskilde';");
  g_assert_cmpstr (number, ==, "265421");
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT round (latitude * 10000) FROM location"
                                       " WHERE external_id = 'absalon-roskilde';"), ==, 556512);
  article = vj_test_query_text (fixture->path, "SELECT ug_article FROM offering;");
  g_assert_cmpstr (article, ==, "udb2-paedagog");
  kot = vj_test_query_text (fixture->path, "SELECT kot_number FROM offering;");
  g_assert_cmpstr (kot, ==, "53130");

  /* The same feed again changes nothing */
  again = import_ok (fixture, path);
  g_assert_cmpuint (again->totals.added + again->totals.updated + again->totals.withdrawn, ==, 0);
}

static void
test_small_feed_links (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *small = vj_test_data_path ("v1-small.xml");
  g_autoptr(VjImportReport) report = import_ok (fixture, small);
  g_autoptr(GPtrArray) initiatives = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 initiative;

  /* "0370" is the municipality 370, Næstved; <serves> adds Stevns. */
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT municipality FROM location"
                                                     " WHERE external_id = "
                                                     "'naestved-akademi-campus';"), ==, 370);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM institution_serves"
                                                     " WHERE municipality = 336;"), ==, 1);

  initiatives = vj_db_list_initiatives (fixture->db, programme_id (fixture, "stx"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (initiatives->len, ==, 1);
  initiative = vj_initiative_get_id (g_ptr_array_index (initiatives, 0));
  goals = vj_db_list_initiative_goals (fixture->db, initiative, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpstr (((char **) g_ptr_array_index (goals, 0))[1], ==, "95 %");
  actors = vj_db_list_initiative_actors (fixture->db, initiative, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actors->len, ==, 1);
  g_assert_cmpstr (((char **) g_ptr_array_index (actors, 0))[0], ==, "KUI Køge");
  programmes = vj_db_list_initiative_programmes (fixture->db, initiative, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programmes->len, ==, 1);
  g_assert_cmpstr (((char **) g_ptr_array_index (programmes, 0))[1], ==,
                   "STX – almen studentereksamen");
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count(*) FROM initiative_institution;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM initiative_municipality"
                                                     " WHERE municipality = 259;"), ==, 1);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_fixture_setup, func, vj_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/import/v1/builtin/adds-every-record", test_builtin_adds_everything);
  add_test ("/import/v1/builtin/reimport-changes-nothing", test_builtin_reimport_unchanged);
  add_test ("/import/v1/gzip/same-records", test_gzip);
  add_test ("/import/v1/public-keys", test_public_keys);
  add_test ("/import/v1/not-well-formed/truncated-changes-nothing",
            test_truncated_changes_nothing);
  add_test ("/import/v1/not-well-formed/reports-line", test_not_well_formed_line);
  add_test ("/import/v1/refuses/no-header", test_refuses_no_header);
  add_test ("/import/v1/refuses/doctype", test_refuses_doctype);
  add_test ("/import/v1/refuses/external-entity", test_refuses_external_entity);
  add_test ("/import/v1/refuses/unsupported-root", test_refuses_unsupported_root);
  add_test ("/import/v1/refuses/empty-file", test_refuses_empty);
  g_test_add ("/import/v1/refuses/larger-than-cap", Fixture, GINT_TO_POINTER (0),
              vj_test_fixture_setup, test_refuses_over_cap, vj_test_fixture_teardown);
  g_test_add ("/import/v1/refuses/larger-than-cap-unpacked", Fixture, GINT_TO_POINTER (1),
              vj_test_fixture_setup, test_refuses_over_cap, vj_test_fixture_teardown);
  add_test ("/import/v1/bad-records/skipped-with-line-and-reason", test_bad_records);
  add_test ("/import/v1/changed-feed/updates-withdraws-keeps-row-ids", test_changed_feed);
  add_test ("/import/v1/small-feed/links", test_small_feed_links);
  g_test_add ("/import/v1/cancel/midway-changes-nothing", Fixture, GINT_TO_POINTER (0),
              vj_test_fixture_setup, test_cancelled_changes_nothing, vj_test_fixture_teardown);
  add_test ("/import/v1/progress/reaches-file-size", test_progress);
  /* Kept last, so that an abort here hides none of the tests above. */
  g_test_add ("/import/v1/cancel-before-start/reported-as-cancelled", Fixture, GINT_TO_POINTER (1),
              vj_test_fixture_setup, test_cancelled_changes_nothing, vj_test_fixture_teardown);
  add_test ("/import/v1/full-feed/offering-at-removed-location", test_offering_at_removed_location);
  add_test ("/import/v1/error-line/no-header", test_error_line_no_header);

  return g_test_run ();
}
