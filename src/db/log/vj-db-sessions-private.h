#pragma once

#include "vj-db-private.h"
#include "vj-db-sessions.h"
#include "vj-store.h"

G_BEGIN_DECLS

/* A write of the guidance log queued on the writer thread (vj-db-sessions.c) */
typedef struct
{
  VjSessionRecord *session;
  gint64           id;        /* a session's or a draft's; the result */
  gint64           draft_id;  /* a draft to drop with the save, or to rewrite */
  gboolean         cpr_checked; /* looked through for CPR numbers before the transaction */
} VjSessionWrite;


VjSessionRecord *_vj_db_load_session_on  (VjStoreConn   *conn,
                                          gint64         session_id,
                                          GError       **error);

gboolean         _vj_db_exec_id          (VjStoreConn   *conn,
                                          const char    *sql,
                                          gint64         id,
                                          GError       **error);
void             _vj_db_sessions_queue_write (VjDb               *self,
                                              VjDbWriteFunc       func,
                                              const VjSessionRecord *session,
                                              gint64              id,
                                              gint64              draft_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data,
                                              gpointer            source_tag);
gboolean         _vj_db_sessions_propagate_ok (VjDb         *self,
                                               GAsyncResult *result,
                                               GError      **error);

G_END_DECLS
