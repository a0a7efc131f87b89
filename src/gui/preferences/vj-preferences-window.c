#define G_LOG_DOMAIN "vj-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-backups-group.h"
#include "vj-db-settings.h"
#include "vj-preferences-window.h"
#include "vj-reference.h"
#include "vj-text.h"

/* Preferences: the counsellor's name, the defaults for new sessions, the retention period,
 * refreshing subscriptions at start and how many backups to keep — and the backups themselves,
 * to restore one (VjBackupsGroup; the application does the restore). The settings the data depends on, so they live in the
 * database (DESIGN.md): read when the window opens, written through the database's writer
 * thread as they change. "setting-changed" tells the rest of the app the new value at once, so
 * it need not read the database before the write is done. */

#define SAVE_NAME_DELAY_MS 500

typedef struct
{
  const char *code;
  const char *name;   /* translatable */
} Service;

static const Service services[] = {
  { "kui", N_("Youth guidance (KUI)") },
  { "studievalg", N_("Studievalg") },
  { "veu", N_("Adult education (VEU)") },
};

struct _VjPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkEntry             *name_entry;
  AdwComboRow          *municipality_row;
  AdwComboRow          *service_row;
  GtkSpinButton        *retention_spin;
  GtkSwitch            *refresh_switch;
  GtkSpinButton        *keep_spin;
  VjBackupsGroup       *backups_group;

  VjDb                 *db;
  GArray               *municipality_codes;  /* int, as in municipality_row; 0: not set */
  guint                 save_name_id;
  gboolean              loading;
};

enum {
  PROP_0,
  PROP_DB,
  N_PROPS
};

enum {
  SIGNAL_SETTING_CHANGED,
  SIGNAL_RESTORE_BACKUP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjPreferencesWindow, vj_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The answer from the writer thread; the window may be gone by then (a weak pointer). */
typedef struct
{
  VjPreferencesWindow *self;
  char                *key;
} SaveData;

static void
setting_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_set_setting_finish (VJ_DB (object), result, &error))
    {
      g_warning ("Could not save %s: %s", data->key, error->message);
      if (data->self != NULL)
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (data->self),
                                          adw_toast_new (_("The setting could not be saved.")));
    }
  g_clear_weak_pointer (&data->self);
  g_free (data->key);
  g_free (data);
}

/* Saved even when the window closes before the writer is done. */
static void
save_setting (VjPreferencesWindow *self,
              const char          *key,
              const char          *value)
{
  SaveData *data;

  g_assert (VJ_IS_PREFERENCES_WINDOW (self));

  if (self->db == NULL || self->loading)
    return;
  data = g_new0 (SaveData, 1);
  g_set_weak_pointer (&data->self, self);
  data->key = g_strdup (key);
  vj_db_set_setting_async (self->db, key, value, NULL, setting_saved_cb, data);
  g_signal_emit (self, signals[SIGNAL_SETTING_CHANGED], 0, key, value);
}

static void
save_name_now (VjPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  g_clear_handle_id (&self->save_name_id, g_source_remove);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  save_setting (self, VJ_SETTING_COUNSELLOR_NAME, name);
}

static gboolean
save_name_timeout_cb (gpointer user_data)
{
  VjPreferencesWindow *self = user_data;

  self->save_name_id = 0;
  save_name_now (self);
  return G_SOURCE_REMOVE;
}

static void
name_changed_cb (VjPreferencesWindow *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_name_id, g_source_remove);
  self->save_name_id = g_timeout_add (SAVE_NAME_DELAY_MS, save_name_timeout_cb, self);
}

static void
name_activate_cb (VjPreferencesWindow *self)
{
  if (self->save_name_id != 0)
    save_name_now (self);
}

static void
municipality_changed_cb (VjPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->municipality_row);
  g_autofree char *value = NULL;

  if (self->municipality_codes == NULL || selected >= self->municipality_codes->len)
    return;
  if (selected > 0)
    value = g_strdup_printf ("%d", g_array_index (self->municipality_codes, int, selected));
  save_setting (self, VJ_SETTING_DEFAULT_MUNICIPALITY, value);
}

static void
service_changed_cb (VjPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->service_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected > G_N_ELEMENTS (services))
    return;
  save_setting (self, VJ_SETTING_DEFAULT_SERVICE,
                selected == 0 ? NULL : services[selected - 1].code);
}

static void
retention_changed_cb (VjPreferencesWindow *self)
{
  g_autofree char *value =
    g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->retention_spin));

  save_setting (self, VJ_SETTING_RETENTION_YEARS, value);
}

static void
refresh_changed_cb (VjPreferencesWindow *self)
{
  save_setting (self, VJ_SETTING_REFRESH_AT_START,
                gtk_switch_get_active (self->refresh_switch) ? "true" : "false");
}

static void
keep_changed_cb (VjPreferencesWindow *self)
{
  g_autofree char *value =
    g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->keep_spin));

  save_setting (self, VJ_SETTING_BACKUPS_KEEP, value);
}

static void
restore_requested_cb (VjPreferencesWindow *self,
                      const char          *id)
{
  vj_preferences_window_flush (self);
  g_signal_emit (self, signals[SIGNAL_RESTORE_BACKUP], 0, id);
}

typedef struct
{
  int   code;
  char *sort_key;
} MunicipalityKey;

static int
compare_municipality_keys (gconstpointer a,
                           gconstpointer b)
{
  return vj_municipality_compare (((const MunicipalityKey *) a)->code,
                                  ((const MunicipalityKey *) b)->code);
}

/* "Not set", then the region's 17 municipalities and the others, each in Danish order */
static void
fill_municipalities (VjPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (MunicipalityKey));
  const VjMunicipality *municipalities;
  guint n = 0;
  int none = 0;

  municipalities = vj_municipalities (&n);
  for (guint i = 0; i < n; i++)
    {
      MunicipalityKey key = { municipalities[i].code,
                              vj_text_sort_key (municipalities[i].name) };
      g_array_append_val (keys, key);
    }
  g_array_sort (keys, compare_municipality_keys);

  self->municipality_codes = g_array_sized_new (FALSE, FALSE, sizeof (int), n + 1);
  gtk_string_list_append (model, _("Not set"));
  g_array_append_val (self->municipality_codes, none);
  for (guint i = 0; i < keys->len; i++)
    {
      MunicipalityKey *key = &g_array_index (keys, MunicipalityKey, i);

      gtk_string_list_append (model, vj_municipality_lookup (key->code)->name);
      g_array_append_val (self->municipality_codes, key->code);
      g_free (key->sort_key);
    }
  adw_combo_row_set_model (self->municipality_row, G_LIST_MODEL (model));
}

static void
fill_services (VjPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("Not set"));
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    gtk_string_list_append (model, g_dgettext (GETTEXT_PACKAGE, services[i].name));
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (model));
}

static guint
municipality_position (VjPreferencesWindow *self,
                       const char          *value)
{
  int code = value != NULL ? vj_municipality_parse_code (value) : 0;

  for (guint i = 1; code > 0 && i < self->municipality_codes->len; i++)
    if (g_array_index (self->municipality_codes, int, i) == code)
      return i;
  return 0;
}

static guint
service_position (const char *value)
{
  for (guint i = 0; value != NULL && i < G_N_ELEMENTS (services); i++)
    if (g_strcmp0 (services[i].code, value) == 0)
      return i + 1;
  return 0;
}

static int
parse_number (const char *value,
              int         min,
              int         max,
              int         fallback)
{
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    return fallback;
  return (int) number;
}

static void
load_settings (VjPreferencesWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *municipality = NULL;
  g_autofree char *service = NULL;
  g_autofree char *retention = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *keep = NULL;

  if (self->db == NULL)
    return;

  name = vj_db_get_setting (self->db, VJ_SETTING_COUNSELLOR_NAME);
  municipality = vj_db_get_setting (self->db, VJ_SETTING_DEFAULT_MUNICIPALITY);
  service = vj_db_get_setting (self->db, VJ_SETTING_DEFAULT_SERVICE);
  retention = vj_db_get_setting (self->db, VJ_SETTING_RETENTION_YEARS);
  refresh = vj_db_get_setting (self->db, VJ_SETTING_REFRESH_AT_START);
  keep = vj_db_get_setting (self->db, VJ_SETTING_BACKUPS_KEEP);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
  adw_combo_row_set_selected (self->municipality_row, municipality_position (self, municipality));
  adw_combo_row_set_selected (self->service_row, service_position (service));
  gtk_spin_button_set_value (self->retention_spin,
                             parse_number (retention, VJ_RETENTION_YEARS_MIN,
                                           VJ_RETENTION_YEARS_MAX, VJ_RETENTION_YEARS_DEFAULT));
  gtk_spin_button_set_value (self->keep_spin,
                             parse_number (keep, VJ_BACKUPS_KEEP_MIN, VJ_BACKUPS_KEEP_MAX,
                                           VJ_BACKUPS_KEEP_DEFAULT));
  gtk_switch_set_active (self->refresh_switch, g_strcmp0 (refresh, "true") == 0);
  self->loading = FALSE;
}

static gboolean
vj_preferences_window_close_request (GtkWindow *window)
{
  vj_preferences_window_flush (VJ_PREFERENCES_WINDOW (window));
  return GTK_WINDOW_CLASS (vj_preferences_window_parent_class)->close_request (window);
}

static void
vj_preferences_window_constructed (GObject *object)
{
  VjPreferencesWindow *self = VJ_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (vj_preferences_window_parent_class)->constructed (object);
  load_settings (self);
  if (self->db != NULL)
    vj_backups_group_set_db_path (self->backups_group, vj_db_get_path (self->db));
}

static void
vj_preferences_window_dispose (GObject *object)
{
  VjPreferencesWindow *self = VJ_PREFERENCES_WINDOW (object);

  /* A name still waiting to be saved when the window goes without being closed */
  if (self->save_name_id != 0)
    save_name_now (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_preferences_window_parent_class)->dispose (object);
}

static void
vj_preferences_window_finalize (GObject *object)
{
  VjPreferencesWindow *self = VJ_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->municipality_codes, g_array_unref);

  G_OBJECT_CLASS (vj_preferences_window_parent_class)->finalize (object);
}

static void
vj_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VjPreferencesWindow *self = VJ_PREFERENCES_WINDOW (object);

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
vj_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VjPreferencesWindow *self = VJ_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_set_object (&self->db, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_preferences_window_class_init (VjPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vj_preferences_window_constructed;
  object_class->dispose = vj_preferences_window_dispose;
  object_class->finalize = vj_preferences_window_finalize;
  object_class->get_property = vj_preferences_window_get_property;
  object_class->set_property = vj_preferences_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = vj_preferences_window_close_request;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VjPreferencesWindow::setting-changed:
   * @key: the setting's key (vj-db-settings.h)
   * @value: (nullable): its new value, NULL when it was unset
   *
   * A setting changed; it is on its way to the database.
   */
  signals[SIGNAL_SETTING_CHANGED] =
    g_signal_new ("setting-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * VjPreferencesWindow::restore-backup:
   * @id: the backup's id (VjBackup)
   *
   * The counsellor confirmed restoring this backup; the application closes the database,
   * restores it and opens it again.
   */
  signals[SIGNAL_RESTORE_BACKUP] =
    g_signal_new ("restore-backup", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (VJ_TYPE_BACKUPS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, municipality_row);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, service_row);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, VjPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, municipality_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retention_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_requested_cb);
}

static void
vj_preferences_window_init (VjPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_municipalities (self);
  fill_services (self);
  self->loading = FALSE;

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * vj_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @db: where the settings are kept
 */
GtkWidget *
vj_preferences_window_new (GtkWindow *parent,
                           VjDb      *db)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  return g_object_new (VJ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "db", db,
                       NULL);
}

VjDb *
vj_preferences_window_get_db (VjPreferencesWindow *self)
{
  g_return_val_if_fail (VJ_IS_PREFERENCES_WINDOW (self), NULL);
  return self->db;
}

/**
 * vj_preferences_window_flush:
 *
 * Saves a name still being typed now rather than after the pause.
 */
void
vj_preferences_window_flush (VjPreferencesWindow *self)
{
  g_return_if_fail (VJ_IS_PREFERENCES_WINDOW (self));

  if (self->save_name_id != 0)
    save_name_now (self);
}
