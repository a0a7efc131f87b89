#define G_LOG_DOMAIN "vj-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vj-db-initiatives-export.h"
#include "vj-db-sessions-transfer.h"
#include "vj-private-file.h"

/* The guidance log to and from files (README.md, "Sessions in spreadsheets"): what the window's
 * Samtaler page and vejviser-cli's sessions import|export share. */

/**
 * vj_session_import_dup_report:
 *
 * Returns: the import's report, one line each: how many came in, the encoding if it was not
 *   UTF-8, every row not imported and why, every row imported with something left out
 */
char *
vj_session_import_dup_report (const VjSessionImport *report)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Imported %u session.\n",
                                             "Imported %u sessions.\n", report->imported),
                          report->imported);
  if (report->windows_1252)
    g_string_append_printf (text, "%s\n",
                            _("The file was read as Windows-1252 (it was not UTF-8)."));
  if (report->rejected->len > 0)
    /* Translators: %1$u rows of %2$u in the file (after its header) */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%1$u of %2$u row was not imported:\n",
                                               "%1$u of %2$u rows were not imported:\n",
                                               report->records),
                            report->rejected->len, report->records);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjCsvIssue *issue = report->rejected->pdata[i];

      /* Translators: a spreadsheet row that was not imported, and why */
      g_string_append_printf (text, _("Row %1$u not imported: %2$s\n"), issue->row,
                              issue->message);
    }
  for (guint i = 0; i < report->notes->len; i++)
    {
      VjCsvIssue *issue = report->notes->pdata[i];

      /* Translators: a spreadsheet row imported with something left out */
      g_string_append_printf (text, _("Row %1$u: %2$s\n"), issue->row, issue->message);
    }
  return g_string_free (text, FALSE);
}

static JsonNode *
session_json (VjDb                  *db,
              const VjSessionRecord *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

#define STR(name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
    if ((value) != NULL) json_builder_add_string_value (b, value); \
    else json_builder_add_null_value (b); } G_STMT_END
#define INT(name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
    if ((value) != 0) json_builder_add_int_value (b, value); \
    else json_builder_add_null_value (b); } G_STMT_END

  json_builder_begin_object (b);
  INT ("id", s->id);
  STR ("started_at", s->started_at);
  INT ("duration_minutes", s->duration_minutes);
  STR ("counsellor", s->counsellor);
  STR ("service", s->service);
  STR ("form", s->form);
  INT ("municipality", s->municipality);
  STR ("class_label", s->class_label);
  INT ("head_count", s->head_count);
  STR ("upv_status", s->upv_status);
  STR ("notes", s->notes);
  STR ("follow_up", s->follow_up);
  json_builder_set_member_name (b, "people");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->people->len; i++)
    {
      const VjPersonRecord *p = s->people->pdata[i];

      json_builder_begin_object (b);
      STR ("reference", p->reference);
      INT ("birth_year", p->birth_year);
      STR ("grade", p->grade);
      INT ("municipality", p->municipality);
      STR ("target_group", p->target_group);
      json_builder_set_member_name (b, "consent");
      json_builder_add_boolean_value (b, p->consent);
      STR ("consent_date", p->consent_date);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "topics");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->topics->len; i++)
    json_builder_add_string_value (b, s->topics->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "programmes");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->programmes->len; i++)
    {
      gint64 id = g_array_index (s->programmes, gint64, i);
      g_autofree char *title = vj_db_dup_programme_title (db, id);

      json_builder_begin_object (b);
      INT ("id", id);
      STR ("title", title);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->next_steps->len; i++)
    {
      const VjNextStep *step = s->next_steps->pdata[i];

      json_builder_begin_object (b);
      STR ("text", step->text);
      STR ("due", step->due);
      STR ("done", step->done);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
#undef STR
#undef INT
  return json_builder_get_root (b);
}

/**
 * vj_db_export_sessions_json:
 * @sessions: (element-type VjSessionRecord): vj_db_export_sessions()
 *
 * Returns: the sessions as pretty-printed JSON, `{"sessions": […]}`
 */
char *
vj_db_export_sessions_json (VjDb      *db,
                            GPtrArray *sessions,
                            gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessions->len; i++)
    json_builder_add_value (builder, session_json (db, sessions->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

/**
 * vj_db_export_sessions_to_file:
 * @from: (nullable): the first day, YYYY-MM-DD
 * @to: (nullable): the last day, YYYY-MM-DD
 * @json: JSON, else CSV (`;`, BOM, Danish column names)
 * @path: the file, written mode 0600 (it holds personal data)
 * @n_exported: (out) (optional): how many sessions
 *
 * Blocking: for a worker thread.
 */
gboolean
vj_db_export_sessions_to_file (VjDb        *db,
                               const char  *from,
                               const char  *to,
                               gboolean     json,
                               const char  *path,
                               guint       *n_exported,
                               GError     **error)
{
  g_autoptr(GPtrArray) sessions = vj_db_export_sessions (db, from, to, error);
  g_autofree char *text = NULL;
  gsize length = 0;

  if (sessions == NULL)
    return FALSE;
  if (json)
    text = vj_db_export_sessions_json (db, sessions, &length);
  else
    {
      GString *csv = vj_db_export_sessions_csv (db, sessions, error);

      if (csv == NULL)
        return FALSE;
      length = csv->len;
      text = g_string_free (csv, FALSE);
    }
  if (!vj_private_file_write (path, text, length, error))
    return FALSE;
  if (n_exported != NULL)
    *n_exported = sessions->len;
  return TRUE;
}
