#pragma once

#include "vj-records.h"
#include "vj-xml-source.h"

G_BEGIN_DECLS

/* What a reader hands its records to. Records passed in are the sink's to keep (transfer
 * full); a reader never sees SQL, the importer never sees element names. */
typedef struct
{
  gboolean (*header)      (VjFeedHeader        *header,
                           gpointer             user_data,
                           GError             **error);
  gboolean (*institution) (VjInstitutionRecord *record,
                           gpointer             user_data,
                           GError             **error);
  gboolean (*programme)   (VjProgrammeRecord   *record,
                           gpointer             user_data,
                           GError             **error);
  gboolean (*initiative)  (VjInitiativeRecord  *record,
                           gpointer             user_data,
                           GError             **error);
  void     (*reject)      (guint                line,
                           const char          *reason,
                           gpointer             user_data);
  void     (*warn)        (guint                line,
                           const char          *reason,
                           gpointer             user_data);
} VjRecordSink;

typedef gboolean (*VjFeedReadFunc) (VjXmlSource        *source,
                                    const VjRecordSink *sink,
                                    gpointer            user_data,
                                    GError            **error);

typedef struct
{
  const char     *id;          /* "vejviser-1" */
  const char     *name;        /* translatable (N_) */
  const char     *ns;          /* namespace URI of the root element */
  const char     *root;        /* local name of the root element */
  VjFeedReadFunc  read;        /* called with the reader on the root element */
} VjFeedFormat;

const VjFeedFormat *vj_feed_format_detect (const char *ns,
                                           const char *root);
const VjFeedFormat *vj_feed_format_lookup (const char *id);
const char         *vj_feed_format_name   (const VjFeedFormat *format);

/* One file per format */
gboolean vj_reader_v1_read (VjXmlSource        *source,
                            const VjRecordSink *sink,
                            gpointer            user_data,
                            GError            **error);

gboolean vj_reader_xcri_read (VjXmlSource        *source,
                              const VjRecordSink *sink,
                              gpointer            user_data,
                              GError            **error);

#define VJ_V1_NAMESPACE "urn:dk:kompetenceparat:vejviser:catalogue:1"

G_END_DECLS
