#define G_LOG_DOMAIN "vj-session-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-dates.h"
#include "vj-db-sessions.h"
#include "vj-db-settings.h"
#include "vj-session-editor-private.h"
#include "vj-text.h"

/* The session editor: every field of a session in one scrolling form. What is typed is kept as
 * a draft (debounced, durable), so a crash loses nothing; Save checks for CPR-like text first
 * and offers to remove it; Cancel asks before throwing changes away. */

enum {
  SIGNAL_SAVED,
  SIGNAL_DELETED,
  SIGNAL_DUPLICATE,
  SIGNAL_PERSON_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjSessionEditor, vj_session_editor, ADW_TYPE_WINDOW)

static void
changed_cb (VjSessionEditor *self)
{
  _vj_session_editor_changed (self);
}

static void
update_class_group (VjSessionEditor *self)
{
  guint n;
  const VjCode *forms = vj_session_forms (&n);
  const char *form = _vj_session_editor_combo_code (self->form_row, forms, n, FALSE);

  if (self->original == NULL)
    return;  /* still being built */
  gtk_widget_set_visible (GTK_WIDGET (self->class_group),
                          g_strcmp0 (form, "class") == 0 || self->original->class_label != NULL);
}

static void
form_changed_cb (VjSessionEditor *self)
{
  update_class_group (self);
  _vj_session_editor_changed (self);
}

static void
add_person_cb (VjSessionEditor *self)
{
  g_autofree char *reference = _vj_session_editor_text_or_null (GTK_EDITABLE (self->add_person_row));
  g_autoptr(VjPersonRecord) person = NULL;

  if (reference == NULL)
    return;
  for (guint i = 0; i < self->person_rows->len; i++)
    {
      GtkEditable *entry = g_object_get_data (self->person_rows->pdata[i], "reference");

      if (g_utf8_collate (gtk_editable_get_text (entry), reference) == 0)
        return;
    }
  /* An existing person by that reference, or a new one */
  person = vj_db_find_person (self->db, reference, NULL);
  if (person == NULL)
    {
      person = vj_person_record_new ();
      person->reference = g_strdup (reference);
      if (adw_combo_row_get_selected (self->municipality_row) > 0)
        person->municipality =
          g_array_index (self->municipality_codes, int,
                         adw_combo_row_get_selected (self->municipality_row) - 1);
    }
  _vj_session_editor_add_person (self, person);
  gtk_editable_set_text (GTK_EDITABLE (self->add_person_row), "");
  _vj_session_editor_changed (self);
}

static void
add_step_cb (VjSessionEditor *self)
{
  g_autofree char *text = _vj_session_editor_text_or_null (GTK_EDITABLE (self->add_step_row));
  g_autoptr(VjNextStep) step = NULL;

  if (text == NULL)
    return;
  step = vj_next_step_new (text, NULL);
  _vj_session_editor_add_step (self, step);
  gtk_editable_set_text (GTK_EDITABLE (self->add_step_row), "");
  _vj_session_editor_changed (self);
}

static void
person_search_cb (VjSessionEditor *self)
{
  _vj_session_editor_search_people (self);
}

static void
person_chosen_cb (VjSessionEditor *self,
                  GtkListBoxRow   *row)
{
  _vj_session_editor_person_chosen (self, row);
}

static void
programme_search_cb (VjSessionEditor *self)
{
  _vj_session_editor_search_programmes (self);
}

static void
programme_chosen_cb (VjSessionEditor *self,
                     GtkListBoxRow   *row)
{
  _vj_session_editor_programme_chosen (self, row);
}

/* Enter in the search: the best match */
static void
programme_first_cb (VjSessionEditor *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->programme_results, 0);

  if (row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->programme_results)))
    _vj_session_editor_programme_chosen (self, row);
}

static void
finish_close (VjSessionEditor *self)
{
  self->closing = TRUE;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_error (VjSessionEditor *self,
            const char      *heading,
            const char      *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VjSessionEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_save_session_finish (VJ_DB (object), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (id == 0)
    {
      show_error (self, _("The Session Was Not Saved"), error->message);
      return;
    }
  self->draft_id = 0;  /* dropped with the save */
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  finish_close (self);
}

static void
save_record (VjSessionEditor *self,
             VjSessionRecord *record)
{
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  vj_db_save_session_async (self->db, record, self->draft_id, NULL, saved_cb,
                            g_object_ref (self));
}

static void
cpr_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 VjSessionEditor  *self)
{
  VjSessionRecord *record = g_object_get_data (G_OBJECT (dialog), "record");

  self->cpr_dialog = NULL;
  if (g_strcmp0 (response, "remove") != 0)
    return;
  vj_session_record_remove_cpr (record);
  save_record (self, record);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (widget);
  g_autoptr(VjSessionRecord) record = vj_session_editor_collect (self);
  g_autofree char *cpr = NULL;

  if (record->started_at == NULL)
    {
      show_error (self, _("Date Missing"),
                  _("Write the date of the session as dd-mm-yyyy, e.g. 27-11-2026."));
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return;
    }

  cpr = vj_session_record_find_cpr (record);
  if (cpr != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("This Looks Like a CPR Number"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” looks like a CPR number. Vejviser does not keep "
                                        "CPR numbers: use a reference or initials instead."),
                                      cpr);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "edit", _("_Edit It Myself"),
                                        "remove", _("_Remove It and Save"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "remove");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "edit");
      g_object_set_data_full (G_OBJECT (dialog), "record", g_steal_pointer (&record),
                              (GDestroyNotify) vj_session_record_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (cpr_response_cb), self, 0);
      self->cpr_dialog = dialog;
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  save_record (self, record);
}

static void
discard_and_close (VjSessionEditor *self)
{
  if (self->draft_id != 0)
    vj_db_discard_draft_async (self->db, self->draft_id, NULL, NULL, NULL);
  self->draft_id = 0;
  finish_close (self);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VjSessionEditor  *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    discard_and_close (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (widget);
  GtkWidget *dialog;

  if (!self->dirty)
    {
      discard_and_close (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Your Changes?"),
                                   _("What you wrote in this session since it was last saved "
                                     "will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VjSessionEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (!vj_db_delete_session_finish (VJ_DB (object), result, &error))
    {
      show_error (self, _("The Session Was Not Deleted"), error->message);
      return;
    }
  self->draft_id = 0;  /* deleted with the session */
  g_signal_emit (self, signals[SIGNAL_DELETED], 0, self->original);
  finish_close (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (widget);

  if (self->original->id == 0)
    return;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  vj_db_delete_session_async (self->db, self->original->id, NULL, deleted_cb,
                              g_object_ref (self));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (widget);
  g_autoptr(VjSessionRecord) current = vj_session_editor_collect (self);
  g_autoptr(VjSessionRecord) copy = NULL;

  if (current->started_at == NULL)
    current->started_at = g_strdup (self->original->started_at);
  copy = vj_session_record_duplicate (current);
  g_signal_emit (self, signals[SIGNAL_DUPLICATE], 0, copy);
}

static gboolean
vj_session_editor_close_request (GtkWindow *window)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (window);

  if (self->closing)
    return FALSE;
  cancel_action (GTK_WIDGET (self), NULL, NULL);
  return TRUE;
}

static void
vj_session_editor_dispose (GObject *object)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (object);

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->person_search != NULL)
    g_cancellable_cancel (self->person_search);
  g_clear_object (&self->person_search);
  g_clear_object (&self->programme_list);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_SESSION_EDITOR);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_session_editor_parent_class)->dispose (object);
}

static void
vj_session_editor_finalize (GObject *object)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (object);

  g_clear_pointer (&self->original, vj_session_record_free);
  g_clear_pointer (&self->person_rows, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->programme_rows, g_ptr_array_unref);
  g_clear_pointer (&self->municipality_codes, g_array_unref);

  G_OBJECT_CLASS (vj_session_editor_parent_class)->finalize (object);
}

static void
vj_session_editor_class_init (VjSessionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_session_editor_dispose;
  object_class->finalize = vj_session_editor_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = vj_session_editor_close_request;

  /* The session was saved (durably); its id */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The session was deleted; the record as it was, to restore on undo (valid during emission) */
  signals[SIGNAL_DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* Duplicate asked for: a new, unsaved record (valid during emission) */
  signals[SIGNAL_DUPLICATE] =
    g_signal_new ("duplicate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The counsellor opened a person; their id */
  signals[SIGNAL_PERSON_ACTIVATED] =
    g_signal_new ("person-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-session-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, counsellor_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, service_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, form_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, municipality_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, upv_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, people_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, add_person_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, person_results);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, class_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, class_label_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, head_count_spin);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, topics_list);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, programmes_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, programme_search_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, programme_results);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, steps_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, add_step_row);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_person_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_step_cb);
  gtk_widget_class_bind_template_callback (widget_class, programme_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, programme_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, programme_first_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_chosen_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "editor.duplicate", NULL, duplicate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "editor.cancel", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* The region's 17 first, then the others */
  return vj_municipality_compare (*(const int *) a, *(const int *) b);
}

static void
fill_topics (VjSessionEditor *self)
{
  guint n;
  const VjCode *topics = vj_session_topics (&n);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (g_dgettext (GETTEXT_PACKAGE,
                                                                      topics[i].name));
      GtkWidget *child;

      gtk_flow_box_append (self->topics_list, check);
      child = gtk_widget_get_parent (check);
      gtk_widget_set_focusable (child, FALSE);
      g_object_set_data (G_OBJECT (child), "check", check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (changed_cb), self);
    }
}

static void
vj_session_editor_init (VjSessionEditor *self)
{
  g_autoptr(GtkStringList) municipalities = gtk_string_list_new (NULL);
  const VjMunicipality *list;
  const VjCode *codes;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->person_rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  self->programme_rows = g_ptr_array_new ();

  self->loading = TRUE;
  codes = vj_session_services (&n);
  _vj_session_editor_code_combo_model (self->service_row, _("Not given"), codes, n);
  codes = vj_session_forms (&n);
  _vj_session_editor_code_combo_model (self->form_row, NULL, codes, n);
  codes = vj_upv_statuses (&n);
  _vj_session_editor_code_combo_model (self->upv_row, _("Not relevant"), codes, n);

  list = vj_municipalities (&n);
  self->municipality_codes = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->municipality_codes, list[i].code);
  g_array_sort (self->municipality_codes, compare_names);
  gtk_string_list_append (municipalities, _("Not given"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (municipalities,
                            vj_municipality_lookup (g_array_index (self->municipality_codes,
                                                                   int, i))->name);
  adw_combo_row_set_model (self->municipality_row, G_LIST_MODEL (municipalities));
  fill_topics (self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->notes_view), "changed",
                            G_CALLBACK (changed_cb), self);
  self->loading = FALSE;
}

/**
 * vj_session_editor_new:
 * @record: (transfer full): the session to edit: a saved one, a new one
 *   (vj_session_editor_new_record ()) or a draft's
 * @draft_id: the draft @record comes from, or 0
 */
GtkWidget *
vj_session_editor_new (VjDb            *db,
                       VjSessionRecord *record,
                       gint64           draft_id)
{
  VjSessionEditor *self;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (VJ_TYPE_SESSION_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->original = record;
  self->draft_id = draft_id;
  self->dirty = draft_id != 0;
  _vj_session_editor_fill (self);
  update_class_group (self);
  gtk_window_set_title (GTK_WINDOW (self), record->id != 0 ? _("Edit Session")
                                                           : _("New Session"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete", record->id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.duplicate", record->id != 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_person_row));
  return GTK_WIDGET (self);
}

/**
 * vj_session_editor_new_record:
 *
 * Returns: (transfer full): a new session now, prefilled from the preferences (counsellor,
 *   default municipality and service), individual, 45 minutes
 */
VjSessionRecord *
vj_session_editor_new_record (VjDb *db)
{
  VjSessionRecord *r = vj_session_record_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) rounded = g_date_time_add_minutes (now,
                                                          -(g_date_time_get_minute (now) % 5));
  g_autofree char *municipality = vj_db_get_setting (db, VJ_SETTING_DEFAULT_MUNICIPALITY);

  r->started_at = g_date_time_format (rounded, "%Y-%m-%dT%H:%M");
  r->duration_minutes = 45;
  r->counsellor = vj_db_get_setting (db, VJ_SETTING_COUNSELLOR_NAME);
  r->service = vj_db_get_setting (db, VJ_SETTING_DEFAULT_SERVICE);
  r->form = g_strdup ("individual");
  r->municipality = municipality != NULL ? vj_municipality_parse_code (municipality) : 0;
  return r;
}

gint64
vj_session_editor_get_draft_id (VjSessionEditor *self)
{
  g_return_val_if_fail (VJ_IS_SESSION_EDITOR (self), 0);
  return self->draft_id;
}
