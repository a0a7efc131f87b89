#pragma once

#include <libxml/tree.h>

#include "vj-feed-format.h"

G_BEGIN_DECLS

/* Shared by the XCRI-CAP reader (vj-reader-xcri.c: the structure) and its field helpers
 * (vj-reader-xcri-fields.c: matching elements and reading text, dates and ids). */

#define MAX_DESCRIPTION 4000

typedef struct
{
  const VjRecordSink  *sink;
  gpointer             user_data;

  char                *catalog_id;
  char                *catalog_title;
  char                *first_provider_id;
  char                *first_provider_title;
  guint                n_providers;

  /* the provider being read */
  VjInstitutionRecord *institution;
  GHashTable          *venues;        /* id → VjLocationRecord */
  VjLocationRecord    *main_location;
  gboolean             provider_has_location;
  GHashTable          *warned;        /* element names already reported */
} Ctx;

gboolean     _vj_xcri_is             (Ctx        *ctx,
                                      xmlNodePtr  node,
                                      const char *name);
xmlNodePtr   _vj_xcri_first          (Ctx        *ctx,
                                      xmlNodePtr  parent,
                                      const char *name);
char        *_vj_xcri_text_of        (Ctx        *ctx,
                                      xmlNodePtr  parent,
                                      const char *name);
char        *_vj_xcri_lang_text      (Ctx        *ctx,
                                      xmlNodePtr  parent,
                                      const char *name);
char        *_vj_xcri_description_of (Ctx        *ctx,
                                      xmlNodePtr  parent);
char        *_vj_xcri_derive_id      (const char *prefix,
                                      const char *a,
                                      const char *b);
char        *_vj_xcri_date_of        (Ctx        *ctx,
                                      xmlNodePtr  parent,
                                      const char *name);
VjRecStatus  _vj_xcri_recstatus_of   (xmlNodePtr  node);

G_END_DECLS
