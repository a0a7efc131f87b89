#define G_LOG_DOMAIN "vj-session-programmes-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-programme-list.h"
#include "vj-session-programmes-group.h"

/* The programmes a session discussed: a row per programme, and a search of the catalogue as
 * the counsellor types (in a worker, like the Programmes page); a result or Enter adds one. */

#define SEARCH_RESULTS 8

struct _VjSessionProgrammesGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *search_row;
  GtkListBox          *results;

  VjDb                *db;
  VjProgrammeList     *list;   /* the search, made on first use */
  GPtrArray           *rows;   /* AdwActionRow, each with its programme id */
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjSessionProgrammesGroup, vj_session_programmes_group,
                     ADW_TYPE_PREFERENCES_GROUP)

static gint64
row_id (gpointer row)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));
}

static void
remove_clicked_cb (GtkButton *button,
                   GtkWidget *row)
{
  VjSessionProgrammesGroup *self =
    VJ_SESSION_PROGRAMMES_GROUP (gtk_widget_get_ancestor (row, VJ_TYPE_SESSION_PROGRAMMES_GROUP));

  g_ptr_array_remove (self->rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
results_changed_cb (VjSessionProgrammesGroup *self)
{
  GListModel *model = G_LIST_MODEL (self->list);
  GtkWidget *child;
  guint n = MIN (g_list_model_get_n_items (model), SEARCH_RESULTS);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VjProgramme) programme = g_list_model_get_item (model, i);
      GtkWidget *row;

      if (programme == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vj_programme_get_title (programme));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("list-add-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "id",
                         GSIZE_TO_POINTER ((gsize) vj_programme_get_id (programme)));
      gtk_list_box_append (self->results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results),
                          n > 0 && *gtk_editable_get_text (GTK_EDITABLE (self->search_row)));
}

static void
search_cb (VjSessionProgrammesGroup *self)
{
  g_autoptr(VjProgrammeQuery) query = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_row));

  if (*text == '\0' || self->db == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
      return;
    }
  if (self->list == NULL)
    {
      self->list = vj_programme_list_new (self->db);
      g_signal_connect_object (self->list, "items-changed", G_CALLBACK (results_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  query = vj_programme_query_new ();
  query->text = g_strdup (text);
  query->limit = SEARCH_RESULTS;
  vj_programme_list_set_query (self->list, query);
}

static void
programme_chosen_cb (VjSessionProgrammesGroup *self,
                     GtkListBoxRow            *row)
{
  vj_session_programmes_group_add (self, row_id (row));
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_row));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Enter in the search: the best match */
static void
first_result_cb (VjSessionProgrammesGroup *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, 0);

  if (row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->results)))
    programme_chosen_cb (self, row);
}

static void
vj_session_programmes_group_dispose (GObject *object)
{
  VjSessionProgrammesGroup *self = VJ_SESSION_PROGRAMMES_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_SESSION_PROGRAMMES_GROUP);
  g_clear_object (&self->list);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_session_programmes_group_parent_class)->dispose (object);
}

static void
vj_session_programmes_group_finalize (GObject *object)
{
  VjSessionProgrammesGroup *self = VJ_SESSION_PROGRAMMES_GROUP (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vj_session_programmes_group_parent_class)->finalize (object);
}

static void
vj_session_programmes_group_class_init (VjSessionProgrammesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_session_programmes_group_dispose;
  object_class->finalize = vj_session_programmes_group_finalize;

  /* A programme was added or removed */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-session-programmes-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionProgrammesGroup, search_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionProgrammesGroup, results);
  gtk_widget_class_bind_template_callback (widget_class, search_cb);
  gtk_widget_class_bind_template_callback (widget_class, first_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, programme_chosen_cb);
}

static void
vj_session_programmes_group_init (VjSessionProgrammesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

void
vj_session_programmes_group_set_db (VjSessionProgrammesGroup *self,
                                    VjDb                     *db)
{
  g_return_if_fail (VJ_IS_SESSION_PROGRAMMES_GROUP (self));
  g_return_if_fail (db == NULL || VJ_IS_DB (db));

  if (g_set_object (&self->db, db))
    g_clear_object (&self->list);
}

/* Adds a row for the programme, unless it is there already. */
void
vj_session_programmes_group_add (VjSessionProgrammesGroup *self,
                                 gint64                    programme_id)
{
  g_autoptr(VjProgramme) programme = NULL;
  const char *remove_label = _("Remove the programme from the session");
  GtkWidget *row, *remove;

  g_return_if_fail (VJ_IS_SESSION_PROGRAMMES_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    if (row_id (self->rows->pdata[i]) == programme_id)
      return;
  if (self->db != NULL)
    programme = vj_db_load_programme (self->db, programme_id, NULL);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 programme != NULL ? vj_programme_get_title (programme)
                                                   : _("No longer in the catalogue"));
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) programme_id));
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

/* Appends each programme's id to @programmes (gint64). */
void
vj_session_programmes_group_collect (VjSessionProgrammesGroup *self,
                                     GArray                   *programmes)
{
  g_return_if_fail (VJ_IS_SESSION_PROGRAMMES_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      gint64 id = row_id (self->rows->pdata[i]);

      g_array_append_val (programmes, id);
    }
}
