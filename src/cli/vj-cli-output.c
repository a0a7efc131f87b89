#define G_LOG_DOMAIN "vj-cli-output"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vj-cli-output.h"
#include "vj-db.h"
#include "vj-xml-source.h"

/* What vejviser-cli prints: JSON for machines (DESIGN.md, CLI), Danish text for people. */

/**
 * vj_cli_error_code:
 *
 * Returns: the stable, untranslated code of an error for `--json`
 */
const char *
vj_cli_error_code (const GError *error)
{
  if (error->domain == VJ_IMPORT_ERROR)
    switch ((VjImportError) error->code)
      {
      case VJ_IMPORT_ERROR_OPEN: return "open-failed";
      case VJ_IMPORT_ERROR_NOT_WELL_FORMED: return "not-well-formed";
      case VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT: return "unsupported-format";
      case VJ_IMPORT_ERROR_FORBIDDEN: return "forbidden-construct";
      case VJ_IMPORT_ERROR_CAP: return "limit-exceeded";
      case VJ_IMPORT_ERROR_INVALID_HEADER: return "invalid-header";
      case VJ_IMPORT_ERROR_CANCELLED: return "cancelled";
      case VJ_IMPORT_ERROR_EMPTY: return "empty";
      default: break;
      }
  if (error->domain == VJ_DB_ERROR)
    switch ((VjDbError) error->code)
      {
      case VJ_DB_ERROR_OPEN: return "database-open-failed";
      case VJ_DB_ERROR_NOT_A_DATABASE: return "not-a-database";
      case VJ_DB_ERROR_NEWER_VERSION: return "database-too-new";
      case VJ_DB_ERROR_MIGRATION: return "migration-failed";
      case VJ_DB_ERROR_BACKUP: return "backup-failed";
      case VJ_DB_ERROR_BUSY: return "database-busy";
      case VJ_DB_ERROR_CANCELLED: return "cancelled";
      case VJ_DB_ERROR_NOT_FOUND: return "not-found";
      case VJ_DB_ERROR_FULL: return "disk-full";
      case VJ_DB_ERROR_PENDING: return "erase-pending";
      default: return "database-error";
      }
  if (error->domain == G_OPTION_ERROR)
    return "usage";
  return "error";
}

JsonNode *
vj_cli_error_json (const GError *error,
                   guint         line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, vj_cli_error_code (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  if (line > 0)
    {
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, line);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *value)
{
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_counts (JsonBuilder          *builder,
            const VjImportCounts *counts)
{
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, counts->added);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, counts->updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, counts->unchanged);
  json_builder_set_member_name (builder, "withdrawn");
  json_builder_add_int_value (builder, counts->withdrawn);
}

static void
add_issues (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *issues)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, issue->line);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, issue->reason);
      if (issue->more > 0)
        {
          /* The list was cut short: this many more */
          json_builder_set_member_name (builder, "more");
          json_builder_add_int_value (builder, issue->more);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
vj_cli_import_report_json (const VjImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "source");
  add_string_or_null (builder, report->feed_id);
  json_builder_set_member_name (builder, "location");
  add_string_or_null (builder, report->location);
  json_builder_set_member_name (builder, "format");
  add_string_or_null (builder, report->format);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, report->status);
  /* The source's version after the import: the feed's own, or a public table's count of
   * imports that changed something */
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, report->version);
  add_counts (builder, &report->totals);
  add_issues (builder, "rejected", report->rejected);
  add_issues (builder, "warnings", report->warnings);
  json_builder_set_member_name (builder, "by_kind");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VJ_IMPORT_N_KINDS; i++)
    {
      json_builder_set_member_name (builder, vj_import_kind_name (i));
      json_builder_begin_object (builder);
      add_counts (builder, &report->by_kind[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, report->seconds);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
vj_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
vj_cli_print_import_report (const VjImportReport *report)
{
  if (g_strcmp0 (report->status, "not-modified") == 0)
    {
      /* Translators: %s is a web address */
      g_print (_("%s has not changed since the last import; nothing to do.\n"),
               report->location);
      return;
    }
  /* Translators: the summary of an import; %1$s is the name of the source */
  g_print (_("Imported “%1$s” (%2$s).\n"), report->source_title, report->format_name);
  /* Translators: counts of records after an import */
  g_print (_("%1$u added, %2$u updated, %3$u unchanged, %4$u withdrawn, %5$u rejected.\n"),
           report->totals.added, report->totals.updated, report->totals.unchanged,
           report->totals.withdrawn, vj_import_issues_count (report->rejected));
  for (guint i = 0; i < report->rejected->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->rejected, i);

      if (issue->more > 0)
        g_print ("%s\n", issue->reason);
      else
        /* Translators: a rejected record: %1$u is the line, %2$s the reason */
        g_print (_("Rejected, line %1$u: %2$s\n"), issue->line, issue->reason);
    }
  for (guint i = 0; i < report->warnings->len; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (report->warnings, i);

      if (issue->line > 0)
        /* Translators: a warning: %1$u is the line, %2$s what was noticed */
        g_print (_("Note, line %1$u: %2$s\n"), issue->line, issue->reason);
      else
        /* Translators: a warning about the whole feed */
        g_print (_("Note: %s\n"), issue->reason);
    }
}
