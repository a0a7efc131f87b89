#pragma once

#include <libxml/tree.h>

G_BEGIN_DECLS

/* Text of XCRI-CAP's descriptive elements: plain text, XHTML or HTML inside CDATA. */
char *vj_xcri_rich_text      (xmlNodePtr  node,
                              gsize       max_chars);
char *vj_xcri_strip_markup   (const char *html);

G_END_DECLS
