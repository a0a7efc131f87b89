#define G_LOG_DOMAIN "vj-db-shortlist"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-private.h"
#include "vj-db-shortlist.h"
#include "vj-store.h"

/* Shortlists keep their positions dense (1 … n) after every write, so moving swaps two
 * neighbours and an undone removal goes back to its old place. */

void
vj_shortlist_item_free (VjShortlistItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item->institution);
  g_free (item->town);
  g_free (item->start);
  g_free (item->deadline);
  g_free (item->note);
  g_free (item);
}

/**
 * vj_db_list_shortlist:
 *
 * Returns: (transfer full) (element-type VjShortlistItem): the person's shortlist in order
 */
static GPtrArray *
list_shortlist (VjStoreConn  *conn,
                gint64        person_id,
                GError      **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VjStoreStmt) stmt = NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_shortlist_item_free);
  stmt = vj_store_prepare (conn,
                           "SELECT sl.id, sl.person_id, sl.programme_id, sl.offering_id,"
                           "       sl.position, p.title,"
                           "       COALESCE (oi.name, pi.name), l.town, o.start, o.deadline,"
                           "       sl.note,"
                           "       CASE WHEN p.withdrawn <> 0 OR COALESCE (o.withdrawn, 0) <> 0"
                           "            THEN 1 ELSE 0 END"
                           "  FROM shortlist sl JOIN programme p ON p.id = sl.programme_id"
                           "  LEFT JOIN offering o ON o.id = sl.offering_id"
                           "  LEFT JOIN location l ON l.id = o.location_id"
                           "  LEFT JOIN institution oi ON oi.id = l.institution_id"
                           "  LEFT JOIN institution pi ON pi.id = p.institution_id"
                           " WHERE sl.person_id = ?1 ORDER BY sl.position, sl.id;",
                           error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading a shortlist"));
  vj_store_stmt_bind_int (stmt, 1, person_id);
  while (vj_store_stmt_next (stmt))
    {
      VjShortlistItem *item = g_new0 (VjShortlistItem, 1);

      item->id = vj_store_stmt_get_int (stmt, 0);
      item->person_id = vj_store_stmt_get_int (stmt, 1);
      item->programme_id = vj_store_stmt_get_int (stmt, 2);
      item->offering_id = vj_store_stmt_get_int (stmt, 3);
      item->position = (int) vj_store_stmt_get_int (stmt, 4);
      item->title = vj_store_stmt_dup_text (stmt, 5);
      item->institution = vj_store_stmt_dup_text (stmt, 6);
      item->town = vj_store_stmt_dup_text (stmt, 7);
      item->start = vj_store_stmt_dup_text (stmt, 8);
      item->deadline = vj_store_stmt_dup_text (stmt, 9);
      item->note = vj_store_stmt_dup_text (stmt, 10);
      item->withdrawn = vj_store_stmt_get_boolean (stmt, 11);
      g_ptr_array_add (list, item);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
vj_db_list_shortlist (VjDb    *self,
                      gint64   person_id,
                      GError **error)
{
  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  return list_shortlist (_vj_db_get_main_reader (self), person_id, error);
}

static gpointer
list_shortlist_read (VjStoreConn  *conn,
                     gpointer      data,
                     GError      **error)
{
  return list_shortlist (conn, *(gint64 *) data, error);
}

/**
 * vj_db_list_shortlist_async:
 *
 * Reads the person's shortlist as vj_db_list_shortlist() does, in a worker.
 */
void
vj_db_list_shortlist_async (VjDb               *self,
                            gint64              person_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (VJ_IS_DB (self));
  _vj_db_read_async (self, list_shortlist_read, g_memdup2 (&person_id, sizeof person_id),
                     g_free, (GDestroyNotify) g_ptr_array_unref, vj_db_list_shortlist_async,
                     cancellable, callback, user_data);
}

/**
 * vj_db_list_shortlist_finish:
 *
 * Returns: (transfer full) (element-type VjShortlistItem): the person's shortlist in order,
 *   or %NULL with @error set
 */
GPtrArray *
vj_db_list_shortlist_finish (VjDb          *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _vj_db_read_finish (self, result, vj_db_list_shortlist_async, error);
}

typedef enum
{
  OP_ADD,
  OP_REMOVE,
  OP_MOVE,
} Op;

typedef struct
{
  Op      op;
  gint64  id;            /* OP_REMOVE, OP_MOVE */
  gint64  person_id;     /* OP_ADD */
  gint64  programme_id;
  gint64  offering_id;
  int     position;      /* OP_ADD: 0 = last; OP_MOVE: the step (-1 up, +1 down) */
} Write;

/* Runs @sql with the ids @a … @d (0 binds NULL) for as many placeholders as it has */
static gboolean
step_one (VjStoreConn *conn,
          const char  *sql,
          gint64       a,
          gint64       b,
          gint64       c,
          gint64       d,
          GError     **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, sql, error);
  gint64 values[] = { a, b, c, d };
  int n;

  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("saving a shortlist"));
  n = vj_store_stmt_get_n_params (stmt);
  for (int i = 0; i < n && i < 4; i++)
    vj_store_stmt_bind_int_or_null (stmt, i + 1, values[i]);
  return vj_store_stmt_run (stmt, error);
}

/* Positions 1 … n again, in their order */
static const char renumber_sql[] =
  "UPDATE shortlist SET position = r.n"
  "  FROM (SELECT id, row_number () OVER (ORDER BY position, id) AS n"
  "          FROM shortlist WHERE person_id = ?1) AS r"
  " WHERE shortlist.id = r.id;";

static gint64
person_of (VjStoreConn *conn,
           gint64       item_id,
           int         *position)
{
  g_autoptr(VjStoreStmt) stmt =
    vj_store_prepare (conn, "SELECT person_id, position FROM shortlist WHERE id = ?1;", NULL);

  if (stmt == NULL)
    return 0;
  vj_store_stmt_bind_int (stmt, 1, item_id);
  if (!vj_store_stmt_next (stmt))
    return 0;
  *position = (int) vj_store_stmt_get_int (stmt, 1);
  return vj_store_stmt_get_int (stmt, 0);
}

static gboolean
write_shortlist (VjStoreConn *conn,
                 gpointer     user_data,
                 GError     **error)
{
  Write *w = user_data;
  gint64 person = w->person_id;
  int position = 0;
  gboolean ok = TRUE;

  if (w->op != OP_ADD && (person = person_of (conn, w->id, &position)) == 0)
    {
      g_set_error_literal (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND,
                           _("The shortlist entry no longer exists."));
      return FALSE;
    }

  switch (w->op)
    {
    case OP_ADD:
      /* Make room at the position asked for (after the last when 0) */
      ok = (w->position <= 0 ||
            step_one (conn, "UPDATE shortlist SET position = position + 1"
                            " WHERE person_id = ?1 AND position >= ?2;",
                      person, w->position, 0, 0, error)) &&
           step_one (conn, "INSERT INTO shortlist (person_id, position, programme_id, offering_id)"
                           " VALUES (?1, COALESCE (?2, (SELECT COALESCE (max (position), 0) + 1"
                           "   FROM shortlist WHERE person_id = ?1)), ?3, ?4);",
                     person, w->position > 0 ? w->position : 0, w->programme_id,
                     w->offering_id, error);
      break;
    case OP_REMOVE:
      ok = step_one (conn, "DELETE FROM shortlist WHERE id = ?1;", w->id, 0, 0, 0,
                     error);
      break;
    case OP_MOVE:
      /* Swap with the neighbour above or below; nothing to do at either end */
      ok = step_one (conn, "UPDATE shortlist SET position = ?3"
                           " WHERE person_id = ?1 AND position = ?2;",
                     person, position + w->position, position, 0, error) &&
           (vj_store_changes (conn) == 0 ||
            step_one (conn, "UPDATE shortlist SET position = ?2 WHERE id = ?1;",
                      w->id, position + w->position, 0, 0, error));
      break;
    }

  return ok && step_one (conn, renumber_sql, person, 0, 0, 0, error);
}

static void
queue_write (VjDb               *self,
             Write              *w,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  _vj_db_write_async (self, write_shortlist, w, g_free, cancellable, callback, user_data);
}

/**
 * vj_db_shortlist_add_async:
 * @offering_id: one offering of the programme, or 0
 * @position: where it goes (1 = first), or 0 for last
 */
void
vj_db_shortlist_add_async (VjDb               *self,
                           gint64              person_id,
                           gint64              programme_id,
                           gint64              offering_id,
                           int                 position,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  Write *w = g_new0 (Write, 1);

  g_return_if_fail (VJ_IS_DB (self));

  w->op = OP_ADD;
  w->person_id = person_id;
  w->programme_id = programme_id;
  w->offering_id = offering_id;
  w->position = position;
  queue_write (self, w, cancellable, callback, user_data);
}

void
vj_db_shortlist_remove_async (VjDb               *self,
                              gint64              item_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  Write *w = g_new0 (Write, 1);

  g_return_if_fail (VJ_IS_DB (self));

  w->op = OP_REMOVE;
  w->id = item_id;
  queue_write (self, w, cancellable, callback, user_data);
}

/**
 * vj_db_shortlist_move_async:
 * @delta: -1 to move the entry up one place, +1 down
 */
void
vj_db_shortlist_move_async (VjDb               *self,
                            gint64              item_id,
                            int                 delta,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  Write *w = g_new0 (Write, 1);

  g_return_if_fail (VJ_IS_DB (self));
  g_return_if_fail (delta == -1 || delta == 1);

  w->op = OP_MOVE;
  w->id = item_id;
  w->position = delta;
  queue_write (self, w, cancellable, callback, user_data);
}

gboolean
vj_db_shortlist_write_finish (VjDb         *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return _vj_db_write_finish (self, result, error);
}
