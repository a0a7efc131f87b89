#pragma once

#include "vj-db-privacy.h"
#include "vj-db-private.h"
#include "vj-store.h"

G_BEGIN_DECLS

/* Shared by vj-db-privacy.c (what would go) and vj-db-erase.c (deleting it). The people's ids
 * are given to each statement as a table of its own, erased (id), written in C from integers
 * (_vj_db_privacy_sql () puts it before the statement), and the purge's cutoff is bound as ?1
 * (_vj_db_privacy_bind ()); the sessions and drafts that go are found first, then deleted or
 * counted one by one. */

#define ERASED_PEOPLE "(SELECT id FROM erased)"

/* The sessions that go: those whose only people are erased, and for a purge the sessions
 * without people (classes) from before the cutoff (?1) */
#define ERASED_SESSIONS \
  "SELECT sp.session_id FROM session_person sp" \
  " WHERE sp.person_id IN " ERASED_PEOPLE \
  "   AND NOT EXISTS (SELECT 1 FROM session_person o WHERE o.session_id = sp.session_id" \
  "                     AND o.person_id NOT IN " ERASED_PEOPLE ")" \
  " UNION SELECT s.id FROM session s WHERE CAST (?1 AS TEXT) IS NOT NULL AND s.started_at < ?1" \
  "   AND NOT EXISTS (SELECT 1 FROM session_person x WHERE x.session_id = s.id)"

GPtrArray *_vj_db_privacy_list_backups (VjDb               *self);

/* vj-db-erase.c, which vj-db-privacy.c calls too */
GPtrArray *_vj_db_privacy_list_backups_for_path (const char *db_path);
char      *_vj_db_privacy_sql           (const char         *sql,
                                         const VjErasePlan  *plan);
void       _vj_db_privacy_bind          (VjStoreStmt        *stmt,
                                         const VjErasePlan  *plan);
GArray    *_vj_db_privacy_erased_sessions (VjStoreConn      *conn,
                                           const VjErasePlan *plan,
                                           const char       *what,
                                           GError          **error);
GArray    *_vj_db_privacy_erased_drafts (VjStoreConn        *conn,
                                         const VjErasePlan  *plan,
                                         GArray             *sessions,
                                         const char         *what,
                                         GError            **error);
gboolean   _vj_db_privacy_draft_quotes  (const char         *body,
                                         const char         *reference);

/* The erase's work, on a path or a connection (vj-db-erase.c): the VjDb calls of
 * vj-db-privacy.h give them the database's path or a reader, so that vj_db_open () can call
 * _vj_db_erase_resume_at_open () without the erase calling back into it */
gboolean     _vj_db_erase_at_path        (const char    *db_path,
                                          VjErasePlan   *plan,
                                          GCancellable  *cancellable,
                                          GError       **error);
gboolean     _vj_db_erase_resume_at_path (const char    *db_path,
                                          GError       **error);
VjEraseState _vj_db_erase_lookup_on      (VjStoreConn   *conn,
                                          const char    *reference,
                                          char         **erased_at,
                                          GError       **error);

G_END_DECLS
