#define G_LOG_DOMAIN "vj-feed-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-feed-format.h"

/* The feed formats Vejviser reads, detected from the root element and its namespace. A new
 * format is one reader file and one line here. */

static const VjFeedFormat formats[] = {
  { "vejviser-1", N_("Vejviser catalogue format v1"), VJ_V1_NAMESPACE, "catalogue",
    vj_reader_v1_read },
  { "xcri-cap-1.2", N_("XCRI-CAP 1.2"), "http://xcri.org/profiles/1.2/catalog", "catalog",
    vj_reader_xcri_read },
  { "xcri-cap-1.1", N_("XCRI-CAP 1.1"), "http://xcri.org/profiles/catalog", "catalog",
    vj_reader_xcri_read },
  { "elm-3.1-loq", N_("Europass ELM 3.1 learning opportunities"),
    "http://data.europa.eu/snb/model/ap/loq-constraints/", "Courses", vj_reader_elm_read },
  /* The drafts before 3.1, which files written in 2023 carry */
  { "elm-loq", N_("Europass ELM learning opportunities (draft)"),
    "http://data.europa.eu/snb/model/loq-constraints/", "Courses", vj_reader_elm_read },
  /* The public tables (data/sources/README.md), found from their header rows */
  { "institutionsregister", N_("Institution register (STIL)"), NULL, NULL, NULL,
    vj_reader_register_columns, vj_reader_register_read },
  { "uddannelseszoom", N_("Uddannelseszoom (UFM)"), NULL, NULL, NULL,
    vj_reader_uddannelseszoom_columns, vj_reader_uddannelseszoom_read },
  { "kot-graensekvotienter", N_("KOT cut-off grades (UFM)"), NULL, NULL, NULL,
    vj_reader_kot_columns, vj_reader_kot_read },
};

const VjFeedFormat *
vj_feed_format_detect (const char *ns,
                       const char *root)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].read != NULL && g_strcmp0 (formats[i].ns, ns) == 0 &&
        g_strcmp0 (formats[i].root, root) == 0)
      return &formats[i];
  return NULL;
}

/* Returns: the table format whose columns the table's header row has, or %NULL */
const VjFeedFormat *
vj_feed_format_detect_table (VjTableSource *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].read_table != NULL &&
        vj_table_source_find_header (source, formats[i].columns))
      return &formats[i];
  return NULL;
}

/**
 * vj_feed_format_unknown_table_error:
 *
 * For a table no format reads: which one it is closest to and the columns its header row
 * lacks (when it has at least half of that format's), or the tables that are read.
 */
void
vj_feed_format_unknown_table_error (VjTableSource  *source,
                                    GError        **error)
{
  const VjFeedFormat *closest = NULL;
  g_auto(GStrv) missing = NULL;
  guint best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_auto(GStrv) lacks = NULL;
      guint found = 0;

      if (formats[i].read_table == NULL)
        continue;
      lacks = vj_table_source_missing_columns (source, formats[i].columns, &found);
      if (found > best && found * 2 >= g_strv_length ((GStrv) formats[i].columns))
        {
          best = found;
          closest = &formats[i];
          g_clear_pointer (&missing, g_strfreev);
          missing = g_steal_pointer (&lacks);
        }
    }
  if (closest != NULL && missing != NULL && missing[0] != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; missing[i] != NULL; i++)
        /* Translators: a column's name in a list of the columns a table lacks */
        g_string_append_printf (names, i == 0 ? _("“%s”") : _(", “%s”"), missing[i]);
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
                   /* Translators: %1$s is a table such as "KOT cut-off grades (UFM)", %2$s the
                    * columns it lacks, e.g. “aar”, “udbud_titel” */
                   _("The table looks like %1$s, but its header row has no column %2$s. Nothing "
                     "was imported."),
                   vj_feed_format_name (closest), names->str);
      return;
    }
  g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
                       _("Unsupported format: the file is a table, but its header row is not "
                         "that of the institution register, Uddannelseszoom or KOT's cut-off "
                         "grades."));
}

const VjFeedFormat *
vj_feed_format_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].id, id) == 0)
      return &formats[i];
  return NULL;
}

const char *
vj_feed_format_name (const VjFeedFormat *format)
{
  return g_dgettext (GETTEXT_PACKAGE, format->name);
}
