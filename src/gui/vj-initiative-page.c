#define G_LOG_DOMAIN "vj-initiative-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-detail.h"
#include "vj-initiative-page.h"
#include "vj-reference.h"

/* One initiative or track: description, period, owner, goals, actors and its programmes. */

struct _VjInitiativePage
{
  GtkWidget     parent_instance;

  GtkBox       *content_box;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkButton    *programmes_button;

  VjInitiative *initiative;
};

enum {
  SIGNAL_PROGRAMME_ACTIVATED,
  SIGNAL_INITIATIVE_ACTIVATED,
  SIGNAL_SHOW_PROGRAMMES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjInitiativePage, vj_initiative_page, GTK_TYPE_WIDGET)

static void
link_row_activated_cb (AdwActionRow     *row,
                       VjInitiativePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "target-id"));
  guint signal = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "target-signal"));

  g_signal_emit (self, signals[signal], 0, id);
}

static void
show_programmes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (widget);

  g_signal_emit (self, signals[SIGNAL_SHOW_PROGRAMMES], 0, vj_initiative_get_id (self->initiative));
}

static void
add_nav_row (VjInitiativePage    *self,
             AdwPreferencesGroup *group,
             const char          *title,
             const char          *subtitle,
             gint64               id,
             guint                signal)
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
  g_object_set_data (G_OBJECT (row), "target-signal", GUINT_TO_POINTER (signal));
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
                   vj_initiative_get_id (part), SIGNAL_INITIATIVE_ACTIVATED);
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
                       SIGNAL_PROGRAMME_ACTIVATED);
        }
    }
}

static void
vj_initiative_page_dispose (GObject *object)
{
  VjInitiativePage *self = VJ_INITIATIVE_PAGE (object);

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

  signals[SIGNAL_PROGRAMME_ACTIVATED] =
    g_signal_new ("programme-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_INITIATIVE_ACTIVATED] =
    g_signal_new ("initiative-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_SHOW_PROGRAMMES] =
    g_signal_new ("show-programmes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-initiative-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativePage, programmes_button);
  gtk_widget_class_install_action (widget_class, "initiative.show-programmes", NULL,
                                   show_programmes_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_initiative_page_init (VjInitiativePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
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
