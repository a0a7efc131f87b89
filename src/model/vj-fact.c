#define G_LOG_DOMAIN "vj-fact"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vj-fact.h"

VjFact *
vj_fact_new (void)
{
  return g_new0 (VjFact, 1);
}

VjFact *
vj_fact_copy (const VjFact *fact)
{
  VjFact *copy = g_memdup2 (fact, sizeof *fact);

  copy->fact = g_strdup (fact->fact);
  copy->reason = g_strdup (fact->reason);
  copy->key = g_strdup (fact->key);
  copy->start = g_strdup (fact->start);
  copy->source = g_strdup (fact->source);
  return copy;
}

void
vj_fact_free (VjFact *fact)
{
  if (fact == NULL)
    return;
  g_free (fact->fact);
  g_free (fact->reason);
  g_free (fact->key);
  g_free (fact->start);
  g_free (fact->source);
  g_free (fact);
}

/* The one wording for a value nobody knows, everywhere it is shown */
const char *
vj_fact_unknown (void)
{
  return _("Unknown");
}

const char *
vj_fact_name (const char *fact)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "cutoff", N_("Admission cut-off grade") },
    { "dropout", N_("Drop-out") },
    { "unemployment", N_("Unemployment of new graduates") },
    { "wage-median", N_("Monthly wage of new graduates") },
    { "wage-p25", N_("Monthly wage, lower quartile") },
    { "wage-p75", N_("Monthly wage, upper quartile") },
    { "teaching-hours", N_("Hours of teaching") },
  };

  for (guint i = 0; fact != NULL && i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].code, fact) == 0)
      return g_dgettext (GETTEXT_PACKAGE, names[i].name);
  return fact;
}

/* Why a figure is missing, in words (KOT's reasons; Uddannelseszoom's suppressed figures) */
const char *
vj_fact_reason_text (const char *reason)
{
  static const struct { const char *code; const char *text; } reasons[] = {
    { "all-admitted", N_("All qualified applicants admitted") },
    { "all-admitted-vacancies", N_("All qualified applicants admitted, places left") },
    { "quota-2-only", N_("Admission in quota 2 only") },
    { "outside-quota", N_("Outside the quota system") },
    { "not-created", N_("Not offered that year") },
    { "suppressed", N_("Not published (too few people)") },
  };

  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (strcmp (reasons[i].code, reason) == 0)
      return g_dgettext (GETTEXT_PACKAGE, reasons[i].text);
  return vj_fact_unknown ();
}

/* "6,8", "12 %", "30.300 kr.", "326 timer", or the reason in words; Danish number format */
char *
vj_fact_format (const VjFact *fact)
{
  g_autofree char *number = NULL;

  if (!fact->has_value)
    return g_strdup (vj_fact_reason_text (fact->reason));

  if (g_strcmp0 (fact->fact, "cutoff") == 0)
    {
      number = g_strdup_printf ("%.1f", fact->value);
      g_strdelimit (number, ".", ',');
      return g_steal_pointer (&number);
    }
  if (g_strcmp0 (fact->fact, "dropout") == 0 || g_strcmp0 (fact->fact, "unemployment") == 0)
    /* Translators: a percentage */
    return g_strdup_printf (_("%.0f %%"), fact->value);
  if (g_str_has_prefix (fact->fact, "wage-"))
    {
      /* Uddannelseszoom gives thousands of kroner a month */
      long kroner = lround (fact->value * 1000);

      number = g_strdup_printf ("%ld.%03ld", kroner / 1000, kroner % 1000);
      /* Translators: %s is an amount in Danish kroner */
      return g_strdup_printf (_("%s kr."), number);
    }
  if (g_strcmp0 (fact->fact, "teaching-hours") == 0)
    /* Translators: hours of teaching */
    return g_strdup_printf (_("%.0f hours"), fact->value);
  return g_strdup_printf ("%g", fact->value);
}

/* The KOT offer whose cut-offs stand for an offering (its chart, Sammenlign, the CLI): the
 * summer start with the most years, then the lowest KOT number */
const char *
vj_facts_main_cutoff_key (GPtrArray *facts)
{
  g_autoptr(GHashTable) years = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_years = 0;
  gboolean best_summer = FALSE;

  for (guint i = 0; i < facts->len; i++)
    {
      VjFact *fact = g_ptr_array_index (facts, i);

      if (g_strcmp0 (fact->fact, "cutoff") == 0)
        g_hash_table_insert (years, fact->key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (years,
                                                                                      fact->key))
                                               + 1));
    }
  for (guint i = 0; i < facts->len; i++)
    {
      VjFact *fact = g_ptr_array_index (facts, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (years, fact->key));
      gboolean summer = g_strcmp0 (fact->start, "summer") == 0;

      if (g_strcmp0 (fact->fact, "cutoff") != 0)
        continue;
      if (best == NULL || (summer && !best_summer) ||
          (summer == best_summer && (n > best_years ||
                                     (n == best_years && g_strcmp0 (fact->key, best) < 0))))
        {
          best = fact->key;
          best_years = n;
          best_summer = summer;
        }
    }
  return best;
}

/* The newest figure @name (of @key, or of any key) */
const VjFact *
vj_facts_latest (GPtrArray  *facts,
        const char *name,
        const char *key)
{
  const VjFact *found = NULL;

  for (guint i = 0; i < facts->len; i++)
    {
      const VjFact *fact = g_ptr_array_index (facts, i);

      if (g_strcmp0 (fact->fact, name) == 0 && (key == NULL || g_strcmp0 (fact->key, key) == 0) &&
          (found == NULL || fact->year > found->year))
        found = fact;
    }
  return found;
}

void
vj_admission_rule_clear (VjAdmissionRule *rule)
{
  g_clear_pointer (&rule->start, g_free);
  memset (rule, 0, sizeof *rule);
}

/* Where the rule comes from, as the programme page and the CLI name it */
const char *
vj_admission_rule_source (void)
{
  return _("The rule of Den Koordinerede Tilmelding (optagelse.dk)");
}

const char *
vj_kot_start_name (const char *start)
{
  if (g_strcmp0 (start, "summer") == 0)
    return _("Summer start");
  if (g_strcmp0 (start, "winter") == 0)
    return _("Winter start");
  if (g_strcmp0 (start, "summer-winter") == 0)
    return _("Summer and winter start");
  return NULL;
}

/**
 * vj_facts_admission_rule:
 * @facts: (element-type VjFact): an offering's figures (vj_db_list_offering_facts ())
 * @today: YYYY-MM-DD
 *
 * Fills @rule when the offering is a KOT offer (it has cut-offs): the deadlines of the next
 * admission whose kvote 1 deadline has not passed, and kvote 2 only when KOT's newest year says
 * so.
 */
void
vj_facts_admission_rule (GPtrArray       *facts,
                         const char      *today,
                         VjAdmissionRule *rule)
{
  const char *key = vj_facts_main_cutoff_key (facts);
  const VjFact *newest;
  int year;

  memset (rule, 0, sizeof *rule);
  if (key == NULL || today == NULL || strlen (today) < 10)
    return;
  newest = vj_facts_latest (facts, "cutoff", key);
  year = (int) g_ascii_strtoll (today, NULL, 10);
  /* After 5 July the next admission is next year's */
  if (strcmp (today + 4, "-07-05") > 0)
    year++;
  rule->applies = TRUE;
  rule->quota1 = !(newest != NULL && !newest->has_value &&
                   g_strcmp0 (newest->reason, "quota-2-only") == 0);
  g_snprintf (rule->quota2_date, sizeof rule->quota2_date, "%04d-03-15", year);
  if (rule->quota1)
    g_snprintf (rule->quota1_date, sizeof rule->quota1_date, "%04d-07-05", year);
  for (guint i = 0; i < facts->len; i++)
    {
      const VjFact *fact = g_ptr_array_index (facts, i);

      if (g_strcmp0 (fact->key, key) == 0 && fact->start != NULL)
        {
          rule->start = g_strdup (fact->start);
          break;
        }
    }
}
