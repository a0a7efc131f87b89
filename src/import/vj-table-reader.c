#define G_LOG_DOMAIN "vj-table-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vj-table-reader-private.h"

/* The small conversions the public tables need: numbers with a decimal comma, years in
 * status periods, addresses without a scheme. */

void
_vj_table_reject (const VjRecordSink *sink,
                  gpointer            user_data,
                  guint               line,
                  const char         *format,
                  const char         *value)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_autofree char *reason = g_strdup_printf (format, value != NULL ? value : "");
#pragma GCC diagnostic pop

  sink->reject (line, reason, user_data);
}

gboolean
_vj_table_is_institution_number (const char *text)
{
  if (text == NULL || strlen (text) != 6)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Returns: a whole number, or 0 */
int
_vj_table_int (const char *text)
{
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT, &value, NULL))
    return 0;
  return (int) value;
}

/* A number written with a decimal point or comma ("10.3", "10,3"); FALSE for anything else */
gboolean
_vj_table_number (const char *text,
                  double     *value)
{
  g_autofree char *copy = NULL;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  copy = g_strdup (text);
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*value);
}

/* Returns: the coordinate with a decimal point, or %NULL when it is missing or outside
 *   [min, max] (the register's are in Denmark) */
char *
_vj_table_coordinate (const char *text,
                      double      min,
                      double      max)
{
  double value;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!_vj_table_number (text, &value) || value < min || value > max)
    return NULL;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6f", value));
}

/* The last year in a status period: "201910-202209" → 2022, "E2022F2023" → 2023; 0 if none */
int
_vj_table_last_year (const char *text)
{
  int year = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0'))
      {
        if (g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]))
          {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');

            year = MAX (year, y);
            p += 3;
            while (g_ascii_isdigit (p[1]))
              p++;
          }
      }
  return year;
}

/* "www.ug.dk/…" → "https://www.ug.dk/…"; NULL stays NULL */
char *
_vj_table_url (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://"))
    return g_strdup (text);
  return g_strconcat ("https://", text, NULL);
}
