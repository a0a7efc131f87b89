/* Statistik's numbers through the same database code the page uses: sessions per month, form,
 * service, municipality and Kompetenceparat track (through the programmes discussed, an action
 * plan counting for its track, a session once per track), within a period; the CSV table. */

#include "config.h"

#include <glib/gstdio.h>

#include "vj-db.h"
#include "vj-db-stats.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

typedef VjTestFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_fixture_setup_catalogue (fixture, "v1-small.xml");

  /* Two tracks under a root; an action plan under track A. Programme stx is in track A
   * directly, datamatiker through the plan, oekonom in track B. */
  vj_test_exec_sql (fixture->path,
            "INSERT INTO initiative (id, source_id, external_id, parent_id, position, title,"
            "                        sort_key, kind, content_hash, updated_at)"
            " SELECT 100, id, 'root', NULL, 0, 'Rod', 'rod', 'initiative', 'h', 'x'"
            "   FROM source LIMIT 1;"
            "INSERT INTO initiative (id, source_id, external_id, parent_id, position, title,"
            "                        sort_key, kind, content_hash, updated_at)"
            " SELECT 101, source_id, 'a', 100, 1, 'Spor A', 'spor a', 'track', 'h', 'x'"
            "   FROM initiative WHERE id = 100"
            " UNION ALL SELECT 102, source_id, 'b', 100, 2, 'Spor B', 'spor b', 'track', 'h', 'x'"
            "   FROM initiative WHERE id = 100"
            " UNION ALL SELECT 103, source_id, 'plan', 101, 1, 'Handleplan', 'handleplan',"
            "   'action-plan', 'h', 'x' FROM initiative WHERE id = 100;"
            "INSERT INTO initiative_programme SELECT 101, id FROM programme"
            "  WHERE external_id = 'stx';"
            "INSERT INTO initiative_programme SELECT 103, id FROM programme"
            "  WHERE external_id = 'datamatiker';"
            "INSERT INTO initiative_programme SELECT 102, id FROM programme"
            "  WHERE external_id = 'oekonom';"
            "INSERT INTO session (id, started_at, form, service, municipality, created_at,"
            "                     updated_at) VALUES"
            " (1, '2026-09-01T09:00', 'individual', 'kui', 259, 'x', 'x'),"
            " (2, '2026-09-15T09:00', 'group', 'kui', 259, 'x', 'x'),"
            " (3, '2026-10-02T09:00', 'individual', 'veu', 265, 'x', 'x'),"
            " (4, '2026-10-20T09:00', 'class', 'kui', NULL, 'x', 'x'),"
            " (5, '2025-01-05T09:00', 'individual', 'studievalg', 370, 'x', 'x');"
            /* Session 1: stx and datamatiker, both track A: counted once for A */
            "INSERT INTO session_programme (session_id, programme_id)"
            " SELECT 1, id FROM programme WHERE external_id IN ('stx', 'datamatiker');"
            "INSERT INTO session_programme (session_id, programme_id)"
            " SELECT 2, id FROM programme WHERE external_id IN ('datamatiker', 'oekonom');"
            "INSERT INTO session_programme (session_id, programme_id)"
            " SELECT 5, id FROM programme WHERE external_id = 'oekonom';");
}

static gint64
count_of (VjStats          *stats,
          VjStatsDimension  dimension,
          const char       *label)
{
  for (guint i = 0; i < stats->rows[dimension]->len; i++)
    {
      VjStatsRow *row = g_ptr_array_index (stats->rows[dimension], i);
      if (g_strcmp0 (row->label, label) == 0)
        return row->count;
    }
  return 0;
}

static void
test_all_time (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjStats) stats = vj_db_compute_stats (fixture->db, NULL, NULL, NULL, &error);
  VjStatsRow *first;

  g_assert_no_error (error);
  g_assert_cmpint (stats->total, ==, 5);

  /* Months in order, with Danish names */
  g_assert_cmpuint (stats->rows[VJ_STATS_MONTH]->len, ==, 3);
  first = g_ptr_array_index (stats->rows[VJ_STATS_MONTH], 0);
  g_assert_cmpstr (first->key, ==, "2025-01");
  first = g_ptr_array_index (stats->rows[VJ_STATS_MONTH], 1);
  g_assert_cmpstr (first->key, ==, "2026-09");
  g_assert_cmpint (first->count, ==, 2);
  first = g_ptr_array_index (stats->rows[VJ_STATS_MONTH], 2);
  g_assert_cmpstr (first->key, ==, "2026-10");
  g_assert_cmpint (first->count, ==, 2);

  g_assert_cmpint (count_of (stats, VJ_STATS_FORM, "Individual"), ==, 3);
  g_assert_cmpint (count_of (stats, VJ_STATS_FORM, "Group"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_FORM, "Class (collective)"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_SERVICE, "UU/KUI"), ==, 3);
  g_assert_cmpint (count_of (stats, VJ_STATS_SERVICE, "VEU"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_SERVICE, "Studievalg"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_MUNICIPALITY, "Køge"), ==, 2);
  g_assert_cmpint (count_of (stats, VJ_STATS_MUNICIPALITY, "Roskilde"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_MUNICIPALITY, "Not given"), ==, 1);

  /* Track A: sessions 1 (twice linked, once counted) and 2 (through the plan); track B:
   * sessions 2 and 5 */
  g_assert_cmpuint (stats->rows[VJ_STATS_TRACK]->len, ==, 2);
  g_assert_cmpint (count_of (stats, VJ_STATS_TRACK, "Spor A"), ==, 2);
  g_assert_cmpint (count_of (stats, VJ_STATS_TRACK, "Spor B"), ==, 2);
}

static void
test_period (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjStats) stats = vj_db_compute_stats (fixture->db, "2026-01-01", "2026-10-01", NULL,
                                                  &error);

  g_assert_no_error (error);
  g_assert_cmpint (stats->total, ==, 2);
  g_assert_cmpint (count_of (stats, VJ_STATS_FORM, "Individual"), ==, 1);
  g_assert_cmpint (count_of (stats, VJ_STATS_TRACK, "Spor A"), ==, 2);
  g_assert_cmpint (count_of (stats, VJ_STATS_TRACK, "Spor B"), ==, 1);
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(VjStats) stats = vj_db_compute_stats (fixture->db, NULL, NULL, NULL, NULL);
  g_autofree char *csv = vj_stats_to_csv (stats);

  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfOpdeling;Værdi;Samtaler\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nSessions per Month;2026-09;2\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nForm;Individual;3\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nKompetenceparat Track;Spor A;2\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/stats/all-time", Fixture, NULL, fixture_set_up, test_all_time,
              vj_test_fixture_teardown);
  g_test_add ("/db/stats/period", Fixture, NULL, fixture_set_up, test_period,
              vj_test_fixture_teardown);
  g_test_add ("/db/stats/csv", Fixture, NULL, fixture_set_up, test_csv, vj_test_fixture_teardown);
  return g_test_run ();
}
