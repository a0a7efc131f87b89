#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void      vj_plan_print       (GtkWindow   *parent,
                               const char  *markup,
                               GPtrArray   *charts,
                               const char  *job_name);
gboolean  vj_plan_export_pdf  (const char  *markup,
                               GPtrArray   *charts,
                               const char  *path,
                               GError     **error);

G_END_DECLS
