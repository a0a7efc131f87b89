#define G_LOG_DOMAIN "vj-followup-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-followup.h"
#include "vj-followup-page.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* Opfølgning: open next steps and session follow-up dates, overdue first, then due this week
 * (to Sunday), then later. Read in a worker each time the page is shown; ticking one off writes
 * it at once and offers Undo in a toast. */

struct _VjFollowupPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkBox          *content_box;

  GtkWidget       *headings[VJ_FOLLOW_UP_N_BUCKETS];
  GtkListBox      *lists[VJ_FOLLOW_UP_N_BUCKETS];
  guint            counts[VJ_FOLLOW_UP_N_BUCKETS];

  VjFollowUp      *undo_item;     /* the last one ticked off, for the toast's Undo */
  VjDb            *db;
  GCancellable    *cancellable;
  gboolean         loading;
};

static const char * const bucket_titles[VJ_FOLLOW_UP_N_BUCKETS] = {
  N_("Overdue"),
  N_("Due This Week"),
  N_("Later"),
};

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjFollowupPage, vj_followup_page, GTK_TYPE_WIDGET)

static void set_db (VjFollowupPage *self,
                    VjDb           *db);

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
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_headings (VjFollowupPage *self)
{
  guint total = 0;

  for (guint b = 0; b < VJ_FOLLOW_UP_N_BUCKETS; b++)
    {
      /* Translators: a heading with how many follow-ups are under it, e.g. "Overskredet (3)" */
      g_autofree char *text = g_strdup_printf (_("%1$s (%2$u)"), _(bucket_titles[b]),
                                               self->counts[b]);

      gtk_label_set_label (GTK_LABEL (self->headings[b]), text);
      gtk_widget_set_visible (self->headings[b], self->counts[b] > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->lists[b]), self->counts[b] > 0);
      total += self->counts[b];
    }
  gtk_stack_set_visible_child_name (self->stack, total > 0 ? "list" : "empty");
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VjFollowupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_set_follow_up_done_finish (VJ_DB (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  vj_followup_page_reload (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VjFollowupPage *self = VJ_FOLLOWUP_PAGE (widget);
  g_autoptr(VjFollowUp) f = g_steal_pointer (&self->undo_item);

  if (self->db == NULL || f == NULL)
    return;
  /* Never cancelled (a reload cancels what it reads): what was ticked or undone is saved */
  vj_db_set_follow_up_done_async (self->db, f, FALSE, NULL, undo_done_cb, g_object_ref (self));
}

static void
done_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  VjFollowupPage *self;
  GtkWidget *list;
  AdwToast *toast;
  VjFollowUp *f = g_object_get_data (G_OBJECT (row), "follow-up");
  guint bucket = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "bucket"));

  if (!vj_db_set_follow_up_done_finish (VJ_DB (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VJ_FOLLOWUP_PAGE (gtk_widget_get_ancestor (row, VJ_TYPE_FOLLOWUP_PAGE));
  if (self == NULL)
    return;
  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      vj_followup_page_reload (self);
      return;
    }

  list = gtk_widget_get_parent (row);
  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  self->counts[bucket]--;
  update_headings (self);

  g_clear_pointer (&self->undo_item, vj_follow_up_free);
  self->undo_item = follow_up_copy (f);
  toast = adw_toast_new (_("Marked as done"));
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "followup.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
done_toggled_cb (GtkCheckButton *check,
                 GtkWidget      *row)
{
  VjFollowupPage *self = VJ_FOLLOWUP_PAGE (gtk_widget_get_ancestor (row, VJ_TYPE_FOLLOWUP_PAGE));
  VjFollowUp *f = g_object_get_data (G_OBJECT (row), "follow-up");

  if (self == NULL || self->db == NULL || !gtk_check_button_get_active (check))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  vj_db_set_follow_up_done_async (self->db, f, TRUE, NULL, done_written_cb, g_object_ref (row));
}

static void
row_activated_cb (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  VjFollowupPage *self)
{
  VjFollowUp *f = g_object_get_data (G_OBJECT (row), "follow-up");

  if (f != NULL && f->person_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-person", "x", f->person_id);
}

static char *
dup_title (const VjFollowUp *f)
{
  g_autofree char *date = vj_text_format_date (f->session_date);

  if (f->text != NULL && f->text[0] != '\0')
    return g_strdup (f->text);
  /* Translators: a session's follow-up; %s is the session's date, e.g. "28. november 2026" */
  return g_strdup_printf (_("Follow up on the session of %s"), date != NULL ? date : "");
}

static char *
dup_subtitle (const VjFollowUp *f)
{
  g_autofree char *due = vj_text_format_date (f->due);
  g_autofree char *when = due != NULL ? g_strdup_printf (_("Due %s"), due)
                                      : g_strdup (_("No due date"));
  const char *who = f->person != NULL ? f->person : _("Group session");

  return g_strdup_printf ("%s · %s", who, when);
}

static GtkWidget *
make_row (VjFollowUp *f,
          guint       bucket)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title = dup_title (f);
  g_autofree char *subtitle = dup_subtitle (f);
  /* Translators: the spoken name of the tick box before a follow-up; %s is its text */
  g_autofree char *check_name = g_strdup_printf (_("Mark as done: %s"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Mark as done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  check_name, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  g_signal_connect (check, "toggled", G_CALLBACK (done_toggled_cb), row);
  if (f->person_id != 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  g_object_set_data_full (G_OBJECT (row), "follow-up", f, (GDestroyNotify) vj_follow_up_free);
  g_object_set_data (G_OBJECT (row), "bucket", GUINT_TO_POINTER (bucket));
  return row;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vj_db_list_follow_ups_finish (VJ_DB (object), result, &error);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDate) today = NULL;
  VjFollowupPage *self;

  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VJ_FOLLOWUP_PAGE (user_data);
  self->loading = FALSE;
  if (list == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  now = g_date_time_new_now_local ();
  today = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                          g_date_time_get_year (now));
  for (guint b = 0; b < VJ_FOLLOW_UP_N_BUCKETS; b++)
    {
      clear_list (self->lists[b]);
      self->counts[b] = 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      VjFollowUp *f = g_ptr_array_index (list, i);
      VjFollowUpBucket b = vj_follow_up_bucket (f->due, today);

      g_ptr_array_index (list, i) = NULL;
      gtk_list_box_append (self->lists[b], make_row (f, b));
      self->counts[b]++;
    }
  update_headings (self);
}

static void
vj_followup_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vj_followup_page_parent_class)->map (widget);
  vj_followup_page_reload (VJ_FOLLOWUP_PAGE (widget));
}

static void
vj_followup_page_dispose (GObject *object)
{
  VjFollowupPage *self = VJ_FOLLOWUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_FOLLOWUP_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->undo_item, vj_follow_up_free);

  G_OBJECT_CLASS (vj_followup_page_parent_class)->dispose (object);
}

static void
vj_followup_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VjFollowupPage *self = VJ_FOLLOWUP_PAGE (object);

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
vj_followup_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VjFollowupPage *self = VJ_FOLLOWUP_PAGE (object);

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
vj_followup_page_class_init (VjFollowupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_followup_page_dispose;
  object_class->get_property = vj_followup_page_get_property;
  object_class->set_property = vj_followup_page_set_property;

  /**
   * VjFollowupPage:db:
   *
   * The guidance log; the page reads it when it is shown.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = vj_followup_page_map;


  gtk_widget_class_install_action (widget_class, "followup.undo", NULL, undo_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-followup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjFollowupPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VjFollowupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjFollowupPage, content_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_followup_page_init (VjFollowupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint b = 0; b < VJ_FOLLOW_UP_N_BUCKETS; b++)
    {
      GtkWidget *heading = gtk_label_new (NULL);
      GtkWidget *list = gtk_list_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, 12);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(bucket_titles[b]), -1);
      g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), self);
      gtk_box_append (self->content_box, heading);
      gtk_box_append (self->content_box, list);
      self->headings[b] = heading;
      self->lists[b] = GTK_LIST_BOX (list);
    }
  update_headings (self);
}

GtkWidget *
vj_followup_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_FOLLOWUP_PAGE, "db", db, NULL);
}

/* Read again when shown; what is not shown is read when it is */
static void
changed_cb (VjFollowupPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_followup_page_reload (self);
}

/* Set once, by the window */
static void
set_db (VjFollowupPage *self,
        VjDb           *db)
{
  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed::sessions", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "changed::people", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vj_followup_page_reload (self);
}

/**
 * vj_followup_page_reload:
 *
 * Reads the follow-ups again in a worker; a reload still running is cancelled.
 */
void
vj_followup_page_reload (VjFollowupPage *self)
{
  g_return_if_fail (VJ_IS_FOLLOWUP_PAGE (self));

  if (self->db == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (gtk_widget_get_first_child (GTK_WIDGET (self->lists[0])) == NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  vj_db_list_follow_ups_async (self->db, 0, self->cancellable, list_done_cb, self);
}

gboolean
vj_followup_page_is_loading (VjFollowupPage *self)
{
  g_return_val_if_fail (VJ_IS_FOLLOWUP_PAGE (self), FALSE);
  return self->loading;
}

/* How many follow-ups the page shows in a bucket (VjFollowUpBucket) */
guint
vj_followup_page_count (VjFollowupPage *self,
                        guint           bucket)
{
  g_return_val_if_fail (VJ_IS_FOLLOWUP_PAGE (self), 0);
  g_return_val_if_fail (bucket < VJ_FOLLOW_UP_N_BUCKETS, 0);
  return self->counts[bucket];
}
