#define G_LOG_DOMAIN "vj-programme-list"

#include "config.h"

#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-programme-list.h"

/* The catalogue as a GListModel of VjProgramme (a VjIdList): a worker runs the search
 * (filtering and sorting in SQL) and counts the matches per category beside it. A newer query
 * cancels the one still running. */

struct _VjProgrammeList
{
  VjIdList          parent_instance;

  VjProgrammeQuery *query;
  gboolean          capped;
  GHashTable       *category_counts;   /* code → count, or NULL when unknown */
};

G_DEFINE_FINAL_TYPE (VjProgrammeList, vj_programme_list, VJ_TYPE_ID_LIST)

/* "Deadline not passed" lets an unknown deadline through: it says so (vj-db-search.c); a
 * deadline by rule is known */
static void
loaded (VjIdList *list,
        gpointer  item)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (list);
  VjProgramme *programme = item;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *local_today = NULL;
  const char *today;
  VjDb *db = vj_id_list_get_db (list);
  gint64 id = vj_programme_get_id (programme);

  if (self->query == NULL || !self->query->open_deadline ||
      vj_programme_get_title (programme) == NULL)
    return;
  now = g_date_time_new_now_local ();
  local_today = g_date_time_format (now, "%Y-%m-%d");
  today = self->query->today != NULL ? self->query->today : local_today;
  vj_programme_set_deadline_unknown (
    programme, !vj_db_programme_has_open_deadline (db, id, today) &&
               !vj_db_programme_has_open_rule_deadline (db, programme, today));
}

/* In a worker: a page of rows */
static GPtrArray *
load_items (VjDb         *db,
            const gint64 *ids,
            guint         n,
            GCancellable *cancellable)
{
  return vj_db_load_programmes (db, ids, n, cancellable, NULL);
}

/* A row until its page is read: its id and nothing else */
static gpointer
placeholder (VjIdList *list,
             gint64    id)
{
  return g_object_new (VJ_TYPE_PROGRAMME, "id", id, NULL);
}

/* The rows a list view first makes: GTK 4.8's makes about 200, whatever the height */
#define FIRST_ROWS 200

typedef struct
{
  VjSearchResult *found;
  GPtrArray      *first;   /* the first rows' programmes, or NULL */
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->found, vj_search_result_free);
  g_clear_pointer (&answer->first, g_ptr_array_unref);
  g_free (answer);
}

/* The search, then the first rows' programmes on the same worker: the main thread shows them
 * without a query each */
static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VjDb *db = vj_id_list_get_db (source_object);
  const VjProgrammeQuery *query = task_data;
  GError *error = NULL;
  VjSearchResult *result = vj_db_search_programmes (db, query, cancellable, &error);
  Answer *answer;

  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = g_new0 (Answer, 1);
  answer->found = result;
  /* "Deadline not passed" marks each row on its own (load_item) */
  if (!query->open_deadline)
    answer->first = vj_db_load_programmes (db, (const gint64 *) result->ids->data,
                                           MIN (result->ids->len, FIRST_ROWS), cancellable,
                                           NULL);
  g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);
  g_autoptr(GError) error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  VjSearchResult *found = answer != NULL ? answer->found : NULL;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vj_id_list_failed (VJ_ID_LIST (self), error);
      return;
    }

  self->capped = found->capped;
  g_clear_pointer (&self->category_counts, g_hash_table_unref);
  self->category_counts = g_steal_pointer (&found->category_counts);
  vj_id_list_set_ids_with_items (VJ_ID_LIST (self), g_steal_pointer (&found->ids), answer->first,
                                 FALSE, FALSE);
  answer_free (answer);
}

static void
vj_programme_list_finalize (GObject *object)
{
  VjProgrammeList *self = VJ_PROGRAMME_LIST (object);

  g_clear_pointer (&self->query, vj_programme_query_free);
  g_clear_pointer (&self->category_counts, g_hash_table_unref);

  G_OBJECT_CLASS (vj_programme_list_parent_class)->finalize (object);
}

static void
vj_programme_list_class_init (VjProgrammeListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_programme_list_finalize;
  VJ_ID_LIST_CLASS (klass)->load_items = load_items;
  VJ_ID_LIST_CLASS (klass)->placeholder = placeholder;
  VJ_ID_LIST_CLASS (klass)->loaded = loaded;
}

static void
vj_programme_list_init (VjProgrammeList *self)
{
  self->query = vj_programme_query_new ();
}

VjProgrammeList *
vj_programme_list_new (VjDb *db)
{
  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  return g_object_new (VJ_TYPE_PROGRAMME_LIST, "db", db, "item-type", VJ_TYPE_PROGRAMME, NULL);
}

/**
 * vj_programme_list_set_query:
 *
 * Starts a search in a worker; the rows change when it completes. A search still running is
 * cancelled (its SQL statement interrupted).
 */
void
vj_programme_list_set_query (VjProgrammeList        *self,
                             const VjProgrammeQuery *query)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VJ_IS_PROGRAMME_LIST (self));
  g_return_if_fail (query != NULL);

  if (self->query != query)
    {
      g_clear_pointer (&self->query, vj_programme_query_free);
      self->query = vj_programme_query_copy (query);
    }

  task = g_task_new (self, vj_id_list_restart (VJ_ID_LIST (self)), search_done_cb, NULL);
  g_task_set_source_tag (task, vj_programme_list_set_query);
  g_task_set_task_data (task, vj_programme_query_copy (self->query),
                        (GDestroyNotify) vj_programme_query_free);
  g_task_run_in_thread (task, search_thread);
}

/* Runs the current query again, e.g. after an import. */
void
vj_programme_list_reload (VjProgrammeList *self)
{
  g_return_if_fail (VJ_IS_PROGRAMME_LIST (self));
  vj_programme_list_set_query (self, self->query);
}

gboolean
vj_programme_list_get_loading (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), FALSE);
  return vj_id_list_get_loading (VJ_ID_LIST (self));
}

/* The current results are the best matches of a broad search, not all of them. */
gboolean
vj_programme_list_get_capped (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), FALSE);
  return self->capped;
}

/**
 * vj_programme_list_get_category_count:
 * @code: a category code
 *
 * Returns: how many programmes of that category match the text and the other filters, or -1
 *   when not known (a broad search)
 */
int
vj_programme_list_get_category_count (VjProgrammeList *self,
                                      const char      *code)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), -1);

  if (self->category_counts == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->category_counts, code));
}

const VjProgrammeQuery *
vj_programme_list_get_query (VjProgrammeList *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_LIST (self), NULL);
  return self->query;
}
