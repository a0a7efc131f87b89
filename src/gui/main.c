#define G_LOG_DOMAIN "vejviser"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vj-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VjApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* VEJVISER_LOCALEDIR: translations from the build tree (build-aux/dev, tests) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VEJVISER_LOCALEDIR") != NULL
                                   ? g_getenv ("VEJVISER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Vejviser"));
  app = vj_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
