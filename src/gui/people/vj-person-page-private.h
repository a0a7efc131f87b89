#pragma once

#include <adwaita.h>

#include "vj-db-followup.h"
#include "vj-db-shortlist.h"
#include "vj-db-timeline.h"
#include "vj-person-page.h"

G_BEGIN_DECLS

/* Shared between the person page and its actions (plan, export, erase: vj-person-page-actions.c) */

struct _VjPersonPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkBox          *content_box;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;

  GtkListBox      *steps_list;
  GtkListBox      *shortlist_list;
  GtkListBox      *sessions_list;
  GtkWidget       *steps_empty;
  GtkWidget       *shortlist_empty;
  GtkWidget       *sessions_empty;

  VjDb            *db;
  VjPersonSummary *person;
  GPtrArray       *shortlist;    /* VjShortlistItem, as shown */
  GPtrArray       *steps;        /* VjFollowUp, as shown */
  VjShortlistItem *undo_item;    /* the last one removed, for the toast's Undo */
  VjFollowUp      *undo_step;    /* the last next step ticked off, for the toast's Undo */
  GCancellable    *cancellable;
  GCancellable    *shortlist_cancellable;  /* the shortlist's read, in a worker */
  GCancellable    *timeline_cancellable;   /* the sessions' read, in a worker */
  gboolean         loading;                /* the next steps are being read */
  gboolean         shortlist_loading;
  gboolean         timeline_loading;
  guint            goals_saving;  /* plan goals being written: a reload keeps the one typed */
};

void _vj_person_page_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
