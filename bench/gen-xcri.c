/* gen-xcri: writes a synthetic XCRI-CAP 1.2 feed of N courses, for the import benchmark.
 *
 *   gen-xcri N OUT.xml [OUT.csv]
 *
 * The feed has one provider per 1 000 courses (with its own address after its courses, as
 * XCRI has it), each course 1–2 presentations with a start date, a study mode, a language and
 * a venue (one of ten campuses of its provider, with a town and a postcode). Titles and
 * descriptions are drawn from Danish words. The same seed every time: the same N gives the same
 * bytes. With OUT.csv, the courses' rows (id, title, description) are written too, as CSV
 * without a header, for the baseline's `.import`. */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COURSES_PER_PROVIDER 1000
#define VENUES_PER_PROVIDER 10

static const char * const words[] = {
  "uddannelse", "kursus", "grundforløb", "praktik", "sundhed", "pædagogik", "teknik", "handel",
  "økonomi", "regnskab", "ledelse", "kommunikation", "dansk", "engelsk", "tysk", "matematik",
  "fysik", "kemi", "biologi", "it", "programmering", "netværk", "sikkerhed", "data", "design",
  "byggeri", "tømrer", "murer", "elektriker", "smed", "mekaniker", "logistik", "lager",
  "transport", "landbrug", "gartner", "kok", "tjener", "bager", "frisør", "social", "omsorg",
  "sygepleje", "jura", "marketing", "salg", "service", "turisme", "energi", "miljø", "klima",
  "robotter", "automation", "produktion", "kvalitet", "projekt", "innovation", "iværksætteri",
  "læsning", "skrivning", "ordblinde", "voksne", "unge", "aften", "weekend", "fjernundervisning",
};

static const char * const towns[][2] = {
  { "Køge", "4600" }, { "Roskilde", "4000" }, { "Næstved", "4700" }, { "Holbæk", "4300" },
  { "Slagelse", "4200" }, { "Nykøbing F", "4800" }, { "Ringsted", "4100" }, { "Kalundborg", "4400" },
  { "Greve", "2670" }, { "Vordingborg", "4760" }, { "Faxe", "4640" }, { "Sorø", "4180" },
};

static const char * const months[] = {
  "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
  "oktober", "november", "december",
};

static const char *
word (GRand *rand)
{
  return words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
}

static void
append_words (GString *out,
              GRand   *rand,
              guint    n,
              gboolean capital)
{
  for (guint i = 0; i < n; i++)
    {
      const char *w = word (rand);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (i == 0 && capital)
        {
          /* Upper-case the first letter (all of them start with an ASCII letter or æøå) */
          g_autofree char *up = g_utf8_strup (w, g_utf8_next_char (w) - w);
          g_string_append (out, up);
          g_string_append (out, g_utf8_next_char (w));
        }
      else
        g_string_append (out, w);
    }
}

static void
csv_field (GString    *out,
           const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
write_or_die (FILE    *file,
              GString *buf)
{
  if (buf->len > 0 && fwrite (buf->str, 1, buf->len, file) != buf->len)
    {
      perror ("gen-xcri: write");
      exit (1);
    }
  g_string_truncate (buf, 0);
}

static void
provider_end (GString *xml,
              guint    provider)
{
  g_string_append_printf (xml,
    "    <mlo:location>\n"
    "      <mlo:street>Skolevej %u</mlo:street>\n"
    "      <mlo:town>%s</mlo:town>\n"
    "      <mlo:postcode>%s</mlo:postcode>\n"
    "      <mlo:phone>+45 70 00 %02u %02u</mlo:phone>\n"
    "    </mlo:location>\n"
    "  </provider>\n",
    provider % 200 + 1, towns[provider % G_N_ELEMENTS (towns)][0],
    towns[provider % G_N_ELEMENTS (towns)][1], provider / 100 % 100, provider % 100);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GString) xml = g_string_sized_new (1 << 20);
  g_autoptr(GString) csv = g_string_sized_new (1 << 20);
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  FILE *out, *csv_out = NULL;
  guint64 n;
  guint provider = 0;

  if (argc < 3 || argc > 4 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &n, NULL))
    {
      fprintf (stderr, "Usage: gen-xcri N OUT.xml [OUT.csv]\n");
      return 2;
    }
  out = fopen (argv[2], "wb");
  if (out == NULL)
    {
      perror (argv[2]);
      return 1;
    }
  if (argc == 4 && (csv_out = fopen (argv[3], "wb")) == NULL)
    {
      perror (argv[3]);
      return 1;
    }
  rand = g_rand_new_with_seed (4711);

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<catalog xmlns=\"http://xcri.org/profiles/1.2/catalog\"\n"
    "         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "         xmlns:mlo=\"http://purl.org/net/mlo\"\n"
    "         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"\n"
    "         generated=\"2027-01-01T00:00:00\">\n"
    "  <dc:identifier>urn:example:vejviser-bench:%" G_GUINT64_FORMAT "</dc:identifier>\n"
    "  <dc:title>Syntetisk katalog med %" G_GUINT64_FORMAT " kurser</dc:title>\n", n, n);

  for (guint64 c = 0; c < n; c++)
    {
      guint presentations = (guint) g_rand_int_range (rand, 1, 3);
      g_autofree char *id = g_strdup_printf ("K%07" G_GUINT64_FORMAT, c + 1);

      if (c % COURSES_PER_PROVIDER == 0)
        {
          if (c > 0)
            provider_end (xml, provider);
          provider = (guint) (c / COURSES_PER_PROVIDER) + 1;
          g_string_append_printf (xml,
            "  <provider>\n"
            "    <dc:identifier>https://udbyder-%04u.example.org</dc:identifier>\n"
            "    <dc:title>Udbyder %u</dc:title>\n"
            "    <mlo:url>https://udbyder-%04u.example.org</mlo:url>\n",
            provider, provider, provider);
        }

      g_string_truncate (title, 0);
      append_words (title, rand, (guint) g_rand_int_range (rand, 2, 6), TRUE);
      g_string_truncate (description, 0);
      append_words (description, rand, (guint) g_rand_int_range (rand, 20, 40), TRUE);
      g_string_append (description, ". ");
      append_words (description, rand, (guint) g_rand_int_range (rand, 10, 25), TRUE);
      g_string_append_c (description, '.');

      g_string_append_printf (xml,
        "    <course>\n"
        "      <dc:identifier>%s</dc:identifier>\n"
        "      <dc:title>%s</dc:title>\n"
        "      <dc:description>%s</dc:description>\n"
        "      <dc:subject>%s</dc:subject>\n"
        "      <mlo:url>https://udbyder-%04u.example.org/kurser/%s</mlo:url>\n",
        id, title->str, description->str, word (rand), provider, id);

      for (guint p = 0; p < presentations; p++)
        {
          guint venue = (guint) g_rand_int_range (rand, 0, VENUES_PER_PROVIDER);
          guint town = (provider + venue) % G_N_ELEMENTS (towns);
          guint month = (guint) g_rand_int_range (rand, 1, 13);
          guint year = 2027 + p;
          gboolean full_time = g_rand_boolean (rand);

          g_string_append_printf (xml,
            "      <presentation>\n"
            "        <dc:identifier>%s-%u</dc:identifier>\n"
            "        <mlo:start dtf=\"%u-%02u\">%s %u</mlo:start>\n"
            "        <studyMode identifier=\"%s\">%s</studyMode>\n"
            "        <mlo:languageOfInstruction>da</mlo:languageOfInstruction>\n"
            "        <venue>\n"
            "          <provider>\n"
            "            <dc:identifier>V%04u-%02u</dc:identifier>\n"
            "            <dc:title>Udbyder %u, afdeling %s</dc:title>\n"
            "            <mlo:location><mlo:town>%s</mlo:town>"
            "<mlo:postcode>%s</mlo:postcode></mlo:location>\n"
            "          </provider>\n"
            "        </venue>\n"
            "      </presentation>\n",
            id, p + 1, year, month, months[month - 1], year, full_time ? "FT" : "PT",
            full_time ? "Fuldtid" : "Deltid", provider, venue, provider, towns[town][0],
            towns[town][0], towns[town][1]);
        }
      g_string_append (xml, "    </course>\n");

      if (csv_out != NULL)
        {
          csv_field (csv, id);
          g_string_append_c (csv, ',');
          csv_field (csv, title->str);
          g_string_append_c (csv, ',');
          csv_field (csv, description->str);
          g_string_append_c (csv, '\n');
          if (csv->len > (1 << 20))
            write_or_die (csv_out, csv);
        }
      if (xml->len > (1 << 20))
        write_or_die (out, xml);
    }

  provider_end (xml, provider);
  g_string_append (xml, "</catalog>\n");
  write_or_die (out, xml);
  if (fclose (out) != 0)
    {
      perror (argv[2]);
      return 1;
    }
  if (csv_out != NULL)
    {
      write_or_die (csv_out, csv);
      if (fclose (csv_out) != 0)
        {
          perror (argv[3]);
          return 1;
        }
    }
  return 0;
}
