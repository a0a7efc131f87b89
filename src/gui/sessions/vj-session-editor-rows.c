#define G_LOG_DOMAIN "vj-session-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-dates.h"
#include "vj-db-catalogue.h"
#include "vj-programme-list.h"
#include "vj-session-editor-private.h"

/* The editor's rows that come and go: people, next steps, programmes and the programme
 * search. */

#define SEARCH_RESULTS 8

void
_vj_session_editor_code_combo_model (AdwComboRow  *row,
                                     const char   *none,
                                     const VjCode *codes,
                                     guint         n)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  if (none != NULL)
    gtk_string_list_append (strings, none);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (strings, g_dgettext (GETTEXT_PACKAGE, codes[i].name));
  adw_combo_row_set_model (row, G_LIST_MODEL (strings));
}

static void
municipality_model (VjSessionEditor *self,
                    AdwComboRow     *row,
                    int              code)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (strings, _("Not given"));
  for (guint i = 0; i < self->municipality_codes->len; i++)
    {
      int c = g_array_index (self->municipality_codes, int, i);

      gtk_string_list_append (strings, vj_municipality_lookup (c)->name);
      if (c == code)
        selected = i + 1;
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (strings));
  adw_combo_row_set_selected (row, selected);
}

static void
row_changed_cb (VjSessionEditor *self)
{
  _vj_session_editor_changed (self);
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
remove_row_cb (GtkButton *button,
               gpointer   user_data)
{
  VjSessionEditor *self = g_object_get_data (G_OBJECT (button), "editor");
  GtkWidget *row = user_data;
  AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (button), "group");
  GPtrArray *rows = g_object_get_data (G_OBJECT (button), "rows");

  g_ptr_array_remove (rows, row);
  adw_preferences_group_remove (group, row);
  _vj_session_editor_changed (self);
}

static GtkWidget *
remove_button (VjSessionEditor     *self,
               GtkWidget           *row,
               AdwPreferencesGroup *group,
               GPtrArray           *rows,
               const char          *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (button), "editor", self);
  g_object_set_data (G_OBJECT (button), "group", group);
  g_object_set_data (G_OBJECT (button), "rows", rows);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_row_cb), row);
  return button;
}

static void
open_person_cb (GtkButton *button,
                gpointer   user_data)
{
  VjSessionEditor *self = user_data;
  VjPersonRecord *person = g_object_get_data (G_OBJECT (button), "person");

  if (person->id == 0)
    return;
  g_signal_emit_by_name (self, "person-activated", person->id);
  /* Out of the way of the person's page, unless there is typing to keep */
  if (!self->dirty)
    gtk_window_close (GTK_WINDOW (self));
}

static void
reference_changed_cb (GtkEditable *editable,
                      GtkWidget   *expander)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 gtk_editable_get_text (editable));
}

void
_vj_session_editor_add_person (VjSessionEditor      *self,
                               const VjPersonRecord *person)
{
  VjPersonRecord *p = vj_person_record_copy (person);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *reference = entry_row (_("Reference or initials"), p->reference);
  GtkWidget *grade = entry_row (_("Grade (e.g. 9. klasse)"), p->grade);
  GtkWidget *consent_date = entry_row (_("Consent given on (dd-mm-yyyy)"), NULL);
  GtkWidget *birth_row = adw_action_row_new ();
  GtkWidget *birth = gtk_spin_button_new_with_range (0, 2100, 1);
  GtkWidget *municipality = adw_combo_row_new ();
  GtkWidget *target = adw_combo_row_new ();
  GtkWidget *consent_row = adw_action_row_new ();
  GtkWidget *consent = gtk_switch_new ();
  GtkWidget *actions = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open Person"));
  guint n_groups;
  const VjCode *groups = vj_target_groups (&n_groups);
  g_autofree char *date = vj_date_format_short (p->consent_date);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), p->reference);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _("Person"));
  g_signal_connect (reference, "changed", G_CALLBACK (reference_changed_cb), expander);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (birth_row), _("Birth year (0: unknown)"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (birth), p->birth_year);
  gtk_widget_set_valign (birth, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (birth), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Birth year"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (birth_row), birth);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (municipality), _("Municipality"));
  municipality_model (self, ADW_COMBO_ROW (municipality), p->municipality);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (target), _("Target group"));
  _vj_session_editor_code_combo_model (ADW_COMBO_ROW (target), _("Not given"), groups, n_groups);
  for (guint i = 0; i < n_groups; i++)
    if (g_strcmp0 (groups[i].code, p->target_group) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (target), i + 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (consent_row),
                                 _("Consents to sharing with an institution"));
  gtk_switch_set_active (GTK_SWITCH (consent), p->consent);
  gtk_widget_set_valign (consent, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (consent), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Consents to sharing with an institution"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (consent_row), consent);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (consent_row), consent);
  gtk_editable_set_text (GTK_EDITABLE (consent_date), date != NULL ? date : "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions), _("This person"));
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (open, p->id != 0);
  g_object_set_data (G_OBJECT (open), "person", p);
  g_signal_connect (open, "clicked", G_CALLBACK (open_person_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions), open);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions),
                             remove_button (self, expander, self->people_group,
                                            self->person_rows,
                                            _("Remove the person from the session")));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), reference);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), birth_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), grade);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), municipality);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), target);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), consent_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), consent_date);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), actions);

  g_object_set_data_full (G_OBJECT (expander), "person", p,
                          (GDestroyNotify) vj_person_record_free);
  g_object_set_data (G_OBJECT (expander), "reference", reference);
  g_object_set_data (G_OBJECT (expander), "birth", birth);
  g_object_set_data (G_OBJECT (expander), "grade", grade);
  g_object_set_data (G_OBJECT (expander), "municipality", municipality);
  g_object_set_data (G_OBJECT (expander), "target", target);
  g_object_set_data (G_OBJECT (expander), "consent", consent);
  g_object_set_data (G_OBJECT (expander), "consent-date", consent_date);
  g_signal_connect_swapped (reference, "changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (grade, "changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (consent_date, "changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (birth, "value-changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (municipality, "notify::selected", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (target, "notify::selected", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (consent, "notify::active", G_CALLBACK (row_changed_cb), self);

  g_ptr_array_add (self->person_rows, expander);
  adw_preferences_group_add (self->people_group, expander);
}

void
_vj_session_editor_add_step (VjSessionEditor  *self,
                             const VjNextStep *step)
{
  VjNextStep *s = vj_next_step_copy (step);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *due = gtk_entry_new ();
  g_autofree char *date = vj_date_format_short (s->due);
  g_autofree char *label = g_strdup_printf (_("Due date for “%s”"), s->text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (s->done != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Done"));
  gtk_editable_set_text (GTK_EDITABLE (due), date != NULL ? date : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (due), _("due dd-mm-yyyy"));
  gtk_editable_set_width_chars (GTK_EDITABLE (due), 12);
  gtk_widget_set_valign (due, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (due), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_swapped (due, "changed", G_CALLBACK (row_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), due);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             remove_button (self, row, self->steps_group, self->step_rows,
                                            _("Remove the next step")));
  g_object_set_data_full (G_OBJECT (row), "step", s, (GDestroyNotify) vj_next_step_free);
  g_object_set_data (G_OBJECT (row), "due", due);
  g_ptr_array_add (self->step_rows, row);
  adw_preferences_group_add (self->steps_group, row);
}

void
_vj_session_editor_add_programme (VjSessionEditor *self,
                                  gint64           programme_id)
{
  g_autoptr(VjProgramme) programme = NULL;
  GtkWidget *row;

  for (guint i = 0; i < self->programme_rows->len; i++)
    if (GPOINTER_TO_SIZE (g_object_get_data (self->programme_rows->pdata[i], "id")) ==
        (gsize) programme_id)
      return;
  programme = vj_db_load_programme (self->db, programme_id, NULL);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 programme != NULL ? vj_programme_get_title (programme)
                                                   : _("No longer in the catalogue"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             remove_button (self, row, self->programmes_group,
                                            self->programme_rows,
                                            _("Remove the programme from the session")));
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) programme_id));
  g_ptr_array_add (self->programme_rows, row);
  adw_preferences_group_add (self->programmes_group, row);
}

static char *
entry_date (GtkWidget *entry)
{
  return vj_date_parse_danish (gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Reads the dynamic rows into @record (people, next steps, programmes). */
void
_vj_session_editor_collect_rows (VjSessionEditor *self,
                                 VjSessionRecord *record)
{
  guint n_groups;
  const VjCode *groups = vj_target_groups (&n_groups);

  for (guint i = 0; i < self->person_rows->len; i++)
    {
      GObject *row = self->person_rows->pdata[i];
      VjPersonRecord *p = vj_person_record_copy (g_object_get_data (row, "person"));
      const char *reference =
        gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (row, "reference")));
      const char *grade = gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (row, "grade")));
      guint municipality = adw_combo_row_get_selected (g_object_get_data (row, "municipality"));
      guint target = adw_combo_row_get_selected (g_object_get_data (row, "target"));

      g_free (p->reference);
      p->reference = g_strstrip (g_strdup (reference));
      g_free (p->grade);
      p->grade = *grade != '\0' ? g_strdup (grade) : NULL;
      p->birth_year = gtk_spin_button_get_value_as_int (g_object_get_data (row, "birth"));
      p->municipality = municipality > 0 && municipality <= self->municipality_codes->len
                        ? g_array_index (self->municipality_codes, int, municipality - 1) : 0;
      g_free (p->target_group);
      p->target_group = target > 0 && target <= n_groups ? g_strdup (groups[target - 1].code)
                                                         : NULL;
      p->consent = gtk_switch_get_active (g_object_get_data (row, "consent"));
      g_free (p->consent_date);
      p->consent_date = entry_date (g_object_get_data (row, "consent-date"));
      if (p->consent && p->consent_date == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          p->consent_date = g_date_time_format (now, "%Y-%m-%d");
        }
      if (*p->reference == '\0')
        vj_person_record_free (p);
      else
        g_ptr_array_add (record->people, p);
    }

  for (guint i = 0; i < self->step_rows->len; i++)
    {
      GObject *row = self->step_rows->pdata[i];
      VjNextStep *step = vj_next_step_copy (g_object_get_data (row, "step"));

      g_free (step->due);
      step->due = entry_date (g_object_get_data (row, "due"));
      g_ptr_array_add (record->next_steps, step);
    }

  for (guint i = 0; i < self->programme_rows->len; i++)
    {
      gint64 id = GPOINTER_TO_SIZE (g_object_get_data (self->programme_rows->pdata[i], "id"));

      g_array_append_val (record->programmes, id);
    }
}

static void
results_changed_cb (VjSessionEditor *self)
{
  GListModel *model = G_LIST_MODEL (self->programme_list);
  GtkWidget *child;
  guint n = MIN (g_list_model_get_n_items (model), SEARCH_RESULTS);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->programme_results))) != NULL)
    gtk_list_box_remove (self->programme_results, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VjProgramme) programme = g_list_model_get_item (model, i);
      GtkWidget *row = adw_action_row_new ();

      if (programme == NULL)
        continue;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vj_programme_get_title (programme));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("list-add-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "id",
                         GSIZE_TO_POINTER ((gsize) vj_programme_get_id (programme)));
      gtk_list_box_append (self->programme_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->programme_results), n > 0 &&
                          *gtk_editable_get_text (GTK_EDITABLE (self->programme_search_row)));
}

/* Searches the catalogue as the counsellor types (in a worker, like the Programmes page). */
void
_vj_session_editor_search_programmes (VjSessionEditor *self)
{
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->programme_search_row));

  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->programme_results), FALSE);
      return;
    }
  if (self->programme_list == NULL)
    {
      self->programme_list = G_OBJECT (vj_programme_list_new (self->db));
      g_signal_connect_object (self->programme_list, "items-changed",
                               G_CALLBACK (results_changed_cb), self, G_CONNECT_SWAPPED);
    }
  query->text = g_strdup (text);
  query->limit = SEARCH_RESULTS;
  vj_programme_list_set_query (VJ_PROGRAMME_LIST (self->programme_list), query);
}

void
_vj_session_editor_programme_chosen (VjSessionEditor *self,
                                     GtkListBoxRow   *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));

  _vj_session_editor_add_programme (self, id);
  gtk_editable_set_text (GTK_EDITABLE (self->programme_search_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->programme_search_row));
  _vj_session_editor_changed (self);
}
