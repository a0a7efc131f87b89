#pragma once

#include <gtk/gtk.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_STATS_PAGE (vj_stats_page_get_type ())
G_DECLARE_FINAL_TYPE (VjStatsPage, vj_stats_page, VJ, STATS_PAGE, GtkWidget)

GtkWidget *vj_stats_page_new         (VjDb *db);
void       vj_stats_page_reload      (VjStatsPage *self);
gboolean   vj_stats_page_is_loading  (VjStatsPage *self);
gint64     vj_stats_page_get_total   (VjStatsPage *self);
gboolean   vj_stats_page_export_csv  (VjStatsPage *self,
                                      const char  *path,
                                      GError     **error);

G_END_DECLS
