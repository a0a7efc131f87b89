#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-text.h"
#include "vj-test-util.h"

/* Catalogue search over our own folded keys (DESIGN.md, Localisation), on the built-in
 * catalogue or a small fixture. */

/* ----- helpers ----- */

typedef VjTestFixture Fixture;

static GArray *
search_full (Fixture         *fixture,
             const char      *text,
             const char      *category,
             VjProgrammeSort  sort,
             guint            limit)
{
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  query->text = g_strdup (text);
  query->category = g_strdup (category);
  query->sort = sort;
  query->limit = limit;
  ids = vj_db_search_programme_ids (fixture->db, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static GArray *
search (Fixture    *fixture,
        const char *text)
{
  return search_full (fixture, text, NULL, VJ_PROGRAMME_SORT_RELEVANCE, 0);
}

static VjProgramme *
load (Fixture *fixture,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  VjProgramme *programme = vj_db_load_programme (fixture->db, id, &error);

  g_assert_no_error (error);
  return programme;
}

static char *
title_at (Fixture *fixture,
          GArray  *ids,
          guint    index)
{
  g_autoptr(VjProgramme) programme = NULL;

  g_assert_cmpuint (index, <, ids->len);
  programme = load (fixture, g_array_index (ids, gint64, index));
  return g_strdup (vj_programme_get_title (programme));
}

static gboolean
has_title (Fixture    *fixture,
           GArray     *ids,
           const char *title)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *t = title_at (fixture, ids, i);

      if (g_strcmp0 (t, title) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_id (GArray *ids,
        gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpmem (a->data, a->len * sizeof (gint64), b->data, b->len * sizeof (gint64));
}

static void
log_titles (Fixture    *fixture,
            const char *label,
            GArray     *ids)
{
  for (guint i = 0; i < ids->len && i < 10; i++)
    {
      g_autofree char *t = title_at (fixture, ids, i);
      g_test_message ("%s %u: %s", label, i, t);
    }
}

/* Programme ids from a query on the file itself, read with SQLite directly. */
static GArray *
sql_ids (Fixture    *fixture,
         const char *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &conn, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return ids;
}

/* ----- tests ----- */

static void
test_danish_letters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GArray) plain = search (fixture, "paedagog");
  g_autoptr(GArray) danish = search (fixture, "pædagog");
  g_autoptr(GArray) upper = search (fixture, "PÆDAGOG");
  g_autofree char *first = NULL;

  log_titles (fixture, "paedagog", plain);
  g_assert_cmpuint (plain->len, >, 0);
  first = title_at (fixture, plain, 0);
  g_assert_cmpstr (first, ==, "Pædagog");
  g_assert_true (has_title (fixture, plain, "Pædagogisk assistent"));

  /* The same search key, the same result. */
  assert_same_ids (plain, danish);
  assert_same_ids (plain, upper);
}

static void
test_keywords (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, "sosu");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  log_titles (fixture, "sosu", ids);
  g_assert_cmpuint (ids->len, >=, 2);
  /* "sosu" is a keyword of both, not a word of their titles: they rank first all the same. */
  first = title_at (fixture, ids, 0);
  second = title_at (fixture, ids, 1);
  g_assert_true ((g_strcmp0 (first, "Social- og sundhedsassistent") == 0 &&
                  g_strcmp0 (second, "Social- og sundhedshjælper") == 0) ||
                 (g_strcmp0 (first, "Social- og sundhedshjælper") == 0 &&
                  g_strcmp0 (second, "Social- og sundhedsassistent") == 0));
}

static void
test_case (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GArray) upper = search (fixture, "ELEKTRIKER");
  g_autoptr(GArray) lower = search (fixture, "elektriker");
  g_autoptr(GArray) prefix = search (fixture, "Elektr");
  g_autofree char *first = NULL;

  g_assert_cmpuint (upper->len, >=, 1);
  first = title_at (fixture, upper, 0);
  g_assert_cmpstr (first, ==, "Elektriker");
  assert_same_ids (upper, lower);
  /* Every word is a prefix. */
  g_assert_true (has_title (fixture, prefix, "Elektriker"));
}

static void
test_town (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GArray) koge = search (fixture, "koge");
  g_autoptr(GArray) koege = search (fixture, "køge");
  g_autoptr(GArray) koege_ascii = search (fixture, "koege");
  g_autoptr(GArray) offered = sql_ids (fixture,
                                       "SELECT DISTINCT o.programme_id FROM offering o"
                                       " JOIN location l ON l.id = o.location_id"
                                       " WHERE l.municipality = 259 AND o.withdrawn = 0;");

  log_titles (fixture, "koge", koge);
  g_assert_cmpuint (offered->len, >, 0);
  /* "koge" finds Køge as "køge" and "koege" do. */
  assert_same_ids (koge, koege);
  assert_same_ids (koge, koege_ascii);
  for (guint i = 0; i < offered->len; i++)
    {
      gint64 id = g_array_index (offered, gint64, i);
      g_autoptr(VjProgramme) programme = load (fixture, id);

      g_test_message ("offered in Køge: %s", vj_programme_get_title (programme));
      g_assert_true (has_id (koge, id));
      g_assert_nonnull (strstr (vj_programme_get_places (programme), "Køge"));
    }
}

static void
test_institution_name (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, "absalon");
  g_autoptr(GArray) offered = sql_ids (fixture,
                                       "SELECT DISTINCT o.programme_id FROM offering o"
                                       " JOIN location l ON l.id = o.location_id"
                                       " JOIN institution i ON i.id = l.institution_id"
                                       " WHERE i.external_id = 'absalon' AND o.withdrawn = 0;");

  log_titles (fixture, "absalon", ids);
  g_assert_true (has_title (fixture, ids, "Sygeplejerske"));
  g_assert_cmpuint (offered->len, >, 0);
  for (guint i = 0; i < offered->len; i++)
    g_assert_true (has_id (ids, g_array_index (offered, gint64, i)));
}

static void
test_category (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) all = search (fixture, "absalon");
  g_autoptr(GArray) filtered = search_full (fixture, "absalon", "professionsbachelor",
                                            VJ_PROGRAMME_SORT_RELEVANCE, 0);
  g_autoptr(GArray) whole = search_full (fixture, NULL, "professionsbachelor",
                                         VJ_PROGRAMME_SORT_TITLE, 0);
  g_autoptr(GArray) expected = sql_ids (fixture,
                                        "SELECT id FROM programme"
                                        " WHERE category = 'professionsbachelor';");
  g_autoptr(GArray) none = search_full (fixture, "absalon", "grundskole",
                                        VJ_PROGRAMME_SORT_RELEVANCE, 0);

  g_assert_cmpuint (filtered->len, >, 0);
  g_assert_cmpuint (filtered->len, <, all->len);
  for (guint i = 0; i < filtered->len; i++)
    {
      gint64 id = g_array_index (filtered, gint64, i);
      g_autoptr(VjProgramme) programme = load (fixture, id);

      g_assert_cmpstr (vj_programme_get_category (programme), ==, "professionsbachelor");
      g_assert_true (has_id (all, id));
    }
  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = g_array_index (all, gint64, i);
      g_autoptr(VjProgramme) programme = load (fixture, id);

      if (g_strcmp0 (vj_programme_get_category (programme), "professionsbachelor") == 0)
        g_assert_true (has_id (filtered, id));
    }

  /* No text: the whole category. */
  g_assert_cmpuint (whole->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (has_id (whole, g_array_index (expected, gint64, i)));
  g_assert_cmpuint (none->len, ==, 0);
}

static void
assert_danish_order (Fixture *fixture,
                     GArray  *ids)
{
  g_autofree char *previous = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *title = title_at (fixture, ids, i);
      g_autofree char *key = vj_text_sort_key (title);

      if (previous != NULL)
        {
          g_test_message ("“%s” after “%s”", key, previous);
          g_assert_cmpint (strcmp (previous, key), <=, 0);
        }
      g_free (previous);
      previous = g_steal_pointer (&key);
    }
}

static void
test_empty_query_lists_all (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GArray) null_text = search (fixture, NULL);
  g_autoptr(GArray) empty = search (fixture, "");
  g_autoptr(GArray) blank = search (fixture, "   ");
  g_autoptr(GArray) by_title = search_full (fixture, NULL, NULL, VJ_PROGRAMME_SORT_TITLE, 0);
  g_autoptr(GArray) limited = search_full (fixture, NULL, NULL, VJ_PROGRAMME_SORT_TITLE, 5);

  g_assert_cmpuint (null_text->len, ==, 76);
  g_assert_cmpuint (null_text->len, ==, vj_db_count_programmes (fixture->db));
  assert_same_ids (null_text, empty);
  assert_same_ids (null_text, blank);
  assert_same_ids (null_text, by_title);
  assert_danish_order (fixture, null_text);

  g_assert_cmpuint (limited->len, ==, 5);
  g_assert_cmpmem (limited->data, 5 * sizeof (gint64), null_text->data, 5 * sizeof (gint64));
}

static void
test_danish_order (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *expected[] = {
    "abe", "Bager", "Zoologi", "Ærø", "Østerby", "Åben uddannelse", "Aabenraa",
  };
  g_autoptr(GArray) ids = search (fixture, NULL);
  g_autoptr(GArray) veu = search_full (fixture, NULL, "veu", VJ_PROGRAMME_SORT_TITLE, 0);

  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *title = title_at (fixture, ids, i);
      g_assert_cmpstr (title, ==, expected[i]);
    }

  /* The same order within a category: Zoologi and Bager are not veu. */
  g_assert_cmpuint (veu->len, ==, 5);
  for (guint i = 0, j = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *title = NULL;

      if (strcmp (expected[i], "Bager") == 0 || strcmp (expected[i], "Zoologi") == 0)
        continue;
      title = title_at (fixture, veu, j++);
      g_assert_cmpstr (title, ==, expected[i]);
    }
}

static void
test_follows_changed_feed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *changed = g_test_build_filename (G_TEST_DIST, "data", "v1-small-changed.xml",
                                                    NULL);
  g_autoptr(GArray) before = search (fixture, "datamatiker ak");
  g_autoptr(GArray) oekonom = search (fixture, "økonom");
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) gone = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(VjProgramme) withdrawn = NULL;
  g_autoptr(VjImportReport) report = NULL;
  gint64 oekonom_id;

  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (oekonom->len, ==, 1);
  oekonom_id = g_array_index (oekonom, gint64, 0);

  report = vj_test_import (fixture->db, changed);
  g_assert_cmpuint (report->rejected->len, ==, 0);

  /* The new title is searchable. */
  after = search (fixture, "datamatiker ak");
  g_assert_cmpuint (after->len, ==, 1);
  /* The withdrawn programme keeps its row and comes last. */
  gone = search (fixture, "oekonom");
  g_assert_cmpuint (gone->len, ==, 1);
  g_assert_cmpint (g_array_index (gone, gint64, 0), ==, oekonom_id);
  withdrawn = load (fixture, oekonom_id);
  g_assert_true (vj_programme_get_withdrawn (withdrawn));
  all = search (fixture, NULL);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (g_array_index (all, gint64, all->len - 1), ==, oekonom_id);
}

static void
test_no_query_syntax (Fixture       *fixture,
                      gconstpointer  data)
{
  /* What a user types is words, never FTS5 syntax, and never an error. */
  const char *texts[] = {
    "\"", "sygepl*", "OR", "title:pædagog", "NEAR(a b)", "a AND", "(", "-", "^x", "sosu -",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) ids = NULL;

      g_test_message ("query %s", texts[i]);
      ids = search (fixture, texts[i]);
      if (strcmp (texts[i], "sygepl*") == 0)
        g_assert_true (has_title (fixture, ids, "Sygeplejerske"));
    }
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GError) error = NULL;

  query->text = g_strdup ("a");
  g_cancellable_cancel (cancellable);
  ids = vj_db_search_programme_ids (fixture->db, query, cancellable, &error);
  g_assert_null (ids);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                 g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_CANCELLED));

  /* The pooled connection is fine afterwards. */
  again = search (fixture, "a");
  g_assert_cmpuint (again->len, >, 0);
}

/* The first rows read with a search, in a worker: the same programmes as reading each on its
 * own, in the order asked, and nothing for an id that is gone */
static void
test_first_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 asked[3];

  g_assert_cmpuint (ids->len, >, 3);
  asked[0] = g_array_index (ids, gint64, 1);
  asked[1] = G_MAXINT64;
  asked[2] = g_array_index (ids, gint64, 0);
  first = vj_db_load_programmes (fixture->db, asked, G_N_ELEMENTS (asked), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_null (g_ptr_array_index (first, 1));
  for (guint i = 0; i < 3; i += 2)
    {
      g_autoptr(VjProgramme) one = vj_db_load_programme (fixture->db, asked[i], &error);
      g_autofree char *subtitle = vj_programme_dup_subtitle (one);
      g_autofree char *batch_subtitle = vj_programme_dup_subtitle (g_ptr_array_index (first, i));

      g_assert_no_error (error);
      g_assert_cmpint (vj_programme_get_id (g_ptr_array_index (first, i)), ==, asked[i]);
      g_assert_cmpstr (vj_programme_get_title (g_ptr_array_index (first, i)), ==,
                       vj_programme_get_title (one));
      g_assert_cmpstr (batch_subtitle, ==, subtitle);
    }
}

static void
add_test (const char  *path,
          const char  *feed,
          void       (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, feed, vj_test_fixture_setup_catalogue, func, vj_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/db/search/danish-letters", NULL, test_danish_letters);
  add_test ("/db/search/keywords", NULL, test_keywords);
  add_test ("/db/search/ignores-case", NULL, test_case);
  add_test ("/db/search/town-with-and-without-oe", NULL, test_town);
  add_test ("/db/search/institution-name", NULL, test_institution_name);
  add_test ("/db/search/category-filter", NULL, test_category);
  add_test ("/db/search/empty-query-lists-all-in-danish-order", NULL, test_empty_query_lists_all);
  add_test ("/db/search/danish-order", "v1-danish-order.xml", test_danish_order);
  add_test ("/db/search/follows-changed-feed", "v1-small.xml", test_follows_changed_feed);
  add_test ("/db/search/no-query-syntax", NULL, test_no_query_syntax);
  add_test ("/db/search/cancelled", NULL, test_cancelled);
  add_test ("/db/search/first-rows-with-the-search", NULL, test_first_rows);

  return g_test_run ();
}
