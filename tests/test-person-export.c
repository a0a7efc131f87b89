#define G_LOG_DOMAIN "test-person-export"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-db-person-export.h"
#include "vj-db-sessions.h"
#include "vj-db.h"
#include "vj-private-file.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* Eksportér persondata as the person page runs it (vj_db_export_person_async): two files
 * readable by their owner alone, even where a readable file was before; notes with ";", quotes
 * and line breaks kept whole in the CSV; a draft naming the person exported until it is
 * discarded; a folder that is not there, or a person erased meanwhile, said plainly with
 * nothing written. */

typedef struct
{
  VjTestFixture  base;
  char          *json_path;
  char          *csv_path;
  gint64         person_id;
} Fixture;

#define NOTES "Talte om EUD; \"måske\" EUX\nRinger igen"

static VjSessionRecord *
make_session (gint64 person_id)
{
  VjSessionRecord *s = vj_session_record_new ();
  VjPersonRecord *p = vj_person_record_new ();

  s->started_at = g_strdup ("2026-09-01T09:00");
  s->duration_minutes = 45;
  s->counsellor = g_strdup ("Mette Vejleder");
  s->service = g_strdup ("kui");
  s->form = g_strdup ("individual");
  s->municipality = 259;
  s->notes = g_strdup (NOTES);
  p->id = person_id;
  p->reference = g_strdup ("elev-17");
  p->birth_year = 2009;
  p->municipality = 259;
  p->target_group = g_strdup ("pupil");
  g_ptr_array_add (s->people, p);
  return s;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSessionRecord) session = make_session (0);
  g_autoptr(VjPersonRecord) person = NULL;

  vj_test_fixture_setup (&fixture->base, data);
  fixture->json_path = g_build_filename (fixture->base.dir, "elev-17.json", NULL);
  fixture->csv_path = g_build_filename (fixture->base.dir, "elev-17.csv", NULL);

  g_assert_cmpint (vj_db_save_session (fixture->base.db, session, &error), >, 0);
  g_assert_no_error (error);
  person = vj_db_find_person (fixture->base.db, "elev-17", &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  fixture->person_id = person->id;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vj_test_fixture_teardown (&fixture->base, data);
  g_free (fixture->json_path);
  g_free (fixture->csv_path);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Only a guard against a hang: the deadline is far beyond any run */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}

static gboolean
export (Fixture    *fixture,
        gint64      person_id,
        const char *json_path,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vj_db_export_person_async (fixture->base.db, person_id, json_path, fixture->csv_path, NULL,
                             result_cb, &result);
  return vj_db_export_person_finish (fixture->base.db, wait_for (&result), error);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static JsonObject *
load_json (JsonParser *parser,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Both files 0600, the CSV for a Danish spreadsheet, the notes whole in both */
static void
test_private_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *csv = NULL;
  g_autofree char *quoted = NULL;
  JsonObject *root, *session;

  /* A readable file of that name is already there: replaced, and no longer readable by others */
  g_assert_true (g_file_set_contents (fixture->csv_path, "gammel", -1, NULL));
  g_assert_cmpint (g_chmod (fixture->csv_path, 0644), ==, 0);

  g_assert_true (export (fixture, fixture->person_id, fixture->json_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (fixture->json_path), ==, 0600);
  g_assert_cmpuint (mode_of (fixture->csv_path), ==, 0600);

  g_assert_true (g_file_get_contents (fixture->csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf" "Post;Dato;Hvad;Detaljer\r\n"));
  g_assert_null (strstr (csv, "gammel"));
  /* One field, quoted, its quotes doubled, its line break kept */
  quoted = g_strdup_printf ("Samtale;2026-09-01T09:00;individual kui;"
                            "\"Talte om EUD; \"\"måske\"\" EUX\nRinger igen\"\r\n");
  g_assert_nonnull (strstr (csv, quoted));
  g_assert_nonnull (strstr (csv, "Person;"));

  root = load_json (parser, fixture->json_path);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==,
                   "vejviser-person-export-1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "person"),
                                                  "reference"), ==, "elev-17");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "sessions")), ==,
                    1);
  session = json_array_get_object_element (json_object_get_array_member (root, "sessions"), 0);
  g_assert_cmpstr (json_object_get_string_member (session, "notes"), ==, NOTES);
}

/* A draft that names the person goes with their data, until it is discarded */
static void
test_draft_until_discarded (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VjSessionRecord) typed = make_session (fixture->person_id);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) discarded = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *exported;
  gint64 draft_id;

  g_free (typed->notes);
  typed->notes = g_strdup ("Halvt skrevet");
  vj_db_save_draft_async (fixture->base.db, 0, typed, NULL, result_cb, &saved);
  draft_id = vj_db_save_draft_finish (fixture->base.db, wait_for (&saved), &error);
  g_assert_no_error (error);
  g_assert_cmpint (draft_id, >, 0);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT person_id FROM draft;"), ==,
                   fixture->person_id);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (export (fixture, fixture->person_id, fixture->json_path, &error));
    exported = json_object_get_array_member (load_json (parser, fixture->json_path), "drafts");
    g_assert_cmpuint (json_array_get_length (exported), ==, 1);
    g_assert_nonnull (strstr (json_array_get_string_element (exported, 0), "Halvt skrevet"));
  }

  vj_db_discard_draft_async (fixture->base.db, draft_id, NULL, result_cb, &discarded);
  g_assert_true (vj_db_discard_draft_finish (fixture->base.db, wait_for (&discarded), &error));
  g_assert_no_error (error);
  drafts = vj_db_list_drafts (fixture->base.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (export (fixture, fixture->person_id, fixture->json_path, &error));
    exported = json_object_get_array_member (load_json (parser, fixture->json_path), "drafts");
    g_assert_cmpuint (json_array_get_length (exported), ==, 0);
  }
}

/* A folder that is gone: the error names the file and why */
static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *json_path = g_build_filename (fixture->base.dir, "gone", "elev-17.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Could not write “%s”: No such file or directory",
                                               json_path);
  g_autoptr(GError) error = NULL;

  g_assert_false (export (fixture, fixture->person_id, json_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (g_file_test (fixture->csv_path, G_FILE_TEST_EXISTS));
}

/* The person was erased while the dialog was open: said so, no files */
static void
test_person_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (export (fixture, fixture->person_id + 1000, fixture->json_path, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "The person is no longer in the log.");
  g_assert_false (g_file_test (fixture->json_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->csv_path, G_FILE_TEST_EXISTS));
}

/* ----- every file written for the user: vj_private_file_write ----- */

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The disk fills up halfway through the export: the earlier file stays whole, no partial or
 * temporary file is left (a write that fails: the file size limit, as a full disk does) */
static void
test_full_disk_keeps_old_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vejviser-test-private-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *big = g_strnfill (256 * 1024, 'n');
  struct rlimit saved, limit;
  void (*old_handler) (int);
  gboolean ok;

  g_assert_true (g_file_set_contents (path, "gammel eksport", -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 4096;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  ok = vj_private_file_write (path, big, strlen (big), &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "gammel eksport");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* With room again: replaced whole, mode 0600, nothing else left */
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (vj_private_file_write (path, big, strlen (big), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, big);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  vj_test_rm_rf (dir);
}

/* --output pointing at a symbolic link: refused with a clear message, its target unchanged
 * (neither its bytes nor its mode); the app and the CLI write through the same helper */
static void
test_symlink_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vejviser-test-private-XXXXXX", &error);
  g_autofree char *target = g_build_filename (dir, "target.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (target, "andres fil", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);

  g_assert_false (vj_private_file_write (link, "x;y\r\n", 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "andres fil");
  g_assert_cmpuint (mode_of (target), ==, 0644);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 2);
  vj_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/private-file/full-disk-keeps-old-file",
                   test_full_disk_keeps_old_file);
  g_test_add_func ("/model/private-file/symlink-refused", test_symlink_refused);
  g_test_add ("/db/person-export/private-files-csv-quoted", Fixture, NULL, fixture_setup,
              test_private_files, fixture_teardown);
  g_test_add ("/db/person-export/draft-until-discarded", Fixture, NULL, fixture_setup,
              test_draft_until_discarded, fixture_teardown);
  g_test_add ("/db/person-export/missing-folder-said", Fixture, NULL, fixture_setup,
              test_missing_folder, fixture_teardown);
  g_test_add ("/db/person-export/person-gone-nothing-written", Fixture, NULL, fixture_setup,
              test_person_gone, fixture_teardown);

  return g_test_run ();
}
