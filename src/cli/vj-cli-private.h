#pragma once

#include <glib.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* What every command of vejviser-cli shares: the options all of them take, the description of a
 * command (its name, its GOptionEntry table and what runs it), and the helpers of
 * vj-cli-common.c that report a failure and open the database. vejviser-cli.c (main and the
 * command table) calls the commands, the commands call these helpers, and the helpers call
 * neither. */

typedef struct _VjCliCommand VjCliCommand;

typedef struct
{
  char               *db_path;  /* --db, or NULL for $VEJVISER_DB or the user data folder */
  gboolean            json;     /* --json */
  GPtrArray          *args;     /* the command and its operands */
  const VjCliCommand *command;  /* NULL before the command is known */
} VjCliOptions;

struct _VjCliCommand
{
  const char         *name;
  const char         *parameter_string;  /* N_(): after "vejviser-cli [OPTION…]" in --help */
  const char * const *lines;             /* N_(): its lines of the commands list (usage) */
  const GOptionEntry *entries;           /* its own options, besides --db and --json */
  int               (*run) (const VjCliOptions *options);
};

extern const GOptionEntry vj_cli_common_entries[3];  /* --db and --json */

GOptionContext *vj_cli_command_context (const VjCliCommand *command,
                                        VjCliOptions       *options);

int   vj_cli_fail        (const VjCliOptions *options,
                          const GError       *error,
                          guint               line);
int   vj_cli_usage_error (const VjCliOptions *options,
                          const char         *message);
VjDb *vj_cli_open_db     (const VjCliOptions *options,
                          GError            **error);
int   vj_cli_get_deadline (const VjCliOptions *options,
                           const char         *text,
                           guint              *seconds);
void  vj_cli_backup_add_hint (const char *db_path,
                              GError     *error);

G_END_DECLS
