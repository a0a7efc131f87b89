#pragma once

#include <glib.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* The options every command shares, and the helpers of vejviser-cli.c that the commands in
 * their own files use. */

typedef struct
{
  char     *db_path;
  char     *category;
  char     *municipality;
  char     *region;
  char     *level;
  char     *study_mode;
  char     *sort;
  gboolean  open_deadline;
  char     *initiative;
  char     *output;
  gboolean  json;
  GPtrArray *args;      /* the command and its operands */
} VjCliOptions;

int   vj_cli_fail        (const VjCliOptions *options,
                          const GError       *error,
                          guint               line);
int   vj_cli_usage_error (const VjCliOptions *options,
                          const char         *message);
VjDb *vj_cli_open_db     (const VjCliOptions *options,
                          GError            **error);

int   vj_cli_feeds       (const VjCliOptions *options);

G_END_DECLS
