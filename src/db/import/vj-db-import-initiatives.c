#define G_LOG_DOMAIN "vj-db-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-import-private.h"
#include "vj-text.h"

/* Staging the initiatives of a feed — with their goals, actors and links — beside the
 * catalogue's records (vj-db-import.c). */

static gboolean
stage_initiative_children (VjDbImport               *self,
                           const VjInitiativeRecord *record,
                           GError                  **error)
{
  VjStoreStmt *stmt;

  for (guint i = 0; i < record->goals->len; i++)
    {
      VjGoalRecord *goal = g_ptr_array_index (record->goals, i);

      stmt = _vj_db_import_stage_prepare (self,
                      "INSERT INTO stage_goal (initiative_ext, position, text, target) "
                      "VALUES (?1, ?2, ?3, ?4);",
                      error);
      if (stmt == NULL)
        return FALSE;
      vj_store_stmt_bind_text (stmt, 1, record->external_id);
      vj_store_stmt_bind_int (stmt, 2, (int) i);
      vj_store_stmt_bind_text (stmt, 3, goal->text);
      vj_store_stmt_bind_text (stmt, 4, goal->target);
      if (!_vj_db_import_stage_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < record->actors->len; i++)
    {
      VjActorRecord *actor = g_ptr_array_index (record->actors, i);

      stmt = _vj_db_import_stage_prepare (self,
                      "INSERT INTO stage_actor (initiative_ext, position, name, role, address, "
                      "  phone, email, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);",
                      error);
      if (stmt == NULL)
        return FALSE;
      vj_store_stmt_bind_text (stmt, 1, record->external_id);
      vj_store_stmt_bind_int (stmt, 2, (int) i);
      vj_store_stmt_bind_text (stmt, 3, actor->name);
      vj_store_stmt_bind_text (stmt, 4, actor->role);
      vj_store_stmt_bind_text (stmt, 5, actor->address);
      vj_store_stmt_bind_text (stmt, 6, actor->phone);
      vj_store_stmt_bind_text (stmt, 7, actor->email);
      vj_store_stmt_bind_text (stmt, 8, actor->url);
      if (!_vj_db_import_stage_done (self, stmt, error))
        return FALSE;
    }

  for (guint k = 0; k < 3; k++)
    {
      guint n = k == 0 ? record->programme_refs->len
              : k == 1 ? record->institution_refs->len
              : record->municipality_refs->len;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *code = NULL;
          const char *ref;

          if (k == 0)
            ref = g_ptr_array_index (record->programme_refs, i);
          else if (k == 1)
            ref = g_ptr_array_index (record->institution_refs, i);
          else
            ref = code = g_strdup_printf ("%d", g_array_index (record->municipality_refs, int, i));

          stmt = _vj_db_import_stage_prepare (self,
                          "INSERT INTO stage_link (initiative_ext, kind, ref, line) "
                          "VALUES (?1, ?2, ?3, ?4);",
                          error);
          if (stmt == NULL)
            return FALSE;
          vj_store_stmt_bind_text (stmt, 1, record->external_id);
          vj_store_stmt_bind_text (stmt, 2, k == 0 ? "programme" : k == 1 ? "institution" : "municipality");
          vj_store_stmt_bind_text (stmt, 3, ref);
          vj_store_stmt_bind_int (stmt, 4, (int) record->line);
          if (!_vj_db_import_stage_done (self, stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

gboolean
vj_db_import_stage_initiative (VjDbImport               *self,
                               const VjInitiativeRecord *record,
                               GPtrArray                *issues,
                               GError                  **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *sort_key = NULL;
  const char *fields[] = {
    record->parent_id, record->title, record->kind, record->description, record->period_start,
    record->period_end, record->owner, record->source_url, record->inferred,
  };
  VjStoreStmt *stmt;
  gboolean duplicate;

  g_return_val_if_fail (VJ_IS_DB_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->external_id != NULL, FALSE);

  if (!_vj_db_import_batch_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    _vj_db_import_hash_add (checksum, fields[i]);
  for (guint i = 0; i < record->goals->len; i++)
    {
      VjGoalRecord *goal = g_ptr_array_index (record->goals, i);
      _vj_db_import_hash_add (checksum, goal->text);
      _vj_db_import_hash_add (checksum, goal->target);
    }
  for (guint i = 0; i < record->actors->len; i++)
    {
      VjActorRecord *actor = g_ptr_array_index (record->actors, i);
      const char *actor_fields[] = {
        actor->name, actor->role, actor->address, actor->phone, actor->email, actor->url,
      };
      for (guint j = 0; j < G_N_ELEMENTS (actor_fields); j++)
        _vj_db_import_hash_add (checksum, actor_fields[j]);
    }
  for (guint i = 0; i < record->programme_refs->len; i++)
    _vj_db_import_hash_add (checksum, g_ptr_array_index (record->programme_refs, i));
  _vj_db_import_hash_add (checksum, "|");
  for (guint i = 0; i < record->institution_refs->len; i++)
    _vj_db_import_hash_add (checksum, g_ptr_array_index (record->institution_refs, i));
  _vj_db_import_hash_add (checksum, "|");
  for (guint i = 0; i < record->municipality_refs->len; i++)
    _vj_db_import_hash_add_int (checksum, g_array_index (record->municipality_refs, int, i));

  sort_key = vj_text_sort_key (record->title);
  stmt = _vj_db_import_stage_prepare (self,
                  "INSERT INTO stage_initiative (parent_external_id, title, kind, description, "
                  "  period_start, period_end, owner, source_url, inferred, external_id, "
                  "  position, sort_key, content_hash, recstatus, line) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                  "  (SELECT count(*) FROM stage_initiative), ?11, ?12, ?13, ?14) "
                  "ON CONFLICT DO NOTHING;",
                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    vj_store_stmt_bind_text (stmt, (int) i + 1, fields[i]);
  vj_store_stmt_bind_text (stmt, 10, record->external_id);
  vj_store_stmt_bind_text (stmt, 11, sort_key);
  vj_store_stmt_bind_text (stmt, 12, g_checksum_get_string (checksum));
  vj_store_stmt_bind_int (stmt, 13, record->recstatus);
  vj_store_stmt_bind_int (stmt, 14, (int) record->line);
  if (!_vj_db_import_stage_row (self, stmt, _("initiative"), record->external_id, record->line, issues,
                  &duplicate, error))
    return FALSE;

  if (!duplicate && !stage_initiative_children (self, record, error))
    return FALSE;

  return _vj_db_import_batch_step (self, error);
}
