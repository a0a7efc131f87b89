#pragma once

#include "vj-db-privacy.h"
#include "vj-db-private.h"

G_BEGIN_DECLS

/* Shared by vj-db-privacy.c (what would go) and vj-db-erase.c (deleting it). The ids travel as
 * a JSON array (json_each, ?1), the purge's cutoff as ?2, the references quoted as drafts hold
 * them as ?3, so every statement stays prepared. */

/* The sessions that go: those whose only people are erased (?1), and for a purge the sessions
 * without people (classes) from before the cutoff (?2) */
#define ERASED_SESSIONS \
  "SELECT sp.session_id FROM session_person sp" \
  " WHERE sp.person_id IN (SELECT value FROM json_each (?1))" \
  "   AND NOT EXISTS (SELECT 1 FROM session_person o WHERE o.session_id = sp.session_id" \
  "                     AND o.person_id NOT IN (SELECT value FROM json_each (?1)))" \
  " UNION SELECT s.id FROM session s WHERE ?2 IS NOT NULL AND s.started_at < ?2" \
  "   AND NOT EXISTS (SELECT 1 FROM session_person x WHERE x.session_id = s.id)"

/* Drafts that hold an erased person: by id, by session, or their reference quoted as
 * g_variant_print () writes it (?3) */
#define ERASED_DRAFT \
  "(person_id IN (SELECT value FROM json_each (?1))" \
  " OR target_id IN (" ERASED_SESSIONS ")" \
  " OR EXISTS (SELECT 1 FROM json_each (?3) r WHERE instr (body, r.value) > 0))"

GPtrArray *_vj_db_privacy_list_backups (VjDb               *self);

/* vj-db-erase.c, which vj-db-privacy.c calls too */
GPtrArray *_vj_db_privacy_list_backups_for_path (const char *db_path);
void       _vj_db_privacy_plan_json    (const VjErasePlan  *plan,
                                        char              **ids,
                                        char              **patterns);
gboolean   _vj_db_privacy_bind         (sqlite3_stmt       *stmt,
                                        const char         *ids,
                                        const char         *cutoff,
                                        const char         *patterns);

/* The erase's work, on a path or a connection (vj-db-erase.c): the VjDb calls of
 * vj-db-privacy.h give them the database's path or a reader, so that vj_db_open () can call
 * _vj_db_erase_resume_at_open () without the erase calling back into it */
gboolean     _vj_db_erase_at_path        (const char    *db_path,
                                          VjErasePlan   *plan,
                                          GCancellable  *cancellable,
                                          GError       **error);
gboolean     _vj_db_erase_resume_at_path (const char    *db_path,
                                          GError       **error);
VjEraseState _vj_db_erase_lookup_on      (sqlite3       *conn,
                                          const char    *reference,
                                          char         **erased_at,
                                          GError       **error);

G_END_DECLS
