#define G_LOG_DOMAIN "vj-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-detail.h"

/* Rows and paragraphs for the detail pages, built the same way everywhere. */

static void
open_uri_cb (GtkButton  *button,
             const char *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/**
 * vj_detail_add_row:
 *
 * Adds a row "title: value" (the value selectable), or nothing when @value is empty.
 */
GtkWidget *
vj_detail_add_row (AdwPreferencesGroup *group,
                   const char          *title,
                   const char          *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return row;
}

GtkWidget *
vj_detail_add_link_row (AdwPreferencesGroup *group,
                        const char          *title,
                        const char          *subtitle,
                        const char          *uri)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (uri != NULL && (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://")))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");
      /* Translators: %s is the name of what the link leads to */
      g_autofree char *label = g_strdup_printf (_("Open the web page of %s"), title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, uri);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_signal_connect_data (button, "clicked", G_CALLBACK (open_uri_cb), g_strdup (uri),
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_preferences_group_add (group, row);
  return row;
}

GtkWidget *
vj_detail_add_paragraph (GtkBox     *box,
                         const char *heading,
                         const char *text)
{
  GtkWidget *inner, *label;

  if (text == NULL || text[0] == '\0')
    return NULL;

  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (heading != NULL)
    {
      GtkWidget *title = gtk_label_new (heading);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (inner), title);
    }
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (inner), label);
  gtk_box_append (box, inner);
  return inner;
}

GtkWidget *
vj_detail_add_group (GtkBox     *box,
                     const char *title,
                     const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return group;
}

/* For dispose: the template's root child and anything added beside it. */
void
vj_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

static void
drop_down_popover_mapped_cb (GtkWidget *popover,
                             GtkWidget *drop_down)
{
  gtk_widget_set_has_tooltip (drop_down, FALSE);
}

static void
drop_down_popover_unmapped_cb (GtkWidget *popover,
                               GtkWidget *drop_down)
{
  gtk_widget_set_has_tooltip (drop_down, gtk_widget_get_tooltip_text (drop_down) != NULL);
}

/**
 * vj_widget_quiet_drop_down_tooltips:
 * @root: a page
 *
 * Every dropdown under @root with a tooltip hides it while its list is open, so the tooltip
 * never covers the list's first item.
 */
void
vj_widget_quiet_drop_down_tooltips (GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_POPOVER (child))
          {
            g_signal_connect_object (child, "map", G_CALLBACK (drop_down_popover_mapped_cb),
                                     root, 0);
            g_signal_connect_object (child, "unmap", G_CALLBACK (drop_down_popover_unmapped_cb),
                                     root, 0);
          }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vj_widget_quiet_drop_down_tooltips (child);
}
