#pragma once

#include <adwaita.h>

#include "vj-importer.h"

G_BEGIN_DECLS

/* The Import wing's row builders (vj-import-rows.c), shared by the page and its groups; no
 * other wing uses them. */

void        _vj_import_clear_list   (GtkListBox *list);
GtkWidget  *_vj_import_text_row     (const char *title,
                                     const char *subtitle);
const char *_vj_import_status_label (const char *status);
char       *_vj_import_counts_text  (guint       added,
                                     guint       updated,
                                     guint       unchanged,
                                     guint       withdrawn,
                                     guint       rejected);
GtkWidget  *_vj_import_icon_button  (const char *icon,
                                     const char *label);
GtkWidget  *_vj_import_issues_row   (const char *title,
                                     GPtrArray  *issues);
char       *_vj_import_entry_text   (GtkEntry   *entry);

G_END_DECLS
