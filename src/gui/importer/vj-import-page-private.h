#pragma once

#include <adwaita.h>

#include "vj-db.h"
#include "vj-import-page.h"

G_BEGIN_DECLS

/* Shared by vj-import-page.c (importing, the report) and vj-import-feeds.c (subscriptions and
 * history). */

struct _VjImportPage
{
  GtkWidget            parent_instance;

  GtkButton           *file_button;
  GtkEntry            *url_entry;
  GtkButton           *fetch_button;
  GtkWidget           *progress_box;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *report_group;
  GtkButton           *refresh_all_button;
  GtkSwitch           *refresh_at_start_switch;
  GtkEntry            *feed_name_entry;
  GtkEntry            *feed_url_entry;
  GtkListBox          *feeds_list;
  GtkListBox          *history_list;

  VjDb                *db;
  GCancellable        *cancellable;       /* the running import */
  GQueue               queue;             /* locations waiting to be imported (char *) */
  GPtrArray           *report_rows;       /* rows added to report_group */
  GtkFileChooserNative *chooser;
  gboolean             loading_settings;
};

char *_vj_import_entry_text          (GtkEntry     *entry);
void  _vj_import_page_add_feed_cb    (VjImportPage *self);
void  _vj_import_page_refresh_all_cb (VjImportPage *self);

G_END_DECLS
