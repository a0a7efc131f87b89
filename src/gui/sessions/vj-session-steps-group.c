#define G_LOG_DOMAIN "vj-session-steps-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-date-field.h"
#include "vj-session-steps-group.h"

/* The session editor's next steps: a row per step with its due date, and the entry that adds
 * one. */

typedef struct
{
  VjSessionStepsGroup *group;
  VjNextStep          *step;   /* as added: its text and whether it is done */
  GtkWidget           *row;
  GtkWidget           *due;
} StepRow;

struct _VjSessionStepsGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *add_step_row;

  GPtrArray           *rows;   /* StepRow */
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjSessionStepsGroup, vj_session_steps_group, ADW_TYPE_PREFERENCES_GROUP)

static void
step_row_free (StepRow *row)
{
  vj_next_step_free (row->step);
  g_free (row);
}

static void
emit_changed (VjSessionStepsGroup *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static char *
text_or_null (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
remove_clicked_cb (GtkButton *button,
                   StepRow   *row)
{
  VjSessionStepsGroup *self = row->group;

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row->row);
  g_ptr_array_remove (self->rows, row);
  emit_changed (self);
}

static void
add_step_cb (VjSessionStepsGroup *self)
{
  g_autofree char *text = text_or_null (GTK_EDITABLE (self->add_step_row));
  g_autoptr(VjNextStep) step = NULL;

  if (text == NULL)
    return;
  step = vj_next_step_new (text, NULL);
  vj_session_steps_group_add (self, step);
  gtk_editable_set_text (GTK_EDITABLE (self->add_step_row), "");
  emit_changed (self);
}

static void
vj_session_steps_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VJ_TYPE_SESSION_STEPS_GROUP);

  G_OBJECT_CLASS (vj_session_steps_group_parent_class)->dispose (object);
}

static void
vj_session_steps_group_finalize (GObject *object)
{
  VjSessionStepsGroup *self = VJ_SESSION_STEPS_GROUP (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vj_session_steps_group_parent_class)->finalize (object);
}

static void
vj_session_steps_group_class_init (VjSessionStepsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_session_steps_group_dispose;
  object_class->finalize = vj_session_steps_group_finalize;

  /* A step was added or removed, or a due date changed */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-session-steps-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionStepsGroup, add_step_row);
  gtk_widget_class_bind_template_callback (widget_class, add_step_cb);
}

static void
vj_session_steps_group_init (VjSessionStepsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) step_row_free);
}

/* Adds a row for @step (copied). */
void
vj_session_steps_group_add (VjSessionStepsGroup *self,
                            const VjNextStep    *step)
{
  StepRow *row;
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *remove_label = _("Remove the next step");
  g_autofree char *label = NULL;

  g_return_if_fail (VJ_IS_SESSION_STEPS_GROUP (self));
  g_return_if_fail (step != NULL);

  row = g_new0 (StepRow, 1);
  row->group = self;
  row->step = vj_next_step_copy (step);
  row->row = adw_action_row_new ();
  row->due = vj_date_field_new ();
  label = g_strdup_printf (_("Due date for “%s”"), step->text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), step->text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  if (step->done != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), _("Done"));
  vj_date_field_set_date (VJ_DATE_FIELD (row->due), step->due);
  vj_date_field_set_label (VJ_DATE_FIELD (row->due), label);
  gtk_widget_set_valign (row->due, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (row->due, "changed", G_CALLBACK (emit_changed), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->due);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), remove);

  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row->row);
}

/* Appends a VjNextStep for each row to @steps. */
void
vj_session_steps_group_collect (VjSessionStepsGroup *self,
                                GPtrArray           *steps)
{
  g_return_if_fail (VJ_IS_SESSION_STEPS_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      StepRow *row = self->rows->pdata[i];
      VjNextStep *step = vj_next_step_copy (row->step);

      g_free (step->due);
      step->due = vj_date_field_get_date (VJ_DATE_FIELD (row->due));
      g_ptr_array_add (steps, step);
    }
}

/* Whether a step is typed in the entry but not added yet */
gboolean
vj_session_steps_group_has_pending (VjSessionStepsGroup *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VJ_IS_SESSION_STEPS_GROUP (self), FALSE);

  text = text_or_null (GTK_EDITABLE (self->add_step_row));
  return text != NULL;
}

/**
 * vj_session_steps_group_check:
 *
 * Finds a due date that cannot be read as one and puts the focus there.
 *
 * Returns: (transfer full) (nullable): what is wrong, for the counsellor, or NULL
 */
char *
vj_session_steps_group_check (VjSessionStepsGroup *self)
{
  g_return_val_if_fail (VJ_IS_SESSION_STEPS_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      StepRow *row = self->rows->pdata[i];

      if (vj_date_field_is_valid (VJ_DATE_FIELD (row->due)))
        continue;
      gtk_widget_grab_focus (row->due);
      return g_strdup_printf (_("“%s” is not a date (write dd-mm-yyyy)"),
                              vj_date_field_get_text (VJ_DATE_FIELD (row->due)));
    }
  return NULL;
}
