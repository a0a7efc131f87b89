#define G_LOG_DOMAIN "vj-institutions-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vj-db-catalogue.h"
#include "vj-detail.h"
#include "vj-institutions-page.h"
#include "vj-reference.h"
#include "vj-text.h"

/* Institutioner: the institutions with a campus in, or serving, a municipality, by type. A
 * region has dozens and the country hundreds, so this is one indexed query and a list box. */

struct _VjInstitutionsPage
{
  GtkWidget    parent_instance;

  GtkDropDown *municipality_dropdown;
  GtkDropDown *type_dropdown;
  GtkLabel    *count_label;
  GtkStack    *stack;
  GtkListBox  *list_box;

  VjDb        *db;
  GArray      *municipality_codes;  /* dropdown position - 1 → code */
};

enum {
  SIGNAL_INSTITUTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjInstitutionsPage, vj_institutions_page, GTK_TYPE_WIDGET)

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

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  institutions = vj_db_list_institutions (
    self->db,
    municipality > 0 && municipality != GTK_INVALID_LIST_POSITION
      ? g_array_index (self->municipality_codes, int, municipality - 1) : 0,
    type > 0 && type <= n_types ? types[type - 1].code : NULL, NULL);
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

  g_signal_emit (self, signals[SIGNAL_INSTITUTION_ACTIVATED], 0, id);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* The region's 17 first, then the others */
  return vj_municipality_compare (*(const int *) a, *(const int *) b);
}

static void
vj_institutions_page_dispose (GObject *object)
{
  VjInstitutionsPage *self = VJ_INSTITUTIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INSTITUTIONS_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->db);
  g_clear_pointer (&self->municipality_codes, g_array_unref);

  G_OBJECT_CLASS (vj_institutions_page_parent_class)->dispose (object);
}

static void
vj_institutions_page_class_init (VjInstitutionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_institutions_page_dispose;

  signals[SIGNAL_INSTITUTION_ACTIVATED] =
    g_signal_new ("institution-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-institutions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, municipality_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_institutions_page_init (VjInstitutionsPage *self)
{
  g_autoptr(GtkStringList) municipalities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  const VjMunicipality *list;
  const VjCode *codes;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  list = vj_municipalities (&n);
  self->municipality_codes = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->municipality_codes, list[i].code);
  g_array_sort (self->municipality_codes, compare_names);
  gtk_string_list_append (municipalities, _("All municipalities"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (municipalities,
                            vj_municipality_lookup (g_array_index (self->municipality_codes,
                                                                   int, i))->name);
  gtk_drop_down_set_model (self->municipality_dropdown, G_LIST_MODEL (municipalities));

  codes = vj_institution_types (&n);
  gtk_string_list_append (types, _("All types"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (types, g_dgettext (GETTEXT_PACKAGE, codes[i].name));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
vj_institutions_page_new (void)
{
  return g_object_new (VJ_TYPE_INSTITUTIONS_PAGE, NULL);
}

void
vj_institutions_page_set_db (VjInstitutionsPage *self,
                             VjDb               *db)
{
  g_return_if_fail (VJ_IS_INSTITUTIONS_PAGE (self));

  g_set_object (&self->db, db);
  reload (self);
}
