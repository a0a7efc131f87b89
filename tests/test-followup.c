/* Opfølgning through the same database code the page uses: the buckets (overdue, this week up
 * to Sunday, later), what is listed for everyone and for one person, ticking off and undo. */

#include "config.h"

#include <glib/gstdio.h>

#include "vj-db.h"
#include "vj-db-followup.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

typedef VjTestFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *overdue = vj_test_day_from_today (-3);
  g_autofree char *today = vj_test_day_from_today (0);
  g_autofree char *later = vj_test_day_from_today (9);
  g_autofree char *sql = NULL;

  vj_test_fixture_setup (fixture, user_data);

  sql = g_strdup_printf (
    "INSERT INTO person (id, reference, created_at, updated_at) VALUES"
    " (1, 'AB-7', 'x', 'x'), (2, 'CD-9', 'x', 'x');"
    "INSERT INTO session (id, started_at, form, class_label, follow_up, created_at, updated_at)"
    " VALUES (1, '2026-10-01T09:00', 'individual', NULL, '%1$s', 'x', 'x'),"
    "        (2, '2026-10-02T09:00', 'class', '8.b', NULL, 'x', 'x'),"
    "        (3, '2026-10-03T09:00', 'group', NULL, NULL, 'x', 'x');"
    "INSERT INTO session_person VALUES (1, 1), (3, 1), (3, 2);"
    "INSERT INTO next_step (id, session_id, person_id, text, due, done) VALUES"
    " (1, 1, NULL, 'Ring til skolen', '%2$s', NULL),"
    " (2, 2, NULL, 'Brobygning tilmelding', '%3$s', NULL),"
    " (3, 3, 2, 'Besøg på EUC', NULL, NULL),"
    " (4, 1, NULL, 'Allerede gjort', '%2$s', '2026-10-05');",
    later, overdue, today);
  vj_test_exec_sql (fixture->path, sql);
}

static void
test_buckets (void)
{
  /* Wednesday 25 November 2026 */
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);

  g_assert_cmpint (vj_follow_up_bucket ("2026-11-24", today), ==, VJ_FOLLOW_UP_OVERDUE);
  g_assert_cmpint (vj_follow_up_bucket ("2025-01-01", today), ==, VJ_FOLLOW_UP_OVERDUE);
  g_assert_cmpint (vj_follow_up_bucket ("2026-11-25", today), ==, VJ_FOLLOW_UP_THIS_WEEK);
  g_assert_cmpint (vj_follow_up_bucket ("2026-11-29", today), ==, VJ_FOLLOW_UP_THIS_WEEK);
  g_assert_cmpint (vj_follow_up_bucket ("2026-11-30", today), ==, VJ_FOLLOW_UP_LATER);
  g_assert_cmpint (vj_follow_up_bucket (NULL, today), ==, VJ_FOLLOW_UP_LATER);
  g_assert_cmpint (vj_follow_up_bucket ("not a date", today), ==, VJ_FOLLOW_UP_LATER);

  /* On a Sunday the week ends today */
  g_date_set_dmy (today, 29, G_DATE_NOVEMBER, 2026);
  g_assert_cmpint (vj_follow_up_bucket ("2026-11-29", today), ==, VJ_FOLLOW_UP_THIS_WEEK);
  g_assert_cmpint (vj_follow_up_bucket ("2026-11-30", today), ==, VJ_FOLLOW_UP_LATER);
}

static VjFollowUp *
find_text (GPtrArray  *list,
           const char *text)
{
  for (guint i = 0; i < list->len; i++)
    {
      VjFollowUp *f = g_ptr_array_index (list, i);
      if (g_strcmp0 (f->text, text) == 0)
        return f;
    }
  return NULL;
}

static void
test_list_everyone (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vj_db_list_follow_ups (fixture->db, 0, NULL, &error);
  VjFollowUp *f;

  g_assert_no_error (error);
  /* Three open steps and one session follow-up; the step already done is not there */
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_null (find_text (list, "Allerede gjort"));

  /* Earliest first, without a date last */
  f = g_ptr_array_index (list, 0);
  g_assert_cmpstr (f->text, ==, "Ring til skolen");
  g_assert_cmpstr (f->person, ==, "AB-7");
  g_assert_cmpint (f->person_id, ==, 1);
  f = g_ptr_array_index (list, 3);
  g_assert_cmpstr (f->text, ==, "Besøg på EUC");
  g_assert_null (f->due);
  /* A group session's step for one named person shows that person */
  g_assert_cmpstr (f->person, ==, "CD-9");

  /* A class session's step shows the class */
  f = find_text (list, "Brobygning tilmelding");
  g_assert_nonnull (f);
  g_assert_cmpstr (f != NULL ? f->person : NULL, ==, "8.b");
  g_assert_cmpint (f != NULL ? f->person_id : -1, ==, 0);

  /* The session's own follow-up date */
  f = g_ptr_array_index (list, 2);
  g_assert_cmpint (f->kind, ==, VJ_FOLLOW_UP_SESSION);
  g_assert_cmpint (f->session_id, ==, 1);
  g_assert_null (f->text);
  g_assert_cmpstr (f->session_date, ==, "2026-10-01");
}

static void
test_list_one_person (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vj_db_list_follow_ups (fixture->db, 2, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_nonnull (find_text (list, "Besøg på EUC"));

  g_clear_pointer (&list, g_ptr_array_unref);
  list = vj_db_list_follow_ups (fixture->db, 1, NULL, &error);
  g_assert_no_error (error);
  /* Their session's step and follow-up; not the group step meant for CD-9 */
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (find_text (list, "Ring til skolen"));
  g_assert_null (find_text (list, "Besøg på EUC"));
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *finished = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vj_db_set_follow_up_done_finish (VJ_DB (object), result, &error));
  g_assert_no_error (error);
  *finished = TRUE;
}

static void
set_done (VjDb       *db,
          VjFollowUp *f,
          gboolean    done)
{
  gboolean finished = FALSE;

  vj_db_set_follow_up_done_async (db, f, done, NULL, done_cb, &finished);
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_done_and_undo (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = vj_db_list_follow_ups (fixture->db, 0, NULL, &error);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  VjFollowUp *step = find_text (before, "Ring til skolen");
  VjFollowUp *session = g_ptr_array_index (before, 2);

  g_assert_nonnull (step);
  g_assert_cmpint (session->kind, ==, VJ_FOLLOW_UP_SESSION);
  set_done (fixture->db, step, TRUE);
  set_done (fixture->db, session, TRUE);
  after = vj_db_list_follow_ups (fixture->db, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_null (find_text (after, "Ring til skolen"));

  set_done (fixture->db, step, FALSE);
  set_done (fixture->db, session, FALSE);
  undone = vj_db_list_follow_ups (fixture->db, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (undone->len, ==, 4);
  /* Undo puts the session's follow-up date back as it was */
  g_assert_cmpstr (((VjFollowUp *) g_ptr_array_index (undone, 2))->due, ==, session->due);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/db/follow-up/buckets", test_buckets);
  g_test_add ("/db/follow-up/list-everyone", Fixture, NULL, fixture_set_up, test_list_everyone,
              vj_test_fixture_teardown);
  g_test_add ("/db/follow-up/list-one-person", Fixture, NULL, fixture_set_up,
              test_list_one_person, vj_test_fixture_teardown);
  g_test_add ("/db/follow-up/done-and-undo", Fixture, NULL, fixture_set_up, test_done_and_undo,
              vj_test_fixture_teardown);
  return g_test_run ();
}
