#define G_LOG_DOMAIN "vj-dates"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vj-dates.h"

/* Dates as Danish counsellors type them (27-11-2026, 27.11.2026, 1.2.2026, 27/11/2026) or as
 * ISO 8601 (2026-11-27); stored as ISO. */

/**
 * vj_date_parse_danish:
 *
 * Returns: (nullable): @text as YYYY-MM-DD, or NULL when it is no valid date
 */
char *
vj_date_parse_danish (const char *text)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = NULL;
  int day, month, year;
  char *end;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  /* An ISO date may carry a time after it */
  if (strlen (trimmed) > 10 && trimmed[4] == '-' && trimmed[7] == '-' &&
      (trimmed[10] == 'T' || trimmed[10] == ' '))
    trimmed[10] = '\0';
  parts = g_regex_split_simple ("[-./]", trimmed, 0, 0);
  if (g_strv_length (parts) != 3)
    return NULL;
  for (guint i = 0; i < 3; i++)
    if (*parts[i] == '\0' || strspn (parts[i], "0123456789") != strlen (parts[i]) ||
        strlen (parts[i]) > 4)
      return NULL;

  /* Day and month have one or two digits (GDate would take a day of 271 as the 15th) */
  if (strlen (parts[1]) > 2 || strlen (parts[strlen (parts[0]) == 4 ? 2 : 0]) > 2)
    return NULL;
  if (strlen (parts[0]) == 4)
    {
      year = (int) strtol (parts[0], &end, 10);
      month = (int) strtol (parts[1], &end, 10);
      day = (int) strtol (parts[2], &end, 10);
    }
  else
    {
      day = (int) strtol (parts[0], &end, 10);
      month = (int) strtol (parts[1], &end, 10);
      year = (int) strtol (parts[2], &end, 10);
      if (strlen (parts[2]) == 2)
        year += 2000;
      else if (strlen (parts[2]) != 4)
        return NULL;
    }
  if (year < 1900 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* Returns: an ISO date as dd-mm-yyyy, for entries and CSV; NULL for NULL */
char *
vj_date_format_short (const char *iso_date)
{
  if (iso_date == NULL || strlen (iso_date) < 10)
    return NULL;
  return g_strdup_printf ("%.2s-%.2s-%.4s", iso_date + 8, iso_date + 5, iso_date);
}

/* Returns: (nullable): "10:30", "10.30", "9" or "930" as HH:MM, or NULL */
char *
vj_time_parse (const char *text)
{
  g_autofree char *trimmed = NULL;
  int hour, minute = 0;
  char *end;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || !g_ascii_isdigit (*trimmed))
    return NULL;
  hour = (int) strtol (trimmed, &end, 10);
  if ((*end == ':' || *end == '.') && g_ascii_isdigit (end[1]))
    minute = (int) strtol (end + 1, &end, 10);
  else if (*end == '\0' && strlen (trimmed) >= 3)
    {
      minute = hour % 100;
      hour /= 100;
    }
  if (*end != '\0' || hour > 23 || minute > 59 || hour < 0 || minute < 0)
    return NULL;
  return g_strdup_printf ("%02d:%02d", hour, minute);
}
