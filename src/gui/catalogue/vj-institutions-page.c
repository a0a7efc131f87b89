#define G_LOG_DOMAIN "vj-institutions-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-municipality-model.h"
#include "vj-institutions-page.h"
#include "vj-reference.h"
#include "vj-widget-util.h"

/* Institutioner: the institutions found by name or town (Danish folding, in SQL), with a campus
 * in, or serving, a municipality, by type. A region has dozens and the country hundreds, so this
 * is one indexed query and a list box. */

struct _VjInstitutionsPage
{
  GtkWidget    parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown *municipality_dropdown;
  GtkDropDown *type_dropdown;
  GtkLabel    *count_label;
  GtkStack    *stack;
  GtkListBox  *list_box;

  VjDb        *db;
  gboolean     stale;       /* the catalogue changed while the page was not shown */
};

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjInstitutionsPage, vj_institutions_page, GTK_TYPE_WIDGET)

static void set_db (VjInstitutionsPage *self,
                    VjDb               *db);

static void
reload (VjInstitutionsPage *self)
{
  g_autoptr(GPtrArray) institutions = NULL;
  g_autofree char *count = NULL;
  guint n_types;
  const VjCode *types = vj_institution_types (&n_types);
  guint municipality = gtk_drop_down_get_selected (self->municipality_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  GtkWidget *child;

  if (self->db == NULL)
    return;
  self->stale = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  institutions = vj_db_find_institutions (
    self->db,
    vj_municipality_model_code_at (municipality),
    type > 0 && type <= n_types ? types[type - 1].code : NULL,
    gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), NULL);
  if (institutions == NULL)
    return;

  for (guint i = 0; i < institutions->len; i++)
    {
      VjInstitution *institution = g_ptr_array_index (institutions, i);
      const char *type_code = vj_institution_get (institution, VJ_INSTITUTION_TYPE);
      const char *towns = vj_institution_get (institution, VJ_INSTITUTION_TOWNS);
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s",
                                                   type_code != NULL
                                                   ? vj_institution_type_name (type_code) : "",
                                                   type_code != NULL && towns != NULL ? " · " : "",
                                                   towns != NULL ? towns : "");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vj_institution_get (institution, VJ_INSTITUTION_NAME));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "institution-id",
                         GSIZE_TO_POINTER ((gsize) vj_institution_get_id (institution)));
      gtk_list_box_append (self->list_box, row);
    }

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u institution", "%u institutions",
                                        institutions->len),
                           institutions->len);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, institutions->len > 0 ? "list" : "empty");
}

/* A row per institution is built only for a page that is shown: not before the window's
 * first frame, nor after each import while another page is */
static void
catalogue_changed_cb (VjInstitutionsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
vj_institutions_page_map (GtkWidget *widget)
{
  VjInstitutionsPage *self = VJ_INSTITUTIONS_PAGE (widget);

  GTK_WIDGET_CLASS (vj_institutions_page_parent_class)->map (widget);
  if (self->stale)
    reload (self);
}

static void
filter_changed_cb (VjInstitutionsPage *self)
{
  reload (self);
}

static void
row_activated_cb (VjInstitutionsPage *self,
                  GtkListBoxRow      *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "institution-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-institution", "x", id);
}

/* Enter in the search opens the first institution found */
static void
search_activate_cb (VjInstitutionsPage *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

  if (first != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    row_activated_cb (self, first);
}

/* Ctrl+F on Institutioner: this page's own search */
static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (VJ_INSTITUTIONS_PAGE (widget)->search_entry));
}

static void
vj_institutions_page_dispose (GObject *object)
{
  VjInstitutionsPage *self = VJ_INSTITUTIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INSTITUTIONS_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_institutions_page_parent_class)->dispose (object);
}

static void
vj_institutions_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VjInstitutionsPage *self = VJ_INSTITUTIONS_PAGE (object);

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
vj_institutions_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VjInstitutionsPage *self = VJ_INSTITUTIONS_PAGE (object);

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
vj_institutions_page_class_init (VjInstitutionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_institutions_page_dispose;
  object_class->get_property = vj_institutions_page_get_property;
  object_class->set_property = vj_institutions_page_set_property;
  widget_class->map = vj_institutions_page_map;

  /**
   * VjInstitutionsPage:db:
   *
   * The catalogue; the page lists its institutions once it is set, and again when it changes.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-institutions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, municipality_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_install_action (widget_class, "page.focus-search", NULL, focus_search_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_institutions_page_init (VjInstitutionsPage *self)
{
  g_autoptr(GListModel) municipalities = vj_municipality_model_new (_("All municipalities"));
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  const VjCode *codes;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->municipality_dropdown, municipalities);

  codes = vj_institution_types (&n);
  gtk_string_list_append (types, _("All types"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (types, g_dgettext (GETTEXT_PACKAGE, codes[i].name));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));

  gtk_stack_set_visible_child_name (self->stack, "empty");
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

GtkWidget *
vj_institutions_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_INSTITUTIONS_PAGE, "db", db, NULL);
}

/* Set once, by the window */
static void
set_db (VjInstitutionsPage *self,
        VjDb               *db)
{
  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed::catalogue", G_CALLBACK (catalogue_changed_cb), self,
                           G_CONNECT_SWAPPED);
  catalogue_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}
