#define G_LOG_DOMAIN "vj-programmes-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-detail.h"
#include "vj-programme-list.h"
#include "vj-programmes-page.h"
#include "vj-reference.h"

/* Uddannelser: search as you type over the catalogue, a category filter, the list. The list is
 * an SQL-backed model: filtering happens in SQL in a worker, never in a GtkFilterListModel. */

struct _VjProgrammesPage
{
  GtkWidget        parent_instance;

  GtkSearchEntry  *search_entry;
  GtkDropDown     *category_dropdown;
  GtkLabel        *count_label;
  GtkStack        *stack;
  GtkListView     *list_view;
  GtkProgressBar  *progress_bar;

  VjDb            *db;
  VjProgrammeList *model;
};

enum {
  SIGNAL_PROGRAMME_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjProgrammesPage, vj_programmes_page, GTK_TYPE_WIDGET)

static void
update_state (VjProgrammesPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *count = NULL;

  if (self->model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  /* Translators: how many programmes the list shows */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u programme", "%u programmes", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
run_query (VjProgrammesPage *self)
{
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  guint n_categories;
  const VjCategory *categories = vj_categories (&n_categories);

  if (self->model == NULL)
    return;

  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= n_categories)
    query->category = g_strdup (categories[selected - 1].code);
  query->sort = query->text[0] != '\0' ? VJ_PROGRAMME_SORT_RELEVANCE : VJ_PROGRAMME_SORT_TITLE;
  vj_programme_list_set_query (self->model, query);
}

static void
search_changed_cb (VjProgrammesPage *self)
{
  run_query (self);
}

static void
category_changed_cb (VjProgrammesPage *self)
{
  run_query (self);
}

static void
items_changed_cb (VjProgrammesPage *self)
{
  update_state (self);
}

static void
row_activated_cb (VjProgrammesPage *self,
                  guint             position)
{
  g_autoptr(VjProgramme) programme = NULL;

  if (self->model == NULL)
    return;
  programme = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (programme != NULL)
    g_signal_emit (self, signals[SIGNAL_PROGRAMME_ACTIVATED], 0, vj_programme_get_id (programme));
}

/* Enter in the search entry opens the best match. */
static void
search_activate_cb (VjProgrammesPage *self)
{
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    row_activated_cb (self, 0);
}

static void
vj_programmes_page_dispose (GObject *object)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_PROGRAMMES_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->model);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_programmes_page_parent_class)->dispose (object);
}

static void
vj_programmes_page_class_init (VjProgrammesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_programmes_page_dispose;

  signals[SIGNAL_PROGRAMME_ACTIVATED] =
    g_signal_new ("programme-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-programmes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (VJ_TYPE_PROGRAMME);
}

static void
vj_programmes_page_init (VjProgrammesPage *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = NULL;
  const VjCategory *list;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (categories, _("All categories"));
  list = vj_categories (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (categories, g_dgettext (GETTEXT_PACKAGE, list[i].name));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));

  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH
                                                             "/vj-programme-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
vj_programmes_page_new (void)
{
  return g_object_new (VJ_TYPE_PROGRAMMES_PAGE, NULL);
}

void
vj_programmes_page_set_db (VjProgrammesPage *self,
                           VjDb             *db)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (VJ_IS_PROGRAMMES_PAGE (self));
  g_return_if_fail (VJ_IS_DB (db));

  g_set_object (&self->db, db);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->model = vj_programme_list_new (db);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  run_query (self);
}

/* After an import: the same query again. */
void
vj_programmes_page_reload (VjProgrammesPage *self)
{
  g_return_if_fail (VJ_IS_PROGRAMMES_PAGE (self));
  if (self->model != NULL)
    vj_programme_list_reload (self->model);
}

void
vj_programmes_page_focus_search (VjProgrammesPage *self)
{
  g_return_if_fail (VJ_IS_PROGRAMMES_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
vj_programmes_page_get_model (VjProgrammesPage *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMMES_PAGE (self), NULL);
  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

/* Shows loading progress while the built-in catalogue is imported on first run. */
void
vj_programmes_page_set_progress (VjProgrammesPage *self,
                                 double            fraction)
{
  g_return_if_fail (VJ_IS_PROGRAMMES_PAGE (self));
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}
