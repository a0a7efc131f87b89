#pragma once

#include "vj-db-initiatives-edit.h"
#include "vj-initiative-editor.h"

G_BEGIN_DECLS

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
  AdwExpanderRow      *municipalities_row;
  AdwPreferencesGroup *institutions_group;
  GtkDropDown         *institution_dropdown;
  AdwPreferencesGroup *programmes_group;
  GtkSearchEntry      *programme_search;
  GtkListBox          *programme_results;

  VjDb                *db;
  gint64               initiative_id;
  gint64               parent_id;
  char                *inferred;        /* kept as it was: the editor does not show it */
  GPtrArray           *goal_rows;       /* AdwEntryRow, with a "target" GtkEntry */
  GPtrArray           *actor_rows;      /* AdwExpanderRow, with "fields" AdwEntryRow[6] */
  GPtrArray           *municipality_checks; /* GtkCheckButton, "code" */
  GArray              *institution_ids; /* dropdown position → institution row id */
  GHashTable          *linked_institutions; /* row id → its row */
  GHashTable          *linked_programmes;   /* row id → its row */
  GCancellable        *cancellable;
  GCancellable        *search_cancellable;
};

GtkWidget *_vj_initiative_editor_remove_button               (const char         *label);
void       _vj_initiative_editor_add_institution_action       (GtkWidget          *widget,
                                                               const char         *action_name,
                                                               GVariant           *parameter);
void       _vj_initiative_editor_result_activated_cb          (GtkListBox         *box,
                                                               GtkListBoxRow      *row,
                                                               VjInitiativeEditor *self);
void       _vj_initiative_editor_programme_search_changed_cb  (VjInitiativeEditor *self);
void       _vj_initiative_editor_fill_links                   (VjInitiativeEditor *self,
                                                               VjInitiativeEdit   *edit);
GArray    *_vj_initiative_editor_link_ids                     (GHashTable         *links);

G_END_DECLS
