#define G_LOG_DOMAIN "vj-initiative-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives.h"
#include "vj-initiative-editor-private.h"
#include "vj-reference.h"

/* The initiative editor's links: municipalities, institutions, and programmes found by a
 * search in a worker. */

GtkWidget *
_vj_initiative_editor_remove_button (const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* ----- links ----- */

static void
remove_link_cb (GtkButton          *button,
                VjInitiativeEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  GHashTable *links = g_object_get_data (G_OBJECT (button), "links");
  AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (button), "group");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "id");

  g_hash_table_remove (links, &id);
  adw_preferences_group_remove (group, row);
}

static void
add_link_row (VjInitiativeEditor  *self,
              AdwPreferencesGroup *group,
              GHashTable          *links,
              gint64               id,
              const char          *title)
{
  GtkWidget *row;
  GtkWidget *button;
  gint64 *key;

  if (g_hash_table_contains (links, &id))
    return;
  row = adw_action_row_new ();
  button = _vj_initiative_editor_remove_button (_("Remove Link"));
  key = g_new (gint64, 1);
  *key = id;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "id", key, g_free);
  g_object_set_data (G_OBJECT (button), "row", row);
  g_object_set_data (G_OBJECT (button), "links", links);
  g_object_set_data (G_OBJECT (button), "group", group);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_link_cb), self);
  g_hash_table_insert (links, key, row);
  adw_preferences_group_add (group, row);
}

void
_vj_initiative_editor_add_institution_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (widget);
  guint position = gtk_drop_down_get_selected (self->institution_dropdown);
  GtkStringObject *item;

  if (position == GTK_INVALID_LIST_POSITION || position >= self->institution_ids->len)
    return;
  item = gtk_drop_down_get_selected_item (self->institution_dropdown);
  add_link_row (self, self->institutions_group, self->linked_institutions,
                g_array_index (self->institution_ids, gint64, position),
                gtk_string_object_get_string (item));
}

void
_vj_initiative_editor_result_activated_cb (GtkListBox         *box,
                     GtkListBoxRow      *row,
                     VjInitiativeEditor *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "programme-id"));

  add_link_row (self, self->programmes_group, self->linked_programmes, id,
                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *ids = vj_db_search_programme_ids (source, task_data, cancellable, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjInitiativeEditor *self = user_data;
  g_autoptr(GArray) ids = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkWidget *child;

  if (ids == NULL)
    return;    /* cancelled by newer text, or the editor closed */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->programme_results))) != NULL)
    gtk_list_box_remove (self->programme_results, child);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(VjProgramme) programme = vj_db_load_programme (self->db, id, NULL);
      GtkWidget *row;

      if (programme == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vj_programme_get_title (programme));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("list-add-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "programme-id", GSIZE_TO_POINTER ((gsize) id));
      gtk_list_box_append (self->programme_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->programme_results), ids->len > 0);
}

void
_vj_initiative_editor_programme_search_changed_cb (VjInitiativeEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->programme_search));
  g_autoptr(GTask) task = NULL;
  VjProgrammeQuery *query;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (text[0] == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->programme_results), FALSE);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  query = vj_programme_query_new ();
  query->text = g_strdup (text);
  query->limit = 8;
  task = g_task_new (self->db, self->search_cancellable, search_done_cb, self);
  g_task_set_task_data (task, query, (GDestroyNotify) vj_programme_query_free);
  g_task_run_in_thread (task, search_thread);
}

void
_vj_initiative_editor_fill_links (VjInitiativeEditor *self,
            VjInitiativeEdit   *edit)
{
  guint n;
  const VjMunicipality *municipalities = vj_municipalities (&n);
  g_autoptr(GPtrArray) institutions = vj_db_list_institutions (self->db, 0, NULL, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), municipalities[i].name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      municipalities[i].name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      for (guint k = 0; edit != NULL && k < edit->municipalities->len; k++)
        if (g_array_index (edit->municipalities, gint64, k) == municipalities[i].code)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "code", GINT_TO_POINTER (municipalities[i].code));
      g_ptr_array_add (self->municipality_checks, check);
      adw_expander_row_add_row (self->municipalities_row, row);
    }

  for (guint i = 0; institutions != NULL && i < institutions->len; i++)
    {
      VjInstitution *institution = g_ptr_array_index (institutions, i);
      gint64 id = vj_institution_get_id (institution);

      g_array_append_val (self->institution_ids, id);
      gtk_string_list_append (names, vj_institution_get (institution, VJ_INSTITUTION_NAME));
    }
  gtk_drop_down_set_model (self->institution_dropdown, G_LIST_MODEL (names));

  if (self->initiative_id == 0)
    return;
  for (VjInitiativeLink kind = VJ_INITIATIVE_LINK_PROGRAMME;
       kind <= VJ_INITIATIVE_LINK_INSTITUTION; kind++)
    {
      g_autoptr(GPtrArray) links = vj_db_list_initiative_links (self->db, self->initiative_id,
                                                                kind, NULL);

      for (guint i = 0; links != NULL && i < links->len; i++)
        {
          char **link = g_ptr_array_index (links, i);

          if (kind == VJ_INITIATIVE_LINK_PROGRAMME)
            add_link_row (self, self->programmes_group, self->linked_programmes,
                          g_ascii_strtoll (link[0], NULL, 10), link[2]);
          else
            add_link_row (self, self->institutions_group, self->linked_institutions,
                          g_ascii_strtoll (link[0], NULL, 10), link[2]);
        }
    }
}

GArray *
_vj_initiative_editor_link_ids (GHashTable *links)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

