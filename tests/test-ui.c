/* The window as a user meets it: instantiate every template, search, open and go back, the
 * initiative tree, and every control with an accessible name. Runs under Xvfb with
 * GTK_A11Y=test; without a display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-application.h"
#include "vj-db.h"
#include "vj-db-catalogue.h"
#include "vj-db-sessions.h"
#include "vj-db-settings.h"
#include "vj-fact.h"
#include "vj-text.h"
#include "vj-import-page.h"
#include "vj-importer.h"
#include "vj-compare-page.h"
#include "vj-initiative-page.h"
#include "vj-institution-page.h"
#include "vj-institutions-page.h"
#include "vj-initiatives-page.h"
#include "vj-navigator.h"
#include "vj-preferences-window.h"
#include "vj-programme-list.h"
#include "vj-programme-page.h"
#include "vj-programme.h"
#include "vj-programmes-page.h"
#include "vj-reference.h"
#include "vj-window.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"

typedef VjTestWindowFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  vj_test_window_fixture_setup_catalogue (fixture, NULL);
  g_assert_cmpint (vj_test_query_int (fixture->base.path, "SELECT count(*) FROM programme;"), >,
                   60);
}

static void
test_templates_instantiate (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GType types[] = {
    VJ_TYPE_NAVIGATOR, VJ_TYPE_PROGRAMMES_PAGE, VJ_TYPE_INITIATIVES_PAGE,
  };
  GtkWidget *page;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));
      g_assert_true (GTK_IS_WIDGET (widget));
      g_object_unref (widget);
    }

  page = g_object_ref_sink (vj_programme_page_new (fixture->base.db, 1));
  g_assert_true (VJ_IS_PROGRAMME_PAGE (page));
  g_object_unref (page);
  page = g_object_ref_sink (vj_initiative_page_new (fixture->base.db, 1));
  g_assert_true (VJ_IS_INITIATIVE_PAGE (page));
  g_object_unref (page);
  page = vj_preferences_window_new (GTK_WINDOW (fixture->window), fixture->base.db);
  g_assert_true (VJ_IS_PREFERENCES_WINDOW (page));
  gtk_window_destroy (GTK_WINDOW (page));

  builder = gtk_builder_new_from_resource ("/dk/kompetenceparat/Vejviser/gtk/help-overlay.ui");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/dk/kompetenceparat/Vejviser/vj-programme-row.ui");
  g_assert_nonnull (factory);
}

static void
test_search_shrinks_list (Fixture       *fixture,
                          gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);
  GtkWidget *entry = vj_test_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(GObject) first = NULL;
  guint all = g_list_model_get_n_items (model);
  char *title = NULL;

  g_assert_cmpuint (all, >, 60);
  g_assert_nonnull (entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), "sygepleje");
  /* search-changed is delayed by the entry; wait for the query to start and end */
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, entry);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  vj_test_wait_until (vj_test_programmes_settled, page);

  g_assert_cmpuint (g_list_model_get_n_items (model), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  first = g_list_model_get_item (model, 0);
  g_object_get (first, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Sygeplejerske");
  g_free (title);

  /* Nothing matches: the empty state, not an empty list */
  gtk_editable_set_text (GTK_EDITABLE (entry), "xyzzyqq");
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  vj_test_wait_until (vj_test_programmes_settled, page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

/* The shortcut of that trigger ("Down") among @widget's own, activated as a key press would */
static gboolean
press_key (GtkWidget  *widget,
           const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (text, trigger) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 NULL);
        }
    }
  return FALSE;
}

static gboolean
focus_within (GtkWidget *root,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (root));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Down from the search goes to the results, not the filters; Ctrl+F on Samtaler searches the
 * log, not the catalogue */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_programmes_page (fixture->window);
  GtkWidget *entry = vj_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *focus, *list;
  GtkWidget *sessions, *sessions_entry;

  gtk_widget_grab_focus (entry);
  g_assert_true (press_key (entry, "Down"));
  /* …the first result: a row of the page's list, not of a dropdown's popover */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  list = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_is_ancestor (list, page));
  g_assert_null (gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER));

  vj_window_show_section (fixture->window, "sessions");
  sessions = vj_window_get_visible_page (fixture->window);
  sessions_entry = vj_test_find_widget (sessions, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (sessions_entry);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (vj_window_get_visible_page (fixture->window) == sessions);
  g_assert_true (focus_within (GTK_WIDGET (fixture->window), sessions_entry));

  /* Elsewhere Ctrl+F still searches the catalogue */
  vj_window_show_section (fixture->window, "statistics");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (vj_window_get_visible_page (fixture->window) == page);
  g_assert_true (focus_within (GTK_WIDGET (fixture->window), entry));
}

/* The About window's icon is there without an installation (build-aux/dev run) */
static void
test_about_icon (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(VjApplication) app = vj_application_new ();
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *about = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        about = GTK_WIDGET (window);
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about))));
  gtk_window_destroy (GTK_WINDOW (about));
}

static gboolean
every_row_read (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (vj_programme_get_title (VJ_PROGRAMME (item)) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* "Deadline not passed" lets an unknown deadline through, and marks it in the list; a deadline
 * by rule (STX's 1 March on optagelse.dk) counts as known */
static void
test_deadline_unknown_marked (Fixture       *fixture,
                              gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_programmes_page (fixture->window);
  GListModel *model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (page));
  GtkWidget *check = vj_test_find_widget (page, GTK_TYPE_CHECK_BUTTON);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint marked = 0, unmarked = 0;
  gboolean stx_seen = FALSE;

  g_assert_nonnull (check);
  /* One offering with a deadline far ahead: its programme is not marked */
  vj_test_exec_sql (fixture->base.path, "UPDATE offering SET deadline = '2099-03-15'"
                                        " WHERE id = (SELECT min (id) FROM offering"
                                        " WHERE withdrawn = 0);");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_wait_until (vj_test_programmes_settled, page);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  /* Every row read (a row is a placeholder until its page comes) */
  vj_test_wait_until (every_row_read, model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *subtitle = NULL;
      gint64 id = 0;
      gboolean known, by_rule;

      g_object_get (item, "subtitle", &subtitle, "id", &id, NULL);
      /* A youth education's 1 March by rule is known (the built-in file has no KOT offers) */
      by_rule = vj_youth_admission_applies (vj_programme_get_category (VJ_PROGRAMME (item)),
                                            vj_programme_get_title (VJ_PROGRAMME (item)));
      known = vj_db_programme_has_open_deadline (fixture->base.db, id, today) || by_rule;
      /* Marked exactly when no deadline still open is known, by a feed or by rule */
      g_assert_cmpint (strstr (subtitle, "Application deadline: not given") != NULL, ==, !known);
      if (g_str_has_prefix (vj_programme_get_title (VJ_PROGRAMME (item)), "STX"))
        {
          g_assert_true (by_rule);
          stx_seen = TRUE;
        }
      if (known)
        unmarked++;
      else
        marked++;
    }
  g_test_message ("%u marked, %u with a known deadline", marked, unmarked);
  g_assert_true (stx_seen);
  g_assert_cmpuint (marked, >, 0);
  g_assert_cmpuint (unmarked, >, 0);

  /* Without the filter nothing is marked */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_wait_until (vj_test_programmes_settled, page);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *subtitle = NULL;

      g_object_get (item, "subtitle", &subtitle, NULL);
      g_assert_null (strstr (subtitle, "Application deadline: not given"));
    }
}

/* An open dropdown's tooltip does not cover its first item */
/* The same for a menu button: Samtaler's Import and Export menu (its tooltip covered
 * "Importér samtaler fra regneark…") */
static void
test_menu_button_tooltip (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *page, *button;
  GtkPopover *popover;

  vj_window_show_section (fixture->window, "sessions");
  page = vj_window_get_visible_page (fixture->window);
  button = vj_test_find_widget (page, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, button);
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, popover);
  g_assert_false (gtk_widget_get_has_tooltip (button));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
}

static void
test_dropdown_tooltip (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_programmes_page (fixture->window);
  GtkWidget *dropdown = vj_test_find_widget (page, GTK_TYPE_DROP_DOWN);
  GtkWidget *popover = vj_test_find_widget (dropdown, GTK_TYPE_POPOVER);

  g_assert_nonnull (gtk_widget_get_tooltip_text (dropdown));
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
  g_signal_emit_by_name (dropdown, "activate");
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, popover);
  g_assert_false (gtk_widget_get_has_tooltip (dropdown));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
}

/* A second launch with another database (--db) is told about, in the running window; the
 * same database just raises the window */
static void
test_second_launch_other_db (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(VjApplication) app = vj_application_new ();
  g_autofree char *other = g_build_filename (fixture->base.dir, "other.db", NULL);
  g_autofree char *mine = vj_db_default_path ();
  GtkWidget *window;
  AdwMessageDialog *dialog;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = GTK_WIDGET (vj_window_new (GTK_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-db",
                                  g_variant_new_bytestring (mine));
  g_assert_null (vj_test_find_dialog ());

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-db",
                                  g_variant_new_bytestring (other));
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Vejviser Is Already Open");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "other.db"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
width_is (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (wait->widget) == wait->width;
}

static GtkWidget *
filter_toggle (GtkWidget *root)
{
  if (GTK_IS_TOGGLE_BUTTON (root) &&
      g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (root)) ?: "",
                        g_dgettext (GETTEXT_PACKAGE, "_Filters")))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = filter_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
results_list (GtkWidget *root)
{
  if (GTK_IS_LIST_VIEW (root) && gtk_widget_get_ancestor (root, GTK_TYPE_POPOVER) == NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = results_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many result rows show whole in the list's height */
static int
visible_rows (GtkWidget *list)
{
  GtkWidget *row = gtk_widget_get_first_child (list);
  int height = 0;

  while (row != NULL && gtk_widget_get_height (row) == 0)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  height = gtk_widget_get_height (row);
  g_assert_cmpint (height, >, 0);
  return gtk_widget_get_height (gtk_widget_get_parent (list)) / height;
}

static gboolean
filters_folded (gpointer data)
{
  GtkWidget *revealer = vj_test_find_widget (data, GTK_TYPE_REVEALER);

  return !gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* The window again, opened at that size (an open one is not resized without a window
 * manager), with the catalogue listed */
static void
reopen_at (Fixture *fixture,
           int      width,
           int      height)
{
  WidthWait wait = { NULL, width };

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = vj_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  vj_window_set_db (fixture->window, fixture->base.db);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vj_test_wait_until (vj_test_programmes_settled, vj_window_get_programmes_page (fixture->window));
  wait.widget = GTK_WIDGET (fixture->window);
  vj_test_wait_until (width_is, &wait);
  while (g_main_context_iteration (NULL, FALSE));
}

/* Every widget of @type under @root lies inside @view's width (nothing cut off at the right) */
static void
assert_inside (GtkWidget *root,
               GType      type,
               GtkWidget *view)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (root, view, &bounds));
      if (bounds.origin.x + bounds.size.width > gtk_widget_get_width (view) + 0.5)
        g_error ("%s “%s” ends at %.0f px, past %d px", G_OBJECT_TYPE_NAME (root),
                 GTK_IS_LABEL (root) ? gtk_label_get_text (GTK_LABEL (root)) : "",
                 bounds.origin.x + bounds.size.width, gtk_widget_get_width (view));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_inside (child, type, view);
}

/* The x of each programme's Remove button on the compare page, in the page's coordinates */
static void
remove_buttons_x (GtkWidget *root,
                  GtkWidget *page,
                  GArray    *xs)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)),
                 g_dgettext (GETTEXT_PACKAGE, "_Remove")) == 0)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (root, page, &bounds))
        g_array_append_val (xs, bounds.origin.x);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    remove_buttons_x (child, page, xs);
}

/* Narrow: the first programme's column starts at the page's left edge (the rows' names are on
 * lines of their own), the second half-way */
static gboolean
columns_take_width (gpointer data)
{
  GtkWidget *page = data;
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (float));

  remove_buttons_x (page, page, xs);
  return xs->len == 2 && g_array_index (xs, float, 0) < 40 &&
         g_array_index (xs, float, 1) >= gtk_widget_get_width (page) / 2 - 40;
}

/* Sammenligning at 360 px: both programmes' columns show, none cut off, each with half the
 * width: the rows' names go above their values (a column of names beside them left the titles
 * broken every few letters, "Administrati-onsbachelor" in Danish) */
static void
test_narrow_compare (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GListModel *model;
  GtkWidget *page;

  reopen_at (fixture, 360, 720);
  model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window)));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i + 2);
      gint64 id = 0;
      GtkWidget *toggle;

      g_object_get (item, "id", &id, NULL);
      g_assert_true (vj_window_open_programme (fixture->window, id));
      toggle = vj_test_find_widget (vj_window_get_visible_page (fixture->window),
                                    GTK_TYPE_TOGGLE_BUTTON);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare", NULL));
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_COMPARE_PAGE (page));
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page);
  vj_test_wait_until (columns_take_width, page);
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_screenshot (page, "compare-360");
  assert_inside (page, GTK_TYPE_LABEL, page);
}

/* Scrolls the page so @widget is at the top of its scrolled window (for a screenshot) */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, child, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 12);
  while (g_main_context_iteration (NULL, FALSE));
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* The groups' titles and the part headings of the visible page, in order */
static void
collect_headings (GtkWidget *widget,
                  GPtrArray *titles,
                  GPtrArray *headings)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (ADW_IS_PREFERENCES_GROUP (widget))
    g_ptr_array_add (titles, (gpointer) adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-4"))
    g_ptr_array_add (headings, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_headings (c, titles, headings);
}

/* A programme offered across the country (FGU's agu, with the national catalogue): Region
 * Sjælland's offerings first, by municipality, then the rest of the country by region from
 * the nearest, under two headings; FGU's offerings from the national catalogue say they are
 * derived from the law. Looked at in Danish at 1280 and 360 px (VJ_TEST_SCREENSHOTS). */
static void
test_programme_region_first (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *national = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue",
                                                     "national.xml", NULL);
  g_autoptr(VjImportReport) report = vj_test_import (fixture->base.db, national);
  gint64 agu = vj_test_query_int (fixture->base.path,
                                  "SELECT id FROM programme WHERE withdrawn = 0"
                                  " AND title = 'FGU – almen grunduddannelse (agu)';");
  gint64 stx = vj_test_query_int (fixture->base.path,
                                  "SELECT id FROM programme WHERE withdrawn = 0"
                                  " AND title LIKE 'STX%';");
  /* Without a compositor a wide window is 10 px narrower than asked for (its resize frame): a
   * window of 1290 is 1280 wide where the screen allows, 1270 on the suite's 1280 px screen */
  static const int widths[] = { 1290, 360 };
  g_autofree char *municipality = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                                               "%s Municipality"), "");
  g_autofree char *derived_text = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                                               "Derived from %s, not from a "
                                                               "register"),
                                                   "lov om forberedende grunduddannelse");

  g_assert_cmpuint (report->rejected->len, ==, 0);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GPtrArray) titles = g_ptr_array_new ();
      g_autoptr(GPtrArray) headings = g_ptr_array_new ();
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autofree char *name = NULL;
      GtkWidget *page;
      int last_municipality = -1, first_region = -1;
      int hovedstaden = -1, syddanmark = -1, midtjylland = -1, nordjylland = -1;
      guint derived = 0;

      if (widths[w] > 1000)
        {
          gtk_window_destroy (GTK_WINDOW (fixture->window));
          fixture->window = vj_window_new (NULL);
          gtk_window_set_default_size (GTK_WINDOW (fixture->window), widths[w], 800);
          vj_window_set_db (fixture->window, fixture->base.db);
          gtk_window_present (GTK_WINDOW (fixture->window));
          vj_test_wait_until (vj_test_programmes_settled,
                              vj_window_get_programmes_page (fixture->window));
        }
      else
        reopen_at (fixture, widths[w], 800);
      g_assert_true (vj_window_open_programme (fixture->window, agu));
      page = vj_window_get_visible_page (fixture->window);
      vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page);
      /* The list has gone (the page's transition has ended) */
      vj_test_wait_until (unmapped, vj_window_get_programmes_page (fixture->window));
      while (g_main_context_iteration (NULL, FALSE));
      collect_headings (page, titles, headings);
      for (guint i = 0; i < titles->len; i++)
        {
          const char *title = g_ptr_array_index (titles, i);

          if (title == NULL)
            continue;
          if (g_str_has_suffix (title, municipality))
            last_municipality = (int) i;
          if (g_str_has_prefix (title, "Region ") && first_region < 0)
            first_region = (int) i;
          if (g_strcmp0 (title, "Region Sjælland") == 0)
            g_assert_not_reached ();
          hovedstaden = g_strcmp0 (title, "Region Hovedstaden") == 0 ? (int) i : hovedstaden;
          syddanmark = g_strcmp0 (title, "Region Syddanmark") == 0 ? (int) i : syddanmark;
          midtjylland = g_strcmp0 (title, "Region Midtjylland") == 0 ? (int) i : midtjylland;
          nordjylland = g_strcmp0 (title, "Region Nordjylland") == 0 ? (int) i : nordjylland;
        }
      /* The region's municipalities first, then the other regions from the nearest */
      g_assert_cmpint (last_municipality, >=, 0);
      g_assert_cmpint (first_region, >, last_municipality);
      g_assert_cmpint (hovedstaden, ==, first_region);
      g_assert_cmpint (hovedstaden, <, syddanmark);
      g_assert_cmpint (syddanmark, <, midtjylland);
      g_assert_cmpint (midtjylland, <, nordjylland);
      g_assert_cmpuint (headings->len, ==, 2);
      g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (headings, 0)), ==,
                       g_dgettext (GETTEXT_PACKAGE, "In Region Sjælland"));
      g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (headings, 1)), ==,
                       g_dgettext (GETTEXT_PACKAGE, "In the rest of the country"));

      vj_test_collect_visible (page, ADW_TYPE_ACTION_ROW, rows);
      for (guint i = 0; i < rows->len; i++)
        {
          const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

          if (subtitle != NULL && strstr (subtitle, derived_text) != NULL)
            derived++;
        }
      g_assert_cmpuint (derived, >, 50);

      name = g_strdup_printf ("programme-regions-%d", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
      vj_test_screenshot (GTK_WIDGET (fixture->window), name);
      scroll_to (g_ptr_array_index (headings, 1));
      g_free (name);
      name = g_strdup_printf ("programme-regions-rest-%d", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
      vj_test_screenshot (GTK_WIDGET (fixture->window), name);

      /* STX's 1 March by rule, to look at */
      g_object_ref (page);
      g_assert_true (vj_window_open_programme (fixture->window, stx));
      vj_test_wait_until (unmapped, page);
      g_object_unref (page);
      page = vj_window_get_visible_page (fixture->window);
      vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page);
      while (g_main_context_iteration (NULL, FALSE));
      g_free (name);
      name = g_strdup_printf ("programme-stx-%d", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
      vj_test_screenshot (GTK_WIDGET (fixture->window), name);
    }
}

/* The check button labelled @label anywhere under @root, shown or not */
static GtkWidget *
find_check (GtkWidget  *root,
            const char *label)
{
  if (GTK_IS_CHECK_BUTTON (root) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_check (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The toggle button whose label begins with @prefix ("_Filters (1)") */
static GtkWidget *
find_toggle (GtkWidget  *root,
             const char *prefix)
{
  if (GTK_IS_TOGGLE_BUTTON (root) &&
      g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (root)) ?: "", prefix))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
model_has_programme (GListModel *model,
                     gint64      wanted)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = 0;

      g_object_get (item, "id", &id, NULL);
      if (id == wanted)
        return TRUE;
    }
  return FALSE;
}

/* Subtitles of every action row under @root */
static void
collect_subtitles (GtkWidget *root,
                   GString   *out)
{
  if (ADW_IS_ACTION_ROW (root))
    g_string_append_printf (out, "%s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (root)) ?: "");
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_subtitles (child, out);
}

/* An old feed's offerings (issue 20, Deliver 6): *kun kommende* leaves out a programme whose
 * every offering has started, and its page marks the offering as past; at 1280 and 360 px */
static void
test_upcoming_only (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gint64 old = vj_test_query_int (fixture->base.path,
                                  "SELECT min (programme_id) FROM offering WHERE withdrawn = 0;");
  const char *label = g_dgettext (GETTEXT_PACKAGE, "Upcoming only");
  static const int widths[] = { 1290, 360 };
  g_autofree char *started = NULL;
  g_autofree char *date = vj_text_format_date ("2020-08-01");
  g_autoptr(GString) subtitles = g_string_new (NULL);
  GtkWidget *page;

  vj_test_exec_sql (fixture->base.path, "UPDATE offering SET start = '2020-08-01'"
                                        " WHERE programme_id = (SELECT min (programme_id)"
                                        " FROM offering WHERE withdrawn = 0);");
  started = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Started %s (past)"), date);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GListModel *model;
      GtkWidget *check;
      guint all;
      g_autofree char *name = NULL;

      if (widths[w] > 1000)
        {
          /* As in test_programme_region_first: 1290 asked, 1280 given where the screen allows */
          gtk_window_destroy (GTK_WINDOW (fixture->window));
          fixture->window = vj_window_new (NULL);
          gtk_window_set_default_size (GTK_WINDOW (fixture->window), widths[w], 800);
          vj_window_set_db (fixture->window, fixture->base.db);
          gtk_window_present (GTK_WINDOW (fixture->window));
          vj_test_wait_until (vj_test_programmes_settled,
                              vj_window_get_programmes_page (fixture->window));
        }
      else
        reopen_at (fixture, widths[w], 800);
      page = vj_window_get_programmes_page (fixture->window);
      model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (page));
      all = g_list_model_get_n_items (model);
      g_assert_true (model_has_programme (model, old));
      check = find_check (page, label);
      g_assert_nonnull (check);
      if (!gtk_widget_get_mapped (check))
        {
          /* Narrow: the filters are behind their button */
          GtkWidget *toggle = find_toggle (page, g_dgettext (GETTEXT_PACKAGE, "_Filters"));

          g_assert_nonnull (toggle);
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
          while (g_main_context_iteration (NULL, FALSE));
        }
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      while (g_main_context_iteration (NULL, FALSE));
      vj_test_wait_until (vj_test_programmes_settled, page);
      while (g_main_context_iteration (NULL, FALSE));
      /* The started programme goes; the rest of the region's stays */
      g_test_message ("%u programmes, %u upcoming", all, g_list_model_get_n_items (model));
      g_assert_false (model_has_programme (model, old));
      g_assert_cmpuint (g_list_model_get_n_items (model), >, all / 2);
      g_assert_cmpuint (g_list_model_get_n_items (model), <, all);
      name = g_strdup_printf ("programmes-upcoming-%d", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
      vj_test_screenshot (GTK_WIDGET (fixture->window), name);
    }

  /* Its page says the start has passed */
  g_assert_true (vj_window_open_programme (fixture->window, old));
  page = vj_window_get_visible_page (fixture->window);
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page);
  vj_test_wait_until (unmapped, vj_window_get_programmes_page (fixture->window));
  while (g_main_context_iteration (NULL, FALSE));
  collect_subtitles (page, subtitles);
  g_test_message ("%s", subtitles->str);
  g_assert_nonnull (strstr (subtitles->str, started));
  vj_test_screenshot (GTK_WIDGET (fixture->window), "programme-past-360");
}

/* At 360 px the filters fold behind a button: the results get the height (3½ rows before) */
static void
test_narrow_programmes (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_programmes_page (fixture->window);
  GtkWidget *list = results_list (page);
  GtkWidget *toggle = filter_toggle (page);
  int rows;

  /* Wide: every filter shows, no button */
  g_assert_nonnull (toggle);
  g_assert_false (gtk_widget_get_visible (toggle));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (vj_test_find_widget (page,
                                                                                 GTK_TYPE_REVEALER))));

  reopen_at (fixture, 360, 720);
  page = vj_window_get_programmes_page (fixture->window);
  list = results_list (page);
  toggle = filter_toggle (page);
  vj_test_wait_until (filters_folded, page);
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, toggle);
  while (g_main_context_iteration (NULL, FALSE));
  rows = visible_rows (list);
  vj_test_screenshot (GTK_WIDGET (fixture->window), "programmes-360");
  g_assert_cmpint (rows, >=, 10);

  /* The button shows them, and says how many are chosen */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (vj_test_find_widget (page,
                                                                                 GTK_TYPE_REVEALER))));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vj_test_find_widget (vj_test_find_widget (page, GTK_TYPE_REVEALER),
                                                                  GTK_TYPE_DROP_DOWN)), 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (toggle)), ==, "_Filters (1)");
}

static gboolean
sessions_listed (gpointer data)
{
  GtkWidget *list = results_list (data);
  GListModel *model = list != NULL ? G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))
                                   : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

/* Samtaler at 360 px folds its filters behind a button too: the log gets the height (5 rows
 * before, under five filters one above the other) */
static void
test_narrow_sessions (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *toggle;
  GtkWidget *revealer;
  int rows;

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(VjSessionRecord) s = vj_session_record_new ();
      g_autoptr(GError) error = NULL;

      s->started_at = g_strdup_printf ("2026-03-%02uT10:00:00Z", 1 + i % 28);
      s->duration_minutes = 45;
      s->service = g_strdup ("kui");
      s->form = g_strdup ("individual");
      s->notes = g_strdup ("Om uddannelsesvalg");
      g_assert_cmpint (vj_db_save_session (fixture->base.db, s, &error), >, 0);
      g_assert_no_error (error);
    }

  /* Wide: every filter shows, no button */
  vj_window_show_section (fixture->window, "sessions");
  page = vj_window_get_visible_page (fixture->window);
  toggle = filter_toggle (page);
  g_assert_nonnull (toggle);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (gtk_widget_get_visible (toggle));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (vj_test_find_widget (page,
                                                                                 GTK_TYPE_REVEALER))));

  reopen_at (fixture, 360, 720);
  vj_window_show_section (fixture->window, "sessions");
  page = vj_window_get_visible_page (fixture->window);
  toggle = filter_toggle (page);
  vj_test_wait_until (sessions_listed, page);
  vj_test_wait_until (filters_folded, page);
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, toggle);
  while (g_main_context_iteration (NULL, FALSE));
  rows = visible_rows (results_list (page));
  vj_test_screenshot (GTK_WIDGET (fixture->window), "sessions-360");
  g_test_message ("%d session rows visible at 360 px", rows);
  g_assert_cmpint (rows, >=, 7);

  /* The button shows them, and says how many are chosen */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  revealer = vj_test_find_widget (page, GTK_TYPE_REVEALER);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vj_test_find_widget (revealer,
                                                                  GTK_TYPE_DROP_DOWN)), 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (toggle)), ==, "_Filters (1)");
}

static void
test_open_programme_and_back (Fixture       *fixture,
                              gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);
  g_autoptr(GObject) item = g_list_model_get_item (model, 0);
  gint64 id = 0;

  g_object_get (item, "id", &id, NULL);
  g_assert_true (vj_window_open_programme (fixture->window, id));
  g_assert_true (VJ_IS_PROGRAMME_PAGE (vj_window_get_visible_page (fixture->window)));

  /* Alt+Left goes back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_true (vj_window_get_visible_page (fixture->window) == GTK_WIDGET (page));

  /* A programme that does not exist opens nothing */
  g_assert_false (vj_window_open_programme (fixture->window, 999999));
}

typedef struct
{
  GListModel *model;
  guint       position;
} RowWait;

static gboolean
row_has_title (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(VjProgramme) programme = g_list_model_get_item (wait->model, wait->position);

  return vj_programme_get_title (programme) != NULL;
}

static gboolean
list_answered (gpointer model)
{
  return !vj_programme_list_get_loading (model);
}

/* A row that was not read with the search is read with its page in a worker, not on the main
 * thread as it is asked for: it is its id alone until then, and has its title once the page
 * has come. ("Deadline not passed": no row comes with the search) */
static void
test_rows_read_by_page (Fixture       *fixture,
                        gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_copy (
    vj_programme_list_get_query (VJ_PROGRAMME_LIST (model)));
  RowWait wait = { model, 0 };
  g_autoptr(VjProgramme) first = NULL;
  gint64 id;

  query->open_deadline = TRUE;
  vj_programme_list_set_query (VJ_PROGRAMME_LIST (model), query);
  vj_test_wait_until (list_answered, model);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  first = g_list_model_get_item (model, 0);
  g_assert_null (vj_programme_get_title (first));
  id = vj_programme_get_id (first);
  g_assert_cmpint (id, >, 0);
  vj_test_wait_until (row_has_title, &wait);
  g_clear_object (&first);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (vj_programme_get_id (first), ==, id);
  g_assert_nonnull (vj_programme_get_title (first));
}

static gboolean
has_row_titled (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_row_titled (child, title))
      return TRUE;
  return FALSE;
}

static gboolean
shows_kompetenceparat (gpointer page)
{
  return has_row_titled (page, "Kompetenceparat 2020");
}

static void
test_initiatives_tree (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *page;

  vj_window_show_section (fixture->window, "initiatives");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_INITIATIVES_PAGE (page));
  /* Read in a worker */
  vj_test_wait_until (shows_kompetenceparat, page);
  g_assert_true (has_row_titled (page, "Kompetenceparat 2020"));
  g_assert_true (has_row_titled (page, "Spor 1: Det kommunale spor"));
  g_assert_true (has_row_titled (page, "Spor 4: Ungdomsuddannelse"));
}

static guint
position_of (GtkDropDown *dropdown,
             const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), label))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
settle (VjProgrammesPage *page)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 4;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  vj_test_wait_until (vj_test_programmes_settled, page);
}

/* Every drop-down of the programmes page, in the order of the page */
static void
collect_dropdowns (GtkWidget *root,
                   GPtrArray *out)
{
  if (GTK_IS_DROP_DOWN (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_dropdowns (child, out);
}

static GtkDropDown *
dropdown_with (GtkWidget  *root,
               const char *label)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect_dropdowns (root, all);
  for (guint i = 0; i < all->len; i++)
    if (position_of (g_ptr_array_index (all, i), label) != GTK_INVALID_LIST_POSITION)
      return g_ptr_array_index (all, i);
  return NULL;
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);
  GtkDropDown *municipality = dropdown_with (GTK_WIDGET (page), "Næstved");
  GtkDropDown *category = dropdown_with (GTK_WIDGET (page), "Professional bachelor");
  guint all = g_list_model_get_n_items (model);
  guint in_naestved;

  g_assert_nonnull (municipality);
  g_assert_nonnull (category);

  gtk_drop_down_set_selected (municipality, position_of (municipality, "Næstved"));
  settle (page);
  in_naestved = g_list_model_get_n_items (model);
  g_assert_cmpuint (in_naestved, <, all);
  g_assert_cmpuint (in_naestved, >, 0);

  gtk_drop_down_set_selected (category, position_of (category, "Professional bachelor"));
  settle (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, in_naestved);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VjProgramme) p = g_list_model_get_item (model, i);
      g_assert_cmpstr (vj_programme_get_category (p), ==, "professionsbachelor");
    }

  /* One click clears them all */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "programmes.clear-filters",
                                             NULL));
  settle (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, all);
}

typedef struct
{
  GtkWidget  *page;
  const char *all;     /* the dropdown's first choice */
} Filled;

static gboolean
dropdown_filled (gpointer data)
{
  Filled *filled = data;
  GtkDropDown *dropdown = dropdown_with (filled->page, filled->all);

  return dropdown != NULL && g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)) > 1;
}

/* The institutions and initiatives filters are filled once the list has shown (not before
 * it, for a fast start), and filter it */
static void
test_filters_filled_after_list (Fixture       *fixture,
                                gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);
  Filled institutions = { GTK_WIDGET (page), "All institutions" };
  Filled initiatives = { GTK_WIDGET (page), "All initiatives" };
  GtkDropDown *dropdown;
  guint all = g_list_model_get_n_items (model);

  g_assert_cmpuint (all, >, 0);
  vj_test_wait_until (dropdown_filled, &institutions);
  vj_test_wait_until (dropdown_filled, &initiatives);
  g_assert_cmpuint (position_of (dropdown_with (GTK_WIDGET (page), "All initiatives"),
                                 "Kompetenceparat 2020"), !=, GTK_INVALID_LIST_POSITION);

  dropdown = dropdown_with (GTK_WIDGET (page), "All institutions");
  gtk_drop_down_set_selected (dropdown, position_of (dropdown, "Professionshøjskolen Absalon"));
  settle (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
}

static void
test_institutions (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *page, *search;

  vj_window_show_section (fixture->window, "institutions");
  page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_INSTITUTIONS_PAGE (page));
  g_assert_true (has_row_titled (page, "Professionshøjskolen Absalon"));
  /* Stevns has no campus, but an FGU institution serves it */
  gtk_drop_down_set_selected (dropdown_with (page, "Stevns"),
                              position_of (dropdown_with (page, "Stevns"), "Stevns"));
  g_assert_true (has_row_titled (page, "FGU Midt- og Østsjælland"));
  g_assert_false (has_row_titled (page, "Professionshøjskolen Absalon"));

  /* Searched by name and town, with Danish folding, as the programmes are */
  gtk_drop_down_set_selected (dropdown_with (page, "Stevns"), 0);
  search = vj_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "euc sjalland");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_true (has_row_titled (page, "EUC Sjælland"));
  g_assert_false (has_row_titled (page, "Professionshøjskolen Absalon"));
  gtk_editable_set_text (GTK_EDITABLE (search), "Greve gym");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_true (has_row_titled (page, "Greve Gymnasium"));
  g_assert_false (has_row_titled (page, "EUC Sjælland"));
  gtk_editable_set_text (GTK_EDITABLE (search), "100%_x");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_false (has_row_titled (page, "Greve Gymnasium"));
  /* Ctrl+F here searches the institutions */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (vj_window_get_visible_page (fixture->window) == page);
  g_assert_true (focus_within (GTK_WIDGET (fixture->window), search));

  g_assert_true (vj_window_open_institution (fixture->window, 1));
  g_assert_true (VJ_IS_INSTITUTION_PAGE (vj_window_get_visible_page (fixture->window)));
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_compare (Fixture       *fixture,
              gconstpointer  user_data)
{
  VjProgrammesPage *page = VJ_PROGRAMMES_PAGE (vj_window_get_programmes_page (fixture->window));
  GListModel *model = vj_programmes_page_get_model (page);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = 0;
      GtkWidget *toggle;

      g_object_get (item, "id", &id, NULL);
      g_assert_true (vj_window_open_programme (fixture->window, id));
      toggle = vj_test_find_widget (vj_window_get_visible_page (fixture->window),
                                    GTK_TYPE_TOGGLE_BUTTON);
      g_assert_nonnull (toggle);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare", NULL));
  g_assert_true (VJ_IS_COMPARE_PAGE (vj_window_get_visible_page (fixture->window)));
  /* What is not known reads "Not given", as everywhere (it was "—" here) */
  g_assert_false (shows_label (vj_window_get_visible_page (fixture->window), "—"));
  g_assert_true (shows_label (vj_window_get_visible_page (fixture->window),
                              g_dgettext (GETTEXT_PACKAGE, "Not given")));
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                      vj_window_get_visible_page (fixture->window));
  if (g_getenv ("VJ_TEST_SCREENSHOTS") != NULL)
    {
      /* The page slides in: the picture after it has */
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      vj_test_screenshot (GTK_WIDGET (fixture->window), "compare-wide");
    }
}

/* Sammenlign shows a place's cut-off over the years as a chart under the newest figures, as
 * the programme page does (Pædagog at Absalon in Roskilde, from the KOT table since 2009) */
static void
test_compare_cutoff_chart (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const char *tables[] = { "uddannelseszoom-excerpt.csv", "kot-graensekvotienter-excerpt.csv" };
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "v1-public-keys.xml",
                                                 NULL);
  g_autoptr(VjImportReport) report = vj_test_import (fixture->base.db, feed);
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  gint64 paedagog, other;
  GtkWidget *toggle, *compare;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "public", tables[i],
                                                     NULL);
      g_autoptr(VjImportReport) table = vj_test_import (fixture->base.db, path);

      g_assert_nonnull (table);
    }
  paedagog = vj_test_query_int (fixture->base.path,
                                "SELECT id FROM programme WHERE title = 'Pædagog'"
                                " AND withdrawn = 0 ORDER BY id DESC LIMIT 1;");
  g_assert_cmpint (paedagog, >, 0);
  /* Beside a programme without figures: one chart in all */
  other = vj_test_query_int (fixture->base.path,
                             "SELECT min (id) FROM programme WHERE title <> 'Pædagog';");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (vj_window_open_programme (fixture->window, i == 0 ? paedagog : other));
      toggle = vj_test_find_widget (vj_window_get_visible_page (fixture->window),
                                    GTK_TYPE_TOGGLE_BUTTON);
      g_assert_nonnull (toggle);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare", NULL));
  compare = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_COMPARE_PAGE (compare));
  vj_test_collect_visible (compare, GTK_TYPE_DRAWING_AREA, charts);
  g_assert_cmpuint (charts->len, ==, 1);
  /* Said to a screen reader too: the figures year by year */
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (charts->pdata[0]),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

/* Sammenlign gives a youth education's 1 March by rule, labelled as such; a programme no rule
 * covers says its deadline is not given */
static void
test_compare_rule_deadline (Fixture       *fixture,
                            gconstpointer  user_data)
{
  gint64 ids[2] = {
    vj_test_query_int (fixture->base.path, "SELECT id FROM programme WHERE title LIKE 'STX%';"),
    vj_test_query_int (fixture->base.path, "SELECT id FROM programme WHERE title LIKE 'AVU%';"),
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  VjAdmissionRule rule = { 0 };
  g_autofree char *date = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *page;

  /* Compared from the programmes' pages, as a counsellor does */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *toggle;

      g_assert_true (vj_window_open_programme (fixture->window, ids[i]));
      toggle = vj_test_find_widget (vj_window_get_visible_page (fixture->window),
                                    GTK_TYPE_TOGGLE_BUTTON);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare", NULL));
  page = g_object_ref (vj_window_get_visible_page (fixture->window));
  g_assert_true (VJ_IS_COMPARE_PAGE (page));
  vj_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page);
  vj_test_wait_until (unmapped, vj_window_get_programmes_page (fixture->window));
  while (g_main_context_iteration (NULL, FALSE));
  vj_test_screenshot (GTK_WIDGET (fixture->window), "compare-rule");

  vj_admission_rule_for ("gymnasial", "STX", NULL, today, &rule);
  date = vj_text_format_date (vj_admission_rule_deadline (&rule));
  expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s (by rule)"), date);
  g_assert_true (g_str_has_suffix (vj_admission_rule_deadline (&rule), "-03-01"));
  g_assert_true (shows_label (page, expected));
  g_assert_true (shows_label (page, g_dgettext (GETTEXT_PACKAGE, "Not given")));
  vj_admission_rule_clear (&rule);
  g_object_unref (page);
}

static void
test_every_control_named (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char *sections[] = { "programmes", "institutions", "initiatives", "sessions",
                             "follow-up", "statistics", "import" };
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  GListModel *model;
  g_autoptr(GObject) item = NULL;
  gint64 id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      vj_window_show_section (fixture->window, sections[i]);
      vj_test_collect_unnamed (GTK_WIDGET (fixture->window), unnamed);
    }

  model = vj_programmes_page_get_model (VJ_PROGRAMMES_PAGE (
    vj_window_get_programmes_page (fixture->window)));
  item = g_list_model_get_item (model, 0);
  g_object_get (item, "id", &id, NULL);
  vj_window_open_programme (fixture->window, id);
  vj_test_collect_unnamed (GTK_WIDGET (fixture->window), unnamed);
  vj_window_open_initiative (fixture->window, 1);
  vj_test_collect_unnamed (GTK_WIDGET (fixture->window), unnamed);
  vj_window_open_institution (fixture->window, 1);
  vj_test_collect_unnamed (GTK_WIDGET (fixture->window), unnamed);

  {
    GtkWidget *preferences = vj_preferences_window_new (GTK_WINDOW (fixture->window),
                                                        fixture->base.db);
    gtk_window_present (GTK_WINDOW (preferences));
    vj_test_collect_unnamed (preferences, unnamed);
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  vj_test_assert_none_unnamed (unnamed);
}

typedef struct
{
  VjDb       *db;
  const char *key;
  const char *expected;   /* NULL: unset */
} SettingWait;

static gboolean
setting_is (gpointer data)
{
  SettingWait *wait = data;
  g_autofree char *value = vj_db_get_setting (wait->db, wait->key);

  return g_strcmp0 (value, wait->expected) == 0;
}

static void
wait_for_setting (VjDb       *db,
                  const char *key,
                  const char *expected)
{
  SettingWait wait = { db, key, expected };

  vj_test_wait_until (setting_is, &wait);
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
combo_position (AdwComboRow *row,
                const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return i;
  g_assert_not_reached ();
}

static const char *
combo_selected (AdwComboRow *row)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                     adw_combo_row_get_selected (row));
}

static void
setting_changed_cb (VjWindow   *window,
                    const char *key,
                    const char *value)
{
  vj_window_apply_setting (window, key, value);
}

/* Every preference is kept in the database, read back by a new window, and the Import page's
 * switch follows the one in Preferences. */
static void
test_preferences_saved (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *preferences;
  AdwComboRow *municipality, *service;
  GtkWidget *import_page;
  GtkSwitch *import_switch;
  guint n_municipalities = 0;

  vj_municipalities (&n_municipalities);
  vj_window_show_section (fixture->window, "import");
  import_page = vj_window_get_visible_page (fixture->window);
  g_assert_true (VJ_IS_IMPORT_PAGE (import_page));
  import_switch = GTK_SWITCH (vj_test_find_widget (import_page, GTK_TYPE_SWITCH));
  g_assert_false (gtk_switch_get_active (import_switch));

  preferences = vj_preferences_window_new (GTK_WINDOW (fixture->window), fixture->base.db);
  g_signal_connect_swapped (preferences, "setting-changed", G_CALLBACK (setting_changed_cb),
                            fixture->window);
  gtk_window_present (GTK_WINDOW (preferences));
  municipality = find_combo_row (preferences, "Municipality");
  service = find_combo_row (preferences, "Service");
  g_assert_nonnull (municipality);
  g_assert_nonnull (service);

  /* Nothing set yet: the defaults */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (municipality)), ==,
                    n_municipalities + 1);
  g_assert_cmpstr (combo_selected (municipality), ==, "Not set");
  g_assert_cmpstr (combo_selected (service), ==, "Not set");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (
    vj_test_find_widget (preferences, GTK_TYPE_SPIN_BUTTON))), ==, VJ_RETENTION_YEARS_DEFAULT);

  gtk_editable_set_text (GTK_EDITABLE (vj_test_find_widget (preferences, GTK_TYPE_ENTRY)),
                         " Mette Hansen ");
  vj_preferences_window_flush (VJ_PREFERENCES_WINDOW (preferences));
  wait_for_setting (fixture->base.db, VJ_SETTING_COUNSELLOR_NAME, "Mette Hansen");

  adw_combo_row_set_selected (municipality, combo_position (municipality, "Køge"));
  wait_for_setting (fixture->base.db, VJ_SETTING_DEFAULT_MUNICIPALITY, "259");
  adw_combo_row_set_selected (service, combo_position (service, "Adult education (VEU)"));
  wait_for_setting (fixture->base.db, VJ_SETTING_DEFAULT_SERVICE, "veu");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vj_test_find_widget (preferences,
                                                                    GTK_TYPE_SPIN_BUTTON)), 7);
  wait_for_setting (fixture->base.db, VJ_SETTING_RETENTION_YEARS, "7");
  gtk_switch_set_active (GTK_SWITCH (vj_test_find_widget (preferences, GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (gtk_switch_get_active (import_switch));
  wait_for_setting (fixture->base.db, VJ_SETTING_REFRESH_AT_START, "true");
  /* People in the desktop's search: off until turned on */
  {
    GtkWidget *people = gtk_widget_get_ancestor (vj_test_find_widget (preferences,
                                                                      GTK_TYPE_SWITCH),
                                                 ADW_TYPE_PREFERENCES_GROUP);
    GtkWidget *next = gtk_widget_get_next_sibling (people);
    GtkWidget *search_switch = next != NULL ? vj_test_find_widget (next, GTK_TYPE_SWITCH) : NULL;

    g_assert_nonnull (search_switch);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (search_switch)));
    gtk_switch_set_active (GTK_SWITCH (search_switch), TRUE);
    wait_for_setting (fixture->base.db, VJ_SETTING_SEARCH_PEOPLE, "true");
  }
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* A new window shows what was saved */
  preferences = vj_preferences_window_new (GTK_WINDOW (fixture->window), fixture->base.db);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vj_test_find_widget (preferences,
                                                                     GTK_TYPE_ENTRY))),
                   ==, "Mette Hansen");
  municipality = find_combo_row (preferences, "Municipality");
  service = find_combo_row (preferences, "Service");
  g_assert_cmpstr (combo_selected (municipality), ==, "Køge");
  g_assert_cmpstr (combo_selected (service), ==, "Adult education (VEU)");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (
    vj_test_find_widget (preferences, GTK_TYPE_SPIN_BUTTON))), ==, 7);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (vj_test_find_widget (preferences,
                                                                 GTK_TYPE_SWITCH))));

  /* Back to no default */
  adw_combo_row_set_selected (municipality, 0);
  wait_for_setting (fixture->base.db, VJ_SETTING_DEFAULT_MUNICIPALITY, NULL);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The accelerators the shortcuts window shows, "A...B" ranges expanded */
static void
add_shown_accelerators (GHashTable *shown,
                        const char *accelerator)
{
  g_auto(GStrv) parts = g_strsplit (accelerator, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (parts[i], "...", 2);
      guint first = 0, last = 0;
      GdkModifierType mods = 0, last_mods = 0;

      if (parts[i][0] == '\0')
        continue;
      g_assert_true (gtk_accelerator_parse (range[0], &first, &mods));
      last = first;
      if (range[1] != NULL)
        {
          g_assert_true (gtk_accelerator_parse (range[1], &last, &last_mods));
          g_assert_cmpint (mods, ==, last_mods);
        }
      for (guint key = first; key <= last; key++)
        g_hash_table_add (shown, gtk_accelerator_name (key, mods));
    }
}

static void
check_shown (GHashTable *shown,
             GHashTable *shown_actions,
             const char *action,
             guint       keyval,
             GdkModifierType mods)
{
  g_autofree char *name = gtk_accelerator_name (keyval, mods);

  if (!g_hash_table_contains (shown, name) && !g_hash_table_contains (shown_actions, action))
    g_error ("%s (%s) is not in the shortcuts window", name, action);
}

static void
test_shortcuts_window_complete (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/dk/kompetenceparat/Vejviser/gtk/help-overlay.ui");
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) shown_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(VjApplication) app = NULL;
  g_auto(GStrv) actions = NULL;
  GSList *objects = gtk_builder_get_objects (builder);
  guint n_window_shortcuts = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accelerator = NULL;
        char *action = NULL;

        g_object_get (l->data, "accelerator", &accelerator, "action-name", &action, NULL);
        if (action != NULL)
          g_hash_table_add (shown_actions, action);
        if (accelerator != NULL)
          add_shown_accelerators (shown, accelerator);
      }
  g_slist_free (objects);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  /* The window's key bindings for its own actions */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          const char *name;

          if (!GTK_IS_NAMED_ACTION (action) || !GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (!g_str_has_prefix (name, "win."))
            continue;
          check_shown (shown, shown_actions, name,
                       gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
          n_window_shortcuts++;
        }
    }
  g_assert_cmpuint (n_window_shortcuts, >=, 10);

  /* The application's accelerators, as its startup sets them */
  app = vj_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_true (g_strv_contains ((const char * const *) actions, "app.preferences"));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval = 0;
          GdkModifierType mods = 0;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          check_shown (shown, shown_actions, actions[i], keyval, mods);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the system's icon theme and GTK then warns about
   * icons it cannot load. Every file the tests write is in their own temporary folder. */
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  /* VEJVISER_LOCALEDIR with LANGUAGE=da: in Danish, to look at (VJ_TEST_SCREENSHOTS) */
  vj_test_bind_translations ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/ui/templates/instantiate", Fixture, NULL, fixture_set_up,
              test_templates_instantiate, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/search-shrinks-list", Fixture, NULL, fixture_set_up,
              test_search_shrinks_list, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/about/icon", Fixture, NULL, fixture_set_up, test_about_icon,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/deadline-unknown-marked", Fixture, NULL, fixture_set_up,
              test_deadline_unknown_marked, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/dropdown-tooltip", Fixture, NULL, fixture_set_up,
              test_dropdown_tooltip, vj_test_window_fixture_teardown);
  g_test_add ("/ui/sessions/menu-button-tooltip", Fixture, NULL, fixture_set_up,
              test_menu_button_tooltip, vj_test_window_fixture_teardown);
  g_test_add ("/ui/app/second-launch-other-db", Fixture, NULL, fixture_set_up,
              test_second_launch_other_db, vj_test_window_fixture_teardown);
  g_test_add ("/ui/sessions/narrow", Fixture, NULL, fixture_set_up, test_narrow_sessions,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/narrow", Fixture, NULL, fixture_set_up, test_narrow_programmes,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/narrow-compare", Fixture, NULL, fixture_set_up,
              test_narrow_compare, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/rows-read-by-page", Fixture, NULL, fixture_set_up,
              test_rows_read_by_page, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/open-and-back", Fixture, NULL, fixture_set_up,
              test_open_programme_and_back, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/compare-rule-deadline", Fixture, NULL, fixture_set_up,
              test_compare_rule_deadline, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/upcoming-only", Fixture, NULL, fixture_set_up,
              test_upcoming_only, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programme/region-first", Fixture, NULL, fixture_set_up,
              test_programme_region_first, vj_test_window_fixture_teardown);
  g_test_add ("/ui/initiatives/tree", Fixture, NULL, fixture_set_up, test_initiatives_tree,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/filters", Fixture, NULL, fixture_set_up, test_filters,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/filters-filled-after-list", Fixture, NULL, fixture_set_up,
              test_filters_filled_after_list, vj_test_window_fixture_teardown);
  g_test_add ("/ui/institutions/list-and-open", Fixture, NULL, fixture_set_up,
              test_institutions, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/compare-cutoff-chart", Fixture, NULL, fixture_set_up,
              test_compare_cutoff_chart, vj_test_window_fixture_teardown);
  g_test_add ("/ui/programmes/compare", Fixture, NULL, fixture_set_up, test_compare,
              vj_test_window_fixture_teardown);
  g_test_add ("/ui/preferences/saved-in-database", Fixture, NULL, fixture_set_up,
              test_preferences_saved, vj_test_window_fixture_teardown);
  g_test_add ("/ui/shortcuts-window/complete", Fixture, NULL, fixture_set_up,
              test_shortcuts_window_complete, vj_test_window_fixture_teardown);
  g_test_add ("/ui/a11y/every-control-named", Fixture, NULL, fixture_set_up,
              test_every_control_named, vj_test_window_fixture_teardown);
  return g_test_run ();
}
