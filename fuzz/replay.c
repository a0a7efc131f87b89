#define G_LOG_DOMAIN "fuzz-replay"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "vj-fuzz.h"

/* Replays a fuzz target's corpus as an ordinary test (TAP, one line per input), with any
 * compiler: the inputs that found a bug once stay in the corpus and must pass forever.
 * Arguments: files or folders of inputs; GLib's test options (--tap, -s PATH …) are ignored. */

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_strcmp0 (name, "README.md") != 0)
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    collect (g_ptr_array_index (names, i), files);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      /* GLib test options the suite passes to every test (-s PATH, -p PATH, --tap) */
      if (g_strcmp0 (argv[i], "-s") == 0 || g_strcmp0 (argv[i], "-p") == 0)
        i++;
      else if (argv[i][0] != '-')
        collect (argv[i], files);
    }

  if (files->len == 0)
    {
      printf ("1..0 # SKIP no inputs\n");
      return 0;
    }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &data, &length, &error))
        {
          printf ("not ok %u %s # %s\n", i + 1, path, error->message);
          continue;
        }
      /* A bug aborts here, and the test fails with the sanitizer's report */
      LLVMFuzzerTestOneInput ((const guint8 *) data, length);
      printf ("ok %u %s\n", i + 1, path);
      fflush (stdout);
    }
  return 0;
}
