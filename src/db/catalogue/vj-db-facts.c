#define G_LOG_DOMAIN "vj-db-facts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-db-private.h"
#include "vj-store.h"

/* What the public tables say about an offering, through its public keys: its own KOT number,
 * the KOT numbers matched to its ug.dk article and campus (kot_match), and the article and
 * campus themselves (Uddannelseszoom). Each step is an indexed lookup. */
static const char facts_sql[] =
  "WITH o AS (SELECT o.kot_number, o.ug_article || '/' || l.number AS article"
  "           FROM offering o LEFT JOIN location l ON l.id = o.location_id WHERE o.id = ?1),"
  " keys (kind, key, start) AS ("
  "   SELECT 'kot', o.kot_number, m.start FROM o LEFT JOIN kot_match m"
  "     ON m.kot_number = o.kot_number WHERE o.kot_number IS NOT NULL"
  "   UNION SELECT 'kot', m.kot_number, m.start FROM kot_match m, o"
  "     WHERE o.article IS NOT NULL AND m.ug_article = o.article"
  "   UNION SELECT 'article', o.article, NULL FROM o WHERE o.article IS NOT NULL)"
  " SELECT f.fact, f.year, f.value, f.reason, f.key, k.start, s.title"
  " FROM keys k JOIN public_fact f ON f.key_kind = k.kind AND f.key = k.key"
  " JOIN source s ON s.id = f.source_id"
  " ORDER BY f.fact, f.key, f.year;";

/**
 * vj_db_list_offering_facts:
 *
 * Returns: (transfer full) (element-type VjFact): the offering's figures by fact, key and year
 */
GPtrArray *
vj_db_list_offering_facts (VjDb    *self,
                           gint64   offering_id,
                           GError **error)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
  g_autoptr(VjStoreStmt) stmt = NULL;

  g_return_val_if_fail (VJ_IS_DB (self), NULL);

  stmt = vj_store_prepare (_vj_db_get_main_reader (self), facts_sql, error);
  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("reading the catalogue"));
  vj_store_stmt_bind_int (stmt, 1, offering_id);
  while (vj_store_stmt_next (stmt))
    {
      VjFact *fact = vj_fact_new ();

      fact->fact = vj_store_stmt_dup_text (stmt, 0);
      fact->year = (int) vj_store_stmt_get_int (stmt, 1);
      fact->has_value = !vj_store_stmt_is_null (stmt, 2);
      fact->value = vj_store_stmt_get_double (stmt, 2);
      fact->reason = vj_store_stmt_dup_text (stmt, 3);
      fact->key = vj_store_stmt_dup_text (stmt, 4);
      fact->start = vj_store_stmt_dup_text (stmt, 5);
      fact->source = vj_store_stmt_dup_text (stmt, 6);
      g_ptr_array_add (facts, fact);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&facts);
}

/**
 * vj_db_programme_has_open_rule_deadline:
 * @today: YYYY-MM-DD
 *
 * Returns: whether an offering without a deadline of its own has one by rule not before
 *   @today (a KOT offer's, a youth education's 1 March): "deadline not passed" counts it as
 *   known (a few one-row queries per offering)
 */
gboolean
vj_db_programme_has_open_rule_deadline (VjDb        *db,
                                        VjProgramme *programme,
                                        const char  *today)
{
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (db, vj_programme_get_id (programme),
                                                         NULL);
  gboolean open = FALSE;

  for (guint i = 0; offerings != NULL && i < offerings->len && !open; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      g_autoptr(GPtrArray) facts = NULL;
      VjAdmissionRule rule = { 0 };
      const char *deadline;

      if (vj_offering_get_withdrawn (offering) ||
          vj_offering_get (offering, VJ_OFFERING_DEADLINE) != NULL)
        continue;
      facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering), NULL);
      vj_admission_rule_for (vj_programme_get_category (programme),
                             vj_programme_get_title (programme), facts, today, &rule);
      deadline = vj_admission_rule_deadline (&rule);
      open = deadline != NULL && strcmp (deadline, today) >= 0;
      vj_admission_rule_clear (&rule);
    }
  return open;
}
