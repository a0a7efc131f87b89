/* Search latency at national scale: p50 and p95 over a fixed query set that includes one- and
 * two-letter prefixes and broad words, against a database of N synthetic programmes (made
 * here, through the importer, unless VEJVISER_BENCH_DB names one). Prints
 * `BENCH <name> <value> <unit>` lines. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "vj-db-search.h"
#include "vj-importer.h"

static const char * const queries[] = {
  "a", "p", "pæ", "uddannelse", "sygeplejerske", "paedagog", "ko", "køge", "elektriker",
  "datamatiker roskilde", "tømrer", "it", "lærer", "social", "assistent", "bio", "zz",
  "teknolog", "ø", "kok",
};

static const char * const words[] = {
  "uddannelse", "pædagog", "sygeplejerske", "elektriker", "tømrer", "murer", "datamatiker",
  "økonom", "assistent", "teknolog", "ingeniør", "lærer", "kok", "tjener", "bager", "slagter",
  "laborant", "designer", "konstruktør", "socialrådgiver", "fysioterapeut", "ergoterapeut",
  "jordemoder", "radiograf", "bioanalytiker", "produktion", "handel", "kontor", "logistik",
};

static const char * const categories[] = {
  "grundskole", "gymnasial", "erhvervsuddannelse", "forberedende", "erhvervsakademi",
  "professionsbachelor", "universitet", "veu",
};

static void
write_feed (const char *path,
            guint       n)
{
  FILE *f = fopen (path, "w");
  GRand *rand = g_rand_new_with_seed (1);
  static const char * const towns[][2] = {
    { "Køge", "259" }, { "Roskilde", "265" }, { "Næstved", "370" }, { "Slagelse", "330" },
    { "Holbæk", "316" },
  };

  fputs ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<catalogue xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\" format-version=\"1\">"
         "<header><source-id>bench</source-id><version>1</version><title>Bench</title></header>"
         "<institution id=\"i\"><name>Benchmark Skole</name>", f);
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    fprintf (f, "<location id=\"l%u\"><name>Campus %s</name><town>%s</town>"
                "<municipality>%s</municipality></location>", i, towns[i][0], towns[i][0],
             towns[i][1]);
  fputs ("</institution>\n", f);
  for (guint i = 0; i < n; i++)
    {
      const char *a = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      const char *b = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      const char *c = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      fprintf (f, "<programme id=\"p%u\"><title>%s %s %u</title><category>%s</category>"
                  "<level>%d</level><description>En uddannelse om %s og %s for dem der vil "
                  "arbejde med %s.</description><offering id=\"o%u\"><location>l%d</location>"
                  "<start>2027-0%d</start><study-mode>full-time</study-mode></offering>"
                  "</programme>\n",
               i, a, b, i, categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))],
               g_rand_int_range (rand, 1, 9), a, b, c, i, g_rand_int_range (rand, 0, 5),
               g_rand_int_range (rand, 1, 10));
    }
  fputs ("</catalogue>\n", f);
  fclose (f);
  g_rand_free (rand);
}

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

      write_feed (feed, n);
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
