#define G_LOG_DOMAIN "vj-db-person-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-csv.h"
#include "vj-db-person-export.h"
#include "vj-db-privacy-private.h"
#include "vj-private-file.h"
#include "vj-store.h"

/* One person's data as JSON (complete: the person, every session they took part in with its
 * topics, programmes and next steps, their shortlist and drafts) and as CSV for a spreadsheet
 * (";" and a UTF-8 BOM, one row per record). Other people in a group session are counted, not
 * named. Files are written mode 0600. */

#define PERSON_FORMAT "vejviser-person-export-1"

typedef void (*RowFunc) (VjStoreStmt *stmt,
                         gpointer     data);

#define each_row(conn, sql, id, func, data, error) \
  each_row2 (conn, sql, id, id, func, data, error)

/* ?1 is @id; ?2, where used, the person */
static gboolean
each_row2 (VjStoreConn *conn,
           const char  *sql,
           gint64       id,
           gint64       person_id,
           RowFunc      func,
           gpointer     data,
           GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("exporting a person's data"));
  vj_store_stmt_bind_int (stmt, 1, id);
  if (vj_store_stmt_get_n_params (stmt) >= 2)
    vj_store_stmt_bind_int (stmt, 2, person_id);
  while (vj_store_stmt_next (stmt))
    func (stmt, data);
  return vj_store_stmt_check (stmt, error);
}

/* Every column as a member named after it; NULL columns are left out */
static void
add_columns (JsonBuilder *builder,
             VjStoreStmt *stmt,
             int          first)
{
  for (int i = first; i < vj_store_stmt_get_n_columns (stmt); i++)
    {
      if (vj_store_stmt_is_null (stmt, i))
        continue;
      json_builder_set_member_name (builder, vj_store_stmt_get_column_name (stmt, i));
      if (vj_store_stmt_is_number (stmt, i))
        json_builder_add_int_value (builder, vj_store_stmt_get_int (stmt, i));
      else
        json_builder_add_string_value (builder, vj_store_stmt_get_text (stmt, i));
    }
}

static void
object_row (VjStoreStmt *stmt,
            gpointer     data)
{
  JsonBuilder *builder = data;

  json_builder_begin_object (builder);
  add_columns (builder, stmt, 0);
  json_builder_end_object (builder);
}

static void
string_row (VjStoreStmt *stmt,
            gpointer     data)
{
  json_builder_add_string_value (data, vj_store_stmt_get_text (stmt, 0));
}

/* A draft (?1 the person): theirs by id, or one that quotes their reference */
static void
draft_row (VjStoreStmt *stmt,
           gpointer     data)
{
  const char *body = vj_store_stmt_get_text (stmt, 0);

  if (vj_store_stmt_get_boolean (stmt, 1) ||
      _vj_db_privacy_draft_quotes (body, vj_store_stmt_get_text (stmt, 2)))
    json_builder_add_string_value (data, body);
}

typedef struct
{
  JsonBuilder *builder;
  VjStoreConn *conn;
  gint64       person_id;
  GError     **error;
  gboolean     ok;
} SessionRows;

static void
session_row (VjStoreStmt *stmt,
             gpointer     data)
{
  SessionRows *rows = data;
  gint64 session = vj_store_stmt_get_int (stmt, 0);

  json_builder_begin_object (rows->builder);
  add_columns (rows->builder, stmt, 1);
  json_builder_set_member_name (rows->builder, "topics");
  json_builder_begin_array (rows->builder);
  rows->ok = rows->ok && each_row (rows->conn,
                                   "SELECT topic FROM session_topic WHERE session_id = ?1"
                                   " ORDER BY topic;",
                                   session, string_row, rows->builder, rows->error);
  json_builder_end_array (rows->builder);
  json_builder_set_member_name (rows->builder, "programmes");
  json_builder_begin_array (rows->builder);
  rows->ok = rows->ok && each_row (rows->conn,
                                   "SELECT p.title FROM session_programme sp"
                                   "  JOIN programme p ON p.id = sp.programme_id"
                                   " WHERE sp.session_id = ?1 ORDER BY p.sort_key;",
                                   session, string_row, rows->builder, rows->error);
  json_builder_end_array (rows->builder);
  json_builder_set_member_name (rows->builder, "next_steps");
  json_builder_begin_array (rows->builder);
  /* The session's steps for everyone and theirs, not another person's */
  rows->ok = rows->ok && each_row2 (rows->conn,
                                    "SELECT text, due, done FROM next_step"
                                    " WHERE session_id = ?1"
                                    "   AND (person_id IS NULL OR person_id = ?2) ORDER BY id;",
                                    session, rows->person_id, object_row, rows->builder,
                                    rows->error);
  json_builder_end_array (rows->builder);
  json_builder_end_object (rows->builder);
}

static const char person_sql[] =
  "SELECT reference, birth_year, grade, municipality, target_group, consent, consent_date,"
  "       plan_goal, created_at, updated_at FROM person WHERE id = ?1;";

static const char sessions_sql[] =
  "SELECT s.id, s.started_at, s.duration_minutes, s.counsellor, s.service, s.form,"
  "       s.municipality, s.class_label, s.head_count, s.upv_status, s.notes, s.follow_up,"
  "       (SELECT count(*) - 1 FROM session_person o WHERE o.session_id = s.id)"
  "         AS other_people"
  "  FROM session_person sp JOIN session s ON s.id = sp.session_id"
  " WHERE sp.person_id = ?1 ORDER BY s.started_at, s.id;";

static const char shortlist_sql[] =
  "SELECT sl.position, p.title AS programme, i.name AS institution, l.town, o.start,"
  "       o.deadline, sl.note"
  "  FROM shortlist sl JOIN programme p ON p.id = sl.programme_id"
  "  LEFT JOIN offering o ON o.id = sl.offering_id"
  "  LEFT JOIN location l ON l.id = o.location_id"
  "  LEFT JOIN institution i ON i.id = COALESCE (l.institution_id, p.institution_id)"
  " WHERE sl.person_id = ?1 ORDER BY sl.position;";

/* Which of them quote the reference is seen in C (draft_row) */
static const char drafts_sql[] =
  "SELECT d.body, CASE WHEN d.person_id = p.id THEN 1 ELSE 0 END, p.reference"
  "  FROM draft d, person p WHERE p.id = ?1;";

/**
 * vj_db_export_person_json:
 *
 * Reads on a pooled connection: call it from a worker or the CLI.
 *
 * Returns: (transfer full) (nullable): the person's data
 */
JsonNode *
vj_db_export_person_json (VjDb    *self,
                          gint64   person_id,
                          GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = _vj_db_now ();
  SessionRows rows = { builder, NULL, person_id, error, TRUE };
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  rows.conn = conn;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PERSON_FORMAT);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "person");
  json_builder_begin_array (builder);
  ok = each_row (conn, person_sql, person_id, object_row, builder, error);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  ok = ok && each_row (conn, sessions_sql, person_id, session_row, &rows, error) && rows.ok;
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "shortlist");
  json_builder_begin_array (builder);
  ok = ok && each_row (conn, shortlist_sql, person_id, object_row, builder, error);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "drafts");
  json_builder_begin_array (builder);
  ok = ok && each_row (conn, drafts_sql, person_id, draft_row, builder, error);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _vj_db_release_reader (self, conn);
  if (!ok)
    return NULL;

  {
    JsonNode *root = json_builder_get_root (builder);
    JsonArray *person = json_object_get_array_member (json_node_get_object (root), "person");

    if (json_array_get_length (person) == 0)
      {
        json_node_unref (root);
        g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                             _("The person is no longer in the log."));
        return NULL;
      }
    /* One person: an object, not a list */
    json_object_set_object_member (json_node_get_object (root), "person",
                                   json_object_ref (json_array_get_object_element (person, 0)));
    return root;
  }
}

/* One CSV row per record: kind, date, what, details */
static const char csv_sql[] =
  "SELECT 0, created_at, reference,"
  "       'birth_year=' || COALESCE (CAST (birth_year AS TEXT), '') || ', grade='"
  "       || COALESCE (grade, '') || ', municipality='"
  "       || COALESCE (CAST (municipality AS TEXT), '') || ', target_group='"
  "       || COALESCE (target_group, '') || ', consent=' || CAST (consent AS TEXT) || ' '"
  "       || COALESCE (consent_date, '') || ', plan_goal=' || COALESCE (plan_goal, '')"
  "  FROM person WHERE id = ?1"
  " UNION ALL "
  "SELECT 1, s.started_at, COALESCE (s.form, '') || ' ' || COALESCE (s.service, ''), s.notes"
  "  FROM session_person sp JOIN session s ON s.id = sp.session_id WHERE sp.person_id = ?1"
  " UNION ALL "
  "SELECT 2, ns.due, ns.text, ns.done FROM next_step ns"
  " WHERE ns.person_id = ?1 OR (ns.person_id IS NULL AND ns.session_id IN"
  "       (SELECT session_id FROM session_person WHERE person_id = ?1))"
  " UNION ALL "
  "SELECT 3, CAST (sl.position AS TEXT), p.title, COALESCE (o.start, '') || ' ' || COALESCE (o.deadline, '')"
  "  FROM shortlist sl JOIN programme p ON p.id = sl.programme_id"
  "  LEFT JOIN offering o ON o.id = sl.offering_id WHERE sl.person_id = ?1;";

static void
csv_record (VjStoreStmt *stmt,
            gpointer     data)
{
  GString *out = data;
  /* Danish whatever the locale, like the sessions export (DOMAIN.md's words) */
  const char *kinds[] = { "Person", "Samtale", "Næste skridt", "Ønskeliste" };
  int kind = (int) CLAMP (vj_store_stmt_get_int (stmt, 0), 0, 3);
  const char *fields[4] = { kinds[kind] };

  for (int i = 1; i < 4; i++)
    fields[i] = vj_store_stmt_get_text (stmt, i);
  vj_csv_append_row (out, fields, 4, ';');
}

/**
 * vj_db_export_person_csv:
 *
 * Returns: (transfer full) (nullable): the person's records as CSV for Danish spreadsheets
 */
char *
vj_db_export_person_csv (VjDb    *self,
                         gint64   person_id,
                         GError **error)
{
  /* Danish whatever the locale: a spreadsheet's columns are the same in every export */
  static const char * const header[] = { "Post", "Dato", "Hvad", "Detaljer" };
  g_autoptr(GString) out = g_string_new (VJ_CSV_BOM);
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  vj_csv_append_row (out, header, G_N_ELEMENTS (header), ';');

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = each_row (conn, csv_sql, person_id, csv_record, out, error);
  _vj_db_release_reader (self, conn);
  if (!ok)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  gint64  person_id;
  char   *json_path;
  char   *csv_path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->json_path);
  g_free (data->csv_path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  g_autoptr(JsonNode) json = vj_db_export_person_json (source_object, data->person_id, &error);
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;

  if (json != NULL)
    csv = vj_db_export_person_csv (source_object, data->person_id, &error);
  if (csv != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, json);
      text = json_generator_to_data (generator, NULL);
    }
  if (text != NULL &&
      vj_private_file_write (data->json_path, text, strlen (text), &error) &&
      vj_private_file_write (data->csv_path, csv, strlen (csv), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * vj_db_export_person_async:
 * @json_path: where the JSON goes (mode 0600)
 * @csv_path: where the CSV goes (mode 0600)
 */
void
vj_db_export_person_async (VjDb               *self,
                           gint64              person_id,
                           const char         *json_path,
                           const char         *csv_path,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ExportData *data = g_new0 (ExportData, 1);

  data->person_id = person_id;
  data->json_path = g_strdup (json_path);
  data->csv_path = g_strdup (csv_path);
  g_task_set_source_tag (task, vj_db_export_person_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
vj_db_export_person_finish (VjDb         *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
