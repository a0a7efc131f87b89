#define G_LOG_DOMAIN "vj-db-erase"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vj-db-backup.h"
#include "vj-db-privacy-private.h"

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
 * reader. */

static const char erase_sql[] =
  "CREATE TEMP TABLE erase_session (id INTEGER PRIMARY KEY);"
  "INSERT OR IGNORE INTO temp.erase_session " ERASED_SESSIONS ";"
  "DELETE FROM draft WHERE " ERASED_DRAFT ";"
  "DELETE FROM session_fts WHERE rowid IN (SELECT id FROM temp.erase_session);"
  "DELETE FROM session WHERE id IN (SELECT id FROM temp.erase_session);"
  "DELETE FROM person WHERE id IN (SELECT value FROM json_each (?1));"
  "INSERT INTO session_fts (session_fts) VALUES ('optimize');"
  "DROP TABLE temp.erase_session;";

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
  char    *why;            /* the first failure, in SQLite's words */
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

/* ?1: the ids; ?3: each reference quoted both ways g_variant_print () may quote it */
void
_vj_db_privacy_plan_json (const VjErasePlan  *plan,
                          char              **ids,
                          char              **patterns)
{
  g_autoptr(JsonArray) id_array = json_array_new ();
  g_autoptr(JsonArray) pattern_array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < plan->people->len; i++)
    {
      VjErasePerson *p = g_ptr_array_index (plan->people, i);

      g_autofree char *single = g_strdup_printf ("'%s'", p->reference);
      g_autofree char *dbl = g_strdup_printf ("\"%s\"", p->reference);

      json_array_add_int_element (id_array, p->id);
      json_array_add_string_element (pattern_array, single);
      json_array_add_string_element (pattern_array, dbl);
    }
  json_node_set_array (node, id_array);
  *ids = json_to_string (node, FALSE);
  json_node_set_array (node, pattern_array);
  *patterns = json_to_string (node, FALSE);
}

gboolean
_vj_db_privacy_bind (sqlite3_stmt *stmt,
                     const char   *ids,
                     const char   *cutoff,
                     const char   *patterns)
{
  int n = sqlite3_bind_parameter_count (stmt);

  if (n >= 1)
    _vj_db_bind_text (stmt, 1, ids);
  if (n >= 2)
    _vj_db_bind_text (stmt, 2, cutoff);
  if (n >= 3)
    _vj_db_bind_text (stmt, 3, patterns);
  return TRUE;
}

static void
note_failure (EraseLeft  *left,
              sqlite3    *conn,
              int         rc)
{
  if (left->why == NULL)
    left->why = g_strdup ((rc & 0xff) == SQLITE_FULL ? _("the disk is full")
                          : conn != NULL ? sqlite3_errmsg (conn) : sqlite3_errstr (rc));
}

static gboolean
exec_bound (sqlite3    *conn,
            const char *sql,
            const char *ids,
            const char *cutoff,
            const char *patterns)
{
  const char *tail = sql;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (conn, tail, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        return FALSE;
      if (stmt == NULL)
        break;
      _vj_db_privacy_bind (stmt, ids, cutoff, patterns);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return FALSE;
    }
  return TRUE;
}

/* Fold the WAL into the file and empty it; readers that hold it briefly are waited for */
static gboolean
truncate_wal (sqlite3 *conn)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      int busy = 1, rc;
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (conn, "PRAGMA wal_checkpoint(TRUNCATE);", -1, &stmt, NULL);
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        busy = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        /* A full disk: waiting does not help */
        return FALSE;
      if (rc == SQLITE_ROW && !busy)
        return TRUE;
      g_usleep (50000);
    }
  return FALSE;
}

static GBytes *
read_key (sqlite3 *conn)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *key = NULL;

  if (sqlite3_prepare_v2 (conn, "SELECT key FROM erase_key WHERE id = 1;", -1, &stmt,
                          NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_bytes (stmt, 0) > 0)
    key = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return key;
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
read_records (sqlite3  *conn,
              gboolean  pending_only)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) erase_record_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (conn,
                          pending_only
                          ? "SELECT id, reference_hmac, cutoff, created_at FROM erase_record"
                            " WHERE done_at IS NULL ORDER BY id;"
                          : "SELECT id, reference_hmac, cutoff, created_at FROM erase_record"
                            " ORDER BY id;", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return records;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      EraseRecord *record = g_new0 (EraseRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->hmac = _vj_db_column_dup (stmt, 1);
      record->cutoff = _vj_db_column_dup (stmt, 2);
      record->created_at = _vj_db_column_dup (stmt, 3);
      g_ptr_array_add (records, record);
    }
  sqlite3_finalize (stmt);
  return records;
}

static void
free_person (VjErasePerson *p)
{
  g_free (p->reference);
  g_free (p->last_session);
  g_free (p);
}

/* The people of @conn that @records name (created no later than the erase), as the JSON the
 * erase statements bind, and the latest cutoff among them */
static gboolean
match_records (sqlite3    *conn,
               GBytes     *key,
               GPtrArray  *records,
               char      **ids,
               char      **patterns,
               char      **cutoff,
               guint      *n_people)
{
  g_autoptr(GHashTable) erased = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) free_person);
  VjErasePlan plan = { .people = people };
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_DONE;

  *cutoff = NULL;
  for (guint i = 0; i < records->len; i++)
    {
      EraseRecord *record = g_ptr_array_index (records, i);
      const char *seen;

      if (record->cutoff != NULL && g_strcmp0 (record->cutoff, *cutoff) > 0)
        {
          g_free (*cutoff);
          *cutoff = g_strdup (record->cutoff);
        }
      if (record->hmac == NULL)
        continue;
      seen = g_hash_table_lookup (erased, record->hmac);
      if (seen == NULL || g_strcmp0 (record->created_at, seen) > 0)
        g_hash_table_insert (erased, record->hmac, record->created_at);
    }

  if (key != NULL && g_hash_table_size (erased) > 0)
    {
      rc = sqlite3_prepare_v2 (conn, "SELECT id, reference, created_at FROM person;", -1,
                               &stmt, NULL);
      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *reference = (const char *) sqlite3_column_text (stmt, 1);
          const char *created = (const char *) sqlite3_column_text (stmt, 2);
          g_autofree char *hmac = reference != NULL ? reference_hmac (key, reference) : NULL;
          const char *erased_at = hmac != NULL ? g_hash_table_lookup (erased, hmac) : NULL;

          if (erased_at != NULL && g_strcmp0 (created, erased_at) <= 0)
            {
              VjErasePerson *p = g_new0 (VjErasePerson, 1);

              p->id = sqlite3_column_int64 (stmt, 0);
              p->reference = g_strdup (reference);
              g_ptr_array_add (people, p);
            }
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
    }
  _vj_db_privacy_plan_json (&plan, ids, patterns);
  *n_people = people->len;
  return rc == SQLITE_DONE;
}

/* The rows, in a transaction of their own (secure_delete: nothing left in the freed pages) */
static gboolean
delete_rows (sqlite3    *conn,
             const char *ids,
             const char *cutoff,
             const char *patterns)
{
  if (sqlite3_exec (conn, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE;", NULL, NULL,
                    NULL) != SQLITE_OK)
    return FALSE;
  if (!exec_bound (conn, erase_sql, ids, cutoff, patterns) ||
      sqlite3_exec (conn, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
drop_file (const char *path)
{
  const char *suffixes[] = { "-journal", "-wal", "-shm", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* A backup holds the same people under the same references, found again by their HMAC */
static void
erase_in_backup (const char *path,
                 GBytes     *key,
                 GPtrArray  *records,
                 EraseLeft  *left)
{
  sqlite3 *conn = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *patterns = NULL;
  g_autofree char *cutoff = NULL;
  guint n_people = 0;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (conn, 1);
      sqlite3_busy_timeout (conn, 5000);
      rc = sqlite3_exec (conn, "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
    }
  /* Matching reads the file, which also rolls back what a killed erase left half-written */
  if (rc == SQLITE_OK && match_records (conn, key, records, &ids, &patterns, &cutoff, &n_people))
    ok = delete_rows (conn, ids, cutoff, patterns) &&
         sqlite3_exec (conn, "VACUUM;", NULL, NULL, NULL) == SQLITE_OK &&
         sqlite3_exec (conn, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    note_failure (left, conn, conn != NULL ? sqlite3_extended_errcode (conn) : rc);
  sqlite3_close (conn);
  if (!ok)
    {
      /* A backup that cannot be cleaned is not kept (it is not a migration's only copy: that
       * one is taken again at the next upgrade) */
      drop_file (path);
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
  EraseLeft left = { 0 };
  sqlite3 *conn;
  int rc, writing;

  conn = _vj_db_open_connection (db_path, FALSE, error);
  if (conn == NULL)
    return FALSE;
  records = read_records (conn, TRUE);
  /* A copy killed half-way may hold them too */
  if (records->len > 0)
    vj_db_backup_clean_partial (db_path);
  if (records->len == 0)
    {
      sqlite3_close (conn);
      return TRUE;
    }
  key = read_key (conn);

  if (check_main)
    {
      g_autofree char *ids = NULL;
      g_autofree char *patterns = NULL;
      g_autofree char *cutoff = NULL;
      guint n_people = 0;

      if (!match_records (conn, key, records, &ids, &patterns, &cutoff, &n_people) ||
          ((n_people > 0 || cutoff != NULL) && !delete_rows (conn, ids, cutoff, patterns)))
        {
          /* The rows themselves are still there: nothing else is worth doing yet */
          _vj_db_set_error (error, conn, sqlite3_extended_errcode (conn),
                            _("deleting personal data"));
          sqlite3_close (conn);
          return FALSE;
        }
    }

  /* Nothing of theirs left in free pages, then nothing in the WAL; a save meanwhile waits
   * for it, knowing it is Vejviser's (_vj_db_writing_begin ()) */
  writing = _vj_db_writing_begin (conn);
  rc = sqlite3_exec (conn, "PRAGMA secure_delete = ON; VACUUM;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      left.file_left = TRUE;
      note_failure (&left, conn, sqlite3_extended_errcode (conn));
    }
  if (!truncate_wal (conn))
    left.wal_left = TRUE;
  _vj_db_writing_end (writing);

  backups = _vj_db_privacy_list_backups_for_path (db_path);
  for (guint i = 0; i < backups->len; i++)
    erase_in_backup (g_ptr_array_index (backups, i), key, records, &left);
  if (n_backups_removed != NULL)
    *n_backups_removed = left.backups_removed;

  if (!left.file_left && !left.wal_left && left.backups_left == 0)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *now = _vj_db_now ();

      rc = sqlite3_prepare_v2 (conn, "UPDATE erase_record SET done_at = ?1"
                                     " WHERE done_at IS NULL AND id <= ?2;", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          _vj_db_bind_text (stmt, 1, now);
          sqlite3_bind_int64 (stmt, 2,
                              ((EraseRecord *) g_ptr_array_index (records,
                                                                  records->len - 1))->id);
          rc = sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        note_failure (&left, conn, sqlite3_extended_errcode (conn));
      truncate_wal (conn);
    }
  sqlite3_close (conn);

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
  sqlite3 *source = NULL, *target = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) target_key = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_open_v2 (from, &source, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      key = read_key (source);
      records = read_records (source, FALSE);
    }
  sqlite3_close (source);

  if (sqlite3_open_v2 (to, &target, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (target, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (target);
      return;
    }
  rc = sqlite3_exec (target, _vj_db_erase_tables_sql, NULL, NULL, NULL);
  /* Its own tombstones too: whatever it holds of them goes again */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (target, "UPDATE erase_record SET done_at = NULL;", NULL, NULL, NULL);
  target_key = read_key (target);
  if (rc == SQLITE_OK && key != NULL && records != NULL && records->len > 0)
    {
      /* Hashes are only comparable under one key: a backup of this database has it already;
       * one from before the records took the key of the database it is restored over */
      if (target_key != NULL && !g_bytes_equal (key, target_key) &&
          sqlite3_exec (target, "SELECT 1 FROM erase_record LIMIT 1;", NULL, NULL,
                        NULL) == SQLITE_OK)
        {
          gboolean has_own = FALSE;

          if (sqlite3_prepare_v2 (target, "SELECT count (*) FROM erase_record;", -1, &stmt,
                                  NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
            has_own = sqlite3_column_int (stmt, 0) > 0;
          sqlite3_finalize (stmt);
          stmt = NULL;
          if (!has_own &&
              sqlite3_prepare_v2 (target, "UPDATE erase_key SET key = ?1 WHERE id = 1;", -1,
                                  &stmt, NULL) == SQLITE_OK)
            {
              sqlite3_bind_blob (stmt, 1, g_bytes_get_data (key, NULL),
                                 (int) g_bytes_get_size (key), SQLITE_TRANSIENT);
              if (sqlite3_step (stmt) == SQLITE_DONE)
                g_clear_pointer (&target_key, g_bytes_unref);
            }
          sqlite3_finalize (stmt);
          stmt = NULL;
          if (target_key == NULL)
            target_key = g_bytes_ref (key);
        }
      if (target_key != NULL && g_bytes_equal (key, target_key))
        rc = sqlite3_prepare_v2 (target,
                                 "INSERT INTO erase_record (reference_hmac, cutoff, created_at)"
                                 " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM erase_record"
                                 "   WHERE reference_hmac IS ?1 AND cutoff IS ?2"
                                 "     AND created_at = ?3);", -1, &stmt, NULL);
      for (guint i = 0; rc == SQLITE_OK && stmt != NULL && i < records->len; i++)
        {
          EraseRecord *record = g_ptr_array_index (records, i);

          _vj_db_bind_text (stmt, 1, record->hmac);
          _vj_db_bind_text (stmt, 2, record->cutoff);
          _vj_db_bind_text (stmt, 3, record->created_at);
          rc = sqlite3_step (stmt) == SQLITE_DONE ? sqlite3_reset (stmt) : SQLITE_ERROR;
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (target, rc == SQLITE_OK ? "COMMIT;" : "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (target);
}

/* vj_db_erase_lookup () on a reader @conn */
VjEraseState
_vj_db_erase_lookup_on (sqlite3     *conn,
                        const char  *reference,
                        char       **erased_at,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *hmac = NULL;
  VjEraseState state = VJ_ERASE_NONE;
  int rc;

  key = read_key (conn);
  if (key == NULL)
    return VJ_ERASE_NONE;
  hmac = reference_hmac (key, reference);
  rc = sqlite3_prepare_v2 (conn, "SELECT created_at, done_at IS NULL FROM erase_record"
                                 " WHERE reference_hmac = ?1 ORDER BY id DESC LIMIT 1;",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _vj_db_bind_text (stmt, 1, hmac);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      state = sqlite3_column_int (stmt, 1) ? VJ_ERASE_PENDING : VJ_ERASE_DONE;
      if (erased_at != NULL)
        *erased_at = _vj_db_column_dup (stmt, 0);
    }
  else if (rc != SQLITE_DONE)
    _vj_db_set_error (error, conn, rc, _("reading a person"));
  sqlite3_finalize (stmt);
  return state;
}

/* vj_db_erase () of the database at @db_path, on a connection of its own */
gboolean
_vj_db_erase_at_path (const char   *db_path,
                      VjErasePlan  *plan,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autofree char *ids = NULL;
  g_autofree char *patterns = NULL;
  g_autofree char *now = _vj_db_now ();
  g_autoptr(GBytes) key = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *conn;
  int rc, writing;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  _vj_db_privacy_plan_json (plan, &ids, &patterns);

  conn = _vj_db_open_connection (db_path, FALSE, error);
  if (conn == NULL)
    return FALSE;
  /* A purge is one of the changes a backup is taken before (vj-db-backup.c); the sessions it
   * deletes go from that backup too, below, as from every other */
  if (plan->cutoff != NULL)
    {
      g_autofree char *backup = _vj_db_backup_take (conn, "purge", error);

      if (backup == NULL)
        {
          sqlite3_close (conn);
          return FALSE;
        }
    }
  key = read_key (conn);

  /* The records and the rows: one transaction */
  rc = sqlite3_exec (conn, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE;", NULL, NULL, NULL);
  writing = rc == SQLITE_OK ? _vj_db_writing_begin (conn) : -1;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (conn, "INSERT INTO erase_record (reference_hmac, cutoff, created_at)"
                                   " VALUES (?1, ?2, ?3);", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i <= plan->people->len; i++)
    {
      g_autofree char *hmac = NULL;

      if (i == plan->people->len && plan->cutoff == NULL)
        break;
      if (i < plan->people->len)
        {
          if (key == NULL)
            {
              rc = SQLITE_CORRUPT;
              break;
            }
          hmac = reference_hmac (key, ((VjErasePerson *) plan->people->pdata[i])->reference);
        }
      _vj_db_bind_text (stmt, 1, hmac);
      _vj_db_bind_text (stmt, 2, i < plan->people->len ? NULL : plan->cutoff);
      _vj_db_bind_text (stmt, 3, now);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? sqlite3_reset (stmt)
                                              : sqlite3_extended_errcode (conn);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK && !exec_bound (conn, erase_sql, ids, plan->cutoff, patterns))
    rc = sqlite3_extended_errcode (conn);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (conn, "COMMIT;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _vj_db_set_error (error, conn, rc, _("deleting personal data"));
      sqlite3_exec (conn, "ROLLBACK;", NULL, NULL, NULL);
      _vj_db_writing_end (writing);
      sqlite3_close (conn);
      return FALSE;
    }
  _vj_db_writing_end (writing);
  sqlite3_close (conn);

  return work_off (db_path, FALSE, &plan->n_backups_removed, error);
}
