#define G_LOG_DOMAIN "test-catalogue-zoom"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vj-csv.h"
#include "vj-db-catalogue.h"
#include "vj-db-search.h"
#include "vj-importer.h"
#include "vj-offering.h"
#include "vj-programme.h"
#include "vj-test-util.h"
#include "vj-text.h"

/* Every offer at an institution in Uddannelseszoom (data/sources/uddannelseszoom.csv, the copy
 * the app ships) is found in the built-in catalogue once the app has imported it as at first
 * start: a search for its title finds its programme, and the programme lists it at its campus
 * (its municipality, and the register's town for the unit) with its institution and its ug.dk
 * link — through the search and the offerings list the window and vejviser-cli use. The offers
 * no catalogue can hold are named, with the reason (README.md, "The built-in catalogue"). */

/* udbud_id of the offers left out, and why */
static const struct
{
  const char *unit;
  const char *why;
} unmatchable[] = {
  { "", "no institution: Dance and Choreography has no udbud_id" },
  { "449402", "neither the unit nor its main institution is in the register" },
  { "281651", "DTU's campus in Sisimiut, Greenland: outside the 98 municipalities" },
  { "281664", "Maskinmesterskolen's campus in Sisimiut, Greenland: outside the 98 municipalities" },
};

static GPtrArray *
read_table (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sources", name,
                                                 NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  VjCsvFile *csv;
  GPtrArray *rows;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  csv = vj_csv_read (text, length);
  rows = g_ptr_array_ref (csv->rows);
  vj_csv_file_free (csv);
  return rows;
}

static int
column (GPtrArray  *rows,
        const char *name)
{
  VjCsvRow *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->fields->len; i++)
    if (g_strcmp0 (g_ptr_array_index (header->fields, i), name) == 0)
      return (int) i;
  g_error ("No column %s", name);
  return -1;
}

static const char *
field (VjCsvRow *row,
       int       c)
{
  return (guint) c < row->fields->len ? g_ptr_array_index (row->fields, c) : "";
}

static void
import_builtin (VjDb       *db,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue", name,
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjImportReport) report = vj_import_file (db, file, "builtin", NULL, NULL, NULL, NULL,
                                                     &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->rejected->len, ==, 0);
}

static gboolean
is_unmatchable (const char *unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (unmatchable); i++)
    if (g_strcmp0 (unmatchable[i].unit, unit) == 0)
      return TRUE;
  return FALSE;
}

/* A town as written by the register ("Nykøbing F") or the region's file ("Nykøbing F."):
 * without its dots and spaces */
static char *
town_key (const char *town)
{
  GString *key = g_string_new (NULL);

  for (const char *p = town; *p != '\0'; p++)
    if (*p != '.' && *p != ' ')
      g_string_append_c (key, *p);
  return g_string_free (key, FALSE);
}

static void
test_every_offer (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vejviser-zoom-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "vejviser.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = vj_db_open (db_path, &error);
  g_autoptr(GPtrArray) zoom = read_table ("uddannelseszoom.csv");
  g_autoptr(GPtrArray) units = read_table ("institutionsregister.csv");
  g_autoptr(GHashTable) towns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) offerings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GString) missing = g_string_new (NULL);
  int c_article = column (zoom, "artikel_id");
  int c_unit = column (zoom, "udbud_id");
  int c_url = column (zoom, "url");
  int c_title = column (zoom, "Titel");
  int c_municipality = column (zoom, "instkommunetx");
  int c_number = column (units, "INST_NR");
  int c_town = column (units, "POSTDISTRIKT");
  guint rows = 0, found = 0, left_out = 0;

  g_assert_no_error (error);
  /* As the app's first start: the region's own file, then the national catalogue */
  import_builtin (db, "region-sjaelland.xml");
  import_builtin (db, "national.xml");

  for (guint i = 1; i < units->len; i++)
    {
      VjCsvRow *row = g_ptr_array_index (units, i);

      g_hash_table_insert (towns, (gpointer) field (row, c_number),
                           (gpointer) field (row, c_town));
    }

  for (guint i = 1; i < zoom->len; i++)
    {
      VjCsvRow *row = g_ptr_array_index (zoom, i);
      const char *unit = field (row, c_unit);
      const char *title = field (row, c_title);
      const char *municipality = field (row, c_municipality);
      const char *town = g_hash_table_lookup (towns, unit);
      g_autofree char *url = g_str_has_prefix (field (row, c_url), "http")
                             ? g_strdup (field (row, c_url))
                             : g_strconcat ("https://", field (row, c_url), NULL);
      g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
      g_autoptr(GArray) ids = NULL;
      gboolean ok = FALSE;

      if (g_strcmp0 (unit, "999999") == 0)
        continue;   /* a national aggregate, not an offer */
      rows++;
      if (is_unmatchable (unit))
        {
          left_out++;
          continue;
        }

      query->text = g_strdup (title);
      query->limit = 40;
      ids = vj_db_search_programme_ids (db, query, NULL, &error);
      g_assert_no_error (error);
      for (guint j = 0; !ok && j < ids->len; j++)
        {
          gint64 id = g_array_index (ids, gint64, j);
          GPtrArray *list = g_hash_table_lookup (offerings, &id);

          if (list == NULL)
            {
              list = vj_db_list_offerings (db, id, &error);
              g_assert_no_error (error);
              g_hash_table_insert (offerings, g_memdup2 (&id, sizeof id), list);
            }
          for (guint k = 0; !ok && k < list->len; k++)
            {
              VjOffering *offering = g_ptr_array_index (list, k);
              const char *institution = vj_offering_get (offering, VJ_OFFERING_INSTITUTION);
              const char *where = vj_offering_get (offering, VJ_OFFERING_TOWN);

              ok = !vj_offering_get_withdrawn (offering) &&
                   institution != NULL && *institution != '\0' &&
                   where != NULL && *where != '\0' &&
                   g_strcmp0 (vj_offering_get (offering, VJ_OFFERING_URL), url) == 0 &&
                   g_strcmp0 (vj_offering_get (offering, VJ_OFFERING_MUNICIPALITY_NAME),
                              municipality) == 0;
              if (ok && town != NULL)
                {
                  g_autofree char *expected = town_key (town);
                  g_autofree char *given = town_key (where);

                  ok = g_strcmp0 (expected, given) == 0;
                }
            }
        }
      if (ok)
        found++;
      else
        g_string_append_printf (missing, "%s %s (%s, %s, %s)\n", field (row, c_article), unit,
                                title, municipality, town != NULL ? town : "-");
    }

  g_test_message ("Uddannelseszoom: %u offers at an institution, %u found in the built-in "
                  "catalogue, %u left out", rows, found, left_out);
  if (missing->len > 0)
    g_test_message ("Not found:\n%s", missing->str);
  g_assert_cmpuint (rows, ==, 1560);
  /* Five rows: DTU's campus in Greenland has two offers */
  g_assert_cmpuint (left_out, ==, 5);
  g_assert_cmpstr (missing->str, ==, "");
  g_assert_cmpuint (found, ==, 1555);

  vj_db_close (db);
  vj_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalogue/zoom/every-offer", test_every_offer);
  return g_test_run ();
}
