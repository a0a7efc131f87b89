#define G_LOG_DOMAIN "vj-fact"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vj-fact.h"
#include "vj-text.h"

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
  rule->kind = VJ_ADMISSION_RULE_KOT;
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

/* Whether the title names the programme by one of these words ("HHX – højere handelseksamen") */
static gboolean
title_has_word (char * const *words,
                const char   *word)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (words[i], word) == 0)
      return TRUE;
  return FALSE;
}

/**
 * vj_youth_admission_applies:
 * @category: the programme's category code
 * @title: the programme's title
 *
 * Returns: whether the programme is a youth education that pupils in 9. or 10. klasse apply
 *   for on optagelse.dk by 1 March: every erhvervsuddannelse (EUD, EUX), and of the gymnasiale
 *   uddannelser STX, HHX, HTX and the 2-årig HF (not IB, the 3-årig HF or HF-enkeltfag, which
 *   have their own ways in)
 */
gboolean
vj_youth_admission_applies (const char *category,
                            const char *title)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (g_strcmp0 (category, "erhvervsuddannelse") == 0)
    return TRUE;
  if (g_strcmp0 (category, "gymnasial") != 0 || title == NULL)
    return FALSE;
  folded = g_utf8_casefold (title, -1);
  g_strdelimit (folded, "\t-,.:;()/", ' ');
  words = g_strsplit (folded, " ", -1);
  if (title_has_word (words, "enkeltfag") || title_has_word (words, "ib") ||
      title_has_word (words, "3"))
    return FALSE;
  if (title_has_word (words, "stx") || title_has_word (words, "hhx") ||
      title_has_word (words, "htx"))
    return TRUE;
  /* "HF – 2-årig hf", or just "HF"; not "HF Plus" or "HF for ordblinde" */
  return title_has_word (words, "hf") &&
         (title_has_word (words, "2") || g_strv_length (words) == 1);
}

/**
 * vj_admission_rule_for:
 * @category: the programme's category code
 * @title: the programme's title
 * @facts: (nullable) (element-type VjFact): the offering's figures
 * @today: YYYY-MM-DD
 *
 * Fills @rule with the rule that gives the offering its deadline, if one does: KOT's for a KOT
 * offer, else 1 March of the coming start year for a youth education after grundskole (the
 * next 1 March not passed).
 */
void
vj_admission_rule_for (const char      *category,
                       const char      *title,
                       GPtrArray       *facts,
                       const char      *today,
                       VjAdmissionRule *rule)
{
  int year;

  memset (rule, 0, sizeof *rule);
  if (facts != NULL)
    vj_facts_admission_rule (facts, today, rule);
  if (rule->applies || today == NULL || strlen (today) < 10 ||
      !vj_youth_admission_applies (category, title))
    return;
  year = (int) g_ascii_strtoll (today, NULL, 10);
  if (strcmp (today + 4, "-03-01") > 0)
    year++;
  rule->applies = TRUE;
  rule->kind = VJ_ADMISSION_RULE_YOUTH;
  g_snprintf (rule->youth_date, sizeof rule->youth_date, "%04d-03-01", year);
}

/**
 * vj_admission_rule_deadline:
 *
 * Returns: (nullable): the deadline by rule that decides whether one can still apply
 *   (YYYY-MM-DD): kvote 1's where there is one, else kvote 2's; 1 March for youth education
 */
const char *
vj_admission_rule_deadline (const VjAdmissionRule *rule)
{
  if (!rule->applies)
    return NULL;
  if (rule->kind == VJ_ADMISSION_RULE_YOUTH)
    return rule->youth_date;
  return rule->quota1 ? rule->quota1_date : rule->quota2_date;
}

/**
 * vj_admission_rule_format:
 *
 * Returns: (nullable): the deadlines by rule in words, labelled as a rule ("Ansøgningsfrist
 *   1. marts 2027 (optagelse.dk), efter regel"), without the source
 */
char *
vj_admission_rule_format (const VjAdmissionRule *rule)
{
  g_autofree char *q1 = NULL;
  g_autofree char *q2 = NULL;

  if (!rule->applies)
    return NULL;
  if (rule->kind == VJ_ADMISSION_RULE_YOUTH)
    {
      g_autofree char *date = vj_text_format_date (rule->youth_date);

      /* Translators: %s is a date; the deadline of optagelse.dk for youth education */
      return g_strdup_printf (_("Application deadline %s (optagelse.dk), by rule"), date);
    }
  q1 = vj_text_format_date (rule->quota1_date);
  q2 = vj_text_format_date (rule->quota2_date);
  if (rule->quota1)
    /* Translators: %1$s and %2$s are dates */
    return g_strdup_printf (_("Application deadline %1$s at 12:00 (kvote 1), %2$s at 12:00 "
                              "(kvote 2), by rule"), q1, q2);
  /* Translators: %s is a date */
  return g_strdup_printf (_("Application deadline %s at 12:00 (kvote 2 only), by rule"), q2);
}

/* Where @rule comes from, as the programme page, the plan and the CLI name it */
const char *
vj_admission_rule_get_source (const VjAdmissionRule *rule)
{
  if (rule->kind == VJ_ADMISSION_RULE_YOUTH)
    return _("The rule for applying to youth education after 9th or 10th grade (optagelse.dk, "
             "Ministry of Children and Education)");
  return vj_admission_rule_source ();
}
