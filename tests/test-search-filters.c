#define G_LOG_DOMAIN "test-search-filters"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Filters that combine, a served municipality, deadlines that have not passed (unknown passes),
 * sorting by next start, and a broad search that says it is capped. */

typedef VjTestFixture Fixture;

/* The titles a query finds, joined by "|", in order */
static char *
titles (Fixture                *fixture,
        const VjProgrammeQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSearchResult) result = vj_db_search_programmes (fixture->db, query, NULL, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < result->ids->len; i++)
    {
      g_autoptr(VjProgramme) p = vj_db_load_programme (fixture->db,
                                                       g_array_index (result->ids, gint64, i),
                                                       NULL);
      g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", vj_programme_get_title (p));
    }
  return g_string_free (out, FALSE);
}

static VjProgrammeQuery *
query_new (void)
{
  VjProgrammeQuery *query = vj_programme_query_new ();

  query->today = g_strdup ("2027-01-15");
  query->sort = VJ_PROGRAMME_SORT_TITLE;
  return query;
}

static void
test_open_deadline (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *all = titles (fixture, query);
  g_autofree char *open = NULL;

  g_assert_cmpstr (all, ==, "Overskredet frist|Ukendt frist|Åben frist");
  query->open_deadline = TRUE;
  open = titles (fixture, query);
  /* The passed deadline goes; the unknown one stays */
  g_assert_cmpstr (open, ==, "Ukendt frist|Åben frist");
}

/* "Kun kommende": a programme with an offering that has not started; a start is compared at
 * its own precision (2028-01 has not passed until February 2028), and the programme page marks
 * an offering whose start has passed the same way */
static void
test_upcoming (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  const char * const days[] = { "2027-01-15", "2027-06-01", "2028-01-31", "2028-02-01" };
  const char * const expected[] = {
    "Overskredet frist|Ukendt frist|Åben frist", "Ukendt frist|Åben frist", "Ukendt frist", "",
  };
  gint64 unknown = vj_test_query_int (fixture->path, "SELECT id FROM programme"
                                                     " WHERE title = 'Ukendt frist';");
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (fixture->db, unknown, NULL);

  query->upcoming = TRUE;
  g_assert_true (vj_programme_query_has_filters (query));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *found = NULL;

      g_free (query->today);
      query->today = g_strdup (days[i]);
      found = titles (fixture, query);
      g_assert_cmpstr (found, ==, expected[i]);
    }

  g_assert_nonnull (offerings);
  g_assert_cmpuint (offerings->len, ==, 1);
  g_assert_false (vj_offering_start_has_passed (g_ptr_array_index (offerings, 0), "2028-01-31"));
  g_assert_true (vj_offering_start_has_passed (g_ptr_array_index (offerings, 0), "2028-02-01"));
}

/* A KOT offer that admits in kvote 2 only has its deadline by rule on 15 March: "deadline
 * not passed" keeps it before, leaves it out from 16 March to 5 July, and keeps it again for
 * next year's admission; the list does not mark it as unknown while its deadline is open */
static void
test_open_deadline_by_rule (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *january = NULL;
  g_autofree char *april = NULL;
  g_autofree char *august = NULL;
  g_autoptr(VjProgramme) unknown = NULL;

  vj_test_exec_sql (fixture->path,
                    "UPDATE offering SET kot_number = '17610' WHERE programme_id ="
                    " (SELECT id FROM programme WHERE title = 'Ukendt frist');"
                    "INSERT INTO public_fact (source_id, key_kind, key, fact, year, value, reason,"
                    "                         updated_at)"
                    " SELECT min (id), 'kot', '17610', 'cutoff', 2024, 6.0, NULL, 'x' FROM source"
                    " UNION ALL SELECT min (id), 'kot', '17610', 'cutoff', 2025, NULL,"
                    "   'quota-2-only', 'x' FROM source;");
  unknown = vj_db_load_programme (fixture->db,
                                  vj_test_query_int (fixture->path, "SELECT id FROM programme"
                                                     " WHERE title = 'Ukendt frist';"), NULL);
  query->open_deadline = TRUE;
  january = titles (fixture, query);
  g_assert_cmpstr (january, ==, "Ukendt frist|Åben frist");
  g_assert_true (vj_db_programme_has_open_rule_deadline (fixture->db, unknown, "2027-01-15"));

  g_free (query->today);
  query->today = g_strdup ("2027-04-01");
  april = titles (fixture, query);
  g_assert_cmpstr (april, ==, "");
  g_assert_false (vj_db_programme_has_open_rule_deadline (fixture->db, unknown, "2027-04-01"));

  g_free (query->today);
  query->today = g_strdup ("2027-07-06");
  august = titles (fixture, query);
  g_assert_cmpstr (august, ==, "Ukendt frist");
  g_assert_true (vj_db_programme_has_open_rule_deadline (fixture->db, unknown, "2027-07-06"));
}

static void
test_combined (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  query->category = g_strdup ("erhvervsuddannelse");
  a = titles (fixture, query);
  g_assert_cmpstr (a, ==, "Overskredet frist|Åben frist");

  query->municipality = 370;
  b = titles (fixture, query);
  g_assert_cmpstr (b, ==, "Overskredet frist");

  query->study_mode = g_strdup ("full-time");
  c = titles (fixture, query);
  g_assert_cmpstr (c, ==, "");

  g_clear_pointer (&query->category, g_free);
  g_clear_pointer (&query->study_mode, g_free);
  query->municipality = 0;
  query->level = 5;
  query->text = g_strdup ("frist");
  d = titles (fixture, query);
  g_assert_cmpstr (d, ==, "Ukendt frist");
}

/* Any of the 98 municipalities is a place, and the Region filter finds what is offered there */
static void
test_region (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *all = titles (fixture, query);
  g_autofree char *midt = NULL;
  g_autofree char *sjaelland = NULL;
  g_autofree char *hovedstaden = NULL;
  g_autofree char *nord = NULL;
  g_autofree char *aarhus = NULL;

  g_assert_cmpstr (all, ==, "Jura|Medicin|Sygeplejerske");
  query->region = 1082;
  midt = titles (fixture, query);
  g_assert_cmpstr (midt, ==, "Jura|Medicin");
  query->region = 1085;
  sjaelland = titles (fixture, query);
  g_assert_cmpstr (sjaelland, ==, "Sygeplejerske");
  query->region = 1084;
  hovedstaden = titles (fixture, query);
  g_assert_cmpstr (hovedstaden, ==, "Jura");
  query->region = 1081;
  nord = titles (fixture, query);
  g_assert_cmpstr (nord, ==, "");
  query->region = 0;
  query->municipality = 751;
  aarhus = titles (fixture, query);
  g_assert_cmpstr (aarhus, ==, "Jura|Medicin");
  g_assert_true (vj_programme_query_has_filters (query));
}

static void
test_served_municipality (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *stevns = NULL;

  /* Stevns has no campus; Testskolen serves it */
  query->municipality = 336;
  stevns = titles (fixture, query);
  g_assert_cmpstr (stevns, ==, "Overskredet frist|Åben frist");
}

static void
test_start_range_and_sort (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *summer = NULL;
  g_autofree char *by_start = NULL;

  query->start_from = g_strdup ("2027-08-01");
  query->start_to = g_strdup ("2027-09-30");
  summer = titles (fixture, query);
  g_assert_cmpstr (summer, ==, "Åben frist");

  g_clear_pointer (&query->start_from, g_free);
  g_clear_pointer (&query->start_to, g_free);
  query->sort = VJ_PROGRAMME_SORT_NEXT_START;
  by_start = titles (fixture, query);
  g_assert_cmpstr (by_start, ==, "Overskredet frist|Åben frist|Ukendt frist");
}

static void
test_category_counts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSearchResult) result = NULL;

  /* Counts ignore the category filter itself, so the other choices show what they would give */
  query->category = g_strdup ("erhvervsakademi");
  result = vj_db_search_programmes (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->ids->len, ==, 1);
  g_assert_nonnull (result->category_counts);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (result->category_counts,
                                                         "erhvervsuddannelse")), ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (result->category_counts,
                                                         "erhvervsakademi")), ==, 1);
}

static void
test_builtin_stevns_and_naestved (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *feed = vj_test_builtin_catalogue_path ();
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autofree char *stevns = NULL;
  g_autofree char *naestved = NULL;

  report = vj_test_import (fixture->db, feed);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  query->municipality = 336;
  stevns = titles (fixture, query);
  /* Every municipality is answered for: Stevns through FGU Midt- og Østsjælland */
  g_assert_nonnull (strstr (stevns, "FGU"));

  query->municipality = 370;
  query->text = g_strdup ("sygeplejerske");
  query->sort = VJ_PROGRAMME_SORT_RELEVANCE;
  naestved = titles (fixture, query);
  g_assert_true (g_str_has_prefix (naestved, "Sygeplejerske"));
}

static void
test_broad_search_is_capped (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *feed = g_build_filename (fixture->dir, "broad.xml", NULL);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(VjProgrammeQuery) query = query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSearchResult) result = NULL;
  g_autoptr(VjProgramme) first = NULL;
  guint n = VJ_SEARCH_RANKED_MAX + 200;

  g_string_append (xml, "<catalogue xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\">"
                        "<header><source-id>broad</source-id><version>1</version>"
                        "<title>Broad</title></header>");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (xml, "<programme id=\"p%u\"><title>Uddannelse i emne %u</title>"
                                 "<category>veu</category></programme>", i, i);
  /* The one whose title is exactly what is typed, last in the feed */
  g_string_append (xml, "<programme id=\"exact\"><title>Uddannelse</title>"
                        "<category>veu</category></programme></catalogue>");
  g_assert_true (g_file_set_contents (feed, xml->str, -1, NULL));
  report = vj_test_import (fixture->db, feed);
  g_assert_cmpuint (report->rejected->len, ==, 0);

  query->text = g_strdup ("uddannelse");
  query->sort = VJ_PROGRAMME_SORT_RELEVANCE;
  result = vj_db_search_programmes (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->capped);
  g_assert_null (result->category_counts);
  g_assert_cmpuint (result->ids->len, >, 0);
  g_assert_cmpuint (result->ids->len, <=, n + 1);
  /* Titles beginning with the text come first, in key order: the exact title is the first */
  first = vj_db_load_programme (fixture->db, g_array_index (result->ids, gint64, 0), NULL);
  g_assert_cmpstr (vj_programme_get_title (first), ==, "Uddannelse");
}

/* A test on tests/data/v1-filters.xml */
static void
add_filters_test (const char *path,
                  void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, "v1-filters.xml", vj_test_fixture_setup_catalogue, func,
              vj_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_filters_test ("/db/search/filters/open-deadline", test_open_deadline);
  add_filters_test ("/db/search/filters/upcoming", test_upcoming);
  add_filters_test ("/db/search/filters/open-deadline-by-rule", test_open_deadline_by_rule);
  add_filters_test ("/db/search/filters/combined", test_combined);
  g_test_add ("/db/search/filters/region", Fixture, "v1-country.xml",
              vj_test_fixture_setup_catalogue, test_region, vj_test_fixture_teardown);
  add_filters_test ("/db/search/filters/served-municipality", test_served_municipality);
  add_filters_test ("/db/search/filters/start-range-and-next-start", test_start_range_and_sort);
  add_filters_test ("/db/search/filters/category-counts", test_category_counts);
  g_test_add ("/db/search/filters/builtin-stevns-and-naestved", Fixture, NULL,
              vj_test_fixture_setup, test_builtin_stevns_and_naestved, vj_test_fixture_teardown);
  g_test_add ("/db/search/broad-search-is-capped", Fixture, NULL, vj_test_fixture_setup,
              test_broad_search_is_capped, vj_test_fixture_teardown);
  return g_test_run ();
}
