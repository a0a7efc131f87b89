#define G_LOG_DOMAIN "vj-db-sessions-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vj-cpr.h"
#include "vj-csv.h"
#include "vj-dates.h"
#include "vj-db-private.h"
#include "vj-db-sessions-csv.h"
#include "vj-db-sessions-private.h"
#include "vj-db-sessions.h"
#include "vj-session-list.h"
#include "vj-store.h"
#include "vj-text.h"

/* Columns, in export order. Import finds them by header (any case, any order); only "dato" is
 * required. Lists inside a cell: people and topics by commas, programmes and next steps by
 * " | ", a next step optionally "dd-mm-yyyy: text". Codes are written as the Danish words a
 * counsellor uses, so the file reads the same whatever language the app runs in. */

enum {
  COL_DATE, COL_TIME, COL_DURATION, COL_COUNSELLOR, COL_SERVICE, COL_FORM, COL_MUNICIPALITY,
  COL_PEOPLE, COL_CLASS, COL_HEAD_COUNT, COL_TOPICS, COL_PROGRAMMES, COL_UPV, COL_NOTES,
  COL_NEXT_STEPS, COL_FOLLOW_UP, N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "dato", "tid", "varighed", "vejleder", "tilbud", "form", "kommune", "personer", "klasse",
  "antal", "emner", "uddannelser", "upv", "noter", "næste skridt", "opfølgning",
};

/* The Danish word for each code (DOMAIN.md), written and read whatever the locale */
static const VjCode danish[] = {
  { "kui", "UU/KUI" }, { "studievalg", "Studievalg" }, { "veu", "VEU" },
  { "individual", "individuel" }, { "group", "gruppe" }, { "class", "kollektiv" },
  { "evejledning", "eVejledning" }, { "outreach", "opsøgende" },
  { "bridge-building", "brobygning/introduktion" },
  { "ready", "uddannelsesparat" }, { "partly", "uddannelsesparat til nogle uddannelser" },
  { "other", "parat til andre uddannelsesaktiviteter" }, { "pending", "ikke vurderet" },
  { "choice", "uddannelsesvalg" }, { "readiness", "uddannelsesparathed" },
  { "plan", "uddannelsesplan" }, { "admission", "optagelse" }, { "work", "job og praktik" },
  { "dropout", "frafald" }, { "wellbeing", "trivsel" }, { "finance", "SU og økonomi" },
  { "prior-learning", "realkompetence" }, { "continuing", "efteruddannelse" },
};

/* More words a spreadsheet may use for the same code */
static const VjCode aliases[] = {
  { "kui", "UU" }, { "kui", "KUI" }, { "class", "klasse" }, { "group", "gruppevejledning" },
  { "individual", "individuel vejledning" }, { "bridge-building", "brobygning" },
  { "bridge-building", "introduktion" }, { "outreach", "opsoegende" },
};

void
vj_session_import_free (VjSessionImport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->rejected);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

static void
issue_free (VjCsvIssue *issue)
{
  g_free (issue->message);
  g_free (issue);
}

static void
add_issue (GPtrArray  *issues,
           guint       row,
           char       *message)
{
  VjCsvIssue *issue = g_new0 (VjCsvIssue, 1);

  issue->row = row;
  issue->message = message;
  g_ptr_array_add (issues, issue);
}

/* Returns: the Danish word for @code among @codes, or @code itself */
const char *
vj_session_csv_danish_name (const VjCode *codes,
                            guint         n,
                            const char   *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (danish); i++)
    if (g_strcmp0 (danish[i].code, code) == 0)
      for (guint j = 0; j < n; j++)
        if (g_strcmp0 (codes[j].code, code) == 0)
          return danish[i].name;
  return code;
}

/* A code of @codes from its code, Danish word, alias, English or translated name */
static const char *
parse_code (const VjCode *codes,
            guint         n,
            const char   *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  const char *code = vj_code_parse (codes, n, text);

  if (code != NULL)
    return code;
  for (guint pass = 0; pass < 2; pass++)
    {
      const VjCode *table = pass == 0 ? danish : aliases;
      guint len = pass == 0 ? G_N_ELEMENTS (danish) : G_N_ELEMENTS (aliases);

      for (guint i = 0; i < len; i++)
        {
          g_autofree char *name = g_utf8_casefold (table[i].name, -1);

          if (g_strcmp0 (name, folded) == 0 && vj_code_name (codes, n, table[i].code) != NULL)
            return table[i].code;
        }
    }
  return NULL;
}

static int
find_column (VjCsvRow   *header,
             const char *name)
{
  for (guint i = 0; i < header->fields->len; i++)
    {
      g_autofree char *folded = g_utf8_casefold (g_strstrip ((char *) header->fields->pdata[i]),
                                                 -1);
      g_autofree char *underscored = g_strdelimit (g_strdup (folded), "_", ' ');

      if (g_strcmp0 (folded, name) == 0 || g_strcmp0 (underscored, name) == 0)
        return (int) i;
    }
  return -1;
}

static gint64
find_programme (VjStoreConn *conn,
                const char  *title)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autofree char *key = vj_text_fold (title);

  stmt = vj_store_prepare (conn, "SELECT id FROM programme WHERE title_key = ?1"
                           " ORDER BY withdrawn, id LIMIT 1;", NULL);
  if (stmt == NULL)
    return 0;
  vj_store_stmt_bind_text (stmt, 1, key);
  return vj_store_stmt_next (stmt) ? vj_store_stmt_get_int (stmt, 0) : 0;
}

static char **
split_list (const char *text,
            const char *separator)
{
  g_auto(GStrv) parts = g_strsplit (text, separator, -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part != '\0')
        g_ptr_array_add (out, g_strdup (part));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* A municipality by code ("259", "0259") or name ("Køge", any case) */
static int
parse_municipality (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  int code = vj_municipality_parse_code (text);
  const VjMunicipality *list;
  guint n;

  if (code != 0)
    return code;
  list = vj_municipalities (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_utf8_casefold (list[i].name, -1);

      if (g_strcmp0 (g_strstrip (folded), name) == 0)
        return list[i].code;
    }
  return 0;
}

static const char *
cell (VjCsvRow  *row,
      const int *columns,
      int        column)
{
  int index = columns[column];

  if (index < 0 || (guint) index >= row->fields->len)
    return "";
  return row->fields->pdata[index];
}

static gboolean
parse_int (const char *text,
           int        *value)
{
  char *end;
  long v;

  if (*text == '\0')
    {
      *value = 0;
      return TRUE;
    }
  v = strtol (text, &end, 10);
  if (*end != '\0' || v < 0 || v > 100000)
    return FALSE;
  *value = (int) v;
  return TRUE;
}

/* Why a record could not be read, with the line it starts on */
static char *
problem_message (const VjCsvRow *row)
{
  switch (row->problem)
    {
    case VJ_CSV_NUL:
      return g_strdup_printf (_("holds a NUL byte (line %u), which no spreadsheet writes: the "
                                "file may be damaged"), row->line);
    case VJ_CSV_UNTERMINATED_QUOTE:
      return g_strdup_printf (_("a quote in it (from line %u) is never closed; the rows after "
                                "it were read on their own"), row->line);
    case VJ_CSV_TEXT_AFTER_QUOTE:
      return g_strdup_printf (_("a quote in it (from line %u) is closed only inside a later "
                                "row; the rows after it were read on their own"), row->line);
    case VJ_CSV_FIELD_TOO_LONG:
      return g_strdup_printf (_("a field is longer than %u KiB (line %u)"),
                              VJ_CSV_MAX_FIELD / 1024, row->line);
    case VJ_CSV_RECORD_TOO_LONG:
      return g_strdup_printf (_("the row is longer than %u MiB (line %u)"),
                              VJ_CSV_MAX_RECORD / (1024 * 1024), row->line);
    case VJ_CSV_OK:
    default:
      g_assert_not_reached ();
    }
}

/* One row into a record; NULL and a translated reason when it cannot be imported */
static VjSessionRecord *
parse_row (VjStoreConn *conn,
           VjCsvRow    *row,
           const int   *columns,
           GPtrArray   *notes,
           char       **reason)
{
  g_autoptr(VjSessionRecord) s = vj_session_record_new ();
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_auto(GStrv) people = NULL, topics = NULL, programmes = NULL, steps = NULL;
  const char *text;
  const VjCode *codes;
  guint n;

  for (guint i = 0; i < row->fields->len; i++)
    if (vj_cpr_contains (row->fields->pdata[i]))
      {
        /* Translators: the content itself is not repeated, so it reaches no log */
        *reason = g_strdup (_("holds something that looks like a CPR number; Vejviser does not "
                              "keep CPR numbers"));
        return NULL;
      }

  date = vj_date_parse_danish (cell (row, columns, COL_DATE));
  if (date == NULL)
    {
      *reason = g_strdup_printf (_("“%s” is not a date (write dd-mm-yyyy)"),
                                 cell (row, columns, COL_DATE));
      return NULL;
    }
  text = cell (row, columns, COL_TIME);
  time = *text != '\0' ? vj_time_parse (text) : g_strdup ("00:00");
  if (time == NULL)
    {
      *reason = g_strdup_printf (_("“%s” is not a time (write hh:mm)"), text);
      return NULL;
    }
  s->started_at = g_strdup_printf ("%sT%s", date, time);
  if (!parse_int (cell (row, columns, COL_DURATION), &s->duration_minutes) ||
      !parse_int (cell (row, columns, COL_HEAD_COUNT), &s->head_count))
    {
      *reason = g_strdup (_("the duration and the head count must be whole numbers"));
      return NULL;
    }
  text = cell (row, columns, COL_COUNSELLOR);
  s->counsellor = *text != '\0' ? g_strdup (text) : NULL;

  text = cell (row, columns, COL_SERVICE);
  codes = vj_session_services (&n);
  if (*text != '\0' && (s->service = g_strdup (parse_code (codes, n, text))) == NULL)
    {
      *reason = g_strdup_printf (_("unknown service “%s” (UU/KUI, Studievalg or VEU)"), text);
      return NULL;
    }
  text = cell (row, columns, COL_FORM);
  codes = vj_session_forms (&n);
  if (*text != '\0' && (s->form = g_strdup (parse_code (codes, n, text))) == NULL)
    {
      *reason = g_strdup_printf (_("unknown form of guidance “%s”"), text);
      return NULL;
    }
  text = cell (row, columns, COL_UPV);
  codes = vj_upv_statuses (&n);
  if (*text != '\0' && (s->upv_status = g_strdup (parse_code (codes, n, text))) == NULL)
    {
      *reason = g_strdup_printf (_("unknown UPV status “%s”"), text);
      return NULL;
    }
  text = cell (row, columns, COL_MUNICIPALITY);
  if (*text != '\0' && (s->municipality = parse_municipality (text)) <= 0)
    {
      *reason = g_strdup_printf (_("unknown municipality “%s”"), text);
      return NULL;
    }
  text = cell (row, columns, COL_FOLLOW_UP);
  if (*text != '\0' && (s->follow_up = vj_date_parse_danish (text)) == NULL)
    {
      *reason = g_strdup_printf (_("“%s” is not a date (write dd-mm-yyyy)"), text);
      return NULL;
    }
  text = cell (row, columns, COL_CLASS);
  s->class_label = *text != '\0' ? g_strdup (text) : NULL;
  text = cell (row, columns, COL_NOTES);
  s->notes = *text != '\0' ? g_strdup (text) : NULL;

  people = split_list (cell (row, columns, COL_PEOPLE), ",");
  for (guint i = 0; people[i] != NULL; i++)
    {
      VjPersonRecord *p = vj_person_record_new ();

      p->reference = g_strdup (people[i]);
      p->municipality = s->municipality;
      g_ptr_array_add (s->people, p);
    }
  topics = split_list (cell (row, columns, COL_TOPICS), ",");
  codes = vj_session_topics (&n);
  for (guint i = 0; topics[i] != NULL; i++)
    {
      const char *code = parse_code (codes, n, topics[i]);

      g_ptr_array_add (s->topics, g_strdup (code != NULL ? code : topics[i]));
    }
  programmes = split_list (cell (row, columns, COL_PROGRAMMES), "|");
  for (guint i = 0; programmes[i] != NULL; i++)
    {
      gint64 id = find_programme (conn, programmes[i]);

      if (id != 0)
        g_array_append_val (s->programmes, id);
      else
        add_issue (notes, row->row,
                   g_strdup_printf (_("the programme “%s” is not in the catalogue and was left "
                                      "out"), programmes[i]));
    }
  steps = split_list (cell (row, columns, COL_NEXT_STEPS), "|");
  for (guint i = 0; steps[i] != NULL; i++)
    {
      const char *colon = strchr (steps[i], ':');
      g_autofree char *prefix = colon != NULL ? g_strndup (steps[i], colon - steps[i]) : NULL;
      g_autofree char *due = prefix != NULL ? vj_date_parse_danish (prefix) : NULL;

      g_ptr_array_add (s->next_steps,
                       vj_next_step_new (due != NULL ? g_strchug ((char *) colon + 1) : steps[i],
                                         due));
    }
  return g_steal_pointer (&s);
}

/**
 * vj_db_import_sessions_csv:
 * @data: the file's bytes
 *
 * Adds the rows of a counsellor's spreadsheet log as sessions, in one transaction. A row that
 * cannot be imported (a bad date, an unknown code, CPR-like content, a NUL byte, a quote never
 * closed, a field over 64 KiB) is reported with its row number and the rest are imported:
 * imported plus rejected is always the number of records (report->records).
 *
 * Returns: (transfer full): what was imported and refused, or NULL when the file has no
 *   usable header or cannot be saved
 */
VjSessionImport *
vj_db_import_sessions_csv (VjDb       *db,
                           const char *data,
                           gsize       length,
                           GError    **error)
{
  g_autoptr(VjSessionImport) report = g_new0 (VjSessionImport, 1);
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vj_session_record_free);
  g_autoptr(VjCsvFile) file = NULL;
  int columns[N_COLUMNS];
  VjCsvRow *header;
  VjStoreConn *conn;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  report->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  file = vj_csv_read (data, length);
  report->windows_1252 = file->windows_1252;
  report->delimiter = file->delimiter;
  header = file->rows->len > 0 ? file->rows->pdata[0] : NULL;
  for (guint i = 0; i < N_COLUMNS; i++)
    columns[i] = header != NULL ? find_column (header, column_names[i]) : -1;
  if (columns[COL_DATE] < 0)
    {
      g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY,
                   _("The first row must name the columns, with at least “dato” (see the "
                     "README for every column)."));
      return NULL;
    }
  report->records = file->rows->len - 1;

  conn = _vj_db_acquire_reader (db, error);
  if (conn == NULL)
    return NULL;
  for (guint i = 1; i < file->rows->len; i++)
    {
      VjCsvRow *row = file->rows->pdata[i];
      char *reason = NULL;
      VjSessionRecord *s = NULL;

      if (row->problem != VJ_CSV_OK)
        reason = problem_message (row);
      else
        {
          /* What the export neutralised for spreadsheets, read back as it was */
          for (guint j = 0; j < row->fields->len; j++)
            {
              char *value = vj_csv_unneutralise (row->fields->pdata[j]);

              g_free (row->fields->pdata[j]);
              row->fields->pdata[j] = value;
            }
          s = parse_row (conn, row, columns, report->notes, &reason);
        }

      if (s != NULL)
        {
          g_ptr_array_add (records, s);
          if (file->mixed && row->windows_1252)
            add_issue (report->notes, row->row,
                       g_strdup (_("read as Windows-1252, unlike the rest of the file (UTF-8)")));
        }
      else
        add_issue (report->rejected, row->row, reason);
    }
  _vj_db_release_reader (db, conn);

  if (records->len > 0 && !vj_db_save_sessions (db, records, error))
    return NULL;
  report->imported = records->len;
  g_warn_if_fail (report->imported + report->rejected->len == report->records);
  return g_steal_pointer (&report);
}

/* Returns: (transfer full) (nullable): a programme's title, withdrawn or not */
char *
vj_db_dup_programme_title (VjDb   *db,
                           gint64  programme_id)
{
  VjStoreConn *conn = _vj_db_acquire_reader (db, NULL);
  char *title = NULL;

  if (conn == NULL)
    return NULL;
  {
    g_autoptr(VjStoreStmt) stmt =
      vj_store_prepare (conn, "SELECT title FROM programme WHERE id = ?1;", NULL);

    if (stmt != NULL)
      {
        vj_store_stmt_bind_int (stmt, 1, programme_id);
        if (vj_store_stmt_next (stmt))
          title = vj_store_stmt_dup_text (stmt, 0);
      }
  }
  _vj_db_release_reader (db, conn);
  return title;
}

/**
 * vj_db_export_sessions:
 * @from: (nullable): YYYY-MM-DD, inclusive
 * @to: (nullable): YYYY-MM-DD, inclusive
 *
 * Returns: (transfer full) (element-type VjSessionRecord): the sessions in the period,
 *   oldest first
 */
GPtrArray *
vj_db_export_sessions (VjDb       *db,
                       const char *from,
                       const char *to,
                       GError    **error)
{
  g_autoptr(VjSessionQuery) query = vj_session_query_new ();
  g_autoptr(GPtrArray) sessions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vj_session_record_free);
  g_autoptr(GArray) ids = NULL;

  query->from = g_strdup (from);
  query->to = g_strdup (to);
  ids = vj_db_list_session_ids (db, query, 0, NULL, error);
  if (ids == NULL)
    return NULL;
  for (guint i = ids->len; i > 0; i--)
    {
      VjSessionRecord *s = vj_db_load_session (db, g_array_index (ids, gint64, i - 1), error);

      if (s == NULL)
        return NULL;
      g_ptr_array_add (sessions, s);
    }
  return g_steal_pointer (&sessions);
}

static char *
join_people (const VjSessionRecord *s)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < s->people->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            ((VjPersonRecord *) s->people->pdata[i])->reference);
  return g_string_free (out, FALSE);
}

static char *
join_topics (const VjSessionRecord *s)
{
  GString *out = g_string_new (NULL);
  guint n;
  const VjCode *codes = vj_session_topics (&n);

  for (guint i = 0; i < s->topics->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            vj_session_csv_danish_name (codes, n, s->topics->pdata[i]));
  return g_string_free (out, FALSE);
}

static char *
join_steps (const VjSessionRecord *s)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < s->next_steps->len; i++)
    {
      VjNextStep *step = s->next_steps->pdata[i];
      g_autofree char *due = vj_date_format_short (step->due);

      g_string_append_printf (out, "%s%s%s%s", i > 0 ? " | " : "", due != NULL ? due : "",
                              due != NULL ? ": " : "", step->text);
    }
  return g_string_free (out, FALSE);
}

/**
 * vj_db_export_sessions_csv:
 * @sessions: (element-type VjSessionRecord): from vj_db_export_sessions ()
 *
 * Returns: (transfer full): the sessions as CSV for a Danish spreadsheet: a UTF-8 BOM, `;`,
 *   CRLF, the columns vj_db_import_sessions_csv () reads back
 */
GString *
vj_db_export_sessions_csv (VjDb      *db,
                           GPtrArray *sessions,
                           GError   **error)
{
  GString *out = g_string_new (VJ_CSV_BOM);
  guint n_services, n_forms, n_upv;
  const VjCode *services = vj_session_services (&n_services);
  const VjCode *forms = vj_session_forms (&n_forms);
  const VjCode *upv = vj_upv_statuses (&n_upv);

  vj_csv_append_row (out, column_names, N_COLUMNS, ';');
  for (guint i = 0; i < sessions->len; i++)
    {
      const VjSessionRecord *s = sessions->pdata[i];
      g_autofree char *date = vj_date_format_short (s->started_at);
      g_autofree char *time = s->started_at != NULL && strlen (s->started_at) >= 16
                              ? g_strndup (s->started_at + 11, 5) : NULL;
      g_autofree char *duration = s->duration_minutes > 0
                                  ? g_strdup_printf ("%d", s->duration_minutes) : NULL;
      g_autofree char *head_count = s->head_count > 0 ? g_strdup_printf ("%d", s->head_count)
                                                      : NULL;
      const VjMunicipality *municipality = vj_municipality_lookup (s->municipality);
      g_autofree char *people = join_people (s);
      g_autofree char *topics = join_topics (s);
      g_autofree char *steps = join_steps (s);
      g_autofree char *follow_up = vj_date_format_short (s->follow_up);
      g_autoptr(GString) programmes = g_string_new (NULL);
      const char *fields[N_COLUMNS];

      for (guint j = 0; j < s->programmes->len; j++)
        {
          g_autofree char *title =
            vj_db_dup_programme_title (db, g_array_index (s->programmes, gint64, j));

          if (title != NULL)
            g_string_append_printf (programmes, "%s%s", programmes->len > 0 ? " | " : "", title);
        }
      fields[COL_DATE] = date;
      fields[COL_TIME] = time;
      fields[COL_DURATION] = duration;
      fields[COL_COUNSELLOR] = s->counsellor;
      fields[COL_SERVICE] = vj_session_csv_danish_name (services, n_services, s->service);
      fields[COL_FORM] = vj_session_csv_danish_name (forms, n_forms, s->form);
      fields[COL_MUNICIPALITY] = municipality != NULL ? municipality->name : NULL;
      fields[COL_PEOPLE] = people;
      fields[COL_CLASS] = s->class_label;
      fields[COL_HEAD_COUNT] = head_count;
      fields[COL_TOPICS] = topics;
      fields[COL_PROGRAMMES] = programmes->str;
      fields[COL_UPV] = vj_session_csv_danish_name (upv, n_upv, s->upv_status);
      fields[COL_NOTES] = s->notes;
      fields[COL_NEXT_STEPS] = steps;
      fields[COL_FOLLOW_UP] = follow_up;
      vj_csv_append_row (out, fields, N_COLUMNS, ';');
    }
  return out;
}
