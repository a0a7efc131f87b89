#define G_LOG_DOMAIN "vj-session-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-dates.h"
#include "vj-db-sessions.h"
#include "vj-session-editor-private.h"

/* The editor's fixed fields: from a record into the widgets, and back; and the draft kept as
 * the counsellor types (debounced, one write at a time, durable). */

#define DRAFT_DELAY_MS 800

const char *
_vj_session_editor_combo_code (AdwComboRow  *row,
            const VjCode *codes,
            guint         n,
            gboolean      has_none)
{
  guint selected = adw_combo_row_get_selected (row);

  if (has_none)
    return selected > 0 && selected <= n ? codes[selected - 1].code : NULL;
  return selected < n ? codes[selected].code : NULL;
}

static void
select_code (AdwComboRow  *row,
             const VjCode *codes,
             guint         n,
             gboolean      has_none,
             const char   *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      adw_combo_row_set_selected (row, i + (has_none ? 1 : 0));
}

char *
_vj_session_editor_text_or_null (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/**
 * vj_session_editor_collect:
 *
 * Returns: (transfer full): what the editor holds now, as a record
 */
VjSessionRecord *
vj_session_editor_collect (VjSessionEditor *self)
{
  VjSessionRecord *r = vj_session_record_new ();
  g_autofree char *date = vj_date_parse_danish (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  g_autofree char *time = vj_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->time_row)));
  g_autofree char *tags = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
  g_auto(GStrv) tag_list = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  guint n, municipality;
  const VjCode *codes;

  r->id = self->original->id;
  r->started_at = g_strdup_printf ("%s%s%s", date != NULL ? date : "", date != NULL ? "T" : "",
                                   date != NULL ? (time != NULL ? time : "00:00") : "");
  if (date == NULL)
    g_clear_pointer (&r->started_at, g_free);
  r->duration_minutes = gtk_spin_button_get_value_as_int (self->duration_spin);
  r->counsellor = _vj_session_editor_text_or_null (GTK_EDITABLE (self->counsellor_row));
  codes = vj_session_services (&n);
  r->service = g_strdup (_vj_session_editor_combo_code (self->service_row, codes, n, TRUE));
  codes = vj_session_forms (&n);
  r->form = g_strdup (_vj_session_editor_combo_code (self->form_row, codes, n, FALSE));
  municipality = adw_combo_row_get_selected (self->municipality_row);
  if (municipality > 0 && municipality <= self->municipality_codes->len)
    r->municipality = g_array_index (self->municipality_codes, int, municipality - 1);
  codes = vj_upv_statuses (&n);
  r->upv_status = g_strdup (_vj_session_editor_combo_code (self->upv_row, codes, n, TRUE));
  r->follow_up = vj_date_parse_danish (gtk_editable_get_text (GTK_EDITABLE (self->follow_up_row)));
  r->class_label = _vj_session_editor_text_or_null (GTK_EDITABLE (self->class_label_row));
  r->head_count = gtk_spin_button_get_value_as_int (self->head_count_spin);

  codes = vj_session_topics (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkFlowBoxChild *row = gtk_flow_box_get_child_at_index (self->topics_list, (int) i);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_ptr_array_add (r->topics, g_strdup (codes[i].code));
    }
  tag_list = g_strsplit (tags, ",", -1);
  for (guint i = 0; tag_list[i] != NULL; i++)
    {
      char *tag = g_strstrip (tag_list[i]);

      if (*tag != '\0')
        g_ptr_array_add (r->topics, g_strdup (tag));
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  r->notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*r->notes == '\0')
    g_clear_pointer (&r->notes, g_free);

  _vj_session_editor_collect_rows (self, r);
  return r;
}

void
_vj_session_editor_fill (VjSessionEditor *self)
{
  const VjSessionRecord *r = self->original;
  g_autofree char *date = r->started_at != NULL ? vj_date_format_short (r->started_at) : NULL;
  g_autofree char *follow_up = vj_date_format_short (r->follow_up);
  g_autoptr(GString) tags = g_string_new (NULL);
  guint n;
  const VjCode *codes;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date != NULL ? date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_row),
                         r->started_at != NULL && strlen (r->started_at) >= 16
                         ? r->started_at + 11 : "");
  gtk_spin_button_set_value (self->duration_spin, r->duration_minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->counsellor_row),
                         r->counsellor != NULL ? r->counsellor : "");
  codes = vj_session_services (&n);
  select_code (self->service_row, codes, n, TRUE, r->service);
  codes = vj_session_forms (&n);
  select_code (self->form_row, codes, n, FALSE, r->form);
  for (guint i = 0; i < self->municipality_codes->len; i++)
    if (g_array_index (self->municipality_codes, int, i) == r->municipality)
      adw_combo_row_set_selected (self->municipality_row, i + 1);
  codes = vj_upv_statuses (&n);
  select_code (self->upv_row, codes, n, TRUE, r->upv_status);
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_row), follow_up != NULL ? follow_up : "");
  gtk_editable_set_text (GTK_EDITABLE (self->class_label_row),
                         r->class_label != NULL ? r->class_label : "");
  gtk_spin_button_set_value (self->head_count_spin, r->head_count);

  codes = vj_session_topics (&n);
  for (guint i = 0; i < r->topics->len; i++)
    {
      const char *topic = r->topics->pdata[i];
      gboolean fixed = FALSE;

      for (guint j = 0; j < n; j++)
        if (g_strcmp0 (codes[j].code, topic) == 0)
          {
            GtkFlowBoxChild *row = gtk_flow_box_get_child_at_index (self->topics_list, (int) j);

            gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "check"), TRUE);
            fixed = TRUE;
          }
      if (!fixed)
        g_string_append_printf (tags, "%s%s", tags->len > 0 ? ", " : "", topic);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags->str);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            r->notes != NULL ? r->notes : "", -1);

  for (guint i = 0; i < r->people->len; i++)
    _vj_session_editor_add_person (self, r->people->pdata[i]);
  for (guint i = 0; i < r->next_steps->len; i++)
    _vj_session_editor_add_step (self, r->next_steps->pdata[i]);
  for (guint i = 0; i < r->programmes->len; i++)
    _vj_session_editor_add_programme (self, g_array_index (r->programmes, gint64, i));
  self->loading = FALSE;
}

static void save_draft (VjSessionEditor *self);

static void
draft_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VjSessionEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_save_draft_finish (VJ_DB (object), result, &error);

  self->draft_saving = FALSE;
  if (id == 0)
    {
      g_warning ("Could not keep a draft: %s", error->message);
      return;
    }
  if (self->closing)
    {
      /* Closed while the draft was written: it is not wanted any more */
      vj_db_discard_draft_async (self->db, id, NULL, NULL, NULL);
      return;
    }
  self->draft_id = id;
  if (self->draft_pending)
    save_draft (self);
}

static void
save_draft (VjSessionEditor *self)
{
  g_autoptr(VjSessionRecord) record = NULL;

  self->draft_pending = FALSE;
  if (self->draft_saving)
    {
      /* One write at a time, so the draft keeps one row */
      self->draft_pending = TRUE;
      return;
    }
  record = vj_session_editor_collect (self);
  if (record->started_at == NULL)
    record->started_at = g_strdup (self->original->started_at);
  self->draft_saving = TRUE;
  vj_db_save_draft_async (self->db, self->draft_id, record, NULL, draft_saved_cb,
                          g_object_ref (self));
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  VjSessionEditor *self = user_data;

  self->draft_timeout = 0;
  save_draft (self);
  return G_SOURCE_REMOVE;
}

void
_vj_session_editor_changed (VjSessionEditor *self)
{
  if (self->loading || self->closing)
    return;
  self->dirty = TRUE;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}
