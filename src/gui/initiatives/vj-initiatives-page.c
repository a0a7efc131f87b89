#define G_LOG_DOMAIN "vj-initiatives-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-initiatives-edit.h"
#include "vj-db-initiatives-export.h"
#include "vj-initiative-editor.h"
#include "vj-initiatives-page.h"
#include "vj-reference.h"
#include "vj-widget-util.h"

/* Initiativer: Kompetenceparat 2020 and its tracks as a tree. The tree is a few dozen rows at
 * most, so it is a list box with indented rows. */

struct _VjInitiativesPage
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkListBox *list_box;

  VjDb       *db;
  GCancellable *cancellable;
  GCancellable *reload_cancellable;  /* the list's read, in a worker */
  GtkFileChooserNative *chooser;
  char       *publishing;  /* the name of the file being written */
};

enum
{
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjInitiativesPage, vj_initiatives_page, GTK_TYPE_WIDGET)

static void set_db (VjInitiativesPage *self,
                    VjDb              *db);
static void reload (VjInitiativesPage *self);

static void
row_activated_cb (VjInitiativesPage *self,
                  GtkListBoxRow     *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "initiative-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-initiative", "x", id);
}

static GtkWidget *
make_row (VjInitiative *initiative)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *period = vj_initiative_dup_period (initiative);
  const char *kind = vj_initiative_kind_name (vj_initiative_get (initiative, VJ_INITIATIVE_KIND));
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 vj_initiative_get (initiative, VJ_INITIATIVE_TITLE));
  if (kind != NULL && period != NULL)
    subtitle = g_strdup_printf ("%s · %s", kind, period);
  else
    subtitle = g_strdup (kind != NULL ? kind : period);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The tree's depth as indentation */
  gtk_widget_set_margin_start (row, 24 * (int) MIN (vj_initiative_get_depth (initiative), 6));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "initiative-id",
                     GSIZE_TO_POINTER ((gsize) vj_initiative_get_id (initiative)));
  return row;
}

static void
saved_cb (VjInitiativesPage *self,
          gint64             id)
{
  vj_db_notify_changed (self->db, "catalogue");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-initiative", "x", id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VjInitiativesPage *self = VJ_INITIATIVES_PAGE (widget);
  GtkWidget *editor;

  if (self->db == NULL)
    return;
  editor = vj_initiative_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->db, 0, 0);
  g_signal_connect_object (editor, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* ----- publishing ----- */

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VjInitiativesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "initiatives.publish", TRUE);
  if (!vj_db_export_initiatives_finish (VJ_DB (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says what went wrong */
          g_autofree char *message = g_strdup_printf (_("Could not publish the initiatives: %s"),
                                                      error->message);
          vj_widget_show_message (GTK_WIDGET (self), message);
        }
      return;
    }
  {
    /* Translators: %s is a file name */
    g_autofree char *message = g_strdup_printf (_("Initiatives published to “%s”"),
                                                self->publishing != NULL ? self->publishing : "");
    vj_widget_show_message (GTK_WIDGET (self), message);
  }
}

/* Writes the feed to @file in a worker; a toast says when it is done. */
void
vj_initiatives_page_publish_to (VjInitiativesPage *self,
                                GFile             *file)
{
  g_return_if_fail (VJ_IS_INITIATIVES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->db == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "initiatives.publish", FALSE);
  g_free (self->publishing);
  self->publishing = g_file_get_basename (file);
  vj_db_export_initiatives_async (self->db, NULL, file, self->cancellable, published_cb,
                                  g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     VjInitiativesPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        vj_initiatives_page_publish_to (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VjInitiativesPage *self = VJ_INITIATIVES_PAGE (widget);

  if (self->db == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Publish Initiatives"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Publish"),
                                               _("_Cancel"));
  /* Translators: the suggested file name of published initiatives */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("initiatives.xml"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
vj_initiatives_page_dispose (GObject *object)
{
  VjInitiativesPage *self = VJ_INITIATIVES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->publishing, g_free);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (object), VJ_TYPE_INITIATIVES_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (vj_initiatives_page_parent_class)->dispose (object);
}

static void
vj_initiatives_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VjInitiativesPage *self = VJ_INITIATIVES_PAGE (object);

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
vj_initiatives_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VjInitiativesPage *self = VJ_INITIATIVES_PAGE (object);

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
vj_initiatives_page_class_init (VjInitiativesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_initiatives_page_dispose;
  object_class->get_property = vj_initiatives_page_get_property;
  object_class->set_property = vj_initiatives_page_set_property;

  /**
   * VjInitiativesPage:db:
   *
   * The catalogue; the page lists its initiatives once it is set, and again when it changes.
   */
  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, VJ_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-initiatives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInitiativesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativesPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_install_action (widget_class, "initiatives.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "initiatives.publish", NULL, publish_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_initiatives_page_init (VjInitiativesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "empty");
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
vj_initiatives_page_new (VjDb *db)
{
  return g_object_new (VJ_TYPE_INITIATIVES_PAGE, "db", db, NULL);
}

/* Set once, by the window */
static void
set_db (VjInitiativesPage *self,
        VjDb              *db)
{
  if (db == NULL || db == self->db)
    return;
  g_return_if_fail (self->db == NULL);

  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed::catalogue", G_CALLBACK (reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "changed::initiatives", G_CALLBACK (reload), self,
                           G_CONNECT_SWAPPED);
  /* Deletes whose Undo toast outlived the last run are completed now */
  vj_db_purge_deleted_initiatives_async (db, NULL, NULL, NULL);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}

static void
initiatives_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) initiatives = vj_db_list_initiatives_finish (VJ_DB (object), result,
                                                                    &error);
  VjInitiativesPage *self;
  GtkWidget *child;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = VJ_INITIATIVES_PAGE (user_data);
  if (initiatives == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < initiatives->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (initiatives, i)));
  gtk_stack_set_visible_child_name (self->stack, initiatives->len > 0 ? "list" : "empty");
}

/* Read in a worker; a read before it, if still running, is dropped */
static void
reload (VjInitiativesPage *self)
{
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  vj_db_list_initiatives_async (self->db, 0, self->reload_cancellable, initiatives_read_cb,
                                self);
}
