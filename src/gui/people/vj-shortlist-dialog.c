#define G_LOG_DOMAIN "vj-shortlist-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"
#include "vj-shortlist-dialog.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* "Tilføj til ønskeliste": choose a person (found by part of their reference) and, if it
 * matters, one place and time of the programme; the entry goes last on their shortlist. */

#define MAX_PEOPLE 50

typedef struct
{
  VjDb       *db;
  gint64      programme_id;
  GArray     *offering_ids;   /* gint64; index 0 is 0, "any place and time" */
  GtkListBox *people;
  GtkWidget  *none_label;
  GtkDropDown *place;
  GtkWindow  *parent;
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_clear_object (&data->db);
  g_clear_pointer (&data->offering_ids, g_array_unref);
  g_clear_weak_pointer (&data->parent);
  g_free (data);
}

static void
fill_people (AdwMessageDialog *dialog,
             DialogData       *data,
             const char       *text)
{
  g_autoptr(GPtrArray) people = vj_db_list_person_ids (data->db, text, MAX_PEOPLE, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (data->people))) != NULL)
    gtk_list_box_remove (data->people, child);
  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      const char *line = g_ptr_array_index (people, i);
      const char *tab = strchr (line, '\t');
      GtkWidget *label = gtk_label_new (tab != NULL ? tab + 1 : line);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_widget_set_margin_start (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "person-id",
                         GSIZE_TO_POINTER ((gsize) g_ascii_strtoll (line, NULL, 10)));
      gtk_list_box_append (data->people, row);
    }
  gtk_widget_set_visible (data->none_label, people == NULL || people->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (data->people), people != NULL && people->len > 0);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
}

static void
search_changed_cb (GtkSearchEntry   *entry,
                   AdwMessageDialog *dialog)
{
  fill_people (dialog, g_object_get_data (G_OBJECT (dialog), "data"),
               gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
person_selected_cb (GtkListBox       *list,
                    GtkListBoxRow    *row,
                    AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "add", row != NULL);
}

typedef struct
{
  char      *message;
  GtkWindow *parent;   /* weak */
} AddData;

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddData *add = user_data;
  g_autoptr(GError) error = NULL;

  vj_db_shortlist_write_finish (VJ_DB (object), result, &error);
  if (add->parent != NULL)
    vj_widget_show_message (GTK_WIDGET (add->parent),
                            error != NULL ? error->message : add->message);
  g_clear_weak_pointer (&add->parent);
  g_free (add->message);
  g_free (add);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             DialogData       *data)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (data->people);
  guint place = gtk_drop_down_get_selected (data->place);
  gint64 person, offering = 0;
  const char *reference;
  AddData *add;

  /* The list is emptied as the dialog goes; its responses are gone by then */
  g_signal_handlers_disconnect_by_func (data->people, person_selected_cb, dialog);
  if (g_strcmp0 (response, "add") != 0 || row == NULL)
    return;
  person = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "person-id"));
  reference = gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
  if (place != GTK_INVALID_LIST_POSITION && place < data->offering_ids->len)
    offering = g_array_index (data->offering_ids, gint64, place);
  add = g_new0 (AddData, 1);
  /* Translators: a toast; %s is the person's reference */
  add->message = g_strdup_printf (_("Added to the shortlist of %s"), reference);
  g_set_weak_pointer (&add->parent, data->parent);
  vj_db_shortlist_add_async (data->db, person, data->programme_id, offering, 0, NULL, added_cb,
                             add);
}

static void
place_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A long place does not widen the dialog (its buttons would move under the pointer): the
   * chosen one is cut short at a width that is the same whatever is chosen ("Ethvert sted og
   * tidspunkt" or a long place), the list's wrap */
  if (GPOINTER_TO_INT (wrap))
    {
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_label_set_width_chars (GTK_LABEL (label), 20);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    {
      gtk_label_set_max_width_chars (GTK_LABEL (label), 26);
      gtk_label_set_width_chars (GTK_LABEL (label), 26);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_list_item_set_child (item, label);
}

static void
place_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  wrap)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  const char *text = gtk_string_object_get_string (string);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item),
                               GPOINTER_TO_INT (wrap) ? NULL : text);
}

static GtkListItemFactory *
place_factory (gboolean wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (place_setup_cb), GINT_TO_POINTER (wrap));
  g_signal_connect (factory, "bind", G_CALLBACK (place_bind_cb), GINT_TO_POINTER (wrap));
  return factory;
}

static GtkWidget *
make_place_dropdown (DialogData *data)
{
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (data->db, data->programme_id, NULL);
  GtkStringList *places = gtk_string_list_new (NULL);
  GtkWidget *dropdown;
  gint64 none = 0;

  data->offering_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (places, _("Any place and time"));
  g_array_append_val (data->offering_ids, none);
  for (guint i = 0; offerings != NULL && i < offerings->len; i++)
    {
      VjOffering *o = g_ptr_array_index (offerings, i);
      g_autofree char *start = vj_text_format_date (vj_offering_get (o, VJ_OFFERING_START));
      const char *institution = vj_offering_get (o, VJ_OFFERING_INSTITUTION);
      const char *town = vj_offering_get (o, VJ_OFFERING_TOWN);
      g_autoptr(GString) text = g_string_new (institution != NULL ? institution : "");
      gint64 id = vj_offering_get_id (o);

      if (vj_offering_get_withdrawn (o))
        continue;
      if (town != NULL)
        g_string_append_printf (text, ", %s", town);
      if (start != NULL)
        g_string_append_printf (text, " · %s", start);
      gtk_string_list_append (places, text->str);
      g_array_append_val (data->offering_ids, id);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (places), NULL);
  {
    g_autoptr(GtkListItemFactory) chosen = place_factory (FALSE);
    g_autoptr(GtkListItemFactory) list = place_factory (TRUE);

    gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), chosen);
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Place and time"), -1);
  return dropdown;
}

/**
 * vj_shortlist_dialog_new:
 *
 * Returns: (transfer none): the dialog, shown; it adds the programme when the counsellor
 * chooses a person and says so in a toast on @parent
 */
GtkWidget *
vj_shortlist_dialog_new (GtkWindow  *parent,
                         VjDb       *db,
                         gint64      programme_id,
                         const char *programme_title)
{
  DialogData *data = g_new0 (DialogData, 1);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *people = gtk_list_box_new ();
  GtkWidget *none = gtk_label_new (_("No person found. People are added when you log a "
                                     "session with them."));
  GtkWidget *place_label = gtk_label_new (_("Place and time"));

  data->db = g_object_ref (db);
  data->programme_id = programme_id;
  g_set_weak_pointer (&data->parent, parent);

  dialog = adw_message_dialog_new (parent, _("Add to Shortlist"), programme_title);
  g_object_set_data_full (G_OBJECT (dialog), "data", data, (GDestroyNotify) dialog_data_free);

  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find person"), -1);
  g_object_set (search, "placeholder-text", _("Reference"), NULL);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (people), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (people, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (people), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("People"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), people);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_label_set_wrap (GTK_LABEL (none), TRUE);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (place_label), 0);
  gtk_widget_add_css_class (place_label, "heading");

  data->people = GTK_LIST_BOX (people);
  data->none_label = none;
  data->place = GTK_DROP_DOWN (make_place_dropdown (data));
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), none);
  gtk_box_append (GTK_BOX (box), place_label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->place));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (search, "search-changed", G_CALLBACK (search_changed_cb), dialog);
  g_signal_connect (people, "row-selected", G_CALLBACK (person_selected_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), data);
  fill_people (ADW_MESSAGE_DIALOG (dialog), data, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
