#define G_LOG_DOMAIN "make-schema-fixture"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "vj-db-private.h"

/* Makes the database of one released schema version with a little of everything a
 * counsellor keeps in it, for tests/data/schema/ (build-aux/make-schema-fixtures dumps it to
 * SQL). The schema comes from the migrations array itself, whose released entries never
 * change; the rows are written here for that version's tables.
 *
 *   make-schema-fixture VERSION OUT.db */

static const char sample_1[] =
  "INSERT INTO setting (key, value) VALUES ('counsellor.name', 'Mette Vejleder'),"
  "  ('retention.years', '3'), ('defaults.municipality', '370');"
  "INSERT INTO source (id, feed_id, kind, location, format, title, feed_version, last_status,"
  "  last_import_at) VALUES (1, 'test:schema-fixture', 'file', '/home/mette/katalog.xml',"
  "  'vejviser-1', 'Fixture', 7, 'imported', '2025-01-06T10:00:00Z');"
  "INSERT INTO institution (id, source_id, external_id, name, sort_key, type, url,"
  "  content_hash, updated_at) VALUES (1, 1, 'zealand', 'Zealand Næstved', 'zealand naestved',"
  "  'erhvervsakademi', 'https://www.zealand.dk', 'h-i1', '2025-01-06T10:00:00Z');"
  "INSERT INTO location (id, source_id, external_id, institution_id, name, street, postcode,"
  "  town, municipality, content_hash, updated_at) VALUES (1, 1, 'zealand-naestved', 1,"
  "  'Zealand Næstved', 'Maglegårdsvej 2', '4700', 'Næstved', 370, 'h-l1',"
  "  '2025-01-06T10:00:00Z');"
  "INSERT INTO programme (id, source_id, external_id, institution_id, title, sort_key, category,"
  "  level, ects, duration, description, content_hash, updated_at) VALUES"
  "  (1, 1, 'sygeplejerske', 1, 'Sygeplejerske', 'sygeplejerske', 'professionsbachelor', 6, 210,"
  "   '3½ år', 'Du lærer at pleje, behandle og vejlede.', 'h-p1', '2025-01-06T10:00:00Z'),"
  "  (2, 1, 'oekonom', 1, 'Økonom', 'zzøkonom', 'erhvervsakademi', 5, 120, '2 år', NULL, 'h-p2',"
  "   '2025-01-06T10:00:00Z');"
  "INSERT INTO offering (id, source_id, external_id, programme_id, location_id, start, deadline,"
  "  study_mode, content_hash, updated_at) VALUES (1, 1, 'sygeplejerske-2025-09', 1, 1,"
  "  '2025-09-01', '2025-03-15', 'full-time', 'h-o1', '2025-01-06T10:00:00Z');"
  "INSERT INTO catalogue_fts (rowid, title, body, places) VALUES"
  "  (1, 'sygeplejerske', 'du laerer at pleje behandle og vejlede', 'naestved'),"
  "  (2, 'oekonom okonom', '', 'naestved');"
  "INSERT INTO person (id, reference, birth_year, grade, municipality, target_group, consent,"
  "  created_at, updated_at) VALUES (1, 'NÆ-2025-001', 2008, '9', 370, 'pupil', 1,"
  "  '2025-02-03T09:00:00Z', '2025-02-03T09:00:00Z');"
  "INSERT INTO session (id, started_at, duration_minutes, counsellor, service, form,"
  "  municipality, notes, created_at, updated_at) VALUES (1, '2025-02-03T09:00:00Z', 45,"
  "  'Mette Vejleder', 'kui', 'individual', 370, 'Vil gerne arbejde med mennesker.',"
  "  '2025-02-03T09:50:00Z', '2025-02-03T09:50:00Z');"
  "INSERT INTO session_fts (rowid, notes) VALUES (1, 'vil gerne arbejde med mennesker');"
  "INSERT INTO session_person (session_id, person_id) VALUES (1, 1);"
  "INSERT INTO session_topic (session_id, topic) VALUES (1, 'uddannelsesvalg');"
  "INSERT INTO session_programme (session_id, programme_id, offering_id) VALUES (1, 1, 1);"
  "INSERT INTO next_step (id, session_id, person_id, text, due) VALUES"
  "  (1, 1, 1, 'Besøg Zealand på åbent hus', '2025-03-01');"
  "INSERT INTO shortlist (id, person_id, position, programme_id, offering_id, note) VALUES"
  "  (1, 1, 1, 1, 1, 'Første valg');"
  "INSERT INTO import_run (id, source_id, location, format, started_at, finished_at, status,"
  "  added) VALUES (1, 1, '/home/mette/katalog.xml', 'vejviser-1', '2025-01-06T10:00:00Z',"
  "  '2025-01-06T10:00:01Z', 'imported', 5);";

static const char sample_2[] =
  "INSERT INTO feed (id, name, url, created_at) VALUES (1, 'zealand',"
  "  'https://www.zealand.dk/xcri.xml', '2025-04-01T08:00:00Z');";

static const char sample_5[] =
  "UPDATE person SET plan_goal = 'EUX som tømrer' WHERE id = 1;";

/* A person erased in 2025: a tombstone, the HMAC of a reference no longer there */
static const char sample_6[] =
  "INSERT INTO erase_record (reference_hmac, created_at, done_at) VALUES"
  "  ('5f0c9e8a3b1d47e6a2c4f8e1d3b5a7c9e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0',"
  "   '2025-06-01T12:00:00Z', '2025-06-01T12:00:01Z');";

/* The rows each schema version brought, by version (NULL: none of its own) */
static const char * const samples[] = { NULL, sample_1, sample_2, NULL, NULL, sample_5,
                                        sample_6 };

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  VjStoreConn *conn;
  int version;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: make-schema-fixture VERSION OUT.db\n");
      return 2;
    }
  version = atoi (argv[1]);
  if (version < 1 || version > _vj_db_n_migrations ())
    {
      fprintf (stderr, "No released schema %s\n", argv[1]);
      return 2;
    }

  /* An empty file is a new database */
  if (!g_file_set_contents (argv[2], "", 0, &error))
    g_error ("Could not create %s: %s", argv[2], error->message);
  conn = vj_store_open (argv[2], FALSE, &error);
  g_assert_no_error (error);

  /* Each version's rows go in once its tables exist, as a database lived through them */
  for (int v = 1; v <= version; v++)
    {
      if (!_vj_db_migrate_to (conn, v - 1, v, &error) ||
          (v < (int) G_N_ELEMENTS (samples) && samples[v] != NULL &&
           !vj_store_exec (conn, samples[v], &error)))
        g_error ("Schema %d: %s", v, error->message);
    }
  vj_store_close (conn);
  return 0;
}
