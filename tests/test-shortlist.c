/* A person's shortlist and page data through the same database code the app uses: order kept
 * dense as entries are added, moved and removed, an undone removal back in its place, where and
 * when from the offering, and the person's timeline. */

#include "config.h"

#include <glib/gstdio.h>

#include "vj-db.h"
#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

typedef VjTestFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_fixture_setup_catalogue (fixture, "v1-small.xml");

  vj_test_exec_sql (fixture->path,
            "INSERT INTO person (id, reference, birth_year, municipality, target_group,"
            "                    created_at, updated_at)"
            " VALUES (1, 'AB-7', 2011, 259, 'pupil', 'x', 'x'), (2, 'CD-9', NULL, NULL, NULL,"
            "         'x', 'x');"
            "INSERT INTO session (id, started_at, form, service, notes, created_at, updated_at)"
            " VALUES (1, '2026-09-01T09:00', 'individual', 'kui', 'Første', 'x', 'x'),"
            "        (2, '2026-10-01T09:00', 'group', 'kui', 'Anden', 'x', 'x');"
            "INSERT INTO session_person VALUES (1, 1), (2, 1), (2, 2);");
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  vj_db_shortlist_write_finish (VJ_DB (object), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

/* Runs a queued write to its end; returns its error, NULL on success */
static GError *
wait_written (GError **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (*slot, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (slot);
  return *slot;
}

static void
add (Fixture *fixture,
     gint64   person,
     gint64   programme,
     gint64   offering,
     int      position)
{
  GError *error = NULL;

  vj_db_shortlist_add_async (fixture->db, person, programme, offering, position, NULL,
                             written_cb, &error);
  g_assert_no_error (wait_written (&error));
}

static char *
order (Fixture *fixture,
       gint64   person)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vj_db_list_shortlist (fixture->db, person, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      VjShortlistItem *item = g_ptr_array_index (list, i);

      g_assert_cmpint (item->position, ==, (int) i + 1);
      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", item->title);
    }
  return g_string_free (text, FALSE);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  user_data)
{
  gint64 stx = vj_test_query_int (fixture->path,
                                  "SELECT id FROM programme WHERE external_id = 'stx';");
  gint64 data = vj_test_query_int (fixture->path,
                                   "SELECT id FROM programme WHERE external_id = 'datamatiker';");
  gint64 oek = vj_test_query_int (fixture->path,
                                  "SELECT id FROM programme WHERE external_id = 'oekonom';");
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *titles = NULL;
  GError *error = NULL;
  VjShortlistItem *first;

  g_assert_cmpint (stx * data * oek, !=, 0);
  add (fixture, 1, stx, 0, 0);
  add (fixture, 1, data, 0, 0);
  add (fixture, 1, oek, 0, 0);
  add (fixture, 2, oek, 0, 0);
  titles = order (fixture, 1);
  list = vj_db_list_shortlist (fixture->db, 1, NULL);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpint (first->programme_id, ==, stx);
  g_assert_cmpuint (list->len, ==, 3);

  /* Move the last one up twice: first; moving it up again changes nothing */
  for (int i = 0; i < 3; i++)
    {
      VjShortlistItem *last = g_ptr_array_index (list, 2);
      vj_db_shortlist_move_async (fixture->db, last->id, -1, NULL, written_cb, &error);
      g_assert_no_error (wait_written (&error));
      if (i == 0)
        {
          g_autofree char *after = order (fixture, 1);
          g_assert_cmpstr (after, !=, titles);
        }
    }
  {
    g_autoptr(GPtrArray) moved = vj_db_list_shortlist (fixture->db, 1, NULL);
    VjShortlistItem *top = g_ptr_array_index (moved, 0);
    VjShortlistItem *second = g_ptr_array_index (moved, 1);

    g_assert_cmpint (top->programme_id, ==, oek);
    g_assert_cmpint (second->programme_id, ==, stx);

    /* Remove the middle one; the rest close up; undo puts it back at 2 */
    vj_db_shortlist_remove_async (fixture->db, second->id, NULL, written_cb, &error);
    g_assert_no_error (wait_written (&error));
    g_free (order (fixture, 1));
    add (fixture, 1, stx, 0, 2);
  }
  {
    g_autoptr(GPtrArray) back = vj_db_list_shortlist (fixture->db, 1, NULL);

    g_assert_cmpuint (back->len, ==, 3);
    g_assert_cmpint (((VjShortlistItem *) g_ptr_array_index (back, 1))->programme_id, ==, stx);
    g_assert_cmpint (((VjShortlistItem *) g_ptr_array_index (back, 2))->programme_id, ==, data);
  }
  g_free (order (fixture, 1));

  /* The other person's list is their own */
  g_clear_pointer (&titles, g_free);
  titles = order (fixture, 2);
  g_assert_cmpuint (strlen (titles), >, 0);
  g_assert_null (strchr (titles, ','));
}

static void
test_offering_where_when (Fixture       *fixture,
                          gconstpointer  user_data)
{
  gint64 oek = vj_test_query_int (fixture->path,
                                  "SELECT id FROM programme WHERE external_id = 'oekonom';");
  gint64 offering = vj_test_query_int (fixture->path,
                                       "SELECT id FROM offering WHERE external_id = "
                                       "'oekonom:koege';");
  g_autoptr(GPtrArray) list = NULL;
  VjShortlistItem *item;

  add (fixture, 1, oek, offering, 0);
  list = vj_db_list_shortlist (fixture->db, 1, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  item = g_ptr_array_index (list, 0);
  g_assert_cmpint (item->offering_id, ==, offering);
  g_assert_nonnull (item->institution);
  g_assert_cmpstr (item->town, ==, "Køge");
}

/* Whether the entry of @programme in @person's list says it is withdrawn */
static gboolean
entry_withdrawn (Fixture *fixture,
                 gint64   person,
                 gint64   programme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vj_db_list_shortlist (fixture->db, person, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      VjShortlistItem *item = g_ptr_array_index (list, i);

      if (item->programme_id == programme)
        return item->withdrawn;
    }
  g_assert_not_reached ();
}

/* An entry whose programme or offering the catalogue no longer has says so (the flag is
 * written as a CASE that PostgreSQL runs too: the portability test) */
static void
test_withdrawn (Fixture       *fixture,
                gconstpointer  user_data)
{
  gint64 oek = vj_test_query_int (fixture->path,
                                  "SELECT id FROM programme WHERE external_id = 'oekonom';");
  gint64 offering = vj_test_query_int (fixture->path,
                                       "SELECT id FROM offering WHERE external_id = "
                                       "'oekonom:koege';");
  gint64 other = vj_test_query_int (fixture->path,
                                    "SELECT id FROM programme WHERE external_id <> 'oekonom'"
                                    " ORDER BY id LIMIT 1;");
  g_autofree char *withdraw_other = g_strdup_printf ("UPDATE programme SET withdrawn = 1"
                                                     " WHERE id = %" G_GINT64_FORMAT ";", other);

  add (fixture, 1, oek, offering, 0);
  add (fixture, 1, other, 0, 0);
  g_assert_false (entry_withdrawn (fixture, 1, oek));
  g_assert_false (entry_withdrawn (fixture, 1, other));

  /* The offering withdrawn: its entry is; the other entry is not */
  vj_test_exec_sql (fixture->path, "UPDATE offering SET withdrawn = 1 WHERE external_id = "
                                   "'oekonom:koege';");
  g_assert_true (entry_withdrawn (fixture, 1, oek));
  g_assert_false (entry_withdrawn (fixture, 1, other));

  /* A programme withdrawn, chosen without an offering */
  vj_test_exec_sql (fixture->path, "UPDATE offering SET withdrawn = 0;");
  vj_test_exec_sql (fixture->path, withdraw_other);
  g_assert_false (entry_withdrawn (fixture, 1, oek));
  g_assert_true (entry_withdrawn (fixture, 1, other));
}

static void
test_timeline (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) timeline = vj_db_list_person_timeline (fixture->db, 1, &error);
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (fixture->db, 1, &error);
  VjTimelineEntry *newest;

  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 2);
  newest = g_ptr_array_index (timeline, 0);
  g_assert_cmpstr (newest->notes, ==, "Anden");
  g_assert_cmpint (newest->n_people, ==, 2);
  g_assert_cmpstr (person->reference, ==, "AB-7");
  g_assert_cmpstr (person->last_session, ==, "2026-10-01");
  g_assert_cmpint (vj_db_find_person_id (fixture->db, "CD-9", &error), ==, 2);
  g_assert_cmpint (vj_db_find_person_id (fixture->db, "XX", &error), ==, 0);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
}

static char *
chosen (Fixture    *fixture,
        const char *text,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = vj_db_list_person_ids (fixture->db, text, limit, &error);

  g_assert_no_error (error);
  g_ptr_array_add (people, NULL);
  return g_strjoinv (",", (char **) people->pdata);
}

/* The person chooser finds a reference by any part of it, in any case, taking % and _ as
 * they are written */
static void
test_choose_person (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *all = NULL, *two = NULL, *part = NULL, *underscore = NULL, *percent = NULL;

  vj_test_exec_sql (fixture->path,
                    "INSERT INTO person (id, reference, created_at, updated_at)"
                    " VALUES (3, 'X_1', 'x', 'x'), (4, 'X21', 'x', 'x'), (5, '5%-1', 'x', 'x');");
  all = chosen (fixture, NULL, 10);
  g_assert_cmpstr (all, ==, "5\t5%-1,1\tAB-7,2\tCD-9,4\tX21,3\tX_1");
  two = chosen (fixture, "", 2);
  g_assert_cmpstr (two, ==, "5\t5%-1,1\tAB-7");
  part = chosen (fixture, "b-7", 10);
  g_assert_cmpstr (part, ==, "1\tAB-7");
  underscore = chosen (fixture, "x_", 10);
  g_assert_cmpstr (underscore, ==, "3\tX_1");
  percent = chosen (fixture, "%", 10);
  g_assert_cmpstr (percent, ==, "5\t5%-1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/shortlist/order", Fixture, NULL, fixture_set_up, test_order,
              vj_test_fixture_teardown);
  g_test_add ("/db/shortlist/offering-where-when", Fixture, NULL, fixture_set_up,
              test_offering_where_when, vj_test_fixture_teardown);
  g_test_add ("/db/shortlist/withdrawn", Fixture, NULL, fixture_set_up, test_withdrawn,
              vj_test_fixture_teardown);
  g_test_add ("/db/person/timeline", Fixture, NULL, fixture_set_up, test_timeline,
              vj_test_fixture_teardown);
  g_test_add ("/db/person/choose", Fixture, NULL, fixture_set_up, test_choose_person,
              vj_test_fixture_teardown);
  return g_test_run ();
}
