#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *vj_text_fold               (const char *text);
char     *vj_text_fold_for_index     (const char *text);
char     *vj_text_sort_key           (const char *text);
char     *vj_text_fts_query          (const char *text);
char     *vj_text_squash_whitespace  (const char *text);
gboolean  vj_text_parse_w3c_date     (const char *text,
                                      int        *year,
                                      int        *month,
                                      int        *day);
char     *vj_text_format_date        (const char *w3c_date);
char     *vj_text_format_date_time   (const char *iso);
char     *vj_text_format_size        (guint64     bytes);
const char *vj_text_month_name       (int         month);
char     *vj_text_truncate           (char       *text,
                                      gsize       max_chars);

G_END_DECLS
