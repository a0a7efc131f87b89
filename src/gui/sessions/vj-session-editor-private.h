#pragma once

#include "vj-session-editor.h"

G_BEGIN_DECLS

struct _VjSessionEditor
{
  AdwWindow             parent_instance;

  AdwEntryRow          *date_row;
  AdwEntryRow          *time_row;
  GtkSpinButton        *duration_spin;
  AdwEntryRow          *counsellor_row;
  AdwComboRow          *service_row;
  AdwComboRow          *form_row;
  AdwComboRow          *municipality_row;
  AdwComboRow          *upv_row;
  AdwEntryRow          *follow_up_row;
  AdwPreferencesGroup  *people_group;
  AdwEntryRow          *add_person_row;
  GtkListBox           *person_results;
  AdwPreferencesGroup  *class_group;
  AdwEntryRow          *class_label_row;
  GtkSpinButton        *head_count_spin;
  GtkFlowBox           *topics_list;
  AdwEntryRow          *tags_row;
  AdwPreferencesGroup  *programmes_group;
  AdwEntryRow          *programme_search_row;
  GtkListBox           *programme_results;
  GtkTextView          *notes_view;
  AdwPreferencesGroup  *steps_group;
  AdwEntryRow          *add_step_row;

  VjDb                 *db;
  VjSessionRecord      *original;      /* as loaded or given */
  GPtrArray            *person_rows;   /* AdwExpanderRow, each with its VjPersonRecord */
  GPtrArray            *step_rows;     /* AdwActionRow, each with its VjNextStep */
  GPtrArray            *programme_rows; /* AdwActionRow, each with its programme id */
  GArray               *municipality_codes;
  GObject              *programme_list; /* VjProgrammeList for the search */
  GCancellable         *cancellable;
  GCancellable         *person_search;
  gint64                draft_id;
  guint                 draft_timeout;
  gboolean              draft_saving;
  gboolean              draft_pending;
  gboolean              dirty;
  gboolean              loading;       /* filling the widgets: not a change */
  gboolean              closing;
  GtkWidget            *cpr_dialog;
};

void  _vj_session_editor_changed        (VjSessionEditor      *self);
void  _vj_session_editor_add_person     (VjSessionEditor      *self,
                                         const VjPersonRecord *person);
void  _vj_session_editor_add_step       (VjSessionEditor      *self,
                                         const VjNextStep     *step);
void  _vj_session_editor_add_programme  (VjSessionEditor      *self,
                                         gint64                programme_id);
void  _vj_session_editor_collect_rows   (VjSessionEditor      *self,
                                         VjSessionRecord      *record);
void  _vj_session_editor_search_programmes (VjSessionEditor   *self);
void  _vj_session_editor_search_people  (VjSessionEditor   *self);
void  _vj_session_editor_person_chosen   (VjSessionEditor   *self,
                                          GtkListBoxRow     *row);
void  _vj_session_editor_programme_chosen  (VjSessionEditor   *self,
                                            GtkListBoxRow     *row);
void  _vj_session_editor_code_combo_model (AdwComboRow   *row,
                                          const char    *none,
                                          const VjCode  *codes,
                                          guint          n);

const char *_vj_session_editor_combo_code (AdwComboRow  *row,
                                          const VjCode *codes,
                                          guint         n,
                                          gboolean      has_none);
char       *_vj_session_editor_text_or_null (GtkEditable *editable);
void        _vj_session_editor_fill       (VjSessionEditor *self);

G_END_DECLS
