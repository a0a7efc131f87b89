#define G_LOG_DOMAIN "vj-records"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-records.h"

VjFeedHeader *
vj_feed_header_new (void)
{
  return g_new0 (VjFeedHeader, 1);
}

void
vj_feed_header_free (VjFeedHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->source_id);
  g_free (header->title);
  g_free (header->description);
  g_free (header->generated);
  g_free (header);
}

VjLocationRecord *
vj_location_record_new (void)
{
  return g_new0 (VjLocationRecord, 1);
}

void
vj_location_record_free (VjLocationRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->external_id);
  g_free (record->name);
  g_free (record->street);
  g_free (record->postcode);
  g_free (record->town);
  g_free (record->number);
  g_free (record->latitude);
  g_free (record->longitude);
  g_free (record);
}

VjInstitutionRecord *
vj_institution_record_new (void)
{
  VjInstitutionRecord *record = g_new0 (VjInstitutionRecord, 1);

  record->locations = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_location_record_free);
  record->serves = g_array_new (FALSE, FALSE, sizeof (int));
  return record;
}

void
vj_institution_record_free (VjInstitutionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->external_id);
  g_free (record->name);
  g_free (record->type);
  g_free (record->number);
  g_free (record->url);
  g_free (record->email);
  g_free (record->phone);
  g_free (record->description);
  g_ptr_array_unref (record->locations);
  g_array_unref (record->serves);
  g_free (record);
}

VjOfferingRecord *
vj_offering_record_new (void)
{
  return g_new0 (VjOfferingRecord, 1);
}

void
vj_offering_record_free (VjOfferingRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->external_id);
  g_free (record->location_id);
  g_free (record->institution_id);
  g_free (record->start);
  g_free (record->end);
  g_free (record->deadline);
  g_free (record->study_mode);
  g_free (record->url);
  g_free (record->language);
  g_free (record->cost);
  g_free (record->duration);
  g_free (record->ug_article);
  g_free (record->kot_number);
  g_free (record->derived);
  g_free (record);
}

VjProgrammeRecord *
vj_programme_record_new (void)
{
  VjProgrammeRecord *record = g_new0 (VjProgrammeRecord, 1);

  record->offerings = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_offering_record_free);
  return record;
}

void
vj_programme_record_free (VjProgrammeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->external_id);
  g_free (record->title);
  g_free (record->category);
  g_free (record->duration);
  g_free (record->description);
  g_free (record->admission);
  g_free (record->keywords);
  g_free (record->url);
  g_free (record->institution_id);
  g_ptr_array_unref (record->offerings);
  g_free (record);
}

VjGoalRecord *
vj_goal_record_new (void)
{
  return g_new0 (VjGoalRecord, 1);
}

void
vj_goal_record_free (VjGoalRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->text);
  g_free (record->target);
  g_free (record);
}

VjActorRecord *
vj_actor_record_new (void)
{
  return g_new0 (VjActorRecord, 1);
}

void
vj_actor_record_free (VjActorRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->role);
  g_free (record->address);
  g_free (record->phone);
  g_free (record->email);
  g_free (record->url);
  g_free (record);
}

VjInitiativeRecord *
vj_initiative_record_new (void)
{
  VjInitiativeRecord *record = g_new0 (VjInitiativeRecord, 1);

  record->goals = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_goal_record_free);
  record->actors = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_actor_record_free);
  record->programme_refs = g_ptr_array_new_with_free_func (g_free);
  record->institution_refs = g_ptr_array_new_with_free_func (g_free);
  record->municipality_refs = g_array_new (FALSE, FALSE, sizeof (int));
  return record;
}

void
vj_initiative_record_free (VjInitiativeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->external_id);
  g_free (record->parent_id);
  g_free (record->title);
  g_free (record->kind);
  g_free (record->description);
  g_free (record->period_start);
  g_free (record->period_end);
  g_free (record->owner);
  g_free (record->source_url);
  g_free (record->inferred);
  g_ptr_array_unref (record->goals);
  g_ptr_array_unref (record->actors);
  g_ptr_array_unref (record->programme_refs);
  g_ptr_array_unref (record->institution_refs);
  g_array_unref (record->municipality_refs);
  g_free (record);
}

VjImportIssue *
vj_import_issue_new (guint       line,
                     const char *reason)
{
  VjImportIssue *issue = g_new0 (VjImportIssue, 1);

  issue->line = line;
  issue->reason = g_strdup (reason);
  return issue;
}

/**
 * vj_import_issues_add:
 * @issues: (element-type VjImportIssue): a list of issues
 *
 * Adds an issue; past %VJ_IMPORT_ISSUES_MAX the list ends in one summary issue that counts the
 * rest, so memory stays bounded however broken a feed is.
 */
void
vj_import_issues_add (GPtrArray  *issues,
                      guint       line,
                      const char *reason)
{
  VjImportIssue *summary;

  g_return_if_fail (issues != NULL);

  if (issues->len < VJ_IMPORT_ISSUES_MAX)
    {
      g_ptr_array_add (issues, vj_import_issue_new (line, reason));
      return;
    }
  if (issues->len == VJ_IMPORT_ISSUES_MAX)
    g_ptr_array_add (issues, vj_import_issue_new (0, NULL));
  summary = g_ptr_array_index (issues, issues->len - 1);
  summary->more++;
  g_free (summary->reason);
  /* Translators: ends a list of problems that was cut short */
  summary->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more",
                                                  "… and %u more", summary->more),
                                     summary->more);
}

/* How many issues the list stands for, the summary's count included. */
guint
vj_import_issues_count (GPtrArray *issues)
{
  VjImportIssue *last;

  g_return_val_if_fail (issues != NULL, 0);

  if (issues->len <= VJ_IMPORT_ISSUES_MAX)
    return issues->len;
  last = g_ptr_array_index (issues, issues->len - 1);
  return issues->len - 1 + last->more;
}

void
vj_import_issue_free (VjImportIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->reason);
  g_free (issue);
}

VjUnitRecord *
vj_unit_record_new (void)
{
  return g_new0 (VjUnitRecord, 1);
}

void
vj_unit_record_free (VjUnitRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->number);
  g_free (record->main_number);
  g_free (record->name);
  g_free (record->unit_kind);
  g_free (record->type_name);
  g_free (record->street);
  g_free (record->postcode);
  g_free (record->town);
  g_free (record->phone);
  g_free (record->email);
  g_free (record->url);
  g_free (record->latitude);
  g_free (record->longitude);
  g_free (record);
}

VjPublicOfferRecord *
vj_public_offer_record_new (void)
{
  return g_new0 (VjPublicOfferRecord, 1);
}

void
vj_public_offer_record_free (VjPublicOfferRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->key_kind);
  g_free (record->key);
  g_free (record->title);
  g_free (record->institution_number);
  g_free (record->institution_name);
  g_free (record->town);
  g_free (record->education_code);
  g_free (record->url);
  g_free (record);
}

VjFactRecord *
vj_fact_record_new (void)
{
  return g_new0 (VjFactRecord, 1);
}

void
vj_fact_record_free (VjFactRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->key_kind);
  g_free (record->key);
  g_free (record->fact);
  g_free (record->reason);
  g_free (record);
}
