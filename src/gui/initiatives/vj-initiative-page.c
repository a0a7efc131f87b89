#define G_LOG_DOMAIN "vj-initiative-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives.h"
#include "vj-detail.h"
#include "vj-initiative-editor.h"
#include "vj-initiative-page.h"
#include "vj-navigator.h"
#include "vj-reference.h"
#include "vj-widget-util.h"

/* One initiative or track: description, period, owner, goals, actors and its programmes. */

struct _VjInitiativePage
{
  GtkWidget     parent_instance;

  GtkBox       *content_box;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkButton    *programmes_button;
  GtkWidget    *actions_box;
  GtkButton    *reset_button;

  VjDb         *db;
  VjInitiative *initiative;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (VjInitiativePage, vj_initiative_page, GTK_TYPE_WIDGET)

static void
link_row_activated_cb (AdwActionRow     *row,
                       VjInitiativePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "target-id"));
  const char *action = g_object_get_data (G_OBJECT (row), "target-action");

  gtk_widget_activate_action (GTK_WIDGET (self), action, "x", id);
}

static void
show_programmes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);

  gtk_widget_activate_action (widget, "win.show-initiative-programmes", "x",
                              vj_initiative_get_id (self->initiative));
}

static void
add_nav_row (VjInitiativePage    *self,
             AdwPreferencesGroup *group,
             const char          *title,
             const char          *subtitle,
             gint64               id,
             const char          *action)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "target-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (row), "target-action", (gpointer) action);
  g_signal_connect (row, "activated", G_CALLBACK (link_row_activated_cb), self);
  adw_preferences_group_add (group, row);
}

static void
add_goals_and_actors (VjInitiativePage *self,
                      VjDb             *db)
{
  gint64 id = vj_initiative_get_id (self->initiative);
  g_autoptr(GPtrArray) goals = vj_db_list_initiative_goals (db, id, NULL);
  g_autoptr(GPtrArray) actors = vj_db_list_initiative_actors (db, id, NULL);
  AdwPreferencesGroup *group;

  if (goals != NULL && goals->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Goals"), NULL));
      for (guint i = 0; i < goals->len; i++)
        {
          char **goal = g_ptr_array_index (goals, i);
          GtkWidget *row = vj_detail_add_row (group, goal[0], goal[1][0] != '\0' ? goal[1] : NULL);

          if (row == NULL)
            {
              row = adw_action_row_new ();
              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), goal[0]);
              adw_preferences_group_add (group, row);
            }
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
        }
    }

  if (actors != NULL && actors->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Actors"), NULL));
      for (guint i = 0; i < actors->len; i++)
        {
          char **actor = g_ptr_array_index (actors, i);
          g_autoptr(GString) details = g_string_new (NULL);

          /* role, address, phone, e-mail */
          for (guint k = 1; k <= 4; k++)
            if (actor[k][0] != '\0')
              g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", actor[k]);
          vj_detail_add_link_row (group, actor[0], details->len > 0 ? details->str : NULL,
                                  actor[5][0] != '\0' ? actor[5] : NULL);
        }
    }
}

/* The institutions and municipalities it links to */
static void
add_institutions_and_municipalities (VjInitiativePage *self,
                                     VjDb             *db)
{
  gint64 id = vj_initiative_get_id (self->initiative);
  g_autoptr(GPtrArray) institutions = vj_db_list_initiative_links (db, id,
                                                                   VJ_INITIATIVE_LINK_INSTITUTION,
                                                                   NULL);
  g_autoptr(GPtrArray) municipalities = vj_db_list_initiative_links (
    db, id, VJ_INITIATIVE_LINK_MUNICIPALITY, NULL);

  if (institutions != NULL && institutions->len > 0)
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (
        vj_detail_add_group (self->content_box, _("Institutions"), NULL));

      for (guint i = 0; i < institutions->len; i++)
        {
          char **row = g_ptr_array_index (institutions, i);

          add_nav_row (self, group, row[2], NULL, g_ascii_strtoll (row[0], NULL, 10),
                       "win.open-institution");
        }
    }
  if (municipalities != NULL && municipalities->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < municipalities->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                ((char **) g_ptr_array_index (municipalities, i))[2]);
      vj_detail_add_paragraph (self->content_box, _("Municipalities"), names->str);
    }
}

static void
populate (VjInitiativePage *self,
          VjDb             *db,
          GPtrArray        *all)
{
  VjInitiative *initiative = self->initiative;
  gint64 id = vj_initiative_get_id (initiative);
  g_autofree char *period = vj_initiative_dup_period (initiative);
  g_autoptr(GString) subtitle = g_string_new (vj_initiative_kind_name (
    vj_initiative_get (initiative, VJ_INITIATIVE_KIND)));
  g_autoptr(GPtrArray) programmes = NULL;
  AdwPreferencesGroup *group = NULL;

  gtk_label_set_label (self->title_label, vj_initiative_get (initiative, VJ_INITIATIVE_TITLE));
  gtk_widget_set_visible (GTK_WIDGET (self->reset_button),
                          vj_db_initiative_has_overlay (db, id));
  if (period != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", period);
  gtk_label_set_label (self->subtitle_label, subtitle->str);

  vj_detail_add_paragraph (self->content_box, NULL,
                           vj_initiative_get (initiative, VJ_INITIATIVE_DESCRIPTION));
  vj_detail_add_paragraph (self->content_box, _("Inferred"),
                           vj_initiative_get (initiative, VJ_INITIATIVE_INFERRED));

  group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("About"), NULL));
  vj_detail_add_row (group, _("Owner"), vj_initiative_get (initiative, VJ_INITIATIVE_OWNER));
  if (vj_initiative_get (initiative, VJ_INITIATIVE_SOURCE_URL) != NULL)
    vj_detail_add_link_row (group, _("Source"),
                            vj_initiative_get (initiative, VJ_INITIATIVE_SOURCE_URL),
                            vj_initiative_get (initiative, VJ_INITIATIVE_SOURCE_URL));

  /* Its parts: the tracks of an initiative, the action plans of a track */
  group = NULL;
  for (guint i = 0; i < all->len; i++)
    {
      VjInitiative *part = g_ptr_array_index (all, i);

      if (vj_initiative_get_parent_id (part) != id)
        continue;
      if (group == NULL)
        group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Parts"), NULL));
      add_nav_row (self, group, vj_initiative_get (part, VJ_INITIATIVE_TITLE),
                   vj_initiative_kind_name (vj_initiative_get (part, VJ_INITIATIVE_KIND)),
                   vj_initiative_get_id (part), "win.open-initiative");
    }

  add_goals_and_actors (self, db);

  programmes = vj_db_list_initiative_programmes (db, id, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->programmes_button),
                          group != NULL || (programmes != NULL && programmes->len > 0));
  if (programmes != NULL && programmes->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Programmes"),
                                                          NULL));
      for (guint i = 0; i < programmes->len; i++)
        {
          char **row = g_ptr_array_index (programmes, i);

          add_nav_row (self, group, row[1], NULL, g_ascii_strtoll (row[0], NULL, 10),
                       "win.open-programme");
        }
    }

  add_institutions_and_municipalities (self, db);
}

/* ----- editing ----- */

typedef struct
{
  VjDb      *db;
  gint64     id;
  GtkWidget *window;     /* weak */
  GtkWidget *overlay;    /* weak: the window's toast overlay */
  gboolean   undone;
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_weak_pointer (&deleted->window);
  g_clear_weak_pointer (&deleted->overlay);
  g_object_unref (deleted->db);
  g_free (deleted);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Deleted *deleted = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_delete_initiative_finish (VJ_DB (object), result, &error))
    g_warning ("Could not undo deleting an initiative: %s", error->message);
  vj_db_notify_changed (deleted->db, "catalogue");
  deleted_free (deleted);
}

/* Undo: the initiative back as it was. */
static void
undo_clicked_cb (AdwToast *toast,
                 Deleted  *deleted)
{
  Deleted *undo;

  if (deleted->undone)
    return;
  deleted->undone = TRUE;
  undo = g_new0 (Deleted, 1);
  undo->db = g_object_ref (deleted->db);
  undo->id = deleted->id;
  g_set_weak_pointer (&undo->window, deleted->window);
  vj_db_delete_initiative_async (undo->db, undo->id, FALSE, NULL, undone_cb, undo);
}

static gboolean
complete_delete_cb (gpointer user_data)
{
  Deleted *deleted = g_object_get_data (user_data, "deleted");

  if (!deleted->undone)
    vj_db_purge_deleted_initiatives_async (deleted->db, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* The toast is gone without Undo: the delete is completed for good. Checked once the click
 * that may have dismissed it has been handled too. */
static void
toast_dismissed_cb (AdwToast *toast,
                    Deleted  *deleted)
{
  g_idle_add_full (G_PRIORITY_LOW, complete_delete_cb, g_object_ref (toast), g_object_unref);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Deleted *deleted = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (!vj_db_delete_initiative_finish (VJ_DB (object), result, &error) ||
      deleted->window == NULL)
    {
      if (error != NULL)
        g_warning ("Could not delete an initiative: %s", error->message);
      deleted_free (deleted);
      return;
    }
  gtk_widget_activate_action (deleted->window, "win.back", NULL);
  vj_db_notify_changed (deleted->db, "catalogue");
  toast = adw_toast_new (_("Initiative deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* The toast owns what its Undo needs */
  g_object_set_data_full (G_OBJECT (toast), "deleted", deleted, (GDestroyNotify) deleted_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), deleted);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), deleted);
  overlay = deleted->overlay;
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      toast_dismissed_cb (toast, deleted);
      g_object_unref (toast);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);
  Deleted *deleted = g_new0 (Deleted, 1);

  deleted->db = g_object_ref (self->db);
  deleted->id = vj_initiative_get_id (self->initiative);
  g_set_weak_pointer (&deleted->window, GTK_WIDGET (gtk_widget_get_root (widget)));
  g_set_weak_pointer (&deleted->overlay, gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY));
  vj_db_delete_initiative_async (self->db, deleted->id, TRUE, NULL, deleted_cb, deleted);
}

static void refresh (VjInitiativePage *self);

static void
saved_cb (VjInitiativePage *self,
          gint64            id)
{
  refresh (self);
  vj_db_notify_changed (self->db, "catalogue");
}

static void
open_editor (VjInitiativePage *self,
             gint64            id,
             gint64            parent_id)
{
  GtkWidget *editor = vj_initiative_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                self->db, id, parent_id);

  g_signal_connect_object (editor, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);

  open_editor (self, vj_initiative_get_id (self->initiative), 0);
}

static void
add_part_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);

  open_editor (self, 0, vj_initiative_get_id (self->initiative));
}

static void
reset_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VjInitiativePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_reset_initiative_finish (VJ_DB (object), result, &error))
    {
      g_warning ("Could not reset an initiative: %s", error->message);
      return;
    }
  saved_cb (self, vj_initiative_get_id (self->initiative));
}

static void
reset_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VjInitiativePage *self)
{
  if (g_strcmp0 (response, "reset") == 0)
    vj_db_reset_initiative_async (self->db, vj_initiative_get_id (self->initiative),
                                  self->cancellable, reset_done_cb, g_object_ref (self));
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              _("Reset to Built-in?"),
                                              _("The changes made in Vejviser to this initiative "
                                                "are removed, and it reads as its catalogue says."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "reset", _("_Reset"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ----- GObject ----- */

static void
vj_initiative_page_dispose (GObject *object)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INITIATIVE_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->initiative);

  G_OBJECT_CLASS (vj_initiative_page_parent_class)->dispose (object);
}

static void
vj_initiative_page_class_init (VjInitiativePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_initiative_page_dispose;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-initiative-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, programmes_button);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, reset_button);
  gtk_widget_class_install_action (widget_class, "initiative.show-programmes", NULL,
                                   show_programmes_action);
  gtk_widget_class_install_action (widget_class, "initiative.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "initiative.add-part", NULL, add_part_action);
  gtk_widget_class_install_action (widget_class, "initiative.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "initiative.reset", NULL, reset_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_initiative_page_init (VjInitiativePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  self->cancellable = g_cancellable_new ();
}

static void
refresh_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjInitiativePage) self = user_data;
  g_autoptr(GPtrArray) all = vj_db_list_initiatives_finish (VJ_DB (object), result, NULL);
  GtkWidget *child;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  while ((child = gtk_widget_get_next_sibling (self->actions_box)) != NULL)
    gtk_box_remove (self->content_box, child);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      VjInitiative *initiative = g_ptr_array_index (all, i);

      if (vj_initiative_get_id (initiative) != vj_initiative_get_id (self->initiative))
        continue;
      g_set_object (&self->initiative, initiative);
      populate (self, self->db, all);
      {
        GtkWidget *navigator = gtk_widget_get_ancestor (GTK_WIDGET (self), VJ_TYPE_NAVIGATOR);

        if (navigator != NULL)
          vj_navigator_set_page_title (VJ_NAVIGATOR (navigator), GTK_WIDGET (self),
                                       vj_initiative_get (initiative, VJ_INITIATIVE_TITLE));
      }
    }
}

/* After an edit: the page again, from the database, read in a worker */
static void
refresh (VjInitiativePage *self)
{
  vj_db_list_initiatives_async (self->db, 0, self->cancellable, refresh_read_cb,
                                g_object_ref (self));
}

/**
 * vj_initiative_page_new:
 *
 * Returns: (nullable): the page, or %NULL when the initiative is not in the catalogue
 */
GtkWidget *
vj_initiative_page_new (VjDb   *db,
                        gint64  initiative_id)
{
  g_autoptr(GPtrArray) all = vj_db_list_initiatives (db, 0, NULL);
  VjInitiativePage *self;

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      VjInitiative *initiative = g_ptr_array_index (all, i);

      if (vj_initiative_get_id (initiative) != initiative_id)
        continue;
      self = g_object_new (VJ_TYPE_INITIATIVE_PAGE, NULL);
      self->db = g_object_ref (db);
      self->initiative = g_object_ref (initiative);
      populate (self, db, all);
      return GTK_WIDGET (self);
    }
  return NULL;
}

const char *
vj_initiative_page_get_title (VjInitiativePage *self)
{
  g_return_val_if_fail (VJ_IS_INITIATIVE_PAGE (self), NULL);
  return vj_initiative_get (self->initiative, VJ_INITIATIVE_TITLE);
}
