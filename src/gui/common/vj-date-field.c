#define G_LOG_DOMAIN "vj-date-field"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "vj-date-field.h"
#include "vj-dates.h"
#include "vj-widget-util.h"

/* A date, typed or picked: an entry that takes a Danish date as written (27-11-2026,
 * 27.11.26, 2026-11-27; vj_date_parse_danish) and a button with a calendar. The calendar
 * starts the week on the locale's first weekday (GTK reads it from LC_TIME: Monday in
 * Danish). A picked day is written into the entry as dd-mm-yyyy; what cannot be read as a
 * date is marked. */

struct _VjDateField
{
  GtkWidget       parent_instance;

  GtkEntry       *entry;
  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkCalendar    *calendar;

  char           *label;
  gboolean        showing;   /* the calendar is set from the entry: not a pick */
};

enum {
  PROP_0,
  PROP_DATE,
  PROP_LABEL,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjDateField, vj_date_field, GTK_TYPE_WIDGET)

static void
text_changed_cb (VjDateField *self)
{
  if (vj_date_field_is_valid (self))
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Enter: a date written another way is shown the usual way */
static void
activate_cb (VjDateField *self)
{
  g_autofree char *date = vj_date_field_get_date (self);

  if (date != NULL)
    vj_date_field_set_date (self, date);
}

/* The calendar opens on the date in the entry, or today */
static void
popover_show_cb (VjDateField *self)
{
  g_autofree char *date = vj_date_field_get_date (self);
  g_autoptr(GDateTime) day = NULL;

  if (date != NULL)
    {
      int year, month, mday;

      if (sscanf (date, "%4d-%2d-%2d", &year, &month, &mday) == 3)
        day = g_date_time_new_local (year, month, mday, 0, 0, 0);
    }
  if (day == NULL)
    day = g_date_time_new_now_local ();
  /* The button's tooltip would cover the calendar's month */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->button), FALSE);
  self->showing = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  self->showing = FALSE;
}

static void
popover_closed_cb (VjDateField *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->button), TRUE);
}

static void
pick_selected_day (VjDateField *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *date = NULL;

  date = g_date_time_format (day, "%Y-%m-%d");
  vj_date_field_set_date (self, date);
  gtk_popover_popdown (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
day_selected_cb (VjDateField *self)
{
  if (!self->showing)
    pick_selected_day (self);
}

/* Whether @label is the calendar's selected day (GtkCalendar says nothing when the day picked
 * is the one already selected: today, on an empty field) */
static gboolean
is_selected_day (VjDateField *self,
                 GtkWidget   *label)
{
  g_autoptr(GDateTime) selected = NULL;

  if (!GTK_IS_LABEL (label) || !gtk_widget_has_css_class (label, "day-number") ||
      gtk_widget_has_css_class (label, "other-month"))
    return FALSE;
  selected = gtk_calendar_get_date (self->calendar);
  return atoi (gtk_label_get_text (GTK_LABEL (label))) ==
         g_date_time_get_day_of_month (selected);
}

static void
calendar_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     VjDateField     *self)
{
  GtkWidget *label = gtk_widget_pick (GTK_WIDGET (self->calendar), x, y, GTK_PICK_DEFAULT);

  if (label != NULL && is_selected_day (self, label))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      pick_selected_day (self);
    }
}

static gboolean
calendar_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VjDateField           *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_space &&
      keyval != GDK_KEY_KP_Space)
    return GDK_EVENT_PROPAGATE;
  /* The focused day: Enter on the selected one picks it as well */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calendar));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    for (GtkWidget *label = gtk_widget_get_first_child (child); label != NULL;
         label = gtk_widget_get_next_sibling (label))
      if ((gtk_widget_get_state_flags (label) & GTK_STATE_FLAG_FOCUSED) &&
          is_selected_day (self, label))
        {
          pick_selected_day (self);
          return GDK_EVENT_STOP;
        }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
vj_date_field_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (VJ_DATE_FIELD (widget)->entry));
}

static void
vj_date_field_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VJ_TYPE_DATE_FIELD);

  G_OBJECT_CLASS (vj_date_field_parent_class)->dispose (object);
}

static void
vj_date_field_finalize (GObject *object)
{
  VjDateField *self = VJ_DATE_FIELD (object);

  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (vj_date_field_parent_class)->finalize (object);
}

static void
vj_date_field_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VjDateField *self = VJ_DATE_FIELD (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_take_string (value, vj_date_field_get_date (self));
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_date_field_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VjDateField *self = VJ_DATE_FIELD (object);

  switch (prop_id)
    {
    case PROP_DATE:
      vj_date_field_set_date (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      vj_date_field_set_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_date_field_class_init (VjDateFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_date_field_dispose;
  object_class->finalize = vj_date_field_finalize;
  object_class->get_property = vj_date_field_get_property;
  object_class->set_property = vj_date_field_set_property;
  widget_class->grab_focus = vj_date_field_grab_focus;

  /**
   * VjDateField:date:
   *
   * The date as YYYY-MM-DD, or NULL when none (or none that can be read) is written.
   */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VjDateField:label:
   *
   * What the date is, for the accessible names of the entry and the calendar button.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The text changed: typed, picked or set */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/vj-date-field.ui");
  gtk_widget_class_bind_template_child (widget_class, VjDateField, entry);
  gtk_widget_class_bind_template_child (widget_class, VjDateField, button);
  gtk_widget_class_bind_template_child (widget_class, VjDateField, popover);
  gtk_widget_class_bind_template_child (widget_class, VjDateField, calendar);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
vj_date_field_init (VjDateField *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The button's tooltip would cover the calendar's month */
  vj_widget_quiet_drop_down_tooltips (GTK_WIDGET (self));
  /* Before the calendar's own: it ignores a pick of the day already selected */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (calendar_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), GTK_EVENT_CONTROLLER (click));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (calendar_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), keys);
  vj_date_field_set_label (self, _("Date"));
}

GtkWidget *
vj_date_field_new (void)
{
  return g_object_new (VJ_TYPE_DATE_FIELD, NULL);
}

/**
 * vj_date_field_get_date:
 *
 * Returns: (transfer full) (nullable): the date written, as YYYY-MM-DD, or NULL if none is or
 *   it cannot be read as a date
 */
char *
vj_date_field_get_date (VjDateField *self)
{
  g_return_val_if_fail (VJ_IS_DATE_FIELD (self), NULL);

  return vj_date_parse_danish (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/**
 * vj_date_field_set_date:
 * @iso_date: (nullable): YYYY-MM-DD (a time after it is left out), or NULL for none
 *
 * Writes the date in the entry as dd-mm-yyyy.
 */
void
vj_date_field_set_date (VjDateField *self,
                        const char  *iso_date)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VJ_IS_DATE_FIELD (self));

  text = vj_date_format_short (iso_date);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

/* Whether the entry is empty or holds a date */
gboolean
vj_date_field_is_valid (VjDateField *self)
{
  g_autofree char *date = NULL;
  const char *text;

  g_return_val_if_fail (VJ_IS_DATE_FIELD (self), FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return TRUE;
  date = vj_date_parse_danish (text);
  return date != NULL;
}

/* What is written, as written */
const char *
vj_date_field_get_text (VjDateField *self)
{
  g_return_val_if_fail (VJ_IS_DATE_FIELD (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

const char *
vj_date_field_get_label (VjDateField *self)
{
  g_return_val_if_fail (VJ_IS_DATE_FIELD (self), NULL);

  return self->label;
}

/**
 * vj_date_field_set_label:
 * @label: what the date is ("Follow up on"), for the accessible names
 */
void
vj_date_field_set_label (VjDateField *self,
                         const char  *label)
{
  g_autofree char *button = NULL;

  g_return_if_fail (VJ_IS_DATE_FIELD (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label != NULL ? label : _("Date"));
  /* Translators: the name of a date field's calendar button; %s is the field's name */
  button = g_strdup_printf (_("%s: choose in a calendar"), self->label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  button, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->label, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}
