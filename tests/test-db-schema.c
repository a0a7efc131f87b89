#define G_LOG_DOMAIN "test-db-schema"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
/* Raw file on purpose (check-store.py): the schema fixtures, loaded as an old release left them */
#include <sqlite3.h>
#include <string.h>

#include "vj-db-feeds.h"
#include "vj-db-search.h"
#include "vj-db-settings.h"
#include "vj-db.h"
#include "vj-db-timeline.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Every released schema version upgrades to the latest with nothing lost (DESIGN.md, Data):
 * tests/data/schema/vN.sql is a database of schema N with a little of everything a
 * counsellor keeps (made by build-aux/make-schema-fixtures from the migrations as released). */

#define OLDEST_FIXTURE 1
#define NEWEST_RELEASED 8

typedef VjTestFixture Fixture;

static char *
fixture_sql_path (int version)
{
  g_autofree char *name = g_strdup_printf ("v%d.sql", version);

  return g_test_build_filename (G_TEST_DIST, "data", "schema", name, NULL);
}

/* The fixture's SQL turned into a database file at @path */
static void
make_database (const char *path,
               int         version)
{
  g_autofree char *sql_path = fixture_sql_path (version);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *conn = NULL;
  char *message = NULL;

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql_path, message);
  g_assert_cmpint (sqlite3_close (conn), ==, SQLITE_OK);
}

static gint64
first_hit (VjDb       *db,
           const char *text)
{
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  query->text = g_strdup (text);
  ids = vj_db_search_programme_ids (db, query, NULL, &error);
  g_assert_no_error (error);
  return ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
}

/* A new migration comes with its fixture (build-aux/make-schema-fixtures), so the next one is
 * tested against what this one wrote */
static void
test_fixtures_for_every_release (void)
{
  for (int v = OLDEST_FIXTURE; v <= vj_db_latest_schema_version (); v++)
    {
      g_autofree char *path = fixture_sql_path (v);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_test_message ("No fixture for schema %d: run build-aux/make-schema-fixtures", v);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (vj_db_latest_schema_version (), >=, NEWEST_RELEASED);
}

static void
test_upgrade (Fixture       *fixture,
              gconstpointer  data)
{
  int version = GPOINTER_TO_INT (data);
  int latest = vj_db_latest_schema_version ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *name = NULL;
  g_autofree char *years = NULL;

  make_database (fixture->path, version);
  g_assert_cmpint (vj_test_query_int (fixture->path, "PRAGMA user_version;"), ==, version);

  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_get_schema_version (db), ==, latest);

  /* A copy of the old database was kept before the upgrade, unchanged */
  if (version < latest)
    {
      const char *backup = vj_db_get_backup_path (db);

      g_assert_nonnull (backup);
      g_assert_cmpint (vj_test_query_int (backup, "PRAGMA user_version;"), ==, version);
      g_assert_cmpint (vj_test_query_int (backup, "SELECT count (*) FROM session;"), ==, 1);
    }

  problems = vj_db_check (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* The settings, the catalogue and its search, the log: all still there */
  name = vj_db_get_setting (db, VJ_SETTING_COUNSELLOR_NAME);
  g_assert_cmpstr (name, ==, "Mette Vejleder");
  years = vj_db_get_setting (db, VJ_SETTING_RETENTION_YEARS);
  g_assert_cmpstr (years, ==, "3");
  g_assert_cmpint (first_hit (db, "sygeplejerske"), ==, 1);
  g_assert_cmpint (first_hit (db, "sygepl"), ==, 1);
  g_assert_cmpint (first_hit (db, "økonom"), ==, 2);
  g_assert_cmpint (first_hit (db, "okonom"), ==, 2);
  if (version >= 2)
    {
      g_autoptr(GPtrArray) feeds = vj_db_list_feeds (db, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (feeds->len, ==, 1);
    }
  {
    g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (db, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (person->reference, ==, "NÆ-2025-001");
    g_assert_cmpstr (person->plan_goal, ==, version >= 5 ? "EUX som tømrer" : NULL);
  }
  vj_db_close (db);
  g_clear_object (&db);

  g_assert_cmpint (vj_test_query_int (fixture->path, "PRAGMA user_version;"), ==, latest);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM programme;"), ==, 2);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count (*) FROM session s JOIN session_person"
                                      " p ON p.session_id = s.id;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM next_step;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM shortlist;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count (*) FROM session_programme;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path, "SELECT count (*) FROM import_run;"), ==, 1);
  g_assert_cmpint (vj_test_query_int (fixture->path,
                                      "SELECT count (*) FROM person WHERE reference ="
                                      " 'NÆ-2025-001';"), ==, 1);

  /* Opening it again changes nothing more and takes no second copy */
  db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (vj_db_get_backup_path (db));
}

/* A database from a newer Vejviser (the newest fixture, one version ahead): refused, and the
 * file has the same bytes afterwards. */
static void
test_newer_refused_untouched (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backups = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gsize before_len = 0, after_len = 0;
  sqlite3 *conn = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;",
                                          vj_db_latest_schema_version () + 1);

  make_database (fixture->path, NEWEST_RELEASED);
  g_assert_cmpint (sqlite3_open (fixture->path, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
  g_file_get_contents (fixture->path, &before, &before_len, &error);
  g_assert_no_error (error);

  db = vj_db_open (fixture->path, &error);
  g_assert_null (db);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NEWER_VERSION);

  g_file_get_contents (fixture->path, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (backups, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/db/schema/fixtures-for-every-release", test_fixtures_for_every_release);
  for (int v = OLDEST_FIXTURE; ; v++)
    {
      g_autofree char *sql = fixture_sql_path (v);
      g_autofree char *path = NULL;

      if (!g_file_test (sql, G_FILE_TEST_EXISTS))
        break;
      path = g_strdup_printf ("/db/schema/upgrade-from-%d", v);
      g_test_add (path, Fixture, GINT_TO_POINTER (v), vj_test_fixture_setup_empty, test_upgrade,
                  vj_test_fixture_teardown);
    }
  g_test_add ("/db/schema/newer-refused-untouched", Fixture, NULL, vj_test_fixture_setup_empty,
              test_newer_refused_untouched, vj_test_fixture_teardown);
  return g_test_run ();
}
