#define G_LOG_DOMAIN "vj-code-combo"

#include "config.h"

#include "vj-code-combo.h"

/* The row remembers whether its first entry is "none" (the codes then start at 1). The
 * municipalities have their own model (vj-municipality-model.h). */

#define HAS_NONE "vj-code-combo-has-none"

/* What AdwComboRow shows beside its title without cutting it off */
#define SHORT_NAME 20

static guint
first_code (AdwComboRow *row)
{
  return g_object_get_data (G_OBJECT (row), HAS_NONE) != NULL ? 1 : 0;
}

static void
selected_changed_cb (AdwComboRow *row,
                     GParamSpec  *pspec,
                     GtkListItem *item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  gtk_widget_set_opacity (check, adw_combo_row_get_selected_item (row) ==
                                 gtk_list_item_get_item (item) ? 1.0 : 0.0);
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  /* The whole name, on two lines if need be (AdwComboRow cuts it at 20 characters) */
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_list_item_set_child (item, box);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AdwComboRow              *row)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_label (GTK_LABEL (label),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
  g_signal_connect (row, "notify::selected-item", G_CALLBACK (selected_changed_cb), item);
  selected_changed_cb (row, NULL, item);
}

static void
unbind_choice_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, selected_changed_cb, item);
}

/* Choices longer than AdwComboRow shows whole: the popup wraps them, and the row shows the
 * one chosen under its title */
static void
show_whole_names (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), row);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), row);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_choice_cb), row);
  adw_combo_row_set_list_factory (row, factory);
  adw_combo_row_set_use_subtitle (row, TRUE);
}

void
vj_code_combo_set_codes (AdwComboRow  *row,
                         const char   *none,
                         const VjCode *codes,
                         guint         n)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  gboolean long_names = FALSE;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  if (none != NULL)
    gtk_string_list_append (strings, none);
  for (guint i = 0; i < n; i++)
    {
      const char *name = g_dgettext (GETTEXT_PACKAGE, codes[i].name);

      gtk_string_list_append (strings, name);
      long_names |= g_utf8_strlen (name, -1) > SHORT_NAME;
    }
  g_object_set_data (G_OBJECT (row), HAS_NONE, GINT_TO_POINTER (none != NULL));
  if (long_names)
    show_whole_names (row);
  adw_combo_row_set_model (row, G_LIST_MODEL (strings));
}

/* Returns: (nullable): the code chosen, or NULL for "none" */
const char *
vj_code_combo_get_code (AdwComboRow  *row,
                        const VjCode *codes,
                        guint         n)
{
  guint selected, first;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), NULL);

  selected = adw_combo_row_get_selected (row);
  first = first_code (row);
  return selected >= first && selected - first < n ? codes[selected - first].code : NULL;
}

/* Selects @code; an unknown or NULL code leaves the selection as it is */
void
vj_code_combo_select_code (AdwComboRow  *row,
                           const VjCode *codes,
                           guint         n,
                           const char   *code)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      adw_combo_row_set_selected (row, i + first_code (row));
}
