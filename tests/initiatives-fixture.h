#pragma once

/* What the initiative tests share: a database with the built-in catalogue imported. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives-export.h"
#include "vj-db-initiatives.h"
#include "vj-db.h"
#include "vj-importer.h"


typedef struct
{
  char *dir;
  char *path;
  VjDb *db;
} Fixture;

G_GNUC_UNUSED static void
import_builtin (VjDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                 "region-sjaelland.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VjImportReport) report = vj_import_file (db, file, "builtin", NULL, NULL, NULL, NULL,
                                                     &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
}

G_GNUC_UNUSED static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vejviser-test-initiatives-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "vejviser.db", NULL);
  fixture->db = vj_db_open (fixture->path, &error);
  g_assert_no_error (error);
  import_builtin (fixture->db);
}

G_GNUC_UNUSED static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  vj_db_close (fixture->db);
  g_clear_object (&fixture->db);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

G_GNUC_UNUSED static gint64
lookup (Fixture    *fixture,
        const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_lookup_initiative (fixture->db, external_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

G_GNUC_UNUSED static gboolean
array_has_initiative (GPtrArray *initiatives,
                      gint64     id)
{
  for (guint i = 0; i < initiatives->len; i++)
    if (vj_initiative_get_id (g_ptr_array_index (initiatives, i)) == id)
      return TRUE;
  return FALSE;
}

