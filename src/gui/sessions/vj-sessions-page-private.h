#pragma once

#include "vj-session-list.h"
#include "vj-sessions-page.h"

G_BEGIN_DECLS

/* VjSessionsPage in two files: the page (vj-sessions-page.c) and its import and export of
 * spreadsheets and JSON, with their file choosers and progress (vj-sessions-page-actions.c). */

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
  GtkRevealer    *filter_revealer;
  GtkToggleButton *filter_toggle;
  GtkStack       *stack;
  GtkListView    *list_view;

  VjDb           *db;
  VjSessionList  *list;
  GCancellable   *cancellable;
  gboolean        drafts_offered;
  gboolean        narrow;         /* the filters fold behind filter_toggle */
  guint           narrow_idle;
};

void  _vj_sessions_page_install_transfer_actions (GtkWidgetClass *widget_class);

G_END_DECLS
