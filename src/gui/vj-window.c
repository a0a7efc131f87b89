#define G_LOG_DOMAIN "vj-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-followup-page.h"
#include "vj-import-page.h"
#include "vj-initiatives-page.h"
#include "vj-institutions-page.h"
#include "vj-navigator.h"
#include "vj-programmes-page.h"
#include "vj-sessions-page.h"
#include "vj-stats-page.h"
#include "vj-window.h"
#include "vj-window-private.h"
#include "vj-widget-util.h"

/* The main window: the sections in a sidebar beside the content, in an AdwLeaflet so it folds
 * on narrow windows; the content is a navigator with history. */

/* Each section's page has a "db" property, set once the database is open; the page finds what
 * it opens through the window's actions (vj-window-actions.c). A start builds only the page it
 * shows (Uddannelser); the others are made when first shown or asked for, or else once the
 * catalogue is listed, so that what they read at start (a draft a crash left) still comes. */
typedef struct
{
  const char *id;
  const char *title;        /* translatable */
  const char *icon;
  GType     (*get_type) (void);
} Section;

static const Section sections[] = {
  { "programmes", N_("Programmes"), "accessories-dictionary-symbolic",
    vj_programmes_page_get_type },
  { "institutions", N_("Institutions"), "go-home-symbolic", vj_institutions_page_get_type },
  { "initiatives", N_("Initiatives"), "starred-symbolic", vj_initiatives_page_get_type },
  { "sessions", N_("Sessions"), "system-users-symbolic", vj_sessions_page_get_type },
  { "follow-up", N_("Follow-up"), "alarm-symbolic", vj_followup_page_get_type },
  { "statistics", N_("Statistics"), "x-office-spreadsheet-symbolic", vj_stats_page_get_type },
  { "import", N_("Import"), "document-open-symbolic", vj_import_page_get_type },
};


G_STATIC_ASSERT (G_N_ELEMENTS (sections) == VJ_WINDOW_N_SECTIONS);

G_DEFINE_FINAL_TYPE (VjWindow, vj_window, ADW_TYPE_APPLICATION_WINDOW)

guint
_vj_window_section_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].id, id) == 0)
      return i;
  return G_MAXUINT;
}

const char *
_vj_window_section_id (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sections), NULL);
  return sections[index].id;
}

static GtkWidget *
ensure_page (VjWindow *self,
             guint     index)
{
  if (self->pages[index] == NULL)
    {
      self->pages[index] = g_object_ref_sink (g_object_new (sections[index].get_type (), NULL));
      vj_widget_set_window (self->pages[index], GTK_WINDOW (self));
      if (self->db != NULL)
        g_object_set (self->pages[index], "db", self->db, NULL);
    }
  return self->pages[index];
}

/* The page of a section, e.g. "programmes", made if it was not yet */
GtkWidget *
_vj_window_page (VjWindow   *self,
                 const char *id)
{
  return ensure_page (self, _vj_window_section_index (id));
}

static gboolean
make_pages_idle (gpointer user_data)
{
  VjWindow *self = user_data;

  self->pages_idle = 0;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    ensure_page (self, i);
  return G_SOURCE_REMOVE;
}

/* The catalogue's first answer is in: the other pages follow when nothing else is waiting */
static void
catalogue_answered_cb (GObject    *model,
                       GParamSpec *pspec,
                       VjWindow   *self)
{
  gboolean loading = TRUE;

  g_object_get (model, "loading", &loading, NULL);
  if (loading)
    return;
  g_signal_handlers_disconnect_by_func (model, catalogue_answered_cb, self);
  if (self->pages_idle == 0)
    self->pages_idle = g_idle_add_full (G_PRIORITY_LOW, make_pages_idle, self, NULL);
}

static void
update_header (VjWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_window_title_set_title (self->window_title, vj_navigator_get_title (self->navigator));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          vj_navigator_get_can_pop (self->navigator) || folded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 vj_navigator_get_can_pop (self->navigator) || folded);
}

static void
navigator_changed_cb (VjWindow *self)
{
  update_header (self);
}

static void
folded_changed_cb (VjWindow *self)
{
  update_header (self);
}

static void
show_section_at (VjWindow *self,
                 guint     index)
{
  GtkListBoxRow *row;

  g_return_if_fail (index < G_N_ELEMENTS (sections));

  vj_navigator_reset (self->navigator, ensure_page (self, index),
                      g_dgettext (GETTEXT_PACKAGE, sections[index].title));
  row = gtk_list_box_get_row_at_index (self->sidebar_list, (int) index);
  if (gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
}

static void
section_selected_cb (VjWindow      *self,
                     GtkListBoxRow *row)
{
  if (row == NULL)
    return;
  show_section_at (self, (guint) gtk_list_box_row_get_index (row));
}

static void
section_activated_cb (VjWindow      *self,
                      GtkListBoxRow *row)
{
  show_section_at (self, (guint) gtk_list_box_row_get_index (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Window state lives in GSettings; without the schema installed it is simply not kept. */
static GSettings *
maybe_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  return schema != NULL ? g_settings_new (APPLICATION_ID) : NULL;
}

static gboolean
vj_window_close_request (GtkWindow *window)
{
  VjWindow *self = VJ_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (vj_window_parent_class)->close_request (window);
}

static void
vj_window_dispose (GObject *object)
{
  VjWindow *self = VJ_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->changes_timeout, g_source_remove);
  g_clear_handle_id (&self->pages_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_WINDOW);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_clear_object (&self->pages[i]);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->compare_ids, g_array_unref);

  G_OBJECT_CLASS (vj_window_parent_class)->dispose (object);
}

static void
vj_window_class_init (VjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = vj_window_close_request;

  g_type_ensure (VJ_TYPE_NAVIGATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VjWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, compare_content);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, content);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VjWindow, navigator);
  gtk_widget_class_bind_template_callback (widget_class, navigator_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_activated_cb);

  _vj_window_class_actions_init (widget_class);
}

static GtkWidget *
make_sidebar_row (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, section->title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  return row;
}

static void
vj_window_init (VjWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The main menu's tooltip never covers its first item */
  vj_widget_quiet_drop_down_tooltips (self->sidebar);

  self->cancellable = g_cancellable_new ();
  self->compare_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->settings = maybe_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_list_box_append (self->sidebar_list, make_sidebar_row (&sections[i]));

  show_section_at (self, 0);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_header (self);
}

VjWindow *
vj_window_new (GtkApplication *application)
{
  return g_object_new (VJ_TYPE_WINDOW, "application", application, NULL);
}

/* What another process (the CLI, a colleague's import into the same file) or another window
 * committed is read again when the window is focused, and every CHANGES_SECONDS */
#define CHANGES_SECONDS 10

static gboolean
check_changes_cb (gpointer data)
{
  VjWindow *self = data;

  vj_db_check_changes (self->db);
  return G_SOURCE_CONTINUE;
}

static void
active_changed_cb (VjWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->db != NULL)
    vj_db_check_changes (self->db);
}

/**
 * vj_window_set_db:
 *
 * Gives the window its database, once it is open and the built-in catalogue is in it.
 */
void
vj_window_set_db (VjWindow *self,
                  VjDb     *db)
{
  GListModel *model;

  g_return_if_fail (VJ_IS_WINDOW (self));
  g_return_if_fail (VJ_IS_DB (db));

  g_return_if_fail (self->db == NULL || self->db == db);

  /* What others changed before now is what the pages read first, not a change to read again */
  vj_db_check_changes (db);
  g_set_object (&self->db, db);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (self->pages[i] != NULL)
      g_object_set (self->pages[i], "db", db, NULL);
  model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (ensure_page (self, 0)));
  if (model != NULL)
    {
      g_signal_connect_object (model, "notify::loading", G_CALLBACK (catalogue_answered_cb),
                               self, 0);
      catalogue_answered_cb (G_OBJECT (model), NULL, self);
    }
  if (self->changes_timeout == 0)
    {
      self->changes_timeout = g_timeout_add_seconds (CHANGES_SECONDS, check_changes_cb, self);
      g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
    }
}

/* The database the window was given, or %NULL until it is */
VjDb *
vj_window_get_db (VjWindow *self)
{
  g_return_val_if_fail (VJ_IS_WINDOW (self), NULL);
  return self->db;
}

void
vj_window_set_loading_progress (VjWindow *self,
                                double    fraction)
{
  g_return_if_fail (VJ_IS_WINDOW (self));
  vj_programmes_page_set_progress (VJ_PROGRAMMES_PAGE (ensure_page (self, 0)), fraction);
}

/* A problem that leaves nothing to show, e.g. a database that cannot be opened. */
void
vj_window_show_error (VjWindow   *self,
                      const char *title,
                      const char *message)
{
  GtkWidget *page = adw_status_page_new ();

  g_return_if_fail (VJ_IS_WINDOW (self));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), message);
  vj_navigator_push (self->navigator, page, title);
}

/* A page of its own in place of the sections, e.g. a damaged database (VjDamagedPage). */
void
vj_window_show_page (VjWindow   *self,
                     GtkWidget  *page,
                     const char *title)
{
  g_return_if_fail (VJ_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  vj_navigator_push (self->navigator, page, title);
}

void
vj_window_show_section (VjWindow   *self,
                        const char *section)
{
  guint index = _vj_window_section_index (section);

  g_return_if_fail (VJ_IS_WINDOW (self));
  if (index == G_MAXUINT)
    return;
  show_section_at (self, index);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

GtkWidget *
vj_window_get_programmes_page (VjWindow *self)
{
  g_return_val_if_fail (VJ_IS_WINDOW (self), NULL);
  return _vj_window_page (self, "programmes");
}

GtkWidget *
vj_window_get_visible_page (VjWindow *self)
{
  g_return_val_if_fail (VJ_IS_WINDOW (self), NULL);
  return vj_navigator_get_visible_page (self->navigator);
}

/**
 * vj_window_apply_setting:
 * @key: a setting's key (vj-db-settings.h)
 * @value: (nullable): its new value
 *
 * Shows a setting that Preferences changed wherever the window shows it too.
 */
void
vj_window_apply_setting (VjWindow   *self,
                         const char *key,
                         const char *value)
{
  guint import = _vj_window_section_index ("import");

  g_return_if_fail (VJ_IS_WINDOW (self));
  g_return_if_fail (key != NULL);

  /* A page not made yet reads its settings when it is */
  if (self->pages[import] != NULL)
    vj_import_page_apply_setting (VJ_IMPORT_PAGE (self->pages[import]), key, value);
}

/**
 * vj_window_go_back:
 *
 * Back in the navigator's history; on a folded window at the first page, back to the sidebar.
 */
gboolean
vj_window_go_back (VjWindow *self)
{
  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (vj_navigator_pop (self->navigator))
    return TRUE;
  if (adw_leaflet_get_folded (self->leaflet))
    return adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  return FALSE;
}

/* The programmes page lists the catalogue (its first search is done). */
gboolean
vj_window_get_catalogue_shown (VjWindow *self)
{
  GListModel *model;
  gboolean loading = TRUE;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (ensure_page (self, 0)));
  if (model == NULL)
    return FALSE;
  g_object_get (model, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (model) > 0;
}

/* Work is running that must finish before the database can be closed: an import. */
gboolean
vj_window_get_busy (VjWindow *self)
{
  GtkWidget *import;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);
  import = self->pages[_vj_window_section_index ("import")];

  /* Only a page that was made can have started one */
  return import != NULL && vj_import_page_get_busy (VJ_IMPORT_PAGE (import));
}
