#define G_LOG_DOMAIN "vj-db-erase"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-backup.h"
#include "vj-db-privacy-private.h"
#include "vj-store-erase.h"
#include "vj-store-notes.h"

/* Carrying out an erase plan (vj-db-privacy.c reads it), so that it finishes or can be
 * finished. In one transaction: a record of the erase (the reference as an HMAC under the
 * database's own key, never the reference; for a purge also its cutoff day), and the rows —
 * the sessions that involve only the erased people (with their search rows), the people (and
 * by cascade their shortlists, next steps and links), every draft that holds them. The records
 * are then worked off: the search index optimized, the file vacuumed, the WAL truncated, and
 * each backup opened and treated the same way (deleted when that fails). Only when all of that
 * is done is a record marked done; until then it is pending, and the work is taken up again at
 * the next vj_db_open () and by vj_db_erase_resume (). A done record stays as a tombstone:
 * restoring a backup marks every record pending again (_vj_db_erase_carry_records ()), so the
 * people are erased from the restored database before anything reads it. A person created after
 * the erase under the same reference is never touched.
 *
 * This file works on a database's path or a connection, never on a VjDb: vj_db_open () calls
 * it to resume, and the VjDb calls of vj-db-privacy.h (vj-db-privacy.c) give it their path or
 * reader. What only the engine knows how to do — deletions that overwrite what they free, the
 * free space and the log cleared, a backup opened on its own and removed with its side files —
 * is the store's erase hook (vj-store-erase.h); the search rows go through its notes hook. */

typedef struct
{
  gint64  id;
  char   *hmac;         /* NULL for a purge's cutoff */
  char   *cutoff;
  char   *created_at;
} EraseRecord;

static void
erase_record_free (EraseRecord *record)
{
  g_free (record->hmac);
  g_free (record->cutoff);
  g_free (record->created_at);
  g_free (record);
}

/* What is left to do; all zero when the erase is complete */
typedef struct
{
  gboolean file_left;      /* the database's free pages (VACUUM) */
  gboolean wal_left;       /* its WAL */
  guint    backups_left;   /* backups neither cleaned nor deleted */
  guint    backups_removed;/* backups that could not be cleaned, so were deleted */
  char    *why;            /* the first failure, in the store's words */
} EraseLeft;

/* Backups are SQLite files named *.db (vj-db.c, vj-db-backup.c) */
static gboolean
is_backup_name (const char *name)
{
  return g_str_has_suffix (name, ".db") && name[0] != '.';
}

/* Every backup file, as erasing sees them: those listed, those another name was given by hand,
 * and a damaged database set aside (not a copy being written: vj-db-backup.c) */
GPtrArray *
_vj_db_privacy_list_backups_for_path (const char *db_path)
{
  g_autofree char *db_dir = g_path_get_dirname (db_path);
  g_autofree char *dir = g_build_filename (db_dir, "backups", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (is_backup_name (name) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  return paths;
}

/* @sql after a table erased (id) of @plan's people, written here from their ids (integers:
 * no one's text reaches the SQL), once however often @sql reads it; empty when there are none */
char *
_vj_db_privacy_sql (const char        *sql,
                    const VjErasePlan *plan)
{
  GString *out = g_string_new ("WITH erased (id) AS (");

  for (guint i = 0; i < plan->people->len; i++)
    g_string_append_printf (out, "%s(%" G_GINT64_FORMAT ")", i > 0 ? ", " : "VALUES ",
                            ((VjErasePerson *) g_ptr_array_index (plan->people, i))->id);
  if (plan->people->len == 0)
    g_string_append (out, "SELECT 0 WHERE 1 = 0");
  g_string_append (out, ") ");
  g_string_append (out, sql);
  return g_string_free (out, FALSE);
}

/* ?1, where used: a purge's cutoff */
void
_vj_db_privacy_bind (VjStoreStmt       *stmt,
                     const VjErasePlan *plan)
{
  if (vj_store_stmt_get_n_params (stmt) >= 1)
    vj_store_stmt_bind_text (stmt, 1, plan->cutoff);
}

/* Returns: (transfer full) (element-type gint64): the sessions that go with @plan
 * (ERASED_SESSIONS), or NULL with @error */
GArray *
_vj_db_privacy_erased_sessions (VjStoreConn        *conn,
                                const VjErasePlan  *plan,
                                const char         *what,
                                GError            **error)
{
  g_autofree char *sql = _vj_db_privacy_sql (ERASED_SESSIONS ";", plan);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, what);
  _vj_db_privacy_bind (stmt, plan);
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* Whether a draft's @body holds @reference quoted as g_variant_print () quotes a string, either
 * way */
gboolean
_vj_db_privacy_draft_quotes (const char *body,
                             const char *reference)
{
  g_autofree char *single = NULL;
  g_autofree char *dbl = NULL;

  if (body == NULL || reference == NULL)
    return FALSE;
  single = g_strdup_printf ("'%s'", reference);
  dbl = g_strdup_printf ("\"%s\"", reference);
  return strstr (body, single) != NULL || strstr (body, dbl) != NULL;
}

/* Returns: (transfer full) (element-type gint64): the drafts that hold an erased person: by
 * id, by one of @sessions (those that go), or their reference quoted; NULL with @error */
GArray *
_vj_db_privacy_erased_drafts (VjStoreConn        *conn,
                              const VjErasePlan  *plan,
                              GArray             *sessions,
                              const char         *what,
                              GError            **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) people = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) gone = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < plan->people->len; i++)
    g_hash_table_add (people, &((VjErasePerson *) g_ptr_array_index (plan->people, i))->id);
  for (guint i = 0; i < sessions->len; i++)
    g_hash_table_add (gone, &g_array_index (sessions, gint64, i));

  stmt = vj_store_prepare (conn, "SELECT id, person_id, target_id, body FROM draft ORDER BY id;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, what);
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);
      gint64 person = vj_store_stmt_get_int (stmt, 1);
      gint64 target = vj_store_stmt_get_int (stmt, 2);
      const char *body = vj_store_stmt_get_text (stmt, 3);
      gboolean erased = (!vj_store_stmt_is_null (stmt, 1) &&
                         g_hash_table_contains (people, &person)) ||
                        (!vj_store_stmt_is_null (stmt, 2) &&
                         g_hash_table_contains (gone, &target));

      for (guint i = 0; !erased && i < plan->people->len; i++)
        erased = _vj_db_privacy_draft_quotes (
          body, ((VjErasePerson *) g_ptr_array_index (plan->people, i))->reference);
      if (erased)
        g_array_append_val (ids, id);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* The first failure, said once */
static void
note_failure (EraseLeft    *left,
              const GError *error)
{
  if (left->why == NULL && error != NULL)
    left->why = g_strdup (g_error_matches (error, VJ_DB_ERROR, VJ_DB_ERROR_FULL)
                          ? _("the disk is full") : error->message);
}

/* Runs @sql once for each of @ids (?1) */
static gboolean
each_id (VjStoreConn  *conn,
         const char   *sql,
         GArray       *ids,
         GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("deleting personal data"));
  for (guint i = 0; i < ids->len; i++)
    {
      vj_store_stmt_bind_int (stmt, 1, g_array_index (ids, gint64, i));
      if (!vj_store_stmt_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The rows @plan names, inside the caller's transaction: the sessions that involve only the
 * erased people (with their search rows), the drafts that hold them, the people (and by
 * cascade their shortlists, next steps and links); then the search index merged, so that no
 * old segment keeps their words */
static gboolean
delete_plan (VjStoreConn        *conn,
             const VjErasePlan  *plan,
             GError            **error)
{
  const char *what = _("deleting personal data");
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) drafts = NULL;
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < plan->people->len; i++)
    g_array_append_val (people, ((VjErasePerson *) g_ptr_array_index (plan->people, i))->id);
  sessions = _vj_db_privacy_erased_sessions (conn, plan, what, error);
  if (sessions == NULL)
    return FALSE;
  drafts = _vj_db_privacy_erased_drafts (conn, plan, sessions, what, error);
  if (drafts == NULL || !each_id (conn, "DELETE FROM draft WHERE id = ?1;", drafts, error))
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    if (!vj_store_notes_remove (conn, g_array_index (sessions, gint64, i), error))
      return FALSE;
  return each_id (conn, "DELETE FROM session WHERE id = ?1;", sessions, error) &&
         each_id (conn, "DELETE FROM person WHERE id = ?1;", people, error) &&
         vj_store_notes_optimize (conn, error);
}

static GBytes *
read_key (VjStoreConn *conn)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "SELECT key FROM erase_key WHERE id = 1;", NULL);
  g_autoptr(GBytes) key = NULL;

  if (stmt != NULL && vj_store_stmt_next (stmt))
    key = vj_store_stmt_dup_bytes (stmt, 0);
  if (key == NULL || g_bytes_get_size (key) == 0)
    return NULL;
  return g_steal_pointer (&key);
}

static char *
reference_hmac (GBytes     *key,
                const char *reference)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (key, &length);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, data, length, reference, -1);
}

static GPtrArray *
read_records (VjStoreConn *conn,
              gboolean     pending_only)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) erase_record_free);
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn,
                      pending_only
                      ? "SELECT id, reference_hmac, cutoff, created_at FROM erase_record"
                        " WHERE done_at IS NULL ORDER BY id;"
                      : "SELECT id, reference_hmac, cutoff, created_at FROM erase_record"
                        " ORDER BY id;", NULL);

  while (stmt != NULL && vj_store_stmt_next (stmt))
    {
      EraseRecord *record = g_new0 (EraseRecord, 1);

      record->id = vj_store_stmt_get_int (stmt, 0);
      record->hmac = vj_store_stmt_dup_text (stmt, 1);
      record->cutoff = vj_store_stmt_dup_text (stmt, 2);
      record->created_at = vj_store_stmt_dup_text (stmt, 3);
      g_ptr_array_add (records, record);
    }
  return records;
}

static void
free_person (VjErasePerson *p)
{
  g_free (p->reference);
  g_free (p->last_session);
  g_free (p);
}

/* The people of @conn that @records name (created no later than the erase) into @plan, with
 * the latest cutoff among them */
static gboolean
match_records (VjStoreConn  *conn,
               GBytes       *key,
               GPtrArray    *records,
               VjErasePlan  *plan,
               GError      **error)
{
  g_autoptr(GHashTable) erased = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(VjStoreStmt) stmt = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      EraseRecord *record = g_ptr_array_index (records, i);
      const char *seen;

      if (record->cutoff != NULL && g_strcmp0 (record->cutoff, plan->cutoff) > 0)
        {
          g_free (plan->cutoff);
          plan->cutoff = g_strdup (record->cutoff);
        }
      if (record->hmac == NULL)
        continue;
      seen = g_hash_table_lookup (erased, record->hmac);
      if (seen == NULL || g_strcmp0 (record->created_at, seen) > 0)
        g_hash_table_insert (erased, record->hmac, record->created_at);
    }

  if (key == NULL || g_hash_table_size (erased) == 0)
    return TRUE;
  stmt = vj_store_prepare (conn, "SELECT id, reference, created_at FROM person;", error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("deleting personal data"));
  while (vj_store_stmt_next (stmt))
    {
      const char *reference = vj_store_stmt_get_text (stmt, 1);
      const char *created = vj_store_stmt_get_text (stmt, 2);
      g_autofree char *hmac = reference != NULL ? reference_hmac (key, reference) : NULL;
      const char *erased_at = hmac != NULL ? g_hash_table_lookup (erased, hmac) : NULL;

      if (erased_at != NULL && g_strcmp0 (created, erased_at) <= 0)
        {
          VjErasePerson *p = g_new0 (VjErasePerson, 1);

          p->id = vj_store_stmt_get_int (stmt, 0);
          p->reference = g_strdup (reference);
          g_ptr_array_add (plan->people, p);
        }
    }
  return vj_store_stmt_check (stmt, error);
}

/* The rows, in a transaction of their own (nothing left in the freed pages) */
static gboolean
delete_rows (VjStoreConn        *conn,
             const VjErasePlan  *plan,
             GError            **error)
{
  if (!vj_store_erase_begin (conn, error))
    return FALSE;
  if (!delete_plan (conn, plan, error) || !vj_store_exec (conn, "COMMIT;", error))
    {
      vj_store_exec (conn, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}

/* A backup holds the same people under the same references, found again by their HMAC */
static void
erase_in_backup (const char *path,
                 GBytes     *key,
                 GPtrArray  *records,
                 EraseLeft  *left)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) free_person);
  VjErasePlan plan = { .people = people };
  VjStoreConn *conn;
  gboolean ok;

  conn = vj_store_erase_open_copy (path, FALSE, &error);
  /* Matching reads the file, which also rolls back what a killed erase left half-written */
  ok = conn != NULL && match_records (conn, key, records, &plan, &error) &&
       delete_rows (conn, &plan, &error) &&
       vj_store_erase_clear_free_space (conn, &error) &&
       vj_store_erase_detach_log (conn, &error);
  g_free (plan.cutoff);
  if (!ok)
    note_failure (left, error);
  vj_store_close (conn);
  if (!ok)
    {
      /* A backup that cannot be cleaned is not kept (it is not a migration's only copy: that
       * one is taken again at the next upgrade) */
      vj_store_erase_remove_copy (path);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        left->backups_left++;
      else
        left->backups_removed++;
    }
}

static void
set_pending_error (GError         **error,
                   const EraseLeft *left)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, _("The data is deleted from the database, but not yet from every file. "
                           "Still to do:"));
  if (left->file_left)
    g_string_append_printf (text, "\n– %s", _("clearing the free space in the database file"));
  if (left->wal_left)
    g_string_append_printf (text, "\n– %s",
                            _("emptying the database’s write-ahead log (the -wal file)"));
  if (left->backups_left > 0)
    {
      g_autofree char *backups =
        /* Translators: one item of a list of what an erase still has to do */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "cleaning %u backup",
                                      "cleaning %u backups", left->backups_left),
                         left->backups_left);
      g_string_append_printf (text, "\n– %s", backups);
    }
  if (left->why != NULL)
    g_string_append_printf (text, "\n%s", left->why);
  g_string_append_printf (text, "\n%s",
                          _("Vejviser finishes it the next time it opens the database, or when "
                            "you erase again."));
  g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_PENDING, text->str);
}

/* Works off the pending erase records of the database at @path: the people they name deleted
 * from it when still there (a restored backup), its free pages and WAL cleared, every backup
 * cleaned; then the records marked done. @check_main: look for the people in the database
 * itself (not needed right after the transaction that deleted them). */
static gboolean
work_off (const char  *db_path,
          gboolean     check_main,
          guint       *n_backups_removed,
          GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) failure = NULL;
  EraseLeft left = { 0 };
  VjStoreConn *conn;
  int writing;

  conn = vj_store_open (db_path, FALSE, error);
  if (conn == NULL)
    return FALSE;
  records = read_records (conn, TRUE);
  /* A copy killed half-way may hold them too */
  if (records->len > 0)
    vj_db_backup_clean_partial (db_path);
  if (records->len == 0)
    {
      vj_store_close (conn);
      return TRUE;
    }
  key = read_key (conn);

  if (check_main)
    {
      g_autoptr(GPtrArray) people =
        g_ptr_array_new_with_free_func ((GDestroyNotify) free_person);
      VjErasePlan plan = { .people = people };
      gboolean ok;

      ok = match_records (conn, key, records, &plan, error) &&
           ((people->len == 0 && plan.cutoff == NULL) || delete_rows (conn, &plan, error));
      g_free (plan.cutoff);
      if (!ok)
        {
          /* The rows themselves are still there: nothing else is worth doing yet */
          vj_store_close (conn);
          return FALSE;
        }
    }

  /* Nothing of theirs left in free pages, then nothing in the WAL; a save meanwhile waits
   * for it, knowing it is Vejviser's (_vj_db_writing_begin ()) */
  writing = _vj_db_writing_begin (conn);
  if (!vj_store_erase_clear_free_space (conn, &failure))
    {
      left.file_left = TRUE;
      note_failure (&left, failure);
      g_clear_error (&failure);
    }
  if (!vj_store_erase_empty_log (conn))
    left.wal_left = TRUE;
  _vj_db_writing_end (writing);

  backups = _vj_db_privacy_list_backups_for_path (db_path);
  for (guint i = 0; i < backups->len; i++)
    erase_in_backup (g_ptr_array_index (backups, i), key, records, &left);
  if (n_backups_removed != NULL)
    *n_backups_removed = left.backups_removed;

  if (!left.file_left && !left.wal_left && left.backups_left == 0)
    {
      g_autoptr(VjStoreStmt) stmt = NULL;
      g_autofree char *now = _vj_db_now ();

      stmt = vj_store_prepare (conn, "UPDATE erase_record SET done_at = ?1"
                                     " WHERE done_at IS NULL AND id <= ?2;", &failure);
      if (stmt != NULL)
        {
          vj_store_stmt_set_what (stmt, _("deleting personal data"));
          vj_store_stmt_bind_text (stmt, 1, now);
          vj_store_stmt_bind_int (stmt, 2,
                                  ((EraseRecord *) g_ptr_array_index (records,
                                                                      records->len - 1))->id);
          vj_store_stmt_run (stmt, &failure);
        }
      g_clear_pointer (&stmt, vj_store_stmt_free);
      note_failure (&left, failure);
      vj_store_erase_empty_log (conn);
    }
  vj_store_close (conn);

  if (left.file_left || left.wal_left || left.backups_left > 0)
    {
      set_pending_error (error, &left);
      g_free (left.why);
      return FALSE;
    }
  g_free (left.why);
  return TRUE;
}

/* vj_db_erase_resume () of the database at @db_path */
gboolean
_vj_db_erase_resume_at_path (const char *db_path,
                             GError    **error)
{
  return work_off (db_path, TRUE, NULL, error);
}

/* vj_db_open (): what an earlier erase left pending is finished before anything reads */
void
_vj_db_erase_resume_at_open (const char *db_path)
{
  g_autoptr(GError) error = NULL;

  if (!work_off (db_path, TRUE, NULL, &error))
    g_message ("An erase is still pending: %s", error->message);
}

/* The records of the database at @from, all pending, written into @to (a backup about to be
 * restored in its place), so that what was erased is erased again from it at its first open.
 * Best effort: a damaged @from has nothing to give. */
void
_vj_db_erase_carry_records (const char *from,
                            const char *to)
{
  VjStoreConn *source, *target;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) target_key = NULL;
  gboolean ok;

  source = vj_store_erase_open_copy (from, TRUE, NULL);
  if (source != NULL)
    {
      key = read_key (source);
      records = read_records (source, FALSE);
    }
  vj_store_close (source);

  target = vj_store_erase_open_copy (to, FALSE, NULL);
  if (target == NULL || !vj_store_exec (target, "BEGIN;", NULL))
    {
      vj_store_close (target);
      return;
    }
  ok = vj_store_exec (target, _vj_db_erase_tables_sql, NULL) &&
       /* Its own tombstones too: whatever it holds of them goes again */
       vj_store_exec (target, "UPDATE erase_record SET done_at = NULL;", NULL);
  target_key = read_key (target);
  if (ok && key != NULL && records != NULL && records->len > 0)
    {
      g_autoptr(VjStoreStmt) stmt = NULL;

      /* Hashes are only comparable under one key: a backup of this database has it already;
       * one from before the records took the key of the database it is restored over */
      if (target_key != NULL && !g_bytes_equal (key, target_key))
        {
          gint64 n_own = 1;

          if (vj_store_query_int (target, "SELECT count (*) FROM erase_record;", &n_own, NULL) &&
              n_own == 0)
            {
              stmt = vj_store_prepare (target, "UPDATE erase_key SET key = ?1 WHERE id = 1;",
                                       NULL);
              if (stmt != NULL)
                {
                  vj_store_stmt_bind_bytes (stmt, 1, key);
                  if (vj_store_stmt_run (stmt, NULL))
                    g_clear_pointer (&target_key, g_bytes_unref);
                }
              g_clear_pointer (&stmt, vj_store_stmt_free);
            }
          if (target_key == NULL)
            target_key = g_bytes_ref (key);
        }
      if (target_key != NULL && g_bytes_equal (key, target_key))
        {
          stmt = vj_store_prepare (target,
                                   "INSERT INTO erase_record (reference_hmac, cutoff, created_at)"
                                   " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM"
                                   "   erase_record WHERE reference_hmac IS NOT DISTINCT FROM ?1"
                                   "     AND cutoff IS NOT DISTINCT FROM ?2"
                                   "     AND created_at = ?3);", NULL);
          ok = stmt != NULL;
        }
      for (guint i = 0; ok && stmt != NULL && i < records->len; i++)
        {
          EraseRecord *record = g_ptr_array_index (records, i);

          vj_store_stmt_bind_text (stmt, 1, record->hmac);
          vj_store_stmt_bind_text (stmt, 2, record->cutoff);
          vj_store_stmt_bind_text (stmt, 3, record->created_at);
          ok = vj_store_stmt_run (stmt, NULL);
        }
    }
  vj_store_exec (target, ok ? "COMMIT;" : "ROLLBACK;", NULL);
  vj_store_close (target);
}

/* vj_db_erase_lookup () on a reader @conn */
VjEraseState
_vj_db_erase_lookup_on (VjStoreConn  *conn,
                        const char   *reference,
                        char        **erased_at,
                        GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *hmac = NULL;
  VjEraseState state = VJ_ERASE_NONE;

  key = read_key (conn);
  if (key == NULL)
    return VJ_ERASE_NONE;
  hmac = reference_hmac (key, reference);
  stmt = vj_store_prepare (conn, "SELECT created_at, done_at IS NULL FROM erase_record"
                                 " WHERE reference_hmac = ?1 ORDER BY id DESC LIMIT 1;", error);
  if (stmt == NULL)
    return VJ_ERASE_NONE;
  vj_store_stmt_set_what (stmt, _("reading a person"));
  vj_store_stmt_bind_text (stmt, 1, hmac);
  if (vj_store_stmt_next (stmt))
    {
      state = vj_store_stmt_get_boolean (stmt, 1) ? VJ_ERASE_PENDING : VJ_ERASE_DONE;
      if (erased_at != NULL)
        *erased_at = vj_store_stmt_dup_text (stmt, 0);
    }
  else
    vj_store_stmt_check (stmt, error);
  return state;
}

/* The erase's records, one for each person (the reference's HMAC under @key) and one for a
 * purge's cutoff, and the rows: in the caller's transaction */
static gboolean
record_and_delete (VjStoreConn  *conn,
                   GBytes       *key,
                   VjErasePlan  *plan,
                   GError      **error)
{
  g_autofree char *now = _vj_db_now ();
  g_autoptr(VjStoreStmt) stmt = NULL;

  stmt = vj_store_prepare (conn, "INSERT INTO erase_record (reference_hmac, cutoff, created_at)"
                                 " VALUES (?1, ?2, ?3);", error);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("deleting personal data"));
  for (guint i = 0; i <= plan->people->len; i++)
    {
      g_autofree char *hmac = NULL;

      if (i == plan->people->len && plan->cutoff == NULL)
        break;
      if (i < plan->people->len)
        {
          if (key == NULL)
            {
              g_set_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_A_DATABASE,
                           _("The file is not a Vejviser database or it is damaged (%s)."),
                           "erase_key");
              return FALSE;
            }
          hmac = reference_hmac (key, ((VjErasePerson *) plan->people->pdata[i])->reference);
        }
      vj_store_stmt_bind_text (stmt, 1, hmac);
      vj_store_stmt_bind_text (stmt, 2, i < plan->people->len ? NULL : plan->cutoff);
      vj_store_stmt_bind_text (stmt, 3, now);
      if (!vj_store_stmt_run (stmt, error))
        return FALSE;
    }
  return delete_plan (conn, plan, error);
}

/* vj_db_erase () of the database at @db_path, on a connection of its own */
gboolean
_vj_db_erase_at_path (const char   *db_path,
                      VjErasePlan  *plan,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GBytes) key = NULL;
  VjStoreConn *conn;
  int writing;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  conn = vj_store_open (db_path, FALSE, error);
  if (conn == NULL)
    return FALSE;
  /* A purge is one of the changes a backup is taken before (vj-db-backup.c); the sessions it
   * deletes go from that backup too, below, as from every other */
  if (plan->cutoff != NULL)
    {
      g_autofree char *backup = _vj_db_backup_take (conn, "purge", error);

      if (backup == NULL)
        {
          vj_store_close (conn);
          return FALSE;
        }
    }
  key = read_key (conn);

  /* The records and the rows: one transaction */
  if (!vj_store_erase_begin (conn, error))
    {
      vj_store_close (conn);
      return FALSE;
    }
  writing = _vj_db_writing_begin (conn);
  if (!record_and_delete (conn, key, plan, error) || !vj_store_exec (conn, "COMMIT;", error))
    {
      vj_store_exec (conn, "ROLLBACK;", NULL);
      _vj_db_writing_end (writing);
      vj_store_close (conn);
      return FALSE;
    }
  _vj_db_writing_end (writing);
  vj_store_close (conn);

  return work_off (db_path, FALSE, &plan->n_backups_removed, error);
}
