#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "vj-text.h"

/* Our own search and sort keys (DESIGN.md, Localisation) and W3C dates. */

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = vj_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold_danish_letters (void)
{
  assert_fold ("Pædagog", "paedagog");
  assert_fold ("Køge", "koege");
  assert_fold ("Århus", "aarhus");
  assert_fold ("ÆBLE ØL ÅL", "aeble oel aal");
  assert_fold ("Næstved", "naestved");
}

static void
test_fold_accents_and_case (void)
{
  assert_fold ("ELEKTRIKER", "elektriker");
  assert_fold ("Café", "cafe");
  assert_fold ("éèêë", "eeee");
  assert_fold ("Ångström", "aangstrom");
  assert_fold ("Straße", "strasse");
  assert_fold ("Social- og sundhedsassistent", "social- og sundhedsassistent");
  assert_fold ("", "");
  assert_fold (NULL, "");
}

static void
test_fold_for_index (void)
{
  g_autofree char *koege = vj_text_fold_for_index ("Køge");
  g_autofree char *paedagog = vj_text_fold_for_index ("Pædagog");
  g_autofree char *aarhus = vj_text_fold_for_index ("Århus");
  g_autofree char *plain = vj_text_fold_for_index ("Elektriker");

  /* Both spellings, so "koge" finds Køge as "koege" does. */
  g_assert_cmpstr (koege, ==, "koege koge");
  g_assert_cmpstr (paedagog, ==, "paedagog padagog");
  g_assert_cmpstr (aarhus, ==, "aarhus arhus");
  /* Nothing doubled when there is no Danish letter. */
  g_assert_cmpstr (plain, ==, "elektriker");
}

static void
test_fts_query (void)
{
  g_autofree char *koege = vj_text_fts_query ("Køge");
  g_autofree char *two = vj_text_fts_query ("  Social-  og ");
  g_autofree char *syntax = vj_text_fts_query ("a\"b OR c*");
  g_autofree char *nothing = vj_text_fts_query (" - ; ");
  g_autofree char *null = vj_text_fts_query (NULL);

  g_assert_cmpstr (koege, ==, "\"koege\"*");
  g_assert_cmpstr (two, ==, "\"social\"* \"og\"*");
  /* Every word quoted: nothing the user types is FTS5 syntax. */
  g_assert_cmpstr (syntax, ==, "\"a\"* \"b\"* \"or\"* \"c\"*");
  g_assert_null (nothing);
  g_assert_null (null);
}

static int
strcmp_keys (const char *a,
             const char *b)
{
  g_autofree char *ka = vj_text_sort_key (a);
  g_autofree char *kb = vj_text_sort_key (b);

  return strcmp (ka, kb);
}

static void
test_sort_key_letters (void)
{
  /* a < z < æ < ø < å */
  g_assert_cmpint (strcmp_keys ("a", "z"), <, 0);
  g_assert_cmpint (strcmp_keys ("z", "æ"), <, 0);
  g_assert_cmpint (strcmp_keys ("æ", "ø"), <, 0);
  g_assert_cmpint (strcmp_keys ("ø", "å"), <, 0);
  g_assert_cmpint (strcmp_keys ("Zealand", "Ærø"), <, 0);

  /* "aa" is å: Aabenraa sorts after Zealand, as Åbenrå does, and beside it. */
  g_assert_cmpint (strcmp_keys ("Zealand", "Aabenraa"), <, 0);
  g_assert_cmpint (strcmp_keys ("Øster", "Aabenraa"), <, 0);
  g_assert_cmpint (strcmp_keys ("Aabenraa", "Åbenrå"), ==, 0);

  /* Case does not matter; accents other than æ, ø, å do not either. */
  g_assert_cmpint (strcmp_keys ("bager", "Bager"), ==, 0);
  g_assert_cmpint (strcmp_keys ("Café", "cafe"), ==, 0);
  g_assert_cmpint (strcmp_keys ("Abe", "Bager"), <, 0);
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  return strcmp_keys (*(const char * const *) a, *(const char * const *) b);
}

static void
test_sort_key_list (void)
{
  const char *names[] = {
    "Åben", "Bager", "Aabenraa", "Ærø", "Zoologi", "Østerby", "abe", "Køge", "Kalundborg",
  };
  const char *expected[] = {
    "abe", "Bager", "Kalundborg", "Køge", "Zoologi", "Ærø", "Østerby", "Åben", "Aabenraa",
  };
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (list, (gpointer) names[i]);
  g_ptr_array_sort (list, compare_by_key);

  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (list, i), ==, expected[i]);
}

typedef struct
{
  const char *text;
  gboolean    valid;
  int         year, month, day;
} DateCase;

static void
test_w3c_dates (void)
{
  const DateCase cases[] = {
    { "2027", TRUE, 2027, 0, 0 },
    { "2027-08", TRUE, 2027, 8, 0 },
    { "2027-08-10", TRUE, 2027, 8, 10 },
    { "2026-11-28T09:30:00+01:00", TRUE, 2026, 11, 28 },
    { "2026-11-28T09:30:00Z", TRUE, 2026, 11, 28 },
    { "  2027-01-31", TRUE, 2027, 1, 31 },
    { "2024-02-29", TRUE, 2024, 2, 29 },
    { "2027-02-29", FALSE, 0, 0, 0 },
    { "2027-02-30", FALSE, 0, 0, 0 },
    { "2027-04-31", FALSE, 0, 0, 0 },
    { "2027-13", FALSE, 0, 0, 0 },
    { "2027-00", FALSE, 0, 0, 0 },
    { "2027-08-00", FALSE, 0, 0, 0 },
    { "2027-8", FALSE, 0, 0, 0 },
    { "2027-08-1", FALSE, 0, 0, 0 },
    { "2027-08-10x", FALSE, 0, 0, 0 },
    { "2027/08/10", FALSE, 0, 0, 0 },
    { "27", FALSE, 0, 0, 0 },
    { "0999", FALSE, 0, 0, 0 },
    { "soon", FALSE, 0, 0, 0 },
    { "", FALSE, 0, 0, 0 },
    { NULL, FALSE, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int year = -1, month = -1, day = -1;
      gboolean valid = vj_text_parse_w3c_date (cases[i].text, &year, &month, &day);

      g_test_message ("date “%s”", cases[i].text != NULL ? cases[i].text : "(null)");
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        continue;
      g_assert_cmpint (year, ==, cases[i].year);
      g_assert_cmpint (month, ==, cases[i].month);
      g_assert_cmpint (day, ==, cases[i].day);
    }
}

static void
test_format_date (void)
{
  g_autofree char *full = vj_text_format_date ("2026-11-28");
  g_autofree char *month = vj_text_format_date ("2027-08");
  g_autofree char *year = vj_text_format_date ("2027");
  g_autofree char *with_time = vj_text_format_date ("2027-01-05T08:00:00Z");
  g_autofree char *invalid = vj_text_format_date ("soon");
  g_autofree char *impossible = vj_text_format_date ("2027-02-30");

  /* The English msgids: LANGUAGE=en in the test environment. */
  g_assert_cmpstr (full, ==, "28 November 2026");
  g_assert_cmpstr (month, ==, "August 2027");
  g_assert_cmpstr (year, ==, "2027");
  g_assert_cmpstr (with_time, ==, "5 January 2027");
  g_assert_null (invalid);
  g_assert_null (impossible);
}

/* Sessions and backups: "27. november 2026 kl. 10:00" in Danish */
static void
test_format_date_time (void)
{
  g_autofree char *with_time = vj_text_format_date_time ("2026-11-27T10:00");
  g_autofree char *with_seconds = vj_text_format_date_time ("2026-11-27T10:00:59Z");
  g_autofree char *day_only = vj_text_format_date_time ("2026-11-27");
  g_autofree char *none = vj_text_format_date_time (NULL);

  g_assert_cmpstr (with_time, ==, "27 November 2026 at 10:00");
  g_assert_cmpstr (with_seconds, ==, "27 November 2026 at 10:00");
  g_assert_cmpstr (day_only, ==, "27 November 2026");
  g_assert_cmpstr (none, ==, "");
}

/* Backup sizes: "561.2 kB" in English, "561,2 kB" in Danish, whatever LC_NUMERIC says */
static void
test_format_size (void)
{
  g_autofree char *english = vj_text_format_size (561234);

  g_assert_cmpstr (english, ==, "561.2\u00a0kB");
}

static void
test_format_size_danish (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
      g_autofree char *size = NULL;

      g_setenv ("LANGUAGE", "da", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, po);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      size = vj_text_format_size (561234);
      g_print ("%s\n", size);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("561,2\u00a0kB\n");
}

static void
test_squash_whitespace (void)
{
  g_autofree char *squashed = vj_text_squash_whitespace ("  Social-\n\t og   sundhed  ");

  g_assert_cmpstr (squashed, ==, "Social- og sundhed");
  g_assert_null (vj_text_squash_whitespace (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/text/fold/danish-letters", test_fold_danish_letters);
  g_test_add_func ("/model/text/fold/accents-and-case", test_fold_accents_and_case);
  g_test_add_func ("/model/text/fold/for-index-gives-both-spellings", test_fold_for_index);
  g_test_add_func ("/model/text/fts-query", test_fts_query);
  g_test_add_func ("/model/text/sort-key/danish-letters-after-z", test_sort_key_letters);
  g_test_add_func ("/model/text/sort-key/orders-a-list", test_sort_key_list);
  g_test_add_func ("/model/text/w3c-date/every-precision", test_w3c_dates);
  g_test_add_func ("/model/text/format-date/english", test_format_date);
  g_test_add_func ("/model/text/format-date-time/english", test_format_date_time);
  g_test_add_func ("/model/text/squash-whitespace", test_squash_whitespace);
  g_test_add_func ("/model/text/format-size/english", test_format_size);
  g_test_add_func ("/model/text/format-size/danish", test_format_size_danish);

  return g_test_run ();
}
