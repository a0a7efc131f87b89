/* Search latency at national scale: p50 and p95 over a fixed query set that includes one- and
 * two-letter prefixes and broad words, against a database of N synthetic programmes (made
 * here, through the importer, unless VEJVISER_BENCH_DB names one). Prints
 * `BENCH <name> <value> <unit>` lines. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "vj-db-search.h"
#include "vj-importer.h"
#include "vj-bench-feed.h"

static const char * const queries[] = {
  "a", "p", "pæ", "uddannelse", "sygeplejerske", "paedagog", "ko", "køge", "elektriker",
  "datamatiker roskilde", "tømrer", "it", "lærer", "social", "assistent", "bio", "zz",
  "teknolog", "ø", "kok",
};

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = g_getenv ("VEJVISER_BENCH_PROGRAMMES") != NULL
              ? (guint) g_ascii_strtoull (g_getenv ("VEJVISER_BENCH_PROGRAMMES"), NULL, 10)
              : 100000;
  const guint rounds = 5;

  if (g_getenv ("VEJVISER_BENCH_DB") != NULL)
    db_path = g_strdup (g_getenv ("VEJVISER_BENCH_DB"));
  else
    {
      dir = g_dir_make_tmp ("vejviser-bench-XXXXXX", NULL);
      db_path = g_build_filename (dir, "bench.db", NULL);
    }

  db = vj_db_open (db_path, &error);
  if (db == NULL)
    g_error ("%s", error->message);

  if (g_getenv ("VEJVISER_BENCH_DB") == NULL)
    {
      g_autofree char *feed = g_build_filename (dir, "feed.xml", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (feed);
      g_autoptr(VjImportReport) report = NULL;
      g_autoptr(GTimer) timer = g_timer_new ();

      vj_bench_write_v1_feed (feed, n);
      report = vj_import_file (db, file, "file", NULL, NULL, NULL, NULL, &error);
      if (error != NULL)
        g_error ("%s", error->message);
      printf ("BENCH import-v1-%u-programmes %.2f s\n", n, g_timer_elapsed (timer, NULL));
      g_unlink (feed);
    }

  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
        g_autoptr(VjSearchResult) result = NULL;
        gint64 start;
        double ms;

        query->text = g_strdup (queries[i]);
        start = g_get_monotonic_time ();
        result = vj_db_search_programmes (db, query, NULL, &error);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if (result == NULL)
          g_error ("%s", error->message);
        if (r > 0)   /* the first round warms the page cache */
          g_array_append_val (times, ms);
        if (r == 1 && g_getenv ("VEJVISER_BENCH_VERBOSE") != NULL)
          printf ("# %-22s %8.2f ms  %u results%s\n", queries[i], ms, result->ids->len,
                  result->capped ? " (capped)" : "");
      }

  g_array_sort (times, compare_double);
  printf ("BENCH search-p50-%u-programmes %.2f ms\n", n,
          g_array_index (times, double, times->len / 2));
  printf ("BENCH search-p95-%u-programmes %.2f ms\n", n,
          g_array_index (times, double, (times->len * 95) / 100));
  printf ("BENCH search-max-%u-programmes %.2f ms\n", n,
          g_array_index (times, double, times->len - 1));

  vj_db_close (db);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
