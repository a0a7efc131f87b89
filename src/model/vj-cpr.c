#define G_LOG_DOMAIN "vj-cpr"

#include "config.h"

#include <string.h>

#include "vj-cpr.h"

/* Vejviser stores no CPR numbers (DOMAIN.md, Personal data). Anything that looks like one —
 * ddmmyy-xxxx, or ten digits in a row whose first six form a valid date — is found here so the
 * editor can flag it before saving and offer to remove it, and the CSV import can refuse it.
 * A run of more digits, or digits glued to letters, is an order or account number, not a CPR
 * number. */

static gboolean
valid_ddmmyy (const char *p)
{
  int day = (p[0] - '0') * 10 + (p[1] - '0');
  int month = (p[2] - '0') * 10 + (p[3] - '0');
  int yy = (p[4] - '0') * 10 + (p[5] - '0');

  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  /* The century is not in the number: 29 February counts when either century has it. */
  return g_date_valid_dmy (day, month, 1900 + yy) || g_date_valid_dmy (day, month, 2000 + yy);
}

static gboolean
all_digits (const char *p,
            guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
boundary (const char *text,
          const char *p)
{
  return p == text || !g_ascii_isalnum (p[-1]);
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
  gsize len;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  len = strlen (text);

  for (gsize i = from; i + 10 <= len; i++)
    {
      const char *p = text + i;
      gsize n = 0;

      if (!g_ascii_isdigit (*p) || !boundary (text, p) || !all_digits (p, 6))
        continue;

      if ((p[6] == '-' || p[6] == ' ') && i + 11 <= len && all_digits (p + 7, 4))
        n = 11;
      else if (all_digits (p + 6, 4))
        n = 10;
      if (n == 0 || g_ascii_isalnum (p[n]) || !valid_ddmmyy (p))
        continue;

      *start = i;
      *end = i + n;
      return TRUE;
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
