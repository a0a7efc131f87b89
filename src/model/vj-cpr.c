#define G_LOG_DOMAIN "vj-cpr"

#include "config.h"

#include <string.h>

#include "vj-cpr.h"

/* Vejviser stores no CPR numbers (DOMAIN.md, Personal data). Anything that looks like one is
 * found here, for every path that keeps text: the session editor flags it before saving and
 * offers to remove it, the database refuses a session holding one, the CSV import refuses the
 * row, the plan's goal is kept without it.
 *
 * How a number is found, however it is written:
 *
 * 1. The text is read as a counsellor's eye would: each character is normalised on its own
 *    (NFKC: fullwidth, superscript and circled digits become 0–9), format characters (zero-width
 *    space and joiner, word joiner, BOM, soft hyphen) and combining marks are skipped, every
 *    dash kind (hyphen, en/em dash, minus sign, …) is a dash and every space kind (no-break,
 *    thin, figure, ideographic, tab, …) a space. The offsets found are those of the original
 *    text, so vj_cpr_remove () takes out exactly what was typed.
 * 2. Digits come in groups; groups joined by at most three separators (spaces, dashes, dots,
 *    commas, slashes, underscores) form a run. Letters end a run but do not hide the digits
 *    next to them: "cpr0101901234" holds one.
 * 3. Any consecutive groups of a run holding exactly ten digits are a candidate (ddmmyy-xxxx,
 *    dd mm yy xxxx, dd.mm.yy-xxxx, ddmm-yy-xxxx, ddmmyyxxxx, …); a single group of more than
 *    ten digits is an order or account number. Inside a longer run a candidate counts when it
 *    ends the run or ends with a group of four digits or more (so "3 010203-1234" is found,
 *    while the period "01.02.26-15.03.26" is not). Two spellings of ordinary notes are not
 *    candidates: anything holding the year of a date written with four digits ("24.12.2026
 *    10.30", "17-03-07–03.07.2023"), and a date with a two-digit year followed by a time with a
 *    dot or colon ("24-12-26 10.30").
 * 4. The first six digits must be a valid date (ddmmyy) in the century the seventh digit gives
 *    (CPR-loven's rule: 0–3 → 1900s; 4 and 9 → 2000s up to yy 36, else 1900s; 5–8 → 2000s up
 *    to yy 57, else 1800s). There is no modulus-11 check: numbers issued since 2007 need not
 *    satisfy it.
 *
 * The false positives this costs on ordinary notes are measured on tests/data/cpr-notes.txt
 * (test-sessions, /model/cpr/false-positives) and stated in the README. */

#define MAX_SEPARATORS 3

typedef enum
{
  KIND_DIGIT,
  KIND_SEPARATOR,
  KIND_LETTER,
  KIND_OTHER,
} Kind;

typedef struct
{
  Kind   kind;
  char   digit;   /* KIND_DIGIT: '0'–'9'; KIND_SEPARATOR: ' ', '-', '.', ',', '/', '_' or ':' */
  gsize  start;   /* bytes in the original text */
  gsize  end;
} Token;

typedef struct
{
  guint first;    /* index of its first digit token */
  guint n;        /* how many digits */
  char  sep;      /* what joins it to the group before: ' ' for spaces only, else the first
                   * other separator; 0 for the first group */
  gboolean year;  /* the year of a date "d.m.yyyy" (1900–2099), any separators */
} Group;

static gboolean
is_dash (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION ||
         c == 0x2212 /* minus sign */ || c == 0x2043 /* hyphen bullet */ ||
         c == 0xFE63 || c == 0xFF0D || c == 0x02D7 /* modifier minus */;
}

static gboolean
is_space (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isspace (c) || type == G_UNICODE_SPACE_SEPARATOR ||
         type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* Characters that are not there for a reader: skipped altogether */
static gboolean
is_invisible (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_FORMAT || type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK || c == 0x034F /* grapheme joiner */ ||
         c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 /* Hangul fillers */;
}

/* Classifies one (already NFKC-normalised) character */
static Kind
classify (gunichar c,
          char    *digit)
{
  int value;

  if (c < 0x80 && g_ascii_isdigit (c))
    {
      *digit = (char) c;
      return KIND_DIGIT;
    }
  value = g_unichar_digit_value (c);
  if (value >= 0 && value <= 9)
    {
      *digit = (char) ('0' + value);
      return KIND_DIGIT;
    }
  if (is_space (c))
    {
      *digit = ' ';
      return KIND_SEPARATOR;
    }
  if (is_dash (c))
    {
      *digit = '-';
      return KIND_SEPARATOR;
    }
  if (c == '.' || c == ',' || c == '/' || c == '_')
    {
      *digit = (char) c;
      return KIND_SEPARATOR;
    }
  if (c == 0x00B7 /* middle dot */ || c == 0x2024 || c == 0x2027 || c == 0x2219)
    {
      *digit = '.';
      return KIND_SEPARATOR;
    }
  if (g_unichar_isalpha (c))
    return KIND_LETTER;
  return KIND_OTHER;
}

static void
add_token (GArray *tokens,
           Kind    kind,
           char    digit,
           gsize   start,
           gsize   end)
{
  Token t = { kind, digit, start, end };

  g_array_append_val (tokens, t);
}

/* The text as tokens of what a reader sees, each with its bytes in @text */
static GArray *
tokenize (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  const char *p = text;
  const char *text_end = text + strlen (text);

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, text_end - p);
      const char *next;
      gsize start = p - text, end;
      char digit = 0;
      Kind kind;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: a byte that is nothing to a reader */
          add_token (tokens, KIND_OTHER, 0, start, start + 1);
          p++;
          continue;
        }
      next = g_utf8_next_char (p);
      end = next - text;
      if (c < 0x80)
        kind = classify (c, &digit);
      else if (is_invisible (c))
        {
          p = next;
          continue;
        }
      else if (is_dash (c) || is_space (c))
        kind = classify (c, &digit);
      else
        {
          /* NFKC, one character at a time so the offsets stay the original's: "１" and "¹"
           * become "1", "①" becomes "1", "⒈" becomes "1." */
          g_autofree char *norm = g_utf8_normalize (p, next - p, G_NORMALIZE_NFKC);

          if (norm != NULL && g_utf8_strlen (norm, -1) > 1)
            {
              for (const char *q = norm; *q != '\0'; q = g_utf8_next_char (q))
                {
                  gunichar n = g_utf8_get_char (q);

                  if (!is_invisible (n))
                    {
                      kind = classify (n, &digit);
                      add_token (tokens, kind, digit, start, end);
                    }
                }
              p = next;
              continue;
            }
          kind = classify (norm != NULL ? g_utf8_get_char (norm) : c, &digit);
        }
      add_token (tokens, kind, digit, start, end);
      p = next;
    }
  return tokens;
}

/* The run of digit groups starting at token @i (a digit); returns the groups and sets *@next
 * to the first token after the run */
static GArray *
read_run (GArray *tokens,
          guint   i,
          guint  *next)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));

  char sep = 0;

  while (i < tokens->len)
    {
      Group g = { i, 0, sep, FALSE };
      guint j;

      while (i < tokens->len && g_array_index (tokens, Token, i).kind == KIND_DIGIT)
        {
          g.n++;
          i++;
        }
      g_array_append_val (groups, g);
      *next = i;

      /* A short run of separators followed by a digit continues the run */
      for (j = i; j < tokens->len && j - i < MAX_SEPARATORS &&
                  g_array_index (tokens, Token, j).kind == KIND_SEPARATOR; j++)
        ;
      if (j == i || j >= tokens->len || g_array_index (tokens, Token, j).kind != KIND_DIGIT)
        break;
      sep = ' ';
      for (guint k = i; k < j; k++)
        if (g_array_index (tokens, Token, k).digit != ' ')
          {
            sep = g_array_index (tokens, Token, k).digit;
            break;
          }
      i = j;
    }

  /* Dates with a four-digit year: d.m.yyyy, dd-mm-yyyy, dd mm yyyy… */
  for (guint k = 2; k < groups->len; k++)
    {
      Group *y = &g_array_index (groups, Group, k);
      const Token *t = &g_array_index (tokens, Token, y->first);

      if (y->n == 4 && g_array_index (groups, Group, k - 1).n <= 2 &&
          g_array_index (groups, Group, k - 2).n <= 2 &&
          (t[0].digit == '1' ? t[1].digit == '9' : (t[0].digit == '2' && t[1].digit == '0')))
        y->year = TRUE;
    }
  return groups;
}

/* CPR-loven: the year's century from the seventh digit */
static int
century (int yy,
         int seventh)
{
  if (seventh <= 3)
    return 1900;
  if (seventh == 4 || seventh == 9)
    return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

static gboolean
valid_cpr (const char *d)
{
  int day = (d[0] - '0') * 10 + (d[1] - '0');
  int month = (d[2] - '0') * 10 + (d[3] - '0');
  int yy = (d[4] - '0') * 10 + (d[5] - '0');
  int year = century (yy, d[6] - '0') + yy;

  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  return g_date_valid_dmy (day, month, year);
}

static int
two_digits (GArray      *tokens,
            const Group *g)
{
  const Token *t = &g_array_index (tokens, Token, g->first);

  return (t[0].digit - '0') * 10 + (t[1].digit - '0');
}

/* dd-mm-yy hh.mm: a date with a two-digit year, a space, a time with a dot */
static gboolean
date_and_time (GArray *tokens,
               GArray *groups,
               guint   first,
               guint   last)
{
  const Group *g = &g_array_index (groups, Group, first);

  if (last != first + 4)
    return FALSE;
  for (guint k = 0; k < 5; k++)
    if (g[k].n != 2)
      return FALSE;
  return g[1].sep != ' ' && g[2].sep == g[1].sep && g[3].sep == ' ' &&
         (g[4].sep == '.' || g[4].sep == ':') &&
         two_digits (tokens, &g[3]) < 24 && two_digits (tokens, &g[4]) < 60;
}

static gboolean
candidate (GArray *tokens,
           GArray *groups,
           guint   first,
           guint   last,
           char    digits[11])
{
  const Group *lg = &g_array_index (groups, Group, last);
  guint n = 0;

  /* Inside a longer run: it ends the run, or its serial is written together */
  if (last + 1 < groups->len && lg->n < 4)
    return FALSE;
  if (date_and_time (tokens, groups, first, last))
    return FALSE;

  for (guint g = first; g <= last; g++)
    {
      const Group *grp = &g_array_index (groups, Group, g);

      /* Part of a date with its four-digit year */
      if (grp->year)
        return FALSE;
      for (guint k = 0; k < grp->n; k++)
        digits[n++] = g_array_index (tokens, Token, grp->first + k).digit;
    }
  digits[10] = '\0';
  return valid_cpr (digits);
}

/**
 * vj_cpr_find:
 * @text: UTF-8 text
 * @from: the byte offset to search from
 * @start: (out): where the CPR-like number starts (bytes)
 * @end: (out): where it ends (bytes, exclusive)
 *
 * Returns: whether @text holds something CPR-like at or after @from
 */
gboolean
vj_cpr_find (const char *text,
             gsize       from,
             gsize      *start,
             gsize      *end)
{
  g_autoptr(GArray) tokens = NULL;
  guint i = 0;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (text == NULL || strlen (text) <= from)
    return FALSE;

  /* Most texts: plain ASCII with fewer than ten digits */
  {
    guint digits = 0;
    gboolean ascii = TRUE;

    for (const char *p = text + from; *p != '\0' && ascii; p++)
      {
        if ((guchar) *p >= 0x80)
          ascii = FALSE;
        else if (g_ascii_isdigit (*p))
          digits++;
      }
    if (ascii && digits < 10)
      return FALSE;
  }

  tokens = tokenize (text + from);

  while (i < tokens->len)
    {
      g_autoptr(GArray) groups = NULL;
      guint next = i + 1;

      if (g_array_index (tokens, Token, i).kind != KIND_DIGIT)
        {
          i++;
          continue;
        }
      groups = read_run (tokens, i, &next);
      for (guint first = 0; first < groups->len; first++)
        {
          guint n = 0;

          for (guint last = first; last < groups->len && n < 10; last++)
            {
              char digits[11];

              n += g_array_index (groups, Group, last).n;
              if (n == 10 && candidate (tokens, groups, first, last, digits))
                {
                  const Group *fg = &g_array_index (groups, Group, first);
                  const Group *lg = &g_array_index (groups, Group, last);

                  *start = from + g_array_index (tokens, Token, fg->first).start;
                  *end = from + g_array_index (tokens, Token, lg->first + lg->n - 1).end;
                  return TRUE;
                }
            }
        }
      i = next;
    }

  return FALSE;
}

gboolean
vj_cpr_contains (const char *text)
{
  gsize start, end;

  return vj_cpr_find (text, 0, &start, &end);
}

/**
 * vj_cpr_remove:
 *
 * Returns: @text without any CPR-like number (and without the space left before it)
 */
char *
vj_cpr_remove (const char *text)
{
  GString *out;
  gsize pos = 0, start, end;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  while (vj_cpr_find (text, pos, &start, &end))
    {
      g_string_append_len (out, text + pos, start - pos);
      if (out->len > 0 && out->str[out->len - 1] == ' ' && text[end] == ' ')
        g_string_truncate (out, out->len - 1);
      pos = end;
    }
  g_string_append (out, text + pos);
  return g_string_free (out, FALSE);
}
