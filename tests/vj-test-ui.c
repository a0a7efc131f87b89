#include "config.h"

#include "vj-test-ui.h"

/* Runs the main loop until @done says so. The deadline only stops a test that would hang: it
 * is generous, for a loaded machine and the sanitizer build. */
void
vj_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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
