#pragma once

/* ----- shared by reading and editing (vj-db-initiatives*.c) ----- */

#include "vj-db-initiatives-edit.h"
#include "vj-db-private.h"

#define VJ_LOCAL_INITIATIVES_FEED_ID "local:initiatives"

extern const char _vj_initiative_is_local_sql[];

GPtrArray        *_vj_db_initiative_rows        (sqlite3          *conn,
                                                 const char       *sql,
                                                 gint64            id,
                                                 GError          **error);
gboolean          _vj_db_initiative_query_bool  (sqlite3          *conn,
                                                 const char       *sql,
                                                 gint64            id);
char             *_vj_initiative_rows_json      (GPtrArray        *rows,
                                                 guint             width);
char             *_vj_initiative_ids_json       (GArray           *ids);
GArray           *_vj_initiative_rows_to_ids    (GPtrArray        *rows);
VjInitiativeEdit *_vj_initiative_edit_copy      (const VjInitiativeEdit *edit);

/* Initiatives as they read with a counsellor's or administrator's edits applied: the overlay
 * (DESIGN.md) holds, per initiative row, the fields that differ from its feed ("title", …),
 * whole lists as JSON ("goals", "actors", "programmes", "institutions", "municipalities") and
 * "deleted". Imports never touch it; resetting to built-in deletes the initiative's rows. */

/* One text field of initiative @alias with its overlay applied; NULL when empty. */
#define VJ_SQL_INITIATIVE_FIELD(alias, field) \
  "nullif (coalesce ((SELECT coalesce (value, '') FROM overlay WHERE entity = 'initiative'" \
  " AND entity_id = " alias ".id AND field = '" field "'), " alias "." field "), '')"

/* True when initiative @alias was deleted in the app (its delete may still be undone). */
#define VJ_SQL_INITIATIVE_LIVE(alias) \
  "NOT EXISTS (SELECT 1 FROM overlay WHERE entity = 'initiative' AND entity_id = " alias ".id" \
  " AND field = 'deleted')"

/* The link tables as they read with the overlay: (initiative_id, <column>) */
#define VJ_SQL_INITIATIVE_LINKS(table, column, field) \
  "(SELECT initiative_id, " column " FROM " table " WHERE initiative_id NOT IN" \
  "   (SELECT entity_id FROM overlay WHERE entity = 'initiative' AND field = '" field "')" \
  " UNION ALL SELECT o.entity_id, CAST (j.value AS INTEGER) FROM overlay o, json_each (o.value) j" \
  "   WHERE o.entity = 'initiative' AND o.field = '" field "')"

#define VJ_SQL_INITIATIVE_PROGRAMME \
  VJ_SQL_INITIATIVE_LINKS ("initiative_programme", "programme_id", "programmes")
#define VJ_SQL_INITIATIVE_INSTITUTION \
  VJ_SQL_INITIATIVE_LINKS ("initiative_institution", "institution_id", "institutions")
#define VJ_SQL_INITIATIVE_MUNICIPALITY \
  VJ_SQL_INITIATIVE_LINKS ("initiative_municipality", "municipality", "municipalities")

/* Goals and actors: rows of a JSON array of arrays in the overlay, else the table's rows. */
#define VJ_SQL_INITIATIVE_GOALS \
  "SELECT json_extract (j.value, '$[0]'), coalesce (json_extract (j.value, '$[1]'), '')" \
  " FROM overlay o, json_each (o.value) j" \
  " WHERE o.entity = 'initiative' AND o.entity_id = ?1 AND o.field = 'goals'" \
  " UNION ALL SELECT * FROM (SELECT text, coalesce (target, '') FROM goal" \
  "  WHERE initiative_id = ?1 AND NOT EXISTS (SELECT 1 FROM overlay WHERE entity = 'initiative'" \
  "   AND entity_id = ?1 AND field = 'goals') ORDER BY position);"

#define VJ_SQL_INITIATIVE_ACTORS \
  "SELECT json_extract (j.value, '$[0]'), coalesce (json_extract (j.value, '$[1]'), '')," \
  "  coalesce (json_extract (j.value, '$[2]'), ''), coalesce (json_extract (j.value, '$[3]'), '')," \
  "  coalesce (json_extract (j.value, '$[4]'), ''), coalesce (json_extract (j.value, '$[5]'), '')" \
  " FROM overlay o, json_each (o.value) j" \
  " WHERE o.entity = 'initiative' AND o.entity_id = ?1 AND o.field = 'actors'" \
  " UNION ALL SELECT * FROM (SELECT name, coalesce (role, ''), coalesce (address, '')," \
  "  coalesce (phone, ''), coalesce (email, ''), coalesce (url, '') FROM actor" \
  "  WHERE initiative_id = ?1 AND NOT EXISTS (SELECT 1 FROM overlay WHERE entity = 'initiative'" \
  "   AND entity_id = ?1 AND field = 'actors') ORDER BY position);"
