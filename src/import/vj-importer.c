#define G_LOG_DOMAIN "vj-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-importer.h"
#include "vj-table-source.h"

/* A public table is a few megabytes; this is far above any and far below harm */
#define VJ_TABLE_MAX_BYTES (G_GUINT64_CONSTANT (256) << 20)

/* The importer: reads a feed in a worker thread, hands each record the reader produces to the
 * staging tables, then merges them in one short transaction and records the run. It owns the
 * counts, the progress and the cancel; it never sees an element name. */

typedef struct
{
  VjDbImport     *db_import;
  VjImportReport *report;
  VjFeedHeader   *header;
  gboolean        saw_recstatus;
  gboolean        latin1;          /* reading the feed as ISO-8859-1 */
  gboolean        may_be_latin1;   /* the failed read may have been Latin-1 */
  gboolean        table_unchanged; /* a public table that brought nothing new */
} ImportState;

VjImportReport *
vj_import_report_new (void)
{
  VjImportReport *report = g_new0 (VjImportReport, 1);

  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_import_issue_free);
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_import_issue_free);
  report->error_code = -1;
  return report;
}

void
vj_import_report_free (VjImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->location);
  g_free (report->feed_id);
  g_free (report->source_title);
  g_free (report->format);
  g_free (report->format_name);
  g_free (report->status);
  g_free (report->error_message);
  g_ptr_array_unref (report->rejected);
  g_ptr_array_unref (report->warnings);
  g_free (report);
}

static gboolean
sink_header (VjFeedHeader *header,
             gpointer      user_data,
             GError      **error)
{
  ImportState *state = user_data;

  if (state->header != NULL)
    {
      vj_feed_header_free (header);
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                           _("The feed has more than one header. Nothing was imported."));
      return FALSE;
    }
  state->header = header;
  return TRUE;
}

static gboolean
sink_institution (VjInstitutionRecord *record,
                  gpointer             user_data,
                  GError             **error)
{
  ImportState *state = user_data;
  gboolean ok;

  state->saw_recstatus |= record->recstatus != VJ_RECSTATUS_NONE &&
                          record->recstatus != VJ_RECSTATUS_REFERENCE;
  ok = vj_db_import_stage_institution (state->db_import, record, state->report->rejected, error);
  vj_institution_record_free (record);
  return ok;
}

static gboolean
sink_programme (VjProgrammeRecord *record,
                gpointer           user_data,
                GError           **error)
{
  ImportState *state = user_data;
  gboolean ok;

  state->saw_recstatus |= record->recstatus != VJ_RECSTATUS_NONE &&
                          record->recstatus != VJ_RECSTATUS_REFERENCE;
  ok = vj_db_import_stage_programme (state->db_import, record, state->report->rejected, error);
  vj_programme_record_free (record);
  return ok;
}

static gboolean
sink_initiative (VjInitiativeRecord *record,
                 gpointer            user_data,
                 GError            **error)
{
  ImportState *state = user_data;
  gboolean ok;

  state->saw_recstatus |= record->recstatus != VJ_RECSTATUS_NONE &&
                          record->recstatus != VJ_RECSTATUS_REFERENCE;
  ok = vj_db_import_stage_initiative (state->db_import, record, state->report->rejected, error);
  vj_initiative_record_free (record);
  return ok;
}

static void
sink_reject (guint       line,
             const char *reason,
             gpointer    user_data)
{
  ImportState *state = user_data;

  vj_import_issues_add (state->report->rejected, line, reason);
}

static void
sink_warn (guint       line,
           const char *reason,
           gpointer    user_data)
{
  ImportState *state = user_data;

  vj_import_issues_add (state->report->warnings, line, reason);
}

static gboolean
sink_unit (VjUnitRecord *record,
           gpointer      user_data,
           GError      **error)
{
  ImportState *state = user_data;
  gboolean ok = vj_db_import_stage_unit (state->db_import, record, state->report->rejected,
                                         error);

  vj_unit_record_free (record);
  return ok;
}

static gboolean
sink_offer (VjPublicOfferRecord *record,
            gpointer             user_data,
            GError             **error)
{
  ImportState *state = user_data;
  gboolean ok = vj_db_import_stage_public_offer (state->db_import, record,
                                                 state->report->rejected, error);

  vj_public_offer_record_free (record);
  return ok;
}

static gboolean
sink_fact (VjFactRecord *record,
           gpointer      user_data,
           GError      **error)
{
  ImportState *state = user_data;
  gboolean ok = vj_db_import_stage_fact (state->db_import, record, state->report->rejected,
                                         error);

  vj_fact_record_free (record);
  return ok;
}

static const VjRecordSink sink = {
  sink_header, sink_institution, sink_programme, sink_initiative, sink_reject, sink_warn,
  sink_unit, sink_offer, sink_fact,
};

/* Opens the feed and finds its format from the root element. A file that fails before its
 * first element may be Latin-1 mislabelled as UTF-8: it is read again as ISO-8859-1. */
static VjXmlSource *
open_and_detect (GFile                *file,
                 const VjXmlCaps      *caps,
                 GCancellable         *cancellable,
                 VjImportProgressFunc  progress,
                 gpointer              progress_data,
                 const VjFeedFormat  **format,
                 ImportState          *state,
                 GError              **error)
{
  for (guint attempt = state->latin1 ? 1 : 0; attempt < 2; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(VjXmlSource) source = NULL;
      xmlTextReaderPtr reader;
      gboolean found = FALSE;
      const char *ns, *root;

      source = vj_xml_source_open (file, attempt == 0 ? NULL : "ISO-8859-1", caps, cancellable,
                                   progress, progress_data, error);
      if (source == NULL)
        return NULL;

      if (!vj_xml_source_next_element (source, &found, &local_error))
        {
          if (attempt == 0 && !vj_xml_source_started (source) &&
              g_error_matches (local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!found)
        {
          g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_EMPTY,
                               _("The feed has no elements. Nothing was imported."));
          return NULL;
        }

      reader = vj_xml_source_get_reader (source);
      ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
      root = (const char *) xmlTextReaderConstLocalName (reader);
      *format = vj_feed_format_detect (ns, root);
      if (*format == NULL)
        {
          /* Translators: %1$s is an element name, %2$s a namespace URI */
          g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
                       _("Unsupported format: the root element is <%1$s> in the namespace "
                         "“%2$s”. Vejviser reads the Vejviser catalogue format v1, "
                         "XCRI-CAP 1.2 and Europass ELM 3.1 learning opportunities."),
                       root, ns != NULL ? ns : _("(none)"));
          return NULL;
        }
      if (attempt == 1)
        vj_import_issues_add (state->report->warnings, 0,
                              _("The feed was not valid UTF-8 and was read as Latin-1 "
                                "(ISO-8859-1)"));
      return g_steal_pointer (&source);
    }
  return NULL;
}

static void
sum_totals (VjImportReport *report)
{
  memset (&report->totals, 0, sizeof report->totals);
  for (guint i = 0; i < VJ_IMPORT_N_KINDS; i++)
    {
      report->totals.added += report->by_kind[i].added;
      report->totals.updated += report->by_kind[i].updated;
      report->totals.unchanged += report->by_kind[i].unchanged;
      report->totals.withdrawn += report->by_kind[i].withdrawn;
    }
}

static gboolean
merge_staged (ImportState           *state,
              const char            *kind,
              const VjImportOptions *options,
              const VjFeedFormat    *format,
              gboolean               full,
              GError               **error)
{
  VjImportReport *report = state->report;
  VjImportSourceInfo info = { 0 };

  report->feed_id = g_strdup (state->header->source_id);
  report->source_title = g_strdup (state->header->title);
  report->version = state->header->version;
  report->sample = state->header->sample;

  info.feed_id = state->header->source_id;
  info.title = state->header->title;
  info.kind = kind;
  info.location = report->location;
  info.etag = options != NULL ? options->etag : NULL;
  info.last_modified = options != NULL ? options->last_modified : NULL;
  info.format = format->id;
  info.version = state->header->version;
  info.sample = state->header->sample;
  info.full = full;
  info.public_table = format->read_table != NULL;

  if (!vj_db_import_merge (state->db_import, &info, report->by_kind, report->rejected,
                           report->warnings, error))
    return FALSE;
  report->write_lock_seconds = vj_db_import_get_lock_seconds (state->db_import);
  /* A public table's version is its count of imports that changed something */
  report->version = vj_db_import_get_version (state->db_import);
  state->table_unchanged = vj_db_import_get_table_unchanged (state->db_import);
  sum_totals (report);
  return TRUE;
}

/* A public table: found from its header row, read whole, staged like a feed and merged beside
 * the records; it never withdraws anything. */
static gboolean
read_table_and_merge (ImportState           *state,
                      GFile                 *file,
                      const char            *kind,
                      const VjImportOptions *options,
                      const VjXmlCaps       *caps,
                      GCancellable          *cancellable,
                      VjImportProgressFunc   progress,
                      gpointer               progress_data,
                      GError               **error)
{
  VjImportReport *report = state->report;
  g_autoptr(VjTableSource) source = NULL;
  const VjFeedFormat *format;

  source = vj_table_source_open (file, MIN (caps->max_bytes, VJ_TABLE_MAX_BYTES), cancellable,
                                 progress, progress_data, error);
  if (source == NULL)
    return FALSE;
  format = vj_feed_format_detect_table (source);
  if (format == NULL)
    {
      vj_feed_format_unknown_table_error (source, error);
      return FALSE;
    }
  report->format = g_strdup (format->id);
  report->format_name = g_strdup (vj_feed_format_name (format));
  if (!format->read_table (source, &sink, state, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (state->header == NULL)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                           _("The feed has no header. Nothing was imported."));
      return FALSE;
    }
  return merge_staged (state, kind, options, format, FALSE, error);
}

static gboolean
read_and_merge (ImportState          *state,
                GFile                *file,
                const char           *kind,
                const VjImportOptions *options,
                const VjXmlCaps      *caps,
                GCancellable         *cancellable,
                VjImportProgressFunc  progress,
                gpointer              progress_data,
                GError              **error)
{
  VjImportReport *report = state->report;
  g_autoptr(VjXmlSource) source = NULL;
  const VjFeedFormat *format = NULL;
  gboolean is_table = FALSE;

  /* A file that cannot be read fails below, with the feed's own message */
  if (!state->latin1 && vj_table_source_sniff (file, cancellable, &is_table, NULL) && is_table)
    return read_table_and_merge (state, file, kind, options, caps, cancellable, progress,
                                 progress_data, error);

  source = open_and_detect (file, caps, cancellable, progress, progress_data, &format, state,
                            error);
  if (source == NULL)
    return FALSE;
  report->format = g_strdup (format->id);
  report->format_name = g_strdup (vj_feed_format_name (format));

  if (!format->read (source, &sink, state, error))
    {
      report->error_line = vj_xml_source_get_error_line (source);
      state->may_be_latin1 = !state->latin1 && error != NULL && *error != NULL &&
                             g_error_matches (*error, VJ_IMPORT_ERROR,
                                              VJ_IMPORT_ERROR_NOT_WELL_FORMED) &&
                             vj_xml_source_may_be_latin1 (source);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return merge_staged (state, kind, options, format, !state->saw_recstatus, error);
}

static void
reset_for_retry (ImportState *state)
{
  VjImportReport *report = state->report;

  g_ptr_array_set_size (report->warnings, 0);
  g_ptr_array_set_size (report->rejected, 0);
  memset (report->by_kind, 0, sizeof report->by_kind);
  g_clear_pointer (&report->format, g_free);
  g_clear_pointer (&report->format_name, g_free);
  report->error_line = 0;
  g_clear_pointer (&state->header, vj_feed_header_free);
  state->saw_recstatus = FALSE;
  state->may_be_latin1 = FALSE;
}

/**
 * vj_import_file:
 * @kind: "builtin" or "file"
 *
 * Imports a feed, synchronously: call it from a worker thread (or the CLI). A fatal error
 * changes no catalogue row; the run is recorded either way.
 *
 * Returns: (transfer full): the report, also on failure (its status "failed" or "cancelled");
 *   @error is set on failure
 */
VjImportReport *
vj_import_file (VjDb                  *db,
                GFile                 *file,
                const char            *kind,
                const VjImportOptions *options,
                GCancellable          *cancellable,
                VjImportProgressFunc   progress,
                gpointer               progress_data,
                GError               **error)
{
  ImportState state = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  VjXmlCaps caps;
  gboolean ok;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  vj_xml_caps_init_default (&caps);
  if (options != NULL && options->max_bytes > 0)
    caps.max_bytes = options->max_bytes;

  if (options != NULL && options->kind != NULL)
    kind = options->kind;
  state.report = vj_import_report_new ();
  if (options != NULL && options->location != NULL)
    state.report->location = g_strdup (options->location);
  else
    state.report->location = g_file_is_native (file) ? g_file_get_path (file)
                                                     : g_file_get_uri (file);

  state.db_import = vj_db_import_new (db, state.report->location, &local_error);
  if (state.db_import != NULL)
    state.report->run_id = vj_db_import_get_run_id (state.db_import);
  ok = state.db_import != NULL &&
       read_and_merge (&state, file, kind, options, &caps, cancellable, progress,
                       progress_data, &local_error);
  if (!ok && state.may_be_latin1)
    {
      /* Bytes that are not UTF-8 deep into a feed that names no encoding: Latin-1 after all.
       * Everything staged so far is dropped and the whole feed read again. */
      reset_for_retry (&state);
      g_clear_error (&local_error);
      state.latin1 = TRUE;
      ok = vj_db_import_restart (state.db_import, &local_error) &&
           read_and_merge (&state, file, kind, options, &caps, cancellable, progress,
                           progress_data, &local_error);
    }

  state.report->seconds = g_timer_elapsed (timer, NULL);
  if (ok && state.table_unchanged)
    /* The same table again: nothing new, and the report says so */
    state.report->status = g_strdup ("not-modified");
  else if (ok)
    state.report->status = g_strdup ("imported");
  else
    {
      gboolean cancelled =
        g_error_matches (local_error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED) ||
        g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        g_error_matches (local_error, VJ_DB_ERROR, VJ_DB_ERROR_CANCELLED);

      state.report->status = g_strdup (cancelled ? "cancelled" : "failed");
      state.report->error_message = g_strdup (local_error->message);
      state.report->error_code = local_error->domain == VJ_IMPORT_ERROR ? local_error->code : -1;
      memset (state.report->by_kind, 0, sizeof state.report->by_kind);
      memset (&state.report->totals, 0, sizeof state.report->totals);
    }

  if (state.db_import != NULL)
    {
      g_autoptr(GError) run_error = NULL;
      /* The run keeps the version it imported (the history shows it) */
      g_autofree char *report_json = ok && state.report->version > 0
        ? g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}", state.report->version)
        : NULL;

      if (!vj_db_import_finish_run (state.db_import, state.report->status, state.report->format,
                                    &state.report->totals, vj_import_issues_count (state.report->rejected),
                                    state.report->error_message, state.report->error_line,
                                    report_json, &run_error))
        g_warning ("Could not record the import run: %s", run_error->message);
    }

  g_clear_object (&state.db_import);
  g_clear_pointer (&state.header, vj_feed_header_free);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return state.report;
}

static gboolean
peek_header (VjFeedHeader *header,
             gpointer      user_data,
             GError      **error)
{
  VjFeedHeader **out = user_data;

  *out = header;
  /* Stops the reader: the header is all we wanted. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "peeked");
  return FALSE;
}

static gboolean
peek_no_header (GError **error)
{
  g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                       _("The feed has no header before its first record."));
  return FALSE;
}

static gboolean
peek_institution (VjInstitutionRecord *record, gpointer user_data, GError **error)
{
  vj_institution_record_free (record);
  return peek_no_header (error);
}

static gboolean
peek_programme (VjProgrammeRecord *record, gpointer user_data, GError **error)
{
  vj_programme_record_free (record);
  return peek_no_header (error);
}

static gboolean
peek_initiative (VjInitiativeRecord *record, gpointer user_data, GError **error)
{
  vj_initiative_record_free (record);
  return peek_no_header (error);
}

static void
peek_issue (guint line, const char *reason, gpointer user_data)
{
}

/**
 * vj_import_peek_header:
 *
 * Reads a feed only as far as its header.
 *
 * Returns: (transfer full): the header
 */
VjFeedHeader *
vj_import_peek_header (GFile        *file,
                       GCancellable *cancellable,
                       GError      **error)
{
  const VjRecordSink peek_sink = {
    peek_header, peek_institution, peek_programme, peek_initiative, peek_issue, peek_issue,
    NULL, NULL, NULL,
  };
  g_autoptr(VjXmlSource) source = NULL;
  g_autoptr(GError) local_error = NULL;
  ImportState state = { 0 };
  VjFeedHeader *header = NULL;
  const VjFeedFormat *format = NULL;
  VjXmlCaps caps;

  vj_xml_caps_init_default (&caps);

  /* A public table: its reader names its source first */
  {
    gboolean is_table = FALSE;

    if (vj_table_source_sniff (file, cancellable, &is_table, NULL) && is_table)
      {
        /* Its first lines name it: a built-in table is checked at every start */
        g_autoptr(VjTableSource) table = vj_table_source_open_head (file, cancellable, error);

        if (table == NULL)
          return NULL;
        format = vj_feed_format_detect_table (table);
        if (format == NULL)
          {
            /* A header further down than the first lines: the whole table */
            g_clear_pointer (&table, vj_table_source_free);
            table = vj_table_source_open (file, VJ_TABLE_MAX_BYTES, cancellable, NULL, NULL,
                                          error);
            if (table == NULL)
              return NULL;
            format = vj_feed_format_detect_table (table);
          }
        if (format == NULL)
          {
            vj_feed_format_unknown_table_error (table, error);
            return NULL;
          }
        format->read_table (table, &peek_sink, &header, NULL);
        if (header == NULL)
          g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                               _("The feed has no header. Nothing was imported."));
        return header;
      }
  }

  state.report = vj_import_report_new ();
  source = open_and_detect (file, &caps, cancellable, NULL, NULL, &format, &state, error);
  vj_import_report_free (state.report);
  if (source == NULL)
    return NULL;

  if (format->read (source, &peek_sink, &header, &local_error) || header == NULL)
    {
      vj_feed_header_free (header);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                             _("The feed has no header. Nothing was imported."));
      return NULL;
    }
  return header;
}
