#define G_LOG_DOMAIN "fuzz-location"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "vj-fuzz.h"
#include "vj-importer.h"

/* What `vejviser-cli import FILE|URL` and the Import page do with what the user typed before
 * anything is read (vj_import_location, vj-http.c): an http(s) address is parsed as libsoup
 * parses it, anything else becomes a file as the command line names one. The input's first
 * line is the location; a second line, if any, is a redirect's Location header resolved
 * against it, as vj-http.c follows redirects (an address that is not http(s) is refused).
 * Nothing is fetched or opened. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *newline = strchr (text, '\n');
  const char *redirect = NULL;

  if (newline != NULL)
    {
      *newline = '\0';
      redirect = newline + 1;
    }

  if (vj_import_is_url (text))
    {
      g_autoptr(GUri) uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);

      if (uri != NULL)
        {
          g_autofree char *again = g_uri_to_string (uri);

          g_assert (again != NULL);
        }
      if (redirect != NULL)
        {
          g_autofree char *next = g_uri_resolve_relative (text, redirect, G_URI_FLAGS_NONE,
                                                          NULL);

          /* What vj-http.c would fetch next is again an http(s) address, or nothing */
          if (next != NULL && vj_import_is_url (next))
            {
              g_autoptr(GUri) next_uri = g_uri_parse (next, SOUP_HTTP_URI_FLAGS, NULL);
              (void) next_uri;
            }
        }
    }
  else if (text[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (text);
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *name = g_file_get_parse_name (file);

      g_assert (uri != NULL);
      g_assert (name != NULL);
    }
  return 0;
}
