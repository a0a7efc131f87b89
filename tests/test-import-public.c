#define G_LOG_DOMAIN "test-import-public"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-importer.h"
#include "vj-kot-title.h"
#include "vj-test-util.h"
#include "vj-xml-source.h"

/* The public tables as feed formats, on excerpts of the real tables (tests/data/public/) with
 * damaged rows added at their ends: found from the header row, imported like a feed (a report
 * with the skipped rows and their lines), kept beside the catalogue and never withdrawn. */

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

  fixture->dir = g_dir_make_tmp ("vejviser-public-XXXXXX", &error);
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

static VjImportReport *
import_path (Fixture    *fixture,
             const char *path,
             GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, error);
}

static VjImportReport *
import_table_as (Fixture    *fixture,
                 const char *name,
                 const char *status)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "public", name, NULL);
  g_autoptr(GError) error = NULL;
  VjImportReport *report = import_path (fixture, path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->status, ==, status);
  return report;
}

static VjImportReport *
import_table (Fixture    *fixture,
              const char *name)
{
  return import_table_as (fixture, name, "imported");
}

static void
assert_issue (GPtrArray  *issues,
              guint       index,
              guint       line,
              const char *reason)
{
  VjImportIssue *issue;

  g_assert_cmpuint (index, <, issues->len);
  issue = g_ptr_array_index (issues, index);
  g_assert_cmpuint (issue->line, ==, line);
  g_assert_cmpstr (issue->reason, ==, reason);
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return vj_test_query_int (fixture->path, sql);
}

static void
check_register (Fixture        *fixture,
                VjImportReport *report)
{
  g_assert_cmpstr (report->format, ==, "institutionsregister");
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_UNIT].added, ==, 13);
  /* Lines 14 and 15: a five-digit number, a unit without a name */
  g_assert_cmpuint (report->rejected->len, ==, 2);
  assert_issue (report->rejected, 0, 14, "The institution number “12345” is not six digits");
  assert_issue (report->rejected, 1, 15, "Unit “259999” has no name");

  /* Køge Gymnasium with its address, in Køge, on the map */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_unit WHERE number = '259014'"
                                   " AND name = 'Køge Gymnasium' AND street = 'Gymnasievej 4'"
                                   " AND postcode = '4600' AND municipality = 259"
                                   " AND latitude BETWEEN 55.4 AND 55.5"
                                   " AND longitude BETWEEN 12.1 AND 12.2;"), ==, 1);
  /* A campus names its main school */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_unit WHERE number = '259410'"
                                   " AND main_number = '259404';"), ==, 1);
  /* Coordinates that are no coordinates are left out, the unit is kept */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_unit WHERE number = '259998'"
                                   " AND latitude IS NULL AND longitude IS NULL;"), ==, 1);
  /* Nothing in the catalogue itself: the register enriches, it does not own */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM institution;"), ==, 0);
}

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_table (fixture, "institutionsregister-excerpt.csv");
  g_autoptr(VjImportReport) again = NULL;

  check_register (fixture, report);
  /* The same table again: nothing new, and the report says so */
  again = import_table_as (fixture, "institutionsregister-excerpt.csv", "not-modified");
  g_assert_cmpuint (again->totals.added + again->totals.updated, ==, 0);
  g_assert_cmpuint (again->by_kind[VJ_IMPORT_KIND_UNIT].unchanged, ==, 13);
}

/* The app checks its built-in tables at every start by their header alone: a large table is
 * named by its first lines, in UTF-8 and in UTF-16, and what lies past them is not read (here
 * a broken end, which a whole read would refuse). */
static void
test_peek_large_table (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "public",
                                                 "institutionsregister-excerpt.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) large = NULL;
  const char *rows;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  rows = strchr (text, '\n') + 1;
  large = g_string_new_len (text, rows - text);
  while (large->len < 300000)
    g_string_append (large, rows);

  for (guint utf16 = 0; utf16 < 2; utf16++)
    {
      g_autofree char *name = g_strdup_printf ("large-%u.csv", utf16);
      g_autofree char *large_path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GFile) file = g_file_new_for_path (large_path);
      g_autoptr(VjFeedHeader) header = NULL;
      g_autoptr(GError) error = NULL;

      if (utf16)
        {
          static const guint8 bom[] = { 0xff, 0xfe };
          static const guint8 lone_surrogate[] = { 0x00, 0xd8, 'x', 0x00 };
          gsize written = 0;
          g_autofree char *converted = g_convert (large->str, (gssize) large->len, "UTF-16LE",
                                                  "UTF-8", NULL, &written, &error);

          g_assert_no_error (error);
          g_byte_array_append (bytes, bom, 2);
          g_byte_array_append (bytes, (const guint8 *) converted, (guint) written);
          g_byte_array_append (bytes, lone_surrogate, sizeof lone_surrogate);
        }
      else
        {
          g_byte_array_append (bytes, (const guint8 *) large->str, (guint) large->len);
          g_byte_array_append (bytes, (const guint8 *) "\"unterminated", 13);
        }
      g_assert_true (g_file_set_contents (large_path, (const char *) bytes->data, bytes->len,
                                          NULL));

      header = vj_import_peek_header (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (header);
      g_assert_cmpstr (header->source_id, ==, "public:institutionsregister");
      g_assert_cmpint (header->version, ==, 1);
    }
}

/* As STIL exports it: UTF-16 with a BOM */
static void
test_register_utf16 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "public",
                                                 "institutionsregister-excerpt.csv", NULL);
  g_autofree char *utf16_path = g_build_filename (fixture->dir, "register-utf16.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *utf16 = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0, written = 0;
  static const guint8 bom[] = { 0xff, 0xfe };

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  utf16 = g_convert (text, (gssize) length, "UTF-16LE", "UTF-8", NULL, &written, &error);
  g_assert_no_error (error);
  g_byte_array_append (bytes, bom, 2);
  g_byte_array_append (bytes, (const guint8 *) utf16, (guint) written);
  g_assert_true (g_file_set_contents (utf16_path, (const char *) bytes->data, bytes->len, NULL));

  report = import_path (fixture, utf16_path, &error);
  g_assert_no_error (error);
  check_register (fixture, report);
}

static void
test_uddannelseszoom (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_table (fixture, "uddannelseszoom-excerpt.csv");

  g_assert_cmpstr (report->format, ==, "uddannelseszoom");
  /* Two Datamatiker at Zealand (Roskilde, Næstved), five Pædagog at Absalon, one damaged row
   * that still has a campus */
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PUBLIC_OFFER].added, ==, 8);
  g_assert_cmpuint (report->rejected->len, ==, 2);
  assert_issue (report->rejected, 0, 10, "The institution number “” is not six digits");
  assert_issue (report->rejected, 1, 11, "The institution number “26542” is not six digits");
  assert_issue (report->warnings, 0, 12, "“mange” in dropout is not a number");
  assert_issue (report->warnings, 1, 0, "1 national aggregate (udbud_id 999999) was left out");
  assert_issue (report->warnings, 2, 0, "2 education codes (udd6) were not six digits and are "
                                        "kept as unknown");

  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_offer"
                                   " WHERE key = 'udb2-datamatiker/259410' AND town = 'Roskilde'"
                                   " AND institution_number = '259410'"
                                   " AND url = 'https://www.ug.dk/uddannelser/"
                                   "erhvervsakademiuddannelser/itogdesignuddannelser/datamatiker'"
                                   " AND education_code IS NULL;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_offer"
                                   " WHERE key = 'udb2-paedagog/265421'"
                                   " AND education_code = '544400';"), ==, 1);
  /* Facts of the year their period ends */
  g_assert_cmpint (count (fixture, "SELECT value FROM public_fact WHERE key = 'udb2-paedagog/265421'"
                                   " AND fact = 'dropout' AND year = 2022;"), ==, 12);
  g_assert_cmpint (count (fixture, "SELECT value * 10 FROM public_fact"
                                   " WHERE key = 'udb2-paedagog/265421'"
                                   " AND fact = 'wage-median' AND year = 2021;"), ==, 303);
  g_assert_cmpint (count (fixture, "SELECT value FROM public_fact WHERE key = 'udb2-paedagog/265421'"
                                   " AND fact = 'teaching-hours' AND year = 2023;"), ==, 326);
  /* An empty figure whose period is given was suppressed: kept as such, not as a zero */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact"
                                   " WHERE key = 'udb2-paedagog/369999' AND fact = 'unemployment'"
                                   " AND value IS NULL AND reason = 'suppressed';"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact WHERE value = 0;"), ==, 0);
}

static void
test_kot (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(VjImportReport) report = import_table (fixture, "kot-graensekvotienter-excerpt.csv");
  g_autoptr(VjImportReport) again = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpstr (report->format, ==, "kot-graensekvotienter");
  g_assert_cmpuint (report->rejected->len, ==, 3);
  assert_issue (report->rejected, 0, 36, "KOT offer 10114 has no title");
  assert_issue (report->rejected, 1, 47, "The cut-off grade “ti” is not a number");
  assert_issue (report->rejected, 2, 48, "“9x9” is not a KOT number");

  /* Pædagog in Roskilde: a cut-off or its reason for every year since 2009 */
  g_assert_cmpint (count (fixture, "SELECT count(DISTINCT year) FROM public_fact"
                                   " WHERE key = '53130' AND fact = 'cutoff'"
                                   " AND year BETWEEN 2009 AND 2025;"), ==, 17);
  g_assert_cmpint (count (fixture, "SELECT value * 10 FROM public_fact WHERE key = '53130'"
                                   " AND year = 2009;"), ==, 68);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact WHERE key = '53130'"
                                   " AND year = 2010 AND value IS NULL"
                                   " AND reason = 'all-admitted-vacancies';"), ==, 1);
  /* Every reason KOT gives, as a reason, never as a zero */
  g_assert_cmpint (count (fixture, "SELECT count(DISTINCT reason) FROM public_fact"
                                   " WHERE reason IN ('all-admitted', 'all-admitted-vacancies',"
                                   "  'quota-2-only', 'outside-quota', 'not-created',"
                                   "  'unknown');"), ==, 6);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact WHERE value = 0"
                                   " OR (value IS NULL AND reason IS NULL);"), ==, 0);
  /* The offer keeps its title and the town taken from it */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_offer WHERE key_kind = 'kot'"
                                   " AND key = '13055' AND town = 'Frederiksberg';"), ==, 1);

  /* The same table again: what is there is unchanged, nothing is withdrawn */
  again = import_table_as (fixture, "kot-graensekvotienter-excerpt.csv", "not-modified");
  g_assert_cmpuint (again->totals.added + again->totals.updated + again->totals.withdrawn, ==, 0);

  /* A table that leaves rows out withdraws nothing */
  path = g_build_filename (fixture->dir, "kot-2026.csv", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "code;kot_nr;aar;graensekvotient;graensekvotient_raw;"
                                      "graensekvotient_gruppe;har_graensekvotient;"
                                      "har_ledige_pladser;udbud_titel\n"
                                      "53130#2026;53130;2026;5.0;5,0;;true;false;"
                                      "Professionsbachelor, pædagog, Roskilde, Studiestart: "
                                      "sommerstart\n", -1, NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VjImportReport) next = import_path (fixture, path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (next->by_kind[VJ_IMPORT_KIND_FACT].added, ==, 1);
  }
  g_assert_cmpint (count (fixture, "SELECT count(DISTINCT year) FROM public_fact"
                                   " WHERE key = '53130';"), ==, 18);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_offer WHERE key = '71210';"), ==, 1);
}

/* KOT joined to the offers at institutions through the title and the register's towns, with
 * how each match was made; the rate per year in the report */
static void
test_kot_mapping (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VjImportReport) reg = import_table (fixture, "institutionsregister-excerpt.csv");
  g_autoptr(VjImportReport) zoom = import_table (fixture, "uddannelseszoom-excerpt.csv");
  g_autoptr(VjImportReport) kot = import_table (fixture, "kot-graensekvotienter-excerpt.csv");
  gboolean found_rate = FALSE;

  /* "Datamatiker, Roskilde" is Zealand's campus in Roskilde, by title and town */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM kot_match WHERE kot_number = '71210'"
                                   " AND ug_article = 'udb2-datamatiker/259410'"
                                   " AND institution_number = '259410'"
                                   " AND method = 'title+town';"), ==, 1);
  /* "Professionsbachelor, pædagog, Roskilde" is Absalon's Pædagog in Roskilde, by its short
   * title */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM kot_match WHERE kot_number = '53130'"
                                   " AND ug_article = 'udb2-paedagog/265421'"
                                   " AND method = 'short-title+town' AND start = 'summer';"), ==, 1);
  /* An offer with no counterpart stays unmatched, its cut-offs kept */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM kot_match WHERE kot_number = '13055'"
                                   " AND ug_article IS NULL AND method = 'no-match';"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_fact WHERE key = '13055';"), ==, 2);

  for (guint i = 0; i < kot->warnings->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (kot->warnings, i);

      found_rate |= g_strcmp0 (issue->reason, "KOT 2025: 2 of 2 offers matched to an offer at "
                                              "an institution (100 %)") == 0;
    }
  g_assert_true (found_rate);
}

/* An offering carrying its ug.dk article and campus gets its figures through the public keys:
 * a cut-off or its reason for each year, in words, never a zero */
static void
test_offering_facts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-public-keys.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) v1 = import_path (fixture, feed, &error);
  g_autoptr(VjImportReport) reg = import_table (fixture, "institutionsregister-excerpt.csv");
  g_autoptr(VjImportReport) zoom = import_table (fixture, "uddannelseszoom-excerpt.csv");
  g_autoptr(VjImportReport) kot = import_table (fixture, "kot-graensekvotienter-excerpt.csv");
  g_autoptr(GPtrArray) facts = NULL;
  gint64 offering;
  guint cutoffs = 0;
  gboolean dropout = FALSE;

  g_assert_no_error (error);
  offering = count (fixture, "SELECT id FROM offering WHERE external_id = 'paedagog-roskilde';");
  facts = vj_db_list_offering_facts (fixture->db, offering, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < facts->len; i++)
    {
      VjFact *fact = g_ptr_array_index (facts, i);
      g_autofree char *text = vj_fact_format (fact);

      g_assert_true (fact->has_value ? fact->value != 0 : fact->reason != NULL);
      if (g_strcmp0 (fact->fact, "cutoff") == 0)
        {
          g_assert_cmpstr (fact->key, ==, "53130");
          g_assert_cmpint (fact->year, ==, 2009 + (int) cutoffs);
          if (fact->year == 2009)
            g_assert_cmpstr (text, ==, "6,8");
          if (fact->year == 2010)
            g_assert_cmpstr (text, ==, "All qualified applicants admitted, places left");
          cutoffs++;
        }
      if (g_strcmp0 (fact->fact, "dropout") == 0)
        {
          g_assert_cmpint (fact->year, ==, 2022);
          g_assert_cmpstr (text, ==, "12 %");
          dropout = TRUE;
        }
    }
  g_assert_cmpuint (cutoffs, ==, 17);
  g_assert_true (dropout);
}

/* The national catalogue made by build-aux/make-catalogue imports whole, and a counsellor
 * finds in it what the issue asks for: Datamatiker at Zealand in Roskilde and Næstved, Pædagog
 * at Absalon in Roskilde, and Køge's gymnasium and erhvervsskoler with their addresses */
static void
test_national_catalogue (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                 "national.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = import_path (fixture, path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpstr (report->feed_id, ==, "builtin:national");
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN programme p ON p.id = o.programme_id"
                                   " JOIN location l ON l.id = o.location_id"
                                   " JOIN institution i ON i.id = l.institution_id"
                                   " WHERE p.title = 'Datamatiker' AND i.number = '259404'"
                                   "  AND l.town IN ('Roskilde', 'Næstved');"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN programme p ON p.id = o.programme_id"
                                   " JOIN location l ON l.id = o.location_id"
                                   " WHERE p.title = 'Pædagog' AND l.number = '265421'"
                                   "  AND o.ug_article = 'udb2-paedagog';"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM location"
                                   " WHERE number = '259014' AND street = 'Gymnasievej 4'"
                                   "  AND municipality = 259 AND latitude IS NOT NULL;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(DISTINCT i.id) FROM institution i"
                                   " JOIN location l ON l.institution_id = i.id"
                                   " WHERE l.municipality = 259 AND l.street IS NOT NULL"
                                   "  AND i.type IN ('gymnasium', 'vocational-college');"), >=, 4);

  /* FGU's three tracks at every FGU institution, marked as derived from the law: none without
   * all three, none derived anywhere else */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM institution WHERE type = 'fgu';"), ==,
                   27);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM institution i WHERE i.type = 'fgu'"
                                   " AND (SELECT count(DISTINCT p.title) FROM offering o"
                                   "      JOIN programme p ON p.id = o.programme_id"
                                   "      JOIN location l ON l.id = o.location_id"
                                   "      WHERE l.institution_id = i.id"
                                   "       AND o.derived = 'lov om forberedende grunduddannelse'"
                                   "       AND p.category = 'forberedende') = 3;"), ==, 27);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN location l ON l.id = o.location_id"
                                   " JOIN institution i ON i.id = l.institution_id"
                                   " WHERE o.derived IS NOT NULL AND i.type <> 'fgu';"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering WHERE derived IS NOT NULL;"),
                   ==, 3 * 97);
}

static VjImportReport *
import_builtin (Fixture    *fixture,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  VjImportReport *report = import_path (fixture, path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->status, ==, "imported");
  return report;
}

/* The app's first start: the region's own file, then the national catalogue and the register.
 * An institution, a campus and a programme both speak of is one row: Zealand's campus in
 * Roskilde once, Datamatiker once (offered in Næstved as the region's file says and in Roskilde
 * as the national one adds, not again in Næstved), and Køge Gymnasium once, with the register's
 * address on its one campus */
static void
test_builtin_catalogues_meet (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VjImportReport) region = import_builtin (fixture, "catalogue/region-sjaelland.xml");
  g_autoptr(VjImportReport) national = import_builtin (fixture, "catalogue/national.xml");
  g_autoptr(VjImportReport) units = import_builtin (fixture, "sources/institutionsregister.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) campuses = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  gint64 zealand;
  guint datamatiker = 0;

  g_assert_cmpuint (region->rejected->len, ==, 0);
  g_assert_cmpuint (national->rejected->len, ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM institution"
                                   " WHERE number = '259404' AND withdrawn = 0;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM location"
                                   " WHERE number = '259410' AND withdrawn = 0;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme"
                                   " WHERE title = 'Datamatiker' AND withdrawn = 0;"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN programme p ON p.id = o.programme_id"
                                   " JOIN location l ON l.id = o.location_id"
                                   " WHERE p.title = 'Datamatiker' AND o.withdrawn = 0"
                                   "  AND l.number IN ('259410', '259408');"), ==, 2);
  /* Pædagog at Absalon in Roskilde comes from the region's file, and gains the national
   * catalogue's ug.dk article, through which its facts and its deadline by rule reach it */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN programme p ON p.id = o.programme_id"
                                   " JOIN location l ON l.id = o.location_id"
                                   " WHERE p.title = 'Pædagog' AND o.withdrawn = 0"
                                   "  AND l.number = '265421'"
                                   "  AND o.ug_article = 'udb2-paedagog';"), ==, 1);
  /* Every institution number is one institution, every campus number one campus */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM (SELECT number FROM institution"
                                   " WHERE withdrawn = 0 AND number IS NOT NULL"
                                   " GROUP BY number HAVING count(*) > 1);"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM (SELECT number FROM location"
                                   " WHERE withdrawn = 0 AND number IS NOT NULL"
                                   " GROUP BY number HAVING count(*) > 1);"), ==, 0);

  /* What the Institutions page shows */
  found = vj_db_find_institutions (fixture->db, 0, NULL, "Zealand", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  zealand = vj_institution_get_id (g_ptr_array_index (found, 0));
  programmes = vj_db_list_institution_programmes (fixture->db, zealand, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < programmes->len; i++)
    {
      GStrv row = g_ptr_array_index (programmes, i);

      if (g_strcmp0 (row[1], "Datamatiker") == 0)
        {
          g_assert_nonnull (strstr (row[2], "Roskilde"));
          g_assert_nonnull (strstr (row[2], "Næstved"));
          datamatiker++;
        }
    }
  g_assert_cmpuint (datamatiker, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = vj_db_find_institutions (fixture->db, 0, NULL, "Køge Gymnasium", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  campuses = vj_db_list_institution_campuses (fixture->db,
                                              vj_institution_get_id (g_ptr_array_index (found, 0)),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campuses->len, ==, 1);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (campuses, 0))[1], ==, "Gymnasievej 4, 4600 Køge");

  /* FGU: one programme per track; the region's own FGU offerings stay as its file has them,
   * the national catalogue's derived ones add the rest of the country, each campus once */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM programme"
                                   " WHERE category = 'forberedende' AND title LIKE 'FGU%'"
                                   "  AND withdrawn = 0;"), ==, 3);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM (SELECT o.location_id FROM offering o"
                                   " WHERE o.withdrawn = 0 AND o.programme_id IN"
                                   "  (SELECT id FROM programme WHERE title LIKE 'FGU%')"
                                   " GROUP BY o.programme_id, o.location_id"
                                   " HAVING count(*) > 1);"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM offering o"
                                   " JOIN location l ON l.id = o.location_id"
                                   " WHERE l.number = '373350' AND o.withdrawn = 0"
                                   "  AND o.derived IS NULL;"), ==, 3);
  {
    g_autoptr(GPtrArray) offerings = NULL;
    gint64 agu = count (fixture, "SELECT id FROM programme"
                                 " WHERE title = 'FGU – almen grunduddannelse (agu)';");
    guint derived = 0;

    offerings = vj_db_list_offerings (fixture->db, agu, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < offerings->len; i++)
      if (g_strcmp0 (vj_offering_get (g_ptr_array_index (offerings, i), VJ_OFFERING_DERIVED),
                     "lov om forberedende grunduddannelse") == 0)
        derived++;
    g_assert_cmpuint (derived, >, 50);
    g_assert_cmpuint (derived, <, offerings->len);
  }
}

/* A table nobody reads is refused, naming what is read, and changes nothing */
static void
test_unknown_table (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "andet.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = NULL;

  g_assert_true (g_file_set_contents (path, "navn;by\nKøge Gymnasium;Køge\n", -1, NULL));
  report = import_path (fixture, path, &error);
  g_assert_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT);
  g_assert_cmpstr (report->status, ==, "failed");
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM public_unit;"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM source;"), ==, 0);
}

typedef struct
{
  const char *title;
  const char *programme;
  const char *town;
  const char *start;
  gboolean    distance;
} TitleCase;

static void
test_kot_titles (void)
{
  static const TitleCase cases[] = {
    { "Datamatiker, Roskilde, Studiestart: sommerstart", "Datamatiker", "Roskilde", "summer",
      FALSE },
    { "Professionsbachelor, pædagog, Roskilde, E-læring, Studiestart: vinterstart",
      "Professionsbachelor, pædagog", "Roskilde", "winter", TRUE },
    { "Medicin, København Ø, Studiestart: sommer- og vinterstart", "Medicin", "København Ø",
      "summer-winter", FALSE },
    { "Business, Language and Culture, Frederiksberg, Study start: Summer start",
      "Business, Language and Culture", "Frederiksberg", "summer", FALSE },
    { "Bygningskonstruktør, professionsbachelor i bygningskonstruktion, Aalborg SV, E-læring, "
      "Studiestart: sommerstart", "Bygningskonstruktør, professionsbachelor i "
      "bygningskonstruktion", "Aalborg SV", "summer", TRUE },
    { "Portugisiske og brasilianske studier, København K, studiestart: sommerstart",
      "Portugisiske og brasilianske studier", "København K", "summer", FALSE },
    { "Naturvidenskab og it", "Naturvidenskab og it", NULL, NULL, FALSE },
    { "Diplomingeniør, maskin", "Diplomingeniør, maskin", NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VjKotTitle) t = vj_kot_title_parse (cases[i].title);

      g_assert_cmpstr (t->programme, ==, cases[i].programme);
      g_assert_cmpstr (t->town, ==, cases[i].town);
      g_assert_cmpstr (t->start, ==, cases[i].start);
      g_assert_cmpint (t->distance, ==, cases[i].distance);
    }
}

static VjFact *
cutoff (const char *key,
        int         year,
        double      value,
        const char *reason,
        const char *start)
{
  VjFact *fact = vj_fact_new ();

  fact->fact = g_strdup ("cutoff");
  fact->key = g_strdup (key);
  fact->year = year;
  fact->has_value = reason == NULL;
  fact->value = value;
  fact->reason = g_strdup (reason);
  fact->start = g_strdup (start);
  return fact;
}

/* Deadlines by rule only for a KOT offer: kvote 2 on 15 March, kvote 1 on 5 July, kvote 2 only
 * where KOT's newest year says so; none for an offer with other figures only */
static void
test_admission_rule (void)
{
  g_autoptr(GPtrArray) kot = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
  g_autoptr(GPtrArray) quota2 = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
  VjAdmissionRule rule = { 0 };
  VjFact *dropout = vj_fact_new ();

  g_ptr_array_add (kot, cutoff ("53130", 2024, 5.0, NULL, "summer"));
  g_ptr_array_add (kot, cutoff ("53130", 2025, 0, "all-admitted", "summer"));
  vj_facts_admission_rule (kot, "2027-01-15", &rule);
  g_assert_true (rule.applies);
  g_assert_true (rule.quota1);
  g_assert_cmpstr (rule.quota1_date, ==, "2027-07-05");
  g_assert_cmpstr (rule.quota2_date, ==, "2027-03-15");
  g_assert_cmpstr (rule.start, ==, "summer");
  vj_admission_rule_clear (&rule);

  /* After 5 July: next year's admission */
  vj_facts_admission_rule (kot, "2027-07-06", &rule);
  g_assert_cmpstr (rule.quota1_date, ==, "2028-07-05");
  vj_admission_rule_clear (&rule);
  vj_facts_admission_rule (kot, "2027-07-05", &rule);
  g_assert_cmpstr (rule.quota1_date, ==, "2027-07-05");
  vj_admission_rule_clear (&rule);

  g_ptr_array_add (quota2, cutoff ("17610", 2013, 0, "outside-quota", "summer"));
  g_ptr_array_add (quota2, cutoff ("17610", 2014, 0, "quota-2-only", "summer"));
  vj_facts_admission_rule (quota2, "2027-01-15", &rule);
  g_assert_true (rule.applies);
  g_assert_false (rule.quota1);
  g_assert_cmpstr (rule.quota2_date, ==, "2027-03-15");
  g_assert_cmpstr (rule.quota1_date, ==, "");
  vj_admission_rule_clear (&rule);

  dropout->fact = g_strdup ("dropout");
  dropout->key = g_strdup ("udb3-cand-jur/101000");
  dropout->year = 2022;
  dropout->has_value = TRUE;
  dropout->value = 10;
  g_ptr_array_add (other, dropout);
  vj_facts_admission_rule (other, "2027-01-15", &rule);
  g_assert_false (rule.applies);
  vj_admission_rule_clear (&rule);
}

/* Youth education after 9. or 10. klasse: 1 March by rule, only where the rule applies (STX,
 * HHX, HTX, 2-årig HF, EUD, EUX), labelled with optagelse.dk; a KOT offer keeps KOT's rule */
static void
test_youth_admission_rule (void)
{
  g_autoptr(GPtrArray) kot = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
  VjAdmissionRule rule = { 0 };
  g_autofree char *text = NULL;
  static const struct { const char *category, *title; gboolean applies; } cases[] = {
    { "gymnasial", "STX – almen studentereksamen", TRUE },
    { "gymnasial", "HHX – højere handelseksamen", TRUE },
    { "gymnasial", "HTX – højere teknisk eksamen", TRUE },
    { "gymnasial", "HF – 2-årig hf", TRUE },
    { "gymnasial", "HF", TRUE },
    { "erhvervsuddannelse", "EUX – erhvervsuddannelse med studentereksamen", TRUE },
    { "erhvervsuddannelse", "Tømrer", TRUE },
    { "gymnasial", "3-årig hf (HF+)", FALSE },
    { "gymnasial", "HF Plus", FALSE },
    { "gymnasial", "IB – International Baccalaureate", FALSE },
    { "veu", "HF-enkeltfag", FALSE },
    { "forberedende", "FGU – almen grunduddannelse (agu)", FALSE },
    { "professionsbachelor", "Pædagog", FALSE },
    { "universitet", "Stx-lærer", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].title);
      g_assert_cmpint (vj_youth_admission_applies (cases[i].category, cases[i].title), ==,
                       cases[i].applies);
    }

  vj_admission_rule_for ("gymnasial", "STX – almen studentereksamen", NULL, "2027-01-15", &rule);
  g_assert_true (rule.applies);
  g_assert_cmpint (rule.kind, ==, VJ_ADMISSION_RULE_YOUTH);
  g_assert_cmpstr (vj_admission_rule_deadline (&rule), ==, "2027-03-01");
  g_assert_nonnull (strstr (vj_admission_rule_get_source (&rule), "optagelse.dk"));
  text = vj_admission_rule_format (&rule);
  g_assert_nonnull (strstr (text, "by rule"));
  vj_admission_rule_clear (&rule);
  /* 1 March itself is still open; the day after, next year's */
  vj_admission_rule_for ("erhvervsuddannelse", "Tømrer", NULL, "2027-03-01", &rule);
  g_assert_cmpstr (vj_admission_rule_deadline (&rule), ==, "2027-03-01");
  vj_admission_rule_clear (&rule);
  vj_admission_rule_for ("erhvervsuddannelse", "Tømrer", NULL, "2027-03-02", &rule);
  g_assert_cmpstr (vj_admission_rule_deadline (&rule), ==, "2028-03-01");
  vj_admission_rule_clear (&rule);

  /* Not for a programme the rule does not cover */
  vj_admission_rule_for ("gymnasial", "IB – International Baccalaureate", NULL, "2027-01-15",
                         &rule);
  g_assert_false (rule.applies);
  g_assert_null (vj_admission_rule_deadline (&rule));
  vj_admission_rule_clear (&rule);

  /* A KOT offer's rule is KOT's */
  g_ptr_array_add (kot, cutoff ("53130", 2025, 5.0, NULL, "summer"));
  vj_admission_rule_for ("professionsbachelor", "Pædagog", kot, "2027-01-15", &rule);
  g_assert_cmpint (rule.kind, ==, VJ_ADMISSION_RULE_KOT);
  g_assert_cmpstr (vj_admission_rule_deadline (&rule), ==, "2027-07-05");
  vj_admission_rule_clear (&rule);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/public/register", Fixture, NULL, setup, test_register, teardown);
  g_test_add ("/import/public/register-utf16", Fixture, NULL, setup, test_register_utf16,
              teardown);
  g_test_add ("/import/public/peek-large-table", Fixture, NULL, setup, test_peek_large_table,
              teardown);
  g_test_add ("/import/public/uddannelseszoom", Fixture, NULL, setup, test_uddannelseszoom,
              teardown);
  g_test_add ("/import/public/kot", Fixture, NULL, setup, test_kot, teardown);
  g_test_add ("/import/public/kot-mapping", Fixture, NULL, setup, test_kot_mapping, teardown);
  g_test_add ("/import/public/offering-facts", Fixture, NULL, setup, test_offering_facts,
              teardown);
  g_test_add ("/import/public/national-catalogue", Fixture, NULL, setup, test_national_catalogue,
              teardown);
  g_test_add ("/import/public/builtin-catalogues-meet", Fixture, NULL, setup,
              test_builtin_catalogues_meet, teardown);
  g_test_add ("/import/public/unknown-table", Fixture, NULL, setup, test_unknown_table,
              teardown);
  g_test_add_func ("/import/public/kot-titles", test_kot_titles);
  g_test_add_func ("/import/public/youth-admission-rule", test_youth_admission_rule);
  g_test_add_func ("/import/public/admission-rule", test_admission_rule);
  return g_test_run ();
}
