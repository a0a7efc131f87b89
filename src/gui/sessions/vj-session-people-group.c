#define G_LOG_DOMAIN "vj-session-people-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-code-combo.h"
#include "vj-date-field.h"
#include "vj-db-sessions.h"
#include "vj-municipality-model.h"
#include "vj-session-people-group.h"

/* The session editor's people: an expander per person (reference, birth year, grade,
 * municipality, target group, consent), and the entry that adds one. As the counsellor types a
 * reference, the people whose reference starts with it are looked up in a worker and offered
 * below the entry. */

#define PEOPLE_SHOWN 6

typedef struct
{
  VjSessionPeopleGroup *group;
  VjPersonRecord       *person;        /* as added: its id and what the rows do not show */
  GtkWidget            *expander;
  GtkWidget            *reference;
  GtkWidget            *birth;
  GtkWidget            *grade;
  GtkWidget            *municipality;
  GtkWidget            *target;
  GtkWidget            *consent;
  GtkWidget            *consent_date;
  gboolean              follows;       /* the municipality is the session's until chosen */
} PersonRow;

struct _VjSessionPeopleGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *add_person_row;
  GtkListBox          *person_results;

  VjDb                *db;
  GPtrArray           *rows;           /* PersonRow */
  GCancellable        *search;
  int                  municipality;   /* the session's */
  gboolean             following;      /* the session's municipality is being set on rows */
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_PERSON_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VjSessionPeopleGroup, vj_session_people_group, ADW_TYPE_PREFERENCES_GROUP)

static void
person_row_free (PersonRow *row)
{
  vj_person_record_free (row->person);
  g_free (row);
}

static char *
text_or_null (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
emit_changed (VjSessionPeopleGroup *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static GtkWidget *
entry_row (const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  return row;
}

static void
remove_clicked_cb (GtkButton *button,
                   PersonRow *row)
{
  VjSessionPeopleGroup *self = row->group;

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row->expander);
  g_ptr_array_remove (self->rows, row);
  emit_changed (self);
}

static void
open_clicked_cb (GtkButton *button,
                 PersonRow *row)
{
  if (row->person->id != 0)
    g_signal_emit (row->group, signals[SIGNAL_PERSON_ACTIVATED], 0, row->person->id);
}

/* Returns: the year typed (four digits, not in the future), 0 for none, or -1 if it is not
 * a year */
static int
birth_year (PersonRow *row)
{
  g_autofree char *text = text_or_null (GTK_EDITABLE (row->birth));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint64 year;

  if (text == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 1900, g_date_time_get_year (now), &year, NULL))
    return -1;
  return (int) year;
}

static void
birth_changed_cb (GtkEditable *editable,
                  PersonRow   *row)
{
  if (birth_year (row) >= 0)
    gtk_widget_remove_css_class (row->birth, "error");
  else
    gtk_widget_add_css_class (row->birth, "error");
}

static void
municipality_chosen_cb (PersonRow *row)
{
  if (!row->group->following)
    row->follows = FALSE;  /* chosen by hand: it stays */
}

static void
follow_session (PersonRow *row)
{
  row->group->following = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (row->municipality),
                              vj_municipality_model_position (row->group->municipality));
  row->group->following = FALSE;
}

static void
reference_changed_cb (GtkEditable *editable,
                      GtkWidget   *expander)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 gtk_editable_get_text (editable));
}

static GtkWidget *
actions_row (PersonRow *row)
{
  GtkWidget *actions = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open Person"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *remove_label = _("Remove the person from the session");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions), _("This person"));
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (open, row->person->id != 0);
  g_signal_connect (open, "clicked", G_CALLBACK (open_clicked_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions), open);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions), remove);
  return actions;
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VjSessionPeopleGroup *self = source_object;
  GError *error = NULL;
  GPtrArray *people = vj_db_search_people (self->db, task_data, PEOPLE_SHOWN, &error);

  if (people == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
has_person (VjSessionPeopleGroup *self,
            gint64                id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (((PersonRow *) self->rows->pdata[i])->person->id == id)
      return TRUE;
  return FALSE;
}

static GtkWidget *
result_row (const VjPersonRecord *p)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->reference);
  if (p->birth_year > 0 || p->grade != NULL)
    {
      /* Translators: what tells two people apart: a birth year and/or a grade */
      g_autofree char *subtitle = p->birth_year > 0
                                  ? g_strdup_printf (_("born %d%s%s"), p->birth_year,
                                                     p->grade != NULL ? ", " : "",
                                                     p->grade != NULL ? p->grade : "")
                                  : g_strdup (p->grade);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "person", vj_person_record_copy (p),
                          (GDestroyNotify) vj_person_record_free);
  return row;
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjSessionPeopleGroup *self = VJ_SESSION_PEOPLE_GROUP (object);
  g_autoptr(GPtrArray) people = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkWidget *child;
  guint shown = 0;

  if (people == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->person_results))) != NULL)
    gtk_list_box_remove (self->person_results, child);
  for (guint i = 0; i < people->len; i++)
    {
      VjPersonRecord *p = people->pdata[i];

      if (has_person (self, p->id))
        continue;
      gtk_list_box_append (self->person_results, result_row (p));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->person_results), shown > 0);
}

static void
search_cb (VjSessionPeopleGroup *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->add_person_row))));
  g_autoptr(GTask) task = NULL;

  if (self->search != NULL)
    g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  if (*text == '\0' || self->db == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->person_results), FALSE);
      return;
    }
  self->search = g_cancellable_new ();
  task = g_task_new (self, self->search, search_done_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&text), g_free);
  g_task_run_in_thread (task, search_thread);
}

static void
person_chosen_cb (VjSessionPeopleGroup *self,
                  GtkListBoxRow        *row)
{
  VjPersonRecord *person = g_object_get_data (G_OBJECT (row), "person");

  vj_session_people_group_add (self, person);
  gtk_editable_set_text (GTK_EDITABLE (self->add_person_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->person_results), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_person_row));
  emit_changed (self);
}

static void
add_person_cb (VjSessionPeopleGroup *self)
{
  g_autofree char *reference = text_or_null (GTK_EDITABLE (self->add_person_row));
  g_autoptr(VjPersonRecord) person = NULL;

  if (reference == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      PersonRow *row = self->rows->pdata[i];

      if (g_utf8_collate (gtk_editable_get_text (GTK_EDITABLE (row->reference)), reference) == 0)
        return;
    }
  /* An existing person by that reference, or a new one */
  person = self->db != NULL ? vj_db_find_person (self->db, reference, NULL) : NULL;
  if (person == NULL)
    {
      person = vj_person_record_new ();
      person->reference = g_strdup (reference);
    }
  vj_session_people_group_add (self, person);
  gtk_editable_set_text (GTK_EDITABLE (self->add_person_row), "");
  emit_changed (self);
}

static gboolean
vj_session_people_group_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (VJ_SESSION_PEOPLE_GROUP (widget)->add_person_row));
}

static void
vj_session_people_group_dispose (GObject *object)
{
  VjSessionPeopleGroup *self = VJ_SESSION_PEOPLE_GROUP (object);

  if (self->search != NULL)
    g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_SESSION_PEOPLE_GROUP);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_session_people_group_parent_class)->dispose (object);
}

static void
vj_session_people_group_finalize (GObject *object)
{
  VjSessionPeopleGroup *self = VJ_SESSION_PEOPLE_GROUP (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vj_session_people_group_parent_class)->finalize (object);
}

static void
vj_session_people_group_class_init (VjSessionPeopleGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_session_people_group_dispose;
  object_class->finalize = vj_session_people_group_finalize;
  widget_class->grab_focus = vj_session_people_group_grab_focus;

  /* A person was added or removed, or a field of one changed */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The counsellor asked to open a person already in the log; their id */
  signals[SIGNAL_PERSON_ACTIVATED] =
    g_signal_new ("person-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-session-people-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VjSessionPeopleGroup, add_person_row);
  gtk_widget_class_bind_template_child (widget_class, VjSessionPeopleGroup, person_results);
  gtk_widget_class_bind_template_callback (widget_class, add_person_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_chosen_cb);
}

static void
vj_session_people_group_init (VjSessionPeopleGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) person_row_free);
}

void
vj_session_people_group_set_db (VjSessionPeopleGroup *self,
                                VjDb                 *db)
{
  g_return_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self));
  g_return_if_fail (db == NULL || VJ_IS_DB (db));

  g_set_object (&self->db, db);
}

/**
 * vj_session_people_group_set_municipality:
 * @municipality: the session's municipality, or 0
 *
 * A person without a municipality of their own lives in the session's: a new one, one whose
 * municipality is not known, or one given the session's before; a municipality chosen on the
 * person stays.
 */
void
vj_session_people_group_set_municipality (VjSessionPeopleGroup *self,
                                          int                   municipality)
{
  g_return_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self));

  self->municipality = municipality;
  for (guint i = 0; i < self->rows->len; i++)
    {
      PersonRow *row = self->rows->pdata[i];

      if (row->follows)
        follow_session (row);
    }
}

/* Adds a row for @person (copied), collapsed. */
void
vj_session_people_group_add (VjSessionPeopleGroup *self,
                             const VjPersonRecord *person)
{
  PersonRow *row;
  GtkWidget *consent_row = adw_action_row_new ();
  GtkWidget *consent_date_row = adw_action_row_new ();
  guint n_groups;
  const VjCode *groups = vj_target_groups (&n_groups);
  g_autoptr(GListModel) municipalities = NULL;
  g_autofree char *year = NULL;

  g_return_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self));
  g_return_if_fail (person != NULL);

  row = g_new0 (PersonRow, 1);
  row->group = self;
  row->person = vj_person_record_copy (person);
  row->expander = adw_expander_row_new ();
  row->reference = entry_row (_("Reference or initials"), person->reference);
  row->grade = entry_row (_("Grade (e.g. 9. klasse)"), person->grade);
  row->consent_date = vj_date_field_new ();
  /* Empty until typed: an unknown year is not 0 */
  year = person->birth_year > 0 ? g_strdup_printf ("%d", person->birth_year) : NULL;
  row->birth = entry_row (_("Birth year"), year);
  row->municipality = adw_combo_row_new ();
  row->target = adw_combo_row_new ();
  row->consent = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), person->reference);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->expander), _("Person"));
  g_signal_connect (row->reference, "changed", G_CALLBACK (reference_changed_cb), row->expander);

  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row->birth), GTK_INPUT_PURPOSE_DIGITS);
  g_signal_connect (row->birth, "changed", G_CALLBACK (birth_changed_cb), row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->municipality), _("Municipality"));
  municipalities = vj_municipality_model_new (_("Not given"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row->municipality), municipalities);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row->municipality),
                              vj_municipality_model_position (person->municipality));
  row->follows = person->municipality == 0 || person->municipality == self->municipality;
  if (row->follows)
    follow_session (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->target), _("Target group"));
  vj_code_combo_set_codes (ADW_COMBO_ROW (row->target), _("Not given"), groups, n_groups);
  vj_code_combo_select_code (ADW_COMBO_ROW (row->target), groups, n_groups,
                             person->target_group);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (consent_row),
                                 _("Consents to sharing with an institution"));
  gtk_switch_set_active (GTK_SWITCH (row->consent), person->consent);
  gtk_widget_set_valign (row->consent, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->consent), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Consents to sharing with an institution"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (consent_row), row->consent);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (consent_row), row->consent);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (consent_date_row), _("Consent given on"));
  vj_date_field_set_date (VJ_DATE_FIELD (row->consent_date), person->consent_date);
  vj_date_field_set_label (VJ_DATE_FIELD (row->consent_date), _("Consent given on"));
  gtk_widget_set_valign (row->consent_date, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (consent_date_row), row->consent_date);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (consent_date_row), row->consent_date);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->reference);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->birth);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->grade);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->municipality);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->target);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), consent_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), consent_date_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), actions_row (row));

  g_signal_connect_swapped (row->reference, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (row->grade, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (row->consent_date, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (row->birth, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (row->municipality, "notify::selected",
                            G_CALLBACK (municipality_chosen_cb), row);
  g_signal_connect_swapped (row->municipality, "notify::selected", G_CALLBACK (emit_changed),
                            self);
  g_signal_connect_swapped (row->target, "notify::selected", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (row->consent, "notify::active", G_CALLBACK (emit_changed), self);

  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row->expander);
}

/* Appends a VjPersonRecord for each person with a reference to @people. */
void
vj_session_people_group_collect (VjSessionPeopleGroup *self,
                                 GPtrArray            *people)
{
  guint n_groups;
  const VjCode *groups = vj_target_groups (&n_groups);

  g_return_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      PersonRow *row = self->rows->pdata[i];
      VjPersonRecord *p = vj_person_record_copy (row->person);

      g_free (p->reference);
      p->reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->reference))));
      g_free (p->grade);
      p->grade = text_or_null (GTK_EDITABLE (row->grade));
      p->birth_year = MAX (birth_year (row), 0);
      p->municipality = vj_municipality_model_code_at (
        adw_combo_row_get_selected (ADW_COMBO_ROW (row->municipality)));
      g_free (p->target_group);
      p->target_group = g_strdup (vj_code_combo_get_code (ADW_COMBO_ROW (row->target), groups,
                                                          n_groups));
      p->consent = gtk_switch_get_active (GTK_SWITCH (row->consent));
      g_free (p->consent_date);
      p->consent_date = vj_date_field_get_date (VJ_DATE_FIELD (row->consent_date));
      if (p->consent && p->consent_date == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          p->consent_date = g_date_time_format (now, "%Y-%m-%d");
        }
      if (*p->reference == '\0')
        vj_person_record_free (p);
      else
        g_ptr_array_add (people, p);
    }
}

/* Whether a reference is typed in the entry but not added yet */
gboolean
vj_session_people_group_has_pending (VjSessionPeopleGroup *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self), FALSE);

  text = text_or_null (GTK_EDITABLE (self->add_person_row));
  return text != NULL;
}

/**
 * vj_session_people_group_check:
 *
 * Finds what cannot be saved as typed (a birth year that is not a year, a consent date that
 * is not a date), shows it and puts the focus there.
 *
 * Returns: (transfer full) (nullable): what is wrong, for the counsellor, or NULL
 */
char *
vj_session_people_group_check (VjSessionPeopleGroup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (VJ_IS_SESSION_PEOPLE_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PersonRow *row = self->rows->pdata[i];

      if (birth_year (row) < 0)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row->expander), TRUE);
          gtk_widget_grab_focus (row->birth);
          /* Translators: %s is what was typed, %d an example year */
          return g_strdup_printf (_("“%s” is not a birth year. Write it with four digits, "
                                    "e.g. %d, or leave it empty."),
                                  gtk_editable_get_text (GTK_EDITABLE (row->birth)),
                                  g_date_time_get_year (now) - 15);
        }
      if (!vj_date_field_is_valid (VJ_DATE_FIELD (row->consent_date)))
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row->expander), TRUE);
          gtk_widget_grab_focus (row->consent_date);
          return g_strdup_printf (_("“%s” is not a date (write dd-mm-yyyy)"),
                                  vj_date_field_get_text (VJ_DATE_FIELD (row->consent_date)));
        }
    }
  return NULL;
}
