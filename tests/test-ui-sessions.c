/* The Samtaler page and the session editor as a counsellor meets them: log a session with a
 * person, notes and a next step; CPR-like text flagged and removed; the draft kept while
 * typing; delete; duplicate; every control named. Runs under Xvfb with GTK_A11Y=test; without a
 * display it prints a TAP skip. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "vj-db.h"
#include "vj-db-private.h"
#include "vj-db-sessions.h"
#include "vj-db-settings.h"
#include "vj-municipality-model.h"
#include "vj-person-page.h"
#include "vj-programmes-page.h"
#include "vj-session-editor.h"
#include "vj-sessions-page.h"
#include "vj-window.h"
#include "vj-test-ui.h"
#include "vj-test-util.h"

typedef struct
{
  VjTestWindowFixture  ui;
  gint64               saved_id;
  gboolean             deleted;
  VjSessionRecord     *duplicate;
} Fixture;

static void
setting_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(gboolean *) user_data = vj_db_set_setting_finish (VJ_DB (object), result, NULL);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  gboolean done = FALSE;

  vj_test_fixture_setup (&f->ui.base, NULL);
  vj_db_set_setting_async (f->ui.base.db, VJ_SETTING_COUNSELLOR_NAME, "Mette Vejleder", NULL,
                           setting_cb, &done);
  vj_test_wait_until (is_true, &done);
  vj_test_window_fixture_present (&f->ui);
  vj_window_show_section (f->ui.window, "sessions");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_pointer (&f->duplicate, vj_session_record_free);
  vj_test_window_fixture_teardown (&f->ui, user_data);
}

static void
saved_cb (VjSessionEditor *editor,
          gint64           id,
          Fixture         *f)
{
  f->saved_id = id;
}

static void
deleted_cb (VjSessionEditor *editor,
            VjSessionRecord *record,
            Fixture         *f)
{
  f->deleted = TRUE;
}

static void
duplicate_cb (VjSessionEditor *editor,
              VjSessionRecord *record,
              Fixture         *f)
{
  f->duplicate = vj_session_record_copy (record);
}

static gboolean
saved (gpointer data)
{
  return ((Fixture *) data)->saved_id != 0;
}

static VjSessionEditor *
open_editor (Fixture         *f,
             VjSessionRecord *record)
{
  VjSessionEditor *editor = VJ_SESSION_EDITOR (vj_session_editor_new (f->ui.base.db, record, 0));

  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (f->ui.window));
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), f);
  g_signal_connect (editor, "deleted", G_CALLBACK (deleted_cb), f);
  g_signal_connect (editor, "duplicate", G_CALLBACK (duplicate_cb), f);
  gtk_window_present (GTK_WINDOW (editor));
  f->saved_id = 0;
  return editor;
}

/* The editor's widgets are found as a user finds them: by their titles and names */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type named @label for assistive technologies */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *mismatch =
        gtk_test_accessible_check_property (GTK_ACCESSIBLE (root),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      if (mismatch == NULL)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEditable *
editable (VjSessionEditor *editor,
          const char      *title)
{
  GtkWidget *row = find_row (GTK_WIDGET (editor), title);

  g_assert_nonnull (row);
  return GTK_EDITABLE (row);
}

/* The entry of a date field, by its accessible name */
static GtkEditable *
date_entry (VjSessionEditor *editor,
            const char      *label)
{
  GtkWidget *entry = find_named (GTK_WIDGET (editor), GTK_TYPE_ENTRY, label);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static void
type_row (VjSessionEditor *editor,
          const char      *title,
          const char      *text)
{
  GtkEditable *row = editable (editor, title);

  gtk_editable_set_text (row, text);
  g_signal_emit_by_name (row, "entry-activated");
}

static void
add_person (VjSessionEditor *editor,
            const char      *reference)
{
  type_row (editor, "Add a person (reference or initials)", reference);
}

static guint
n_people (VjSessionEditor *editor)
{
  g_autoptr(VjSessionRecord) record = vj_session_editor_collect (editor);

  return record->people->len;
}

static VjSessionEditor *
fill_group_session (Fixture    *f,
                    const char *notes)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));

  gtk_editable_set_text (date_entry (editor, "Date of the session"), "27-11-2026");
  gtk_editable_set_text (editable (editor, "Time (hh:mm)"), "10.15");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (editor), "Form of guidance")),
                              1);  /* group */
  add_person (editor, "AB");
  add_person (editor, "CD");
  type_row (editor, "Add a next step", "Besøge Køge Gymnasium");
  gtk_editable_set_text (GTK_EDITABLE (vj_test_find_widget (
                           find_row (GTK_WIDGET (editor), "Besøge Køge Gymnasium"),
                           GTK_TYPE_ENTRY)),
                         "5.12.2026");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (vj_test_find_widget (
                              GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW))),
                            notes, -1);
  return editor;
}

static void
test_log_group_session (Fixture       *f,
                        gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Talte om EUD og HHX");
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;
  VjSessionsPage *page;

  /* The counsellor comes from the preferences */
  g_assert_cmpstr (gtk_editable_get_text (editable (editor, "Counsellor")), ==,
                   "Mette Vejleder");
  /* A topic from the list (the first check button) and a free tag */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (vj_test_find_widget (GTK_WIDGET (editor),
                                                                      GTK_TYPE_CHECK_BUTTON)),
                               TRUE);
  gtk_editable_set_text (editable (editor, "Other topics (separated by commas)"), "sommerjob, ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  vj_test_wait_until (saved, f);

  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->started_at, ==, "2026-11-27T10:15");
  g_assert_cmpstr (s->form, ==, "group");
  g_assert_cmpstr (s->counsellor, ==, "Mette Vejleder");
  g_assert_cmpuint (s->people->len, ==, 2);
  g_assert_cmpstr (s->notes, ==, "Talte om EUD og HHX");
  g_assert_cmpstr (((VjNextStep *) s->next_steps->pdata[0])->due, ==, "2026-12-05");
  g_assert_cmpuint (s->topics->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (s->topics, "choice", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (s->topics, "sommerjob", g_str_equal, NULL));

  /* The list shows it */
  page = VJ_SESSIONS_PAGE (vj_window_get_visible_page (f->ui.window));
  g_assert_true (VJ_IS_SESSIONS_PAGE (page));
  vj_sessions_page_reload (page);
  while (g_list_model_get_n_items (vj_sessions_page_get_model (page)) != 1)
    g_main_context_iteration (NULL, TRUE);
}

#define WAITING_TEXT "Waiting for an import or another long change to the database to finish …"

/* The label saying that the save waits, when it is shown */
static gboolean
waiting_shown (gpointer data)
{
  GtkWidget *label = data;
  GtkWidget *revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) &&
         gtk_widget_get_mapped (label);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A save while another Vejviser job (here a connection holding the write lock and the
 * writing lock, as an import's merge does) writes: the editor says that it waits, keeps what
 * was typed, and saves when the job is done. Before, it waited silently. */
static void
test_save_waits_visibly (Fixture       *f,
                         gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  GtkTextView *notes = GTK_TEXT_VIEW (vj_test_find_widget (GTK_WIDGET (editor),
                                                           GTK_TYPE_TEXT_VIEW));
  GtkWidget *label = find_label (GTK_WIDGET (editor), g_dgettext (GETTEXT_PACKAGE, WAITING_TEXT));
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;
  VjStoreConn *job = NULL;
  int writing;

  /* Found by type and by the translated text: with VEJVISER_LOCALEDIR and LANGUAGE=da, the
   * screenshot shows it in Danish */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (notes), "Gemt mens en import kørte", -1);
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_get_mapped (label));
  job = vj_test_store_open (vj_db_get_path (f->ui.base.db), FALSE);
  vj_store_begin (job, &error);
  g_assert_no_error (error);
  writing = _vj_db_writing_begin (job);
  g_assert_cmpint (writing, >=, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  vj_test_wait_until (waiting_shown, label);
  vj_test_screenshot (GTK_WIDGET (editor), "session-editor-save-waiting");
  /* Still open, with what was typed, and nothing saved yet */
  g_assert_cmpint (f->saved_id, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  {
    g_autoptr(VjSessionRecord) shown = vj_session_editor_collect (editor);

    g_assert_cmpstr (shown->notes, ==, "Gemt mens en import kørte");
    g_assert_cmpstr (shown->counsellor, ==, "Mette Vejleder");
  }

  vj_store_commit (job, &error);
  g_assert_no_error (error);
  _vj_db_writing_end (writing);
  vj_store_close (job);
  vj_test_wait_until (saved, f);
  g_assert_false (vj_db_get_write_waiting (f->ui.base.db));

  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->notes, ==, "Gemt mens en import kørte");
}

static gboolean
cpr_dialog_shown (gpointer data)
{
  return vj_test_find_dialog () != NULL;
}

static void
test_cpr_flagged (Fixture       *f,
                  gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Hans cpr er 010203-1234 sagde han");
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (cpr_dialog_shown, editor);
  g_assert_cmpint (f->saved_id, ==, 0);  /* nothing saved yet */

  adw_message_dialog_response (vj_test_find_dialog (), "remove");
  vj_test_wait_until (saved, f);
  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_cmpstr (s->notes, ==, "Hans cpr er sagde han");

  /* Saved: no draft is left to offer back */
  drafts = vj_db_list_drafts (f->ui.base.db, &error);
  g_assert_cmpuint (drafts->len, ==, 0);
}

static gboolean
draft_kept (gpointer data)
{
  return vj_session_editor_get_draft_id (data) != 0;
}

static void
test_draft_while_typing (Fixture       *f,
                         gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Halvt skrevet");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  vj_test_wait_until (draft_kept, editor);
  drafts = vj_db_list_drafts (f->ui.base.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((VjDraft *) drafts->pdata[0])->session->notes, ==, "Halvt skrevet");
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
is_deleted (gpointer data)
{
  return ((Fixture *) data)->deleted;
}

static void
test_duplicate_and_delete (Fixture       *f,
                           gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Første");
  g_autoptr(GError) error = NULL;
  VjSessionRecord *loaded;
  gint64 id;

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  id = f->saved_id;

  loaded = vj_db_load_session (f->ui.base.db, id, &error);
  editor = open_editor (f, loaded);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.duplicate", NULL));
  g_assert_nonnull (f->duplicate);
  g_assert_cmpint (f->duplicate->id, ==, 0);
  g_assert_cmpuint (f->duplicate->people->len, ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  vj_test_wait_until (is_deleted, f);
  g_assert_null (vj_db_load_session (f->ui.base.db, id, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
}

static void
test_every_control_named (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  VjSessionEditor *editor = fill_group_session (f, "Noter");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (vj_test_find_widget (GTK_WIDGET (editor),
                                                                         ADW_TYPE_EXPANDER_ROW)),
                                 TRUE);
  vj_test_collect_unnamed (GTK_WIDGET (f->ui.window), unnamed);
  vj_test_collect_unnamed (GTK_WIDGET (editor), unnamed);
  vj_test_assert_none_unnamed (unnamed);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static VjSessionEditor *
open_editor_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (VJ_IS_SESSION_EDITOR (l->data))
      return l->data;
  return NULL;
}

static gboolean
list_has (gpointer data)
{
  VjSessionsPage *page = data;
  GListModel *model = vj_sessions_page_get_model (page);
  gboolean loading = TRUE;

  g_object_get (model, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (model) == GPOINTER_TO_UINT (
    g_object_get_data (G_OBJECT (page), "expected"));
}

static void
wait_for_rows (VjSessionsPage *page,
               guint           n)
{
  g_object_set_data (G_OBJECT (page), "expected", GUINT_TO_POINTER (n));
  vj_test_wait_until (list_has, page);
}

static gboolean
no_editor (gpointer data)
{
  return open_editor_window () == NULL;
}

static gboolean
undo_shown (gpointer data)
{
  return find_button (data, "_Undo") != NULL;
}

/* Delete from the page's editor, then Undo on the toast: the session is back, as it was */
static void
test_delete_undo (Fixture       *f,
                  gconstpointer  user_data)
{
  VjSessionsPage *page = VJ_SESSIONS_PAGE (vj_window_get_visible_page (f->ui.window));
  VjSessionEditor *editor = fill_group_session (f, "Skal slettes og fortrydes");
  g_autoptr(VjSessionRecord) restored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  gint64 id;

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  id = f->saved_id;
  vj_sessions_page_reload (page);
  wait_for_rows (page, 1);

  vj_sessions_page_open_session (page, id);
  editor = open_editor_window ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  vj_test_wait_until (no_editor, NULL);
  wait_for_rows (page, 0);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_TOAST_OVERLAY);
  vj_test_wait_until (undo_shown, overlay);
  gtk_widget_activate (find_button (overlay, "_Undo"));
  wait_for_rows (page, 1);
  restored = vj_db_load_session (f->ui.base.db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored->notes, ==, "Skal slettes og fortrydes");
  g_assert_cmpuint (restored->people->len, ==, 2);
  g_assert_cmpuint (restored->next_steps->len, ==, 1);
}

static gboolean
person_shown (gpointer data)
{
  return VJ_IS_PERSON_PAGE (vj_window_get_visible_page (data));
}

/* "Open Person" in a saved session's editor: the window opens the Person page and the editor,
 * with nothing typed, gets out of the way */
static void
test_open_person (Fixture       *f,
                  gconstpointer  user_data)
{
  VjSessionsPage *page = VJ_SESSIONS_PAGE (vj_window_get_visible_page (f->ui.window));
  VjSessionEditor *editor = fill_group_session (f, "Noter");
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;
  VjPersonPage *person;
  GtkWidget *button;

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);

  vj_sessions_page_open_session (page, f->saved_id);
  editor = open_editor_window ();
  button = find_button (GTK_WIDGET (editor), "_Open Person");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  vj_test_wait_until (person_shown, f->ui.window);
  person = VJ_PERSON_PAGE (vj_window_get_visible_page (f->ui.window));
  g_assert_cmpint (vj_person_page_get_person_id (person), ==,
                   ((VjPersonRecord *) s->people->pdata[0])->id);
  vj_test_wait_until (no_editor, NULL);
}

static gboolean
is_nonzero (gpointer data)
{
  return *(gint64 *) data != 0;
}

static gboolean
results_shown (gpointer data)
{
  return gtk_widget_get_visible (find_named (data, GTK_TYPE_LIST_BOX,
                                             "People already in the log"));
}

/* A person already in the log is offered as the counsellor types, and picked as the same row */
static void
test_pick_existing_person (Fixture       *f,
                           gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Første samtale");
  g_autoptr(VjSessionRecord) first = NULL;
  g_autoptr(VjSessionRecord) second = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  GtkWidget *results;

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  first = vj_db_load_session (f->ui.base.db, f->saved_id, &error);

  editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  gtk_editable_set_text (editable (editor, "Add a person (reference or initials)"), "a");
  vj_test_wait_until (results_shown, editor);
  results = find_named (GTK_WIDGET (editor), GTK_TYPE_LIST_BOX, "People already in the log");
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (results, "row-activated", row);
  g_assert_cmpuint (n_people (editor), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  second = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_cmpuint (second->people->len, ==, 1);
  g_assert_cmpint (((VjPersonRecord *) second->people->pdata[0])->id, ==,
                   ((VjPersonRecord *) first->people->pdata[0])->id);
}

static gboolean
no_drafts (gpointer data)
{
  g_autoptr(GPtrArray) drafts = vj_db_list_drafts (data, NULL);

  return drafts != NULL && drafts->len == 0;
}

/* Discarding a new session with a person in it, after the draft was kept: the question and
 * the editor go without a warning (every warning is fatal in a test, as with
 * G_DEBUG=fatal-warnings), and no draft is left */
static void
test_discard_new_with_person (Fixture       *f,
                              gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  AdwMessageDialog *dialog;

  add_person (editor, "AB");
  vj_test_wait_until (draft_kept, editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  vj_test_wait_until (no_editor, NULL);
  vj_test_wait_until (no_drafts, f->ui.base.db);
}

/* A new person's birth year is empty until typed, and what is typed is kept */
static void
test_birth_year_empty (Fixture       *f,
                       gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;
  GtkEditable *birth;

  add_person (editor, "AB");
  birth = editable (editor, "Birth year");
  g_assert_cmpstr (gtk_editable_get_text (birth), ==, "");
  gtk_editable_set_text (birth, "2011");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((VjPersonRecord *) s->people->pdata[0])->birth_year, ==, 2011);
}

/* Not a year: Save says so and keeps the editor open */
static void
test_birth_year_not_a_year (Fixture       *f,
                            gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));

  add_person (editor, "AB");
  gtk_editable_set_text (editable (editor, "Birth year"), "11");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_nonnull (vj_test_find_dialog ());
  g_assert_cmpint (f->saved_id, ==, 0);
  g_assert_true (open_editor_window () == editor);
  gtk_window_destroy (GTK_WINDOW (vj_test_find_dialog ()));
  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
select_name (AdwComboRow *row,
             const char  *name)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_assert_not_reached ();
}

static int
municipality_code (const char *name)
{
  guint n;
  const VjMunicipality *list = vj_municipalities (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (list[i].name, name) == 0)
      return list[i].code;
  return 0;
}

/* A person added before or after the session's municipality is chosen lives there, unless one
 * is chosen for the person */
static void
test_person_municipality_from_session (Fixture       *f,
                                       gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  AdwComboRow *session_municipality = ADW_COMBO_ROW (find_row (GTK_WIDGET (editor),
                                                               "Municipality"));
  g_autoptr(VjSessionRecord) r = NULL;
  int koege = municipality_code ("Køge");
  int roskilde = municipality_code ("Roskilde");

  g_assert_cmpint (koege, >, 0);
  add_person (editor, "AB");
  select_name (session_municipality, "Køge");
  add_person (editor, "CD");
  r = vj_session_editor_collect (editor);
  g_assert_cmpint (r->municipality, ==, koege);
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[0])->municipality, ==, koege);
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[1])->municipality, ==, koege);
  g_clear_pointer (&r, vj_session_record_free);

  /* Chosen on the person: it stays when the session's changes */
  select_name (ADW_COMBO_ROW (find_row (find_row (GTK_WIDGET (editor), "CD"), "Municipality")),
               "Roskilde");
  select_name (session_municipality, "Stevns");
  r = vj_session_editor_collect (editor);
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[0])->municipality, ==,
                   municipality_code ("Stevns"));
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[1])->municipality, ==, roskilde);
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* The combo row offers the app's one municipality list (vj-municipality-model), in its order,
 * after "Not given" */
static void
assert_municipality_list (AdwComboRow *row)
{
  g_autoptr(GListModel) expected = vj_municipality_model_new ("Not given");
  GListModel *model = adw_combo_row_get_model (row);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (expected));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i), ==,
                     gtk_string_list_get_string (GTK_STRING_LIST (expected), i));
}

/* The session's and a person's municipality come from the same list as the Samtaler,
 * Uddannelser and Institutioner filters and Preferences, and a saved choice comes back */
static void
test_municipalities_one_list (Fixture       *f,
                              gconstpointer  user_data)
{
  VjSessionRecord *record = vj_session_editor_new_record (f->ui.base.db);
  VjPersonRecord *person = vj_person_record_new ();
  g_autoptr(VjSessionRecord) r = NULL;
  VjSessionEditor *editor;
  AdwComboRow *session_row, *person_row;
  int holbaek = municipality_code ("Holbæk");
  int roskilde = municipality_code ("Roskilde");

  record->municipality = holbaek;
  person->reference = g_strdup ("EF");
  person->municipality = roskilde;
  g_ptr_array_add (record->people, person);
  editor = open_editor (f, record);
  session_row = ADW_COMBO_ROW (find_row (GTK_WIDGET (editor), "Municipality"));
  person_row = ADW_COMBO_ROW (find_row (find_row (GTK_WIDGET (editor), "EF"), "Municipality"));

  assert_municipality_list (session_row);
  assert_municipality_list (person_row);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (session_row)),
                   ==, "Holbæk");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (person_row)),
                   ==, "Roskilde");

  select_name (session_row, "Not given");
  r = vj_session_editor_collect (editor);
  g_assert_cmpint (r->municipality, ==, 0);
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[0])->municipality, ==, roskilde);
  g_clear_pointer (&r, vj_session_record_free);

  select_name (person_row, "Køge");
  select_name (session_row, "Næstved");
  r = vj_session_editor_collect (editor);
  g_assert_cmpint (r->municipality, ==, municipality_code ("Næstved"));
  g_assert_cmpint (((VjPersonRecord *) r->people->pdata[0])->municipality, ==,
                   municipality_code ("Køge"));
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The UPV choices are shown whole, not "Ready for other educ…" */
static void
test_upv_choices_whole (Fixture       *f,
                        gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  GtkWidget *row = find_row (GTK_WIDGET (editor), "UPV status");
  GtkWidget *popover;
  guint n;
  const VjCode *statuses = vj_upv_statuses (&n);

  adw_action_row_activate (ADW_ACTION_ROW (row));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = find_label (row, statuses[i].name);

      g_assert_nonnull (label);
      vj_test_wait_until (label_shown, label);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
    }
  /* Closed as the counsellor closes it, before the editor goes */
  popover = vj_test_find_widget (row, GTK_TYPE_POPOVER);
  gtk_popover_popdown (GTK_POPOVER (popover));
  vj_test_wait_until (unmapped, popover);
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* Escape with a person or a step typed but not added asks before throwing it away */
static void
test_escape_asks_for_typed_text (Fixture       *f,
                                 gconstpointer  user_data)
{
  const char *entries[] = { "Add a person (reference or initials)", "Add a next step" };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
      AdwMessageDialog *dialog;

      gtk_editable_set_text (editable (editor, entries[i]), "Halvt skrevet");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
      dialog = vj_test_find_dialog ();
      g_assert_nonnull (dialog);
      g_assert_true (open_editor_window () == editor);
      adw_message_dialog_response (dialog, "keep");
      g_assert_true (open_editor_window () == editor);
      g_assert_cmpstr (gtk_editable_get_text (editable (editor, entries[i])), ==,
                       "Halvt skrevet");
      gtk_window_destroy (GTK_WINDOW (editor));
      vj_test_wait_until (no_editor, NULL);
    }
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A date picked in the calendar: the calendar opens on the date written, and the day chosen
 * is written into the entry and kept */
static void
test_date_picked (Fixture       *f,
                  gconstpointer  user_data)
{
  VjSessionEditor *editor = open_editor (f, vj_session_editor_new_record (f->ui.base.db));
  GtkWidget *field = find_row (GTK_WIDGET (editor), "Follow up on");
  GtkEditable *entry = date_entry (editor, "Follow up on");
  GtkWidget *button = find_named (field, GTK_TYPE_MENU_BUTTON,
                                  "Follow up on: choose in a calendar");
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) picked = g_date_time_new_local (2026, 12, 5, 0, 0, 0);
  g_autoptr(VjSessionRecord) r = NULL;
  GtkWidget *popover, *calendar;

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_editable_set_text (entry, "3.2.2027");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  vj_test_wait_until (popover_shown, popover);
  calendar = vj_test_find_widget (popover, GTK_TYPE_CALENDAR);
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  g_assert_cmpint (g_date_time_get_year (shown), ==, 2027);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 3);

  /* A click on the 5th of December */
  gtk_calendar_select_day (GTK_CALENDAR (calendar), picked);
  g_signal_emit_by_name (calendar, "day-selected");
  vj_test_wait_until (unmapped, popover);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "05-12-2026");
  r = vj_session_editor_collect (editor);
  g_assert_cmpstr (r->follow_up, ==, "2026-12-05");
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* A date typed as a Danish date is kept; what is not a date is marked, and Save says so */
static void
test_date_typed (Fixture       *f,
                 gconstpointer  user_data)
{
  VjSessionEditor *editor = fill_group_session (f, "Noter");
  GtkEditable *entry = date_entry (editor, "Follow up on");
  g_autoptr(VjSessionRecord) r = NULL;
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GError) error = NULL;

  gtk_editable_set_text (entry, "5.12.26");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  r = vj_session_editor_collect (editor);
  g_assert_cmpstr (r->follow_up, ==, "2026-12-05");

  gtk_editable_set_text (entry, "32-13-2026");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_nonnull (vj_test_find_dialog ());
  g_assert_cmpint (f->saved_id, ==, 0);
  gtk_window_destroy (GTK_WINDOW (vj_test_find_dialog ()));

  gtk_editable_set_text (entry, "1/3/2027");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vj_test_wait_until (saved, f);
  s = vj_db_load_session (f->ui.base.db, f->saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->follow_up, ==, "2027-03-01");
}

static void
draft_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(gint64 *) user_data = vj_db_save_draft_finish (VJ_DB (object), result, NULL);
}

static gboolean
dialog_shown (gpointer data)
{
  return vj_test_find_dialog () != NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return open_editor_window () != NULL;
}

/* A draft left by a crash is offered back when Samtaler opens, and Continue Editing opens it */
static void
test_draft_offered_back (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(VjSessionRecord) record = vj_session_editor_new_record (f->ui.base.db);
  g_autoptr(VjSessionRecord) collected = NULL;
  VjWindow *window;
  VjSessionEditor *editor;
  gint64 draft_id = 0;

  record->notes = g_strdup ("Skrevet før nedbruddet");
  vj_db_save_draft_async (f->ui.base.db, 0, record, NULL, draft_saved_cb, &draft_id);
  vj_test_wait_until (is_nonzero, &draft_id);

  /* The app again, after the crash */
  window = vj_window_new (NULL);
  vj_window_set_db (window, f->ui.base.db);
  gtk_window_present (GTK_WINDOW (window));
  vj_window_show_section (window, "sessions");
  vj_test_wait_until (dialog_shown, NULL);
  adw_message_dialog_response (vj_test_find_dialog (), "open");
  vj_test_wait_until (editor_shown, NULL);
  editor = open_editor_window ();
  g_assert_cmpint (vj_session_editor_get_draft_id (editor), ==, draft_id);
  collected = vj_session_editor_collect (editor);
  g_assert_cmpstr (collected->notes, ==, "Skrevet før nedbruddet");
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A session another process logs in the same file (the CLI's import, a second window) is
 * listed once the window looks again (focused, or on its slow timer) */
static void
test_other_process_listed (Fixture       *f,
                           gconstpointer  user_data)
{
  VjSessionsPage *page = VJ_SESSIONS_PAGE (vj_window_get_visible_page (f->ui.window));
  g_autoptr(VjSessionRecord) record = vj_session_record_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) other = NULL;
  guint before;

  wait_for_rows (page, 0);
  before = g_list_model_get_n_items (vj_sessions_page_get_model (page));
  record->started_at = g_strdup ("2026-11-30T10:00");
  record->duration_minutes = 30;
  record->counsellor = g_strdup ("Jonas Vejleder");
  record->service = g_strdup ("kui");
  record->form = g_strdup ("individual");
  record->municipality = 259;
  other = vj_db_open (f->ui.base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vj_db_save_session (other, record, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (vj_db_check_changes (f->ui.base.db));
  wait_for_rows (page, before + 1);
}

/* The same at start, Samtaler never opened: the window makes its other pages once the
 * catalogue is listed, and the draft is offered then, over the window */
static void
test_draft_offered_at_start (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(VjSessionRecord) record = vj_session_editor_new_record (f->ui.base.db);
  VjWindow *window;
  gint64 draft_id = 0;

  record->notes = g_strdup ("Skrevet før nedbruddet");
  vj_db_save_draft_async (f->ui.base.db, 0, record, NULL, draft_saved_cb, &draft_id);
  vj_test_wait_until (is_nonzero, &draft_id);

  window = vj_window_new (NULL);
  vj_window_set_db (window, f->ui.base.db);
  gtk_window_present (GTK_WINDOW (window));
  vj_test_wait_until (dialog_shown, NULL);
  g_assert_true (VJ_IS_PROGRAMMES_PAGE (vj_window_get_visible_page (window)));
  /* Over the window, though Samtaler is not shown (it had no parent, and was lost behind) */
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (vj_test_find_dialog ())) ==
                 GTK_WINDOW (window));
  adw_message_dialog_response (vj_test_find_dialog (), "open");
  vj_test_wait_until (editor_shown, NULL);
  g_assert_cmpint (vj_session_editor_get_draft_id (open_editor_window ()), ==, draft_id);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (open_editor_window ())) ==
                 GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (open_editor_window ()));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The page and the editor fit a 360 px window (the sidebar folds away) */
static void
test_narrow (Fixture       *f,
             gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_visible_page (f->ui.window);
  VjSessionEditor *editor = fill_group_session (f, "Noter");
  int minimum = 0;

  g_assert_true (VJ_IS_SESSIONS_PAGE (page));
  /* A person open, with the consent date's calendar button */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (vj_test_find_widget (GTK_WIDGET (editor),
                                                                         ADW_TYPE_EXPANDER_ROW)),
                                 TRUE);
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (GTK_WIDGET (editor), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
dialog_done (gpointer data)
{
  AdwMessageDialog *dialog = vj_test_find_dialog ();

  return dialog != NULL && adw_message_dialog_get_response_enabled (dialog, "close");
}

/* Importér samtaler fra regneark… and Eksportér samtaler… in the window: a worker with a
 * progress dialog, the CLI's report row by row, the export written mode 0600 */
static void
test_import_and_export (Fixture       *f,
                        gconstpointer  user_data)
{
  GtkWidget *page = vj_window_get_visible_page (f->ui.window);
  g_autofree char *csv = g_build_filename (f->ui.base.dir, "log.csv", NULL);
  g_autofree char *out = g_build_filename (f->ui.base.dir, "log.json", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autofree char *json = NULL;
  AdwMessageDialog *dialog;
  GStatBuf st;

  g_assert_true (VJ_IS_SESSIONS_PAGE (page));
  g_assert_true (g_file_set_contents (csv, "Dato,Form,Personer,Noter\n"
                                           "27-11-2026,individuel,AB,Om EUD\n"
                                           "not a date,individuel,CD,\n", -1, NULL));
  vj_sessions_page_import_csv (VJ_SESSIONS_PAGE (page), csv_file);
  dialog = vj_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "close"));
  vj_test_wait_until (dialog_done, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Sessions Imported");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "Imported 1 session.\n1 of 2 rows were not imported:\n"
                                   "Row 3 not imported: "));
  gtk_window_destroy (GTK_WINDOW (dialog));

  vj_sessions_page_export (VJ_SESSIONS_PAGE (page), out_file, "2026-11-01", "2026-11-30", TRUE);
  vj_test_wait_until (dialog_done, NULL);
  dialog = vj_test_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Sessions Exported");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (out, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "Om EUD"));
}

static gboolean
window_allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

static gboolean
editor_allocated (gpointer data)
{
  VjSessionEditor *editor = open_editor_window ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor)) &&
         gtk_widget_get_height (GTK_WIDGET (editor)) > 0;
}

/* The editor opens over the main window as its dialog (transient for it, modal), never
 * taller or wider than it: at 1280×800 and in a 360 px narrow window. The size data is
 * the main window's width and height. */
static void
test_fits_main_window (Fixture       *f,
                       gconstpointer  user_data)
{
  const int *size = user_data;
  VjWindow *window = vj_window_new (NULL);
  VjSessionEditor *editor;

  vj_window_set_db (window, f->ui.base.db);
  gtk_window_set_default_size (GTK_WINDOW (window), size[0], size[1]);
  gtk_window_present (GTK_WINDOW (window));
  vj_window_show_section (window, "sessions");
  vj_test_wait_until (window_allocated, window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, size[0]);

  /* As the window's New Session opens it */
  vj_sessions_page_new_session (VJ_SESSIONS_PAGE (vj_window_get_visible_page (window)));
  vj_test_wait_until (editor_allocated, NULL);
  editor = open_editor_window ();

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (editor)), <=,
                   gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), <=,
                   gtk_widget_get_width (GTK_WIDGET (window)));
  /* Not shrunk to nothing either: the form scrolls inside a usable height */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (editor)), >=, 294);

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

static const int wide_window[] = { 1280, 800 };
static const int narrow_window[] = { 360, 640 };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  /* VEJVISER_LOCALEDIR with LANGUAGE=da: in Danish, to look at (VJ_TEST_SCREENSHOTS) */
  vj_test_bind_translations ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/ui/sessions/log-group-session", Fixture, NULL, fixture_set_up,
              test_log_group_session, fixture_tear_down);
  g_test_add ("/ui/sessions/save-waits-visibly", Fixture, NULL, fixture_set_up,
              test_save_waits_visibly, fixture_tear_down);
  g_test_add ("/ui/sessions/cpr-flagged", Fixture, NULL, fixture_set_up, test_cpr_flagged,
              fixture_tear_down);
  g_test_add ("/ui/sessions/draft-while-typing", Fixture, NULL, fixture_set_up,
              test_draft_while_typing, fixture_tear_down);
  g_test_add ("/ui/sessions/duplicate-and-delete", Fixture, NULL, fixture_set_up,
              test_duplicate_and_delete, fixture_tear_down);
  g_test_add ("/ui/sessions/every-control-named", Fixture, NULL, fixture_set_up,
              test_every_control_named, fixture_tear_down);
  g_test_add ("/ui/sessions/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo,
              fixture_tear_down);
  g_test_add ("/ui/sessions/pick-existing-person", Fixture, NULL, fixture_set_up,
              test_pick_existing_person, fixture_tear_down);
  g_test_add ("/ui/sessions/open-person", Fixture, NULL, fixture_set_up, test_open_person,
              fixture_tear_down);
  g_test_add ("/ui/sessions/import-and-export", Fixture, NULL, fixture_set_up,
              test_import_and_export, fixture_tear_down);
  g_test_add ("/ui/sessions/narrow", Fixture, NULL, fixture_set_up, test_narrow,
              fixture_tear_down);
  g_test_add ("/ui/sessions/discard-new-with-person", Fixture, NULL, fixture_set_up,
              test_discard_new_with_person, fixture_tear_down);
  g_test_add ("/ui/sessions/birth-year-empty", Fixture, NULL, fixture_set_up,
              test_birth_year_empty, fixture_tear_down);
  g_test_add ("/ui/sessions/birth-year-not-a-year", Fixture, NULL, fixture_set_up,
              test_birth_year_not_a_year, fixture_tear_down);
  g_test_add ("/ui/sessions/person-municipality-from-session", Fixture, NULL, fixture_set_up,
              test_person_municipality_from_session, fixture_tear_down);
  g_test_add ("/ui/sessions/municipalities-one-list", Fixture, NULL, fixture_set_up,
              test_municipalities_one_list, fixture_tear_down);
  g_test_add ("/ui/sessions/upv-choices-whole", Fixture, NULL, fixture_set_up,
              test_upv_choices_whole, fixture_tear_down);
  g_test_add ("/ui/sessions/escape-asks-for-typed-text", Fixture, NULL, fixture_set_up,
              test_escape_asks_for_typed_text, fixture_tear_down);
  g_test_add ("/ui/sessions/date-picked", Fixture, NULL, fixture_set_up, test_date_picked,
              fixture_tear_down);
  g_test_add ("/ui/sessions/date-typed", Fixture, NULL, fixture_set_up, test_date_typed,
              fixture_tear_down);
  g_test_add ("/ui/sessions/fits-main-window/wide", Fixture, wide_window, fixture_set_up,
              test_fits_main_window, fixture_tear_down);
  g_test_add ("/ui/sessions/fits-main-window/narrow", Fixture, narrow_window, fixture_set_up,
              test_fits_main_window, fixture_tear_down);
  g_test_add ("/ui/sessions/draft-offered-back", Fixture, NULL, fixture_set_up,
              test_draft_offered_back, fixture_tear_down);
  g_test_add ("/ui/sessions/other-process-listed", Fixture, NULL, fixture_set_up,
              test_other_process_listed, fixture_tear_down);
  g_test_add ("/ui/sessions/draft-offered-at-start", Fixture, NULL, fixture_set_up,
              test_draft_offered_at_start, fixture_tear_down);
  return g_test_run ();
}
