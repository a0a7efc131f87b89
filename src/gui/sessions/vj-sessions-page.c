#define G_LOG_DOMAIN "vj-sessions-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-sessions.h"
#include "vj-municipality-model.h"
#include "vj-session-editor.h"
#include "vj-session-list.h"
#include "vj-sessions-page-private.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* Samtaler: the guidance log by date, newest first, searched in the notes and filtered by
 * person, service, form, municipality and period — all in SQL (VjSessionList). "New Session"
 * (Ctrl+N) and a row open the editor; a draft left by a crash is offered back once. */

static const char * const periods[] = {
  N_("Any time"), N_("Past week"), N_("Past month"), N_("Past year"),
};
static const int period_days[] = { 0, 7, 31, 366 };

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjSessionsPage, vj_sessions_page, GTK_TYPE_WIDGET)

static void set_db (VjSessionsPage *self,
                    VjDb           *db);

static const char *
selected_code (GtkDropDown  *dropdown,
               const VjCode *codes,
               guint         n)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected > 0 && selected <= n ? codes[selected - 1].code : NULL;
}

static VjSessionQuery *
build_query (VjSessionsPage *self)
{
  VjSessionQuery *q = vj_session_query_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *person = gtk_editable_get_text (GTK_EDITABLE (self->person_entry));
  guint municipality = gtk_drop_down_get_selected (self->municipality_dropdown);
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint n_services, n_forms;
  const VjCode *services = vj_session_services (&n_services);
  const VjCode *forms = vj_session_forms (&n_forms);

  q->text = *text != '\0' ? g_strdup (text) : NULL;
  q->service = g_strdup (selected_code (self->service_dropdown, services, n_services));
  q->form = g_strdup (selected_code (self->form_dropdown, forms, n_forms));
  q->municipality = vj_municipality_model_code_at (municipality);
  if (period > 0 && period < G_N_ELEMENTS (period_days))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) from = g_date_time_add_days (now, -period_days[period]);

      q->from = g_date_time_format (from, "%Y-%m-%d");
    }
  if (*person != '\0' && self->db != NULL)
    {
      /* One indexed look-up; an unknown reference shows nothing */
      g_autoptr(VjPersonRecord) found = vj_db_find_person (self->db, person, NULL);

      q->person_id = found != NULL ? found->id : -1;
    }
  return q;
}

static void
update_count (VjSessionsPage *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session",
                                                         "%u sessions", n), n);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

#define NARROW_WIDTH 600

/* "Filters", or "Filters (2)" with two chosen: what the folded filters hold */
static void
update_filter_toggle (VjSessionsPage *self)
{
  GtkDropDown *dropdowns[] = {
    self->service_dropdown, self->form_dropdown, self->period_dropdown,
    self->municipality_dropdown,
  };
  guint n;

  if (self->filter_toggle == NULL)
    return;
  n = gtk_entry_get_text_length (self->person_entry) > 0 ? 1 : 0;

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    n += gtk_drop_down_get_selected (dropdowns[i]) != GTK_INVALID_LIST_POSITION &&
         gtk_drop_down_get_selected (dropdowns[i]) > 0;
  if (n > 0)
    {
      /* Translators: the button that shows the filters on a narrow window; %u are chosen */
      g_autofree char *label = g_strdup_printf (_("_Filters (%u)"), n);
      gtk_button_set_label (GTK_BUTTON (self->filter_toggle), label);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self->filter_toggle), _("_Filters"));
}

static void
filter_toggled_cb (VjSessionsPage *self)
{
  gtk_revealer_set_reveal_child (self->filter_revealer,
                                 !self->narrow ||
                                 gtk_toggle_button_get_active (self->filter_toggle));
}

static gboolean
apply_narrow_idle (gpointer data)
{
  VjSessionsPage *self = data;

  self->narrow_idle = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->filter_toggle), self->narrow);
  filter_toggled_cb (self);
  return G_SOURCE_REMOVE;
}

static GtkSizeRequestMode
vj_sessions_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
vj_sessions_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

/* Below 600 px the filters fold behind a button, as on Uddannelser: the log gets the height */
static void
vj_sessions_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;
  GtkWidget *child = gtk_widget_get_first_child (widget);

  /* A bin, with its own allocation to see the width */
  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Not while allocating: the change is applied before the next frame */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_idle, self, NULL);
    }
}

static void
filter_changed_cb (VjSessionsPage *self)
{
  g_autoptr(VjSessionQuery) q = NULL;

  update_filter_toggle (self);
  if (self->list == NULL)
    return;
  q = build_query (self);
  vj_session_list_set_query (self->list, q);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *notes = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (notes), 0);
  gtk_label_set_ellipsize (GTK_LABEL (notes), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (notes), TRUE);
  gtk_widget_add_css_class (notes, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_box_append (GTK_BOX (box), notes);
  gtk_list_item_set_child (item, box);
}

static void
vj_take_join (char       **line,
              const char  *part)
{
  char *joined = g_strconcat (*line, " · ", part, NULL);

  g_free (*line);
  *line = joined;
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  VjSession *session = gtk_list_item_get_item (item);
  const VjSessionRecord *r = vj_session_get_record (session);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *notes = gtk_widget_get_next_sibling (subtitle);
  g_autofree char *when = vj_text_format_date_time (r->started_at);
  g_autofree char *people = vj_session_record_dup_people_label (r);
  g_autofree char *line = NULL;
  g_autofree char *first_line = NULL;
  guint n_forms, n_services;
  const char *form = vj_code_name (vj_session_forms (&n_forms), n_forms, r->form);
  const char *service = vj_code_name (vj_session_services (&n_services), n_services, r->service);
  g_autofree char *label = NULL;

  line = g_strdup (*people != '\0' ? people : _("No people"));
  if (form != NULL)
    vj_take_join (&line, form);
  if (service != NULL)
    vj_take_join (&line, service);
  first_line = g_strdup (r->notes != NULL ? r->notes : "");
  g_strdelimit (first_line, "\n\r\t", ' ');
  gtk_label_set_label (GTK_LABEL (title), when);
  gtk_label_set_label (GTK_LABEL (subtitle), line);
  gtk_label_set_label (GTK_LABEL (notes), first_line);
  gtk_widget_set_visible (notes, *first_line != '\0');

  label = g_strdup_printf ("%s, %s", when, line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (
                                    gtk_list_item_get_child (item))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
editor_saved_cb (VjSessionsPage *self)
{
  vj_sessions_page_reload (self);
}

typedef struct
{
  VjSessionsPage  *page;
  VjSessionRecord *record;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_object_unref (undo->page);
  vj_session_record_free (undo->record);
  g_free (undo);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VjSessionsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vj_db_save_session_finish (VJ_DB (object), result, &error) == 0)
    g_warning ("Could not restore the session: %s", error->message);
  vj_sessions_page_reload (self);
}

static void
undo_clicked_cb (AdwToast *toast,
                 gpointer  user_data)
{
  Undo *undo = user_data;

  /* Saved again with its id: back as it was, its people, links and search row with it */
  vj_db_save_session_async (undo->page->db, undo->record, 0, NULL, restored_cb,
                            g_object_ref (undo->page));
}

static void
editor_deleted_cb (VjSessionsPage  *self,
                   VjSessionRecord *record)
{
  AdwToast *toast;
  Undo *undo;

  vj_sessions_page_reload (self);
  undo = g_new0 (Undo, 1);
  undo->page = g_object_ref (self);
  undo->record = vj_session_record_copy (record);
  toast = adw_toast_new (_("Session deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  vj_widget_add_toast (GTK_WIDGET (self), toast);
}


static void show_editor (VjSessionsPage  *self,
                         VjSessionRecord *record,
                         gint64           draft_id);

static void
editor_duplicate_cb (VjSessionsPage  *self,
                     VjSessionRecord *record)
{
  show_editor (self, vj_session_record_copy (record), 0);
}

static void
person_activated_cb (VjSessionsPage *self,
                     gint64          person_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-person", "x", person_id);
}

static void
show_editor (VjSessionsPage  *self,
             VjSessionRecord *record,
             gint64           draft_id)
{
  GtkWidget *editor = vj_session_editor_new (self->db, record, draft_id);
  GtkWindow *parent = vj_widget_get_window (GTK_WIDGET (self));

  /* Over the main window, never behind it, also when the page is not shown (a session
   * opened from a person's timeline, a draft offered at start) */
  if (parent == NULL && GTK_IS_APPLICATION (g_application_get_default ()))
    parent = gtk_application_get_active_window (GTK_APPLICATION (g_application_get_default ()));
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (editor), parent);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "deleted", G_CALLBACK (editor_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "duplicate", G_CALLBACK (editor_duplicate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "person-activated", G_CALLBACK (person_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Drafts left by a crash or a kill, offered back once at start: continue, later, or discard */
static void
drafts_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *drafts = vj_db_list_drafts (task_data, &error);

  if (drafts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, drafts, (GDestroyNotify) g_ptr_array_unref);
}

static void
recover_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VjSessionsPage   *self)
{
  VjDraft *draft = g_object_get_data (G_OBJECT (dialog), "draft");

  if (g_strcmp0 (response, "open") == 0)
    show_editor (self, vj_session_record_copy (draft->session), draft->id);
  else if (g_strcmp0 (response, "discard") == 0)
    vj_db_discard_draft_async (self->db, draft->id, NULL, NULL, NULL);
}

static void
drafts_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (object);
  g_autoptr(GPtrArray) drafts = g_task_propagate_pointer (G_TASK (result), NULL);
  /* At start Samtaler is not shown: the window it belongs to all the same */
  GtkWindow *parent = vj_widget_get_window (GTK_WIDGET (self));

  if (drafts == NULL)
    return;
  /* One dialog per draft left behind, newest on top */
  for (guint i = 0; i < drafts->len; i++)
    {
      VjDraft *draft = drafts->pdata[i];
      g_autofree char *when = vj_text_format_date_time (draft->session->started_at);
      g_autofree char *people = vj_session_record_dup_people_label (draft->session);
      g_autofree char *what = *people != '\0' ? g_strdup_printf ("%s (%s)", when, people)
                                               : g_strdup (when);
      GtkWidget *dialog =
        adw_message_dialog_new (parent, _("Unsaved Session Found"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      /* Translators: %s is the session's date and people */
                                      _("A session you were writing was not saved when "
                                        "Vejviser closed: %s. Continue where you left off?"),
                                      what);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "later", _("_Later"),
                                        "discard", _("_Discard"),
                                        "open", _("_Continue Editing"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
      g_object_set_data_full (G_OBJECT (dialog), "draft", g_ptr_array_steal_index (drafts, i--),
                              (GDestroyNotify) vj_draft_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (recover_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* Reads the drafts in a worker, then asks about each. */
static void
offer_drafts (VjSessionsPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, drafts_done_cb, NULL);

  g_task_set_task_data (task, g_object_ref (self->db), g_object_unref);
  g_task_run_in_thread (task, drafts_thread);
}

static void
row_activated_cb (VjSessionsPage *self,
                  guint           position)
{
  g_autoptr(VjSession) session = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (session != NULL)
    vj_sessions_page_open_session (self, vj_session_get_id (session));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  vj_sessions_page_new_session (VJ_SESSIONS_PAGE (widget));
}

static void
list_changed_cb (VjSessionsPage *self)
{
  update_count (self);
}

static void
vj_sessions_page_dispose (GObject *object)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_SESSIONS_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->list);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_sessions_page_parent_class)->dispose (object);
}

/* Ctrl+F on Samtaler: the log's own search, not the catalogue's */
static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (VJ_SESSIONS_PAGE (widget)->search_entry));
}

static void
vj_sessions_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_sessions_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VjSessionsPage *self = VJ_SESSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      set_db (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_sessions_page_class_init (VjSessionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_sessions_page_dispose;
  object_class->get_property = vj_sessions_page_get_property;
  object_class->set_property = vj_sessions_page_set_property;

  /**
   * VjSessionsPage:db:
   *
   * The guidance log; the page lists its sessions once it is set.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-sessions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, search_entry);
  gtk_widget_class_install_action (widget_class, "page.focus-search", NULL, focus_search_action);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, service_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, form_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, municipality_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, person_entry);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, filter_toggle);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjSessionsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "sessions.new", NULL, new_action);
  _vj_sessions_page_install_transfer_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "sessions.new",
                                       NULL);
  widget_class->get_request_mode = vj_sessions_page_get_request_mode;
  widget_class->measure = vj_sessions_page_measure;
  widget_class->size_allocate = vj_sessions_page_size_allocate;
}

static void
fill_dropdown (GtkDropDown  *dropdown,
               const char   *all,
               const VjCode *codes,
               guint         n)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, all);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (strings, g_dgettext (GETTEXT_PACKAGE, codes[i].name));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
}

static void
vj_sessions_page_init (VjSessionsPage *self)
{
  g_autoptr(GListModel) municipalities = vj_municipality_model_new (_("All municipalities"));
  g_autoptr(GtkStringList) period_names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  const VjCode *codes;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  codes = vj_session_services (&n);
  fill_dropdown (self->service_dropdown, _("All services"), codes, n);
  codes = vj_session_forms (&n);
  fill_dropdown (self->form_dropdown, _("All forms"), codes, n);
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    gtk_string_list_append (period_names, _(periods[i]));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_names));

  gtk_drop_down_set_model (self->municipality_dropdown, municipalities);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.new", FALSE);
  update_count (self);
}

GtkWidget *
vj_sessions_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_SESSIONS_PAGE, "db", db, NULL);
}

/* Set once, by the window: lists the log, and offers back any draft a crash left */
static void
set_db (VjSessionsPage *self,
        VjDb           *db)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  /* A session saved, deleted or erased here, in another window or by another process */
  g_signal_connect_object (db, "changed::sessions", G_CALLBACK (vj_sessions_page_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "changed::people", G_CALLBACK (vj_sessions_page_reload), self,
                           G_CONNECT_SWAPPED);
  self->list = vj_session_list_new (db);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_changed_cb), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.new", TRUE);
  filter_changed_cb (self);

  if (!self->drafts_offered)
    {
      self->drafts_offered = TRUE;
      offer_drafts (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}

/* Opens the editor on a new session, prefilled from the preferences. */
void
vj_sessions_page_new_session (VjSessionsPage *self)
{
  g_return_if_fail (VJ_IS_SESSIONS_PAGE (self));

  if (self->db == NULL)
    return;
  show_editor (self, vj_session_editor_new_record (self->db), 0);
}

void
vj_sessions_page_open_session (VjSessionsPage *self,
                               gint64          session_id)
{
  g_autoptr(GError) error = NULL;
  VjSessionRecord *record;

  g_return_if_fail (VJ_IS_SESSIONS_PAGE (self));

  if (self->db == NULL)
    return;
  record = vj_db_load_session (self->db, session_id, &error);
  if (record == NULL)
    {
      vj_sessions_page_reload (self);
      return;
    }
  show_editor (self, record, 0);
}

void
vj_sessions_page_reload (VjSessionsPage *self)
{
  g_return_if_fail (VJ_IS_SESSIONS_PAGE (self));
  if (self->list != NULL)
    vj_session_list_reload (self->list);
}

GListModel *
vj_sessions_page_get_model (VjSessionsPage *self)
{
  g_return_val_if_fail (VJ_IS_SESSIONS_PAGE (self), NULL);
  return self->list != NULL ? G_LIST_MODEL (self->list) : NULL;
}
