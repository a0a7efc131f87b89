#define G_LOG_DOMAIN "vj-programmes-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdarg.h>

#include "vj-municipality-model.h"
#include "vj-programme-list.h"
#include "vj-programmes-page.h"
#include "vj-db-catalogue.h"
#include "vj-reference.h"
#include "vj-widget-util.h"

/* Uddannelser: search as you type over the catalogue, a category filter, the list. The list is
 * an SQL-backed model: filtering happens in SQL in a worker, never in a GtkFilterListModel. */

struct _VjProgrammesPage
{
  GtkWidget        parent_instance;

  GtkSearchEntry  *search_entry;
  GtkDropDown     *sort_dropdown;
  GtkDropDown     *category_dropdown;
  GtkDropDown     *level_dropdown;
  GtkDropDown     *region_dropdown;
  GtkDropDown     *municipality_dropdown;
  GtkDropDown     *institution_dropdown;
  GtkDropDown     *initiative_dropdown;
  GtkDropDown     *mode_dropdown;
  GtkDropDown     *start_dropdown;
  GtkCheckButton  *deadline_check;
  GtkCheckButton  *upcoming_check;
  GtkButton       *clear_button;
  GtkRevealer     *filter_revealer;
  GtkToggleButton *filter_toggle;
  GtkLabel        *count_label;
  GtkStack        *stack;
  GtkListView     *list_view;
  GtkProgressBar  *progress_bar;

  VjDb            *db;
  VjProgrammeList *model;
  GtkStringList   *categories;     /* labels with counts */
  GArray          *institution_ids;    /* dropdown position - 1 → institution row id */
  GArray          *initiative_ids;     /* dropdown position - 1 → initiative row id */
  gboolean         updating;       /* the dropdowns are being refilled, not changed by a user */
  gboolean         narrow;         /* the filters fold behind filter_toggle */
  guint            narrow_idle;
  guint            fill_idle;      /* the institutions and initiatives, once the list shows */
  GCancellable    *fill_cancellable;   /* their reads, in a worker */
};

/* Below this width the filters take most of the height: they fold behind a toggle */
#define NARROW_WIDTH 600

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjProgrammesPage, vj_programmes_page, GTK_TYPE_WIDGET)

static void set_db (VjProgrammesPage *self,
                    VjDb             *db);

static void
update_category_labels (VjProgrammesPage *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const VjCategory *categories;
  guint n, selected;

  categories = vj_categories (&n);
  for (guint i = 0; i < n; i++)
    {
      int count = self->model != NULL
                    ? vj_programme_list_get_category_count (self->model, categories[i].code) : -1;
      const char *name = g_dgettext (GETTEXT_PACKAGE, categories[i].name);

      g_ptr_array_add (labels, count >= 0 ? g_strdup_printf ("%s (%d)", name, count)
                                          : g_strdup (name));
    }
  g_ptr_array_add (labels, NULL);

  selected = gtk_drop_down_get_selected (self->category_dropdown);
  self->updating = TRUE;
  gtk_string_list_splice (self->categories, 1, n, (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->category_dropdown, selected);
  self->updating = FALSE;
}

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

  if (vj_programme_list_get_capped (self->model))
    /* Translators: a broad search shows only its best matches */
    count = g_strdup_printf (_("The best %u matches — type more to narrow the search"), n);
  else
    /* Translators: how many programmes the list shows */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u programme", "%u programmes", n),
                             n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  update_category_labels (self);
}

/* The coming summer's starts: August and September */
static void
after_summer (GDateTime *now,
              char     **from,
              char     **to)
{
  int year = g_date_time_get_year (now);

  if (g_date_time_get_month (now) >= 8)
    year++;
  *from = g_strdup_printf ("%04d-08-01", year);
  *to = g_strdup_printf ("%04d-09-30", year);
}

static void
start_range (guint   choice,
             char  **from,
             char  **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end = NULL;
  int months[] = { 0, 3, 6, 12 };

  *from = *to = NULL;
  if (choice == 0 || choice == GTK_INVALID_LIST_POSITION)
    return;
  if (choice == 4)
    {
      after_summer (now, from, to);
      return;
    }
  end = g_date_time_add_months (now, months[MIN (choice, 3)]);
  *from = g_date_time_format (now, "%Y-%m-%d");
  *to = g_date_time_format (end, "%Y-%m-%d");
}

static guint
selected (GtkDropDown *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  return position == GTK_INVALID_LIST_POSITION ? 0 : position;
}

static VjProgrammeQuery *
build_query (VjProgrammesPage *self)
{
  VjProgrammeQuery *query = vj_programme_query_new ();
  static const char * const modes[] = { NULL, "full-time", "part-time", "distance" };
  guint n_categories;
  const VjCategory *categories = vj_categories (&n_categories);
  guint category = selected (self->category_dropdown);
  guint municipality = selected (self->municipality_dropdown);
  guint region = selected (self->region_dropdown);
  guint n_regions;
  const VjRegion *regions = vj_regions (&n_regions);
  guint institution = selected (self->institution_dropdown);
  guint initiative = selected (self->initiative_dropdown);

  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (category > 0 && category <= n_categories)
    query->category = g_strdup (categories[category - 1].code);
  query->level = (int) selected (self->level_dropdown);
  query->municipality = vj_municipality_model_code_at (municipality);
  if (region > 0 && region <= n_regions)
    query->region = regions[region - 1].code;
  if (institution > 0 && institution <= self->institution_ids->len)
    query->institution = g_array_index (self->institution_ids, gint64, institution - 1);
  if (initiative > 0 && initiative <= self->initiative_ids->len)
    query->initiative = g_array_index (self->initiative_ids, gint64, initiative - 1);
  query->study_mode = g_strdup (modes[MIN (selected (self->mode_dropdown), 3)]);
  start_range (selected (self->start_dropdown), &query->start_from, &query->start_to);
  query->open_deadline = gtk_check_button_get_active (self->deadline_check);
  query->upcoming = gtk_check_button_get_active (self->upcoming_check);

  switch (selected (self->sort_dropdown))
    {
    case 1:
      query->sort = VJ_PROGRAMME_SORT_TITLE;
      break;
    case 2:
      query->sort = VJ_PROGRAMME_SORT_NEXT_START;
      break;
    default:
      query->sort = query->text[0] != '\0' ? VJ_PROGRAMME_SORT_RELEVANCE
                                           : VJ_PROGRAMME_SORT_TITLE;
      break;
    }
  return query;
}

/* "Filters", or "Filters (2)" with two chosen: what the folded filters hold */
static void
update_filter_toggle (VjProgrammesPage *self)
{
  GtkDropDown *dropdowns[] = {
    self->category_dropdown, self->level_dropdown, self->municipality_dropdown,
    self->institution_dropdown, self->initiative_dropdown, self->mode_dropdown,
    self->start_dropdown,
  };
  guint n = (gtk_check_button_get_active (self->deadline_check) ? 1 : 0) +
            (gtk_check_button_get_active (self->upcoming_check) ? 1 : 0);

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    n += selected (dropdowns[i]) > 0;
  if (n > 0)
    {
      /* Translators: the button that shows the filters on a narrow window; %u are chosen */
      g_autofree char *label = g_strdup_printf (_("_Filters (%u)"), n);
      gtk_button_set_label (GTK_BUTTON (self->filter_toggle), label);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self->filter_toggle), _("_Filters"));
}

static void
filter_toggled_cb (VjProgrammesPage *self)
{
  gtk_revealer_set_reveal_child (self->filter_revealer,
                                 !self->narrow ||
                                 gtk_toggle_button_get_active (self->filter_toggle));
}

static gboolean
apply_narrow_idle (gpointer data)
{
  VjProgrammesPage *self = data;

  self->narrow_idle = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->filter_toggle), self->narrow);
  filter_toggled_cb (self);
  return G_SOURCE_REMOVE;
}

static GtkSizeRequestMode
vj_programmes_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
vj_programmes_page_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

static void
vj_programmes_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GtkWidget *child = gtk_widget_get_first_child (widget);

  /* A bin, with its own allocation to see the width */
  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Not while allocating: the change is applied before the next frame */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_idle, self, NULL);
    }
}

static void
run_query (VjProgrammesPage *self)
{
  g_autoptr(VjProgrammeQuery) query = NULL;

  if (self->model == NULL || self->updating)
    return;
  query = build_query (self);
  update_filter_toggle (self);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button),
                          vj_programme_query_has_filters (query));
  vj_programme_list_set_query (self->model, query);
}

static void
filter_changed_cb (VjProgrammesPage *self)
{
  run_query (self);
}

/* Every filter back to "All" (the search text stays); the caller runs the query */
static void
reset_filters (VjProgrammesPage *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->level_dropdown, 0);
  gtk_drop_down_set_selected (self->region_dropdown, 0);
  gtk_drop_down_set_selected (self->municipality_dropdown, 0);
  gtk_drop_down_set_selected (self->institution_dropdown, 0);
  gtk_drop_down_set_selected (self->initiative_dropdown, 0);
  gtk_drop_down_set_selected (self->mode_dropdown, 0);
  gtk_drop_down_set_selected (self->start_dropdown, 0);
  gtk_check_button_set_active (self->deadline_check, FALSE);
  gtk_check_button_set_active (self->upcoming_check, FALSE);
  self->updating = FALSE;
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (widget);

  reset_filters (self);
  run_query (self);
}

/* Down in the search entry: on to the results, not into the filters below it */
static void
focus_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (widget);

  if (self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

static void
search_changed_cb (VjProgrammesPage *self)
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
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-programme", "x",
                                vj_programme_get_id (programme));
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
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  g_clear_handle_id (&self->fill_idle, g_source_remove);
  g_cancellable_cancel (self->fill_cancellable);
  g_clear_object (&self->fill_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_PROGRAMMES_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->model);
  g_clear_object (&self->db);
  g_clear_object (&self->categories);
  g_clear_pointer (&self->institution_ids, g_array_unref);
  g_clear_pointer (&self->initiative_ids, g_array_unref);

  G_OBJECT_CLASS (vj_programmes_page_parent_class)->dispose (object);
}

static void
vj_programmes_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (object);

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
vj_programmes_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VjProgrammesPage *self = VJ_PROGRAMMES_PAGE (object);

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
vj_programmes_page_class_init (VjProgrammesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_programmes_page_dispose;
  object_class->get_property = vj_programmes_page_get_property;
  object_class->set_property = vj_programmes_page_set_property;

  /**
   * VjProgrammesPage:db:
   *
   * The catalogue to search; the page lists it once it is set, and again when it changes.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->get_request_mode = vj_programmes_page_get_request_mode;
  widget_class->measure = vj_programmes_page_measure;
  widget_class->size_allocate = vj_programmes_page_size_allocate;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-programmes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, municipality_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, institution_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, initiative_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, start_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, deadline_check);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, upcoming_check);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, filter_toggle);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammesPage, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_install_action (widget_class, "programmes.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "programmes.focus-results", NULL,
                                   focus_results_action);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  g_type_ensure (VJ_TYPE_PROGRAMME);
}

static GtkStringList *
string_list (const char *first,
             ...)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    gtk_string_list_append (list, s);
  va_end (args);
  return list;
}

static void
fill_dropdowns (VjProgrammesPage *self)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autoptr(GListModel) municipalities = vj_municipality_model_new (_("All municipalities"));
  g_autoptr(GtkStringList) region_names = gtk_string_list_new (NULL);
  const VjRegion *regions;
  g_autoptr(GtkStringList) sorts = NULL;
  g_autoptr(GtkStringList) modes = NULL;
  g_autoptr(GtkStringList) starts = NULL;
  const VjCategory *categories;
  guint n;

  self->categories = gtk_string_list_new (NULL);
  gtk_string_list_append (self->categories, _("All categories"));
  categories = vj_categories (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->categories, g_dgettext (GETTEXT_PACKAGE, categories[i].name));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->categories));

  gtk_string_list_append (levels, _("All levels"));
  for (int level = 1; level <= 8; level++)
    {
      /* Translators: a level in the Danish qualifications framework */
      g_autofree char *label = g_strdup_printf (_("Level %d"), level);
      gtk_string_list_append (levels, label);
    }
  gtk_drop_down_set_model (self->level_dropdown, G_LIST_MODEL (levels));

  gtk_drop_down_set_model (self->municipality_dropdown, municipalities);

  gtk_string_list_append (region_names, _("All regions"));
  regions = vj_regions (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (region_names, regions[i].name);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (region_names));

  modes = string_list (_("All study modes"), vj_study_mode_name ("full-time"),
                       vj_study_mode_name ("part-time"), vj_study_mode_name ("distance"), NULL);
  gtk_drop_down_set_model (self->mode_dropdown, G_LIST_MODEL (modes));
  starts = string_list (_("Any start"), _("Starts within 3 months"), _("Starts within 6 months"),
                        _("Starts within a year"), _("Starts after the summer holidays"), NULL);
  gtk_drop_down_set_model (self->start_dropdown, G_LIST_MODEL (starts));
  sorts = string_list (_("Best match"), _("Title (A–Å)"), _("Next start"), NULL);
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));

  self->institution_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  {
    g_autoptr(GtkStringList) institutions = string_list (_("All institutions"), NULL);
    gtk_drop_down_set_model (self->institution_dropdown, G_LIST_MODEL (institutions));
  }
  self->initiative_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  {
    g_autoptr(GtkStringList) initiatives = string_list (_("All initiatives"), NULL);
    gtk_drop_down_set_model (self->initiative_dropdown, G_LIST_MODEL (initiatives));
  }
}

static void
vj_programmes_page_init (VjProgrammesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating = TRUE;
  fill_dropdowns (self);
  self->updating = FALSE;

  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH
                                                             "/vj-programme-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);

  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_state (self);
}

static void
institutions_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GPtrArray) institutions = vj_db_find_institutions_finish (VJ_DB (object), result,
                                                                      NULL);
  VjProgrammesPage *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = VJ_PROGRAMMES_PAGE (user_data);
  names = gtk_string_list_new (NULL);

  g_array_set_size (self->institution_ids, 0);
  gtk_string_list_append (names, _("All institutions"));
  for (guint i = 0; institutions != NULL && i < institutions->len; i++)
    {
      VjInstitution *institution = g_ptr_array_index (institutions, i);
      gint64 id = vj_institution_get_id (institution);

      g_array_append_val (self->institution_ids, id);
      gtk_string_list_append (names, vj_institution_get (institution, VJ_INSTITUTION_NAME));
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->institution_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->institution_dropdown, 0);
  self->updating = FALSE;
}

/* The initiative tree, tracks indented under their initiative; keeps the one chosen. */
static void
show_initiatives (VjProgrammesPage *self,
                  GPtrArray        *initiatives)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint position = selected (self->initiative_dropdown);
  gint64 chosen = position > 0 && position <= self->initiative_ids->len
                ? g_array_index (self->initiative_ids, gint64, position - 1) : 0;

  position = 0;
  g_array_set_size (self->initiative_ids, 0);
  gtk_string_list_append (names, _("All initiatives"));
  for (guint i = 0; initiatives != NULL && i < initiatives->len; i++)
    {
      VjInitiative *initiative = g_ptr_array_index (initiatives, i);
      gint64 id = vj_initiative_get_id (initiative);
      g_autofree char *indent = g_strnfill (MIN (vj_initiative_get_depth (initiative), 6) * 2,
                                            ' ');
      g_autofree char *label = g_strconcat (indent, vj_initiative_get (initiative,
                                                                       VJ_INITIATIVE_TITLE),
                                            NULL);

      g_array_append_val (self->initiative_ids, id);
      gtk_string_list_append (names, label);
      if (id == chosen)
        position = self->initiative_ids->len;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->initiative_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->initiative_dropdown, position);
  self->updating = FALSE;
}

static void
initiatives_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GPtrArray) initiatives = vj_db_list_initiatives_finish (VJ_DB (object), result,
                                                                    NULL);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  show_initiatives (VJ_PROGRAMMES_PAGE (user_data), initiatives);
}

/* The institutions and initiatives filters, read in a worker; those read before, if still
 * running, are dropped */
static void
fill_filters (VjProgrammesPage *self)
{
  g_cancellable_cancel (self->fill_cancellable);
  g_clear_object (&self->fill_cancellable);
  self->fill_cancellable = g_cancellable_new ();
  vj_db_find_institutions_async (self->db, 0, NULL, NULL, self->fill_cancellable,
                                 institutions_read_cb, self);
  vj_db_list_initiatives_async (self->db, 0, self->fill_cancellable, initiatives_read_cb, self);
}

GtkWidget *
vj_programmes_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_PROGRAMMES_PAGE, "db", db, NULL);
}

static gboolean
fill_idle (gpointer user_data)
{
  VjProgrammesPage *self = user_data;

  self->fill_idle = 0;
  fill_filters (self);
  return G_SOURCE_REMOVE;
}

/* The list's first answer is shown: the institutions and initiatives filters fill after it,
 * and not before it (their queries and the institutions' long dropdown) */
static void
first_answer_cb (VjProgrammesPage *self)
{
  if (vj_id_list_get_loading (VJ_ID_LIST (self->model)))
    return;
  g_signal_handlers_disconnect_by_func (self->model, first_answer_cb, self);
  if (self->fill_idle == 0)
    self->fill_idle = g_idle_add_full (G_PRIORITY_LOW, fill_idle, self, NULL);
}

/* Set once, by the window */
static void
set_db (VjProgrammesPage *self,
        VjDb             *db)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed::catalogue", G_CALLBACK (vj_programmes_page_reload), self,
                           G_CONNECT_SWAPPED);
  self->model = vj_programme_list_new (db);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (first_answer_cb), self);

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
  if (self->db != NULL)
    fill_filters (self);
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

/**
 * vj_programmes_page_show_initiative:
 * @initiative_id: an initiative or track, or 0 for every initiative
 *
 * Lists the programmes of one initiative or track (and its tracks), clearing the search and
 * the other filters first; the filter shows in its dropdown and "Clear Filters" removes it.
 */
void
vj_programmes_page_show_initiative (VjProgrammesPage *self,
                                    gint64            initiative_id)
{
  guint position = 0;

  g_return_if_fail (VJ_IS_PROGRAMMES_PAGE (self));

  /* At once: the user asked for it, and its position in the dropdown is needed now */
  if (self->db != NULL)
    {
      g_autoptr(GPtrArray) initiatives = vj_db_list_initiatives (self->db, 0, NULL);

      show_initiatives (self, initiatives);
    }
  for (guint i = 0; i < self->initiative_ids->len; i++)
    if (g_array_index (self->initiative_ids, gint64, i) == initiative_id)
      position = i + 1;
  /* The track's programmes, all of them: an earlier search or filter would hide some */
  reset_filters (self);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->initiative_dropdown, position);
  self->updating = FALSE;
  run_query (self);
}
