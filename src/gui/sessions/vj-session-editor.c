#define G_LOG_DOMAIN "vj-session-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-code-combo.h"
#include "vj-date-field.h"
#include "vj-dates.h"
#include "vj-db-sessions.h"
#include "vj-db-settings.h"
#include "vj-municipality-model.h"
#include "vj-session-editor.h"
#include "vj-session-people-group.h"
#include "vj-session-programmes-group.h"
#include "vj-session-steps-group.h"
#include "vj-widget-util.h"

/* The session editor: every field of a session in one scrolling form. The fixed fields are
 * here; the people, the programmes discussed and the next steps are section widgets of their
 * own (GNOME Calendar's event editor is built the same way). What is typed is kept as a draft
 * (debounced, one write at a time, durable), so a crash loses nothing; Save checks for
 * CPR-like text first and offers to remove it; Cancel asks before throwing changes away. It is
 * the main window's dialog: modal, transient for it, and opened no larger than it. */

#define DRAFT_DELAY_MS 800

/* The size the editor asks for when the main window has room; it never opens larger than the
 * main window (a dialog over it, as GNOME Calendar's event editor), and leaves the main
 * window's header bar in sight above it */
#define EDITOR_WIDTH         640
#define EDITOR_HEIGHT        760
#define PARENT_HEADER_HEIGHT 48

struct _VjSessionEditor
{
  AdwWindow                 parent_instance;

  VjDateField              *date_field;
  AdwEntryRow              *time_row;
  GtkSpinButton            *duration_spin;
  AdwEntryRow              *counsellor_row;
  AdwComboRow              *service_row;
  AdwComboRow              *form_row;
  AdwComboRow              *municipality_row;
  AdwComboRow              *upv_row;
  VjDateField              *follow_up_field;
  VjSessionPeopleGroup     *people_group;
  AdwPreferencesGroup      *class_group;
  AdwEntryRow              *class_label_row;
  GtkSpinButton            *head_count_spin;
  GtkFlowBox               *topics_list;
  AdwEntryRow              *tags_row;
  VjSessionProgrammesGroup *programmes_group;
  GtkTextView              *notes_view;
  VjSessionStepsGroup      *steps_group;
  GtkWidget                *header_bar;
  GtkWidget                *form_scroller;
  GtkRevealer              *waiting_revealer;
  GtkSpinner               *waiting_spinner;

  VjDb                     *db;
  VjSessionRecord          *original;      /* as loaded or given */
  gint64                    draft_id;
  guint                     draft_timeout;
  gboolean                  draft_saving;
  gboolean                  draft_pending;
  gboolean                  dirty;
  gboolean                  loading;       /* filling the widgets: not a change */
  gboolean                  closing;
  gboolean                  writing;       /* a save or delete is queued: nothing else */
  gulong                    waiting_handler;
  GtkWidget                *focus_before;  /* weak: where the focus was before a write */
};

enum {
  SIGNAL_SAVED,
  SIGNAL_DELETED,
  SIGNAL_DUPLICATE,
  SIGNAL_PERSON_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjSessionEditor, vj_session_editor, ADW_TYPE_WINDOW)

static char *
text_or_null (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
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

/* Something was typed or chosen: the editor has changes, kept as a draft soon */
static void
changed_cb (VjSessionEditor *self)
{
  if (self->loading || self->closing)
    return;
  self->dirty = TRUE;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

static void
update_class_group (VjSessionEditor *self)
{
  guint n;
  const VjCode *forms = vj_session_forms (&n);
  const char *form = vj_code_combo_get_code (self->form_row, forms, n);

  if (self->original == NULL)
    return;  /* still being built */
  gtk_widget_set_visible (GTK_WIDGET (self->class_group),
                          g_strcmp0 (form, "class") == 0 || self->original->class_label != NULL);
}

static void
form_changed_cb (VjSessionEditor *self)
{
  update_class_group (self);
  changed_cb (self);
}

static void
municipality_changed_cb (VjSessionEditor *self)
{
  vj_session_people_group_set_municipality (
    self->people_group,
    vj_municipality_model_code_at (adw_combo_row_get_selected (self->municipality_row)));
  changed_cb (self);
}

static void
person_activated_cb (VjSessionEditor *self,
                     gint64           person_id)
{
  g_signal_emit (self, signals[SIGNAL_PERSON_ACTIVATED], 0, person_id);
  /* Out of the way of the person's page, unless there is typing to keep */
  if (!self->dirty)
    gtk_window_close (GTK_WINDOW (self));
}

static void
fill (VjSessionEditor *self)
{
  const VjSessionRecord *r = self->original;
  g_autoptr(GString) tags = g_string_new (NULL);
  guint n;
  const VjCode *codes;

  self->loading = TRUE;
  vj_date_field_set_date (self->date_field, r->started_at);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row),
                         r->started_at != NULL && strlen (r->started_at) >= 16
                         ? r->started_at + 11 : "");
  gtk_spin_button_set_value (self->duration_spin, r->duration_minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->counsellor_row),
                         r->counsellor != NULL ? r->counsellor : "");
  codes = vj_session_services (&n);
  vj_code_combo_select_code (self->service_row, codes, n, r->service);
  codes = vj_session_forms (&n);
  vj_code_combo_select_code (self->form_row, codes, n, r->form);
  if (r->municipality != 0)
    adw_combo_row_set_selected (self->municipality_row,
                                vj_municipality_model_position (r->municipality));
  codes = vj_upv_statuses (&n);
  vj_code_combo_select_code (self->upv_row, codes, n, r->upv_status);
  vj_date_field_set_date (self->follow_up_field, r->follow_up);
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
    vj_session_people_group_add (self->people_group, r->people->pdata[i]);
  for (guint i = 0; i < r->next_steps->len; i++)
    vj_session_steps_group_add (self->steps_group, r->next_steps->pdata[i]);
  for (guint i = 0; i < r->programmes->len; i++)
    vj_session_programmes_group_add (self->programmes_group,
                                     g_array_index (r->programmes, gint64, i));
  self->loading = FALSE;
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

/* While a save or a delete waits for the database (another Vejviser job holds it), the editor
 * says so; what was typed stays as it is, not editable, until the write lands */
static void
write_waiting_cb (VjSessionEditor *self)
{
  gboolean waiting = self->writing && vj_db_get_write_waiting (self->db);

  gtk_spinner_set_spinning (self->waiting_spinner, waiting);
  gtk_revealer_set_reveal_child (self->waiting_revealer, waiting);
}

static void
set_writing (VjSessionEditor *self,
             gboolean         writing)
{
  self->writing = writing;
  if (self->header_bar == NULL)  /* destroyed while writing (with its parent window) */
    return;
  /* Away from the form before it goes insensitive (a text field would not hear that it lost
   * the focus), back to where it was after */
  if (writing)
    {
      g_set_weak_pointer (&self->focus_before, gtk_window_get_focus (GTK_WINDOW (self)));
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  gtk_widget_set_sensitive (self->header_bar, !writing);
  gtk_widget_set_sensitive (self->form_scroller, !writing);
  if (writing && self->waiting_handler == 0)
    self->waiting_handler = g_signal_connect_object (self->db, "notify::write-waiting",
                                                     G_CALLBACK (write_waiting_cb), self,
                                                     G_CONNECT_SWAPPED);
  else if (!writing)
    {
      g_clear_signal_handler (&self->waiting_handler, self->db);
      if (self->focus_before != NULL)
        gtk_widget_grab_focus (self->focus_before);
      g_clear_weak_pointer (&self->focus_before);
    }
  write_waiting_cb (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VjSessionEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_save_session_finish (VJ_DB (object), result, &error);

  set_writing (self, FALSE);
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
  set_writing (self, TRUE);
  vj_db_save_session_async (self->db, record, self->draft_id, NULL, saved_cb,
                            g_object_ref (self));
}

static void
cpr_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 VjSessionEditor  *self)
{
  VjSessionRecord *record = g_object_get_data (G_OBJECT (dialog), "record");

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
  g_autofree char *problem = NULL;

  if (self->writing)
    return;
  if (record->started_at == NULL)
    {
      show_error (self, _("Date Missing"),
                  _("Choose the date of the session in the calendar, or write it as "
                    "dd-mm-yyyy, e.g. 27-11-2026."));
      gtk_widget_grab_focus (GTK_WIDGET (self->date_field));
      return;
    }
  if (!vj_date_field_is_valid (self->follow_up_field))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date (write dd-mm-yyyy)"),
                                                  vj_date_field_get_text (self->follow_up_field));

      show_error (self, _("Date Not Understood"), message);
      gtk_widget_grab_focus (GTK_WIDGET (self->follow_up_field));
      return;
    }
  problem = vj_session_people_group_check (self->people_group);
  if (problem == NULL)
    problem = vj_session_steps_group_check (self->steps_group);
  if (problem != NULL)
    {
      show_error (self, _("Not Saved Yet"), problem);
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
  if (g_strcmp0 (response, "discard") != 0)
    return;
  /* The question no longer belongs to the editor that goes now: the dialog, destroyed with
   * its parent but still answering, would otherwise let go of a parent already gone (GLib
   * warned of an invalid instance) */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  discard_and_close (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (widget);
  GtkWidget *dialog;

  if (self->writing)
    return;
  /* Typed but not added yet (a person, a step) is a change to lose as well */
  if (!self->dirty && !vj_session_people_group_has_pending (self->people_group) &&
      !vj_session_steps_group_has_pending (self->steps_group))
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

  set_writing (self, FALSE);
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

  if (self->original->id == 0 || self->writing)
    return;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  set_writing (self, TRUE);
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

/* The main window's size now, or the size it asks for before it is shown */
static void
parent_size (GtkWindow *parent,
             int       *width,
             int       *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (parent));
  *height = gtk_widget_get_height (GTK_WIDGET (parent));
  if (*width <= 0 || *height <= 0)
    gtk_window_get_default_size (parent, width, height);
}

/* Opens inside the main window: as wide and as tall as it has room for, never more */
static void
fit_to_parent (VjSessionEditor *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  int parent_width, parent_height, min_width, min_height;
  int width = EDITOR_WIDTH;
  int height = EDITOR_HEIGHT;

  if (parent == NULL)
    return;
  parent_size (parent, &parent_width, &parent_height);
  gtk_widget_get_size_request (GTK_WIDGET (self), &min_width, &min_height);
  if (parent_width > 0)
    width = CLAMP (parent_width, min_width, EDITOR_WIDTH);
  if (parent_height > 0)
    height = MIN (EDITOR_HEIGHT, MAX (parent_height - PARENT_HEADER_HEIGHT,
                                      MIN (min_height, parent_height)));
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}

static void
vj_session_editor_show (GtkWidget *widget)
{
  /* At open, from the main window's size then */
  if (!gtk_widget_get_mapped (widget))
    fit_to_parent (VJ_SESSION_EDITOR (widget));
  GTK_WIDGET_CLASS (vj_session_editor_parent_class)->show (widget);
}

static void
vj_session_editor_dispose (GObject *object)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (object);

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->db != NULL)
    g_clear_signal_handler (&self->waiting_handler, self->db);
  g_clear_weak_pointer (&self->focus_before);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_SESSION_EDITOR);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_session_editor_parent_class)->dispose (object);
}

static void
vj_session_editor_finalize (GObject *object)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (object);

  g_clear_pointer (&self->original, vj_session_record_free);

  G_OBJECT_CLASS (vj_session_editor_parent_class)->finalize (object);
}

static void
vj_session_editor_class_init (VjSessionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_session_editor_dispose;
  object_class->finalize = vj_session_editor_finalize;
  widget_class->show = vj_session_editor_show;
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

  g_type_ensure (VJ_TYPE_DATE_FIELD);
  g_type_ensure (VJ_TYPE_SESSION_PEOPLE_GROUP);
  g_type_ensure (VJ_TYPE_SESSION_PROGRAMMES_GROUP);
  g_type_ensure (VJ_TYPE_SESSION_STEPS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-session-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, date_field);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, counsellor_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, service_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, form_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, municipality_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, upv_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, follow_up_field);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, people_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, class_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, class_label_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, head_count_spin);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, topics_list);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, programmes_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, steps_group);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, waiting_revealer);
  gtk_widget_class_bind_template_child (widget_class, VjSessionEditor, waiting_spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, municipality_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);

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
  g_autoptr(GListModel) municipalities = NULL;
  const VjCode *codes;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));

  self->loading = TRUE;
  codes = vj_session_services (&n);
  vj_code_combo_set_codes (self->service_row, _("Not given"), codes, n);
  codes = vj_session_forms (&n);
  vj_code_combo_set_codes (self->form_row, NULL, codes, n);
  codes = vj_upv_statuses (&n);
  vj_code_combo_set_codes (self->upv_row, _("Not relevant"), codes, n);
  municipalities = vj_municipality_model_new (_("Not given"));
  adw_combo_row_set_model (self->municipality_row, municipalities);
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
  vj_session_people_group_set_db (self->people_group, db);
  vj_session_programmes_group_set_db (self->programmes_group, db);
  fill (self);
  update_class_group (self);
  gtk_window_set_title (GTK_WINDOW (self), record->id != 0 ? _("Edit Session")
                                                           : _("New Session"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete", record->id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.duplicate", record->id != 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->people_group));
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

/**
 * vj_session_editor_collect:
 *
 * Returns: (transfer full): what the editor holds now, as a record
 */
VjSessionRecord *
vj_session_editor_collect (VjSessionEditor *self)
{
  VjSessionRecord *r;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *tags = NULL;
  g_auto(GStrv) tag_list = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  guint n;
  const VjCode *codes;

  g_return_val_if_fail (VJ_IS_SESSION_EDITOR (self), NULL);

  r = vj_session_record_new ();
  date = vj_date_field_get_date (self->date_field);
  time = vj_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->time_row)));
  r->id = self->original->id;
  if (date != NULL)
    r->started_at = g_strdup_printf ("%sT%s", date, time != NULL ? time : "00:00");
  r->duration_minutes = gtk_spin_button_get_value_as_int (self->duration_spin);
  r->counsellor = text_or_null (GTK_EDITABLE (self->counsellor_row));
  codes = vj_session_services (&n);
  r->service = g_strdup (vj_code_combo_get_code (self->service_row, codes, n));
  codes = vj_session_forms (&n);
  r->form = g_strdup (vj_code_combo_get_code (self->form_row, codes, n));
  r->municipality =
    vj_municipality_model_code_at (adw_combo_row_get_selected (self->municipality_row));
  codes = vj_upv_statuses (&n);
  r->upv_status = g_strdup (vj_code_combo_get_code (self->upv_row, codes, n));
  r->follow_up = vj_date_field_get_date (self->follow_up_field);
  r->class_label = text_or_null (GTK_EDITABLE (self->class_label_row));
  r->head_count = gtk_spin_button_get_value_as_int (self->head_count_spin);

  codes = vj_session_topics (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkFlowBoxChild *row = gtk_flow_box_get_child_at_index (self->topics_list, (int) i);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_ptr_array_add (r->topics, g_strdup (codes[i].code));
    }
  tags = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
  tag_list = g_strsplit (tags, ",", -1);
  for (guint i = 0; tag_list[i] != NULL; i++)
    {
      char *tag = g_strstrip (tag_list[i]);

      if (*tag != '\0')
        g_ptr_array_add (r->topics, g_strdup (tag));
    }

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  r->notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*r->notes == '\0')
    g_clear_pointer (&r->notes, g_free);

  vj_session_people_group_collect (self->people_group, r->people);
  vj_session_steps_group_collect (self->steps_group, r->next_steps);
  vj_session_programmes_group_collect (self->programmes_group, r->programmes);
  return r;
}
