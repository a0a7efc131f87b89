#pragma once

#include "vj-feed-format.h"

G_BEGIN_DECLS

/* Shared by the readers of the public tables (vj-reader-register.c,
 * vj-reader-uddannelseszoom.c, vj-reader-kot.c) */

#define VJ_SOURCE_REGISTER "public:institutionsregister"
#define VJ_SOURCE_UDDANNELSESZOOM "public:uddannelseszoom"
#define VJ_SOURCE_KOT "public:kot"

void      _vj_table_reject                (const VjRecordSink *sink,
                                           gpointer            user_data,
                                           guint               line,
                                           const char         *format,
                                           const char         *value);
gboolean  _vj_table_is_institution_number (const char         *text);
int       _vj_table_int                   (const char         *text);
gboolean  _vj_table_number                (const char         *text,
                                           double             *value);
char     *_vj_table_coordinate            (const char         *text,
                                           double              min,
                                           double              max);
int       _vj_table_last_year             (const char         *text);
char     *_vj_table_url                   (const char         *text);

G_END_DECLS
