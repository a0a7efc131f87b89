#define G_LOG_DOMAIN "vj-person-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-followup.h"
#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"
#include "vj-person-page.h"
#include "vj-person-page-private.h"
#include "vj-plan.h"
#include "vj-reference.h"
#include "vj-session-record.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* A person: who they are, their open next steps, their shortlist (reordered and removed here,
 * with Undo) and the timeline of their sessions, newest first. The plan, the export of their
 * data and their erasure start here too (vj-person-page-actions.c). */


G_DEFINE_FINAL_TYPE (VjPersonPage, vj_person_page, GTK_TYPE_WIDGET)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkListBox *
add_section (VjPersonPage *self,
             const char   *title,
             const char   *empty_text,
             GtkWidget   **empty_label)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (empty_text);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 18);
  gtk_label_set_xalign (GTK_LABEL (empty), 0);
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (self->content_box, heading);
  gtk_box_append (self->content_box, empty);
  gtk_box_append (self->content_box, list);
  *empty_label = empty;
  return GTK_LIST_BOX (list);
}

static void
show_count (GtkListBox *list,
            GtkWidget  *empty,
            guint       n)
{
  gtk_widget_set_visible (GTK_WIDGET (list), n > 0);
  gtk_widget_set_visible (empty, n == 0);
}

static void
show_error (VjPersonPage *self,
            const GError *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* Shortlist */

static void shortlist_reload (VjPersonPage *self);

static void
shortlist_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_shortlist_write_finish (VJ_DB (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error);
    }
  shortlist_reload (self);
}

static VjShortlistItem *
item_of (VjPersonPage *self,
         GtkWidget    *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (self->shortlist == NULL || index < 0 || (guint) index >= self->shortlist->len)
    return NULL;
  return g_ptr_array_index (self->shortlist, index);
}

static void
move_clicked_cb (GtkButton    *button,
                 VjPersonPage *self)
{
  VjShortlistItem *item = item_of (self, GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));

  if (item == NULL)
    return;
  vj_db_shortlist_move_async (self->db, item->id, delta, NULL, shortlist_written_cb,
                              g_object_ref (self));
}

static void
remove_clicked_cb (GtkButton    *button,
                   VjPersonPage *self)
{
  VjShortlistItem *item = item_of (self, GTK_WIDGET (button));
  AdwToast *toast;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  g_clear_pointer (&self->undo_item, vj_shortlist_item_free);
  self->undo_item = g_new0 (VjShortlistItem, 1);
  self->undo_item->programme_id = item->programme_id;
  self->undo_item->offering_id = item->offering_id;
  self->undo_item->position = item->position;
  vj_db_shortlist_remove_async (self->db, item->id, NULL, shortlist_written_cb,
                                g_object_ref (self));

  /* Translators: a toast after removing a programme from a shortlist; %s is its title */
  text = g_strdup_printf (_("“%s” removed from the shortlist"), item->title);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "person.undo-remove");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VjPersonPage *self = VJ_PERSON_PAGE (widget);
  g_autoptr(VjShortlistItem) item = g_steal_pointer (&self->undo_item);

  if (item == NULL || self->person == NULL)
    return;
  vj_db_shortlist_add_async (self->db, self->person->id, item->programme_id, item->offering_id,
                             item->position, NULL, shortlist_written_cb,
                             g_object_ref (self));
}

static GtkWidget *
make_icon_button (const char *icon,
                  const char *name,
                  const char *title)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  /* Translators: the spoken name of a shortlist button: %1$s says what it does ("Move up"),
   * %2$s is the programme */
  g_autofree char *label = g_strdup_printf (_("%1$s: %2$s"), name, title);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static GtkWidget *
make_shortlist_row (VjPersonPage    *self,
                    VjShortlistItem *item,
                    gboolean         first,
                    gboolean         last)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%d. %s", item->position, item->title);
  g_autofree char *subtitle = vj_plan_dup_where_when (item);
  GtkWidget *up = make_icon_button ("go-up-symbolic", _("Move up"), item->title);
  GtkWidget *down = make_icon_button ("go-down-symbolic", _("Move down"), item->title);
  GtkWidget *remove = make_icon_button ("user-trash-symbolic", _("Remove from shortlist"),
                                        item->title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_sensitive (up, !first);
  gtk_widget_set_sensitive (down, !last);
  g_object_set_data (G_OBJECT (up), "delta", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (down), "delta", GINT_TO_POINTER (1));
  g_signal_connect (up, "clicked", G_CALLBACK (move_clicked_cb), self);
  g_signal_connect (down, "clicked", G_CALLBACK (move_clicked_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
shortlist_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shortlist = vj_db_list_shortlist_finish (VJ_DB (object), result, &error);

  if (shortlist == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->shortlist_loading = FALSE;
  g_clear_pointer (&self->shortlist, g_ptr_array_unref);
  self->shortlist = g_steal_pointer (&shortlist);
  clear_list (self->shortlist_list);
  if (self->shortlist == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < self->shortlist->len; i++)
    gtk_list_box_append (self->shortlist_list,
                         make_shortlist_row (self, g_ptr_array_index (self->shortlist, i),
                                             i == 0, i + 1 == self->shortlist->len));
  show_count (self->shortlist_list, self->shortlist_empty, self->shortlist->len);
}

/* Read in a worker; the one read before it, if still running, is dropped */
static void
shortlist_reload (VjPersonPage *self)
{
  if (self->person == NULL || self->db == NULL)
    return;
  g_cancellable_cancel (self->shortlist_cancellable);
  g_clear_object (&self->shortlist_cancellable);
  self->shortlist_cancellable = g_cancellable_new ();
  self->shortlist_loading = TRUE;
  vj_db_list_shortlist_async (self->db, self->person->id, self->shortlist_cancellable,
                              shortlist_read_cb, g_object_ref (self));
}

static void
shortlist_activated_cb (GtkListBox    *list,
                        GtkListBoxRow *row,
                        VjPersonPage  *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->shortlist != NULL && index >= 0 && (guint) index < self->shortlist->len)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-programme", "x",
                                ((VjShortlistItem *) g_ptr_array_index (self->shortlist,
                                                                        index))->programme_id);
}

/* Next steps: ticked off here as on Opfølgning, with Undo in a toast */

static void steps_reload (VjPersonPage *self);

static VjFollowUp *
follow_up_copy (const VjFollowUp *f)
{
  VjFollowUp *copy = g_new0 (VjFollowUp, 1);

  *copy = *f;
  copy->person = g_strdup (f->person);
  copy->text = g_strdup (f->text);
  copy->due = g_strdup (f->due);
  copy->session_date = g_strdup (f->session_date);
  return copy;
}

static void
step_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean undone = self->undo_step == NULL;

  if (!vj_db_set_follow_up_done_finish (VJ_DB (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  else if (!undone)
    {
      AdwToast *toast = adw_toast_new (_("Marked as done"));

      adw_toast_set_button_label (toast, _("Undo"));
      adw_toast_set_action_name (toast, "person.undo-step");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  steps_reload (self);
}

static void
step_toggled_cb (GtkCheckButton *check,
                 VjPersonPage   *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "index"));
  VjFollowUp *f;

  if (!gtk_check_button_get_active (check) || self->db == NULL || self->steps == NULL ||
      index < 0 || (guint) index >= self->steps->len)
    return;
  f = g_ptr_array_index (self->steps, index);
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  g_clear_pointer (&self->undo_step, vj_follow_up_free);
  self->undo_step = follow_up_copy (f);
  vj_db_set_follow_up_done_async (self->db, f, TRUE, NULL, step_written_cb,
                                  g_object_ref (self));
}

/* Saves are never cancelled (a reload cancels what it reads): a tick, a move or an Undo is
 * kept even when the page reads again at that moment */
static void
undo_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VjPersonPage *self = VJ_PERSON_PAGE (widget);
  g_autoptr(VjFollowUp) f = g_steal_pointer (&self->undo_step);

  if (f == NULL || self->db == NULL)
    return;
  vj_db_set_follow_up_done_async (self->db, f, FALSE, NULL, step_written_cb,
                                  g_object_ref (self));
}

static void
steps_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = vj_db_list_follow_ups_finish (VJ_DB (object), result, &error);
  VjPersonPage *self;

  if (steps == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VJ_PERSON_PAGE (user_data);
  self->loading = FALSE;
  clear_list (self->steps_list);
  if (steps == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < steps->len; i++)
    {
      VjFollowUp *f = g_ptr_array_index (steps, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *due = vj_text_format_date (f->due);
      g_autofree char *date = vj_text_format_date (f->session_date);
      g_autofree char *title = f->text != NULL
        ? g_strdup (f->text)
        : g_strdup_printf (_("Follow up on the session of %s"), date != NULL ? date : "");

      GtkWidget *check = gtk_check_button_new ();
      /* Translators: the spoken name of the tick box before a follow-up; %s is its text */
      g_autofree char *check_name = g_strdup_printf (_("Mark as done: %s"), title);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, _("Mark as done"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      check_name, -1);
      g_object_set_data (G_OBJECT (check), "index", GINT_TO_POINTER ((int) i));
      g_signal_connect (check, "toggled", G_CALLBACK (step_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (due != NULL)
        {
          g_autofree char *subtitle = g_strdup_printf (_("Due %s"), due);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No due date"));
      gtk_list_box_append (self->steps_list, row);
    }
  show_count (self->steps_list, self->steps_empty, steps->len);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  self->steps = g_steal_pointer (&steps);
}

static void
steps_reload (VjPersonPage *self)
{
  if (self->db == NULL || self->person == NULL || self->cancellable == NULL)
    return;
  self->loading = TRUE;
  vj_db_list_follow_ups_async (self->db, self->person->id, self->cancellable, steps_done_cb,
                               self);
}

/* Sessions */

static GtkWidget *
make_session_row (VjTimelineEntry *e)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *day = g_strndup (e->started_at != NULL ? e->started_at : "", 10);
  g_autofree char *date = vj_text_format_date (day);
  g_autoptr(GString) title = g_string_new (date != NULL ? date : day);
  g_autofree char *notes = vj_text_truncate (vj_text_squash_whitespace (e->notes), 140);

  if (e->started_at != NULL && strlen (e->started_at) >= 16)
    g_string_append_printf (title, " %.5s", e->started_at + 11);
  if (e->form != NULL)
    g_string_append_printf (title, " · %s", vj_session_form_name (e->form));
  if (e->service != NULL)
    g_string_append_printf (title, " · %s", vj_session_service_name (e->service));
  if (e->n_people > 1)
    {
      /* Translators: after a session's form: how many took part */
      g_autofree char *people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d person",
                                                              "%d people", e->n_people),
                                                 e->n_people);
      g_string_append_printf (title, " · %s", people);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
  if (notes != NULL && notes[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), notes);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "session-id", GSIZE_TO_POINTER ((gsize) e->session_id));
  return row;
}

static void
session_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      VjPersonPage  *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "session-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-session", "x", id);
}

static void
timeline_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VjPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) timeline = vj_db_list_person_timeline_finish (VJ_DB (object), result,
                                                                     &error);

  if (timeline == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->timeline_loading = FALSE;
  clear_list (self->sessions_list);
  if (timeline == NULL)
    show_error (self, error);
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    gtk_list_box_append (self->sessions_list, make_session_row (g_ptr_array_index (timeline, i)));
  show_count (self->sessions_list, self->sessions_empty, timeline != NULL ? timeline->len : 0);
}

static void
populate (VjPersonPage *self)
{
  g_autofree char *subtitle = vj_plan_dup_person_line (self->person);

  gtk_label_set_label (self->title_label, self->person->reference);
  gtk_label_set_label (self->subtitle_label, subtitle);

  shortlist_reload (self);

  g_cancellable_cancel (self->timeline_cancellable);
  g_clear_object (&self->timeline_cancellable);
  self->timeline_cancellable = g_cancellable_new ();
  self->timeline_loading = TRUE;
  vj_db_list_person_timeline_async (self->db, self->person->id, self->timeline_cancellable,
                                    timeline_read_cb, g_object_ref (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  vj_db_list_follow_ups_async (self->db, self->person->id, self->cancellable, steps_done_cb,
                               self);
}

/* Back from the session editor (its own window): show what was saved there */
static void
window_active_cb (GtkWindow    *window,
                  GParamSpec   *pspec,
                  VjPersonPage *self)
{
  if (gtk_window_is_active (window) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_person_page_reload (self);
}

static void
vj_person_page_root (GtkWidget *widget)
{
  GtkRoot *root;

  GTK_WIDGET_CLASS (vj_person_page_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::is-active", G_CALLBACK (window_active_cb), widget,
                             0);
}

static void
vj_person_page_unroot (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, window_active_cb, widget);
  GTK_WIDGET_CLASS (vj_person_page_parent_class)->unroot (widget);
}

static void
vj_person_page_dispose (GObject *object)
{
  VjPersonPage *self = VJ_PERSON_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->shortlist_cancellable);
  g_cancellable_cancel (self->timeline_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_PERSON_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->shortlist_cancellable);
  g_clear_object (&self->timeline_cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->person, vj_person_summary_free);
  g_clear_pointer (&self->shortlist, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->undo_item, vj_shortlist_item_free);
  g_clear_pointer (&self->undo_step, vj_follow_up_free);

  G_OBJECT_CLASS (vj_person_page_parent_class)->dispose (object);
}

static void
vj_person_page_class_init (VjPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_person_page_dispose;
  widget_class->root = vj_person_page_root;
  widget_class->unroot = vj_person_page_unroot;



  gtk_widget_class_install_action (widget_class, "person.undo-remove", NULL, undo_remove_action);
  gtk_widget_class_install_action (widget_class, "person.undo-step", NULL, undo_step_action);
  _vj_person_page_install_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjPersonPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VjPersonPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, VjPersonPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VjPersonPage, subtitle_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_person_page_init (VjPersonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->steps_list = add_section (self, _("Open Next Steps"), _("No open next steps."),
                                  &self->steps_empty);
  self->shortlist_list = add_section (self, _("Shortlist"),
                                      _("Nothing on the shortlist yet. Add programmes from a "
                                        "programme's page."),
                                      &self->shortlist_empty);
  self->sessions_list = add_section (self, _("Sessions"), _("No sessions logged."),
                                     &self->sessions_empty);
  g_signal_connect (self->shortlist_list, "row-activated", G_CALLBACK (shortlist_activated_cb),
                    self);
  g_signal_connect (self->sessions_list, "row-activated", G_CALLBACK (session_activated_cb),
                    self);
}

/* Saved here, in another window or by another process: read again while shown */
static void
db_changed_cb (VjPersonPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_person_page_reload (self);
}

/**
 * vj_person_page_new:
 *
 * Returns: (nullable): the page, or %NULL when the person is not in the log
 */
GtkWidget *
vj_person_page_new (VjDb   *db,
                    gint64  person_id)
{
  VjPersonSummary *person = vj_db_load_person_summary (db, person_id, NULL);
  VjPersonPage *self;

  if (person == NULL)
    return NULL;
  self = g_object_new (VJ_TYPE_PERSON_PAGE, NULL);
  self->db = g_object_ref (db);
  self->person = person;
  g_signal_connect_object (db, "changed::sessions", G_CALLBACK (db_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "changed::people", G_CALLBACK (db_changed_cb), self,
                           G_CONNECT_SWAPPED);
  populate (self);
  return GTK_WIDGET (self);
}

const char *
vj_person_page_get_title (VjPersonPage *self)
{
  g_return_val_if_fail (VJ_IS_PERSON_PAGE (self), NULL);
  return self->person->reference;
}

gint64
vj_person_page_get_person_id (VjPersonPage *self)
{
  g_return_val_if_fail (VJ_IS_PERSON_PAGE (self), 0);
  return self->person->id;
}

void
vj_person_page_reload (VjPersonPage *self)
{
  g_autoptr(VjPersonSummary) person = NULL;

  g_return_if_fail (VJ_IS_PERSON_PAGE (self));

  person = vj_db_load_person_summary (self->db, self->person->id, NULL);
  if (person == NULL)
    return;
  /* Read before the goal just typed was written (the window, active again as the plan's
   * dialog closes, reloads at once): the typed one, not the one it replaces */
  if (self->goals_saving > 0)
    {
      g_free (person->plan_goal);
      person->plan_goal = g_strdup (self->person->plan_goal);
    }
  g_clear_pointer (&self->person, vj_person_summary_free);
  self->person = g_steal_pointer (&person);
  populate (self);
}

/* How many rows a section shows: "next-steps", "shortlist" or "sessions" */
guint
vj_person_page_count (VjPersonPage *self,
                      const char   *section)
{
  GtkListBox *list;
  guint n = 0;

  g_return_val_if_fail (VJ_IS_PERSON_PAGE (self), 0);

  if (g_strcmp0 (section, "next-steps") == 0)
    list = self->steps_list;
  else if (g_strcmp0 (section, "shortlist") == 0)
    list = self->shortlist_list;
  else
    list = self->sessions_list;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

gboolean
vj_person_page_is_loading (VjPersonPage *self)
{
  g_return_val_if_fail (VJ_IS_PERSON_PAGE (self), FALSE);
  return self->loading || self->shortlist_loading || self->timeline_loading;
}
