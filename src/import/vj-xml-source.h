#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

G_BEGIN_DECLS

#define VJ_IMPORT_ERROR (vj_import_error_quark ())

typedef enum
{
  VJ_IMPORT_ERROR_OPEN,
  VJ_IMPORT_ERROR_NOT_WELL_FORMED,
  VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
  VJ_IMPORT_ERROR_FORBIDDEN,       /* DTDs, entities */
  VJ_IMPORT_ERROR_CAP,             /* a size, depth or count cap was exceeded */
  VJ_IMPORT_ERROR_INVALID_HEADER,
  VJ_IMPORT_ERROR_CANCELLED,
  VJ_IMPORT_ERROR_EMPTY,
} VjImportError;

GQuark vj_import_error_quark (void);

typedef struct _VjXmlSource VjXmlSource;

typedef void (*VjXmlProgressFunc) (guint64  bytes_read,
                                   guint64  bytes_total,
                                   gpointer user_data);

typedef struct
{
  guint64 max_bytes;       /* decompressed bytes read at most */
  guint   max_depth;       /* element nesting */
  gsize   max_text;        /* bytes in one text node */
  guint   max_records;
} VjXmlCaps;

void              vj_xml_caps_init_default    (VjXmlCaps          *caps);

VjXmlSource      *vj_xml_source_open          (GFile              *file,
                                               const char         *encoding,
                                               const VjXmlCaps    *caps,
                                               GCancellable       *cancellable,
                                               VjXmlProgressFunc   progress,
                                               gpointer            progress_data,
                                               GError            **error);
void              vj_xml_source_free          (VjXmlSource        *source);
xmlTextReaderPtr  vj_xml_source_get_reader    (VjXmlSource        *source);
gboolean          vj_xml_source_next_element  (VjXmlSource        *source,
                                               gboolean           *found,
                                               GError            **error);
gboolean          vj_xml_source_next_child    (VjXmlSource        *source,
                                               int                 parent_depth,
                                               gboolean            skip_current,
                                               gboolean           *found,
                                               GError            **error);
gboolean          vj_xml_source_finish        (VjXmlSource        *source,
                                               GError            **error);
gboolean          vj_xml_source_has_pending   (VjXmlSource        *source);
gboolean          vj_xml_source_next_record   (VjXmlSource        *source,
                                               gboolean            skip_current,
                                               gboolean           *found,
                                               GError            **error);
xmlNodePtr        vj_xml_source_expand        (VjXmlSource        *source,
                                               GError            **error);
gboolean          vj_xml_source_count_record  (VjXmlSource        *source,
                                               GError            **error);
gboolean          vj_xml_source_fail          (VjXmlSource        *source,
                                               GError            **error);
guint             vj_xml_source_get_line      (VjXmlSource        *source);
guint             vj_xml_source_get_error_line (VjXmlSource       *source);
void              vj_xml_source_set_error_line (VjXmlSource       *source,
                                               guint               line);
gboolean          vj_xml_source_started       (VjXmlSource        *source);
gboolean          vj_xml_source_may_be_latin1 (VjXmlSource        *source);

/* Reading an expanded record */
gboolean          vj_xml_is                   (xmlNodePtr          node,
                                               const char         *ns,
                                               const char         *name);
char             *vj_xml_text                 (xmlNodePtr          node);
char             *vj_xml_child_text           (xmlNodePtr          parent,
                                               const char         *ns,
                                               const char         *name);
char             *vj_xml_attr                 (xmlNodePtr          node,
                                               const char         *name);
guint             vj_xml_line                 (xmlNodePtr          node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjXmlSource, vj_xml_source_free)

G_END_DECLS
