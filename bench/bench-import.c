/* Import benchmark (issue 3, item 9): synthetic XCRI-CAP feeds of 10 000 and 100 000 courses
 * (and 1 000 000 with VEJVISER_BENCH_FULL=1), written by gen-xcri, imported into a new
 * database. Each size is imported in a child process of its own, so the peak RSS it reports
 * (getrusage's ru_maxrss) is that import's alone. The baseline for 100 000 courses is measured
 * in the same run: `xmllint --stream --noout` of the feed plus the sqlite3 shell's `.import` of
 * the same rows (id, title, description) into a table with an FTS5 index.
 *
 *   bench-import GEN-XCRI [XMLLINT [SQLITE3]]
 *
 * Prints one line per figure: `BENCH <name> <value> <unit>`. Targets: 100 000 courses in at
 * most 1.3 × the baseline; peak RSS at 1 000 000 at most 1.2 × that at 100 000 and under
 * 100 MB. VEJVISER_BENCH_SIZES (comma-separated) replaces the sizes. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vj-db.h"
#include "vj-importer.h"

#define BASELINE_SIZE 100000

typedef struct
{
  double  seconds;
  long    maxrss_kb;
  guint   programmes;
  guint   offerings;
  guint   rejected;
  double  lock_seconds;   /* the write lock held by the merge */
  int     ok;
} ChildResult;

static void
bench (const char *name,
       double      value,
       const char *unit)
{
  printf ("BENCH %s %.3f %s\n", name, value, unit);
  fflush (stdout);
}

static double
now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* Runs a program to its end; returns its wall time, or a negative number when it failed. */
static double
run_timed (const char * const *argv,
           const char         *stdin_path)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start = now ();

  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_wait (process, NULL, &error))
    {
      g_printerr ("bench-import: %s: %s\n", argv[0], error->message);
      return -1;
    }
  if (!g_subprocess_get_successful (process))
    {
      g_printerr ("bench-import: %s failed\n", argv[0]);
      return -1;
    }
  return now () - start;
}

/* In a forked child: imports the feed into a new database and reports through @fd. */
static void G_GNUC_NORETURN
child_import (const char *feed,
              const char *db_path,
              int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (feed);
  g_autoptr(VjImportReport) report = NULL;
  VjImportOptions options = { 0 };
  ChildResult result = { 0 };
  struct rusage usage;
  double start;

  db = vj_db_open (db_path, &error);
  if (db == NULL)
    {
      g_printerr ("bench-import: %s\n", error->message);
      _exit (1);
    }
  /* A million courses are more than the default 1 GiB of XML */
  options.max_bytes = (guint64) 16 << 30;
  start = now ();
  report = vj_import_file (db, file, "file", &options, NULL, NULL, NULL, &error);
  result.seconds = now () - start;
  if (error != NULL)
    g_printerr ("bench-import: %s\n", error->message);
  else
    {
      result.ok = 1;
      result.programmes = report->by_kind[VJ_IMPORT_KIND_PROGRAMME].added;
      result.offerings = report->by_kind[VJ_IMPORT_KIND_OFFERING].added;
      result.rejected = report->rejected->len;
      result.lock_seconds = report->write_lock_seconds;
    }
  getrusage (RUSAGE_SELF, &usage);
  result.maxrss_kb = usage.ru_maxrss;
  if (write (fd, &result, sizeof result) != (ssize_t) sizeof result)
    _exit (1);
  close (fd);
  /* Exactly what a user's import does: the database closed as the app closes it */
  vj_db_close (db);
  _exit (0);
}

static gboolean
import_in_child (const char  *feed,
                 const char  *db_path,
                 ChildResult *result)
{
  int fds[2];
  pid_t pid;
  int status = 0;
  ssize_t n;

  if (pipe (fds) != 0)
    return FALSE;
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      close (fds[0]);
      child_import (feed, db_path, fds[1]);
    }
  close (fds[1]);
  do
    n = read (fds[0], result, sizeof *result);
  while (n < 0 && errno == EINTR);
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return n == (ssize_t) sizeof *result && result->ok && WIFEXITED (status) &&
         WEXITSTATUS (status) == 0;
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

static double
file_mb (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size / 1e6 : 0;
}

static const char baseline_script[] =
  "PRAGMA journal_mode = WAL;\n"
  "CREATE TABLE course (id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT);\n"
  ".mode csv\n"
  ".import '%s' course\n"
  "CREATE VIRTUAL TABLE course_fts USING fts5 (title, description);\n"
  "INSERT INTO course_fts (rowid, title, description)"
  " SELECT rowid, title, description FROM course;\n"
  "SELECT count(*) FROM course;\n";

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *xmllint = NULL;
  g_autofree char *sqlite3 = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *gen;
  double import_100k = -1, baseline_100k = -1;
  long rss_100k = 0, rss_1m = 0;
  int failures = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-import GEN-XCRI [XMLLINT [SQLITE3]]\n");
      return 2;
    }
  gen = argv[1];
  xmllint = argc > 2 && argv[2][0] != '\0' ? g_strdup (argv[2]) : g_find_program_in_path ("xmllint");
  sqlite3 = argc > 3 && argv[3][0] != '\0' ? g_strdup (argv[3]) : g_find_program_in_path ("sqlite3");

  if (g_getenv ("VEJVISER_BENCH_SIZES") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (g_getenv ("VEJVISER_BENCH_SIZES"), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint n = (guint) g_ascii_strtoull (parts[i], NULL, 10);
          if (n > 0)
            g_array_append_val (sizes, n);
        }
    }
  else
    {
      static const guint defaults[] = { 10000, 100000, 1000000 };
      gboolean full = g_strcmp0 (g_getenv ("VEJVISER_BENCH_FULL"), "1") == 0;

      g_array_append_vals (sizes, defaults, full ? 3 : 2);
    }

  dir = g_dir_make_tmp ("vejviser-bench-import-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-import: %s\n", error->message);
      return 1;
    }

  for (guint s = 0; s < sizes->len; s++)
    {
      guint n = g_array_index (sizes, guint, s);
      g_autofree char *n_text = g_strdup_printf ("%u", n);
      g_autofree char *feed = g_strdup_printf ("%s/feed-%u.xml", dir, n);
      g_autofree char *csv = g_strdup_printf ("%s/feed-%u.csv", dir, n);
      g_autofree char *db_path = g_strdup_printf ("%s/import-%u.db", dir, n);
      g_autofree char *name = NULL;
      gboolean baseline = n == BASELINE_SIZE;
      const char *gen_argv[] = { gen, n_text, feed, baseline ? csv : NULL, NULL };
      ChildResult result = { 0 };

      if (run_timed (gen_argv, NULL) < 0)
        {
          failures++;
          continue;
        }
      name = g_strdup_printf ("feed-size-%u", n);
      bench (name, file_mb (feed), "MB");

      if (!import_in_child (feed, db_path, &result))
        {
          g_printerr ("bench-import: the import of %u courses failed\n", n);
          failures++;
        }
      else
        {
          if (result.programmes != n)
            {
              g_printerr ("bench-import: %u of %u courses imported\n", result.programmes, n);
              failures++;
            }
          g_free (name);
          name = g_strdup_printf ("import-time-%u", n);
          bench (name, result.seconds, "s");
          g_free (name);
          name = g_strdup_printf ("import-rate-%u", n);
          bench (name, n / result.seconds, "courses/s");
          g_free (name);
          name = g_strdup_printf ("import-peak-rss-%u", n);
          bench (name, result.maxrss_kb / 1024.0, "MB");
          g_free (name);
          name = g_strdup_printf ("database-size-%u", n);
          bench (name, file_mb (db_path), "MB");
          g_free (name);
          name = g_strdup_printf ("import-write-lock-%u", n);
          bench (name, result.lock_seconds, "s");
          /* The same feed again: an update import, every course compared. How long it keeps
           * a counsellor's save waiting (issue 17) */
          {
            ChildResult update = { 0 };

            g_free (name);
            name = g_strdup_printf ("update-import-write-lock-%u", n);
            if (import_in_child (feed, db_path, &update))
              bench (name, update.lock_seconds, "s");
            else
              {
                g_printerr ("bench-import: the update import of %u courses failed\n", n);
                failures++;
              }
          }
          if (baseline)
            {
              import_100k = result.seconds;
              rss_100k = result.maxrss_kb;
            }
          if (n == 1000000)
            rss_1m = result.maxrss_kb;
        }
      remove_database (db_path);

      if (baseline && xmllint != NULL && sqlite3 != NULL)
        {
          g_autofree char *base_db = g_strdup_printf ("%s/baseline-%u.db", dir, n);
          g_autofree char *script_path = g_strdup_printf ("%s/baseline.sql", dir);
          g_autofree char *script = g_strdup_printf (baseline_script, csv);
          const char *xmllint_argv[] = { xmllint, "--stream", "--noout", feed, NULL };
          const char *sqlite3_argv[] = { sqlite3, "-batch", base_db, NULL };
          double xml_s, sql_s;

          g_file_set_contents (script_path, script, -1, NULL);
          remove_database (base_db);
          xml_s = run_timed (xmllint_argv, NULL);
          sql_s = run_timed (sqlite3_argv, script_path);
          if (xml_s < 0 || sql_s < 0)
            failures++;
          else
            {
              baseline_100k = xml_s + sql_s;
              bench ("baseline-xmllint-stream-100000", xml_s, "s");
              bench ("baseline-sqlite3-import-fts5-100000", sql_s, "s");
              bench ("baseline-total-100000", baseline_100k, "s");
            }
          remove_database (base_db);
          g_remove (script_path);
        }
      else if (baseline)
        g_printerr ("bench-import: no xmllint or sqlite3: no baseline\n");
      g_remove (csv);
      g_remove (feed);
    }

  if (import_100k > 0 && baseline_100k > 0)
    /* The target is at most 1.3 */
    bench ("import-vs-baseline-100000", import_100k / baseline_100k, "x");
  if (rss_100k > 0 && rss_1m > 0)
    /* The target is at most 1.2 (and under 100 MB at 1 000 000) */
    bench ("peak-rss-1000000-vs-100000", (double) rss_1m / rss_100k, "x");

  g_rmdir (dir);
  return failures > 0 ? 1 : 0;
}
