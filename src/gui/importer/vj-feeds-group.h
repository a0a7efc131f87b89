#pragma once

#include <adwaita.h>

#include "vj-db.h"

G_BEGIN_DECLS

#define VJ_TYPE_FEEDS_GROUP (vj_feeds_group_get_type ())
G_DECLARE_FINAL_TYPE (VjFeedsGroup, vj_feeds_group, VJ, FEEDS_GROUP, AdwPreferencesGroup)

void vj_feeds_group_reload        (VjFeedsGroup *self);
void vj_feeds_group_refresh_all   (VjFeedsGroup *self);
void vj_feeds_group_set_busy      (VjFeedsGroup *self,
                                   gboolean      busy);
void vj_feeds_group_apply_setting (VjFeedsGroup *self,
                                   const char   *key,
                                   const char   *value);

G_END_DECLS
