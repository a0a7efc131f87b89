#pragma once

#include "vj-records.h"
#include "vj-table-source.h"
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
  /* What the public tables say (the table formats) */
  gboolean (*unit)        (VjUnitRecord        *record,
                           gpointer             user_data,
                           GError             **error);
  gboolean (*offer)       (VjPublicOfferRecord *record,
                           gpointer             user_data,
                           GError             **error);
  gboolean (*fact)        (VjFactRecord        *record,
                           gpointer             user_data,
                           GError             **error);
} VjRecordSink;

typedef gboolean (*VjFeedReadFunc) (VjXmlSource        *source,
                                    const VjRecordSink *sink,
                                    gpointer            user_data,
                                    GError            **error);

typedef gboolean (*VjTableReadFunc) (VjTableSource      *source,
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
  /* A table format instead: the columns its header row has, and its reader */
  const char * const *columns;
  VjTableReadFunc read_table;
} VjFeedFormat;

const VjFeedFormat *vj_feed_format_detect (const char *ns,
                                           const char *root);
const VjFeedFormat *vj_feed_format_detect_table (VjTableSource *source);
void                vj_feed_format_unknown_table_error (VjTableSource  *source,
                                                        GError        **error);
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

gboolean vj_reader_elm_read (VjXmlSource        *source,
                             const VjRecordSink *sink,
                             gpointer            user_data,
                             GError            **error);

gboolean vj_reader_register_read (VjTableSource      *source,
                                  const VjRecordSink *sink,
                                  gpointer            user_data,
                                  GError            **error);
extern const char * const vj_reader_register_columns[];

gboolean vj_reader_uddannelseszoom_read (VjTableSource      *source,
                                         const VjRecordSink *sink,
                                         gpointer            user_data,
                                         GError            **error);
extern const char * const vj_reader_uddannelseszoom_columns[];

gboolean vj_reader_kot_read (VjTableSource      *source,
                             const VjRecordSink *sink,
                             gpointer            user_data,
                             GError            **error);
extern const char * const vj_reader_kot_columns[];

#define VJ_V1_NAMESPACE "urn:dk:kompetenceparat:vejviser:catalogue:1"

G_END_DECLS
