#pragma once

#include <glib.h>

#include "vj-db.h"
#include "vj-importer.h"

G_BEGIN_DECLS

/* The fixture most tests start from: a temporary folder, removed whole at the end, with a
 * database in it. Use it as the test's fixture type (g_test_add (path, VjTestFixture, data,
 * vj_test_fixture_setup, test, vj_test_fixture_teardown)), or as the first member of a larger
 * one, set up and torn down by the larger one's own functions. */

typedef struct
{
  char *dir;   /* the temporary folder */
  char *path;  /* the database file in it, vejviser.db */
  VjDb *db;    /* open on path; NULL after vj_test_fixture_setup_empty */
} VjTestFixture;

void            vj_test_fixture_setup_empty     (VjTestFixture *fixture,
                                                 gconstpointer  data);
void            vj_test_fixture_setup           (VjTestFixture *fixture,
                                                 gconstpointer  data);
void            vj_test_fixture_setup_catalogue (VjTestFixture *fixture,
                                                 gconstpointer  data);
void            vj_test_fixture_teardown        (VjTestFixture *fixture,
                                                 gconstpointer  data);

char           *vj_test_builtin_catalogue_path  (void);
char           *vj_test_data_path               (const char    *name);
VjImportReport *vj_test_import                  (VjDb          *db,
                                                 const char    *path);
VjImportReport *vj_test_import_builtin          (VjDb          *db);

char           *vj_test_day_from_today          (int            days);
void            vj_test_seed_care               (const char    *db_path);

gint64          vj_test_lookup_initiative       (VjDb          *db,
                                                 const char    *external_id);
gboolean        vj_test_has_initiative          (GPtrArray     *initiatives,
                                                 gint64         id);

G_END_DECLS
