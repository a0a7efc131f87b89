/* Opfølgning, the person page, shortlists and the plan as a user meets them, in the window,
 * through the same code the app uses (the privacy screens and Statistik: test-ui-care-privacy.c).
 * Runs under Xvfb with GTK_A11Y=test; without a display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <locale.h>
#include <glib/gi18n.h>

#include "vj-db.h"
#include "vj-db-followup.h"
#include "vj-followup-page.h"
#include "vj-importer.h"
#include "vj-db-shortlist.h"
#include "vj-person-page.h"
#include "vj-plan.h"
#include "vj-plan-print.h"
#include "vj-window.h"

#include <string.h>

#include "vj-test-ui.h"
#include "vj-test-util.h"

typedef VjTestWindowFixture Fixture;

typedef struct
{
  VjFollowupPage *page;
  guint           bucket;
  guint           count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return vj_followup_page_count (wait->page, wait->bucket) == wait->count;
}

static void
test_followup_buckets_and_done (Fixture       *fixture,
                                gconstpointer  user_data)
{
  VjFollowupPage *page = vj_test_show_followup (fixture->window);
  CountWait wait = { page, VJ_FOLLOW_UP_OVERDUE, 0 };
  GtkWidget *check;

  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_OVERDUE), ==, 1);
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_THIS_WEEK), ==, 1);
  /* The session's follow-up in nine days and the step without a date */
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_LATER), ==, 2);

  /* The first tick box is the overdue step's; ticking it off takes it away */
  check = vj_test_find_widget (GTK_WIDGET (page), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  vj_test_wait_until (count_is, &wait);

  /* … and it stays done when the page is read again */
  vj_followup_page_reload (page);
  vj_test_wait_until (vj_test_followup_settled, page);
  g_assert_cmpuint (vj_followup_page_count (page, VJ_FOLLOW_UP_OVERDUE), ==, 0);

  /* Undo in the toast brings it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followup.undo", NULL));
  wait.count = 1;
  vj_test_wait_until (count_is, &wait);
}

static void
test_followup_empty (Fixture       *fixture,
                     gconstpointer  user_data)
{
  VjFollowupPage *page;
  GtkStack *stack;

  vj_test_exec_sql (fixture->base.path, "UPDATE next_step SET done = '2026-01-01';"
                           "UPDATE session SET follow_up = NULL;");
  page = vj_test_show_followup (fixture->window);
  stack = GTK_STACK (vj_test_find_widget (GTK_WIDGET (page), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
}

typedef struct
{
  VjPersonPage *page;
  guint         count;
} ShortlistWait;

static gboolean
shortlist_is (gpointer data)
{
  ShortlistWait *wait = data;

  return vj_person_page_count (wait->page, "shortlist") == wait->count;
}

typedef struct
{
  VjPersonPage *page;
  guint         count;
} StepsWait;

static gboolean
steps_are (gpointer data)
{
  StepsWait *wait = data;

  return vj_person_page_count (wait->page, "next-steps") == wait->count;
}

static void
test_person_page (Fixture       *fixture,
                  gconstpointer  user_data)
{
  VjPersonPage *page = vj_test_open_person_from_followup (fixture->window);
  ShortlistWait wait = { page, 2 };
  GtkWidget *remove;

  g_assert_cmpuint (vj_person_page_count (page, "sessions"), ==, 2);
  /* Their own session's step and follow-up; not the group step meant for CD-9 */
  g_assert_cmpuint (vj_person_page_count (page, "next-steps"), ==, 2);
  /* Every programme of the small catalogue */
  g_assert_cmpuint (vj_person_page_count (page, "shortlist"), ==, 3);

  remove = vj_test_find_button_with_tooltip (GTK_WIDGET (page), "Remove from shortlist");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  vj_test_wait_until (shortlist_is, &wait);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.undo-remove", NULL));
  wait.count = 3;
  vj_test_wait_until (shortlist_is, &wait);

  /* A next step ticked off here, as on Opfølgning, and brought back with Undo */
  {
    GtkWidget *check = vj_test_find_widget (GTK_WIDGET (page), GTK_TYPE_CHECK_BUTTON);
    StepsWait steps = { page, 1 };

    g_assert_nonnull (check);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (check), ==, "Mark as done");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    vj_test_wait_until (steps_are, &steps);
    g_assert_cmpint (vj_test_query_int (fixture->base.path,
                                        "SELECT count(*) FROM next_step WHERE done IS NOT NULL;"),
                     ==, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.undo-step", NULL));
    steps.count = 2;
    vj_test_wait_until (steps_are, &steps);
  }

  /* Back to Opfølgning */
  g_assert_true (vj_window_go_back (fixture->window));
  g_assert_true (VJ_IS_FOLLOWUP_PAGE (vj_window_get_visible_page (fixture->window)));
}

static void
test_person_named (Fixture       *fixture,
                   gconstpointer  user_data)
{
  vj_test_open_person_from_followup (fixture->window);
  vj_test_assert_all_named (GTK_WIDGET (fixture->window));
}

/* Økonom in Næstved becomes a KOT offer with cut-offs for three years (one without a grade),
 * and is shortlisted at that place; then every shortlisted programme's facts, as the person
 * page collects them for the plan */
static GPtrArray *
plan_facts (Fixture   *fixture,
            GPtrArray **shortlist)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GPtrArray *facts = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_plan_facts_free);

  vj_test_exec_sql (fixture->base.path,
                    "UPDATE offering SET kot_number = '99001'"
                    " WHERE external_id = 'oekonom:naestved';"
                    "INSERT INTO public_fact (source_id, key_kind, key, fact, year, value, reason,"
                    "                         updated_at)"
                    " SELECT min (id), 'kot', '99001', 'cutoff', 2023, 6.4, NULL, 'x' FROM source"
                    " UNION ALL SELECT min (id), 'kot', '99001', 'cutoff', 2024, NULL,"
                    "   'all-admitted', 'x' FROM source"
                    " UNION ALL SELECT min (id), 'kot', '99001', 'cutoff', 2025, 7.1, NULL, 'x'"
                    "   FROM source;"
                    "UPDATE shortlist SET offering_id = (SELECT id FROM offering"
                    "                                    WHERE external_id = 'oekonom:naestved')"
                    " WHERE programme_id = (SELECT programme_id FROM offering"
                    "                       WHERE external_id = 'oekonom:naestved');");
  *shortlist = vj_db_list_shortlist (fixture->base.db, 1, NULL);
  for (guint i = 0; i < (*shortlist)->len; i++)
    g_ptr_array_add (facts, vj_plan_collect_facts (fixture->base.db,
                                                   g_ptr_array_index (*shortlist, i), today));
  return facts;
}

static void
test_plan_markup (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (fixture->base.db, 1, NULL);
  g_autoptr(GPtrArray) shortlist = NULL;
  g_autoptr(GPtrArray) facts = plan_facts (fixture, &shortlist);
  g_autoptr(GPtrArray) charts = vj_plan_dup_charts (facts);
  g_autoptr(GPtrArray) steps = vj_db_list_follow_ups (fixture->base.db, 1, NULL, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_now_local ();
  g_autofree char *markup = vj_plan_build_markup (person, "Vejleder Vera", "Køge",
                                                  "EUX <tømrer> & mere", shortlist, facts, steps,
                                                  when);
  g_autofree char *text = NULL;
  VjShortlistItem *first = g_ptr_array_index (shortlist, 0);
  VjShortlistItem *second = g_ptr_array_index (shortlist, 1);
  g_autofree char *first_line = g_markup_printf_escaped ("1. %s", first->title);
  g_autofree char *second_line = g_markup_printf_escaped ("2. %s", second->title);

  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
  g_assert_nonnull (strstr (markup, "AB-7"));
  g_assert_nonnull (strstr (markup, "Vejleder Vera"));
  /* The goal as written, escaped for the markup */
  g_assert_nonnull (strstr (markup, "EUX &lt;tømrer&gt; &amp; mere"));
  /* The shortlist in its order, then the next steps */
  g_assert_nonnull (strstr (markup, first_line));
  g_assert_true (strstr (markup, first_line) < strstr (markup, second_line));
  g_assert_nonnull (strstr (markup, "Ring til skolen"));
  g_assert_null (strstr (markup, "Besøg på EUC"));

  /* Fit to hand over: who hands it over in the header; not the consent to share, nor the
   * counsellor's own follow-up on the session; a step past its date marked */
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "Køge Municipality · Youth Guidance\nCounsellor: Vejleder Vera\n"));
  g_assert_null (strstr (text, "consent"));
  g_assert_null (strstr (text, "Follow up on the session"));
  g_assert_nonnull (strstr (text, "Ring til skolen (by "));
  g_assert_nonnull (strstr (text, " — overdue)"));

  /* Each shortlisted programme's facts: STX's 1 March by rule with its source, Datamatiker's
   * own date (not by rule), Økonom's KOT deadlines by rule, its newest cut-off and a chart of
   * its cut-offs; a missing grade in words, never a zero */
  {
    const char *stx = strstr (text, "STX");
    const char *datamatiker = strstr (text, "Datamatiker");
    const char *oekonom = strstr (text, "Økonom");
    const char *steps_heading = strstr (text, "Next Steps");

    g_assert_nonnull (stx);
    g_assert_nonnull (datamatiker);
    g_assert_nonnull (oekonom);
    g_assert_true (datamatiker < oekonom && oekonom < steps_heading);
    g_assert_nonnull (strstr (stx, "(optagelse.dk), by rule"));
    g_assert_true (strstr (stx, "(optagelse.dk), by rule") < datamatiker);
    g_assert_nonnull (strstr (stx, "youth education after 9th or 10th grade"));
    g_assert_nonnull (strstr (datamatiker, "Application deadline 15"));
    g_assert_true (strstr (datamatiker, "by rule") > oekonom);
    g_assert_nonnull (strstr (oekonom, "(kvote 1)"));
    g_assert_nonnull (strstr (oekonom, "Admission cut-off grade (2025): 7,1"));
    g_assert_nonnull (strstr (oekonom, ": 2024"));
    g_assert_null (strstr (text, ": 0\n"));
    g_assert_cmpuint (charts->len, ==, 1);
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (charts, 0))->len, ==, 3);
    /* The chart stands on its own line after Økonom's facts */
    g_assert_nonnull (strstr (oekonom, "\xef\xbf\xbc"));
    g_assert_null (strstr (strstr (text, "\xef\xbf\xbc") + 3, "\xef\xbf\xbc"));
  }
}

static void
test_plan_pdf (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (fixture->base.db, 1, NULL);
  g_autoptr(GPtrArray) shortlist = NULL;
  g_autoptr(GPtrArray) facts = plan_facts (fixture, &shortlist);
  g_autoptr(GPtrArray) charts = vj_plan_dup_charts (facts);
  g_autoptr(GDateTime) when = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) steps = vj_db_list_follow_ups (fixture->base.db, 1, NULL, NULL);
  g_autofree char *markup = vj_plan_build_markup (person, "Vejleder Vera", "Køge", NULL,
                                                  shortlist, facts, steps, when);
  g_autofree char *path = g_build_filename (g_getenv ("VJ_TEST_SCREENSHOTS") != NULL
                                            ? g_getenv ("VJ_TEST_SCREENSHOTS") : fixture->base.dir,
                                            "plan.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  GStatBuf st;
  guint pages = 0;

  g_assert_true (vj_plan_export_pdf (markup, charts, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  /* Page objects, not the page tree ("/Type /Pages"); the file holds binary streams */
  for (const char *p = contents;
       (p = memmem (p, length - (gsize) (p - contents), "/Type /Page", 11)) != NULL; p++)
    if ((gsize) (p - contents) + 11 < length && p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, >=, 1);
  g_assert_cmpuint (pages, <=, 2);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return vj_test_find_dialog () != NULL;
}

typedef struct
{
  VjDb       *db;
  const char *goal;
} GoalWait;

static gboolean
goal_stored (gpointer data)
{
  GoalWait *wait = data;
  g_autoptr(VjPersonSummary) person = vj_db_load_person_summary (wait->db, 1, NULL);

  return person != NULL && g_strcmp0 (person->plan_goal, wait->goal) == 0;
}

/* The goal typed for a plan is there the next time, without the CPR number typed with it */
static void
test_plan_goal_kept (Fixture       *fixture,
                     gconstpointer  user_data)
{
  VjPersonPage *page = vj_test_open_person_from_followup (fixture->window);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GoalWait wait = { fixture->base.db, "EUX som tømrer" };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.print-plan", NULL));
  vj_test_wait_until (message_dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (entry), "EUX som tømrer 010203-1234");
  /* Kept even when the plan is not printed this time */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vj_test_wait_until (goal_stored, &wait);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "person.print-plan", NULL));
  vj_test_wait_until (message_dialog_shown, NULL);
  dialog = vj_test_find_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "EUX som tømrer");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  VjDb  *db;
  guint  count;
} DbShortlistWait;

static gboolean
db_shortlist_is (gpointer data)
{
  DbShortlistWait *wait = data;
  g_autoptr(GPtrArray) list = vj_db_list_shortlist (wait->db, 2, NULL);

  return list != NULL && list->len == wait->count;
}

static void
test_add_from_programme (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *search;
  AdwMessageDialog *dialog;
  GtkListBox *people;
  DbShortlistWait wait = { fixture->base.db, 1 };

  g_assert_true (vj_window_open_programme (fixture->window, 1));
  page = vj_window_get_visible_page (fixture->window);
  button = vj_test_find_button_with_tooltip (page, "Put this programme on a person's shortlist");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  vj_test_assert_all_named (GTK_WIDGET (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));

  /* Find CD-9 by part of the reference, in any case */
  search = vj_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "cd");
  g_signal_emit_by_name (search, "search-changed");
  people = GTK_LIST_BOX (vj_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (gtk_list_box_get_row_at_index (people, 0));
  g_assert_null (gtk_list_box_get_row_at_index (people, 1));
  gtk_list_box_select_row (people, gtk_list_box_get_row_at_index (people, 0));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));

  /* Choosing a place (the longest) does not widen the dialog: its buttons stay put */
  {
    GtkDropDown *place = GTK_DROP_DOWN (vj_test_find_widget (GTK_WIDGET (dialog),
                                                             GTK_TYPE_DROP_DOWN));
    GListModel *places = gtk_drop_down_get_model (place);
    guint longest = 0;
    size_t longest_len = 0;
    int before, after, place_before, place_after;

    g_assert_cmpuint (g_list_model_get_n_items (places), >, 1);
    for (guint i = 0; i < g_list_model_get_n_items (places); i++)
      {
        g_autoptr(GtkStringObject) text = g_list_model_get_item (places, i);
        size_t len = strlen (gtk_string_object_get_string (text));

        if (len > longest_len)
          longest = i, longest_len = len;
      }
    g_assert_cmpuint (longest_len, >, 30);
    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &before,
                        NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (place), GTK_ORIENTATION_HORIZONTAL, -1, NULL,
                        &place_before, NULL, NULL);
    gtk_drop_down_set_selected (place, longest);
    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &after,
                        NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (place), GTK_ORIENTATION_HORIZONTAL, -1, NULL,
                        &place_after, NULL, NULL);
    g_assert_cmpint (after, ==, before);
    /* Nor the dropdown itself: in Danish, "Ethvert sted og tidspunkt" beside a long place,
     * the dialog followed it and grew by a third */
    g_assert_cmpint (place_after, ==, place_before);
  }
  adw_message_dialog_response (dialog, "add");
  vj_test_wait_until (db_shortlist_is, &wait);
}

static void
test_followup_named (Fixture       *fixture,
                     gconstpointer  user_data)
{
  vj_test_show_followup (fixture->window);
  vj_test_assert_all_named (GTK_WIDGET (fixture->window));
}

static void
add_care_test (const char *path,
               void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_window_fixture_setup_care, func,
              vj_test_window_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  /* VEJVISER_LOCALEDIR with LANGUAGE=da: in Danish, to look at (VJ_TEST_SCREENSHOTS) */
  vj_test_bind_translations ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  add_care_test ("/ui/follow-up/buckets-and-done", test_followup_buckets_and_done);
  add_care_test ("/ui/follow-up/empty", test_followup_empty);
  add_care_test ("/ui/follow-up/every-control-named", test_followup_named);
  add_care_test ("/ui/person/page", test_person_page);
  add_care_test ("/ui/person/every-control-named", test_person_named);
  add_care_test ("/ui/plan/markup", test_plan_markup);
  add_care_test ("/ui/plan/goal-kept", test_plan_goal_kept);
  add_care_test ("/ui/plan/pdf-private", test_plan_pdf);
  add_care_test ("/ui/shortlist/add-from-programme", test_add_from_programme);
  return g_test_run ();
}
