#define G_LOG_DOMAIN "vj-text"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "vj-text.h"

/* Our own search keys (DESIGN.md, Localisation): lower case, æ→ae, ø→oe, å→aa, every other
 * accent stripped. Never the locale's: the result must be the same in every process. */

static void
append_folded_char (GString  *out,
                    gunichar  c,
                    gboolean  plain)
{
  switch (c)
    {
    case 0x00E6: /* æ */
    case 0x00C6:
      g_string_append (out, plain ? "a" : "ae");
      return;
    case 0x00F8: /* ø */
    case 0x00D8:
      g_string_append (out, plain ? "o" : "oe");
      return;
    case 0x00E5: /* å */
    case 0x00C5:
      g_string_append (out, plain ? "a" : "aa");
      return;
    case 0x00DF: /* ß */
      g_string_append (out, "ss");
      return;
    default:
      break;
    }

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char) c));
      return;
    }

  {
    gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

    for (gsize i = 0; i < n; i++)
      {
        gunichar d = decomposed[i];

        if (g_unichar_ismark (d))
          continue;
        g_string_append_unichar (out, g_unichar_tolower (d));
      }
  }
}

/**
 * vj_text_fold:
 * @text: UTF-8 text, or %NULL
 *
 * Returns: the search key of @text (lower case, æ→ae, ø→oe, å→aa, accents stripped).
 */
static char *
fold (const char *text,
      gboolean    plain)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; )
    {
      gunichar c;

      /* Most of a description is ASCII: no decoding for it */
      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      append_folded_char (out, c, plain);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

char *
vj_text_fold (const char *text)
{
  return fold (text, FALSE);
}

/**
 * vj_text_fold_for_index:
 * @text: text to index
 *
 * The text an index holds: its search key, followed by the words spelt without Danish letters
 * (æ→a, ø→o, å→a) where that differs, so "koge" finds Køge as "koege" does.
 */
char *
vj_text_fold_for_index (const char *text)
{
  g_autofree char *folded = fold (text, FALSE);
  g_autofree char *plain = fold (text, TRUE);
  g_auto(GStrv) folded_words = NULL;
  g_auto(GStrv) plain_words = NULL;
  GString *out;

  if (strcmp (folded, plain) == 0)
    return g_steal_pointer (&folded);

  /* Only the words that differ, each as often as it occurs (so both spellings rank alike): a
   * description is not indexed twice. Folding keeps every space where it was, so the words
   * pair up. */
  folded_words = g_strsplit (folded, " ", -1);
  plain_words = g_strsplit (plain, " ", -1);
  out = g_string_new (folded);
  for (guint i = 0; folded_words[i] != NULL && plain_words[i] != NULL; i++)
    if (strcmp (folded_words[i], plain_words[i]) != 0)
      {
        g_string_append_c (out, ' ');
        g_string_append (out, plain_words[i]);
      }
  return g_string_free (out, FALSE);
}

/**
 * vj_text_sort_key:
 * @text: a name
 *
 * The Danish sort key stored beside each name: a byte string whose binary order is Danish
 * order, independent of the process locale. æ, ø and å sort after z, and "aa" sorts as å.
 */
char *
vj_text_sort_key (const char *text)
{
  g_autofree char *lower = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Map æ, ø, å to the three ASCII bytes after 'z' before folding, so they keep their place. */
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      switch (c)
        {
        case 0x00E6: case 0x00C6: case 0x00E4: case 0x00C4:
          g_string_append_c (out, '{');
          break;
        case 0x00F8: case 0x00D8: case 0x00F6: case 0x00D6:
          g_string_append_c (out, '|');
          break;
        case 0x00E5: case 0x00C5:
          g_string_append_c (out, '}');
          break;
        default:
          append_folded_char (out, c, FALSE);
          break;
        }
    }

  lower = g_string_free (out, FALSE);
  out = g_string_sized_new (strlen (lower));
  for (const char *p = lower; *p != '\0'; p++)
    {
      if (p[0] == 'a' && p[1] == 'a')
        {
          g_string_append_c (out, '}');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * vj_text_fts_query:
 * @text: what the user typed
 *
 * Returns: an FTS5 MATCH expression over folded keys, every word a prefix query, or %NULL
 *   when @text holds no searchable word.
 */
char *
vj_text_fts_query (const char *text)
{
  g_autofree char *folded = vj_text_fold (text);
  GString *out = g_string_new (NULL);
  const char *p = folded;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          /* Quoted so no word can be taken as FTS5 syntax. */
          g_string_append_c (out, '"');
          g_string_append_len (out, start, p - start);
          g_string_append (out, "\"*");
        }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/**
 * vj_text_squash_whitespace:
 *
 * Trims @text and folds every run of white space into one space.
 */
char *
vj_text_squash_whitespace (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_digits (const char *p,
              int         n,
              int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *value = v;
  return TRUE;
}

/**
 * vj_text_parse_w3c_date:
 * @text: a W3C date of any precision: `2027`, `2027-08`, `2027-08-10`, optionally followed by
 *   `T` or a space and a time, which is ignored
 * @year: (out): the year
 * @month: (out): the month, or 0 when not given
 * @day: (out): the day, or 0 when not given
 *
 * Returns: %TRUE when @text is such a date and the date exists
 */
gboolean
vj_text_parse_w3c_date (const char *text,
                        int        *year,
                        int        *month,
                        int        *day)
{
  int y = 0, m = 0, d = 0;
  const char *p = text;

  g_return_val_if_fail (year != NULL && month != NULL && day != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (!parse_digits (p, 4, &y) || y < 1000)
    return FALSE;
  p += 4;
  if (*p == '-')
    {
      if (!parse_digits (p + 1, 2, &m) || m < 1 || m > 12)
        return FALSE;
      p += 3;
      if (*p == '-')
        {
          if (!parse_digits (p + 1, 2, &d) || !g_date_valid_dmy (d, m, y))
            return FALSE;
          p += 3;
        }
    }
  if (*p != '\0' && *p != 'T' && *p != ' ' && *p != 'Z' && *p != '+')
    return FALSE;

  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

static const char * const month_names[] = {
  /* Translators: month names as they stand in a date, lower case in Danish */
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

const char *
vj_text_month_name (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, "");

  return g_dgettext (GETTEXT_PACKAGE, month_names[month - 1]);
}

/**
 * vj_text_format_date:
 * @w3c_date: a W3C date of any precision
 *
 * Formats a date the Danish way ("28. november 2026", "august 2027", "2027") with month names
 * from our own translations, so it is right without a Danish system locale.
 *
 * Returns: (nullable): the formatted date, or %NULL when @w3c_date is not a date
 */
char *
vj_text_format_date (const char *w3c_date)
{
  int y, m, d;

  if (!vj_text_parse_w3c_date (w3c_date, &y, &m, &d))
    return NULL;
  if (m == 0)
    return g_strdup_printf ("%d", y);
  if (d == 0)
    /* Translators: a month and a year, e.g. "august 2027" */
    return g_strdup_printf (_("%1$s %2$d"), vj_text_month_name (m), y);
  /* Translators: a full date, e.g. "28. november 2026"; %1$d is the day */
  return g_strdup_printf (_("%1$d %2$s %3$d"), d, vj_text_month_name (m), y);
}

/**
 * vj_text_format_date_time:
 * @iso: (nullable): "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM…", as sessions and backups store times
 *
 * Formats a date and, when there is one, its time the Danish way: "27. november 2026 kl. 10:00".
 *
 * Returns: the formatted text; "" for %NULL
 */
char *
vj_text_format_date_time (const char *iso)
{
  g_autofree char *date = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (iso == NULL)
    return g_strdup ("");
  day = g_strndup (iso, 10);
  date = vj_text_format_date (day);
  if (strlen (iso) < 16)
    return g_strdup (date != NULL ? date : day);
  time = g_strndup (iso + 11, 5);
  /* Translators: a date and a time, e.g. "27. november 2026 kl. 10:00" */
  return g_strdup_printf (_("%1$s at %2$s"), date != NULL ? date : day, time);
}

/**
 * vj_text_truncate:
 * @text: (transfer full) (nullable): text
 * @max_chars: the most characters to keep
 *
 * Cuts @text at a word before @max_chars characters and marks the cut with an ellipsis, as
 * catalogue aggregators do with long descriptions.
 *
 * Returns: (transfer full) (nullable): the text, maybe shortened
 */
char *
vj_text_truncate (char  *text,
                  gsize  max_chars)
{
  char *end, *space, *cut;

  if (text == NULL || g_utf8_strlen (text, -1) <= (glong) max_chars)
    return text;
  end = g_utf8_offset_to_pointer (text, (glong) max_chars);
  space = g_utf8_strrchr (text, end - text, ' ');
  cut = g_strndup (text, (space != NULL ? space : end) - text);
  g_free (text);
  text = g_strconcat (cut, "…", NULL);
  g_free (cut);
  return text;
}

/**
 * vj_text_format_size:
 * @bytes: a file's size
 *
 * Returns: the size as g_format_size() gives it ("561.2 kB"), with the translation's decimal
 *   separator ("561,2 kB" in Danish) whatever LC_NUMERIC is
 */
char *
vj_text_format_size (guint64 bytes)
{
  char *size = g_format_size (bytes);
  struct lconv *conv = localeconv ();
  /* Translators: the decimal separator in sizes such as "561.2 kB"; Danish "," */
  const char *separator = C_("decimal separator", ".");
  const char *point = conv != NULL && conv->decimal_point != NULL ? conv->decimal_point : ".";
  char *at = strstr (size, point);

  if (at != NULL && strlen (point) == 1 && strlen (separator) == 1)
    *at = separator[0];
  return size;
}
