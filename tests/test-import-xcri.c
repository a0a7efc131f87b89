#define G_LOG_DOMAIN "test-import-xcri"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-xml-source.h"
#include "vj-test-util.h"

/* The XCRI-CAP 1.2 reader (XCRI-CAP.md; issue 3, item 1) on the specification's own example and
 * on a realistic feed written for the tests (tests/data/README.md): providers, venues,
 * presentations without identifiers, xml:lang, descriptions as plain text, partial dates, other
 * prefixes, a course without a title, a @recstatus delta, and every course and presentation
 * accounted for. */

#define XCRI_NS "http://xcri.org/profiles/1.2/catalog"
#define REALISTIC_SOURCE "xcri:urn:example:xcri:sjaelland-kurser"

typedef VjTestFixture Fixture;

/* ----- helpers ----- */

static VjImportReport *
import_ok (Fixture    *fixture,
           const char *name)
{
  g_autofree char *path = vj_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VjImportReport *report;

  report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->status, ==, "imported");
  g_assert_cmpint (report->error_code, ==, -1);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);
      g_test_message ("rejected: line %u: %s", issue->line, issue->reason);
    }
  for (guint i = 0; i < report->warnings->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->warnings, i);
      g_test_message ("warning: line %u: %s", issue->line, issue->reason);
    }
  return report;
}

/* One row of a query as strings, "<NULL>" for NULL; NULL when there is no row. */
static GStrv
query_row (Fixture    *fixture,
           const char *sql)
{
  VjStoreConn *conn = vj_test_store_open (fixture->path, TRUE);
  VjStoreStmt *stmt = NULL;
  GStrv row = NULL;

  stmt = vj_test_store_prepare (conn, sql);
  if (vj_store_stmt_next (stmt))
    {
      int n = vj_store_stmt_get_n_columns (stmt);

      row = g_new0 (char *, n + 1);
      for (int i = 0; i < n; i++)
        {
          const char *value = vj_store_stmt_get_text (stmt, i);
          row[i] = g_strdup (value != NULL ? value : "<NULL>");
        }
      g_assert_false (vj_store_stmt_next (stmt));
      g_assert_true (vj_store_stmt_check (stmt, NULL));
    }
  vj_store_stmt_free (stmt);
  vj_store_close (conn);
  return row;
}

/* A row as one string, its columns joined by " | " */
static char *
query_joined (Fixture    *fixture,
              const char *sql)
{
  g_auto(GStrv) row = query_row (fixture, sql);

  if (row == NULL)
    return g_strdup ("<no row>");
  return g_strjoinv (" | ", row);
}

static const char * const catalogue_tables[] = {
  "institution", "location", "institution_serves", "programme", "offering", "initiative", "goal",
  "actor", "initiative_programme", "initiative_institution", "initiative_municipality",
  "source", "catalogue_fts",
};

/* Every row of the catalogue tables and their search rows, as text in a fixed order (as in
 * test-import-v1.c). @except_programme, when given, leaves out that programme (by external id),
 * its offerings and its search row. */
static char *
dump_catalogue (Fixture    *fixture,
                gboolean    with_source,
                const char *except_programme)
{
  VjStoreConn *conn = vj_test_store_open (fixture->path, TRUE);
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (catalogue_tables); t++)
    {
      const char *table = catalogue_tables[t];
      g_autofree char *probe_sql = NULL;
      const char *where = NULL;   /* ?1 is @except_programme */
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *sql = NULL;
      VjStoreStmt *stmt = NULL;
      int n;

      if (!with_source && strcmp (table, "source") == 0)
        continue;

      probe_sql = g_strdup_printf ("SELECT rowid, * FROM %s", table);
      if ((stmt = vj_store_prepare (conn, probe_sql, NULL)) == NULL)
        {
          g_clear_pointer (&probe_sql, g_free);
          probe_sql = g_strdup_printf ("SELECT * FROM %s", table);
          stmt = vj_test_store_prepare (conn, probe_sql);
        }
      n = vj_store_stmt_get_n_columns (stmt);
      vj_store_stmt_free (stmt);
      for (int i = 1; i <= n; i++)
        g_string_append_printf (order, "%s%d", i > 1 ? ", " : "", i);

      if (except_programme != NULL && strcmp (table, "programme") == 0)
        where = " WHERE external_id <> ?1";
      else if (except_programme != NULL && strcmp (table, "offering") == 0)
        where = " WHERE programme_id NOT IN (SELECT id FROM programme WHERE external_id = ?1)";
      else if (except_programme != NULL && strcmp (table, "catalogue_fts") == 0)
        where = " WHERE rowid NOT IN (SELECT id FROM programme WHERE external_id = ?1)";
      sql = g_strdup_printf ("%s%s ORDER BY %s;", probe_sql, where != NULL ? where : "",
                             order->str);

      if (where != NULL)
        stmt = vj_test_store_prepare (conn, sql, VJ_TEST_TEXT (except_programme));
      else
        stmt = vj_test_store_prepare (conn, sql);
      g_string_append_printf (out, "== %s\n", table);
      while (vj_store_stmt_next (stmt))
        for (int i = 0; i < n; i++)
          {
            const char *value = vj_store_stmt_get_text (stmt, i);

            g_string_append (out, value != NULL ? value : "<NULL>");
            g_string_append_c (out, i + 1 < n ? '\x1f' : '\n');
          }
      g_assert_true (vj_store_stmt_check (stmt, NULL));
      vj_store_stmt_free (stmt);
    }

  vj_store_close (conn);
  return g_string_free (out, FALSE);
}

/* The lines of @after that are not in @before and the other way round, for a failure message */
static char *
dump_difference (const char *before,
                 const char *after)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; a[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) b, a[i]))
      g_string_append_printf (out, " [-] %s", a[i]);
  for (guint i = 0; b[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) a, b[i]))
      g_string_append_printf (out, " [+] %s", b[i]);
  g_strdelimit (out->str, "\x1f", '|');
  return g_string_free (out, FALSE);
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

  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_true (g_hash_table_contains (after, key));
      g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (after, key)), ==,
                        GPOINTER_TO_SIZE (value));
    }
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

/* ----- reading the fixture itself (trusted), to know what it holds ----- */

static gboolean
is_xcri (xmlNodePtr  node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0 &&
         node->ns != NULL && strcmp ((const char *) node->ns->href, XCRI_NS) == 0;
}

static gboolean
has_title (xmlNodePtr course)
{
  for (xmlNodePtr c = course->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp ((const char *) c->name, "title") == 0 &&
        c->ns != NULL && g_str_has_prefix ((const char *) c->ns->href, "http://purl.org/dc/elements/1.1"))
      {
        xmlChar *text = xmlNodeGetContent (c);
        gboolean blank = g_strstrip ((char *) text)[0] == '\0';

        xmlFree (text);
        if (!blank)
          return TRUE;
      }
  return FALSE;
}

typedef struct
{
  guint   courses;
  guint   presentations;
  GArray *untitled_lines;            /* guint: the lines of courses without a title */
  guint   presentations_of_untitled;
} FeedCensus;

static void
census_walk (xmlNodePtr  node,
             FeedCensus *census)
{
  for (xmlNodePtr c = node; c != NULL; c = c->next)
    {
      if (is_xcri (c, "course"))
        {
          guint presentations = 0;

          for (xmlNodePtr p = c->children; p != NULL; p = p->next)
            presentations += is_xcri (p, "presentation");
          census->courses++;
          census->presentations += presentations;
          if (!has_title (c))
            {
              guint line = (guint) xmlGetLineNo (c);

              g_array_append_val (census->untitled_lines, line);
              census->presentations_of_untitled += presentations;
            }
          continue;
        }
      if (c->type == XML_ELEMENT_NODE)
        census_walk (c->children, census);
    }
}

static void
census_of (const char *name,
           FeedCensus *census)
{
  g_autofree char *path = vj_test_data_path (name);
  g_autofree char *contents = NULL;
  gsize length = 0;
  xmlDocPtr doc;

  /* From memory: the importer's deny-all entity loader would refuse to load the file */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  doc = xmlReadMemory (contents, (int) length, name, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  memset (census, 0, sizeof *census);
  census->untitled_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  census_walk (xmlDocGetRootElement (doc), census);
  xmlFreeDoc (doc);
}

/* ----- the specification's example ----- */

static void
test_poppleton (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture,
                                                "xcri-cap-1.2-generic-example.xml");
  g_autofree char *programme = NULL;
  g_autofree char *offering = NULL;
  g_autofree char *venue = NULL;
  g_autofree char *main_location = NULL;
  g_autofree char *institution = NULL;
  g_autofree char *source = NULL;
  g_autofree char *description = NULL;

  g_assert_cmpstr (report->format, ==, "xcri-cap-1.2");
  g_assert_cmpstr (report->feed_id, ==, "xcri:http://www.poppleton.ac.uk");
  g_assert_cmpstr (report->source_title, ==, "Poppleton University");
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INSTITUTION], 1, 0, 0, 0);
  /* The provider's own address and the venue "Main Campus" */
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_LOCATION], 2, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_PROGRAMME], 1, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_OFFERING], 1, 0, 0, 0);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);

  institution = query_joined (fixture, "SELECT external_id, name, url, phone, email, description"
                                       " FROM institution;");
  g_assert_cmpstr (institution, ==,
                   "http://www.poppleton.ac.uk | Poppleton University"
                   " | http://www.poppleton.ac.uk/postgraduate/ | 0800 666 9999"
                   " | course-enquiries@poppleton.ac.uk | Britain's most rewarding university");

  programme = query_joined (fixture, "SELECT external_id, title, admission, keywords, url, ects"
                                     " FROM programme;");
  g_assert_cmpstr (programme, ==,
                   "http://www.poppleton.ac.uk/postgraduate/mba | Business and Marketing"
                   " | First degree in any subject."
                   " | Management studies; Marketing; Business Administration and Management;"
                   " MBA Business and Marketing"
                   " | http://www.poppleton.ac.uk/postgraduate/mba | <NULL>");

  /* The plain description (not the one with an xsi:type), its XHTML paragraphs as lines */
  description = vj_test_query_text (fixture->path, "SELECT description FROM programme;");
  g_assert_true (g_str_has_prefix (description,
                                   "MBA in Business and Marketing\n"
                                   "This professional masters degree in business and marketing"));
  g_assert_true (g_str_has_suffix (description,
                                   "\nIf you wish to complete the MBA you will be required to "
                                   "successfully complete both Stages 1 and 2."));
  g_assert_null (strchr (description, '<'));
  g_assert_null (strstr (description, "specialise"));

  offering = query_joined (fixture, "SELECT external_id, start, end_date, deadline, study_mode,"
                                    " language, cost, duration FROM offering;");
  g_assert_cmpstr (offering, ==,
                   "http://www.poppleton.ac.uk/postgraduate/mba | 2015-09-01 | 2017-07-01"
                   " | 2015-09 | part-time | en | GBP6,000 per stage | 2 years");
  venue = query_joined (fixture, "SELECT l.external_id, l.name, l.street, l.postcode, l.town"
                                 " FROM offering o JOIN location l ON l.id = o.location_id;");
  g_assert_cmpstr (venue, ==, "Main Campus | Main Campus | University Road | PP99 1PP | Poppleton");
  main_location = query_joined (fixture, "SELECT name, street, postcode, town FROM location"
                                         " WHERE external_id LIKE '%#main';");
  g_assert_cmpstr (main_location, ==, "Poppleton University | University Road | PP99 1PP | Poppleton");

  source = query_joined (fixture, "SELECT feed_id, kind, format, title FROM source;");
  g_assert_cmpstr (source, ==,
                   "xcri:http://www.poppleton.ac.uk | file | xcri-cap-1.2 | Poppleton University");
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM catalogue_fts;"), ==, 1);
}

static void
test_poppleton_reimport (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_ok (fixture, "xcri-cap-1.2-generic-example.xml");
  g_autofree char *before = dump_catalogue (fixture, FALSE, NULL);
  g_autoptr(VjImportReport) second = import_ok (fixture, "xcri-cap-1.2-generic-example.xml");
  g_autofree char *after = dump_catalogue (fixture, FALSE, NULL);

  assert_counts (&second->totals, 0, 0, first->totals.added, 0);
  g_assert_cmpstr (after, ==, before);
}

/* ----- a realistic feed ----- */

static void
test_realistic_counts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-sjaelland.xml");
  g_autofree char *source = NULL;

  g_assert_cmpstr (report->format, ==, "xcri-cap-1.2");
  g_assert_cmpstr (report->feed_id, ==, REALISTIC_SOURCE);
  g_assert_cmpstr (report->source_title, ==, "Kurser på Sjælland (testfeed)");
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INSTITUTION], 2, 0, 0, 0);
  /* Two providers' own addresses and two venues (one of them named by two presentations) */
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_LOCATION], 4, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_PROGRAMME], 5, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_OFFERING], 8, 0, 0, 0);
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_INITIATIVE], 0, 0, 0, 0);
  /* Extension elements and attributes are ignored without a word; nothing is misspelt */
  g_assert_cmpuint (report->warnings->len, ==, 0);

  source = query_joined (fixture, "SELECT feed_id, format, title FROM source;");
  g_assert_cmpstr (source, ==, REALISTIC_SOURCE " | xcri-cap-1.2 | Kurser på Sjælland (testfeed)");
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM catalogue_fts;"), ==, 5);
}

/* Every course and every presentation of the file is imported or reported. */
static void
test_realistic_accounted_for (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-sjaelland.xml");
  FeedCensus census;
  guint course_rejections = 0, offering_rejections = 0;

  census_of ("xcri-sjaelland.xml", &census);
  g_test_message ("%u courses, %u presentations, %u courses without a title",
                  census.courses, census.presentations, census.untitled_lines->len);
  g_assert_cmpuint (census.courses, ==, 6);
  g_assert_cmpuint (census.presentations, ==, 9);

  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);

      if (strstr (issue->reason, "course") != NULL)
        course_rejections++;
      else if (strstr (issue->reason, "ffering") != NULL)
        offering_rejections++;
      else
        g_error ("a rejection of neither a course nor a presentation: %s", issue->reason);
    }
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added + course_rejections, ==,
                    census.courses);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_OFFERING].added + offering_rejections +
                    census.presentations_of_untitled, ==, census.presentations);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count(*) FROM programme WHERE withdrawn = 0;"),
                   ==, census.courses - census.untitled_lines->len);
  g_clear_pointer (&census.untitled_lines, g_array_unref);
}

static void
test_realistic_untitled_rejected (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-sjaelland.xml");
  FeedCensus census;
  VjImportIssue *issue;

  census_of ("xcri-sjaelland.xml", &census);
  g_assert_cmpuint (census.untitled_lines->len, ==, 1);
  g_assert_cmpuint (report->rejected->len, ==, 1);
  issue = g_ptr_array_index (report->rejected, 0);
  /* The line of its <course> */
  g_assert_cmpuint (issue->line, ==, g_array_index (census.untitled_lines, guint, 0));
  g_assert_cmpstr (issue->reason, ==, "A course has no <dc:title>");
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count(*) FROM programme"
                                                     " WHERE external_id = "
                                                     "'KHS-UDEN-TITEL';"), ==, 0);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT rejected FROM import_run"
                                                     " ORDER BY id DESC LIMIT 1;"), ==, 1);
  g_clear_pointer (&census.untitled_lines, g_array_unref);
}

static void
test_realistic_providers_and_venues (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-sjaelland.xml");
  static const struct
  {
    const char *sql;
    const char *expected;
  } checks[] = {
    /* Two providers, identifiers trimmed, in either prefix style */
    { "SELECT count(*) FROM institution;", "2" },
    { "SELECT name, url, phone, email FROM institution"
      " WHERE external_id = 'https://koege-handelsskole.example.org';",
      "Køge Handelsskole | https://koege-handelsskole.example.org/kurser | +45 12 34 56 78"
      " | kurser@koege-handelsskole.example.org" },
    { "SELECT name, url FROM institution"
      " WHERE external_id = 'https://roskilde-sprogskole.example.org';",
      "Roskilde Sprogskole | https://roskilde-sprogskole.example.org" },
    /* The providers' own addresses, after their courses (mlo:address when there is no street) */
    { "SELECT l.name, l.street, l.postcode, l.town, i.name FROM location l"
      " JOIN institution i ON i.id = l.institution_id"
      " WHERE l.external_id = 'https://koege-handelsskole.example.org#main';",
      "Køge Handelsskole | Campusvej 1 | 4600 | Køge | Køge Handelsskole" },
    { "SELECT l.name, l.street, l.postcode, l.town, i.name FROM location l"
      " JOIN institution i ON i.id = l.institution_id"
      " WHERE l.external_id = 'https://roskilde-sprogskole.example.org#main';",
      "Roskilde Sprogskole | Skolegade 5 | 4000 | Roskilde | Roskilde Sprogskole" },
    /* Venues: a campus of the course's provider, with their own addresses */
    { "SELECT l.name, l.street, l.postcode, l.town, i.name FROM location l"
      " JOIN institution i ON i.id = l.institution_id WHERE l.external_id = 'KHS-NORD';",
      "Køge Handelsskole, Campus Nord | Nordvej 12 | 4600 | Køge | Køge Handelsskole" },
    /* A venue without an identifier gets a derived one */
    { "SELECT l.name, l.street, l.postcode, l.town, i.name, l.external_id LIKE 'venue:%'"
      " FROM location l JOIN institution i ON i.id = l.institution_id"
      " WHERE l.name = 'Roskilde Sprogskole, Bymidten';",
      "Roskilde Sprogskole, Bymidten | Algade 3 | 4000 | Roskilde | Roskilde Sprogskole | 1" },
    /* Where each presentation is: its venue, else its provider's address */
    { "SELECT group_concat (x, '; ') FROM (SELECT p.external_id || ' ' || coalesce (o.start, '-')"
      "   || ' @ ' || l.name AS x FROM offering o JOIN programme p ON p.id = o.programme_id"
      "   JOIN location l ON l.id = o.location_id ORDER BY p.external_id, o.start);",
      "KHS-101 2027-08 @ Køge Handelsskole, Campus Nord; "
      "KHS-101 2028 @ Køge Handelsskole, Campus Nord; "
      "RS-DANSK-1 - @ Roskilde Sprogskole; "
      "RS-DANSK-1 2027 @ Roskilde Sprogskole, Bymidten; "
      "RS-DANSK-1 2027-01 @ Roskilde Sprogskole; "
      "RS-ENGELSK 2027-02-01 @ Roskilde Sprogskole; "
      "RS-TYSK 2027-03 @ Roskilde Sprogskole; "
      "course:" },
    /* Every programme belongs to its provider */
    { "SELECT group_concat (x, '; ') FROM (SELECT p.title || ' / ' || i.name AS x"
      "   FROM programme p JOIN institution i ON i.id = p.institution_id ORDER BY p.title);",
      "Advanced spreadsheets / Køge Handelsskole; Bogføring for begyndere / Køge Handelsskole; "
      "Danish for foreigners 1 / Roskilde Sprogskole; Engelsk for voksne / Roskilde Sprogskole; "
      "Tysk / Roskilde Sprogskole" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *value = query_joined (fixture, checks[i].sql);

      g_test_message ("%s", checks[i].sql);
      /* The derived course id sorts last: compare up to it */
      if (g_str_has_suffix (checks[i].expected, "course:"))
        {
          g_assert_true (g_str_has_prefix (value, checks[i].expected));
          g_assert_true (g_str_has_suffix (value, " 2027-09 @ Køge Handelsskole"));
        }
      else
        g_assert_cmpstr (value, ==, checks[i].expected);
    }
}

static void
test_realistic_fields (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-sjaelland.xml");
  static const struct
  {
    const char *sql;
    const char *expected;
  } checks[] = {
    /* xml:lang: Danish first, then English (en-GB too), then the first */
    { "SELECT title FROM programme WHERE external_id = 'KHS-101';", "Bogføring for begyndere" },
    { "SELECT title FROM programme WHERE external_id = 'RS-DANSK-1';", "Danish for foreigners 1" },
    { "SELECT title FROM programme WHERE external_id = 'RS-TYSK';", "Tysk" },
    /* Surrounding white space, inner runs folded */
    { "SELECT title FROM programme WHERE external_id = 'RS-ENGELSK';", "Engelsk for voksne" },
    /* No identifier: one derived from the provider and the title */
    { "SELECT external_id LIKE 'course:%', title FROM programme"
      " WHERE title LIKE 'Advanced%';", "1 | Advanced spreadsheets" },
    /* XHTML as plain text: paragraphs as lines, no script */
    { "SELECT description FROM programme WHERE external_id = 'KHS-101';",
      "Lær dobbelt bogholderi.\nAndet afsnit." },
    { "SELECT description FROM programme WHERE external_id = 'RS-DANSK-1';",
      "Om kurset\nDansk for voksne tilflyttere.\nTale\nSkrift" },
    /* The rest of a course */
    { "SELECT admission, keywords, url, level, ects FROM programme"
      " WHERE external_id = 'KHS-101';",
      "Ingen. | Regnskab; AMU-bevis | https://koege-handelsskole.example.org/kurser/bogfoering"
      " | 4 | 5" },
    /* Presentations: @dtf of any precision, else ISO-like text, else none */
    { "SELECT o.start, o.end_date, o.deadline, o.duration, o.study_mode, o.language, o.cost"
      " FROM offering o JOIN programme p ON p.id = o.programme_id"
      " WHERE p.external_id = 'KHS-101' AND o.start = '2027-08';",
      "2027-08 | 2027-12-18 | 2027-06 | 5 måneder | part-time | da | 2.400 kr." },
    { "SELECT o.start, o.study_mode, o.language FROM offering o"
      " JOIN programme p ON p.id = o.programme_id"
      " WHERE p.external_id = 'KHS-101' AND o.start = '2028';", "2028 | full-time | da" },
    { "SELECT o.start, o.study_mode, o.language FROM offering o"
      " JOIN programme p ON p.id = o.programme_id"
      " WHERE p.external_id = 'RS-DANSK-1' AND o.start = '2027';", "2027 | part-time | da" },
    { "SELECT o.start, o.deadline, o.language FROM offering o"
      " JOIN programme p ON p.id = o.programme_id"
      " WHERE p.external_id = 'RS-DANSK-1' AND o.start = '2027-01';", "2027-01 | 2026-12 | da-dk" },
    { "SELECT o.start, o.duration FROM offering o JOIN programme p ON p.id = o.programme_id"
      " WHERE p.external_id = 'RS-DANSK-1' AND o.start IS NULL;", "<NULL> | Efter aftale" },
    /* An identifier with white space around it; online is distance; EN-GB in lower case */
    { "SELECT o.external_id, o.start, o.study_mode, o.language FROM offering o"
      " WHERE o.external_id = 'KHS-EXCEL-2027';", "KHS-EXCEL-2027 | 2027-09 | distance | en-gb" },
    { "SELECT start, language FROM offering WHERE external_id = 'RS-ENGELSK-2027';",
      "2027-02-01 | en" },
    { "SELECT start, language FROM offering WHERE external_id = 'RS-TYSK-2027';",
      "2027-03 | <NULL>" },
    /* Presentations without identifiers got derived ones */
    { "SELECT count(*) FROM offering WHERE external_id LIKE 'presentation:%';", "5" },
  };
  g_autofree char *cdata = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *lower = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *value = query_joined (fixture, checks[i].sql);

      g_test_message ("%s", checks[i].sql);
      g_assert_cmpstr (value, ==, checks[i].expected);
    }

  /* HTML in CDATA: its text, without tags, script or style */
  cdata = vj_test_query_text (fixture->path,
                              "SELECT description FROM programme WHERE title LIKE 'Advanced%';");
  g_test_message ("CDATA description: %s", cdata);
  g_assert_nonnull (strstr (cdata, "Pivot tables & macros"));
  g_assert_nonnull (strstr (cdata, "Hands-on exercises"));
  g_assert_true (g_str_has_prefix (cdata, "Pivot"));

  /* Nothing of markup, scripts, styles, images or frames anywhere in the catalogue or its
   * search rows */
  dump = dump_catalogue (fixture, TRUE, NULL);
  lower = g_utf8_strdown (dump, -1);
  {
    g_autofree char *without_null = g_strdup (dump);
    char *p;

    while ((p = strstr (without_null, "<NULL>")) != NULL)
      memset (p, '_', 6);
    g_assert_null (strchr (without_null, '<'));
    g_assert_null (strchr (without_null, '>'));
  }
  g_assert_null (strstr (lower, "script-indhold"));
  g_assert_null (strstr (lower, "document.write"));
  g_assert_null (strstr (lower, "cdata-script"));
  g_assert_null (strstr (lower, "alert"));
  g_assert_null (strstr (lower, "script-tekst"));
  g_assert_null (strstr (lower, "iframe-tekst"));
  g_assert_null (strstr (lower, "img-tekst"));
  g_assert_null (strstr (lower, "color"));
  g_assert_null (strstr (lower, "tracker"));
}

/* Importing the same feed again: derived ids are stable, so everything is unchanged. */
static void
test_realistic_reimport (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_ok (fixture, "xcri-sjaelland.xml");
  g_autofree char *before = dump_catalogue (fixture, FALSE, NULL);
  g_autoptr(GHashTable) programmes = row_ids (fixture, "programme");
  g_autoptr(GHashTable) offerings = row_ids (fixture, "offering");
  g_autoptr(GHashTable) locations = row_ids (fixture, "location");
  g_autoptr(VjImportReport) second = import_ok (fixture, "xcri-sjaelland.xml");
  g_autofree char *after = dump_catalogue (fixture, FALSE, NULL);
  g_autoptr(GHashTable) programmes_after = row_ids (fixture, "programme");
  g_autoptr(GHashTable) offerings_after = row_ids (fixture, "offering");
  g_autoptr(GHashTable) locations_after = row_ids (fixture, "location");

  for (guint k = 0; k < VJ_IMPORT_N_KINDS; k++)
    assert_counts (&second->by_kind[k], 0, 0, first->by_kind[k].added, 0);
  g_assert_cmpuint (second->rejected->len, ==, first->rejected->len);
  g_assert_cmpstr (after, ==, before);
  assert_same_row_ids (programmes, programmes_after);
  assert_same_row_ids (offerings, offerings_after);
  assert_same_row_ids (locations, locations_after);
}

/* ----- a delta ----- */

static void
check_delta (Fixture    *fixture,
             const char *delta,
             GString    *failures)
{
  g_autoptr(VjImportReport) full = import_ok (fixture, "xcri-sjaelland.xml");
  g_autofree char *before = dump_catalogue (fixture, FALSE, "RS-ENGELSK");
  g_autoptr(GHashTable) programmes = row_ids (fixture, "programme");
  g_autofree char *deleted_before = query_joined (fixture, "SELECT id, title, withdrawn"
                                                           " FROM programme"
                                                           " WHERE external_id = 'RS-ENGELSK';");
  g_autoptr(VjImportReport) report = import_ok (fixture, delta);
  g_autofree char *after = dump_catalogue (fixture, FALSE, "RS-ENGELSK");
  g_autoptr(GHashTable) programmes_after = row_ids (fixture, "programme");
  g_autofree char *deleted_after = NULL;
  g_autofree char *deleted_offering = NULL;

  g_assert_cmpstr (report->feed_id, ==, REALISTIC_SOURCE);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  for (guint k = 0; k < VJ_IMPORT_N_KINDS; k++)
    g_test_message ("%s: %u added, %u updated, %u unchanged, %u withdrawn",
                    vj_import_kind_name (k), report->by_kind[k].added,
                    report->by_kind[k].updated, report->by_kind[k].unchanged,
                    report->by_kind[k].withdrawn);

  /* That course, withdrawn under its row id, its title kept */
  assert_counts (&report->by_kind[VJ_IMPORT_KIND_PROGRAMME], 0, 0, 0, 1);
  deleted_after = query_joined (fixture, "SELECT id, title, withdrawn FROM programme"
                                         " WHERE external_id = 'RS-ENGELSK';");
  g_assert_true (g_str_has_suffix (deleted_before, " | 0"));
  deleted_before[strlen (deleted_before) - 1] = '1';
  g_assert_cmpstr (deleted_after, ==, deleted_before);
  assert_same_row_ids (programmes, programmes_after);

  /* Its presentation goes with it, though the delta does not name it; nothing else */
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_INSTITUTION].withdrawn, ==, 0);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_LOCATION].withdrawn, ==, 0);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_OFFERING].withdrawn, ==, 1);
  deleted_offering = query_joined (fixture, "SELECT external_id, withdrawn FROM offering"
                                            " WHERE external_id = 'RS-ENGELSK-2027';");
  g_assert_cmpstr (deleted_offering, ==, "RS-ENGELSK-2027 | 1");
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count(*) FROM programme WHERE withdrawn = 1;"),
                   ==, 1);

  /* Every other row exactly as it was */
  if (g_strcmp0 (after, before) != 0)
    {
      g_autofree char *difference = dump_difference (before, after);

      g_string_append_printf (failures, "the delta %s changed rows it does not delete:%s",
                              delta, difference);
    }
}

static void
test_delta (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  check_delta (fixture, data, failures);
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

/* ----- derived presentation ids ----- */

/* Two presentations without identifiers, the same start, two venues: both are imported. */
static void
test_same_start_two_venues (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_ok (fixture, "xcri-same-start.xml");
  g_autoptr(VjImportReport) again = NULL;

  assert_counts (&report->by_kind[VJ_IMPORT_KIND_LOCATION], 3, 0, 0, 0);
  if (report->by_kind[VJ_IMPORT_KIND_OFFERING].added != 2 || report->rejected->len != 0)
    {
      VjImportIssue *issue = report->rejected->len > 0 ? g_ptr_array_index (report->rejected, 0)
                                                       : NULL;

      g_test_fail_printf ("%u of 2 presentations imported; rejected: %s",
                          report->by_kind[VJ_IMPORT_KIND_OFFERING].added,
                          issue != NULL ? issue->reason : "nothing");
      return;
    }
  /* and stable */
  again = import_ok (fixture, "xcri-same-start.xml");
  assert_counts (&again->by_kind[VJ_IMPORT_KIND_OFFERING], 0, 0, 2, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Tests that expose a bug in src/ fail with g_test_fail_printf() and return, instead of
   * aborting; --keep-going lets the tests after them run. */
  g_autofree char **args = g_new0 (char *, argc + 2);
  char **argp = args;

  memcpy (args, argv, sizeof (char *) * (gsize) argc);
  args[argc++] = (char *) "--keep-going";
  g_test_init (&argc, &argp, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/import/xcri/poppleton/example", Fixture, NULL, vj_test_fixture_setup,
              test_poppleton,
              vj_test_fixture_teardown);
  g_test_add ("/import/xcri/poppleton/reimport-changes-nothing", Fixture, NULL,
              vj_test_fixture_setup,
              test_poppleton_reimport, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/counts", Fixture, NULL, vj_test_fixture_setup,
              test_realistic_counts, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/every-course-and-presentation-accounted-for", Fixture,
              NULL, vj_test_fixture_setup, test_realistic_accounted_for, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/course-without-title-rejected-with-line", Fixture, NULL,
              vj_test_fixture_setup, test_realistic_untitled_rejected, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/providers-and-venues", Fixture, NULL, vj_test_fixture_setup,
              test_realistic_providers_and_venues, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/fields", Fixture, NULL, vj_test_fixture_setup,
              test_realistic_fields, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/realistic/reimport-all-unchanged", Fixture, NULL, vj_test_fixture_setup,
              test_realistic_reimport, vj_test_fixture_teardown);
  g_test_add ("/import/xcri/delta/recstatus-3-withdraws-only-that-course", Fixture,
              "xcri-sjaelland-delta.xml", vj_test_fixture_setup, test_delta,
              vj_test_fixture_teardown);
  g_test_add ("/import/xcri/delta/bare-provider-wrapper-changes-nothing-else", Fixture,
              "xcri-sjaelland-delta-bare.xml", vj_test_fixture_setup, test_delta,
              vj_test_fixture_teardown);
  g_test_add ("/import/xcri/derived-ids/same-start-two-venues", Fixture, NULL,
              vj_test_fixture_setup,
              test_same_start_two_venues, vj_test_fixture_teardown);

  return g_test_run ();
}
