#pragma once

#include <gio/gio.h>

#include "vj-db.h"
#include "vj-session-record.h"

G_BEGIN_DECLS

/* The guidance log in and out of spreadsheets (README.md, "Sessions in spreadsheets"). */

typedef struct
{
  guint  row;        /* the spreadsheet's row number (the header is row 1) */
  char  *message;    /* translated; never the offending content */
} VjCsvIssue;

typedef struct
{
  guint      records;    /* records in the file after the header (a record may span lines) */
  guint      imported;
  GPtrArray *rejected;   /* VjCsvIssue: rows not imported */
  GPtrArray *notes;      /* VjCsvIssue: rows imported with something left out */
  gboolean   windows_1252; /* the whole file; a record in it alone is noted with its row */
  char       delimiter;
} VjSessionImport;

void              vj_session_import_free     (VjSessionImport *report);
VjSessionImport  *vj_db_import_sessions_csv  (VjDb            *db,
                                              const char      *data,
                                              gsize            length,
                                              GError         **error);
GPtrArray        *vj_db_export_sessions      (VjDb            *db,
                                              const char      *from,
                                              const char      *to,
                                              GError         **error);
GString          *vj_db_export_sessions_csv  (VjDb            *db,
                                              GPtrArray       *sessions,
                                              GError         **error);
char             *vj_db_dup_programme_title  (VjDb            *db,
                                              gint64           programme_id);
const char       *vj_session_csv_danish_name (const VjCode    *codes,
                                              guint            n,
                                              const char      *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjSessionImport, vj_session_import_free)

G_END_DECLS
