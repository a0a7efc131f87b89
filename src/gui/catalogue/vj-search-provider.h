#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The desktop's own search: org.gnome.Shell.SearchProvider2 (vj-search-provider.c). */

#define VJ_TYPE_SEARCH_PROVIDER (vj_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (VjSearchProvider, vj_search_provider, VJ, SEARCH_PROVIDER, GObject)

/**
 * VjSearchProviderOpen:
 * @kind: 'p' a programme, 'i' an institution, 'r' a person
 * @id: its row id
 *
 * Opens a result in the app (its window presented).
 */
typedef void (*VjSearchProviderOpen) (char     kind,
                                      gint64   id,
                                      gpointer user_data);

VjSearchProvider *vj_search_provider_new        (VjSearchProviderOpen  open,
                                                 gpointer              user_data);
void              vj_search_provider_set_db     (VjSearchProvider     *self,
                                                 VjDb                 *db);
gboolean          vj_search_provider_register   (VjSearchProvider     *self,
                                                 GDBusConnection      *connection,
                                                 const char           *object_path,
                                                 GError              **error);
void              vj_search_provider_unregister (VjSearchProvider     *self);

G_END_DECLS
