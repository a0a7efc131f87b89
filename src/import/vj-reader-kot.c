#define G_LOG_DOMAIN "vj-reader-kot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-kot-title.h"
#include "vj-table-reader-private.h"

/* KOT's cut-off grades (Den Koordinerede Tilmelding, UFM) as the CSV copy has them: one row per
 * KOT offer and year, the grade with a decimal point, or empty with graensekvotient_raw saying
 * why ("Alle optaget", "AO", "Kun kvote 2", "Uden for kvotesystemet", "Ikke oprettet"). The
 * reason is kept as a code the app shows in words; a zero is never stored. */

const char * const vj_reader_kot_columns[] = {
  "kot_nr", "aar", "graensekvotient", "graensekvotient_raw", "udbud_titel", NULL,
};

/* Returns: the reason's code, from the words KOT uses */
static const char *
reason_code (const char *raw)
{
  g_autofree char *lower = raw != NULL ? g_utf8_strdown (raw, -1) : NULL;

  if (lower == NULL)
    return "unknown";
  if (g_str_has_prefix (lower, "alle optaget") || g_str_has_prefix (lower, "ao"))
    return strstr (lower, "ledige pladser") != NULL ? "all-admitted-vacancies" : "all-admitted";
  if (g_str_has_prefix (lower, "kun kvote 2"))
    return "quota-2-only";
  if (g_str_has_prefix (lower, "uden for kvotesystemet"))
    return "outside-quota";
  if (g_str_has_prefix (lower, "ikke oprettet"))
    return "not-created";
  return "unknown";
}

gboolean
vj_reader_kot_read (VjTableSource      *source,
                    const VjRecordSink *sink,
                    gpointer            user_data,
                    GError            **error)
{
  g_autoptr(VjFeedHeader) header = vj_feed_header_new ();
  int c_number = vj_table_source_column (source, "kot_nr");
  int c_year = vj_table_source_column (source, "aar");
  int c_grade = vj_table_source_column (source, "graensekvotient");
  int c_raw = vj_table_source_column (source, "graensekvotient_raw");
  int c_title = vj_table_source_column (source, "udbud_titel");

  header->source_id = g_strdup (VJ_SOURCE_KOT);
  header->title = g_strdup ("KOT-grænsekvotienter (UFM)");
  header->version = 1;
  if (!sink->header (g_steal_pointer (&header), user_data, error))
    return FALSE;

  for (guint r = vj_table_source_first_row (source); r < vj_table_source_n_rows (source); r++)
    {
      VjCsvRow *row = vj_table_source_row (source, r);
      g_autoptr(VjPublicOfferRecord) offer = vj_public_offer_record_new ();
      g_autoptr(VjFactRecord) fact = vj_fact_record_new ();
      g_autoptr(VjKotTitle) parsed = NULL;
      const char *number = vj_table_source_field (source, row, c_number);
      const char *year = vj_table_source_field (source, row, c_year);
      const char *grade = vj_table_source_field (source, row, c_grade);
      const char *raw = vj_table_source_field (source, row, c_raw);
      const char *title = vj_table_source_field (source, row, c_title);
      double value = 0;

      if (r % 256 == 0 &&
          g_cancellable_set_error_if_cancelled (vj_table_source_get_cancellable (source), error))
        return FALSE;

      if (number == NULL || strspn (number, "0123456789") != strlen (number) ||
          strlen (number) > 8)
        {
          _vj_table_reject (sink, user_data, row->line,
                            /* Translators: %s is what the table gave */
                            _("“%s” is not a KOT number"), number);
          continue;
        }
      fact->year = _vj_table_int (year);
      if (fact->year < 1990 || fact->year > 2100)
        {
          _vj_table_reject (sink, user_data, row->line, _("“%s” is not a year"), year);
          continue;
        }
      if (title == NULL)
        {
          _vj_table_reject (sink, user_data, row->line, _("KOT offer %s has no title"), number);
          continue;
        }
      if (grade != NULL && !_vj_table_number (grade, &value))
        {
          _vj_table_reject (sink, user_data, row->line,
                            _("The cut-off grade “%s” is not a number"), grade);
          continue;
        }

      parsed = vj_kot_title_parse (title);
      offer->key_kind = g_strdup ("kot");
      offer->key = g_strdup (number);
      offer->title = g_strdup (title);
      offer->town = g_strdup (parsed->town);
      offer->line = row->line;
      if (!sink->offer (g_steal_pointer (&offer), user_data, error))
        return FALSE;

      fact->key_kind = g_strdup ("kot");
      fact->key = g_strdup (number);
      fact->fact = g_strdup ("cutoff");
      fact->line = row->line;
      /* A grade of zero is no grade: the reason, or unknown */
      if (grade != NULL && value > 0)
        {
          fact->has_value = TRUE;
          fact->value = value;
        }
      else
        fact->reason = g_strdup (reason_code (raw));
      if (!sink->fact (g_steal_pointer (&fact), user_data, error))
        return FALSE;
    }
  return TRUE;
}
