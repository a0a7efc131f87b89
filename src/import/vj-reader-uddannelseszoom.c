#define G_LOG_DOMAIN "vj-reader-uddannelseszoom"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-reference.h"
#include "vj-table-reader-private.h"

/* Uddannelseszoom (Uddannelses- og Forskningsministeriet) as it publishes it: CSV with a BOM,
 * `;`, CRLF, one row per higher-education offer at an institution (udbud_id, the campus's
 * institution number; hovedinst its main school) and one per national aggregate (udbud_id
 * 999999, left out). An offer is keyed on its ug.dk article and campus ("artikel_id/udbud_id");
 * the education code udd6 is damaged in about half the rows ("512,900,558,…") and then
 * unknown. Its figures become facts of the year their status period ends; a figure left empty
 * where the period is given was suppressed, and is kept as such. */

const char * const vj_reader_uddannelseszoom_columns[] = {
  "artikel_id", "udbud_id", "url", "udd6", "Titel", "hovedinst", NULL,
};

#define NATIONAL_AGGREGATE "999999"

typedef struct
{
  const char *fact;
  const char *column;
  const char *period;   /* the column giving its status period */
} FactColumn;

static const FactColumn fact_columns[] = {
  { "dropout", "afbrud", "afbrud_statusaar" },
  { "unemployment", "ledighed_nyudd", "ledighed_nyudd_statusaar" },
  { "wage-median", "maanedloen_nyudd", "maanedloen_nyudd_statusaar" },
  { "wage-p25", "maanedloenp25_nyudd", "maanedloen_nyudd_statusaar" },
  { "wage-p75", "maanedloenp75_nyudd", "maanedloen_nyudd_statusaar" },
};

static gboolean
emit_fact (const VjRecordSink *sink,
           gpointer            user_data,
           const char         *key,
           const char         *fact,
           int                 year,
           const char         *text,
           guint               line,
           GError            **error)
{
  g_autoptr(VjFactRecord) record = vj_fact_record_new ();
  double value;

  record->key_kind = g_strdup ("article");
  record->key = g_strdup (key);
  record->fact = g_strdup (fact);
  record->year = year;
  record->line = line;
  if (text == NULL)
    record->reason = g_strdup ("suppressed");
  else if (_vj_table_number (text, &value))
    {
      record->has_value = TRUE;
      record->value = value;
    }
  else
    {
      /* Translators: %1$s is a figure's name in the table, %2$s what it gave */
      g_autofree char *reason = g_strdup_printf (_("“%2$s” in %1$s is not a number"), fact,
                                                 text);
      sink->warn (line, reason, user_data);
      return TRUE;
    }
  return sink->fact (g_steal_pointer (&record), user_data, error);
}

gboolean
vj_reader_uddannelseszoom_read (VjTableSource      *source,
                                const VjRecordSink *sink,
                                gpointer            user_data,
                                GError            **error)
{
  g_autoptr(VjFeedHeader) header = vj_feed_header_new ();
  int c_article = vj_table_source_column (source, "artikel_id");
  int c_offer = vj_table_source_column (source, "udbud_id");
  int c_url = vj_table_source_column (source, "url");
  int c_code = vj_table_source_column (source, "udd6");
  int c_title = vj_table_source_column (source, "Titel");
  int c_main_name = vj_table_source_column (source, "hovedinsttx");
  int c_municipality = vj_table_source_column (source, "instkommune");
  int c_town = vj_table_source_column (source, "instkommunetx");
  int c_hours_period = vj_table_source_column (source, "timetal_statusaar");
  static const char * const hours_columns[] = {
    "timetal_OfSupervision", "timetal_WithFewStudents", "timetal_WithManyStudents",
  };
  guint aggregates = 0, damaged = 0;

  header->source_id = g_strdup (VJ_SOURCE_UDDANNELSESZOOM);
  header->title = g_strdup ("Uddannelseszoom (UFM)");
  header->version = 1;
  if (!sink->header (g_steal_pointer (&header), user_data, error))
    return FALSE;

  for (guint r = vj_table_source_first_row (source); r < vj_table_source_n_rows (source); r++)
    {
      VjCsvRow *row = vj_table_source_row (source, r);
      g_autoptr(VjPublicOfferRecord) offer = vj_public_offer_record_new ();
      const char *article = vj_table_source_field (source, row, c_article);
      const char *campus = vj_table_source_field (source, row, c_offer);
      const char *code = vj_table_source_field (source, row, c_code);
      const char *hours_period;
      g_autofree char *key = NULL;

      if (r % 256 == 0 &&
          g_cancellable_set_error_if_cancelled (vj_table_source_get_cancellable (source), error))
        return FALSE;

      if (g_strcmp0 (campus, NATIONAL_AGGREGATE) == 0)
        {
          aggregates++;
          continue;
        }
      if (article == NULL)
        {
          sink->reject (row->line, _("The row has no ug.dk article (artikel_id)"), user_data);
          continue;
        }
      if (!_vj_table_is_institution_number (campus))
        {
          _vj_table_reject (sink, user_data, row->line,
                            /* Translators: %s is what the table gave */
                            _("The institution number “%s” is not six digits"), campus);
          continue;
        }
      key = g_strdup_printf ("%s/%s", article, campus);
      offer->key_kind = g_strdup ("article");
      offer->key = g_strdup (key);
      offer->title = g_strdup (vj_table_source_field (source, row, c_title));
      if (offer->title == NULL)
        {
          _vj_table_reject (sink, user_data, row->line, _("Offer “%s” has no title"), key);
          continue;
        }
      offer->line = row->line;
      offer->institution_number = g_strdup (campus);
      offer->institution_name = g_strdup (vj_table_source_field (source, row, c_main_name));
      offer->town = g_strdup (vj_table_source_field (source, row, c_town));
      offer->municipality = vj_municipality_parse_code (vj_table_source_field (source, row,
                                                                               c_municipality));
      offer->url = _vj_table_url (vj_table_source_field (source, row, c_url));
      /* A spreadsheet turned some codes into lists of numbers: unknown, not a key */
      if (code != NULL && strlen (code) == 6 && strspn (code, "0123456789") == 6)
        offer->education_code = g_strdup (code);
      else if (code != NULL)
        damaged++;
      if (!sink->offer (g_steal_pointer (&offer), user_data, error))
        return FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (fact_columns); i++)
        {
          const char *period = vj_table_source_field (source, row,
                                                      vj_table_source_column (source,
                                                                              fact_columns[i].period));
          int year = _vj_table_last_year (period);

          if (year == 0)
            continue;
          if (!emit_fact (sink, user_data, key, fact_columns[i].fact, year,
                          vj_table_source_field (source, row,
                                                 vj_table_source_column (source,
                                                                         fact_columns[i].column)),
                          row->line, error))
            return FALSE;
        }

      /* Hours of teaching: with few and many students and supervision together */
      hours_period = vj_table_source_field (source, row, c_hours_period);
      if (_vj_table_last_year (hours_period) > 0)
        {
          double sum = 0;
          gboolean any = FALSE;
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          for (guint i = 0; i < G_N_ELEMENTS (hours_columns); i++)
            {
              double value;

              if (_vj_table_number (vj_table_source_field (source, row,
                                                           vj_table_source_column (source,
                                                                                   hours_columns[i])),
                                    &value))
                {
                  sum += value;
                  any = TRUE;
                }
            }
          if (!emit_fact (sink, user_data, key, "teaching-hours",
                          _vj_table_last_year (hours_period),
                          any ? g_ascii_formatd (buf, sizeof buf, "%.1f", sum) : NULL, row->line,
                          error))
            return FALSE;
        }
    }

  if (aggregates > 0)
    {
      /* Translators: %u is a number of rows */
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u national aggregate (udbud_id "
                                                            "999999) was left out",
                                                            "%u national aggregates (udbud_id "
                                                            "999999) were left out",
                                                            aggregates), aggregates);
      sink->warn (0, note, user_data);
    }
  if (damaged > 0)
    {
      /* Translators: %u is a number of rows */
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u education code (udd6) was not "
                                                            "six digits and is kept as unknown",
                                                            "%u education codes (udd6) were not "
                                                            "six digits and are kept as unknown",
                                                            damaged), damaged);
      sink->warn (0, note, user_data);
    }
  return TRUE;
}
