#define G_LOG_DOMAIN "vj-db-stats"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-csv.h"
#include "vj-db-private.h"
#include "vj-db-stats.h"
#include "vj-reference.h"
#include "vj-session-record.h"
#include "vj-store.h"
#include "vj-text.h"

/* Each count is one GROUP BY over the sessions in the period (?1 ≤ started_at < ?2, either
 * open), run in a worker on a pooled reader. A session counts once per track however many of
 * its programmes belong to the track; a programme in an action plan counts for the plan's
 * track. */

#define PERIOD \
  "(CAST (?1 AS TEXT) IS NULL OR s.started_at >= ?1)" \
  " AND (CAST (?2 AS TEXT) IS NULL OR s.started_at < ?2)"

static const char * const stats_sql[VJ_STATS_N_DIMENSIONS] = {
  [VJ_STATS_MONTH] =
    "SELECT substr (s.started_at, 1, 7), count(*) FROM session s WHERE " PERIOD
    " GROUP BY 1 ORDER BY 1;",
  [VJ_STATS_FORM] =
    "SELECT s.form, count(*) FROM session s WHERE " PERIOD " GROUP BY 1 ORDER BY 2 DESC, 1;",
  [VJ_STATS_SERVICE] =
    "SELECT s.service, count(*) FROM session s WHERE " PERIOD " GROUP BY 1 ORDER BY 2 DESC, 1;",
  [VJ_STATS_MUNICIPALITY] =
    "SELECT s.municipality, count(*) FROM session s WHERE " PERIOD
    " GROUP BY 1 ORDER BY 2 DESC, 1;",
  [VJ_STATS_TRACK] =
    "WITH RECURSIVE under (id, track) AS ("
    "  SELECT id, id FROM initiative WHERE kind = 'track'"
    "  UNION SELECT i.id, under.track FROM initiative i JOIN under ON i.parent_id = under.id)"
    " SELECT t.id, count(DISTINCT s.id), t.title FROM session s"
    "   JOIN session_programme sp ON sp.session_id = s.id"
    "   JOIN initiative_programme ip ON ip.programme_id = sp.programme_id"
    "   JOIN under ON under.id = ip.initiative_id"
    "   JOIN initiative t ON t.id = under.track"
    "  WHERE " PERIOD
    "  GROUP BY t.id ORDER BY t.position, t.sort_key;",
};

static const char *dimension_titles[VJ_STATS_N_DIMENSIONS] = {
  N_("Sessions per Month"),
  N_("Form"),
  N_("Service"),
  N_("Municipality"),
  N_("Kompetenceparat Track"),
};

static void
stats_row_free (VjStatsRow *row)
{
  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

void
vj_stats_free (VjStats *stats)
{
  if (stats == NULL)
    return;
  for (guint d = 0; d < VJ_STATS_N_DIMENSIONS; d++)
    g_clear_pointer (&stats->rows[d], g_ptr_array_unref);
  g_free (stats->from);
  g_free (stats->to);
  g_free (stats);
}

const char *
vj_stats_dimension_title (VjStatsDimension dimension)
{
  g_return_val_if_fail (dimension < VJ_STATS_N_DIMENSIONS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, dimension_titles[dimension]);
}

static char *
dup_label (VjStatsDimension  dimension,
           const char       *key,
           const char       *title)
{
  const VjMunicipality *municipality;

  if (key == NULL || key[0] == '\0')
    return g_strdup (_("Not given"));
  switch (dimension)
    {
    case VJ_STATS_MONTH:
      return vj_text_format_date (key);
    case VJ_STATS_FORM:
      return g_strdup (vj_session_form_name (key));
    case VJ_STATS_SERVICE:
      return g_strdup (vj_session_service_name (key));
    case VJ_STATS_MUNICIPALITY:
      municipality = vj_municipality_lookup ((int) g_ascii_strtoll (key, NULL, 10));
      return g_strdup (municipality != NULL ? municipality->name : key);
    case VJ_STATS_TRACK:
    case VJ_STATS_N_DIMENSIONS:
    default:
      return g_strdup (title != NULL ? title : key);
    }
}

static gboolean
count_dimension (VjStoreConn      *conn,
                 VjStats          *stats,
                 VjStatsDimension  dimension,
                 GError          **error)
{
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn, stats_sql[dimension], error);

  stats->rows[dimension] = g_ptr_array_new_with_free_func ((GDestroyNotify) stats_row_free);
  if (stmt == NULL)
    return FALSE;
  vj_store_stmt_set_what (stmt, _("counting the sessions"));
  vj_store_stmt_bind_text (stmt, 1, stats->from);
  vj_store_stmt_bind_text (stmt, 2, stats->to);
  while (vj_store_stmt_next (stmt))
    {
      VjStatsRow *row = g_new0 (VjStatsRow, 1);
      const char *title = vj_store_stmt_get_n_columns (stmt) > 2
                            ? vj_store_stmt_get_text (stmt, 2) : NULL;

      row->key = vj_store_stmt_dup_text (stmt, 0);
      row->count = vj_store_stmt_get_int (stmt, 1);
      row->label = dup_label (dimension, row->key, title);
      g_ptr_array_add (stats->rows[dimension], row);
      if (dimension == VJ_STATS_MONTH)
        stats->total += row->count;
    }
  return vj_store_stmt_check (stmt, error);
}

/**
 * vj_db_compute_stats:
 * @from: (nullable): the first day counted, YYYY-MM-DD
 * @to: (nullable): the day after the last one counted
 *
 * Blocks: call it from a worker (vj_db_compute_stats_async ()) or the CLI.
 *
 * Returns: (transfer full) (nullable): the counts
 */
VjStats *
vj_db_compute_stats (VjDb          *self,
                     const char    *from,
                     const char    *to,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(VjStats) stats = g_new0 (VjStats, 1);
  VjStoreConn *conn;
  gboolean ok = TRUE;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stats->from = g_strdup (from);
  stats->to = g_strdup (to);
  conn = _vj_db_acquire_reader (self, error);
  if (conn == NULL)
    return NULL;
  for (guint d = 0; ok && d < VJ_STATS_N_DIMENSIONS; d++)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         count_dimension (conn, stats, d, error);
  _vj_db_release_reader (self, conn);
  return ok ? g_steal_pointer (&stats) : NULL;
}

/**
 * vj_stats_to_csv:
 *
 * Returns: (transfer full): the table for a Danish spreadsheet: a UTF-8 BOM, ";" between
 * fields, one row per count
 */
char *
vj_stats_to_csv (const VjStats *stats)
{
  /* Danish whatever the locale, like every CSV the app writes */
  static const char * const header[] = { "Opdeling", "Værdi", "Samtaler" };
  GString *out = g_string_new (VJ_CSV_BOM);

  vj_csv_append_row (out, header, G_N_ELEMENTS (header), ';');
  for (guint d = 0; d < VJ_STATS_N_DIMENSIONS; d++)
    for (guint i = 0; i < stats->rows[d]->len; i++)
      {
        VjStatsRow *row = g_ptr_array_index (stats->rows[d], i);

        g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, row->count);
        const char *fields[] = {
          vj_stats_dimension_title (d),
          d == VJ_STATS_MONTH && row->key != NULL ? row->key : row->label,
          count,
        };

        vj_csv_append_row (out, fields, G_N_ELEMENTS (fields), ';');
      }
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *from;
  char *to;
} Period;

static void
period_free (Period *period)
{
  g_free (period->from);
  g_free (period->to);
  g_free (period);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Period *period = task_data;
  GError *error = NULL;
  VjStats *stats = vj_db_compute_stats (source_object, period->from, period->to, cancellable,
                                        &error);

  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) vj_stats_free);
}

void
vj_db_compute_stats_async (VjDb               *self,
                           const char         *from,
                           const char         *to,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Period *period = g_new0 (Period, 1);

  period->from = g_strdup (from);
  period->to = g_strdup (to);
  g_task_set_source_tag (task, vj_db_compute_stats_async);
  g_task_set_task_data (task, period, (GDestroyNotify) period_free);
  g_task_run_in_thread (task, stats_thread);
}

VjStats *
vj_db_compute_stats_finish (VjDb         *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
