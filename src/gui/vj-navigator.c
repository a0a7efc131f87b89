#define G_LOG_DOMAIN "vj-navigator"

#include "config.h"

#include "vj-navigator.h"

/* A stack of pages with history: programme → institution → initiative and back (Alt+Left).
 * AdwNavigationView does not exist at our floor (libadwaita 1.2). */

struct _VjNavigator
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GPtrArray *pages;    /* GtkWidget, bottom first */
};

enum {
  PROP_0,
  PROP_CAN_POP,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjNavigator, vj_navigator, GTK_TYPE_WIDGET)

static void
notify_all (VjNavigator *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_POP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
remove_page_later (GtkStack  *stack,
                   GtkWidget *page)
{
  /* Removed once the transition away from it is over, so it slides out. */
  if (gtk_stack_get_transition_running (stack))
    g_object_set_data_full (G_OBJECT (page), "vj-navigator-remove", g_object_ref (stack),
                            g_object_unref);
  else
    gtk_stack_remove (stack, page);
}

static void
transition_done_cb (GtkStack    *stack,
                    GParamSpec  *pspec,
                    VjNavigator *self)
{
  GtkWidget *child;

  if (gtk_stack_get_transition_running (stack))
    return;
  child = gtk_widget_get_first_child (GTK_WIDGET (stack));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (g_object_get_data (G_OBJECT (child), "vj-navigator-remove") != NULL &&
          !g_ptr_array_find (self->pages, child, NULL))
        gtk_stack_remove (stack, child);
      child = next;
    }
}

static void
vj_navigator_dispose (GObject *object)
{
  VjNavigator *self = VJ_NAVIGATOR (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }

  G_OBJECT_CLASS (vj_navigator_parent_class)->dispose (object);
}

static void
vj_navigator_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VjNavigator *self = VJ_NAVIGATOR (object);

  switch (prop_id)
    {
    case PROP_CAN_POP:
      g_value_set_boolean (value, vj_navigator_get_can_pop (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, vj_navigator_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_navigator_class_init (VjNavigatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_navigator_dispose;
  object_class->get_property = vj_navigator_get_property;

  properties[PROP_CAN_POP] =
    g_param_spec_boolean ("can-pop", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "navigator");
}

static void
vj_navigator_init (VjNavigator *self)
{
  self->pages = g_ptr_array_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  g_signal_connect (self->stack, "notify::transition-running", G_CALLBACK (transition_done_cb),
                    self);
}

GtkWidget *
vj_navigator_new (void)
{
  return g_object_new (VJ_TYPE_NAVIGATOR, NULL);
}

/**
 * vj_navigator_reset:
 *
 * Forgets the history and shows @page as the root, e.g. when a sidebar entry is chosen.
 */
void
vj_navigator_reset (VjNavigator *self,
                    GtkWidget   *page,
                    const char  *title)
{
  g_return_if_fail (VJ_IS_NAVIGATOR (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_object_set_data_full (G_OBJECT (page), "vj-navigator-title", g_strdup (title), g_free);
  if (gtk_widget_get_parent (page) != GTK_WIDGET (self->stack))
    gtk_stack_add_child (self->stack, page);
  g_object_set_data (G_OBJECT (page), "vj-navigator-remove", NULL);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_visible_child (self->stack, page);

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *old = g_ptr_array_index (self->pages, i);

      /* Root pages are kept (they are the window's); pushed pages go. */
      if (old != page && g_object_get_data (G_OBJECT (old), "vj-navigator-pushed") != NULL)
        remove_page_later (self->stack, old);
    }
  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_add (self->pages, page);
  notify_all (self);
}

void
vj_navigator_push (VjNavigator *self,
                   GtkWidget   *page,
                   const char  *title)
{
  g_return_if_fail (VJ_IS_NAVIGATOR (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_object_set_data_full (G_OBJECT (page), "vj-navigator-title", g_strdup (title), g_free);
  g_object_set_data (G_OBJECT (page), "vj-navigator-pushed", GINT_TO_POINTER (1));
  gtk_stack_add_child (self->stack, page);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_stack_set_visible_child (self->stack, page);
  g_ptr_array_add (self->pages, page);
  gtk_widget_grab_focus (page);
  notify_all (self);
}

/**
 * vj_navigator_pop:
 *
 * Returns: %TRUE when there was a page to go back from
 */
gboolean
vj_navigator_pop (VjNavigator *self)
{
  GtkWidget *top, *below;

  g_return_val_if_fail (VJ_IS_NAVIGATOR (self), FALSE);

  if (self->pages->len < 2)
    return FALSE;

  top = g_ptr_array_steal_index (self->pages, self->pages->len - 1);
  below = g_ptr_array_index (self->pages, self->pages->len - 1);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  gtk_stack_set_visible_child (self->stack, below);
  remove_page_later (self->stack, top);
  gtk_widget_grab_focus (below);
  notify_all (self);
  return TRUE;
}

/* A page's title changed (an edit renamed what it shows). */
void
vj_navigator_set_page_title (VjNavigator *self,
                             GtkWidget   *page,
                             const char  *title)
{
  g_return_if_fail (VJ_IS_NAVIGATOR (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_object_set_data_full (G_OBJECT (page), "vj-navigator-title", g_strdup (title), g_free);
  notify_all (self);
}

gboolean
vj_navigator_get_can_pop (VjNavigator *self)
{
  g_return_val_if_fail (VJ_IS_NAVIGATOR (self), FALSE);
  return self->pages->len > 1;
}

guint
vj_navigator_get_depth (VjNavigator *self)
{
  g_return_val_if_fail (VJ_IS_NAVIGATOR (self), 0);
  return self->pages->len;
}

const char *
vj_navigator_get_title (VjNavigator *self)
{
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_NAVIGATOR (self), NULL);

  if (self->pages->len == 0)
    return NULL;
  page = g_ptr_array_index (self->pages, self->pages->len - 1);
  return g_object_get_data (G_OBJECT (page), "vj-navigator-title");
}

GtkWidget *
vj_navigator_get_visible_page (VjNavigator *self)
{
  g_return_val_if_fail (VJ_IS_NAVIGATOR (self), NULL);

  if (self->pages->len == 0)
    return NULL;
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}
