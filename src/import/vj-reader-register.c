#define G_LOG_DOMAIN "vj-reader-register"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-reference.h"
#include "vj-table-reader-private.h"

/* The institution register (STIL, Institutionsregisteret) as it exports it: UTF-16 or UTF-8,
 * `;`, one unit a row — an institution, or a campus (afdeling) whose HOVEDSKOLE_INST names its
 * main school — with type, address, phone, e-mail, web, municipality and coordinates with a
 * decimal comma. Each unit is kept under its number (INST_NR) beside the catalogue. */

const char * const vj_reader_register_columns[] = {
  "HOVEDSKOLE_INST", "INST_NR", "INST_NAVN", "INST_TYPE_NR", NULL,
};

gboolean
vj_reader_register_read (VjTableSource      *source,
                         const VjRecordSink *sink,
                         gpointer            user_data,
                         GError            **error)
{
  g_autoptr(VjFeedHeader) header = vj_feed_header_new ();
  int c_main = vj_table_source_column (source, "HOVEDSKOLE_INST");
  int c_number = vj_table_source_column (source, "INST_NR");
  int c_name = vj_table_source_column (source, "INST_NAVN");
  int c_kind = vj_table_source_column (source, "ENHEDSART");
  int c_street = vj_table_source_column (source, "INST_ADR");
  int c_postcode = vj_table_source_column (source, "POSTNR");
  int c_town = vj_table_source_column (source, "POSTDISTRIKT");
  int c_phone = vj_table_source_column (source, "TLF_NR");
  int c_email = vj_table_source_column (source, "E_MAIL");
  int c_web = vj_table_source_column (source, "WEB_ADR");
  int c_type = vj_table_source_column (source, "INST_TYPE_NR");
  int c_type_name = vj_table_source_column (source, "INST_TYPE_NAVN");
  int c_municipality = vj_table_source_column (source, "BEL_KOMMUNE");
  int c_lat = vj_table_source_column (source, "GEO_BREDDE_GRAD");
  int c_lon = vj_table_source_column (source, "GEO_LAENGDE_GRAD");

  if (c_municipality < 0)
    c_municipality = vj_table_source_column (source, "KOMMUNE_NR");

  header->source_id = g_strdup (VJ_SOURCE_REGISTER);
  header->title = g_strdup ("Institutionsregisteret (STIL)");
  header->version = 1;
  if (!sink->header (g_steal_pointer (&header), user_data, error))
    return FALSE;

  for (guint r = vj_table_source_first_row (source); r < vj_table_source_n_rows (source); r++)
    {
      VjCsvRow *row = vj_table_source_row (source, r);
      g_autoptr(VjUnitRecord) unit = vj_unit_record_new ();
      const char *number = vj_table_source_field (source, row, c_number);
      const char *main_number = vj_table_source_field (source, row, c_main);
      const char *municipality = vj_table_source_field (source, row, c_municipality);

      if (r % 256 == 0 &&
          g_cancellable_set_error_if_cancelled (vj_table_source_get_cancellable (source), error))
        return FALSE;

      unit->line = row->line;
      if (!_vj_table_is_institution_number (number))
        {
          _vj_table_reject (sink, user_data, row->line,
                            /* Translators: %s is what the table gave */
                            _("The institution number “%s” is not six digits"), number);
          continue;
        }
      unit->number = g_strdup (number);
      unit->name = g_strdup (vj_table_source_field (source, row, c_name));
      if (unit->name == NULL)
        {
          _vj_table_reject (sink, user_data, row->line, _("Unit “%s” has no name"), number);
          continue;
        }
      if (main_number != NULL && strcmp (main_number, number) != 0)
        {
          if (!_vj_table_is_institution_number (main_number))
            {
              _vj_table_reject (sink, user_data, row->line,
                                _("The main school's number “%s” is not six digits"),
                                main_number);
              continue;
            }
          unit->main_number = g_strdup (main_number);
        }
      unit->unit_kind = g_strdup (vj_table_source_field (source, row, c_kind));
      unit->type_code = _vj_table_int (vj_table_source_field (source, row, c_type));
      unit->type_name = g_strdup (vj_table_source_field (source, row, c_type_name));
      unit->street = g_strdup (vj_table_source_field (source, row, c_street));
      unit->postcode = g_strdup (vj_table_source_field (source, row, c_postcode));
      unit->town = g_strdup (vj_table_source_field (source, row, c_town));
      unit->phone = g_strdup (vj_table_source_field (source, row, c_phone));
      unit->email = g_strdup (vj_table_source_field (source, row, c_email));
      unit->url = g_strdup (vj_table_source_field (source, row, c_web));
      /* Christiansø and the Faroe Islands and Greenland (970) are no municipality of the 98 */
      unit->municipality = vj_municipality_parse_code (municipality);
      unit->latitude = _vj_table_coordinate (vj_table_source_field (source, row, c_lat), 54, 58);
      unit->longitude = _vj_table_coordinate (vj_table_source_field (source, row, c_lon), 7, 16);
      if (!sink->unit (g_steal_pointer (&unit), user_data, error))
        return FALSE;
    }
  return TRUE;
}
