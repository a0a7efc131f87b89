#define G_LOG_DOMAIN "vj-widget-util"

#include "config.h"

#include "vj-widget-util.h"

/* Helpers any widget may use: unparenting for dispose, and toasts. Toasts go one way: to the nearest AdwToastOverlay above the
 * widget — the window's, or a page's own — so that no page needs to know the window. */

/**
 * vj_widget_set_window:
 * @window: (nullable): the window a page belongs to while it is not shown in it
 *
 * A section's page that is not shown is in no window; what it shows on its own (the draft a
 * crash left, offered at start) still belongs over the window: vj_widget_get_window() finds it.
 * The window outlives its pages.
 */
void
vj_widget_set_window (GtkWidget *widget,
                      GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_object_set_data (G_OBJECT (widget), "vj-window", window);
}

/**
 * vj_widget_get_window:
 *
 * Returns: (transfer none) (nullable): the window @widget is in, or the one it belongs to
 *   (vj_widget_set_window()): the parent of a dialog it shows
 */
GtkWindow *
vj_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    return GTK_WINDOW (root);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWindow *window = g_object_get_data (G_OBJECT (w), "vj-window");

      if (window != NULL)
        return window;
    }
  return NULL;
}

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *content = NULL;

  if (overlay != NULL)
    return ADW_TOAST_OVERLAY (overlay);
  /* A window (e.g. a dialog's parent): the overlay is its content */
  if (ADW_IS_APPLICATION_WINDOW (widget))
    content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (widget));
  else if (ADW_IS_WINDOW (widget) && !ADW_IS_PREFERENCES_WINDOW (widget))
    content = adw_window_get_content (ADW_WINDOW (widget));
  return ADW_IS_TOAST_OVERLAY (content) ? ADW_TOAST_OVERLAY (content) : NULL;
}

/**
 * vj_widget_add_toast:
 * @widget: a widget, or a window
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the toast overlay that holds @widget: the nearest AdwToastOverlay above it,
 * or, for a window, the one that is its content (a Preferences window shows its own).
 *
 * Returns: %FALSE if there was none; the toast is dropped then
 */
gboolean
vj_widget_add_toast (GtkWidget *widget,
                     AdwToast  *toast)
{
  AdwToastOverlay *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  if (ADW_IS_PREFERENCES_WINDOW (widget))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (widget), toast);
      return TRUE;
    }
  overlay = find_overlay (widget);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for “%s”", adw_toast_get_title (toast));
      g_object_unref (toast);
      return FALSE;
    }
  adw_toast_overlay_add_toast (overlay, toast);
  return TRUE;
}

/**
 * vj_widget_show_message:
 * @text: what to say, plain text
 *
 * A toast with @text alone (vj_widget_add_toast()).
 */
gboolean
vj_widget_show_message (GtkWidget  *widget,
                        const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return vj_widget_add_toast (widget, adw_toast_new (text));
}

/* For dispose: the template's root child and anything added beside it. */
void
vj_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

static void
drop_down_popover_mapped_cb (GtkWidget *popover,
                             GtkWidget *drop_down)
{
  gtk_widget_set_has_tooltip (drop_down, FALSE);
}

static void
drop_down_popover_unmapped_cb (GtkWidget *popover,
                               GtkWidget *drop_down)
{
  gtk_widget_set_has_tooltip (drop_down, gtk_widget_get_tooltip_text (drop_down) != NULL);
}

/**
 * vj_widget_quiet_drop_down_tooltips:
 * @root: a page
 *
 * Every dropdown and menu button under @root with a tooltip hides it while its list, menu or
 * popover is open, so the tooltip never covers the first item.
 */
void
vj_widget_quiet_drop_down_tooltips (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root))
    {
      GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (root));

      if (popover != NULL)
        {
          g_signal_connect_object (popover, "map", G_CALLBACK (drop_down_popover_mapped_cb),
                                   root, 0);
          g_signal_connect_object (popover, "unmap",
                                   G_CALLBACK (drop_down_popover_unmapped_cb), root, 0);
        }
      return;
    }
  if (GTK_IS_DROP_DOWN (root))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_POPOVER (child))
          {
            g_signal_connect_object (child, "map", G_CALLBACK (drop_down_popover_mapped_cb),
                                     root, 0);
            g_signal_connect_object (child, "unmap", G_CALLBACK (drop_down_popover_unmapped_cb),
                                     root, 0);
          }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vj_widget_quiet_drop_down_tooltips (child);
}
