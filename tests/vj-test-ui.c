#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vj-programmes-page.h"
#include "vj-test-ui.h"

/* ----- the window on a test database ----- */

/**
 * vj_test_window_fixture_setup:
 *
 * An empty database and the window on it, shown.
 */
void
vj_test_window_fixture_setup (VjTestWindowFixture *fixture,
                              gconstpointer        data)
{
  vj_test_fixture_setup (&fixture->base, data);
  vj_test_window_fixture_present (fixture);
}

/**
 * vj_test_window_fixture_setup_catalogue:
 * @data: a feed in tests/data, or %NULL for the built-in catalogue
 *
 * A database with a catalogue and the window on it, shown, its list of programmes loaded.
 */
void
vj_test_window_fixture_setup_catalogue (VjTestWindowFixture *fixture,
                                        gconstpointer        data)
{
  vj_test_fixture_setup_catalogue (&fixture->base, data);
  vj_test_window_fixture_present (fixture);
  vj_test_wait_until (vj_test_programmes_settled,
                      vj_window_get_programmes_page (fixture->window));
}

/**
 * vj_test_window_fixture_setup_care:
 *
 * tests/data/v1-small.xml with vj_test_seed_care()'s people, sessions, next steps and
 * shortlist, and the window on it, shown.
 */
void
vj_test_window_fixture_setup_care (VjTestWindowFixture *fixture,
                                   gconstpointer        data)
{
  vj_test_fixture_setup_catalogue (&fixture->base, "v1-small.xml");
  vj_test_seed_care (fixture->base.path);
  vj_test_window_fixture_present (fixture);
}

/* The window on the fixture's database, shown (for a setup that first adds rows of its own) */
void
vj_test_window_fixture_present (VjTestWindowFixture *fixture)
{
  fixture->window = vj_window_new (NULL);
  vj_window_set_db (fixture->window, fixture->base.db);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

void
vj_test_window_fixture_teardown (VjTestWindowFixture *fixture,
                                 gconstpointer        data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vj_test_fixture_teardown (&fixture->base, data);
}

/* ----- waiting and finding ----- */

/* Runs the main loop until @done says so. The deadline only stops a test that would hang: it
 * is generous, for a loaded machine and the sanitizer build. */
void
vj_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* For vj_test_wait_until(): whether the Programmes page @page has loaded its list */
gboolean
vj_test_programmes_settled (gpointer page)
{
  GListModel *model = vj_programmes_page_get_model (page);
  gboolean loading = TRUE;

  if (model == NULL)
    return FALSE;
  g_object_get (model, "loading", &loading, NULL);
  return !loading;
}

/* The first widget of @type in @root's tree, @root included */
GtkWidget *
vj_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vj_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first sensitive button in @root's tree whose tooltip is @tooltip */
GtkWidget *
vj_test_find_button_with_tooltip (GtkWidget  *root,
                                  const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0 &&
      gtk_widget_get_sensitive (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vj_test_find_button_with_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The message dialog on screen, if any */
AdwMessageDialog *
vj_test_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* ----- accessible names ----- */

/* GTK 4.8 cannot compute an accessible name; a control is named when it has the LABEL
 * property, is LABELLED_BY something, or shows its own text. */
static gboolean
shows_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child))
      return TRUE;
  return FALSE;
}

static gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         shows_text (widget);
}

/**
 * vj_test_collect_unnamed:
 * @unnamed: (element-type utf8): where each control without an accessible name is added, as
 *   its type and its ancestors' types
 *
 * Walks what is shown of @root's tree for controls a screen reader could not name.
 */
void
vj_test_collect_unnamed (GtkWidget *root,
                         GPtrArray *unnamed)
{
  gboolean interactive = GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root) ||
                         GTK_IS_DROP_DOWN (root) || GTK_IS_SEARCH_ENTRY (root) ||
                         GTK_IS_ENTRY (root) || GTK_IS_SWITCH (root) ||
                         GTK_IS_CHECK_BUTTON (root) || GTK_IS_LIST_VIEW (root) ||
                         GTK_IS_SPIN_BUTTON (root) || GTK_IS_TEXT_VIEW (root) ||
                         (GTK_IS_LIST_BOX (root) && gtk_widget_get_first_child (root));

  /* A stack's pages that are not shown are walked when they are (this also leaves out
   * AdwPreferencesWindow's search entry, which its search-enabled=False never shows) */
  if (!gtk_widget_get_visible (root) ||
      (GTK_IS_STACK (gtk_widget_get_parent (root)) && !gtk_widget_get_child_visible (root)))
    return;
  if (interactive && !is_named (root))
    {
      GString *path = g_string_new (G_OBJECT_TYPE_NAME (root));

      for (GtkWidget *w = gtk_widget_get_parent (root); w != NULL; w = gtk_widget_get_parent (w))
        g_string_append_printf (path, " in %s", G_OBJECT_TYPE_NAME (w));
      g_ptr_array_add (unnamed, g_string_free (path, FALSE));
    }

  /* Allow-list: the inside of these composite widgets belongs to GTK and libadwaita, which
   * name their own parts (window controls, the drop-down's button, the entry's text) */
  if (GTK_IS_WINDOW_CONTROLS (root) || GTK_IS_DROP_DOWN (root) || GTK_IS_SEARCH_ENTRY (root))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vj_test_collect_unnamed (child, unnamed);
}

/* Fails the test if vj_test_collect_unnamed() found any control without a name */
void
vj_test_assert_none_unnamed (GPtrArray *unnamed)
{
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (const char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

/* Every control shown in @root's tree has an accessible name */
void
vj_test_assert_all_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

  vj_test_collect_unnamed (root, unnamed);
  vj_test_assert_none_unnamed (unnamed);
}

/* ----- the care pages ----- */

/* For vj_test_wait_until(): whether Opfølgning @data is shown and loaded */
gboolean
vj_test_followup_settled (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vj_followup_page_is_loading (data);
}

/* Opfølgning, shown and loaded */
VjFollowupPage *
vj_test_show_followup (VjWindow *window)
{
  GtkWidget *page;

  vj_window_show_section (window, "follow-up");
  page = vj_window_get_visible_page (window);
  g_assert_true (VJ_IS_FOLLOWUP_PAGE (page));
  vj_test_wait_until (vj_test_followup_settled, page);
  return VJ_FOLLOWUP_PAGE (page);
}

static gboolean
person_settled (gpointer data)
{
  return !vj_person_page_is_loading (data);
}

/* The person of Opfølgning's first row (AB-7 in vj_test_seed_care()'s log), opened from it */
VjPersonPage *
vj_test_open_person_from_followup (VjWindow *window)
{
  VjFollowupPage *followup = vj_test_show_followup (window);
  GtkWidget *row = vj_test_find_widget (GTK_WIDGET (followup), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *page;

  /* The first row is the overdue step of AB-7's session; activating it opens AB-7 */
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = vj_window_get_visible_page (window);
  g_assert_true (VJ_IS_PERSON_PAGE (page));
  g_assert_cmpstr (vj_person_page_get_title (VJ_PERSON_PAGE (page)), ==, "AB-7");
  vj_test_wait_until (person_settled, page);
  return VJ_PERSON_PAGE (page);
}

/* ----- toasts ----- */

static void
collect_toasts (GtkWidget *root,
                GType      type,
                AdwToast **last)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          g_autoptr(AdwToast) toast = NULL;

          g_object_get (child, "toast", &toast, NULL);
          if (toast != NULL)
            *last = toast;  /* the overlay keeps it */
        }
      else
        collect_toasts (child, type, last);
    }
}

/* The toast the user sees over @widget (in the nearest toast overlay above it), if any */
AdwToast *
vj_test_shown_toast (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GType type = g_type_from_name ("AdwToastWidget");
  AdwToast *last = NULL;

  g_assert_nonnull (overlay);
  if (type == G_TYPE_INVALID)
    return NULL;  /* no toast was ever shown */
  collect_toasts (overlay, type, &last);
  return last;
}

/* With VEJVISER_LOCALEDIR (and LANGUAGE=da, say), the app's translations from the build, as
 * the app binds them: to look at the pages in Danish (VJ_TEST_SCREENSHOTS). The suite runs
 * with LANGUAGE=en. Call before gtk_init(). */
void
vj_test_bind_translations (void)
{
  if (g_getenv ("VEJVISER_LOCALEDIR") == NULL)
    return;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VEJVISER_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* With VJ_TEST_SCREENSHOTS=DIR, @widget as it is drawn, in DIR/NAME.png: to look at a page the
 * test laid out (at 360 px, say). Without it, nothing. */
void
vj_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("VJ_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (texture, path);
}

/* Every widget of @type shown under @root (itself included), in tree order */
void
vj_test_collect_visible (GtkWidget *root,
                         GType      type,
                         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_visible (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vj_test_collect_visible (child, type, found);
}
