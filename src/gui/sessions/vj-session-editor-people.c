#define G_LOG_DOMAIN "vj-session-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-sessions.h"
#include "vj-session-editor-private.h"

/* Picking a person already in the log: as the counsellor types a reference, the people whose
 * reference starts with it are looked up in a worker and offered below the entry. */

#define PEOPLE_SHOWN 6

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VjSessionEditor *self = source_object;
  GError *error = NULL;
  GPtrArray *people = vj_db_search_people (self->db, task_data, PEOPLE_SHOWN, &error);

  if (people == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VjSessionEditor *self = VJ_SESSION_EDITOR (object);
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
      GtkWidget *row;
      g_autofree char *subtitle = NULL;
      gboolean taken = FALSE;

      for (guint j = 0; j < self->person_rows->len; j++)
        {
          VjPersonRecord *in = g_object_get_data (self->person_rows->pdata[j], "person");

          taken |= in->id == p->id;
        }
      if (taken)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->reference);
      if (p->birth_year > 0 || p->grade != NULL)
        {
          /* Translators: what tells two people apart: a birth year and/or a grade */
          subtitle = p->birth_year > 0
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
      gtk_list_box_append (self->person_results, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->person_results), shown > 0);
}

void
_vj_session_editor_search_people (VjSessionEditor *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->add_person_row))));
  g_autoptr(GTask) task = NULL;

  if (self->person_search != NULL)
    g_cancellable_cancel (self->person_search);
  g_clear_object (&self->person_search);
  if (*text == '\0' || self->db == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->person_results), FALSE);
      return;
    }
  self->person_search = g_cancellable_new ();
  task = g_task_new (self, self->person_search, search_done_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&text), g_free);
  g_task_run_in_thread (task, search_thread);
}

void
_vj_session_editor_person_chosen (VjSessionEditor *self,
                                  GtkListBoxRow   *row)
{
  VjPersonRecord *person = g_object_get_data (G_OBJECT (row), "person");

  _vj_session_editor_add_person (self, person);
  gtk_editable_set_text (GTK_EDITABLE (self->add_person_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->person_results), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_person_row));
  _vj_session_editor_changed (self);
}
