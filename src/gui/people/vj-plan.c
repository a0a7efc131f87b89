#define G_LOG_DOMAIN "vj-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-db-followup.h"
#include "vj-fact.h"
#include "vj-plan.h"
#include "vj-reference.h"
#include "vj-session-record.h"
#include "vj-text.h"

/* Uddannelsesplan: reference, goal, the shortlist with where, when and the deadline, the open
 * next steps. Markup for a PangoLayout that vj-plan-print.c cuts into pages. */

static void
add_part (GPtrArray  *parts,
          char       *part)
{
  if (part != NULL)
    g_ptr_array_add (parts, part);
}

static char *
dup_person_line (VjPersonSummary *p,
                 gboolean         with_consent)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const VjMunicipality *municipality = vj_municipality_lookup (p->municipality);

  if (p->target_group != NULL)
    add_part (parts, g_strdup (vj_target_group_name (p->target_group)));
  if (p->birth_year > 0)
    /* Translators: %d is a year */
    add_part (parts, g_strdup_printf (_("born %d"), p->birth_year));
  if (p->grade != NULL && p->grade[0] != '\0')
    add_part (parts, g_strdup (p->grade));
  if (municipality != NULL)
    /* Translators: %s is a municipality, e.g. "Køge Kommune" */
    add_part (parts, g_strdup_printf (_("%s Municipality"), municipality->name));
  if (!with_consent)
    ;
  else if (p->consent)
    {
      g_autofree char *date = vj_text_format_date (p->consent_date);

      add_part (parts, date != NULL
                         /* Translators: %s is a date */
                         ? g_strdup_printf (_("consent to share given %s"), date)
                         : g_strdup (_("consent to share given")));
    }
  else
    add_part (parts, g_strdup (_("no consent to share")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Who the person is, with their consent to share: for the counsellor's person page */
char *
vj_plan_dup_person_line (VjPersonSummary *p)
{
  return dup_person_line (p, TRUE);
}

char *
vj_plan_dup_where_when (VjShortlistItem *item)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = vj_text_format_date (item->start);
  g_autofree char *deadline = vj_text_format_date (item->deadline);

  if (item->institution != NULL)
    add_part (parts, g_strdup (item->institution));
  if (item->town != NULL)
    add_part (parts, g_strdup (item->town));
  if (start != NULL)
    /* Translators: %s is a date */
    add_part (parts, g_strdup_printf (_("starts %s"), start));
  if (deadline != NULL)
    /* Translators: %s is a date */
    add_part (parts, g_strdup_printf (_("apply by %s"), deadline));
  if (item->withdrawn)
    add_part (parts, g_strdup (_("no longer offered")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

void
vj_plan_facts_free (VjPlanFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->deadline);
  g_free (facts->rule_source);
  g_free (facts->cutoff);
  g_free (facts->without);
  g_clear_pointer (&facts->cutoffs, g_ptr_array_unref);
  g_free (facts);
}

/* The years without a cut-off grade, by reason, as the programme page lists them: "Alle
 * kvalificerede optaget: 2010 2011" */
static char *
dup_years_without (GPtrArray *series)
{
  GString *without = g_string_new (NULL);

  for (guint i = 0; i < series->len; i++)
    {
      VjFact *fact = g_ptr_array_index (series, i);
      const char *reason;

      if (fact->has_value || fact->reason == NULL)
        continue;
      reason = vj_fact_reason_text (fact->reason);
      if (strstr (without->str, reason) != NULL)
        continue;
      g_string_append_printf (without, "%s%s:", without->len > 0 ? "; " : "", reason);
      for (guint j = i; j < series->len; j++)
        {
          VjFact *other = g_ptr_array_index (series, j);

          if (!other->has_value && g_strcmp0 (other->reason, fact->reason) == 0)
            g_string_append_printf (without, " %d", other->year);
        }
    }
  if (without->len == 0)
    {
      g_string_free (without, TRUE);
      return NULL;
    }
  return g_string_free (without, FALSE);
}

/**
 * vj_plan_collect_facts:
 * @item: a shortlisted programme, at a place or in general
 * @today: YYYY-MM-DD
 *
 * Reads what the catalogue says about @item at its place (the programme's one place, when it
 * has only one and none was chosen): a few one-row queries, as the programme page does.
 *
 * Returns: (transfer full): the facts, each %NULL where unknown
 */
VjPlanFacts *
vj_plan_collect_facts (VjDb            *db,
                       VjShortlistItem *item,
                       const char      *today)
{
  VjPlanFacts *out = g_new0 (VjPlanFacts, 1);
  g_autoptr(VjProgramme) programme = vj_db_load_programme (db, item->programme_id, NULL);
  g_autoptr(GPtrArray) offerings = NULL;
  g_autoptr(GPtrArray) facts = NULL;
  const char *own = NULL;
  gint64 offering_id = item->offering_id;
  VjAdmissionRule rule = { 0 };
  const char *key;

  if (programme == NULL)
    return out;
  offerings = vj_db_list_offerings (db, item->programme_id, NULL);
  /* A programme in general stands for its place only when it has one */
  for (guint i = 0, n = 0; item->offering_id == 0 && offerings != NULL && i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);

      if (!vj_offering_get_withdrawn (offering))
        offering_id = ++n == 1 ? vj_offering_get_id (offering) : 0;
    }
  for (guint i = 0; offerings != NULL && i < offerings->len; i++)
    if (vj_offering_get_id (g_ptr_array_index (offerings, i)) == offering_id)
      own = vj_offering_get (g_ptr_array_index (offerings, i), VJ_OFFERING_DEADLINE);
  if (offering_id > 0)
    facts = vj_db_list_offering_facts (db, offering_id, NULL);

  vj_admission_rule_for (vj_programme_get_category (programme),
                         vj_programme_get_title (programme), facts, today, &rule);
  if (own != NULL)
    {
      g_autofree char *date = vj_text_format_date (own);

      /* Translators: %s is a date */
      out->deadline = g_strdup_printf (_("Application deadline %s"), date);
    }
  else if (rule.applies)
    {
      out->deadline = vj_admission_rule_format (&rule);
      out->by_rule = TRUE;
      out->rule_source = g_strdup (vj_admission_rule_get_source (&rule));
    }
  vj_admission_rule_clear (&rule);

  key = facts != NULL ? vj_facts_main_cutoff_key (facts) : NULL;
  if (key != NULL)
    {
      const VjFact *last = vj_facts_latest (facts, "cutoff", key);
      g_autofree char *value = vj_fact_format (last);
      /* Translators: %1$s is a figure's name, %2$d its year */
      g_autofree char *name = g_strdup_printf (_("%1$s (%2$d)"), vj_fact_name ("cutoff"),
                                               last->year);

      out->cutoff = g_strdup_printf (_("%1$s: %2$s"), name, value);
      out->cutoffs = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
      for (guint i = 0; i < facts->len; i++)
        {
          VjFact *fact = g_ptr_array_index (facts, i);

          if (g_strcmp0 (fact->fact, "cutoff") == 0 && g_strcmp0 (fact->key, key) == 0)
            g_ptr_array_add (out->cutoffs, vj_fact_copy (fact));
        }
      out->without = dup_years_without (out->cutoffs);
    }
  return out;
}

/**
 * vj_plan_dup_charts:
 * @facts: (element-type VjPlanFacts) (nullable): as given to vj_plan_build_markup ()
 *
 * Returns: (transfer container) (element-type GPtrArray): the cut-off series of the charts the
 *   plan's markup holds, in their order (each is a U+FFFC in the markup)
 */
GPtrArray *
vj_plan_dup_charts (GPtrArray *facts)
{
  GPtrArray *charts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; facts != NULL && i < facts->len; i++)
    {
      VjPlanFacts *f = g_ptr_array_index (facts, i);

      if (f != NULL && f->cutoffs != NULL && f->cutoffs->len > 0)
        g_ptr_array_add (charts, g_ptr_array_ref (f->cutoffs));
    }
  return charts;
}

static void
append_heading (GString    *markup,
                const char *heading)
{
  g_autofree char *escaped = g_markup_escape_text (heading, -1);

  g_string_append_printf (markup, "\n<span size=\"large\" weight=\"bold\">%s</span>\n", escaped);
}

static void
append_line (GString    *markup,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (markup, "%s\n", escaped);
}

/* The deadline (when the shortlist's own line does not give it), labelled as a rule with its
 * source where it is one; the newest cut-off or why there is none; the chart of the cut-offs */
static void
append_facts (GString         *markup,
              VjShortlistItem *item,
              VjPlanFacts     *facts)
{
  if (item->deadline == NULL)
    {
      g_autofree char *line = g_strdup_printf ("    %s", facts->deadline != NULL
                                                         ? facts->deadline
                                                         : _("Application deadline: not given"));

      append_line (markup, line);
      if (facts->by_rule && facts->rule_source != NULL)
        {
          g_autofree char *source = g_markup_escape_text (facts->rule_source, -1);

          g_string_append_printf (markup, "    <span size=\"small\">%s</span>\n", source);
        }
    }
  if (facts->cutoff != NULL)
    {
      g_autofree char *line = g_strdup_printf ("    %s", facts->cutoff);

      append_line (markup, line);
    }
  if (facts->without != NULL)
    {
      g_autofree char *line = g_strdup_printf ("    %s", facts->without);

      append_line (markup, line);
    }
  if (facts->cutoffs != NULL && facts->cutoffs->len > 0)
    /* The chart: one object replacement character, drawn in its place when printed */
    g_string_append (markup, "    \xef\xbf\xbc\n");
}

/**
 * vj_plan_build_markup:
 * @counsellor: (nullable): the counsellor's name (the database setting)
 * @municipality: (nullable): the counsellor's municipality (Preferences' default one)
 * @goal: (nullable): the goal the person and the counsellor agreed on
 * @shortlist: (element-type VjShortlistItem): in order
 * @facts: (nullable) (element-type VjPlanFacts): each shortlisted programme's deadline and
 *   cut-off (vj_plan_collect_facts ()), in the shortlist's order; a chart of the cut-offs is a
 *   U+FFFC that vj-plan-print.c draws (vj_plan_dup_charts ())
 * @steps: (nullable) (element-type VjFollowUp): the open next steps
 * @printed: when the plan is made
 *
 * Only what the young person is to read: their consent to share and the counsellor's own
 * follow-ups on sessions stay out; a next step past its date is marked.
 *
 * Returns: (transfer full): the plan, in Danish when run in Danish, as Pango markup
 */
char *
vj_plan_build_markup (VjPersonSummary *person,
                      const char      *counsellor,
                      const char      *municipality,
                      const char      *goal,
                      GPtrArray       *shortlist,
                      GPtrArray       *facts,
                      GPtrArray       *steps,
                      GDateTime       *printed)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *day = g_date_time_format (printed, "%Y-%m-%d");
  g_autofree char *date = vj_text_format_date (day);
  g_autofree char *title = g_markup_escape_text (_("Education Plan"), -1);
  g_autofree char *person_line = dup_person_line (person, FALSE);
  g_autofree char *made = NULL;
  guint n_steps = 0;

  /* Who hands it over: the municipality's guidance and the counsellor */
  if (municipality != NULL && municipality[0] != '\0')
    {
      /* Translators: the printed plan's header; %s is a municipality, e.g. "Køge" */
      g_autofree char *from = g_strdup_printf (_("%s Municipality · Youth Guidance"),
                                               municipality);
      g_autofree char *escaped = g_markup_escape_text (from, -1);

      g_string_append_printf (markup, "<span weight=\"bold\">%s</span>\n", escaped);
    }
  if (counsellor != NULL && counsellor[0] != '\0')
    {
      /* Translators: the printed plan's header; %s is the counsellor's name */
      g_autofree char *by = g_strdup_printf (_("Counsellor: %s"), counsellor);

      append_line (markup, by);
    }
  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  g_string_append_printf (markup, "<span size=\"xx-large\" weight=\"bold\">%s</span>\n", title);
  append_line (markup, person->reference);
  if (person_line[0] != '\0')
    append_line (markup, person_line);
  /* Translators: %s is a date */
  made = g_strdup_printf (_("Made %s"), date);
  append_line (markup, made);

  append_heading (markup, _("Goal"));
  append_line (markup, goal != NULL && goal[0] != '\0' ? goal : _("Not written down yet."));

  append_heading (markup, _("Shortlist"));
  if (shortlist == NULL || shortlist->len == 0)
    append_line (markup, _("Nothing on the shortlist yet."));
  for (guint i = 0; shortlist != NULL && i < shortlist->len; i++)
    {
      VjShortlistItem *item = g_ptr_array_index (shortlist, i);
      g_autofree char *where = vj_plan_dup_where_when (item);
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, item->title);
      g_autofree char *escaped = g_markup_escape_text (line, -1);

      g_string_append_printf (markup, "<b>%s</b>\n", escaped);
      if (where[0] != '\0')
        {
          g_autofree char *indented = g_strdup_printf ("    %s", where);
          append_line (markup, indented);
        }
      if (facts != NULL && i < facts->len && g_ptr_array_index (facts, i) != NULL)
        append_facts (markup, item, g_ptr_array_index (facts, i));
    }

  append_heading (markup, _("Next Steps"));
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      VjFollowUp *f = g_ptr_array_index (steps, i);
      g_autofree char *due = NULL;
      g_autofree char *line = NULL;

      /* A session's follow-up date is the counsellor's own reminder, not the person's step */
      if (f->kind != VJ_FOLLOW_UP_NEXT_STEP || f->text == NULL)
        continue;
      n_steps++;
      due = vj_text_format_date (f->due);
      if (due != NULL && g_strcmp0 (f->due, day) < 0)
        {
          /* Translators: a next step in the printed plan whose date has passed; %1$s is the
           * step, %2$s its due date */
          g_autofree char *text = g_strdup_printf (_("• %1$s (by %2$s — overdue)"), f->text, due);
          g_autofree char *escaped = g_markup_escape_text (text, -1);

          g_string_append_printf (markup, "<b>%s</b>\n", escaped);
          continue;
        }
      line = due != NULL
        /* Translators: a next step in the printed plan; %1$s is the step, %2$s its due date */
        ? g_strdup_printf (_("• %1$s (by %2$s)"), f->text, due)
        : g_strdup_printf ("• %s", f->text);
      append_line (markup, line);
    }
  if (n_steps == 0)
    append_line (markup, _("No open next steps."));
  return g_string_free (g_steal_pointer (&markup), FALSE);
}
