#define G_LOG_DOMAIN "vj-db-sessions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-sessions-private.h"
#include "vj-store.h"

/* Reads from the guidance log, on a pooled reader so any thread may call them. */

#define PERSON_COLUMNS \
  "p.id, p.reference, p.birth_year, p.grade, p.municipality, p.target_group, p.consent," \
  " p.consent_date"

void
vj_draft_free (VjDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->updated_at);
  g_clear_pointer (&draft->session, vj_session_record_free);
  g_free (draft);
}

static VjPersonRecord *
person_from_row (VjStoreStmt *stmt)
{
  VjPersonRecord *p = vj_person_record_new ();

  p->id = vj_store_stmt_get_int (stmt, 0);
  p->reference = vj_store_stmt_dup_text (stmt, 1);
  p->birth_year = (int) vj_store_stmt_get_int (stmt, 2);
  p->grade = vj_store_stmt_dup_text (stmt, 3);
  p->municipality = (int) vj_store_stmt_get_int (stmt, 4);
  p->target_group = vj_store_stmt_dup_text (stmt, 5);
  p->consent = vj_store_stmt_get_boolean (stmt, 6);
  p->consent_date = vj_store_stmt_dup_text (stmt, 7);
  return p;
}

/* @sql prepared on @conn with @id as ?1, or NULL with @error */
static VjStoreStmt *
prepare_for_id (VjStoreConn  *conn,
                const char   *sql,
                gint64        id,
                GError      **error)
{
  VjStoreStmt *stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the guidance log"));
  vj_store_stmt_bind_int (stmt, 1, id);
  return stmt;
}

static gboolean
load_people (VjStoreConn      *conn,
             VjSessionRecord  *s,
             GError          **error)
{
  g_autoptr(VjStoreStmt) stmt =
    prepare_for_id (conn, "SELECT " PERSON_COLUMNS " FROM session_person sp"
                          " JOIN person p ON p.id = sp.person_id WHERE sp.session_id = ?1"
                          " ORDER BY p.reference;", s->id, error);

  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    g_ptr_array_add (s->people, person_from_row (stmt));
  return vj_store_stmt_check (stmt, error);
}

static gboolean
load_topics (VjStoreConn      *conn,
             VjSessionRecord  *s,
             GError          **error)
{
  g_autoptr(VjStoreStmt) stmt =
    prepare_for_id (conn, "SELECT topic FROM session_topic WHERE session_id = ?1;", s->id,
                    error);

  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    g_ptr_array_add (s->topics, vj_store_stmt_dup_text (stmt, 0));
  return vj_store_stmt_check (stmt, error);
}

static gboolean
load_programmes (VjStoreConn      *conn,
                 VjSessionRecord  *s,
                 GError          **error)
{
  g_autoptr(VjStoreStmt) stmt =
    prepare_for_id (conn, "SELECT programme_id FROM session_programme WHERE session_id = ?1;",
                    s->id, error);

  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);

      g_array_append_val (s->programmes, id);
    }
  return vj_store_stmt_check (stmt, error);
}

static gboolean
load_next_steps (VjStoreConn      *conn,
                 VjSessionRecord  *s,
                 GError          **error)
{
  g_autoptr(VjStoreStmt) stmt =
    prepare_for_id (conn, "SELECT id, text, due, done FROM next_step WHERE session_id = ?1"
                          " ORDER BY id;", s->id, error);

  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    {
      VjNextStep *step = vj_next_step_new (vj_store_stmt_get_text (stmt, 1),
                                           vj_store_stmt_get_text (stmt, 2));

      step->id = vj_store_stmt_get_int (stmt, 0);
      step->done = vj_store_stmt_dup_text (stmt, 3);
      g_ptr_array_add (s->next_steps, step);
    }
  return vj_store_stmt_check (stmt, error);
}

/* The session's own row; NULL with @error, VJ_DB_ERROR_NOT_FOUND when it is not there */
static VjSessionRecord *
load_session_row (VjStoreConn  *conn,
                  gint64        session_id,
                  GError      **error)
{
  g_autoptr(VjStoreStmt) stmt =
    prepare_for_id (conn, "SELECT id, started_at, duration_minutes, counsellor, service, form,"
                          " municipality, class_label, head_count, upv_status, notes, follow_up"
                          " FROM session WHERE id = ?1;", session_id, error);
  VjSessionRecord *s;

  if (stmt == NULL)
    return NULL;
  if (!vj_store_stmt_next (stmt))
    {
      if (vj_store_stmt_check (stmt, error))
        g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                             _("The session is no longer in the log."));
      return NULL;
    }
  s = vj_session_record_new ();
  s->id = vj_store_stmt_get_int (stmt, 0);
  s->started_at = vj_store_stmt_dup_text (stmt, 1);
  s->duration_minutes = (int) vj_store_stmt_get_int (stmt, 2);
  s->counsellor = vj_store_stmt_dup_text (stmt, 3);
  s->service = vj_store_stmt_dup_text (stmt, 4);
  s->form = vj_store_stmt_dup_text (stmt, 5);
  s->municipality = (int) vj_store_stmt_get_int (stmt, 6);
  s->class_label = vj_store_stmt_dup_text (stmt, 7);
  s->head_count = (int) vj_store_stmt_get_int (stmt, 8);
  s->upv_status = vj_store_stmt_dup_text (stmt, 9);
  s->notes = vj_store_stmt_dup_text (stmt, 10);
  s->follow_up = vj_store_stmt_dup_text (stmt, 11);
  return s;
}

VjSessionRecord *
_vj_db_load_session_on (VjStoreConn  *conn,
                        gint64        session_id,
                        GError      **error)
{
  g_autoptr(VjSessionRecord) s = load_session_row (conn, session_id, error);

  if (s == NULL ||
      !load_people (conn, s, error) || !load_topics (conn, s, error) ||
      !load_programmes (conn, s, error) || !load_next_steps (conn, s, error))
    return NULL;
  return g_steal_pointer (&s);
}

/**
 * vj_db_load_session:
 *
 * Returns: (transfer full): the session with its people, topics, programmes and next steps,
 *   or NULL with VJ_DB_ERROR_NOT_FOUND when it is not in the log
 */
VjSessionRecord *
vj_db_load_session (VjDb    *self,
                    gint64   session_id,
                    GError **error)
{
  VjSessionRecord *s;
  VjStoreConn *conn;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  s = _vj_db_load_session_on (conn, session_id, error);
  _vj_db_release_reader (self, conn);
  return s;
}

/* The ids @sql gives with @id as ?1, into @ids */
static gboolean
read_ids (VjStoreConn  *conn,
          const char   *sql,
          gint64        id,
          GArray       *ids,
          GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = prepare_for_id (conn, sql, id, error);

  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    {
      gint64 value = vj_store_stmt_get_int (stmt, 0);

      g_array_append_val (ids, value);
    }
  return vj_store_stmt_check (stmt, error);
}

/**
 * vj_db_list_person_session_ids:
 *
 * Returns: (transfer full): the ids (gint64) of a person's sessions, newest first
 */
GArray *
vj_db_list_person_session_ids (VjDb    *self,
                               gint64   person_id,
                               GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_ids (conn, "SELECT s.id FROM session_person sp JOIN session s"
                       " ON s.id = sp.session_id WHERE sp.person_id = ?1"
                       " ORDER BY s.started_at DESC, s.id DESC;", person_id, ids, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&ids) : NULL;
}

/* The people @sql gives: ?1 is @text, or @id when @text is NULL; ?2 the limit */
static gboolean
read_people (VjStoreConn  *conn,
             const char   *sql,
             gint64        id,
             const char   *text,
             guint         limit,
             GPtrArray    *people,
             GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading the guidance log"));
  if (text != NULL)
    vj_store_stmt_bind_text (stmt, 1, text);
  else
    vj_store_stmt_bind_int (stmt, 1, id);
  vj_store_stmt_bind_int (stmt, 2, limit);
  while (vj_store_stmt_next (stmt))
    g_ptr_array_add (people, person_from_row (stmt));
  return vj_store_stmt_check (stmt, error);
}

static GPtrArray *
query_people (VjDb       *self,
              const char *sql,
              gint64      id,
              const char *text,
              guint       limit,
              GError    **error)
{
  g_autoptr(GPtrArray) people =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vj_person_record_free);
  VjStoreConn *conn;
  gboolean ok;

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_people (conn, sql, id, text, limit, people, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&people) : NULL;
}

/* Returns: (transfer full): the person, or NULL with VJ_DB_ERROR_NOT_FOUND */
VjPersonRecord *
vj_db_load_person (VjDb    *self,
                   gint64   person_id,
                   GError **error)
{
  g_autoptr(GPtrArray) people = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  people = query_people (self, "SELECT " PERSON_COLUMNS " FROM person p WHERE p.id = ?1"
                         " LIMIT ?2;", person_id, NULL, 1, error);
  if (people == NULL)
    return NULL;
  if (people->len == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The person is no longer in the log."));
      return NULL;
    }
  return g_ptr_array_steal_index (people, 0);
}

/* Returns: (transfer full) (nullable): the person with exactly this reference (any case) */
VjPersonRecord *
vj_db_find_person (VjDb       *self,
                   const char *reference,
                   GError    **error)
{
  g_autoptr(GPtrArray) people = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  /* Any case as SQLite's NOCASE has it: ASCII letters (lower () on SQLite) */
  people = query_people (self, "SELECT " PERSON_COLUMNS " FROM person p"
                         " WHERE lower (p.reference) = lower (?1) LIMIT ?2;", 0, reference, 1,
                         error);
  if (people == NULL || people->len == 0)
    return NULL;
  return g_ptr_array_steal_index (people, 0);
}

/**
 * vj_db_search_people:
 * @text: the start of a reference (any case); empty for everyone
 *
 * Returns: (transfer full) (element-type VjPersonRecord): at most @limit people, by reference
 */
GPtrArray *
vj_db_search_people (VjDb       *self,
                     const char *text,
                     guint       limit,
                     GError    **error)
{
  g_autofree char *pattern = NULL;
  GString *escaped = g_string_new (NULL);

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  g_string_append_c (escaped, '%');
  pattern = g_string_free (escaped, FALSE);
  /* Any case: LIKE is blind to ASCII case on SQLite only, lower () on both sides everywhere */
  return query_people (self, "SELECT " PERSON_COLUMNS " FROM person p"
                       " WHERE lower (p.reference) LIKE lower (?1) ESCAPE '\\'"
                       " ORDER BY p.reference LIMIT ?2;",
                       0, pattern, limit, error);
}

static gboolean
read_drafts (VjStoreConn  *conn,
             GPtrArray    *drafts,
             GError      **error)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "SELECT id, target_id, body, updated_at FROM draft"
                            " WHERE kind = 'session' ORDER BY updated_at, id;", error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("reading the guidance log"));
  while (vj_store_stmt_next (stmt))
    {
      const char *body = vj_store_stmt_get_text (stmt, 2);
      g_autoptr(GVariant) variant = g_variant_parse (NULL, body, NULL, NULL, NULL);
      VjSessionRecord *session = vj_session_record_from_variant (variant);
      VjDraft *draft;

      if (session == NULL)
        continue;  /* unreadable: not offered, left for a later version */
      draft = g_new0 (VjDraft, 1);
      draft->id = vj_store_stmt_get_int (stmt, 0);
      draft->session_id = vj_store_stmt_get_int (stmt, 1);
      draft->updated_at = vj_store_stmt_dup_text (stmt, 3);
      draft->session = session;
      g_ptr_array_add (drafts, draft);
    }
  return vj_store_stmt_check (stmt, error);
}

/**
 * vj_db_list_drafts:
 *
 * Returns: (transfer full) (element-type VjDraft): the drafts left from editors not closed,
 *   oldest first — after a crash, what to offer back
 */
GPtrArray *
vj_db_list_drafts (VjDb    *self,
                   GError **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_draft_free);
  VjStoreConn *conn;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  ok = read_drafts (conn, drafts, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&drafts) : NULL;
}
