/* A synthetic catalogue of N programmes, each offered once, for the benchmarks. */

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "vj-bench-feed.h"

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

void
vj_bench_write_v1_feed (const char *path,
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

