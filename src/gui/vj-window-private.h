#pragma once

#include <adwaita.h>

#include "vj-db.h"
#include "vj-navigator.h"
#include "vj-window.h"

G_BEGIN_DECLS

/* Shared by vj-window.c (the window and its sections) and vj-window-actions.c (its actions:
 * the pages it opens, and comparing). */

#define VJ_WINDOW_N_SECTIONS 7

struct _VjWindow
{
  AdwApplicationWindow  parent_instance;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkListBox           *sidebar_list;
  GtkWidget            *content;
  GtkButton            *back_button;
  GtkButton            *compare_button;
  AdwButtonContent     *compare_content;
  AdwWindowTitle       *window_title;
  VjNavigator          *navigator;

  GtkWidget            *pages[VJ_WINDOW_N_SECTIONS];  /* each made when first needed */
  guint                 pages_idle;
  GSettings            *settings;
  GArray               *compare_ids;  /* gint64, at most VJ_COMPARE_MAX */
  VjDb                 *db;
  GCancellable         *cancellable;
  guint                 changes_timeout; /* looks for others' changes to the database */
};

guint       _vj_window_section_index      (const char     *id);
const char *_vj_window_section_id         (guint           index);
GtkWidget  *_vj_window_page               (VjWindow       *self,
                                           const char     *id);
void        _vj_window_class_actions_init (GtkWidgetClass *widget_class);

G_END_DECLS
