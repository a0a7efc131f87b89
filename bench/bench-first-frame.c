/* Time to the window's first frame with 100 000 programmes (each with an offering) and
 * 100 000 sessions in the database: the app is started with VEJVISER_BENCH_FIRST_FRAME=1 and
 * prints when it first paints, and when it first paints with the catalogue listed, with the CPU
 * time spent by then (the whole process, and its main thread alone: on a shared machine these
 * vary far less than the time on the clock). Needs a display (Xvfb). Prints
 * `BENCH <name> <value> <unit>` lines, the median of three starts.
 *
 * VEJVISER_BENCH_DB=PATH keeps the database there (made on the first run, reused after), so
 * that two builds can be measured on the same data in the same hour without a new import;
 * VEJVISER_BENCH_RUNS=N starts the app N times instead of three. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vj-bench-feed.h"
#include "vj-db.h"
#include "vj-importer.h"

static void
add_sessions (const char *path,
              guint       n)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert (sqlite3_open (path, &conn) == SQLITE_OK);
  sqlite3_exec (conn, "BEGIN;", NULL, NULL, NULL);
  g_assert (sqlite3_prepare_v2 (conn,
                                "INSERT INTO session (started_at, duration_minutes, service, form,"
                                "  notes, created_at, updated_at)"
                                " VALUES (?1, 45, 'kui', 'individual', ?2, ?1, ?1);",
                                -1, &stmt, NULL) == SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-%02u-%02uT10:00:00Z", 1 + i % 12,
                                               1 + i % 28);
      g_autofree char *notes = g_strdup_printf ("Samtale nummer %u om uddannelsesvalg", i);

      sqlite3_bind_text (stmt, 1, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, notes, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (conn, "COMMIT;", NULL, NULL, NULL);
  sqlite3_close (conn);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vejviser-bench-XXXXXX", NULL);
  const char *keep = g_getenv ("VEJVISER_BENCH_DB");
  g_autofree char *db_path = g_strdup (keep);
  g_autofree char *feed = g_build_filename (dir, "feed.xml", NULL);
  /* The app's figures, in the order printed: the name it prints, and every start's values */
  static const char * const names[] = {
    "first-frame", "first-frame-cpu", "first-frame-main-thread-cpu",
    "first-frame-with-catalogue", "first-frame-with-catalogue-cpu",
    "first-frame-with-catalogue-main-thread-cpu",
  };
  GArray *values[G_N_ELEMENTS (names)];
  guint n = 100000;
  guint runs = 3;

  if (argc < 2)
    g_error ("usage: bench-first-frame PATH-TO-VEJVISER");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("# no display: run under xvfb-run\n");
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    values[i] = g_array_new (FALSE, FALSE, sizeof (double));
  if (g_getenv ("VEJVISER_BENCH_RUNS") != NULL)
    runs = MAX (1, atoi (g_getenv ("VEJVISER_BENCH_RUNS")));
  if (db_path == NULL)
    db_path = g_build_filename (dir, "bench.db", NULL);
  if (keep == NULL || !g_file_test (keep, G_FILE_TEST_EXISTS))
    {
      g_autoptr(VjDb) db = vj_db_open (db_path, &error);
      g_autoptr(GFile) file = g_file_new_for_path (feed);
      g_autoptr(VjImportReport) report = NULL;

      g_assert_no_error (error);
      vj_bench_write_v1_feed (feed, n);
      report = vj_import_file (db, file, "file", NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      vj_db_close (db);
      add_sessions (db_path, n);
    }

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) env = g_get_environ ();
      const char *args[] = { argv[1], NULL };
      g_auto(GStrv) lines = NULL;

      env = g_environ_setenv (env, "VEJVISER_DB", db_path, TRUE);
      env = g_environ_setenv (env, "VEJVISER_BENCH_FIRST_FRAME", "1", TRUE);
      env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
      env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
      if (!g_spawn_sync (NULL, (char **) args, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                         NULL, NULL, &error))
        g_error ("%s", error->message);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char name[64];
          double ms;

          if (sscanf (lines[i], "BENCH %63s %lf ms", name, &ms) != 2)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (names); k++)
            if (g_str_equal (name, names[k]))
              g_array_append_val (values[k], ms);
          printf ("# start %u: %s\n", run + 1, lines[i]);
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *figure = g_str_has_prefix (names[k], "first-frame-with-catalogue")
        ? g_strconcat ("first-frame-with-catalogue-100000-offerings-100000-sessions",
                       names[k] + strlen ("first-frame-with-catalogue"), NULL)
        : g_strconcat ("first-frame-100000-offerings-100000-sessions",
                       names[k] + strlen ("first-frame"), NULL);

      printf ("BENCH %s %.1f ms\n", figure, median (values[k]));
      g_array_unref (values[k]);
    }

  if (keep == NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_unlink (feed);
  g_rmdir (dir);
  return 0;
}
