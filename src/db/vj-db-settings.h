#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The settings the data depends on live in the database (DESIGN.md), so the app, the CLI and
 * the Flatpak agree. Read them with vj_db_get_setting () and write them with
 * vj_db_set_setting_async (); a key that was never written has the default given here. */

/* The counsellor's name, free text; unset: empty */
#define VJ_SETTING_COUNSELLOR_NAME      "counsellor.name"
/* A municipality's official code (vj_municipalities ()); unset: none */
#define VJ_SETTING_DEFAULT_MUNICIPALITY "defaults.municipality"
/* "kui", "studievalg" or "veu"; unset: none */
#define VJ_SETTING_DEFAULT_SERVICE      "defaults.service"
/* Whole years a session is kept before it is offered for deletion */
#define VJ_SETTING_RETENTION_YEARS      "retention.years"
/* "true" or "false": fetch every saved feed when the app starts */
#define VJ_SETTING_REFRESH_AT_START     "feeds.refresh-at-start"
/* "true" or "false": the desktop's search (GNOME Shell) finds people by reference too */
#define VJ_SETTING_SEARCH_PEOPLE        "search-provider.people"

/* Seconds a feed may take to download, headers and body (vj-http.c); unset: 600 */
#define VJ_SETTING_FEEDS_DEADLINE       "feeds.deadline"

#define VJ_FEEDS_DEADLINE_DEFAULT 600
#define VJ_FEEDS_DEADLINE_MIN     1
#define VJ_FEEDS_DEADLINE_MAX     86400

/* How many backups are kept (vj-db-backup.h): the newest N */
#define VJ_SETTING_BACKUPS_KEEP         "backups.keep"

#define VJ_BACKUPS_KEEP_DEFAULT 5
#define VJ_BACKUPS_KEEP_MIN     1
#define VJ_BACKUPS_KEEP_MAX     50

#define VJ_RETENTION_YEARS_DEFAULT 5
#define VJ_RETENTION_YEARS_MIN     1
#define VJ_RETENTION_YEARS_MAX     20

char     *vj_db_get_setting        (VjDb                *self,
                                    const char          *key);
void      vj_db_set_setting_async  (VjDb                *self,
                                    const char          *key,
                                    const char          *value,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  vj_db_set_setting_finish (VjDb                *self,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
