#define G_LOG_DOMAIN "test-sessions-csv"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-csv.h"
#include "vj-dates.h"
#include "vj-db-private.h"
#include "vj-db-sessions-csv.h"
#include "vj-db-sessions.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

/* The guidance log in and out of spreadsheets: CSV quoting, delimiters and encodings, Danish
 * dates, per-row errors, CPR-like content refused, an import–export round trip, the CLI's
 * files; and a draft that survives its process being killed. */

typedef VjTestFixture Fixture;

static const char *
field (GPtrArray *rows,
       guint      row,
       guint      column)
{
  VjCsvRow *r = rows->pdata[row];

  g_assert_cmpuint (column, <, r->fields->len);
  return r->fields->pdata[column];
}

/* ----- CSV itself ----- */

static void
test_quoting_round_trip (void)
{
  const char *values[] = { "plain", "a;semicolon", "a,comma", "say \"hi\"", "two\nlines",
                           "æøå ÆØÅ", "", " edge ", "crlf\r\ninside" };
  g_autoptr(GString) out = g_string_new (NULL);

  for (char delimiter = ';'; delimiter != 0; delimiter = delimiter == ';' ? ',' : 0)
    {
      g_autoptr(VjCsvFile) file = NULL;

      g_string_truncate (out, 0);
      vj_csv_append_row (out, values, G_N_ELEMENTS (values), delimiter);
      vj_csv_append_row (out, values, G_N_ELEMENTS (values), delimiter);
      g_assert_cmpint (vj_csv_detect_delimiter (out->str, out->len), ==, delimiter);
      file = vj_csv_read (out->str, out->len);
      g_assert_cmpint (file->delimiter, ==, delimiter);
      g_assert_cmpuint (file->rows->len, ==, 2);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_assert_cmpstr (field (file->rows, 0, i), ==, values[i]);
          g_assert_cmpstr (field (file->rows, 1, i), ==, values[i]);
        }
      g_assert_cmpuint (((VjCsvRow *) file->rows->pdata[1])->row, ==, 2);
    }

  /* A quoted delimiter must be quoted when written */
  g_string_truncate (out, 0);
  vj_csv_append_field (out, "a;b", ';');
  g_assert_cmpstr (out->str, ==, "\"a;b\"");
}

/* OWASP's CSV injection: a cell a spreadsheet would run as a formula gets a single quote in
 * front; reading takes exactly that quote off again */
static void
test_formula_neutralised (void)
{
  struct { const char *value, *written; } cases[] = {
    { "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
    { "=HYPERLINK(\"http://x\";\"klik\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\"" },
    { "+45 12 34 56 78", "'+45 12 34 56 78" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tTAB", "'\tTAB" },
    { "\rCR", "\"'\rCR\"" },
    { "'=already", "''=already" },
    { "''-twice", "'''-twice" },
    { "'plain quote", "'plain quote" },
    { "Om EUD = godt", "Om EUD = godt" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(VjCsvFile) file = NULL;
      g_autofree char *back = NULL;

      vj_csv_append_field (out, cases[i].value, ';');
      g_assert_cmpstr (out->str, ==, cases[i].written);
      g_string_prepend (out, "x;");
      file = vj_csv_read (out->str, out->len);
      back = vj_csv_unneutralise (field (file->rows, 0, 1));
      g_assert_cmpstr (back, ==, cases[i].value);
    }
}

static void
test_encodings (void)
{
  g_autoptr(VjCsvFile) bom = vj_csv_read ("\xEF\xBB\xBF" "Køge;x", 10);
  g_autoptr(VjCsvFile) latin = vj_csv_read ("K\xF8ge;\x80", 6);

  g_assert_cmpstr (field (bom->rows, 0, 0), ==, "Køge");
  g_assert_false (bom->windows_1252);
  g_assert_cmpstr (field (latin->rows, 0, 0), ==, "Køge");
  g_assert_cmpstr (field (latin->rows, 0, 1), ==, "€");
  g_assert_true (latin->windows_1252);
  g_assert_false (latin->mixed);
}

static void
test_danish_dates (void)
{
  struct { const char *in, *out; } cases[] = {
    { "27-11-2026", "2026-11-27" }, { "1.2.2026", "2026-02-01" }, { "01/02/2026", "2026-02-01" },
    { "2026-11-27", "2026-11-27" }, { "29-02-2024", "2024-02-29" }, { "29-02-2026", NULL },
    { "32-01-2026", NULL }, { "27-11", NULL }, { "i morgen", NULL }, { "", NULL },
    /* found by fuzz-csv: a day of 271 passed as the 15th (GDateDay is 8 bits) */
    { "271-11-2026", NULL }, { "2026-11-271", NULL }, { "28-269-2026", NULL },
    { "0028-11-2026", NULL }, { "2026-11-27T10:00", "2026-11-27" },
    { "2026-11-27 10:00", "2026-11-27" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parsed = vj_date_parse_danish (cases[i].in);

      g_assert_cmpstr (parsed, ==, cases[i].out);
    }
}

/* ----- import and export ----- */

static VjSessionImport *
import (Fixture    *f,
        const char *csv,
        gssize      length)
{
  g_autoptr(GError) error = NULL;
  VjSessionImport *report = vj_db_import_sessions_csv (f->db, csv,
                                                       length < 0 ? strlen (csv) : (gsize) length,
                                                       &error);

  g_assert_no_error (error);
  return report;
}

static void
test_import_rows (Fixture       *f,
                  gconstpointer  data)
{
  const char *csv =
    "Dato,Tid,Form,Tilbud,Kommune,Personer,Noter,Næste skridt\n"
    "27-11-2026,10:00,individuel,UU/KUI,Køge,AB,\"Om EUD, og \"\"HHX\"\"\",05-12-2026: Besøg\n"
    "not a date,10:00,individuel,,,CD,,\n"
    "28-11-2026,10:00,telepati,,,CD,,\n"
    "28-11-2026,10:00,gruppe,,,\"CD, EF\",CPR 0102031234 nævnt,\n"
    "\n"
    "1.12.2026,,kollektiv,VEU,259,,Klassebesøg,\n";
  g_autoptr(VjSessionImport) report = import (f, csv, -1);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  VjSessionRecord *s;

  g_assert_cmpint (report->delimiter, ==, ',');
  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 3);
  g_assert_cmpuint (((VjCsvIssue *) report->rejected->pdata[0])->row, ==, 3);
  g_assert_cmpuint (((VjCsvIssue *) report->rejected->pdata[1])->row, ==, 4);
  g_assert_cmpuint (((VjCsvIssue *) report->rejected->pdata[2])->row, ==, 5);
  /* The reason never repeats the CPR-like content */
  g_assert_null (strstr (((VjCsvIssue *) report->rejected->pdata[2])->message, "0102031234"));

  sessions = vj_db_export_sessions (f->db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  s = sessions->pdata[0];
  g_assert_cmpstr (s->started_at, ==, "2026-11-27T10:00");
  g_assert_cmpstr (s->form, ==, "individual");
  g_assert_cmpstr (s->service, ==, "kui");
  g_assert_cmpint (s->municipality, ==, 259);
  g_assert_cmpstr (s->notes, ==, "Om EUD, og \"HHX\"");
  g_assert_cmpstr (((VjNextStep *) s->next_steps->pdata[0])->due, ==, "2026-12-05");
  g_assert_cmpstr (((VjNextStep *) s->next_steps->pdata[0])->text, ==, "Besøg");
  s = sessions->pdata[1];
  g_assert_cmpstr (s->started_at, ==, "2026-12-01T00:00");
  g_assert_cmpstr (s->form, ==, "class");
}

/* Watches the database's writing lock as another process would, every millisecond, until
 * told to stop; adds up how long a Vejviser write transaction held it */
typedef struct
{
  const char *path;
  gint        stop;
  gint64      held_us;
} LockProbe;

static gpointer
probe_thread (gpointer data)
{
  LockProbe *probe = data;
  gint64 last = g_get_monotonic_time ();

  while (!g_atomic_int_get (&probe->stop))
    {
      gboolean held = _vj_db_held_by_vejviser (probe->path);
      gint64 now = g_get_monotonic_time ();

      if (held)
        probe->held_us += now - last;
      last = now;
      g_usleep (1000);
    }
  return NULL;
}

/* A sessions import reads, parses and checks every row (CPR numbers included) before its write
 * transaction, which only inserts; the one guard left inside refuses a CPR number that reaches
 * vj_db_save_sessions () some other way, with nothing saved. How long the lock was held is
 * printed to compare (no timed assertion). */
static void
test_import_lock_short (Fixture       *f,
                        gconstpointer  data)
{
  const guint n = 2000;
  g_autoptr(GString) csv = g_string_new ("Dato;Tid;Form;Tilbud;Kommune;Personer;Noter;"
                                         "Næste skridt\n");
  g_autoptr(VjSessionImport) report = NULL;
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vj_session_record_free);
  g_autoptr(GError) error = NULL;
  LockProbe probe = { .path = f->path };
  VjSessionRecord *s;
  GThread *thread;
  gint64 start;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%02u-11-2026;10:00;individuel;UU/KUI;Køge;P%u;"
                            "Talte om EUD og gymnasiet, række %u;05-12-2026: Besøg\n",
                            1 + i % 28, i, i);
  thread = g_thread_new ("probe", probe_thread, &probe);
  start = g_get_monotonic_time ();
  report = import (f, csv->str, csv->len);
  g_atomic_int_set (&probe.stop, 1);
  g_thread_join (thread);
  g_test_message ("%u rows imported in %.0f ms; the write lock held about %.0f ms of it",
                  report->imported, (g_get_monotonic_time () - start) / 1000.0,
                  probe.held_us / 1000.0);
  g_assert_cmpuint (report->imported, ==, n);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpint (vj_test_query_int (f->path, "SELECT count (*) FROM session;"), ==, n);

  s = vj_session_record_new ();
  s->started_at = g_strdup ("2026-12-01T10:00");
  g_ptr_array_add (records, s);
  s = vj_session_record_new ();
  s->started_at = g_strdup ("2026-12-01T11:00");
  s->notes = g_strdup ("cpr 010203-1234");
  g_ptr_array_add (records, s);
  g_assert_false (vj_db_save_sessions (f->db, records, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
  g_assert_null (strstr (error->message, "010203"));
  g_assert_cmpint (vj_test_query_int (f->path, "SELECT count (*) FROM session;"), ==, n);
}

static void
test_no_header (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjSessionImport) report = vj_db_import_sessions_csv (f->db, "a;b\n1;2\n", 8, &error);

  g_assert_null (report);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  /* Windows-1252, semicolons, a BOM-less file as Excel writes it */
  const char *csv =
    "dato;tid;varighed;vejleder;tilbud;form;kommune;personer;klasse;antal;emner;upv;noter;"
    "n\xE6ste skridt;opf\xF8lgning\r\n"
    "27-11-2026;10:00;45;Mette;Studievalg;gruppe;Roskilde;\xC6\xD8, \xC5" "B;;;uddannelsesvalg, "
    "sommerjob;uddannelsesparat;\"Linje 1; med semikolon\r\nLinje 2 med \"\"citat\"\" og "
    "\xE6\xF8\xE5\";05-12-2026: Ring | Send link;10-12-2026\r\n"
    "28-11-2026;08:15;90;;VEU;kollektiv;;;8.b;24;;;;;\r\n";
  g_autoptr(VjSessionImport) first = import (f, csv, -1);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) exported = NULL;
  g_autoptr(GString) exported_again = NULL;
  g_autoptr(VjSessionImport) second = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(VjDb) other = NULL;
  VjSessionRecord *s;

  g_assert_true (first->windows_1252);
  g_assert_cmpuint (first->imported, ==, 2);
  g_assert_cmpuint (first->rejected->len, ==, 0);
  before = vj_db_export_sessions (f->db, NULL, NULL, &error);
  s = before->pdata[0];
  g_assert_cmpstr (s->notes, ==, "Linje 1; med semikolon\r\nLinje 2 med \"citat\" og æøå");
  g_assert_cmpuint (s->people->len, ==, 2);
  g_assert_cmpuint (s->next_steps->len, ==, 2);
  g_assert_cmpstr (s->upv_status, ==, "ready");

  exported = vj_db_export_sessions_csv (f->db, before, &error);
  g_assert_true (g_str_has_prefix (exported->str, VJ_CSV_BOM "dato;tid;"));

  /* Into a fresh database and out again: the same file */
  other = vj_db_open (other_path, &error);
  g_assert_no_error (error);
  second = vj_db_import_sessions_csv (other, exported->str, exported->len, &error);
  g_assert_no_error (error);
  g_assert_false (second->windows_1252);
  g_assert_cmpuint (second->imported, ==, 2);
  after = vj_db_export_sessions (other, NULL, NULL, &error);
  exported_again = vj_db_export_sessions_csv (other, after, &error);
  g_assert_cmpstr (exported_again->str, ==, exported->str);
  vj_db_close (other);

  /* A period */
  g_clear_pointer (&after, g_ptr_array_unref);
  after = vj_db_export_sessions (f->db, "2026-11-28", "2026-11-28", &error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (((VjSessionRecord *) after->pdata[0])->head_count, ==, 24);
}

static void
test_cli_export_private (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->dir, "in.csv", NULL);
  g_autofree char *out_path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *json_path = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GStatBuf st;

  vj_db_close (f->db);
  g_clear_object (&f->db);
  g_file_set_contents (csv_path, "dato;personer;noter\n27-11-2026;AB;Hej\n2-12-2026;CD;ok\n"
                       "3-12-2026;EF;010203-1234\n", -1, &error);

  {
    out = vj_test_run_cli (f->path, &status, &err, "sessions", "import", csv_path, "--json",
                           NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "\"imported\" : 2"));
    g_assert_nonnull (strstr (out, "\"row\" : 4"));
    g_assert_null (strstr (out, "010203"));
  }
  {
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = vj_test_run_cli (f->path, &status, &err, "sessions", "export", "--csv", "--from",
                           "1-12-2026", "--output", out_path, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpint (g_stat (out_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_file_get_contents (out_path, &contents, NULL, &error);
    g_assert_true (g_str_has_prefix (contents, VJ_CSV_BOM));
    g_assert_nonnull (strstr (contents, "02-12-2026;"));
    g_assert_null (strstr (contents, "27-11-2026"));
  }
  {
    g_autofree char *ignored = NULL;

    g_clear_pointer (&contents, g_free);
    ignored = vj_test_run_cli (f->path, &status, NULL, "sessions", "export", "--json", "--output",
                               json_path, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpint (g_stat (json_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_file_get_contents (json_path, &contents, NULL, &error);
    g_assert_nonnull (strstr (contents, "\"reference\" : \"AB\""));
  }
  {
    /* --output naming a symbolic link: refused, said plainly, its target as it was */
    g_autofree char *target = g_build_filename (f->dir, "target.txt", NULL);
    g_autofree char *link = g_build_filename (f->dir, "link.csv", NULL);
    g_autofree char *kept = NULL;

    g_assert_true (g_file_set_contents (target, "andres fil", -1, NULL));
    g_assert_cmpint (g_chmod (target, 0644), ==, 0);
    g_assert_cmpint (symlink (target, link), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = vj_test_run_cli (f->path, &status, &err, "sessions", "export", "--csv", "--output", link,
                           NULL);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "symbolic link"));
    g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "andres fil");
    g_assert_cmpint (g_stat (target, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  }
  {
    /* Personal data goes to a named file only */
    g_autofree char *ignored = vj_test_run_cli (f->path, &status, NULL, "sessions", "export",
                                                "--csv", NULL);

    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

/* OWASP's CSV injection, in the sessions export: a counsellor, notes, a reference or a next
 * step beginning with =, +, -, @ or a tab is written with a quote before it, and sessions
 * import reads it back as it was */
static void
test_export_formula_safe (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VjSessionRecord) s = vj_session_record_new ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) exported = NULL;
  g_autoptr(VjSessionImport) report = NULL;
  g_autoptr(VjCsvFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(VjDb) other = NULL;
  VjPersonRecord *p = vj_person_record_new ();
  VjSessionRecord *back;
  VjCsvRow *row;

  s->started_at = g_strdup ("2026-11-27T10:00");
  s->form = g_strdup ("individual");
  s->counsellor = g_strdup ("=cmd|' /C calc'!A0");
  s->notes = g_strdup ("=HYPERLINK(\"http://example.com/x\";\"Klik\")");
  s->class_label = g_strdup ("'@already quoted");
  p->reference = g_strdup ("+AB");
  g_ptr_array_add (s->people, p);
  g_ptr_array_add (s->topics, g_strdup ("-tag"));
  g_ptr_array_add (s->next_steps, vj_next_step_new ("\tRing", NULL));
  g_assert_cmpint (vj_db_save_session (f->db, s, &error), >, 0);
  g_assert_no_error (error);

  before = vj_db_export_sessions (f->db, NULL, NULL, &error);
  exported = vj_db_export_sessions_csv (f->db, before, &error);
  /* No cell a spreadsheet would run */
  file = vj_csv_read (exported->str, exported->len);
  g_assert_cmpuint (file->rows->len, ==, 2);
  row = file->rows->pdata[1];
  for (guint i = 0; i < row->fields->len; i++)
    {
      const char *cell = row->fields->pdata[i];

      if (strchr ("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0')
        g_error ("a spreadsheet would run cell %u: %s", i, cell);
    }
  g_assert_nonnull (strstr (exported->str, ";'=cmd|' /C calc'!A0;"));
  g_assert_nonnull (strstr (exported->str, "\"'=HYPERLINK("));
  g_assert_nonnull (strstr (exported->str, ";'+AB;"));
  g_assert_nonnull (strstr (exported->str, ";''@already quoted;"));

  /* Read back unchanged */
  other = vj_db_open (other_path, &error);
  g_assert_no_error (error);
  report = vj_db_import_sessions_csv (other, exported->str, exported->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 1);
  after = vj_db_export_sessions (other, NULL, NULL, &error);
  back = after->pdata[0];
  g_assert_cmpstr (back->counsellor, ==, s->counsellor);
  g_assert_cmpstr (back->notes, ==, s->notes);
  g_assert_cmpstr (back->class_label, ==, s->class_label);
  g_assert_cmpstr (((VjPersonRecord *) back->people->pdata[0])->reference, ==, "+AB");
  g_assert_cmpstr (back->topics->pdata[0], ==, "-tag");
  g_assert_cmpstr (((VjNextStep *) back->next_steps->pdata[0])->text, ==, "Ring");
  vj_db_close (other);
}

static void
assert_rejected (VjSessionImport *report,
                 guint            index,
                 guint            row,
                 const char      *words)
{
  VjCsvIssue *issue;

  g_assert_cmpuint (index, <, report->rejected->len);
  issue = report->rejected->pdata[index];
  if (issue->row != row || strstr (issue->message, words) == NULL)
    g_error ("rejected %u: row %u “%s”, expected row %u with “%s”", index, issue->row,
             issue->message, row, words);
}

/* Nothing dropped silently: a NUL byte, an unterminated quote, a quote closed only by the next
 * row, an over-long field; each reported with its row, and imported plus reported is the number
 * of records (a quoted field spanning lines is one record) */
static void
test_import_never_drops (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("dato;personer;noter\r\n");
  g_autoptr(VjSessionImport) report = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (VJ_CSV_MAX_FIELD + 1, 'x');

  g_string_append (csv, "01-12-2026;AA;\"to\r\nlinjer\"\r\n");            /* row 2: imported */
  g_string_append (csv, "02-12-2026;AB;f\xC3\xB8r");                       /* row 3: NUL */
  g_string_append_len (csv, "\0", 1);
  g_string_append (csv, "efter\r\n");
  g_string_append (csv, "03-12-2026;AC;ok\r\n");                           /* row 4: imported */
  g_string_append (csv, "04-12-2026;AD;\"citat uden slut\r\n");            /* row 5: quote */
  g_string_append (csv, "05-12-2026;AE;\"ny\" r\xC3\xA6kke\r\n");          /* row 6: imported */
  g_string_append_printf (csv, "06-12-2026;AF;%s\r\n", big);               /* row 7: too long */
  g_string_append (csv, "07-12-2026;AG;sidste\r\n");                       /* row 8: imported */
  g_string_append (csv, "08-12-2026;AH;\"aldrig lukket\r\n");              /* row 9: quote */
  g_string_append (csv, "09-12-2026;AI;efter alt");                        /* row 10: imported */

  report = vj_db_import_sessions_csv (f->db, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 9);
  g_assert_cmpuint (report->imported, ==, 5);
  g_assert_cmpuint (report->imported + report->rejected->len, ==, report->records);
  assert_rejected (report, 0, 3, "NUL");
  assert_rejected (report, 1, 5, "quote");
  assert_rejected (report, 2, 7, "64 KiB");
  assert_rejected (report, 3, 9, "never closed");

  sessions = vj_db_export_sessions (f->db, NULL, NULL, &error);
  g_assert_cmpuint (sessions->len, ==, 5);
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[0])->notes, ==, "to\r\nlinjer");
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[2])->notes, ==, "ny række");
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[4])->notes, ==, "efter alt");
}

/* One Windows-1252 row in a UTF-8 file: read as Windows-1252 with a note naming its row; the
 * rest stays UTF-8 (no mojibake) */
static void
test_import_mixed_encodings (Fixture       *f,
                             gconstpointer  data)
{
  const char *csv =
    "dato;personer;noter\n"
    "01-12-2026;AA;Køge og Næstved\n"
    "02-12-2026;AB;K\xF8ge \x80 100\n"
    "03-12-2026;AC;Århus\n";
  g_autoptr(VjSessionImport) report = import (f, csv, -1);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (report->windows_1252);
  g_assert_cmpuint (report->imported, ==, 3);
  g_assert_cmpuint (report->notes->len, ==, 1);
  g_assert_cmpuint (((VjCsvIssue *) report->notes->pdata[0])->row, ==, 3);
  g_assert_nonnull (strstr (((VjCsvIssue *) report->notes->pdata[0])->message, "Windows-1252"));
  sessions = vj_db_export_sessions (f->db, NULL, NULL, &error);
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[0])->notes, ==, "Køge og Næstved");
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[1])->notes, ==, "Køge € 100");
  g_assert_cmpstr (((VjSessionRecord *) sessions->pdata[2])->notes, ==, "Århus");
}

/* A 64 MiB cell is refused without reading it all into memory many times over: the field is
 * capped as it is read */
static void
test_import_huge_field (Fixture       *f,
                        gconstpointer  data)
{
  gsize size = 8 * 1024 * 1024;
  g_autoptr(GString) csv = g_string_sized_new (size + 100);
  g_autoptr(VjCsvFile) file = NULL;
  g_autoptr(VjSessionImport) report = NULL;
  g_autoptr(GError) error = NULL;
  VjCsvRow *row;

  g_string_append (csv, "dato;noter\n01-12-2026;\"");
  for (gsize i = 0; i < size; i++)
    g_string_append_c (csv, 'y');
  g_string_append (csv, "\"\n02-12-2026;ok\n");
  file = vj_csv_read (csv->str, csv->len);
  g_assert_cmpuint (file->rows->len, ==, 3);
  row = file->rows->pdata[1];
  g_assert_cmpint (row->problem, ==, VJ_CSV_FIELD_TOO_LONG);
  g_assert_cmpuint (row->fields->len, ==, 0);
  report = vj_db_import_sessions_csv (f->db, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 1);
  g_assert_cmpuint (report->rejected->len, ==, 1);
}

/* The CLI says how many records the file held and which were not imported */
static void
test_cli_import_counts (Fixture       *f,
                        gconstpointer  data)
{
  const char *cli = g_getenv ("VEJVISER_CLI");
  g_autofree char *csv_path = g_build_filename (f->dir, "in.csv", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("VEJVISER_CLI not set");
      return;
    }
  vj_db_close (f->db);
  g_clear_object (&f->db);
  g_file_set_contents (csv_path, "dato;personer;noter\n27-11-2026;AB;Hej\n28-11-2026;CD;\"a\0b\"\n"
                       "29-11-2026;EF;ok\n", 75, &error);
  {
    const char *argv[] = { cli, "--db", f->path, "sessions", "import", csv_path, "--json", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "\"records\" : 3"));
    g_assert_nonnull (strstr (out, "\"imported\" : 2"));
    g_assert_nonnull (strstr (out, "\"row\" : 3"));
  }
}

/* ----- a draft survives a kill ----- */

static void
test_draft_survives_kill (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  VjDraft *draft;

  if (g_test_subprocess ())
    {
      const char *path = g_getenv ("VEJVISER_TEST_DB");
      g_autoptr(VjDb) db = vj_db_open (path, &error);
      g_autoptr(VjSessionRecord) s = vj_session_record_new ();
      VjPersonRecord *p = vj_person_record_new ();

      s->started_at = g_strdup ("2026-11-27T10:00");
      s->form = g_strdup ("individual");
      s->notes = g_strdup ("Skrevet lige før strømmen gik");
      p->reference = g_strdup ("ZQ");
      g_ptr_array_add (s->people, p);
      vj_db_save_draft_async (db, 0, s, NULL, NULL, NULL);
      /* The editor returns to typing; the process dies before any clean shutdown */
      g_usleep (G_USEC_PER_SEC / 2);
      kill (getpid (), SIGKILL);
      return;
    }

  vj_db_close (f->db);
  g_clear_object (&f->db);
  g_setenv ("VEJVISER_TEST_DB", f->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  f->db = vj_db_open (f->path, &error);
  g_assert_no_error (error);
  drafts = vj_db_list_drafts (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = drafts->pdata[0];
  g_assert_cmpstr (draft->session->notes, ==, "Skrevet lige før strømmen gik");
  g_assert_cmpstr (((VjPersonRecord *) draft->session->people->pdata[0])->reference, ==, "ZQ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/csv/quoting-round-trip", test_quoting_round_trip);
  g_test_add_func ("/model/csv/formula-neutralised", test_formula_neutralised);
  g_test_add_func ("/model/csv/encodings", test_encodings);
  g_test_add_func ("/model/dates/danish", test_danish_dates);
  g_test_add ("/db/sessions-csv/import-rows", Fixture, NULL, vj_test_fixture_setup, test_import_rows,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/no-header", Fixture, NULL, vj_test_fixture_setup, test_no_header,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/round-trip", Fixture, NULL, vj_test_fixture_setup, test_round_trip,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/export-formula-safe", Fixture, NULL, vj_test_fixture_setup,
              test_export_formula_safe, vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/import-never-drops", Fixture, NULL, vj_test_fixture_setup,
              test_import_never_drops, vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/import-mixed-encodings", Fixture, NULL, vj_test_fixture_setup,
              test_import_mixed_encodings, vj_test_fixture_teardown);
  g_test_add ("/db/sessions-csv/import-huge-field", Fixture, NULL, vj_test_fixture_setup,
              test_import_huge_field, vj_test_fixture_teardown);
  g_test_add ("/cli/sessions/import-counts", Fixture, NULL, vj_test_fixture_setup,
              test_cli_import_counts, vj_test_fixture_teardown);
  g_test_add ("/cli/sessions/export-private", Fixture, NULL, vj_test_fixture_setup,
              test_cli_export_private, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/import-lock-short", Fixture, NULL, vj_test_fixture_setup,
              test_import_lock_short, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/draft-survives-kill", Fixture, NULL, vj_test_fixture_setup,
              test_draft_survives_kill, vj_test_fixture_teardown);

  return g_test_run ();
}
