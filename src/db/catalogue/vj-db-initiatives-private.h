#pragma once

/* ----- shared by reading and editing (vj-db-initiatives*.c) ----- */

#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives.h"
#include "vj-db-private.h"
#include "vj-store.h"

#define VJ_LOCAL_INITIATIVES_FEED_ID "local:initiatives"

extern const char _vj_initiative_is_local_sql[];

GPtrArray        *_vj_db_initiative_rows        (VjStoreConn      *conn,
                                                 const char       *sql,
                                                 gint64            id,
                                                 GError          **error);
GPtrArray        *_vj_db_initiative_rows_with   (VjStoreConn      *conn,
                                                 const char       *sql,
                                                 gint64            id,
                                                 GArray           *params,
                                                 GError          **error);
gboolean          _vj_db_initiative_query_bool  (VjStoreConn      *conn,
                                                 const char       *sql,
                                                 gint64            id);
gboolean          _vj_db_initiative_links_sql   (VjStoreConn      *conn,
                                                 VjInitiativeLink  kind,
                                                 GString          *sql,
                                                 guint             first,
                                                 GArray           *params,
                                                 GError          **error);
GPtrArray        *_vj_db_initiative_goals       (VjStoreConn      *conn,
                                                 gint64            id,
                                                 GError          **error);
GPtrArray        *_vj_db_initiative_actors      (VjStoreConn      *conn,
                                                 gint64            id,
                                                 GError          **error);
char             *_vj_initiative_rows_json      (GPtrArray        *rows,
                                                 guint             width);
char             *_vj_initiative_ids_json       (GArray           *ids);
GArray           *_vj_initiative_rows_to_ids    (GPtrArray        *rows);
GPtrArray        *_vj_initiative_json_rows      (const char       *json,
                                                 guint             width);
GArray           *_vj_initiative_json_ids       (const char       *json);
VjInitiativeEdit *_vj_initiative_edit_copy      (const VjInitiativeEdit *edit);

/* Initiatives as they read with a counsellor's or administrator's edits applied: the overlay
 * (DESIGN.md) holds, per initiative row, the fields that differ from its feed ("title", …),
 * whole lists as JSON ("goals", "actors", "programmes", "institutions", "municipalities") and
 * "deleted". Imports never touch it; resetting to built-in deletes the initiative's rows. The
 * JSON is read in C, never in SQL: the lists of goals and actors by _vj_db_initiative_goals ()
 * and _vj_db_initiative_actors (), the link tables as SQL with the overlay's links bound
 * (_vj_db_initiative_links_sql ()). */

/* One text field of initiative @alias with its overlay applied; NULL when empty. */
#define VJ_SQL_INITIATIVE_FIELD(alias, field) \
  "nullif (coalesce ((SELECT coalesce (value, '') FROM overlay WHERE entity = 'initiative'" \
  " AND entity_id = " alias ".id AND field = '" field "'), " alias "." field "), '')"

/* True when initiative @alias was deleted in the app (its delete may still be undone). */
#define VJ_SQL_INITIATIVE_LIVE(alias) \
  "NOT EXISTS (SELECT 1 FROM overlay WHERE entity = 'initiative' AND entity_id = " alias ".id" \
  " AND field = 'deleted')"

/* A step of the path that orders the initiative tree depth first: initiative @alias's position,
 * as text of one width (positions count from 0), so that paths compare as the tree reads. */
#define VJ_SQL_INITIATIVE_PATH_STEP(alias) \
  "CAST (" alias ".position + 100000000 AS TEXT)"
