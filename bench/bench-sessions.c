/* The Samtaler page's first page at 100 000 sessions (VEJVISER_BENCH_SESSIONS to change it):
 * the time to compute the first page of row ids with a filter and read the rows a window
 * shows (20), as the page does — through vj_db_list_session_ids () and vj_db_load_session ().
 * Prints `BENCH <name> <value> <unit>` lines: p50 and worst of 20 runs per filter, and the
 * full id list the worker reads after the first page. Target: the first page within a frame. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "vj-db-sessions.h"
#include "vj-session-list.h"
#include "vj-store-notes.h"
#include "vj-text.h"

#define VISIBLE_ROWS 20
#define RUNS         20

static const char * const services[] = { "kui", "studievalg", "veu" };
static const char * const forms[] = { "individual", "group", "class", "evejledning",
                                      "outreach", "bridge-building" };
static const int municipalities[] = { 253, 259, 265, 269, 306, 316, 320, 326, 329, 330, 336,
                                      340, 350, 360, 370, 376, 390 };
static const char * const words[] = { "uddannelsesvalg", "gymnasium", "erhvervsuddannelse",
                                      "praktik", "pædagog", "sygeplejerske", "trivsel",
                                      "fravær", "brobygning", "økonomi" };

static void
fill (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  VjStoreConn *conn = vj_store_open (path, FALSE, &error);
  guint n_people = n / 4;

  g_assert_no_error (error);
  vj_store_begin (conn, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VjStoreStmt) person = NULL;
    g_autoptr(VjStoreStmt) session = NULL;
    g_autoptr(VjStoreStmt) link = NULL;

    person = vj_store_prepare (conn, "INSERT INTO person (reference, created_at, updated_at)"
                               " VALUES (?1, '2026-01-01', '2026-01-01');", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < n_people; i++)
      {
        g_autofree char *ref = g_strdup_printf ("P%06u", i);

        vj_store_stmt_bind_text (person, 1, ref);
        vj_store_stmt_run (person, &error);
        g_assert_no_error (error);
      }
    session = vj_store_prepare (conn,
                                "INSERT INTO session (id, started_at, duration_minutes, service,"
                                "  form, municipality, notes, created_at, updated_at)"
                                " VALUES (?1, ?2, 45, ?3, ?4, ?5, ?6, ?2, ?2);", &error);
    g_assert_no_error (error);
    link = vj_store_prepare (conn, "INSERT INTO session_person VALUES (?1, ?2);", &error);
    g_assert_no_error (error);
    for (guint i = 1; i <= n; i++)
      {
        /* Five years of sessions, a few a day */
        g_autoptr(GDateTime) base = g_date_time_new_utc (2021, 12, 1, 8, 0, 0);
        g_autoptr(GDateTime) when = g_date_time_add_minutes (base, (int) (i * 26));
        g_autofree char *started = g_date_time_format (when, "%Y-%m-%dT%H:%M");
        g_autofree char *notes = g_strdup_printf ("Samtale %u om %s og %s", i,
                                                  words[i % G_N_ELEMENTS (words)],
                                                  words[(i / 7) % G_N_ELEMENTS (words)]);
        g_autofree char *folded = vj_text_fold_for_index (notes);

        vj_store_stmt_bind_int (session, 1, i);
        vj_store_stmt_bind_text (session, 2, started);
        vj_store_stmt_bind_text (session, 3, services[i % G_N_ELEMENTS (services)]);
        vj_store_stmt_bind_text (session, 4, forms[(i / 3) % G_N_ELEMENTS (forms)]);
        vj_store_stmt_bind_int (session, 5,
                                municipalities[(i / 5) % G_N_ELEMENTS (municipalities)]);
        vj_store_stmt_bind_text (session, 6, notes);
        vj_store_stmt_run (session, &error);
        g_assert_no_error (error);
        vj_store_stmt_bind_int (link, 1, i);
        vj_store_stmt_bind_int (link, 2, 1 + (i * 7919) % n_people);
        vj_store_stmt_run (link, &error);
        g_assert_no_error (error);
        vj_store_notes_set (conn, i, folded, &error);
        g_assert_no_error (error);
      }
  }
  vj_store_commit (conn, &error);
  g_assert_no_error (error);
  vj_store_exec (conn, "ANALYZE;", &error);
  g_assert_no_error (error);
  vj_store_close (conn);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* One first page: the ids, then the rows a window shows */
static double
first_page (VjDb                 *db,
            const VjSessionQuery *query,
            guint                *n_found)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GArray) ids = vj_db_list_session_ids (db, query, 100, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < MIN (ids->len, VISIBLE_ROWS); i++)
    {
      g_autoptr(VjSessionRecord) s = vj_db_load_session (db, g_array_index (ids, gint64, i),
                                                         &error);
      g_assert_no_error (error);
    }
  *n_found = ids->len;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
measure (VjDb                 *db,
         const char           *name,
         const VjSessionQuery *query)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  guint n_found = 0;
  gint64 start;

  for (guint run = 0; run < RUNS; run++)
    {
      double ms = first_page (db, query, &n_found);
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_double);
  start = g_get_monotonic_time ();
  all = vj_db_list_session_ids (db, query, 0, NULL, &error);
  g_assert_no_error (error);
  printf ("# %s: first page %u rows, %u matches in all\n", name, n_found, all->len);
  printf ("BENCH sessions-first-page-%s-p50 %.2f ms\n", name,
          g_array_index (times, double, RUNS / 2));
  printf ("BENCH sessions-first-page-%s-worst %.2f ms\n", name,
          g_array_index (times, double, RUNS - 1));
  printf ("BENCH sessions-all-ids-%s %.2f ms\n", name,
          (g_get_monotonic_time () - start) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vejviser-bench-sessions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  const char *env = g_getenv ("VEJVISER_BENCH_SESSIONS");
  guint n = env != NULL ? (guint) atoi (env) : 100000;
  g_autoptr(VjDb) db = NULL;

  {
    g_autoptr(VjDb) empty = vj_db_open (path, &error);
    g_assert_no_error (error);
    vj_db_close (empty);
  }
  fill (path, n);
  db = vj_db_open (path, &error);
  g_assert_no_error (error);
  printf ("# %u sessions\n", n);

  {
    g_autoptr(VjSessionQuery) q = vj_session_query_new ();
    measure (db, "none", q);
    q->service = g_strdup ("kui");
    measure (db, "service", q);
    q->form = g_strdup ("group");
    q->municipality = 259;
    measure (db, "service-form-municipality", q);
  }
  {
    g_autoptr(VjSessionQuery) q = vj_session_query_new ();
    q->text = g_strdup ("paedagog");
    measure (db, "notes-search", q);
  }
  {
    g_autoptr(VjSessionQuery) q = vj_session_query_new ();
    q->person_id = 42;
    measure (db, "person", q);
  }
  {
    g_autoptr(VjSessionQuery) q = vj_session_query_new ();
    q->from = g_strdup ("2026-10-01");
    q->to = g_strdup ("2026-10-31");
    q->form = g_strdup ("outreach");
    measure (db, "period-form", q);
  }

  vj_db_close (db);
  if (g_getenv ("VEJVISER_BENCH_KEEP") != NULL)
    {
      printf ("# kept %s\n", path);
      return 0;
    }
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
