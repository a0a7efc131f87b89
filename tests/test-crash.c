#define G_LOG_DOMAIN "test-crash"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "vj-db.h"
#include "vj-importer.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* A killed import changes nothing (DESIGN.md, Import; issue 3, item 5): vejviser-cli imports a
 * large feed that changes every programme of the built-in catalogue and adds many more, and is
 * killed with SIGKILL at a random moment. Afterwards the database passes PRAGMA integrity_check
 * and holds either exactly the catalogue from before or, if the import got to commit, exactly
 * the new one — never a mix. The random delays come from a fixed seed, printed in the log
 * (VEJVISER_CRASH_SEED overrides it). */

#define N_EXTRA 20000
#define N_KILLS 10
#define DEFAULT_SEED 20261128

static const char * const catalogue_tables[] = {
  "institution", "location", "institution_serves", "programme", "offering", "initiative", "goal",
  "actor", "initiative_programme", "initiative_institution", "initiative_municipality",
  "source", "catalogue_fts",
};

typedef struct
{
  VjTestFixture  base;      /* path: the database the children import into; closed */
  char          *pristine;  /* a copy of it with the built-in catalogue only */
  char          *feed;      /* the large feed */
} Fixture;

/* ----- helpers ----- */

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A database is its file, its WAL and its shared memory: copies all three (or removes the
 * ones the source does not have). */
static void
copy_database (const char *from,
               const char *to)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, suffixes[i], NULL);

      if (g_file_test (a, G_FILE_TEST_EXISTS))
        copy_file (a, b);
      else
        g_remove (b);
    }
}

/* The built-in catalogue as its next version: every programme retitled, N_EXTRA programmes
 * more, each with an offering. */
static void
write_big_feed (const char *path)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *p, *end;
  guint retitled = 0;

  g_file_get_contents (builtin, &contents, NULL, &error);
  g_assert_no_error (error);
  out = g_string_sized_new (strlen (contents) + N_EXTRA * 320);

  /* Every <programme>'s own <title> gets " (ny)" */
  p = contents;
  while ((end = strstr (p, "<programme id=\"")) != NULL)
    {
      const char *title = strstr (end, "<title>");
      const char *close = title != NULL ? strstr (title, "</title>") : NULL;

      g_assert_nonnull (close);
      g_string_append_len (out, p, close - p);
      g_string_append (out, " (ny)");
      p = close;
      retitled++;
    }
  g_string_append (out, p);
  g_assert_cmpuint (retitled, ==, 76);
  g_assert_cmpuint (g_string_replace (out, "<version>3</version>", "<version>4</version>", 1),
                    ==, 1);

  {
    gssize at = strstr (out->str, "</catalogue>") - out->str;
    g_autoptr(GString) extra = g_string_new (NULL);

    for (guint i = 0; i < N_EXTRA; i++)
      g_string_append_printf (extra,
        "  <programme id=\"ekstra-%u\">\n"
        "    <title>Ekstra uddannelse %u</title>\n"
        "    <category>veu</category>\n"
        "    <description>Syntetisk uddannelse nummer %u til nedbrudstesten.</description>\n"
        "    <offering id=\"ekstra-%u:greve\">\n"
        "      <location>greve-gymnasium</location>\n"
        "      <start>2027-08</start>\n"
        "    </offering>\n"
        "  </programme>\n", i, i, i, i);
    g_string_insert_len (out, at, extra->str, (gssize) extra->len);
  }

  g_file_set_contents (path, out->str, (gssize) out->len, &error);
  g_assert_no_error (error);
}

/* Read-write: opening a database left by a killed writer may have to recover its WAL */
static VjStoreConn *
open_db (const char *path)
{
  return vj_test_store_open (path, FALSE);
}

static void
assert_integrity (const char *path)
{
  g_autoptr(GError) error = NULL;
  VjStoreConn *conn = open_db (path);
  VjStoreStmt *stmt = NULL;
  g_autoptr(GString) result = g_string_new (NULL);

  stmt = vj_test_store_prepare (conn, "PRAGMA integrity_check;");
  while (vj_store_stmt_next (stmt))
    g_string_append_printf (result, "%s%s", result->len > 0 ? "\n" : "",
                            vj_store_stmt_get_text (stmt, 0));
  vj_store_stmt_free (stmt);
  g_assert_cmpstr (result->str, ==, "ok");

  /* The search index agrees with itself too */
  vj_store_exec (conn, "INSERT INTO catalogue_fts (catalogue_fts) VALUES ('integrity-check');",
                 &error);
  g_assert_no_error (error);
  vj_store_close (conn);
}

/* Every row of the catalogue tables and their search rows, in a fixed order, without the
 * moments of change (updated_at, last_import_at): two imports of the same feed into the same
 * catalogue give equal dumps. */
static char *
dump_catalogue (const char *path)
{
  VjStoreConn *conn = open_db (path);
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (catalogue_tables); t++)
    {
      const char *table = catalogue_tables[t];
      g_autofree char *probe_sql = NULL;
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *sql = NULL;
      VjStoreStmt *stmt = NULL;
      int n;

      probe_sql = g_strdup_printf ("SELECT rowid, * FROM %s", table);
      if ((stmt = vj_store_prepare (conn, probe_sql, NULL)) == NULL)
        {
          g_clear_pointer (&probe_sql, g_free);
          probe_sql = g_strdup_printf ("SELECT * FROM %s", table);
          stmt = vj_test_store_prepare (conn, probe_sql);
        }
      n = vj_store_stmt_get_n_columns (stmt);
      vj_store_stmt_free (stmt);
      for (int i = 1; i <= n; i++)
        g_string_append_printf (order, "%s%d", i > 1 ? ", " : "", i);
      sql = g_strdup_printf ("%s ORDER BY %s;", probe_sql, order->str);

      stmt = vj_test_store_prepare (conn, sql);
      g_string_append_printf (out, "== %s\n", table);
      while (vj_store_stmt_next (stmt))
        for (int i = 0; i < n; i++)
          {
            const char *name = vj_store_stmt_get_column_name (stmt, i);
            const char *value = vj_store_stmt_get_text (stmt, i);

            if (strcmp (name, "updated_at") != 0 && strcmp (name, "last_import_at") != 0)
              g_string_append (out, value != NULL ? value : "<NULL>");
            g_string_append_c (out, i + 1 < n ? '\x1f' : '\n');
          }
      g_assert_true (vj_store_stmt_check (stmt, NULL));
      vj_store_stmt_free (stmt);
    }

  vj_store_close (conn);
  return g_string_free (out, FALSE);
}

static gint64
count_programmes (const char *path,
                  const char *where)
{
  VjStoreConn *conn = open_db (path);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM programme WHERE %s;", where);
  VjStoreStmt *stmt = vj_test_store_prepare (conn, sql);
  gint64 n;

  g_assert_true (vj_store_stmt_next (stmt));
  n = vj_store_stmt_get_int (stmt, 0);
  vj_store_stmt_free (stmt);
  vj_store_close (conn);
  return n;
}

static GPid
spawn_import (const char *db,
              const char *feed)
{
  const char *argv[] = { vj_test_cli_path (), "--db", db, "import", feed, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_for (GPid pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  return status;
}

/* ----- the test ----- */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *builtin = vj_test_builtin_catalogue_path ();
  g_autoptr(VjImportReport) report = NULL;

  vj_test_fixture_setup (&fixture->base, data);
  fixture->pristine = g_build_filename (fixture->base.dir, "pristine.db", NULL);
  fixture->feed = g_build_filename (fixture->base.dir, "big.xml", NULL);

  report = vj_test_import (fixture->base.db, builtin);
  g_assert_cmpuint (report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added, ==, 76);
  /* Closed, so the catalogue is all in the database file and nobody else holds it */
  vj_db_close (fixture->base.db);
  g_clear_object (&fixture->base.db);
  copy_database (fixture->base.path, fixture->pristine);

  write_big_feed (fixture->feed);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vj_test_fixture_teardown (&fixture->base, data);
  g_free (fixture->pristine);
  g_free (fixture->feed);
}

static void
test_sigkill_mid_import (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *seed_env = g_getenv ("VEJVISER_CRASH_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10)
                                  : DEFAULT_SEED;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *reference = g_build_filename (fixture->base.dir, "reference.db", NULL);
  g_autofree char *old_dump = dump_catalogue (fixture->pristine);
  g_autofree char *new_dump = NULL;
  gint64 start, full_us;
  int status;
  guint outcomes[3] = { 0 };   /* killed, nothing changed; killed after the commit; finished */

  g_test_message ("seed %u (set VEJVISER_CRASH_SEED to repeat another run)", seed);

  /* An import left alone: how long it takes, and what it makes */
  copy_database (fixture->pristine, reference);
  start = g_get_monotonic_time ();
  status = wait_for (spawn_import (reference, fixture->feed));
  full_us = g_get_monotonic_time () - start;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_test_message ("a full import of %u programmes takes %.3f s", N_EXTRA + 76,
                  full_us / (double) G_USEC_PER_SEC);
  assert_integrity (reference);
  new_dump = dump_catalogue (reference);
  g_assert_cmpstr (new_dump, !=, old_dump);
  g_assert_cmpint (count_programmes (reference, "title LIKE '% (ny)'"), ==, 76);
  g_assert_cmpint (count_programmes (reference, "withdrawn = 0"), ==, N_EXTRA + 76);

  for (guint i = 0; i < N_KILLS; i++)
    {
      gint32 delay = g_rand_int_range (rand, 0, (gint32) full_us);
      g_autofree char *dump = NULL;
      gboolean finished, is_old, is_new;
      gint64 wal_bytes;
      GPid pid;

      pid = spawn_import (fixture->base.path, fixture->feed);
      g_usleep ((gulong) delay);
      kill (pid, SIGKILL);
      status = wait_for (pid);
      g_spawn_close_pid (pid);
      finished = WIFEXITED (status);
      if (finished)
        g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      else
        g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      /* How far it got: the merge is what writes to the WAL */
      {
        g_autofree char *wal = g_strconcat (fixture->base.path, "-wal", NULL);
        GStatBuf buf;

        wal_bytes = g_stat (wal, &buf) == 0 ? (gint64) buf.st_size : 0;
      }

      assert_integrity (fixture->base.path);
      dump = dump_catalogue (fixture->base.path);
      is_old = strcmp (dump, old_dump) == 0;
      is_new = strcmp (dump, new_dump) == 0;
      g_test_message ("kill %u after %.3f s: %s, %" G_GINT64_FORMAT " bytes in the WAL; "
                      "the catalogue is %s", i + 1, delay / (double) G_USEC_PER_SEC,
                      finished ? "the import had finished" : "killed", wal_bytes,
                      is_old ? "as before" : is_new ? "the new one" : "A MIX");
      /* Never a mix: all of the old catalogue or all of the new */
      g_assert_true (is_old || is_new);
      if (finished)
        g_assert_true (is_new);
      outcomes[finished ? 2 : is_new ? 1 : 0]++;

      /* Back to the old catalogue, so the next kill has something to break */
      if (is_new)
        copy_database (fixture->pristine, fixture->base.path);
    }

  g_test_message ("%u killed with nothing changed, %u killed after the commit, %u finished",
                  outcomes[0], outcomes[1], outcomes[2]);
  /* The delays are spread over a whole import: most kills land in the middle of one */
  g_assert_cmpuint (outcomes[0], >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/import/crash/sigkill-mid-import", Fixture, NULL, fixture_setup,
              test_sigkill_mid_import, fixture_teardown);

  return g_test_run ();
}
