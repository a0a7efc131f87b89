#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_COMPARE_PAGE (vj_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (VjComparePage, vj_compare_page, VJ, COMPARE_PAGE, GtkWidget)

GtkWidget *vj_compare_page_new (VjDb         *db,
                                const gint64 *programme_ids,
                                guint         n_ids);

#define VJ_COMPARE_MAX 4

G_END_DECLS
