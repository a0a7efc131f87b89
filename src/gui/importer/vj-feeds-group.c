#define G_LOG_DOMAIN "vj-feeds-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-feeds.h"
#include "vj-db-settings.h"
#include "vj-feeds-group.h"
#include "vj-import-rows-private.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* The Import page's subscriptions: saved feeds, each with Fetch now and Remove (with Undo), Add,
 * Refresh All and Refresh at Start. Fetching is the page's: the group asks for it with the
 * page's "import.fetch" action (vj-import-page.c). */

struct _VjFeedsGroup
{
  AdwPreferencesGroup  parent_instance;

  GtkButton           *refresh_all_button;
  GtkSwitch           *refresh_at_start_switch;
  GtkEntry            *feed_name_entry;
  GtkEntry            *feed_url_entry;
  GtkListBox          *feeds_list;

  VjDb                *db;
  gboolean             busy;
  gboolean             has_feeds;
  gboolean             loading_settings;
};

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjFeedsGroup, vj_feeds_group, ADW_TYPE_PREFERENCES_GROUP)

static void
fetch (VjFeedsGroup *self,
       const char   *url)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "import.fetch", "s", url);
}

static void
add_feed_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VjFeedsGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_feed_write_finish (VJ_DB (object), result, &error))
    {
      vj_widget_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->feed_name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_url_entry), "");
  vj_feeds_group_reload (self);
}

static void
add_feed_cb (VjFeedsGroup *self)
{
  g_autofree char *name = _vj_import_entry_text (self->feed_name_entry);
  g_autofree char *url = _vj_import_entry_text (self->feed_url_entry);

  if (self->db == NULL)
    return;
  vj_db_add_feed_async (self->db, name, url, NULL, add_feed_done_cb, g_object_ref (self));
}

/**
 * vj_feeds_group_refresh_all:
 *
 * Fetches every subscription, one after the other.
 */
void
vj_feeds_group_refresh_all (VjFeedsGroup *self)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_if_fail (VJ_IS_FEEDS_GROUP (self));

  if (self->db == NULL || (feeds = vj_db_list_feeds (self->db, NULL)) == NULL)
    return;
  for (guint i = 0; i < feeds->len; i++)
    fetch (self, ((VjFeed *) g_ptr_array_index (feeds, i))->url);
}

static void
refresh_feed_clicked_cb (GtkButton    *button,
                         VjFeedsGroup *self)
{
  fetch (self, g_object_get_data (G_OBJECT (button), "url"));
}

/* A subscription removed, or brought back with Undo: the entries keep what is typed there */
static void
feed_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjFeedsGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_feed_write_finish (VJ_DB (object), result, &error))
    vj_widget_show_message (GTK_WIDGET (self), error->message);
  vj_feeds_group_reload (self);
}

/* Undo: the subscription saved again under its name and address (its history stays, by address) */
static void
undo_remove_cb (AdwToast     *toast,
                VjFeedsGroup *self)
{
  if (self->db == NULL)
    return;
  vj_db_add_feed_async (self->db, g_object_get_data (G_OBJECT (toast), "name"),
                        g_object_get_data (G_OBJECT (toast), "url"), NULL, feed_written_cb,
                        g_object_ref (self));
}

static void
remove_feed_clicked_cb (GtkButton    *button,
                        VjFeedsGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  /* Translators: %s is the name of a subscription (a toast's title is Pango markup) */
  g_autofree char *title = g_markup_printf_escaped (_("The subscription “%s” was removed"), name);
  g_autoptr(AdwToast) toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (toast), "url",
                          g_strdup (g_object_get_data (G_OBJECT (button), "url")), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  vj_db_remove_feed_async (self->db, name, NULL, feed_written_cb, g_object_ref (self));
  vj_widget_add_toast (GTK_WIDGET (self), g_steal_pointer (&toast));
}

static void
update_refresh_all (VjFeedsGroup *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_all_button),
                            self->has_feeds && !self->busy);
}

/**
 * vj_feeds_group_reload:
 *
 * Shows the saved subscriptions again, from the database.
 */
void
vj_feeds_group_reload (VjFeedsGroup *self)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_if_fail (VJ_IS_FEEDS_GROUP (self));

  _vj_import_clear_list (self->feeds_list);
  if (self->db == NULL)
    return;
  feeds = vj_db_list_feeds (self->db, NULL);
  self->has_feeds = feeds != NULL && feeds->len > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->feeds_list), self->has_feeds);
  update_refresh_all (self);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      VjFeed *feed = g_ptr_array_index (feeds, i);
      g_autofree char *when = vj_text_format_date (feed->last_finished_at);
      g_autofree char *subtitle = NULL;
      g_autofree char *refresh_label = NULL;
      g_autofree char *remove_label = NULL;
      GtkWidget *row, *refresh, *remove;

      if (feed->last_status != NULL)
        subtitle = g_strdup_printf ("%s\n%s · %s", feed->url, when != NULL ? when : "",
                                    _vj_import_status_label (feed->last_status));
      else
        subtitle = g_strdup_printf ("%s\n%s", feed->url, _("Never fetched"));
      row = _vj_import_text_row (feed->name, subtitle);

      /* Translators: %s is the name of a subscription */
      refresh_label = g_strdup_printf (_("Fetch %s now"), feed->name);
      refresh = _vj_import_icon_button ("view-refresh-symbolic", refresh_label);
      g_object_set_data_full (G_OBJECT (refresh), "url", g_strdup (feed->url), g_free);
      g_signal_connect (refresh, "clicked", G_CALLBACK (refresh_feed_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), refresh);

      /* Translators: %s is the name of a subscription */
      remove_label = g_strdup_printf (_("Remove %s"), feed->name);
      remove = _vj_import_icon_button ("user-trash-symbolic", remove_label);
      g_object_set_data_full (G_OBJECT (remove), "name", g_strdup (feed->name), g_free);
      g_object_set_data_full (G_OBJECT (remove), "url", g_strdup (feed->url), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_feed_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      gtk_list_box_append (self->feeds_list, row);
    }
}

/* While an import runs, Refresh All waits (Fetch now queues behind it) */
void
vj_feeds_group_set_busy (VjFeedsGroup *self,
                         gboolean      busy)
{
  g_return_if_fail (VJ_IS_FEEDS_GROUP (self));

  self->busy = busy;
  update_refresh_all (self);
}

static void
setting_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vj_db_set_setting_finish (VJ_DB (object), result, &error))
    g_warning ("Could not save a setting: %s", error->message);
}

static void
refresh_at_start_cb (VjFeedsGroup *self)
{
  if (self->db == NULL || self->loading_settings)
    return;
  vj_db_set_setting_async (self->db, VJ_SETTING_REFRESH_AT_START,
                           gtk_switch_get_active (self->refresh_at_start_switch) ? "true"
                                                                                  : "false",
                           NULL, setting_saved_cb, NULL);
}

/**
 * vj_feeds_group_apply_setting:
 * @key: a setting's key (vj-db-settings.h)
 * @value: (nullable): its value
 *
 * Shows a setting that changed elsewhere (Preferences); saves nothing.
 */
void
vj_feeds_group_apply_setting (VjFeedsGroup *self,
                              const char   *key,
                              const char   *value)
{
  g_return_if_fail (VJ_IS_FEEDS_GROUP (self));
  g_return_if_fail (key != NULL);

  if (g_strcmp0 (key, VJ_SETTING_REFRESH_AT_START) != 0)
    return;
  self->loading_settings = TRUE;
  gtk_switch_set_active (self->refresh_at_start_switch, g_strcmp0 (value, "true") == 0);
  self->loading_settings = FALSE;
}

static void
refresh_all_cb (VjFeedsGroup *self)
{
  vj_feeds_group_refresh_all (self);
}

/* Set once, by the page: the subscriptions are shown, and fetched if the setting says so */
static void
set_db (VjFeedsGroup *self,
        VjDb         *db)
{
  g_autofree char *refresh = NULL;

  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  refresh = vj_db_get_setting (db, VJ_SETTING_REFRESH_AT_START);
  vj_feeds_group_apply_setting (self, VJ_SETTING_REFRESH_AT_START, refresh);
  vj_feeds_group_reload (self);
  if (g_strcmp0 (refresh, "true") == 0)
    vj_feeds_group_refresh_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}

static void
vj_feeds_group_dispose (GObject *object)
{
  VjFeedsGroup *self = VJ_FEEDS_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_FEEDS_GROUP);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_feeds_group_parent_class)->dispose (object);
}

static void
vj_feeds_group_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VjFeedsGroup *self = VJ_FEEDS_GROUP (object);

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
vj_feeds_group_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VjFeedsGroup *self = VJ_FEEDS_GROUP (object);

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
vj_feeds_group_class_init (VjFeedsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_feeds_group_dispose;
  object_class->get_property = vj_feeds_group_get_property;
  object_class->set_property = vj_feeds_group_set_property;

  /**
   * VjFeedsGroup:db:
   *
   * The database whose subscriptions are shown; set once.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-feeds-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VjFeedsGroup, refresh_all_button);
  gtk_widget_class_bind_template_child (widget_class, VjFeedsGroup, refresh_at_start_switch);
  gtk_widget_class_bind_template_child (widget_class, VjFeedsGroup, feed_name_entry);
  gtk_widget_class_bind_template_child (widget_class, VjFeedsGroup, feed_url_entry);
  gtk_widget_class_bind_template_child (widget_class, VjFeedsGroup, feeds_list);
  gtk_widget_class_bind_template_callback (widget_class, add_feed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_at_start_cb);
}

static void
vj_feeds_group_init (VjFeedsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_refresh_all (self);
}
