#define G_LOG_DOMAIN "test-initiatives"

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
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Initiatives as a counsellor meets them: Kompetenceparat 2020's tree from the built-in
 * catalogue, links both ways, the catalogue filtered by a track, and `vejviser-cli initiatives`. */

typedef VjTestFixture Fixture;

/* ----- the tree and its links ----- */

static void
test_tree (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = vj_db_list_initiatives (fixture->db, 0, &error);
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  VjInitiative *root;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 6);
  root = g_ptr_array_index (all, 0);
  g_assert_cmpstr (vj_initiative_get (root, VJ_INITIATIVE_TITLE), ==, "Kompetenceparat 2020");
  g_assert_cmpstr (vj_initiative_get (root, VJ_INITIATIVE_PERIOD_START), ==, "2011");
  g_assert_cmpstr (vj_initiative_get (root, VJ_INITIATIVE_PERIOD_END), ==, "2020");
  for (guint i = 1; i < all->len; i++)
    {
      VjInitiative *track = g_ptr_array_index (all, i);
      g_autofree char *prefix = g_strdup_printf ("Spor %u:", i);

      g_assert_cmpuint (vj_initiative_get_depth (track), ==, 1);
      g_assert_cmpint (vj_initiative_get_parent_id (track), ==, vj_initiative_get_id (root));
      g_assert_true (g_str_has_prefix (vj_initiative_get (track, VJ_INITIATIVE_TITLE), prefix));
    }
  /* Track 5's name is inferred, and says so */
  g_assert_nonnull (vj_initiative_get (g_ptr_array_index (all, 5), VJ_INITIATIVE_INFERRED));

  goals = vj_db_list_initiative_goals (fixture->db, vj_initiative_get_id (root), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 7);
  actors = vj_db_list_initiative_actors (fixture->db, vj_initiative_get_id (root), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((char **) g_ptr_array_index (actors, 0))[2], ==, "Alléen 15, 4180 Sorø");
}

static void
test_links_both_ways (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor1");
  g_autoptr(GPtrArray) programmes = vj_db_list_initiative_links (fixture->db, track,
                                                                 VJ_INITIATIVE_LINK_PROGRAMME,
                                                                 &error);
  g_autoptr(GPtrArray) institutions = NULL;
  g_autoptr(GPtrArray) municipalities = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (programmes->len, ==, 4);
  for (guint i = 0; i < programmes->len; i++)
    {
      char **row = g_ptr_array_index (programmes, i);
      g_autoptr(GPtrArray) back = vj_db_list_initiatives (fixture->db,
                                                          g_ascii_strtoll (row[0], NULL, 10),
                                                          &error);

      g_assert_no_error (error);
      g_assert_true (vj_test_has_initiative (back, track));
    }

  institutions = vj_db_list_initiative_links (fixture->db, track,
                                              VJ_INITIATIVE_LINK_INSTITUTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (institutions->len, ==, 5);
  for (guint i = 0; i < institutions->len; i++)
    {
      char **row = g_ptr_array_index (institutions, i);
      g_autoptr(GPtrArray) back = vj_db_list_institution_initiatives (
        fixture->db, g_ascii_strtoll (row[0], NULL, 10), &error);
      gboolean found = FALSE;

      g_assert_no_error (error);
      for (guint k = 0; k < back->len; k++)
        found |= g_ascii_strtoll (((char **) g_ptr_array_index (back, k))[0], NULL, 10) == track;
      g_assert_true (found);
    }

  municipalities = vj_db_list_initiative_links (fixture->db, track,
                                                VJ_INITIATIVE_LINK_MUNICIPALITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (municipalities->len, ==, 17);
}

/* "Programmes in the youth-education track": the search filter by track and by initiative. */
static void
test_filter_by_track (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) linked = NULL;
  gint64 track = vj_test_lookup_initiative (fixture->db, "kp2020-spor4");

  query->initiative = track;
  query->sort = VJ_PROGRAMME_SORT_TITLE;
  g_assert_true (vj_programme_query_has_filters (query));
  ids = vj_db_search_programme_ids (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  linked = vj_db_list_initiative_programmes (fixture->db, track, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpuint (ids->len, ==, linked->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) back = vj_db_list_initiatives (fixture->db,
                                                          g_array_index (ids, gint64, i), &error);
      g_assert_true (vj_test_has_initiative (back, track));
    }

  /* The whole initiative holds the programmes of all its tracks */
  query->initiative = vj_test_lookup_initiative (fixture->db, "kp2020");
  all = vj_db_search_programme_ids (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, ids->len);
}


static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_cli_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *node, *track;
  JsonArray *children;
  int status;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }

  text = vj_test_run_cli (fixture->path, &status, NULL, "initiatives", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (text, "Kompetenceparat 2020 [kp2020] · 2011–2020\n"));
  g_assert_nonnull (strstr (text, "\n  Spor 4: Ungdomsuddannelse [kp2020-spor4]\n"));

  json = vj_test_run_cli (fixture->path, &status, NULL, "initiatives", "list", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse_object (parser, json);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "initiatives")),
                    ==, 1);
  node = json_array_get_object_element (json_object_get_array_member (root, "initiatives"), 0);
  g_assert_cmpstr (json_object_get_string_member (node, "external_id"), ==, "kp2020");
  g_assert_cmpstr (json_object_get_string_member (node, "owner"), ==,
                   "Regional Udvikling, Region Sjælland");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (node, "goals")), ==, 7);
  children = json_object_get_array_member (node, "children");
  g_assert_cmpuint (json_array_get_length (children), ==, 5);
  track = json_array_get_object_element (children, 0);
  g_assert_cmpstr (json_object_get_string_member (track, "kind"), ==, "track");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (track,
                                                                         "municipalities")),
                    ==, 17);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (track, "programmes")),
                    ==, 4);
}


static void
test_cli_export (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *feed = g_build_filename (fixture->dir, "out.xml", NULL);
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *xml = NULL;
  JsonObject *root;
  struct stat st;
  int status;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }
  json = vj_test_run_cli (fixture->path, &status, NULL, "initiatives", "export", "--output", feed,
                          "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse_object (parser, json);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (g_stat (feed, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (feed, &xml, NULL, NULL));
  g_assert_nonnull (strstr (xml, "<initiative id=\"kp2020-spor4\" parent=\"kp2020\">"));

  /* --output is required: an export is not printed to the terminal */
  missing = vj_test_run_cli (fixture->path, &status, NULL, "initiatives", "export", "--json", NULL);
  g_assert_cmpint (status, !=, 0);
  root = parse_object (parser, missing);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
}

static void
test_cli_search_initiative (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) linked = NULL;
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  JsonObject *root;
  int status;

  if (g_getenv ("VEJVISER_CLI") == NULL)
    {
      g_test_skip ("VEJVISER_CLI is not set");
      return;
    }

  linked = vj_db_list_initiative_programmes (fixture->db, vj_test_lookup_initiative (fixture->db,
                                                                                     "kp2020-spor3"), NULL);
  json = vj_test_run_cli (fixture->path, &status, NULL, "search", "--initiative", "kp2020-spor3",
                          "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse_object (parser, json);
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, linked->len);

  missing = vj_test_run_cli (fixture->path, &status, NULL, "search", "--initiative",
                             "no-such-track", "--json", NULL);
  g_assert_cmpint (status, !=, 0);
  root = parse_object (parser, missing);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "error"),
                                                  "code"), ==, "not-found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, vj_test_fixture_setup_catalogue, func, vj_test_fixture_teardown)
  ADD ("/initiatives/tree", test_tree);
  ADD ("/initiatives/links-both-ways", test_links_both_ways);
  ADD ("/initiatives/filter-by-track", test_filter_by_track);
  ADD ("/initiatives/cli/list", test_cli_list);
  ADD ("/initiatives/cli/export", test_cli_export);
  ADD ("/initiatives/cli/search-by-initiative", test_cli_search_initiative);
#undef ADD
  return g_test_run ();
}
