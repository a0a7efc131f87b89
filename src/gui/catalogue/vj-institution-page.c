#define G_LOG_DOMAIN "vj-institution-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-detail.h"
#include "vj-fact.h"
#include "vj-institution-page.h"
#include "vj-reference.h"
#include "vj-widget-util.h"

/* An institution: contact data, campuses, the municipalities it serves, its programmes and the
 * initiatives it takes part in. */

struct _VjInstitutionPage
{
  GtkWidget      parent_instance;

  GtkBox        *content_box;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;

  VjInstitution *institution;
};

G_DEFINE_FINAL_TYPE (VjInstitutionPage, vj_institution_page, GTK_TYPE_WIDGET)

static void
nav_row_activated_cb (AdwActionRow      *row,
                      VjInstitutionPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "target-id"));
  const char *action = g_object_get_data (G_OBJECT (row), "target-action");

  gtk_widget_activate_action (GTK_WIDGET (self), action, "x", id);
}

static void
add_nav_rows (VjInstitutionPage *self,
              const char        *title,
              GPtrArray         *rows,
              const char        *action)
{
  AdwPreferencesGroup *group;

  if (rows == NULL || rows->len == 0)
    return;
  group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, title, NULL));
  for (guint i = 0; i < rows->len; i++)
    {
      char **values = g_ptr_array_index (rows, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), values[1]);
      if (values[2] != NULL && values[2][0] != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), values[2]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "target-id",
                         GSIZE_TO_POINTER ((gsize) g_ascii_strtoll (values[0], NULL, 10)));
      g_object_set_data (G_OBJECT (row), "target-action", (gpointer) action);
      g_signal_connect (row, "activated", G_CALLBACK (nav_row_activated_cb), self);
      adw_preferences_group_add (group, row);
    }
}

/* Each campus with its address, register number and phone, and a map link where its place is
 * known (OpenStreetMap, in the browser) */
static void
add_campuses (VjInstitutionPage *self,
              VjDb              *db,
              gint64             id)
{
  g_autoptr(GPtrArray) campuses = vj_db_list_institution_campuses (db, id, NULL);
  AdwPreferencesGroup *group;

  if (campuses == NULL || campuses->len == 0)
    return;
  group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Campuses"), NULL));
  for (guint i = 0; i < campuses->len; i++)
    {
      char **c = g_ptr_array_index (campuses, i);
      g_autoptr(GString) subtitle = g_string_new (c[1][0] != '\0' ? c[1] : vj_fact_unknown ());
      g_autofree char *map = NULL;
      GtkWidget *row;

      if (c[4][0] != '\0')
        g_string_append_printf (subtitle, " · %s", c[4]);
      if (c[5][0] != '\0')
        g_string_append_printf (subtitle, " · %s", c[5]);
      if (c[2][0] != '\0' && c[3][0] != '\0')
        map = g_strdup_printf ("https://www.openstreetmap.org/?mlat=%s&mlon=%s#map=16/%s/%s",
                               c[2], c[3], c[2], c[3]);
      row = vj_detail_add_link_row (group, c[0], subtitle->str, map);
      if (map != NULL)
        /* Translators: the tooltip of a campus's row, which opens a map */
        gtk_widget_set_tooltip_text (row, _("Show on a map (OpenStreetMap)"));
    }
}

static void
populate (VjInstitutionPage *self,
          VjDb              *db)
{
  VjInstitution *i = self->institution;
  gint64 id = vj_institution_get_id (i);
  const char *type = vj_institution_get (i, VJ_INSTITUTION_TYPE);
  g_autoptr(GPtrArray) programmes = vj_db_list_institution_programmes (db, id, NULL);
  g_autoptr(GPtrArray) initiatives = vj_db_list_institution_initiatives (db, id, NULL);
  AdwPreferencesGroup *contact;
  const char *url = vj_institution_get (i, VJ_INSTITUTION_URL);

  gtk_label_set_label (self->title_label, vj_institution_get (i, VJ_INSTITUTION_NAME));
  gtk_label_set_label (self->subtitle_label, type != NULL ? vj_institution_type_name (type) : "");
  vj_detail_add_paragraph (self->content_box, NULL,
                           vj_institution_get (i, VJ_INSTITUTION_DESCRIPTION));

  contact = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Contact"), NULL));
  if (url != NULL)
    vj_detail_add_link_row (contact, _("Web page"), url, url);
  vj_detail_add_row (contact, _("E-mail"), vj_institution_get (i, VJ_INSTITUTION_EMAIL));
  vj_detail_add_row (contact, _("Phone"), vj_institution_get (i, VJ_INSTITUTION_PHONE));
  vj_detail_add_row (contact, _("Institution number"),
                     vj_institution_get (i, VJ_INSTITUTION_NUMBER));
  vj_detail_add_row (contact, _("Campuses in"), vj_institution_get (i, VJ_INSTITUTION_TOWNS));
  vj_detail_add_row (contact, _("Also serves"), vj_institution_get (i, VJ_INSTITUTION_SERVES));

  add_campuses (self, db, id);
  add_nav_rows (self, _("Programmes"), programmes, "win.open-programme");
  add_nav_rows (self, _("Part of these initiatives"), initiatives, "win.open-initiative");
}

static void
vj_institution_page_dispose (GObject *object)
{
  VjInstitutionPage *self = VJ_INSTITUTION_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INSTITUTION_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->institution);

  G_OBJECT_CLASS (vj_institution_page_parent_class)->dispose (object);
}

static void
vj_institution_page_class_init (VjInstitutionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_institution_page_dispose;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-institution-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VjInstitutionPage, subtitle_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_institution_page_init (VjInstitutionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/**
 * vj_institution_page_new:
 *
 * Returns: (nullable): the page, or %NULL when the institution is not in the catalogue
 */
GtkWidget *
vj_institution_page_new (VjDb   *db,
                         gint64  institution_id)
{
  VjInstitution *institution = vj_db_load_institution (db, institution_id, NULL);
  VjInstitutionPage *self;

  if (institution == NULL)
    return NULL;
  self = g_object_new (VJ_TYPE_INSTITUTION_PAGE, NULL);
  self->institution = institution;
  populate (self, db);
  return GTK_WIDGET (self);
}

const char *
vj_institution_page_get_title (VjInstitutionPage *self)
{
  g_return_val_if_fail (VJ_IS_INSTITUTION_PAGE (self), NULL);
  return vj_institution_get (self->institution, VJ_INSTITUTION_NAME);
}
