#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vj-db.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* vejviser-cli as a user runs it (DESIGN.md, CLI): the built executable, its exit status and
 * its --json output. Meson passes its path in VEJVISER_CLI. */

/* ----- helpers ----- */

typedef VjTestFixture Fixture;

typedef struct
{
  int       status;     /* the exit status */
  char     *out;
  char     *err;
  JsonNode *json;       /* stdout parsed, when it is JSON */
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Runs `vejviser-cli --db DB ARGS…` (NULL-terminated); DB NULL leaves --db out. */
static Run *
run_cli (const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  const char *arg;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run->out = vj_test_run_cli_argv (db, &run->status, &run->err,
                                   (const char * const *) args->pdata);
  g_test_message ("exit status %d; stderr: %s", run->status, run->err);

  if (run->out[0] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, run->out, -1, &error);
      g_assert_no_error (error);
      run->json = json_node_ref (json_parser_get_root (parser));
    }
  return run;
}

static gboolean
exited_ok (Run *run)
{
  return g_spawn_check_wait_status (run->status, NULL);
}

static JsonObject *
root_object (Run *run)
{
  g_assert_nonnull (run->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (run->json));
  return json_node_get_object (run->json);
}

static void
assert_counts (JsonObject *object,
               gint64      added,
               gint64      updated,
               gint64      unchanged,
               gint64      withdrawn)
{
  g_assert_cmpint (json_object_get_int_member (object, "added"), ==, added);
  g_assert_cmpint (json_object_get_int_member (object, "updated"), ==, updated);
  g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, unchanged);
  g_assert_cmpint (json_object_get_int_member (object, "withdrawn"), ==, withdrawn);
}

static JsonObject *
assert_failure (Run        *run,
                const char *code)
{
  JsonObject *root = root_object (run);
  JsonObject *failure;

  g_assert_false (exited_ok (run));
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  failure = json_object_get_object_member (root, "error");
  g_assert_nonnull (failure);
  g_assert_cmpstr (json_object_get_string_member (failure, "code"), ==, code);
  /* The message is on stderr for a person, too. */
  g_assert_cmpstr (json_object_get_string_member (failure, "message"), !=, "");
  g_assert_nonnull (strstr (run->err, json_object_get_string_member (failure, "message")));
  return failure;
}

/* ----- tests ----- */

static void
test_version (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Run) run = run_cli (NULL, "--version", NULL);

  g_assert_true (exited_ok (run));
  g_assert_cmpstr (run->out, ==, "vejviser-cli " PACKAGE_VERSION "\n");
}

static void
test_import_json (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *kinds[] = { "institution", "location", "programme", "offering", "initiative" };
  const gint64 numbers[] = { 37, 86, 76, 250, 6 };
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autoptr(Run) first = run_cli (fixture->path, "import", builtin, "--json", NULL);
  g_autoptr(Run) second = NULL;
  JsonObject *root = root_object (first);
  JsonObject *by_kind;
  gint64 total = 0;

  g_assert_true (exited_ok (first));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==,
                   "builtin:region-sjaelland");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "vejviser-1");
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "imported");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "rejected")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "warnings")), ==, 0);
  g_assert_true (json_object_has_member (root, "seconds"));
  by_kind = json_object_get_object_member (root, "by_kind");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      assert_counts (json_object_get_object_member (by_kind, kinds[k]), numbers[k], 0, 0, 0);
      total += numbers[k];
    }
  assert_counts (root, total, 0, 0, 0);

  /* The second run finds everything unchanged. */
  second = run_cli (fixture->path, "import", builtin, "--json", NULL);
  g_assert_true (exited_ok (second));
  root = root_object (second);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  assert_counts (root, 0, 0, total, 0);
  by_kind = json_object_get_object_member (root, "by_kind");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    assert_counts (json_object_get_object_member (by_kind, kinds[k]), 0, 0, numbers[k], 0);
}

static void
test_import_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autoptr(Run) run = run_cli (fixture->path, "import", builtin, NULL);

  g_assert_true (exited_ok (run));
  g_assert_null (run->json);
  g_assert_nonnull (strstr (run->out, "455 added, 0 updated, 0 unchanged, 0 withdrawn, "
                                      "0 rejected."));
}

static void
test_import_rejected (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *feed = vj_test_data_path ("v1-bad-records.xml");
  g_autoptr(Run) run = run_cli (fixture->path, "import", feed, "--json", NULL);
  JsonObject *root = root_object (run);
  JsonArray *rejected;
  gboolean found = FALSE;

  /* Bad records are reported, not fatal. */
  g_assert_true (exited_ok (run));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  rejected = json_object_get_array_member (root, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 9);
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonObject *issue = json_array_get_object_element (rejected, i);

      g_assert_cmpint (json_object_get_int_member (issue, "line"), >, 0);
      if (json_object_get_int_member (issue, "line") == 44)
        {
          g_assert_cmpstr (json_object_get_string_member (issue, "reason"), ==,
                           "Programme “uden-titel” has no <title>");
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_counts (json_object_get_object_member (json_object_get_object_member (root, "by_kind"),
                                                "programme"), 2, 0, 0, 0);
}

static void
test_search_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autoptr(Run) import = run_cli (fixture->path, "import", builtin, NULL);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) filtered = NULL;
  g_autoptr(Run) text = NULL;
  JsonObject *root, *first;
  JsonArray *results;

  g_assert_true (exited_ok (import));

  run = run_cli (fixture->path, "search", "paedagog", "--json", NULL);
  g_assert_true (exited_ok (run));
  root = root_object (run);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "query"), ==, "paedagog");
  results = json_object_get_array_member (root, "results");
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==,
                   json_array_get_length (results));
  g_assert_cmpuint (json_array_get_length (results), >=, 2);
  first = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Pædagog");
  g_assert_cmpstr (json_object_get_string_member (first, "category"), ==, "professionsbachelor");
  g_assert_cmpint (json_object_get_int_member (first, "level"), ==, 6);
  g_assert_false (json_object_get_boolean_member (first, "withdrawn"));
  g_assert_nonnull (strstr (json_object_get_string_member (first, "places"), "Roskilde"));
  g_assert_cmpint (json_object_get_int_member (first, "id"), >, 0);

  /* --category narrows it down. */
  filtered = run_cli (fixture->path, "search", "paedagog", "--category", "professionsbachelor",
                      "--json", NULL);
  g_assert_true (exited_ok (filtered));
  results = json_object_get_array_member (root_object (filtered), "results");
  g_assert_cmpuint (json_array_get_length (results), >=, 1);
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "category"), ==, "professionsbachelor");

  /* For people: one line per programme. */
  text = run_cli (fixture->path, "search", "pædagog", NULL);
  g_assert_true (exited_ok (text));
  g_assert_true (g_str_has_prefix (text->out, "Pædagog — "));
}

static void
test_search_unknown_category (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(Run) run = run_cli (fixture->path, "search", "x", "--category", "nope", "--json",
                                NULL);
  JsonObject *failure = assert_failure (run, "usage");

  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "nope"));
}

static void
test_check_json (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Run) run = run_cli (fixture->path, "check", "--json", NULL);
  JsonObject *root = root_object (run);

  g_assert_true (exited_ok (run));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==,
                   vj_db_latest_schema_version ());
  g_assert_cmpint (json_object_get_int_member (root, "latest_schema_version"), ==,
                   vj_db_latest_schema_version ());
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "problems")), ==,
                    0);
}

static void
test_not_well_formed_json (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *feed = vj_test_data_path ("v1-not-well-formed.xml");
  g_autoptr(Run) run = run_cli (fixture->path, "import", feed, "--json", NULL);
  JsonObject *failure = assert_failure (run, "not-well-formed");

  /* The mismatched end tag of tests/data/v1-not-well-formed.xml */
  g_assert_cmpint (json_object_get_int_member (failure, "line"), ==, 17);
  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "line 17"));
}

static void
test_truncated_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autofree char *contents = NULL;
  g_autofree char *truncated = g_build_filename (fixture->dir, "truncated.xml", NULL);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) search = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *failure;
  gsize length = 0;

  g_file_get_contents (builtin, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (truncated, contents, (gssize) (length / 3), &error);
  g_assert_no_error (error);

  run = run_cli (fixture->path, "import", truncated, "--json", NULL);
  failure = assert_failure (run, "not-well-formed");
  g_assert_cmpint (json_object_get_int_member (failure, "line"), >, 0);

  /* Nothing was imported. */
  search = run_cli (fixture->path, "search", "", "--json", NULL);
  g_assert_true (exited_ok (search));
  g_assert_cmpint (json_object_get_int_member (root_object (search), "count"), ==, 0);
}

static void
test_missing_file_json (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.xml", NULL);
  g_autoptr(Run) run = run_cli (fixture->path, "import", missing, "--json", NULL);

  assert_failure (run, "open-failed");
}

static void
test_newer_database_json (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;",
                                          vj_db_latest_schema_version () + 1);
  g_autoptr(Run) run = NULL;

  vj_test_exec_sql (fixture->path, sql);

  run = run_cli (fixture->path, "import", builtin, "--json", NULL);
  assert_failure (run, "database-too-new");
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Run) none = run_cli (fixture->path, NULL);
  g_autoptr(Run) unknown = run_cli (fixture->path, "frobnicate", "--json", NULL);
  g_autoptr(Run) option = run_cli (fixture->path, "--json", "check", "--frobnicate", NULL);
  g_autoptr(Run) help = run_cli (NULL, "--help", NULL);

  g_assert_false (exited_ok (none));
  g_assert_nonnull (strstr (none->err, "Usage:"));
  assert_failure (unknown, "usage");
  assert_failure (option, "usage");
  g_assert_true (exited_ok (help));
  g_assert_nonnull (strstr (help->out, "Usage:"));
}

static void
test_usage_json_after_unknown_option (Fixture       *fixture,
                                      gconstpointer  data)
{
  /* --json anywhere on the line asks for a JSON report, also of a usage error that comes
   * before it. */
  g_autoptr(Run) run = run_cli (fixture->path, "check", "--frobnicate", "--json", NULL);
  JsonObject *failure = assert_failure (run, "usage");

  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "--frobnicate"));
}

/* The exit status a usage error ends with (2), as opposed to a failure (1) */
static int
exit_code (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (run->status, &error))
    return 0;
  g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
  return error->code;
}

static void
test_usage_option_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  /* Every command reads its options from its own table: an option another command takes, one
   * no command takes, and one without its value are usage errors, in JSON when asked for. */
  g_autoptr(Run) missing = run_cli (fixture->path, "--json", "search", "x", "--level", NULL);
  g_autoptr(Run) missing_export = run_cli (fixture->path, "--json", "sessions", "import",
                                           "--output", NULL);
  g_autoptr(Run) foreign = run_cli (fixture->path, "check", "--dry-run", "--json", NULL);
  g_autoptr(Run) backup = run_cli (fixture->path, "backup", "list", "--frobnicate", "--json",
                                   NULL);
  g_autoptr(Run) person = run_cli (fixture->path, "person", "erase", "x", "--frobnicate", NULL);
  g_autoptr(Run) no_command = run_cli (fixture->path, "--frobnicate", NULL);
  JsonObject *failure;

  failure = assert_failure (missing, "usage");
  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "--level"));
  g_assert_cmpint (exit_code (missing), ==, 2);
  failure = assert_failure (missing_export, "usage");
  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "--output"));
  failure = assert_failure (foreign, "usage");
  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "--dry-run"));
  g_assert_cmpint (exit_code (foreign), ==, 2);
  failure = assert_failure (backup, "usage");
  g_assert_nonnull (strstr (json_object_get_string_member (failure, "message"), "--frobnicate"));

  /* Without --json: the message, then how the command is used */
  g_assert_cmpint (exit_code (person), ==, 2);
  g_assert_null (person->json);
  g_assert_nonnull (strstr (person->err, "--frobnicate"));
  g_assert_nonnull (strstr (person->err, "person export REF"));
  g_assert_cmpint (exit_code (no_command), ==, 2);
  g_assert_nonnull (strstr (no_command->err, "--frobnicate"));
  g_assert_nonnull (strstr (no_command->err, "Usage:"));

  /* Nothing was created by a line that was not understood */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_command_help (Fixture       *fixture,
                   gconstpointer  data)
{
  /* COMMAND --help lists that command's options, and runs nothing */
  g_autoptr(Run) purge = run_cli (fixture->path, "purge", "--help", NULL);
  g_autoptr(Run) search = run_cli (fixture->path, "search", "--help", NULL);
  g_autoptr(Run) word = run_cli (NULL, "help", NULL);

  g_assert_cmpint (exit_code (purge), ==, 0);
  g_assert_nonnull (strstr (purge->out, "Usage:"));
  g_assert_nonnull (strstr (purge->out, "--dry-run"));
  g_assert_nonnull (strstr (purge->out, "--db"));
  g_assert_null (strstr (purge->out, "--category"));
  g_assert_cmpint (exit_code (search), ==, 0);
  g_assert_nonnull (strstr (search->out, "--open-deadline"));
  g_assert_nonnull (strstr (search->out, "--sort"));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* "help" lists every command */
  g_assert_cmpint (exit_code (word), ==, 0);
  g_assert_nonnull (strstr (word->out, "sessions export"));
  g_assert_nonnull (strstr (word->out, "backup list"));
}

/* The public tables through the CLI: import a table, then search --json gives each
 * programme's offerings with the deadline by rule, and show --json the figures by year */
static void
test_public_tables (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-public-keys.xml",
                                                 NULL);
  g_autofree char *zoom = g_test_build_filename (G_TEST_DIST, "data", "public",
                                                 "uddannelseszoom-excerpt.csv", NULL);
  g_autofree char *kot = g_test_build_filename (G_TEST_DIST, "data", "public",
                                                "kot-graensekvotienter-excerpt.csv", NULL);
  g_autofree char *id = NULL;
  Run *run;
  JsonObject *root, *offering, *facts;
  JsonArray *results, *offerings, *cutoffs;

  run = run_cli (fixture->path, "import", feed, "--json", NULL);
  g_assert_true (exited_ok (run));
  run_free (run);
  run = run_cli (fixture->path, "import", zoom, "--json", NULL);
  g_assert_true (exited_ok (run));
  g_assert_cmpstr (json_object_get_string_member (root_object (run), "format"), ==,
                   "uddannelseszoom");
  run_free (run);
  run = run_cli (fixture->path, "import", kot, NULL);
  g_assert_true (exited_ok (run));
  g_assert_nonnull (strstr (run->out, "Rejected, line 36: KOT offer 10114 has no title"));
  run_free (run);

  run = run_cli (fixture->path, "search", "pædagog", "--json", NULL);
  g_assert_true (exited_ok (run));
  results = json_object_get_array_member (root_object (run), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  root = json_array_get_object_element (results, 0);
  offerings = json_object_get_array_member (root, "offerings");
  g_assert_cmpuint (json_array_get_length (offerings), ==, 1);
  offering = json_array_get_object_element (offerings, 0);
  g_assert_cmpstr (json_object_get_string_member (offering, "institution"), ==,
                   "Professionshøjskolen Absalon");
  g_assert_cmpstr (json_object_get_string_member (offering, "town"), ==, "Roskilde");
  /* A KOT offer without a date of its own: 5 July by rule */
  g_assert_true (json_object_get_boolean_member (offering, "deadline_by_rule"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (offering, "deadline"),
                                   "-07-05"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (offering, "deadline_kvote2"),
                                   "-03-15"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (root, "id"));
  run_free (run);

  run = run_cli (fixture->path, "show", id, "--json", NULL);
  g_assert_true (exited_ok (run));
  root = root_object (run);
  g_assert_cmpstr (json_object_get_string_member (root, "title"), ==, "Pædagog");
  offering = json_array_get_object_element (json_object_get_array_member (root, "offerings"), 0);
  facts = json_object_get_object_member (offering, "facts");
  cutoffs = json_object_get_array_member (facts, "cutoff");
  /* Every year since 2009, a grade or the reason, never a zero */
  g_assert_cmpuint (json_array_get_length (cutoffs), ==, 17);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (cutoffs, 0),
                                               "year"), ==, 2009);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (cutoffs, 0),
                                                    "value"), ==, 6.8);
  g_assert_false (json_object_has_member (json_array_get_object_element (cutoffs, 1), "value"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cutoffs, 1),
                                                  "reason"), ==, "all-admitted-vacancies");
  g_assert_nonnull (json_object_get_array_member (facts, "dropout"));
  run_free (run);

  run = run_cli (fixture->path, "show", "999999", "--json", NULL);
  g_assert_false (exited_ok (run));
  run_free (run);
}

/* Youth education after grundskole: 1 March by rule, labelled with optagelse.dk, in search
 * --json and show; a feed's own date wins; --open-deadline counts it and marks what is unknown */
static void
test_youth_rule (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-small.xml", NULL);
  g_autofree char *id = NULL;
  Run *run;
  JsonObject *offering;
  JsonArray *results;
  gboolean seen_oekonom = FALSE, seen_stx = FALSE;

  run = run_cli (fixture->path, "import", feed, NULL);
  g_assert_true (exited_ok (run));
  run_free (run);

  run = run_cli (fixture->path, "search", "stx", "--json", NULL);
  g_assert_true (exited_ok (run));
  results = json_object_get_array_member (root_object (run), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  offering = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (results, 0), "offerings"), 0);
  g_assert_true (json_object_get_boolean_member (offering, "by_rule"));
  g_assert_true (json_object_get_boolean_member (offering, "deadline_by_rule"));
  g_assert_cmpstr (json_object_get_string_member (offering, "rule"), ==, "youth-education");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (offering, "deadline"),
                                   "-03-01"));
  g_assert_nonnull (strstr (json_object_get_string_member (offering, "rule_source"),
                            "optagelse.dk"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (results, 0),
                                                    "id"));
  run_free (run);

  /* Datamatiker has a date of its own in the feed: not by rule (and no rule covers it) */
  run = run_cli (fixture->path, "search", "datamatiker", "--json", NULL);
  g_assert_true (exited_ok (run));
  results = json_object_get_array_member (root_object (run), "results");
  offering = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (results, 0), "offerings"), 0);
  g_assert_false (json_object_get_boolean_member (offering, "by_rule"));
  g_assert_cmpstr (json_object_get_string_member (offering, "deadline"), ==, "2027-03-15");
  run_free (run);

  run = run_cli (fixture->path, "show", id, NULL);
  g_assert_true (exited_ok (run));
  g_assert_nonnull (strstr (run->out, "by rule"));
  g_assert_nonnull (strstr (run->out, "optagelse.dk"));
  run_free (run);

  /* --open-deadline: STX by rule is known, Økonom (no date, no rule) is marked as unknown */
  run = run_cli (fixture->path, "search", "--open-deadline", "--json", NULL);
  g_assert_true (exited_ok (run));
  results = json_object_get_array_member (root_object (run), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *title = json_object_get_string_member (result, "title");

      if (g_str_has_prefix (title, "STX"))
        {
          g_assert_false (json_object_get_boolean_member (result, "deadline_unknown"));
          seen_stx = TRUE;
        }
      else if (g_strcmp0 (title, "Økonom") == 0)
        {
          g_assert_true (json_object_get_boolean_member (result, "deadline_unknown"));
          seen_oekonom = TRUE;
        }
    }
  g_assert_true (seen_stx);
  g_assert_true (seen_oekonom);
  run_free (run);

  run = run_cli (fixture->path, "search", "--open-deadline", NULL);
  g_assert_true (exited_ok (run));
  g_assert_nonnull (strstr (run->out, "Økonom — "));
  g_assert_nonnull (strstr (strstr (run->out, "Økonom — "), "Application deadline: not given"));
  run_free (run);
}

/* An offering derived from a law (FGU's tracks) says so in search --json and show */
static void
test_derived_offering (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *feed = g_build_filename (fixture->dir, "fgu.xml", NULL);
  JsonObject *offering;
  JsonArray *results;
  g_autofree char *id = NULL;
  Run *run;

  g_assert_true (g_file_set_contents (feed,
    "<catalogue xmlns=\"urn:dk:kompetenceparat:vejviser:catalogue:1\" format-version=\"1\">"
    "<header><source-id>test:fgu</source-id><version>1</version><title>FGU</title></header>"
    "<institution id=\"fgu\"><name>FGU Test</name><type>fgu</type>"
    "<location id=\"fgu-a\"><name>FGU Test, Aarhus</name><town>Aarhus</town>"
    "<municipality>751</municipality></location></institution>"
    "<programme id=\"agu\"><title>FGU – almen grunduddannelse (agu)</title>"
    "<category>forberedende</category>"
    "<offering id=\"agu:a\"><location>fgu-a</location>"
    "<derived>lov om forberedende grunduddannelse</derived></offering></programme>"
    "</catalogue>", -1, NULL));
  run = run_cli (fixture->path, "import", feed, NULL);
  g_assert_true (exited_ok (run));
  run_free (run);

  run = run_cli (fixture->path, "search", "agu", "--json", NULL);
  g_assert_true (exited_ok (run));
  results = json_object_get_array_member (root_object (run), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  offering = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (results, 0), "offerings"), 0);
  g_assert_cmpstr (json_object_get_string_member (offering, "derived"), ==,
                   "lov om forberedende grunduddannelse");
  /* FGU is not applied for on optagelse.dk by 1 March: no deadline by rule */
  g_assert_false (json_object_get_boolean_member (offering, "by_rule"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (results, 0),
                                                    "id"));
  run_free (run);

  run = run_cli (fixture->path, "show", id, NULL);
  g_assert_true (exited_ok (run));
  g_assert_nonnull (strstr (run->out, "Derived from lov om forberedende grunduddannelse, not from "
                                      "a register"));
  run_free (run);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, vj_test_fixture_setup_empty, func, vj_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/cli/version", test_version);
  add_test ("/cli/import/json-counts-then-unchanged", test_import_json);
  add_test ("/cli/import/text-summary", test_import_text);
  add_test ("/cli/public-tables/search-and-show", test_public_tables);
  add_test ("/cli/search/youth-rule-and-open-deadline", test_youth_rule);
  add_test ("/cli/show/derived-offering", test_derived_offering);
  add_test ("/cli/import/rejected-records-json", test_import_rejected);
  add_test ("/cli/import/not-well-formed-json", test_not_well_formed_json);
  add_test ("/cli/import/truncated-json", test_truncated_json);
  add_test ("/cli/import/missing-file-json", test_missing_file_json);
  add_test ("/cli/import/newer-database-json", test_newer_database_json);
  add_test ("/cli/search/json", test_search_json);
  add_test ("/cli/search/unknown-category", test_search_unknown_category);
  add_test ("/cli/check/json", test_check_json);
  add_test ("/cli/usage/exit-status-and-json", test_usage);
  add_test ("/cli/usage/json-after-unknown-option", test_usage_json_after_unknown_option);
  add_test ("/cli/usage/option-errors", test_usage_option_errors);
  add_test ("/cli/usage/command-help", test_command_help);

  return g_test_run ();
}
