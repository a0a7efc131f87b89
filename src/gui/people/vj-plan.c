#define G_LOG_DOMAIN "vj-plan"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-followup.h"
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

/**
 * vj_plan_build_markup:
 * @counsellor: (nullable): the counsellor's name (the database setting)
 * @municipality: (nullable): the counsellor's municipality (Preferences' default one)
 * @goal: (nullable): the goal the person and the counsellor agreed on
 * @shortlist: (element-type VjShortlistItem): in order
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
