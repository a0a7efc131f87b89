#include "config.h"

#include <gio/gio.h>

#include "vj-db-initiatives.h"
#include "vj-initiative.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/**
 * vj_test_fixture_setup_empty:
 *
 * A temporary folder named after the test program, and the path of a database in it that is
 * not created yet (for tests of opening, migrating and the CLI).
 */
void
vj_test_fixture_setup_empty (VjTestFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *template = g_strdup_printf ("vejviser-%s-XXXXXX", program);

  fixture->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "vejviser.db", NULL);
  fixture->db = NULL;
}

/**
 * vj_test_fixture_setup:
 *
 * vj_test_fixture_setup_empty() with the database opened (and so created, empty).
 */
void
vj_test_fixture_setup (VjTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  vj_test_fixture_setup_empty (fixture, data);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
}

/**
 * vj_test_fixture_setup_catalogue:
 * @data: the name of a feed in tests/data, or %NULL for the built-in catalogue
 *
 * vj_test_fixture_setup() with a catalogue imported, every record of it.
 */
void
vj_test_fixture_setup_catalogue (VjTestFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(VjImportReport) report = NULL;

  vj_test_fixture_setup (fixture, data);
  if (data != NULL)
    {
      g_autofree char *feed = vj_test_data_path (data);

      report = vj_test_import (fixture->db, feed);
    }
  else
    report = vj_test_import_builtin (fixture->db);
  g_assert_cmpuint (report->rejected->len, ==, 0);
}

/**
 * vj_test_fixture_teardown:
 *
 * Closes the database if it is open, and removes the folder with everything in it (the
 * database, its journal and its backups).
 */
void
vj_test_fixture_teardown (VjTestFixture *fixture,
                          gconstpointer  data)
{
  if (fixture->db != NULL)
    vj_db_close (fixture->db);
  g_clear_object (&fixture->db);
  vj_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* data/catalogue/region-sjaelland.xml, the catalogue the app ships */
char *
vj_test_builtin_catalogue_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue", "region-sjaelland.xml",
                                NULL);
}

/* A file in tests/data */
char *
vj_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static VjImportReport *
import_as (VjDb       *db,
           const char *path,
           const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VjImportReport *report = vj_import_file (db, file, kind, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/**
 * vj_test_import:
 * @path: a feed file
 *
 * Imports @path as the app imports a file, and fails the test if it does not import.
 *
 * Returns: (transfer full): the report
 */
VjImportReport *
vj_test_import (VjDb       *db,
                const char *path)
{
  return import_as (db, path, "file");
}

/**
 * vj_test_import_builtin:
 *
 * Imports the built-in catalogue as the app does on first start.
 *
 * Returns: (transfer full): the report
 */
VjImportReport *
vj_test_import_builtin (VjDb *db)
{
  g_autofree char *path = vj_test_builtin_catalogue_path ();

  return import_as (db, path, "builtin");
}

/* The id of the initiative (or track, or action plan) @external_id, which must be there */
gint64
vj_test_lookup_initiative (VjDb       *db,
                           const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_lookup_initiative (db, external_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Whether @initiatives (of VjInitiative) holds the one with @id */
gboolean
vj_test_has_initiative (GPtrArray *initiatives,
                        gint64     id)
{
  for (guint i = 0; i < initiatives->len; i++)
    if (vj_initiative_get_id (g_ptr_array_index (initiatives, i)) == id)
      return TRUE;
  return FALSE;
}

/* The date @days from today (before it when negative), as the database keeps dates */
char *
vj_test_day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/**
 * vj_test_seed_care:
 * @db_path: a database with tests/data/v1-small.xml imported
 *
 * Adds a small guidance log: AB-7 (born 2011, Køge) and CD-9 (born 2008, Roskilde); an
 * individual session of AB-7's with a follow-up date in nine days and an overdue next step, a
 * class session of 8.b with a step due today, a group session of both with an undated step for
 * CD-9; and every programme on AB-7's shortlist.
 */
void
vj_test_seed_care (const char *db_path)
{
  g_autofree char *overdue = vj_test_day_from_today (-3);
  g_autofree char *today = vj_test_day_from_today (0);
  g_autofree char *later = vj_test_day_from_today (9);
  g_autofree char *sql = NULL;

  sql = g_strdup_printf (
    "INSERT INTO person (id, reference, birth_year, municipality, target_group, created_at,"
    "                    updated_at)"
    " VALUES (1, 'AB-7', 2011, 259, 'pupil', 'x', 'x'), (2, 'CD-9', 2008, 265, 'young', 'x', 'x');"
    "INSERT INTO session (id, started_at, form, service, class_label, notes, follow_up,"
    "                     created_at, updated_at)"
    " VALUES (1, '2026-10-01T09:00', 'individual', 'kui', NULL, 'Talte om EUD', '%1$s', 'x', 'x'),"
    "        (2, '2026-10-02T09:00', 'class', 'kui', '8.b', NULL, NULL, 'x', 'x'),"
    "        (3, '2026-10-03T09:00', 'group', 'kui', NULL, NULL, NULL, 'x', 'x');"
    "INSERT INTO session_person VALUES (1, 1), (3, 1), (3, 2);"
    "INSERT INTO next_step (id, session_id, person_id, text, due, done) VALUES"
    " (1, 1, NULL, 'Ring til skolen', '%2$s', NULL),"
    " (2, 2, NULL, 'Brobygning tilmelding', '%3$s', NULL),"
    " (3, 3, 2, 'Besøg på EUC', NULL, NULL);"
    "INSERT INTO shortlist (person_id, position, programme_id)"
    " SELECT 1, row_number () OVER (ORDER BY id), id FROM programme;",
    later, overdue, today);
  vj_test_exec_sql (db_path, sql);
}
