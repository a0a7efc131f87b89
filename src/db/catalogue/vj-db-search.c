#define G_LOG_DOMAIN "vj-db-search"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-db-initiatives-private.h"
#include "vj-db-private.h"
#include "vj-db-search.h"
#include "vj-text.h"

/* Searching the catalogue, in a worker, at national scale (100 000 programmes).
 *
 * A selective search (at most VJ_SEARCH_RANKED_MAX matches) is ranked in full: a title equal
 * to what was typed first, then titles beginning with it, then by bm25 with titles weighing
 * more than descriptions. A broad one ("a", "uddannelse") would rank every match, which costs
 * far more than a frame; it takes the titles beginning with the text from the title-key index,
 * then title matches, then other matches, each bounded, and says it is capped. Every SQL
 * statement is put together from constant fragments; what the user typed is only ever bound. */

/* An offering's KOT numbers (its own, and those matched to its ug.dk article at its campus)
 * whose newest cut-off's reason is (OP "=") or is not (OP "IS NOT") "kvote 2 only" */
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
         query->start_to != NULL || query->open_deadline || query->initiative > 0;
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
         q->start_from != NULL || q->start_to != NULL || q->open_deadline;
}

static void
append_filters (GString                *sql,
                const VjProgrammeQuery *q,
                gboolean                with_category)
{
  if (with_category && q->category != NULL)
    g_string_append (sql, " AND p.category = :category");
  if (q->level > 0)
    g_string_append (sql, " AND p.level = :level");
  if (q->initiative > 0)
    /* The initiative and everything under it: tracks, their action plans and projects */
    g_string_append (sql, " AND p.id IN (WITH RECURSIVE part (id) AS (SELECT :initiative"
                          "   UNION SELECT c.id FROM initiative c JOIN part ON c.parent_id = part.id"
                          "   WHERE c.withdrawn = 0)"
                          "  SELECT ip.programme_id FROM " VJ_SQL_INITIATIVE_PROGRAMME " ip"
                          "   WHERE ip.initiative_id IN part)");
  if (!needs_offering (q))
    return;

  g_string_append (sql, " AND EXISTS (SELECT 1 FROM offering o"
                        "   LEFT JOIN location l ON l.id = o.location_id"
                        "   WHERE o.programme_id = p.id AND o.withdrawn = 0");
  if (q->municipality > 0)
    /* Offered there, or by an institution that serves it without a campus (Stevns, Lejre) */
    g_string_append (sql, " AND (l.municipality = :municipality"
                          "      OR EXISTS (SELECT 1 FROM institution_serves s"
                          "                 WHERE s.institution_id = l.institution_id"
                          "                   AND s.municipality = :municipality))");
  if (q->region > 0)
    g_string_append (sql, " AND (l.municipality IN (SELECT code FROM municipality"
                          "                         WHERE region = :region)"
                          "      OR EXISTS (SELECT 1 FROM institution_serves s"
                          "                 JOIN municipality sm ON sm.code = s.municipality"
                          "                 WHERE s.institution_id = l.institution_id"
                          "                   AND sm.region = :region))");
  if (q->institution > 0)
    g_string_append (sql, " AND l.institution_id = :institution");
  if (q->study_mode != NULL)
    g_string_append (sql, " AND o.study_mode = :study_mode");
  if (q->start_from != NULL)
    g_string_append (sql, " AND o.start >= :start_from");
  if (q->start_to != NULL)
    g_string_append (sql, " AND o.start <= :start_to");
  if (q->open_deadline)
    /* An unknown deadline passes; the programme page marks it as unknown. Without a date of its
     * own, a deadline by rule counts (vj_admission_rule_for ()): they all lie ahead but for a
     * KOT offer that admits in kvote 2 only (its newest cut-off says so for each of its KOT
     * numbers), whose 15 March has passed from 16 March to 5 July */
    g_string_append (sql, " AND (o.deadline >= :today OR (o.deadline IS NULL AND NOT ("
                          "   substr (:today, 6) > '03-15' AND substr (:today, 6) <= '07-05'"
                          "   AND EXISTS (" QUOTA_2_ONLY_NEWEST ("=") ")"
                          "   AND NOT EXISTS (" QUOTA_2_ONLY_NEWEST ("IS NOT") "))))");
  g_string_append (sql, ")");
}

typedef struct
{
  const VjProgrammeQuery *query;
  const char             *match;       /* FTS5 expression */
  const char             *title_match; /* the same, in titles only */
  const char             *folded;      /* the typed text, folded */
  const char             *folded_hi;   /* just past every key that begins with it */
  char                   *today;
} Params;

static void
bind_text_param (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    _vj_db_bind_text (stmt, index, value);
}

static void
bind_int_param (sqlite3_stmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_params (sqlite3_stmt *stmt,
             const Params *p)
{
  const VjProgrammeQuery *q = p->query;

  bind_text_param (stmt, ":match", p->match);
  bind_text_param (stmt, ":title_match", p->title_match);
  bind_text_param (stmt, ":folded", p->folded);
  bind_text_param (stmt, ":folded_hi", p->folded_hi);
  bind_text_param (stmt, ":category", q->category);
  bind_int_param (stmt, ":level", q->level);
  bind_int_param (stmt, ":initiative", q->initiative);
  bind_int_param (stmt, ":municipality", q->municipality);
  bind_int_param (stmt, ":region", q->region);
  bind_int_param (stmt, ":institution", q->institution);
  bind_text_param (stmt, ":study_mode", q->study_mode);
  bind_text_param (stmt, ":start_from", q->start_from);
  bind_text_param (stmt, ":start_to", q->start_to);
  bind_text_param (stmt, ":today", p->today);
}

/* Runs a statement whose first column is a programme id, adding ids not seen yet. */
static gboolean
collect (sqlite3      *conn,
         const char   *sql,
         const Params *params,
         GArray       *ids,
         GHashTable   *seen,
         guint        *n_rows,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL);

  if (n_rows != NULL)
    *n_rows = 0;
  if (rc == SQLITE_OK)
    {
      bind_params (stmt, params);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (n_rows != NULL)
            (*n_rows)++;
          if (seen != NULL && !g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
            continue;
          g_array_append_val (ids, id);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vj_db_set_error (error, conn, rc, _("searching"));
  return TRUE;
}

static GHashTable *
count_categories (sqlite3      *conn,
                  const Params *params,
                  GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (params->match != NULL)
    g_string_append (sql, "SELECT p.category, count (*) FROM catalogue_fts f"
                          " JOIN programme p ON p.id = f.rowid"
                          " WHERE catalogue_fts MATCH :match");
  else
    g_string_append (sql, "SELECT p.category, count (*) FROM programme p WHERE 1");
  append_filters (sql, params->query, FALSE);
  g_string_append (sql, " GROUP BY p.category;");

  rc = sqlite3_prepare_v2 (conn, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_params (stmt, params);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_insert (counts,
                             g_strdup (sqlite3_column_type (stmt, 0) == SQLITE_NULL
                                       ? "" : (const char *) sqlite3_column_text (stmt, 0)),
                             GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vj_db_set_error (error, conn, rc, _("searching"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

static const char *
order_by (const VjProgrammeQuery *q,
          gboolean                ranked)
{
  switch (q->sort)
    {
    case VJ_PROGRAMME_SORT_NEXT_START:
      return " ORDER BY p.withdrawn, (SELECT min (o.start) FROM offering o"
             "   WHERE o.programme_id = p.id AND o.withdrawn = 0 AND o.start >= :today) IS NULL,"
             " (SELECT min (o.start) FROM offering o"
             "   WHERE o.programme_id = p.id AND o.withdrawn = 0 AND o.start >= :today),"
             " p.sort_key";
    case VJ_PROGRAMME_SORT_TITLE:
      return " ORDER BY p.withdrawn, p.sort_key";
    case VJ_PROGRAMME_SORT_RELEVANCE:
    default:
      if (!ranked)
        return " ORDER BY p.withdrawn, p.sort_key";
      return " ORDER BY p.withdrawn,"
             " CASE WHEN p.title_key = :folded THEN 0"
             "      WHEN p.title_key >= :folded AND p.title_key < :folded_hi THEN 1 ELSE 2 END,"
             " bm25 (catalogue_fts, 10.0, 1.0, 3.0), p.sort_key";
    }
}

static gboolean
search_text (sqlite3         *conn,
             const Params    *params,
             VjSearchResult  *result,
             GError         **error)
{
  const VjProgrammeQuery *q = params->query;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = NULL;
  guint n = 0;

  /* How many match, bounded: no ranking, the FTS index's own order */
  g_string_append (sql, "SELECT p.id FROM catalogue_fts f JOIN programme p ON p.id = f.rowid"
                        " WHERE catalogue_fts MATCH :match");
  append_filters (sql, q, TRUE);
  g_string_append_printf (sql, " LIMIT %d;", VJ_SEARCH_RANKED_MAX + 1);
  if (!collect (conn, sql->str, params, first, NULL, &n, error))
    return FALSE;

  if (n <= VJ_SEARCH_RANKED_MAX)
    {
      g_string_assign (sql, "SELECT p.id FROM catalogue_fts f JOIN programme p ON p.id = f.rowid"
                            " WHERE catalogue_fts MATCH :match");
      append_filters (sql, q, TRUE);
      g_string_append (sql, order_by (q, TRUE));
      return collect (conn, sql->str, params, result->ids, NULL, NULL, error);
    }

  /* A broad search: the best matches, each step bounded */
  result->capped = TRUE;
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_string_assign (sql, "SELECT p.id FROM programme p"
                        " WHERE p.title_key >= :folded AND p.title_key < :folded_hi");
  append_filters (sql, q, TRUE);
  /* In the index's order, so the LIMIT ends the scan */
  g_string_append_printf (sql, " ORDER BY p.title_key LIMIT %d;", CAPPED_TITLE_PREFIX);
  if (!collect (conn, sql->str, params, result->ids, seen, NULL, error))
    return FALSE;

  g_string_assign (sql, "SELECT p.id FROM catalogue_fts f JOIN programme p ON p.id = f.rowid"
                        " WHERE catalogue_fts MATCH :title_match");
  append_filters (sql, q, TRUE);
  g_string_append_printf (sql, " LIMIT %d;", CAPPED_TITLE_WORDS);
  if (!collect (conn, sql->str, params, result->ids, seen, NULL, error))
    return FALSE;

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
              sqlite3      *conn)
{
  sqlite3_interrupt (conn);
}

static gboolean
run_search (sqlite3                *conn,
            const VjProgrammeQuery *query,
            VjSearchResult         *result,
            GError                **error)
{
  g_autofree char *match = vj_text_fts_query (query->text);
  g_autofree char *title_match = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *folded_hi = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Params params = { query };

  params.today = query->today != NULL ? g_strdup (query->today)
                                      : g_date_time_format (now, "%Y-%m-%d");
  if (match != NULL)
    {
      g_autofree char *raw = vj_text_fold (query->text);

      folded = g_strstrip (g_steal_pointer (&raw));
      /* U+10FFFF sorts after every character a key can hold */
      folded_hi = g_strconcat (folded, "\xf4\x8f\xbf\xbf", NULL);
      title_match = g_strconcat ("title : (", match, ")", NULL);
      params.match = match;
      params.title_match = title_match;
      params.folded = folded;
      params.folded_hi = folded_hi;

      if (!search_text (conn, &params, result, error))
        goto out;
    }
  else
    {
      g_autoptr(GString) sql = g_string_new ("SELECT p.id FROM programme p WHERE 1");

      append_filters (sql, query, TRUE);
      g_string_append (sql, order_by (query, FALSE));
      if (query->limit > 0)
        g_string_append_printf (sql, " LIMIT %u", query->limit);
      if (!collect (conn, sql->str, &params, result->ids, NULL, NULL, error))
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
  sqlite3 *conn;
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
