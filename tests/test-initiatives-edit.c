#define G_LOG_DOMAIN "test-initiatives-edit"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives-export.h"
#include "vj-db-initiatives.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-private-file.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Initiatives as a regional administrator changes them: edits kept in the overlay through a
 * re-import, reset to built-in, delete and undo, initiatives made in the app, and publishing them
 * as a feed that a fresh database imports the same. */

typedef VjTestFixture Fixture;

/* ----- editing ----- */

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gint64
save (Fixture          *fixture,
      gint64            id,
      gint64            parent_id,
      VjInitiativeEdit *edit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 saved;

  vj_db_save_initiative_async (fixture->db, id, parent_id, edit, NULL, result_cb, &result);
  saved = vj_db_save_initiative_finish (fixture->db, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved, >, 0);
  return saved;
}

static void
delete (Fixture  *fixture,
        gint64    id,
        gboolean  deleted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vj_db_delete_initiative_async (fixture->db, id, deleted, NULL, result_cb, &result);
  g_assert_true (vj_db_delete_initiative_finish (fixture->db, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
reset (Fixture *fixture,
       gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vj_db_reset_initiative_async (fixture->db, id, NULL, result_cb, &result);
  g_assert_true (vj_db_reset_initiative_finish (fixture->db, wait_for (&result), &error));
  g_assert_no_error (error);
}

static VjInitiative *
find (Fixture *fixture,
      gint64   id)
{
  g_autoptr(GPtrArray) all = vj_db_list_initiatives (fixture->db, 0, NULL);

  for (guint i = 0; i < all->len; i++)
    if (vj_initiative_get_id (g_ptr_array_index (all, i)) == id)
      return g_object_ref (g_ptr_array_index (all, i));
  return NULL;
}

static GPtrArray *
goal_rows (const char *text,
           const char *target)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *row[] = { text, target, NULL };

  g_ptr_array_add (rows, g_strdupv ((char **) row));
  return rows;
}

/* An administrator changes the youth-education track: a new action-plan text, one goal, and
 * one programme fewer. The feed's own row is not touched; the track reads as edited. */
static void
test_edit_imported (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor4");
  g_autoptr(VjInitiativeEdit) edit = vj_db_load_initiative_edit (fixture->db, track, &error);
  g_autoptr(VjInitiative) edited = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  g_autofree char *stored = NULL;
  guint n_programmes;
  gint64 dropped;

  g_assert_no_error (error);
  g_assert_false (vj_db_initiative_is_local (fixture->db, track));
  g_assert_false (vj_db_initiative_has_overlay (fixture->db, track));
  n_programmes = edit->programmes->len;
  g_assert_cmpuint (n_programmes, >, 1);
  dropped = g_array_index (edit->programmes, gint64, 0);

  g_free (edit->fields[VJ_INITIATIVE_DESCRIPTION]);
  edit->fields[VJ_INITIATIVE_DESCRIPTION] = g_strdup ("Handlingsplan 2019–2020: færre frafald.");
  g_clear_pointer (&edit->goals, g_ptr_array_unref);
  edit->goals = goal_rows ("Frafaldet på erhvervsuddannelserne falder", "under 20 %");
  g_array_remove_index (edit->programmes, 0);
  save (fixture, track, 0, edit);

  edited = find (fixture, track);
  g_assert_cmpstr (vj_initiative_get (edited, VJ_INITIATIVE_DESCRIPTION), ==,
                   "Handlingsplan 2019–2020: færre frafald.");
  g_assert_cmpstr (vj_initiative_get (edited, VJ_INITIATIVE_TITLE), ==,
                   "Spor 4: Ungdomsuddannelse");
  goals = vj_db_list_initiative_goals (fixture->db, track, &error);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpstr (((char **) goals->pdata[0])[1], ==, "under 20 %");
  programmes = vj_db_list_initiative_programmes (fixture->db, track, &error);
  g_assert_cmpuint (programmes->len, ==, n_programmes - 1);
  {
    /* …and the other way: the dropped programme no longer names the track */
    g_autoptr(GPtrArray) back = vj_db_list_initiatives (fixture->db, dropped, &error);
    g_assert_false (vj_test_has_initiative (back, track));
  }
  g_assert_true (vj_db_initiative_has_overlay (fixture->db, track));

  /* The row from the feed is as the feed said */
  stored = vj_test_query_text (fixture->path, "SELECT description FROM initiative"
                                              " WHERE external_id = 'kp2020-spor4';");
  g_assert_cmpstr (stored, !=, "Handlingsplan 2019–2020: færre frafald.");
}

/* Re-importing the built-in catalogue (a newer version that changes the track) keeps the
 * edits; resetting to built-in then shows the feed's newest text. */
static void
test_overlay_survives_reimport_and_reset (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor4");
  g_autoptr(VjInitiativeEdit) edit = vj_db_load_initiative_edit (fixture->db, track, &error);
  g_autofree char *builtin = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                    "region-sjaelland.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *newer_path = g_build_filename (fixture->dir, "newer.xml", NULL);
  g_autoptr(GFile) newer = g_file_new_for_path (newer_path);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjInitiative) after = NULL;
  g_autoptr(VjInitiative) reset_one = NULL;
  GString *text;

  g_free (edit->fields[VJ_INITIATIVE_TITLE]);
  edit->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Spor 4: Ungdomsuddannelserne");
  save (fixture, track, 0, edit);

  g_assert_true (g_file_get_contents (builtin, &xml, NULL, &error));
  text = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (text, "<version>3</version>", "<version>4</version>", 1),
                    ==, 1);
  g_assert_cmpuint (g_string_replace (text, "<title>Spor 4: Ungdomsuddannelse</title>",
                                      "<title>Spor 4: Ungdomsuddannelse (ny)</title>", 1), ==, 1);
  g_assert_true (g_file_set_contents (newer_path, text->str, -1, &error));
  g_string_free (text, TRUE);
  report = vj_import_file (fixture->db, newer, "builtin", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->by_kind[VJ_IMPORT_KIND_INITIATIVE].updated, ==, 1);

  g_assert_cmpint (vj_test_lookup_initiative (fixture->db, "kp2020-spor4"), ==, track);
  after = find (fixture, track);
  g_assert_cmpstr (vj_initiative_get (after, VJ_INITIATIVE_TITLE), ==,
                   "Spor 4: Ungdomsuddannelserne");

  reset (fixture, track);
  g_assert_false (vj_db_initiative_has_overlay (fixture->db, track));
  reset_one = find (fixture, track);
  g_assert_cmpstr (vj_initiative_get (reset_one, VJ_INITIATIVE_TITLE), ==,
                   "Spor 4: Ungdomsuddannelse (ny)");
}

/* Deleting a track hides it and its links; Undo brings it back as it was. */
static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor3");
  g_autoptr(GPtrArray) before = vj_db_list_initiatives (fixture->db, 0, NULL);
  g_autoptr(GPtrArray) deleted = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GPtrArray) programmes = vj_db_list_initiative_programmes (fixture->db, track, NULL);
  g_autoptr(GPtrArray) back = NULL;
  gint64 programme = g_ascii_strtoll (((char **) programmes->pdata[0])[0], NULL, 10);

  delete (fixture, track, TRUE);
  deleted = vj_db_list_initiatives (fixture->db, 0, NULL);
  g_assert_cmpuint (deleted->len, ==, before->len - 1);
  g_assert_false (vj_test_has_initiative (deleted, track));
  back = vj_db_list_initiatives (fixture->db, programme, NULL);
  g_assert_false (vj_test_has_initiative (back, track));

  delete (fixture, track, FALSE);
  undone = vj_db_list_initiatives (fixture->db, 0, NULL);
  g_assert_cmpuint (undone->len, ==, before->len);
  g_assert_true (vj_test_has_initiative (undone, track));
  (void) query;
}

/* A new action plan under a track, made in the app: it belongs to the local source, which an
 * import never touches, and after a purge a deleted one is gone for good. */
static void
test_create_local (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor1");
  g_autoptr(VjInitiativeEdit) edit = vj_initiative_edit_new ();
  g_autoptr(VjInitiative) plan = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *source = NULL;
  g_autofree char *rows = NULL;
  const char *actor[] = { "UU Sjælland Syd", "Vejledning", "", "55 55 55 55", "", "", NULL };
  gint64 code = 370;
  gint64 id;

  edit->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Handlingsplan 2019–2020");
  edit->fields[VJ_INITIATIVE_KIND] = g_strdup ("action-plan");
  edit->fields[VJ_INITIATIVE_PERIOD_START] = g_strdup ("2019");
  edit->fields[VJ_INITIATIVE_PERIOD_END] = g_strdup ("2020");
  edit->goals = goal_rows ("Alle unge har en uddannelsesplan", "100 %");
  edit->actors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (edit->actors, g_strdupv ((char **) actor));
  edit->municipalities = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (edit->municipalities, code);
  id = save (fixture, 0, track, edit);

  g_assert_true (vj_db_initiative_is_local (fixture->db, id));
  plan = find (fixture, id);
  g_assert_nonnull (plan);
  g_assert_cmpint (vj_initiative_get_parent_id (plan), ==, track);
  g_assert_cmpuint (vj_initiative_get_depth (plan), ==, 2);
  g_assert_cmpstr (vj_initiative_get (plan, VJ_INITIATIVE_KIND), ==, "action-plan");
  actors = vj_db_list_initiative_actors (fixture->db, id, &error);
  g_assert_cmpuint (actors->len, ==, 1);
  g_assert_cmpstr (((char **) actors->pdata[0])[3], ==, "55 55 55 55");
  links = vj_db_list_initiative_links (fixture->db, id, VJ_INITIATIVE_LINK_MUNICIPALITY, &error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (((char **) links->pdata[0])[2], ==, "Næstved");
  source = vj_test_query_text (fixture->path, "SELECT s.feed_id FROM initiative i"
                                              " JOIN source s ON s.id = i.source_id WHERE i.title "
                                              "= "
                                              "'Handlingsplan 2019–2020';");
  g_assert_cmpstr (source, ==, "local:initiatives");

  /* A re-import of the built-in catalogue leaves it be */
  vj_import_report_free (vj_test_import_builtin (fixture->db));
  g_clear_object (&plan);
  plan = find (fixture, id);
  g_assert_nonnull (plan);

  /* Deleted, not undone, purged: gone with its goals */
  delete (fixture, id, TRUE);
  vj_db_purge_deleted_initiatives_async (fixture->db, NULL, result_cb, &result);
  g_assert_true (vj_db_purge_deleted_initiatives_finish (fixture->db, wait_for (&result),
                                                         &error));
  g_assert_no_error (error);
  rows = vj_test_query_text (fixture->path, "SELECT count (*) FROM initiative i JOIN source s"
                                            " ON s.id = i.source_id WHERE s.feed_id = "
                                            "'local:initiatives';");
  g_assert_cmpstr (rows, ==, "0");
  g_free (rows);
  rows = vj_test_query_text (fixture->path, "SELECT count (*) FROM goal WHERE text = "
                                            "'Alle unge har en uddannelsesplan';");
  g_assert_cmpstr (rows, ==, "0");
}

static void
test_title_required (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjInitiativeEdit) edit = vj_initiative_edit_new ();
  g_autoptr(GAsyncResult) result = NULL;

  edit->fields[VJ_INITIATIVE_TITLE] = g_strdup ("   ");
  vj_db_save_initiative_async (fixture->db, 0, 0, edit, NULL, result_cb, &result);
  g_assert_cmpint (vj_db_save_initiative_finish (fixture->db, wait_for (&result), &error), ==, 0);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
}


/* ----- publishing ----- */

/* Everything a counsellor sees of the initiatives, as text: the tree with kinds, periods and
 * owners, goals, actors and links (by the linked records' ids and names). */
static char *
describe (VjDb *db)
{
  g_autoptr(GPtrArray) all = vj_db_list_initiatives (db, 0, NULL);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      VjInitiative *initiative = g_ptr_array_index (all, i);
      gint64 id = vj_initiative_get_id (initiative);
      g_autoptr(GPtrArray) goals = vj_db_list_initiative_goals (db, id, NULL);
      g_autoptr(GPtrArray) actors = vj_db_list_initiative_actors (db, id, NULL);

      g_string_append_printf (text, "%u", vj_initiative_get_depth (initiative));
      for (VjInitiativeField f = 0; f < VJ_INITIATIVE_N_FIELDS; f++)
        g_string_append_printf (text, "|%s", vj_initiative_get (initiative, f) != NULL
                                             ? vj_initiative_get (initiative, f) : "");
      g_string_append_c (text, '\n');
      for (guint k = 0; k < goals->len; k++)
        {
          g_autofree char *row = g_strjoinv ("|", g_ptr_array_index (goals, k));
          g_string_append_printf (text, "  goal %s\n", row);
        }
      for (guint k = 0; k < actors->len; k++)
        {
          g_autofree char *row = g_strjoinv ("|", g_ptr_array_index (actors, k));
          g_string_append_printf (text, "  actor %s\n", row);
        }
      for (VjInitiativeLink kind = VJ_INITIATIVE_LINK_PROGRAMME;
           kind <= VJ_INITIATIVE_LINK_MUNICIPALITY; kind++)
        {
          g_autoptr(GPtrArray) links = vj_db_list_initiative_links (db, id, kind, NULL);

          for (guint k = 0; k < links->len; k++)
            {
              char **link = g_ptr_array_index (links, k);
              g_string_append_printf (text, "  link %d %s|%s\n", kind, link[1], link[2]);
            }
        }
    }
  return g_string_free (text, FALSE);
}

/* A regional administrator changes an action plan and adds one, publishes, and another
 * installation imports the feed: the same tree, goals, actors and links. */
static void
test_export_import_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor4");
  g_autoptr(VjInitiativeEdit) edit = vj_db_load_initiative_edit (fixture->db, track, &error);
  g_autoptr(VjInitiativeEdit) plan = vj_initiative_edit_new ();
  g_autofree char *xml = NULL;
  g_autofree char *feed = g_build_filename (fixture->dir, "initiatives.xml", NULL);
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  g_autoptr(VjDb) other = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(VjImportReport) report = NULL;
  struct stat st;

  g_free (edit->fields[VJ_INITIATIVE_DESCRIPTION]);
  edit->fields[VJ_INITIATIVE_DESCRIPTION] = g_strdup ("Handlingsplan 2021–2022 <ny> & bedre");
  save (fixture, track, 0, edit);
  plan->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Handlingsplan for brobygning");
  plan->fields[VJ_INITIATIVE_KIND] = g_strdup ("action-plan");
  plan->fields[VJ_INITIATIVE_PERIOD_START] = g_strdup ("2021");
  plan->goals = goal_rows ("Alle 9. klasser i brobygning", "100 %");
  plan->programmes = g_array_ref (edit->programmes);
  save (fixture, 0, track, plan);

  xml = vj_db_export_initiatives (fixture->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vj_private_file_write (feed, xml, strlen (xml), &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (feed, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  if (xmllint != NULL)
    {
      g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "..", "data", "schema",
                                                    "vejviser-catalogue-1.xsd", NULL);
      const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", xsd, feed, NULL };
      int status = -1;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
    }

  other = vj_db_open (other_path, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (feed);
  report = vj_import_file (other, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rejected->len, ==, 0);

  here = describe (fixture->db);
  there = describe (other);
  g_assert_cmpstr (there, ==, here);
  g_assert_nonnull (strstr (there, "Handlingsplan 2021–2022 <ny> & bedre"));
  g_assert_nonnull (strstr (there, "Handlingsplan for brobygning"));

  /* Publishing again, after a change, updates the same records over there */
  {
    g_autoptr(VjImportReport) again = NULL;
    g_autofree char *xml2 = NULL;
    g_autofree char *there2 = NULL;

    g_free (edit->fields[VJ_INITIATIVE_TITLE]);
    edit->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Spor 4: Ungdomsuddannelserne");
    save (fixture, track, 0, edit);
    g_usleep (G_USEC_PER_SEC);  /* the version is the time of the export, in seconds */
    xml2 = vj_db_export_initiatives (fixture->db, NULL, &error);
    g_assert_true (vj_private_file_write (feed, xml2, strlen (xml2), &error));
    again = vj_import_file (other, file, "file", NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->by_kind[VJ_IMPORT_KIND_INITIATIVE].added, ==, 0);
    g_assert_cmpint (again->by_kind[VJ_IMPORT_KIND_INITIATIVE].updated, ==, 1);
    g_free (here);
    here = describe (fixture->db);
    there2 = describe (other);
    g_assert_cmpstr (there2, ==, here);
  }
  vj_db_close (other);
}

/* "Programmes in the youth-education track" includes those of its action plans. */
static void
test_filter_includes_parts (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor1");
  gint64 other = vj_test_lookup_initiative (fixture->db, "kp2020-spor3");
  g_autoptr(GPtrArray) elsewhere = vj_db_list_initiative_programmes (fixture->db, other, NULL);
  g_autoptr(VjInitiativeEdit) plan = vj_initiative_edit_new ();
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 programme = g_ascii_strtoll (((char **) elsewhere->pdata[0])[0], NULL, 10);
  gboolean found = FALSE;

  query->initiative = track;
  before = vj_db_search_programme_ids (fixture->db, query, NULL, &error);
  g_assert_no_error (error);

  plan->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Brobygning til videregående uddannelse");
  plan->fields[VJ_INITIATIVE_KIND] = g_strdup ("project");
  plan->programmes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (plan->programmes, programme);
  save (fixture, 0, track, plan);

  after = vj_db_search_programme_ids (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    found |= g_array_index (after, gint64, i) == programme;
  g_assert_true (found);
}

/* A feed that calls itself by the local source's name is refused, and what was made in the app
 * stays. */
static void
test_feed_cannot_claim_local (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjInitiativeEdit) edit = vj_initiative_edit_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "claims-local.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VjImportReport) report = NULL;
  g_autoptr(VjInitiative) still = NULL;
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<catalogue xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\" format-version=\"1\">\n"
    "  <header><source-id>local:initiatives</source-id><version>99</version>"
    "<title>Ondsindet</title></header>\n"
    "  <initiative id=\"x\"><title>Andet</title></initiative>\n"
    "</catalogue>\n";
  gint64 id;

  edit->fields[VJ_INITIATIVE_TITLE] = g_strdup ("Egen indsats");
  id = save (fixture, 0, 0, edit);
  g_assert_true (g_file_set_contents (path, xml, -1, &error));
  report = vj_import_file (fixture->db, file, "file", NULL, NULL, NULL, NULL, &error);
  g_assert_nonnull (error);
  still = find (fixture, id);
  g_assert_nonnull (still);
  g_assert_cmpstr (vj_initiative_get (still, VJ_INITIATIVE_TITLE), ==, "Egen indsats");
  g_assert_cmpint (vj_db_lookup_initiative (fixture->db, "x", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, vj_test_fixture_setup_catalogue, func, vj_test_fixture_teardown)
  ADD ("/initiatives/edit/imported-through-overlay", test_edit_imported);
  ADD ("/initiatives/edit/overlay-survives-reimport-and-reset",
       test_overlay_survives_reimport_and_reset);
  ADD ("/initiatives/edit/delete-and-undo", test_delete_and_undo);
  ADD ("/initiatives/edit/create-local", test_create_local);
  ADD ("/initiatives/edit/title-required", test_title_required);
  ADD ("/initiatives/edit/filter-includes-parts", test_filter_includes_parts);
  ADD ("/initiatives/edit/feed-cannot-claim-local", test_feed_cannot_claim_local);
  ADD ("/initiatives/export/round-trip", test_export_import_round_trip);
#undef ADD
  return g_test_run ();
}
