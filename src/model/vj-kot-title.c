#define G_LOG_DOMAIN "vj-kot-title"

#include "config.h"

#include <string.h>

#include "vj-kot-title.h"

static gboolean
is_start (const char *part)
{
  g_autofree char *lower = g_utf8_strdown (part, -1);

  return g_str_has_prefix (lower, "studiestart") || g_str_has_prefix (lower, "study start");
}

static gboolean
is_mode (const char *part)
{
  g_autofree char *lower = g_utf8_strdown (part, -1);

  return strcmp (lower, "e-læring") == 0 || strcmp (lower, "e-learning") == 0 ||
         strcmp (lower, "netbaseret") == 0 || strcmp (lower, "online") == 0;
}

/* A town begins with a capital letter ("Roskilde", "København Ø", "Aalborg Øst"); the parts of
 * a name after its first usually do not ("pædagog", "engelsk") */
static gboolean
looks_like_town (const char *part)
{
  gunichar c = g_utf8_get_char (part);

  return g_unichar_isupper (c);
}

VjKotTitle *
vj_kot_title_parse (const char *title)
{
  VjKotTitle *out = g_new0 (VjKotTitle, 1);
  g_auto(GStrv) parts = g_strsplit (title != NULL ? title : "", ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n = 0;
  int town = -1;

  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    if (is_start (parts[i]))
      {
        g_autofree char *lower = g_utf8_strdown (parts[i], -1);
        gboolean summer = strstr (lower, "sommer") != NULL || strstr (lower, "summer") != NULL;
        gboolean winter = strstr (lower, "vinter") != NULL || strstr (lower, "winter") != NULL;

        out->start = g_strdup (summer && winter ? "summer-winter" : summer ? "summer"
                               : winter ? "winter" : NULL);
        n = i;
        break;
      }

  /* A mode after the town */
  while (n > 1 && is_mode (parts[n - 1]))
    {
      out->distance = TRUE;
      n--;
    }
  if (n >= 2 && looks_like_town (parts[n - 1]))
    town = (int) n - 1;

  for (guint i = 0; i < n; i++)
    if ((int) i != town && parts[i][0] != '\0')
      g_ptr_array_add (names, parts[i]);
  g_ptr_array_add (names, NULL);
  out->programme = g_strjoinv (", ", (char **) names->pdata);
  out->town = town >= 0 ? g_strdup (parts[town]) : NULL;
  return out;
}

void
vj_kot_title_free (VjKotTitle *title)
{
  if (title == NULL)
    return;
  g_free (title->programme);
  g_free (title->town);
  g_free (title->start);
  g_free (title);
}
