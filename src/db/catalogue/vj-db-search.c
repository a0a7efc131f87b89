#define G_LOG_DOMAIN "vj-db-search"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-db-search.h"
#include "vj-store-search.h"
#include "vj-store.h"
#include "vj-text.h"

/* Searching the catalogue, in a worker, at national scale (100 000 programmes).
 *
 * A selective search (at most VJ_SEARCH_RANKED_MAX matches) is ranked in full: a title equal
 * to what was typed first, then titles beginning with it, then by bm25 with titles weighing
 * more than descriptions. A broad one ("a", "uddannelse") would rank every match, which costs
 * far more than a frame; it takes the titles beginning with the text from the title-key index,
 * then title matches, then other matches, each bounded, and says it is capped. Every SQL
 * statement is put together from constant fragments (the search index's from the store's hook,
 * vj-store-search.h); what the user typed is only ever bound, each value at the next numbered
 * placeholder. */

/* An offering's KOT numbers (its own, and those matched to its ug.dk article at its campus)
 * whose newest cut-off's reason is (OP "=") or is not (OP "IS DISTINCT FROM") "kvote 2 only" */
#define QUOTA_2_ONLY_NEWEST(OP) \
  "SELECT 1 FROM public_fact f" \
  " WHERE f.key_kind = 'kot' AND f.fact = 'cutoff'" \
  "  AND (f.key = o.kot_number OR f.key IN (SELECT m.kot_number FROM kot_match m" \
  "       WHERE m.ug_article = o.ug_article || '/' || l.number))" \
  "  AND f.year = (SELECT max (g.year) FROM public_fact g" \
  "                WHERE g.key_kind = 'kot' AND g.key = f.key AND g.fact = 'cutoff')" \
  "  AND f.reason " OP " 'quota-2-only'"

#define CAPPED_TITLE_PREFIX 300
#define CAPPED_TITLE_WORDS 500

VjProgrammeQuery *
vj_programme_query_new (void)
{
  return g_new0 (VjProgrammeQuery, 1);
}

VjProgrammeQuery *
vj_programme_query_copy (const VjProgrammeQuery *query)
{
  VjProgrammeQuery *copy = g_memdup2 (query, sizeof *query);

  copy->text = g_strdup (query->text);
  copy->category = g_strdup (query->category);
  copy->study_mode = g_strdup (query->study_mode);
  copy->start_from = g_strdup (query->start_from);
  copy->start_to = g_strdup (query->start_to);
  copy->today = g_strdup (query->today);
  return copy;
}

void
vj_programme_query_free (VjProgrammeQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->category);
  g_free (query->study_mode);
  g_free (query->start_from);
  g_free (query->start_to);
  g_free (query->today);
  g_free (query);
}

/* Whether any filter besides the text is set (for "clear all filters"). */
gboolean
vj_programme_query_has_filters (const VjProgrammeQuery *query)
{
  return query->category != NULL || query->level > 0 || query->municipality > 0 ||
         query->region > 0 || query->institution > 0 || query->study_mode != NULL || query->start_from != NULL ||
         query->start_to != NULL || query->open_deadline || query->upcoming ||
         query->initiative > 0;
}

void
vj_search_result_free (VjSearchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->ids, g_array_unref);
  g_clear_pointer (&result->category_counts, g_hash_table_unref);
  g_free (result);
}

static gboolean
needs_offering (const VjProgrammeQuery *q)
{
  return q->municipality > 0 || q->region > 0 || q->institution > 0 || q->study_mode != NULL ||
         q->start_from != NULL || q->start_to != NULL || q->open_deadline || q->upcoming;
}

typedef struct
{
  VjStoreConn            *conn;
  const VjProgrammeQuery *query;
  const char             *match;       /* the search index's expression */
  const char             *title_match; /* the same, in titles only */
  const char             *folded;      /* the typed text, folded */
  const char             *folded_hi;   /* just past every key that begins with it */
  char                   *today;
} Params;

/* A statement being put together, with the values of its placeholders in order */
typedef struct
{
  gboolean    is_text;
  gint64      number;
  const char *text;  /* owned by the Params or the query */
} Value;

typedef struct
{
  GString *sql;
  GArray  *values;
} Query;

static void
query_init (Query      *q,
            const char *sql)
{
  q->sql = g_string_new (sql);
  q->values = g_array_new (FALSE, FALSE, sizeof (Value));
}

static void
query_clear (Query *q)
{
  g_string_free (q->sql, TRUE);
  g_array_unref (q->values);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

/* Appends the next placeholder, for @value */
static void
add_int (Query  *q,
         gint64  value)
{
  Value v = { FALSE, value, NULL };

  g_array_append_val (q->values, v);
  g_string_append_printf (q->sql, "?%u", q->values->len);
}

static void
add_text (Query      *q,
          const char *value)
{
  Value v = { TRUE, 0, value };

  g_array_append_val (q->values, v);
  g_string_append_printf (q->sql, "?%u", q->values->len);
}

static gboolean
append_filters (Query                  *sql,
                const Params           *p,
                gboolean                with_category,
                GError                **error)
{
  const VjProgrammeQuery *q = p->query;

  if (with_category && q->category != NULL)
    {
      g_string_append (sql->sql, " AND p.category = ");
      add_text (sql, q->category);
    }
  if (q->level > 0)
    {
      g_string_append (sql->sql, " AND p.level = ");
      add_int (sql, q->level);
    }
  if (q->initiative > 0)
    {
      g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* The initiative and everything under it: tracks, their action plans and projects */
      g_string_append (sql->sql, " AND p.id IN (WITH RECURSIVE part (id) AS (SELECT CAST (");
      add_int (sql, q->initiative);
      g_string_append (sql->sql, " AS INTEGER)"
                                 "   UNION SELECT c.id FROM initiative c JOIN part ON c.parent_id = part.id"
                                 "   WHERE c.withdrawn = 0)"
                                 "  SELECT ip.programme_id FROM ");
      if (!_vj_db_initiative_links_sql (p->conn, VJ_INITIATIVE_LINK_PROGRAMME, sql->sql,
                                        sql->values->len + 1, links, error))
        return FALSE;
      for (guint i = 0; i < links->len; i++)
        {
          Value v = { FALSE, g_array_index (links, gint64, i), NULL };

          g_array_append_val (sql->values, v);
        }
      g_string_append (sql->sql, " ip WHERE ip.initiative_id IN (SELECT id FROM part))");
    }
  if (!needs_offering (q))
    return TRUE;

  g_string_append (sql->sql, " AND EXISTS (SELECT 1 FROM offering o"
                             "   LEFT JOIN location l ON l.id = o.location_id"
                             "   WHERE o.programme_id = p.id AND o.withdrawn = 0");
  if (q->municipality > 0)
    {
      /* Offered there, or by an institution that serves it without a campus (Stevns, Lejre) */
      g_string_append (sql->sql, " AND (l.municipality = ");
      add_int (sql, q->municipality);
      g_string_append (sql->sql, "      OR EXISTS (SELECT 1 FROM institution_serves s"
                                 "                 WHERE s.institution_id = l.institution_id"
                                 "                   AND s.municipality = ");
      add_int (sql, q->municipality);
      g_string_append (sql->sql, "))");
    }
  if (q->region > 0)
    {
      g_string_append (sql->sql, " AND (l.municipality IN (SELECT code FROM municipality"
                                 "                         WHERE region = ");
      add_int (sql, q->region);
      g_string_append (sql->sql, ")      OR EXISTS (SELECT 1 FROM institution_serves s"
                                 "                 JOIN municipality sm ON sm.code = s.municipality"
                                 "                 WHERE s.institution_id = l.institution_id"
                                 "                   AND sm.region = ");
      add_int (sql, q->region);
      g_string_append (sql->sql, "))");
    }
  if (q->institution > 0)
    {
      g_string_append (sql->sql, " AND l.institution_id = ");
      add_int (sql, q->institution);
    }
  if (q->study_mode != NULL)
    {
      g_string_append (sql->sql, " AND o.study_mode = ");
      add_text (sql, q->study_mode);
    }
  if (q->start_from != NULL)
    {
      g_string_append (sql->sql, " AND o.start >= ");
      add_text (sql, q->start_from);
    }
  if (q->start_to != NULL)
    {
      g_string_append (sql->sql, " AND o.start <= ");
      add_text (sql, q->start_to);
    }
  if (q->upcoming)
    {
      /* As vj_offering_start_has_passed (): at the start's own precision */
      g_string_append (sql->sql, " AND (o.start IS NULL OR o.start >= substr (");
      add_text (sql, p->today);
      g_string_append (sql->sql, ", 1, length (o.start)))");
    }
  if (q->open_deadline)
    {
      /* An unknown deadline passes; the programme page marks it as unknown. Without a date of
       * its own, a deadline by rule counts (vj_admission_rule_for ()): they all lie ahead but
       * for a KOT offer that admits in kvote 2 only (its newest cut-off says so for each of its
       * KOT numbers), whose 15 March has passed from 16 March to 5 July */
      g_string_append (sql->sql, " AND (o.deadline >= ");
      add_text (sql, p->today);
      g_string_append (sql->sql, " OR (o.deadline IS NULL AND NOT (substr (");
      add_text (sql, p->today);
      g_string_append (sql->sql, ", 6) > '03-15' AND substr (");
      add_text (sql, p->today);
      g_string_append (sql->sql, ", 6) <= '07-05'"
                                 " AND EXISTS (" QUOTA_2_ONLY_NEWEST ("=") ")"
                                 " AND NOT EXISTS (" QUOTA_2_ONLY_NEWEST ("IS DISTINCT FROM") "))))");
    }
  g_string_append (sql->sql, ")");
  return TRUE;
}

static VjStoreStmt *
prepare_query (VjStoreConn  *conn,
               Query        *q,
               GError      **error)
{
  VjStoreStmt *stmt = vj_store_prepare (conn, q->sql->str, error);

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("searching"));
  for (guint i = 0; i < q->values->len; i++)
    {
      Value *v = &g_array_index (q->values, Value, i);

      if (v->is_text)
        vj_store_stmt_bind_text (stmt, (int) i + 1, v->text);
      else
        vj_store_stmt_bind_int (stmt, (int) i + 1, v->number);
    }
  return stmt;
}

/* Runs a statement whose first column is a programme id, adding ids not seen yet. */
static gboolean
collect (VjStoreConn  *conn,
         Query        *q,
         GArray       *ids,
         GHashTable   *seen,
         guint        *n_rows,
         GError      **error)
{
  g_autoptr(VjStoreStmt) stmt = prepare_query (conn, q, error);

  if (n_rows != NULL)
    *n_rows = 0;
  if (stmt == NULL)
    return FALSE;
  while (vj_store_stmt_next (stmt))
    {
      gint64 id = vj_store_stmt_get_int (stmt, 0);

      if (n_rows != NULL)
        (*n_rows)++;
      if (seen != NULL && !g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        continue;
      g_array_append_val (ids, id);
    }
  return vj_store_stmt_check (stmt, error);
}

/* A statement of programmes p that match the text (its expression bound first), or of all */
static void
query_matching (Query      *q,
                const char *select,
                const char *match)
{
  query_init (q, select);
  if (match != NULL)
    {
      vj_store_search_append_match (q->sql, 1);
      {
        Value v = { TRUE, 0, match };

        g_array_append_val (q->values, v);
      }
    }
  else
    g_string_append (q->sql, " FROM programme p WHERE 1 = 1");
}

static GHashTable *
count_categories (VjStoreConn  *conn,
                  const Params *params,
                  GError      **error)
{
  g_auto(Query) q = { NULL, NULL };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(VjStoreStmt) stmt = NULL;

  query_matching (&q, "SELECT p.category, count (*)", params->match);
  if (!append_filters (&q, params, FALSE, error))
    return NULL;
  g_string_append (q.sql, " GROUP BY p.category;");

  stmt = prepare_query (conn, &q, error);
  if (stmt == NULL)
    return NULL;
  while (vj_store_stmt_next (stmt))
    {
      const char *category = vj_store_stmt_get_text (stmt, 0);

      g_hash_table_insert (counts, g_strdup (category != NULL ? category : ""),
                           GINT_TO_POINTER ((int) vj_store_stmt_get_int (stmt, 1)));
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&counts);
}

static void
append_order_by (Query        *sql,
                 const Params *p,
                 gboolean      ranked)
{
  switch (p->query->sort)
    {
    case VJ_PROGRAMME_SORT_NEXT_START:
      g_string_append (sql->sql, " ORDER BY p.withdrawn, CASE WHEN (SELECT min (o.start) FROM offering o"
                                 "   WHERE o.programme_id = p.id AND o.withdrawn = 0 AND o.start >= ");
      add_text (sql, p->today);
      g_string_append (sql->sql, ") IS NULL THEN 1 ELSE 0 END,"
                                 " (SELECT min (o.start) FROM offering o"
                                 "   WHERE o.programme_id = p.id AND o.withdrawn = 0 AND o.start >= ");
      add_text (sql, p->today);
      g_string_append (sql->sql, "), p.sort_key");
      return;
    case VJ_PROGRAMME_SORT_TITLE:
      g_string_append (sql->sql, " ORDER BY p.withdrawn, p.sort_key");
      return;
    case VJ_PROGRAMME_SORT_RELEVANCE:
    default:
      if (!ranked)
        {
          g_string_append (sql->sql, " ORDER BY p.withdrawn, p.sort_key");
          return;
        }
      g_string_append (sql->sql, " ORDER BY p.withdrawn, CASE WHEN p.title_key = ");
      add_text (sql, p->folded);
      g_string_append (sql->sql, " THEN 0 WHEN p.title_key >= ");
      add_text (sql, p->folded);
      g_string_append (sql->sql, " AND p.title_key < ");
      add_text (sql, p->folded_hi);
      g_string_append (sql->sql, " THEN 1 ELSE 2 END, ");
      vj_store_search_append_rank (sql->sql);
      g_string_append (sql->sql, ", p.sort_key");
      return;
    }
}

static gboolean
search_text (VjStoreConn     *conn,
             const Params    *params,
             VjSearchResult  *result,
             GError         **error)
{
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = NULL;
  guint n = 0;

  /* How many match, bounded: no ranking, the index's own order */
  {
    g_auto(Query) sql = { NULL, NULL };

    query_matching (&sql, "SELECT p.id", params->match);
    if (!append_filters (&sql, params, TRUE, error))
      return FALSE;
    g_string_append_printf (sql.sql, " LIMIT %d;", VJ_SEARCH_RANKED_MAX + 1);
    if (!collect (conn, &sql, first, NULL, &n, error))
      return FALSE;
  }

  if (n <= VJ_SEARCH_RANKED_MAX)
    {
      g_auto(Query) sql = { NULL, NULL };

      query_matching (&sql, "SELECT p.id", params->match);
      if (!append_filters (&sql, params, TRUE, error))
        return FALSE;
      append_order_by (&sql, params, TRUE);
      return collect (conn, &sql, result->ids, NULL, NULL, error);
    }

  /* A broad search: the best matches, each step bounded */
  result->capped = TRUE;
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  {
    g_auto(Query) sql = { NULL, NULL };

    query_init (&sql, "SELECT p.id FROM programme p WHERE p.title_key >= ");
    add_text (&sql, params->folded);
    g_string_append (sql.sql, " AND p.title_key < ");
    add_text (&sql, params->folded_hi);
    if (!append_filters (&sql, params, TRUE, error))
      return FALSE;
    /* In the index's order, so the LIMIT ends the scan */
    g_string_append_printf (sql.sql, " ORDER BY p.title_key LIMIT %d;", CAPPED_TITLE_PREFIX);
    if (!collect (conn, &sql, result->ids, seen, NULL, error))
      return FALSE;
  }

  {
    g_auto(Query) sql = { NULL, NULL };

    query_matching (&sql, "SELECT p.id", params->title_match);
    if (!append_filters (&sql, params, TRUE, error))
      return FALSE;
    g_string_append_printf (sql.sql, " LIMIT %d;", CAPPED_TITLE_WORDS);
    if (!collect (conn, &sql, result->ids, seen, NULL, error))
      return FALSE;
  }

  for (guint i = 0; i < first->len; i++)
    {
      gint64 id = g_array_index (first, gint64, i);

      if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        g_array_append_val (result->ids, id);
    }
  return TRUE;
}

static void
interrupt_cb (GCancellable *cancellable,
              VjStoreConn  *conn)
{
  vj_store_interrupt (conn);
}

static gboolean
run_search (VjStoreConn            *conn,
            const VjProgrammeQuery *query,
            VjSearchResult         *result,
            GError                **error)
{
  g_autofree char *match = vj_store_search_terms (query->text, FALSE);
  g_autofree char *title_match = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *folded_hi = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Params params = { conn, query };

  params.today = query->today != NULL ? g_strdup (query->today)
                                      : g_date_time_format (now, "%Y-%m-%d");
  if (match != NULL)
    {
      g_autofree char *raw = vj_text_fold (query->text);

      folded = g_strstrip (g_steal_pointer (&raw));
      /* U+10FFFF sorts after every character a key can hold */
      folded_hi = g_strconcat (folded, "\xf4\x8f\xbf\xbf", NULL);
      title_match = vj_store_search_terms (query->text, TRUE);
      params.match = match;
      params.title_match = title_match;
      params.folded = folded;
      params.folded_hi = folded_hi;

      if (!search_text (conn, &params, result, error))
        goto out;
    }
  else
    {
      g_auto(Query) sql = { NULL, NULL };

      query_matching (&sql, "SELECT p.id", NULL);
      if (!append_filters (&sql, &params, TRUE, error))
        goto out;
      append_order_by (&sql, &params, FALSE);
      if (query->limit > 0)
        g_string_append_printf (sql.sql, " LIMIT %u", query->limit);
      if (!collect (conn, &sql, result->ids, NULL, NULL, error))
        goto out;
    }

  if (!result->capped)
    result->category_counts = count_categories (conn, &params, error);
  if (query->limit > 0 && result->ids->len > query->limit)
    g_array_set_size (result->ids, query->limit);

out:
  g_free (params.today);
  return error == NULL || *error == NULL;
}

/**
 * vj_db_search_programmes:
 *
 * Searches the catalogue, in a worker thread. Cancelling @cancellable interrupts the running
 * statement.
 *
 * Returns: (transfer full): the matching programme ids in order, and per-category counts
 */
VjSearchResult *
vj_db_search_programmes (VjDb                   *self,
                         const VjProgrammeQuery *query,
                         GCancellable           *cancellable,
                         GError                **error)
{
  g_autoptr(VjSearchResult) result = g_new0 (VjSearchResult, 1);
  g_autoptr(GError) local_error = NULL;
  VjStoreConn *conn;
  gulong handler = 0;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  result->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), conn, NULL);
  run_search (conn, query, result, &local_error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  _vj_db_release_reader (self, conn);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * vj_db_search_programme_ids:
 *
 * Returns: (transfer full) (element-type gint64): the matching programme ids in order
 */
GArray *
vj_db_search_programme_ids (VjDb                   *self,
                            const VjProgrammeQuery *query,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(VjSearchResult) result = vj_db_search_programmes (self, query, cancellable, error);

  return result != NULL ? g_steal_pointer (&result->ids) : NULL;
}
