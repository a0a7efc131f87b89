#pragma once

#include "vj-session-list.h"
#include "vj-session-record.h"
#include "vj-sessions-page.h"

G_BEGIN_DECLS

struct _VjSessionsPage
{
  GtkWidget       parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown    *service_dropdown;
  GtkDropDown    *form_dropdown;
  GtkDropDown    *period_dropdown;
  GtkDropDown    *municipality_dropdown;
  GtkEntry       *person_entry;
  GtkLabel       *count_label;
  GtkStack       *stack;
  GtkListView    *list_view;

  VjDb           *db;
  VjSessionList  *list;
  GArray         *municipality_codes;  /* dropdown position - 1 → code */
  GCancellable   *cancellable;
  gboolean        drafts_offered;
};

void  _vj_sessions_page_show_editor  (VjSessionsPage  *self,
                                      VjSessionRecord *record,
                                      gint64           draft_id);
void  _vj_sessions_page_offer_drafts (VjSessionsPage  *self);
void  _vj_sessions_page_install_transfer_actions (GtkWidgetClass *widget_class);

G_END_DECLS
