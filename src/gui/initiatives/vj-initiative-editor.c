#define G_LOG_DOMAIN "vj-initiative-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-initiatives-edit.h"
#include "vj-detail.h"
#include "vj-initiative-editor.h"
#include "vj-initiative-links-group.h"
#include "vj-reference.h"

/* Create or edit an initiative, track, action plan or project: its fields, goals, actors and
 * links (VjInitiativeLinksGroup). Saving one from a feed keeps the feed's record and stores the
 * differences in the overlay (src/db), so a re-import never undoes them. */

struct _VjInitiativeEditor
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkButton           *save_button;
  AdwEntryRow         *title_row;
  AdwComboRow         *kind_row;
  AdwEntryRow         *start_row;
  AdwEntryRow         *end_row;
  AdwEntryRow         *owner_row;
  AdwEntryRow         *url_row;
  GtkTextView         *description_view;
  AdwPreferencesGroup *goals_group;
  AdwPreferencesGroup *actors_group;
  VjInitiativeLinksGroup *links_group;

  VjDb                *db;
  gint64               initiative_id;
  gint64               parent_id;
  char                *inferred;        /* kept as it was: the editor does not show it */
  GPtrArray           *goal_rows;       /* AdwEntryRow, with a "target" GtkEntry */
  GPtrArray           *actor_rows;      /* AdwExpanderRow, with "fields" AdwEntryRow[6] */
  GCancellable        *cancellable;
};


enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjInitiativeEditor, vj_initiative_editor, ADW_TYPE_WINDOW)

static const char * const actor_titles[] = {
  N_("Name"), N_("Role"), N_("Address"), N_("Phone"), N_("E-mail"), N_("Web address"),
};

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* ----- goals and actors ----- */

static void
remove_goal_cb (GtkButton          *button,
                VjInitiativeEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->goal_rows, row);
  adw_preferences_group_remove (self->goals_group, row);
}

static GtkWidget *
add_goal (VjInitiativeEditor *self,
          const char         *text,
          const char         *target)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *target_entry = gtk_entry_new ();
  GtkWidget *button = vj_detail_remove_button (_("Remove Goal"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Goal"));
  set_text (ADW_ENTRY_ROW (row), text);
  gtk_editable_set_text (GTK_EDITABLE (target_entry), target != NULL ? target : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (target_entry), _("Target"));
  gtk_editable_set_width_chars (GTK_EDITABLE (target_entry), 10);
  gtk_widget_set_valign (target_entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (target_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Target"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), target_entry);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "target", target_entry);
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_goal_cb), self);
  adw_preferences_group_add (self->goals_group, row);
  g_ptr_array_add (self->goal_rows, row);
  return row;
}

static void
remove_actor_cb (GtkButton          *button,
                 VjInitiativeEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->actor_rows, row);
  adw_preferences_group_remove (self->actors_group, row);
}

static void
actor_name_changed_cb (GtkEditable    *name,
                       AdwExpanderRow *row)
{
  const char *text = gtk_editable_get_text (name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text[0] != '\0' ? text
                                                                            : _("New Actor"));
}

static GtkWidget *
add_actor (VjInitiativeEditor  *self,
           char               **values)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *button = vj_detail_remove_button (_("Remove Actor"));
  GtkWidget **fields = g_new0 (GtkWidget *, G_N_ELEMENTS (actor_titles));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  for (guint k = 0; k < G_N_ELEMENTS (actor_titles); k++)
    {
      fields[k] = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fields[k]), _(actor_titles[k]));
      set_text (ADW_ENTRY_ROW (fields[k]), values != NULL ? values[k] : NULL);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), fields[k]);
    }
  g_signal_connect (fields[0], "changed", G_CALLBACK (actor_name_changed_cb), row);
  actor_name_changed_cb (GTK_EDITABLE (fields[0]), ADW_EXPANDER_ROW (row));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "fields", fields, g_free);
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_actor_cb), self);
  adw_preferences_group_add (self->actors_group, row);
  g_ptr_array_add (self->actor_rows, row);
  return row;
}

static void
add_goal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (widget);

  gtk_widget_grab_focus (add_goal (self, NULL, NULL));
}

static void
add_actor_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (widget);
  GtkWidget *row = add_actor (self, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (((GtkWidget **) g_object_get_data (G_OBJECT (row), "fields"))[0]);
}

/* ----- loading and saving ----- */

static void
title_changed_cb (VjInitiativeEditor *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (
    GTK_EDITABLE (self->title_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", title[0] != '\0');
}

static void
fill_kinds (VjInitiativeEditor *self,
            const char         *kind)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;
  const VjCode *kinds = vj_initiative_kinds (&n);

  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (names, g_dgettext (GETTEXT_PACKAGE, kinds[i].name));
      if (g_strcmp0 (kinds[i].code, kind) == 0)
        adw_combo_row_set_selected (self->kind_row, i);
    }
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (names));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].code, kind) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
}

static void
populate (VjInitiativeEditor *self,
          VjInitiativeEdit   *edit)
{
  const char *kind = edit != NULL ? edit->fields[VJ_INITIATIVE_KIND]
                                  : self->parent_id != 0 ? "track" : "initiative";

  if (edit != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);

      set_text (self->title_row, edit->fields[VJ_INITIATIVE_TITLE]);
      set_text (self->start_row, edit->fields[VJ_INITIATIVE_PERIOD_START]);
      set_text (self->end_row, edit->fields[VJ_INITIATIVE_PERIOD_END]);
      set_text (self->owner_row, edit->fields[VJ_INITIATIVE_OWNER]);
      set_text (self->url_row, edit->fields[VJ_INITIATIVE_SOURCE_URL]);
      gtk_text_buffer_set_text (buffer, edit->fields[VJ_INITIATIVE_DESCRIPTION] != NULL
                                        ? edit->fields[VJ_INITIATIVE_DESCRIPTION] : "", -1);
      self->inferred = g_strdup (edit->fields[VJ_INITIATIVE_INFERRED]);
      for (guint i = 0; i < edit->goals->len; i++)
        {
          char **goal = g_ptr_array_index (edit->goals, i);
          add_goal (self, goal[0], goal[1]);
        }
      for (guint i = 0; i < edit->actors->len; i++)
        add_actor (self, g_ptr_array_index (edit->actors, i));
    }
  fill_kinds (self, kind);
  vj_initiative_links_group_load (self->links_group, self->db, self->initiative_id, edit);
  title_changed_cb (self);
}

static VjInitiativeEdit *
collect (VjInitiativeEditor *self)
{
  VjInitiativeEdit *edit = vj_initiative_edit_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  guint n;
  const VjCode *kinds = vj_initiative_kinds (&n);
  guint kind = adw_combo_row_get_selected (self->kind_row);

  edit->fields[VJ_INITIATIVE_TITLE] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  edit->fields[VJ_INITIATIVE_KIND] = g_strdup (kind < n ? kinds[kind].code : NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  edit->fields[VJ_INITIATIVE_DESCRIPTION] = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  edit->fields[VJ_INITIATIVE_PERIOD_START] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->start_row)));
  edit->fields[VJ_INITIATIVE_PERIOD_END] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->end_row)));
  edit->fields[VJ_INITIATIVE_OWNER] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  edit->fields[VJ_INITIATIVE_SOURCE_URL] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  edit->fields[VJ_INITIATIVE_INFERRED] = g_strdup (self->inferred);

  edit->goals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < self->goal_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->goal_rows, i);
      GtkWidget *target = g_object_get_data (G_OBJECT (row), "target");
      char **goal = g_new0 (char *, 3);

      goal[0] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
      goal[1] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (target)));
      g_ptr_array_add (edit->goals, goal);
    }
  edit->actors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < self->actor_rows->len; i++)
    {
      GtkWidget **fields = g_object_get_data (G_OBJECT (g_ptr_array_index (self->actor_rows, i)),
                                              "fields");
      char **actor = g_new0 (char *, G_N_ELEMENTS (actor_titles) + 1);

      for (guint k = 0; k < G_N_ELEMENTS (actor_titles); k++)
        actor[k] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (fields[k])));
      g_ptr_array_add (edit->actors, actor);
    }
  vj_initiative_links_group_collect (self->links_group, edit);
  return edit;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VjInitiativeEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = vj_db_save_initiative_finish (VJ_DB (object), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (widget);
  g_autoptr(VjInitiativeEdit) edit = collect (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  vj_db_save_initiative_async (self->db, self->initiative_id, self->parent_id, edit,
                               self->cancellable, saved_cb, g_object_ref (self));
}

/* ----- GObject ----- */

static void
vj_initiative_editor_dispose (GObject *object)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_INITIATIVE_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_initiative_editor_parent_class)->dispose (object);
}

static void
vj_initiative_editor_finalize (GObject *object)
{
  VjInitiativeEditor *self = VJ_INITIATIVE_EDITOR (object);

  g_free (self->inferred);
  g_clear_pointer (&self->goal_rows, g_ptr_array_unref);
  g_clear_pointer (&self->actor_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vj_initiative_editor_parent_class)->finalize (object);
}

static void
vj_initiative_editor_class_init (VjInitiativeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_initiative_editor_dispose;
  object_class->finalize = vj_initiative_editor_finalize;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-initiative-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, goals_group);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, actors_group);
  gtk_widget_class_bind_template_child (widget_class, VjInitiativeEditor, links_group);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-goal", NULL, add_goal_action);
  gtk_widget_class_install_action (widget_class, "editor.add-actor", NULL, add_actor_action);
}

static void
vj_initiative_editor_init (VjInitiativeEditor *self)
{
  g_type_ensure (VJ_TYPE_INITIATIVE_LINKS_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->goal_rows = g_ptr_array_new ();
  self->actor_rows = g_ptr_array_new ();
}

/**
 * vj_initiative_editor_new:
 * @initiative_id: the initiative to edit, or 0 for a new one
 * @parent_id: for a new one: the initiative it is part of, or 0 for a new initiative
 *
 * Returns: (transfer floating): the editor; "saved" (row id) tells when it has saved
 */
GtkWidget *
vj_initiative_editor_new (GtkWindow *parent,
                          VjDb      *db,
                          gint64     initiative_id,
                          gint64     parent_id)
{
  VjInitiativeEditor *self = g_object_new (VJ_TYPE_INITIATIVE_EDITOR,
                                           "transient-for", parent, NULL);
  g_autoptr(VjInitiativeEdit) edit = NULL;

  self->db = g_object_ref (db);
  self->initiative_id = initiative_id;
  self->parent_id = parent_id;
  if (initiative_id != 0)
    edit = vj_db_load_initiative_edit (db, initiative_id, NULL);
  else
    gtk_window_set_title (GTK_WINDOW (self), parent_id != 0 ? _("New Part") : _("New Initiative"));
  populate (self, edit);
  return GTK_WIDGET (self);
}
