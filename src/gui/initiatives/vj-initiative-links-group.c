#define G_LOG_DOMAIN "vj-initiative-links-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives.h"
#include "vj-detail.h"
#include "vj-initiative-links-group.h"
#include "vj-reference.h"

/* The initiative editor's links: municipalities, institutions, and programmes found by a
 * search in a worker. The editor loads them in (vj_initiative_links_group_load) and reads them
 * back when it saves (vj_initiative_links_group_collect). */

struct _VjInitiativeLinksGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwExpanderRow      *municipalities_row;
  AdwPreferencesGroup *institutions_group;
  GtkDropDown         *institution_dropdown;
  AdwPreferencesGroup *programmes_group;
  GtkSearchEntry      *programme_search;
  GtkListBox          *programme_results;

  VjDb                *db;
  GPtrArray           *municipality_checks; /* GtkCheckButton, "code" */
  GArray              *institution_ids;     /* dropdown position → institution row id */
  GHashTable          *linked_institutions; /* row id → its row */
  GHashTable          *linked_programmes;   /* row id → its row */
  GCancellable        *search_cancellable;
};

G_DEFINE_FINAL_TYPE (VjInitiativeLinksGroup, vj_initiative_links_group,
                     ADW_TYPE_PREFERENCES_GROUP)

static void
remove_link_cb (GtkButton              *button,
                VjInitiativeLinksGroup *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  GHashTable *links = g_object_get_data (G_OBJECT (button), "links");
  AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (button), "group");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "id");

  g_hash_table_remove (links, &id);
  adw_preferences_group_remove (group, row);
}

static void
add_link_row (VjInitiativeLinksGroup *self,
              AdwPreferencesGroup    *group,
              GHashTable             *links,
              gint64                  id,
              const char             *title)
{
  GtkWidget *row;
  GtkWidget *button;
  gint64 *key;

  if (g_hash_table_contains (links, &id))
    return;
  row = adw_action_row_new ();
  button = vj_detail_remove_button (_("Remove Link"));
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

static void
add_institution_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VjInitiativeLinksGroup *self = VJ_INITIATIVE_LINKS_GROUP (widget);
  guint position = gtk_drop_down_get_selected (self->institution_dropdown);
  GtkStringObject *item;

  if (position == GTK_INVALID_LIST_POSITION || position >= self->institution_ids->len)
    return;
  item = gtk_drop_down_get_selected_item (self->institution_dropdown);
  add_link_row (self, self->institutions_group, self->linked_institutions,
                g_array_index (self->institution_ids, gint64, position),
                gtk_string_object_get_string (item));
}

static void
result_activated_cb (GtkListBox             *box,
                     GtkListBoxRow          *row,
                     VjInitiativeLinksGroup *self)
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
  VjInitiativeLinksGroup *self = user_data;
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

static void
programme_search_changed_cb (VjInitiativeLinksGroup *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->programme_search));
  g_autoptr(GTask) task = NULL;
  VjProgrammeQuery *query;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (text[0] == '\0' || self->db == NULL)
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

/**
 * vj_initiative_links_group_load:
 * @initiative_id: the initiative being edited, or 0 for a new one
 * @edit: (nullable): its fields, for the municipalities it is linked to
 *
 * Fills the choices from @db and shows the initiative's links.
 */
void
vj_initiative_links_group_load (VjInitiativeLinksGroup *self,
                                VjDb                   *db,
                                gint64                  initiative_id,
                                VjInitiativeEdit       *edit)
{
  guint n;
  const VjMunicipality *municipalities = vj_municipalities (&n);
  g_autoptr(GPtrArray) institutions = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_if_fail (VJ_IS_INITIATIVE_LINKS_GROUP (self));
  g_return_if_fail (VJ_IS_DB (db));
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  institutions = vj_db_list_institutions (db, 0, NULL, NULL);

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

  if (initiative_id == 0)
    return;
  for (VjInitiativeLink kind = VJ_INITIATIVE_LINK_PROGRAMME;
       kind <= VJ_INITIATIVE_LINK_INSTITUTION; kind++)
    {
      g_autoptr(GPtrArray) links = vj_db_list_initiative_links (self->db, initiative_id,
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

static GArray *
link_ids (GHashTable *links)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}


/**
 * vj_initiative_links_group_collect:
 *
 * Puts the municipalities, programmes and institutions chosen into @edit.
 */
void
vj_initiative_links_group_collect (VjInitiativeLinksGroup *self,
                                   VjInitiativeEdit       *edit)
{
  g_return_if_fail (VJ_IS_INITIATIVE_LINKS_GROUP (self));
  g_return_if_fail (edit != NULL);

  edit->municipalities = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->municipality_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->municipality_checks, i);
      gint64 code = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "code"));

      if (gtk_check_button_get_active (check))
        g_array_append_val (edit->municipalities, code);
    }
  edit->programmes = link_ids (self->linked_programmes);
  edit->institutions = link_ids (self->linked_institutions);
}

static void
vj_initiative_links_group_dispose (GObject *object)
{
  VjInitiativeLinksGroup *self = VJ_INITIATIVE_LINKS_GROUP (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INITIATIVE_LINKS_GROUP);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_initiative_links_group_parent_class)->dispose (object);
}

static void
vj_initiative_links_group_finalize (GObject *object)
{
  VjInitiativeLinksGroup *self = VJ_INITIATIVE_LINKS_GROUP (object);

  g_clear_pointer (&self->municipality_checks, g_ptr_array_unref);
  g_clear_pointer (&self->institution_ids, g_array_unref);
  g_clear_pointer (&self->linked_institutions, g_hash_table_unref);
  g_clear_pointer (&self->linked_programmes, g_hash_table_unref);

  G_OBJECT_CLASS (vj_initiative_links_group_parent_class)->finalize (object);
}

static void
vj_initiative_links_group_class_init (VjInitiativeLinksGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_initiative_links_group_dispose;
  object_class->finalize = vj_initiative_links_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-initiative-links-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup, municipalities_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup, institutions_group);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup,
                                        institution_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup, programmes_group);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup, programme_search);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeLinksGroup, programme_results);
  gtk_widget_class_bind_template_callback (widget_class, programme_search_changed_cb);
  gtk_widget_class_install_action (widget_class, "links.add-institution", NULL,
                                   add_institution_action);
}

static void
vj_initiative_links_group_init (VjInitiativeLinksGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->municipality_checks = g_ptr_array_new ();
  self->institution_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->linked_institutions = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->linked_programmes = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_signal_connect (self->programme_results, "row-activated", G_CALLBACK (result_activated_cb),
                    self);
}
