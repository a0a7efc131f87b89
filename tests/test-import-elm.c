#define G_LOG_DOMAIN "test-import-elm"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"
#include "vj-xml-source.h"

/* The Europass ELM 3.1 LOQ reader (issue 20, Deliver 5) on the EU's two examples and a Danish
 * one (tests/data/elm/, copied unchanged from shared/standards/elm-3.1), on a feed whose bad
 * records must be rejected with their lines, and on hostile XML that must change nothing.
 * Every learning opportunity in a file is accounted for: imported as an offering, or rejected
 * with its line. */

#define LOQ_NS "http://data.europa.eu/snb/model/ap/loq-constraints/"

typedef VjTestFixture Fixture;

static VjImportReport *
import_path (Fixture    *fixture,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VjImportReport *report;

  report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
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

static VjImportReport *
import_data (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = vj_test_data_path (name);
  VjImportReport *report = import_path (fixture, path);

  g_assert_cmpstr (report->status, ==, "imported");
  return report;
}

/* How many <learningOpportunity id="…"> the file holds: counted from the file's text, not by
 * the reader under test */
static guint
count_opportunities (const char *name)
{
  g_autofree char *path = vj_test_data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = contents; (p = strstr (p, "learningOpportunity id=\"")) != NULL; p++)
    n++;
  return n;
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return vj_test_query_int (fixture->path, sql);
}

static char *
text (Fixture    *fixture,
      const char *sql)
{
  return vj_test_query_text (fixture->path, sql);
}

/* ----- the three examples ----- */

static void
test_examples (Fixture       *fixture,
               gconstpointer  data)
{
  const char *name = data;
  guint expected = count_opportunities (name);
  g_autoptr(VjImportReport) report = import_data (fixture, name);

  g_test_message ("%s: %u learning opportunities", name, expected);
  g_assert_cmpuint (expected, >, 0);
  /* Every opportunity accounted for: these files have none to reject */
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering WHERE withdrawn = 0;"),
                   ==, expected);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme;"), >, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM institution;"), >, 0);
  /* Every offering is at a location of an institution */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o JOIN location l "
                                   "ON l.id = o.location_id;"), ==, expected);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM source WHERE feed_id LIKE 'elm:%' "
                                   "AND format = 'elm-3.1-loq';"), ==, 1);
}

static void
test_examples_numbers (void)
{
  /* The numbers, as the files hold them: one Danish, two in each of the EU's examples */
  g_assert_cmpuint (count_opportunities ("elm/example-dk-datamatiker.xml"), ==, 1);
  g_assert_cmpuint (count_opportunities ("elm/loq.xml"), ==, 2);
  g_assert_cmpuint (count_opportunities ("elm/loq_withLearningAchievementSpecification.xml"), ==, 2);
}

static void
test_danish_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_data (fixture, "elm/example-dk-datamatiker.xml");
  g_autofree char *programme = NULL;
  g_autofree char *offering = NULL;
  g_autofree char *location = NULL;
  g_autofree char *institution = NULL;
  g_autofree char *source = NULL;

  g_assert_cmpuint (report->rejected->len, ==, 0);
  /* The qualification is the programme: EQF 5, 150 ECTS, ISCED-F searchable */
  programme = text (fixture, "SELECT external_id || '|' || title || '|' || level || '|' || ects "
                             "|| '|' || keywords FROM programme;");
  g_assert_cmpstr (programme, ==, "urn:vejviser:las:datamatiker|Datamatiker (AK)|5|150|ISCED-F 0613");
  /* The opportunity is the offering; the qualification came after it in the file */
  offering = text (fixture, "SELECT external_id || '|' || start || '|' || end_date || '|' || "
                            "deadline || '|' || study_mode || '|' || language || '|' || url "
                            "FROM offering;");
  g_assert_cmpstr (offering, ==, "urn:vejviser:lo:kot-71210-2026|2026-09-01|2029-01-31|"
                                 "2026-07-05|distance|da|https://www.ug.dk/");
  location = text (fixture, "SELECT name || '|' || town FROM location;");
  g_assert_cmpstr (location, ==, "Roskilde|Roskilde");
  institution = text (fixture, "SELECT name FROM institution;");
  g_assert_cmpstr (institution, ==, "Zealand Sjællands Erhvervsakademi");
  /* No document id on the root: the first provider's names the source */
  source = text (fixture, "SELECT feed_id FROM source;");
  g_assert_cmpstr (source, ==, "elm:urn:vejviser:org:259404");
}

static void
test_reimport_unchanged (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_data (fixture, "elm/loq.xml");
  g_autoptr(VjImportReport) second = import_data (fixture, "elm/loq.xml");

  g_assert_cmpuint (first->totals.added, >, 0);
  g_assert_cmpuint (second->totals.added, ==, 0);
  g_assert_cmpuint (second->totals.updated, ==, 0);
  g_assert_cmpuint (second->totals.withdrawn, ==, 0);
  g_assert_cmpuint (second->totals.unchanged, ==, first->totals.added);
}

/* What the Import page shows before it imports: the source the file will update */
static void
test_peek_header (void)
{
  g_autofree char *path = vj_test_data_path ("elm/elm-rejects.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VjFeedHeader *header = vj_import_peek_header (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (header);
  g_assert_cmpstr (header->source_id, ==, "elm:urn:test:elm:rejects");
  g_assert_cmpstr (header->title, ==, "Køge Akademi");
  vj_feed_header_free (header);
}

/* vejviser-cli import FILE.xml, as an administrator runs it */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = vj_test_data_path ("elm/example-dk-datamatiker.xml");
  g_autofree char *err = NULL;
  int status = -1;
  g_autofree char *out = NULL;

  out = vj_test_run_cli (fixture->path, &status, &err, "import", path, NULL);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Europass ELM 3.1 learning opportunities"));
  g_assert_nonnull (strstr (out, "0 rejected"));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering;"), ==, 1);
}

/* ----- records that must be rejected ----- */

static gboolean
has_rejection (VjImportReport *report,
               guint           line,
               const char     *needle)
{
  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);

      if (issue->line == line && strstr (issue->reason, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_rejects (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_data (fixture, "elm/elm-rejects.xml");
  g_autofree char *programme = NULL;
  g_autofree char *offering = NULL;
  g_autofree char *location = NULL;
  guint opportunities = count_opportunities ("elm/elm-rejects.xml");

  /* One good, five bad: each bad one rejected with the line of its <learningOpportunity> */
  g_assert_cmpuint (opportunities, ==, 6);
  g_assert_cmpuint (report->rejected->len, ==, 5);
  g_assert_true (has_rejection (report, 14, "<title>"));
  g_assert_true (has_rejection (report, 17, "<startDate>"));
  g_assert_true (has_rejection (report, 22, "urn:test:org:nowhere"));
  g_assert_true (has_rejection (report, 26, "urn:test:q:nowhere"));
  g_assert_true (has_rejection (report, 31, "urn:test:loc:nowhere"));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering;"), ==,
                   opportunities - report->rejected->len);

  /* The good one: Danish preferred over English, the specification, organisation and
   * location resolved although they all stand after it, NQF level 6 for the level, 7.5 ECTS
   * not rounded to a whole number that was never said */
  programme = text (fixture, "SELECT title || '|' || level || '|' || ifnull (ects, '-') "
                             "FROM programme;");
  g_assert_cmpstr (programme, ==, "Datalogi|6|-");
  offering = text (fixture, "SELECT start || '|' || deadline || '|' || study_mode || '|' || "
                            "language FROM offering;");
  g_assert_cmpstr (offering, ==, "2027-02-01|2026-12-01|part-time|en");
  location = text (fixture, "SELECT l.street || '|' || l.postcode || '|' || l.town || '|' || "
                            "i.name FROM location l JOIN institution i ON i.id = l.institution_id;");
  g_assert_cmpstr (location, ==, "Campusvej 1|4600|Køge|Køge Akademi");
  /* The draft namespace is read, and the root's id names the source */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM source WHERE feed_id = "
                                   "'elm:urn:test:elm:rejects' AND format = 'elm-loq';"), ==, 1);
}

/* ----- hostile XML ----- */

static char *
snapshot (Fixture *fixture)
{
  return text (fixture,
               "SELECT (SELECT group_concat (external_id || title, ',') FROM programme) || '/' ||"
               " (SELECT group_concat (external_id || ifnull (start, ''), ',') FROM offering) || '/' ||"
               " (SELECT group_concat (external_id || name, ',') FROM institution) || '/' ||"
               " (SELECT group_concat (external_id || name, ',') FROM location);");
}

static void
assert_refused (Fixture    *fixture,
                const char *name,
                const char *contents,
                int         code)
{
  g_autofree char *before = snapshot (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = NULL;
  g_autofree char *after = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, &error);
  }
  g_assert_error (error, VJ_IMPORT_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->status, ==, "failed");
  g_assert_cmpint (report->error_code, ==, code);
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VjImportReport) first = import_data (fixture, "elm/example-dk-datamatiker.xml");
  g_autoptr(GString) deep = g_string_new (NULL);

  /* An entity that would rename the Danish programme, in a file that is that same source */
  assert_refused (fixture, "entity.xml",
                  "<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE Courses [<!ENTITY x \"HACKED\">]>\n"
                  "<Courses xmlns=\"" LOQ_NS "\">\n"
                  "<learningOpportunityReferences>\n"
                  "<learningOpportunity id=\"urn:vejviser:lo:kot-71210-2026\">\n"
                  "<title language=\"da\">&x;</title>\n"
                  "<providedBy idref=\"urn:vejviser:org:259404\"/>\n"
                  "</learningOpportunity></learningOpportunityReferences>\n"
                  "<agentReferences><organisation id=\"urn:vejviser:org:259404\">"
                  "<legalName>&x;</legalName></organisation></agentReferences></Courses>\n",
                  VJ_IMPORT_ERROR_FORBIDDEN);

  /* Nesting far past the depth cap inside an opportunity */
  g_string_append (deep, "<?xml version=\"1.0\"?>\n<Courses xmlns=\"" LOQ_NS "\">\n"
                         "<learningOpportunityReferences>\n"
                         "<learningOpportunity id=\"urn:vejviser:lo:kot-71210-2026\">\n"
                         "<title language=\"da\">Dyb</title>\n<description>");
  for (guint i = 0; i < 5000; i++)
    g_string_append (deep, "<a>");
  for (guint i = 0; i < 5000; i++)
    g_string_append (deep, "</a>");
  g_string_append (deep, "</description>\n<providedBy idref=\"urn:vejviser:org:259404\"/>\n"
                         "</learningOpportunity></learningOpportunityReferences>\n"
                         "<agentReferences><organisation id=\"urn:vejviser:org:259404\">"
                         "<legalName>Dyb</legalName></organisation></agentReferences></Courses>\n");
  assert_refused (fixture, "deep.xml", deep->str, VJ_IMPORT_ERROR_CAP);

  /* Not well-formed at the very end: everything before it read, nothing kept */
  assert_refused (fixture, "truncated.xml",
                  "<?xml version=\"1.0\"?>\n<Courses xmlns=\"" LOQ_NS "\">\n"
                  "<learningOpportunityReferences>\n"
                  "<learningOpportunity id=\"urn:vejviser:lo:kot-71210-2026\">\n"
                  "<title language=\"da\">Afkortet</title>\n"
                  "<providedBy idref=\"urn:vejviser:org:259404\"/>\n"
                  "</learningOpportunity></learningOpportunityReferences>\n"
                  "<agentReferences><organisation id=\"urn:vejviser:org:259404\">"
                  "<legalName>Afkortet</legalName></organisation></agentReferences>\n",
                  VJ_IMPORT_ERROR_NOT_WELL_FORMED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/elm/examples/numbers", test_examples_numbers);
  g_test_add ("/import/elm/examples/danish", Fixture, "elm/example-dk-datamatiker.xml",
              vj_test_fixture_setup, test_examples, vj_test_fixture_teardown);
  g_test_add ("/import/elm/examples/eu-loq", Fixture, "elm/loq.xml",
              vj_test_fixture_setup, test_examples, vj_test_fixture_teardown);
  g_test_add ("/import/elm/examples/eu-loq-with-las", Fixture,
              "elm/loq_withLearningAchievementSpecification.xml",
              vj_test_fixture_setup, test_examples, vj_test_fixture_teardown);
  g_test_add ("/import/elm/danish/fields", Fixture, NULL, vj_test_fixture_setup,
              test_danish_fields, vj_test_fixture_teardown);
  g_test_add ("/import/elm/reimport-unchanged", Fixture, NULL, vj_test_fixture_setup,
              test_reimport_unchanged, vj_test_fixture_teardown);
  g_test_add_func ("/import/elm/peek-header", test_peek_header);
  g_test_add ("/import/elm/cli", Fixture, NULL, vj_test_fixture_setup_empty, test_cli,
              vj_test_fixture_teardown);
  g_test_add ("/import/elm/rejects-with-lines", Fixture, NULL, vj_test_fixture_setup,
              test_rejects, vj_test_fixture_teardown);
  g_test_add ("/import/elm/hostile-changes-nothing", Fixture, NULL, vj_test_fixture_setup,
              test_hostile, vj_test_fixture_teardown);

  return g_test_run ();
}
