#define G_LOG_DOMAIN "vj-xlsx"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <math.h>
#include <string.h>

#include "vj-csv.h"
#include "vj-xlsx.h"
#include "vj-xml-source-private.h"

/* An XLSX workbook is a zip of XML parts: xl/workbook.xml names the sheets in order,
 * xl/_rels/workbook.xml.rels where each is, xl/sharedStrings.xml the text cells point into, and
 * xl/worksheets/sheetN.xml the cells. The zip is read with libarchive over the file's own
 * stream (seeking to the central directory where it can), each part streamed into
 * xmlTextReader as untrusted XML (XCRI-CAP.md): no DTD, no entity, no network, a depth cap, and
 * one cap on the bytes unpacked from every part read together, so that a zip bomb stops at the
 * cap and not in the memory. Two passes over the zip: the workbook and the shared text first
 * (Excel writes the shared text after the sheets), then the first sheet, row by row, into the
 * rows a delimited table would give (VjCsvRow), its row numbers as the lines. */

#define RELATIONSHIPS_NS \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_ENTRIES 10000
#define MAX_DEPTH 64
#define CHUNK 65536

typedef struct
{
  GFile             *file;
  guint64            max_bytes;
  guint              max_rows;
  GCancellable      *cancellable;
  VjXmlProgressFunc  progress;
  gpointer           progress_data;
  guint64            file_size;
  guint              pass;       /* 0: the workbook and shared text, 1: the sheet */

  guint64            unpacked;   /* bytes unpacked from every part read */
  GError            *error;      /* the first problem of ours (a cap, damage, a cancel) */
  char              *xml_message; /* libxml2's first error in the part being read */
  guint              xml_line;

  GPtrArray         *strings;    /* the shared text, char * */
  char              *sheet_rid;  /* the first sheet's relationship */
  GHashTable        *rels;       /* relationship id → target */
  gboolean           has_workbook;
  GPtrArray         *rows;       /* VjCsvRow */
} Xlsx;

typedef struct
{
  Xlsx          *xlsx;
  GInputStream  *stream;
  guchar        *buffer;
} ZipIn;

typedef struct
{
  Xlsx             *xlsx;
  struct archive   *archive;
  const char       *name;
  xmlTextReaderPtr  reader;
} Part;

static void
set_error_once (Xlsx   *xlsx,
                GError *error)
{
  if (xlsx->error == NULL)
    xlsx->error = error;
  else
    g_error_free (error);
}

/* ----- the zip, over the file's stream ----- */

static la_ssize_t
zip_read (struct archive *archive,
          void           *data,
          const void    **buffer)
{
  ZipIn *in = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read (in->stream, in->buffer, CHUNK, in->xlsx->cancellable, &error);

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error_once (in->xlsx, g_error_new_literal (VJ_IMPORT_ERROR,
                                                       VJ_IMPORT_ERROR_CANCELLED,
                                                       _("The import was cancelled.")));
      else
        set_error_once (in->xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                                               _("Could not read the feed: %s"),
                                               error->message));
      archive_set_error (archive, EIO, "read error");
      return -1;
    }
  *buffer = in->buffer;
  /* The zip is read twice: the progress runs once over both passes */
  if (in->xlsx->progress != NULL && G_IS_SEEKABLE (in->stream))
    in->xlsx->progress (in->xlsx->pass * in->xlsx->file_size +
                        (guint64) g_seekable_tell (G_SEEKABLE (in->stream)),
                        2 * in->xlsx->file_size, in->xlsx->progress_data);
  return n;
}

static la_int64_t
zip_seek (struct archive *archive,
          void           *data,
          la_int64_t      offset,
          int             whence)
{
  ZipIn *in = data;
  GSeekType type = whence == SEEK_END ? G_SEEK_END : whence == SEEK_CUR ? G_SEEK_CUR
                                                                        : G_SEEK_SET;

  if (!G_IS_SEEKABLE (in->stream) || !g_seekable_can_seek (G_SEEKABLE (in->stream)) ||
      !g_seekable_seek (G_SEEKABLE (in->stream), offset, type, in->xlsx->cancellable, NULL))
    return ARCHIVE_FATAL;
  return g_seekable_tell (G_SEEKABLE (in->stream));
}

static la_int64_t
zip_skip (struct archive *archive,
          void           *data,
          la_int64_t      request)
{
  ZipIn *in = data;

  if (!G_IS_SEEKABLE (in->stream) || !g_seekable_can_seek (G_SEEKABLE (in->stream)) ||
      !g_seekable_seek (G_SEEKABLE (in->stream), request, G_SEEK_CUR, in->xlsx->cancellable,
                        NULL))
    return 0;  /* libarchive reads over it instead */
  return request;
}

static char *
valid_message (const char *message)
{
  return g_utf8_make_valid (message != NULL ? message : "", -1);
}

static void
set_damaged (Xlsx           *xlsx,
             struct archive *archive)
{
  g_autofree char *why = valid_message (archive_error_string (archive));

  set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                                     /* Translators: %s is the zip library's own message */
                                     _("The spreadsheet (XLSX) is damaged and cannot be read "
                                       "(%s). Nothing was imported."),
                                     why));
}

static struct archive *
open_zip (Xlsx   *xlsx,
          ZipIn  *in)
{
  g_autoptr(GError) error = NULL;
  struct archive *archive;

  in->xlsx = xlsx;
  in->stream = G_INPUT_STREAM (g_file_read (xlsx->file, xlsx->cancellable, &error));
  if (in->stream == NULL)
    {
      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                                         _("Could not open the feed: %s"), error->message));
      return NULL;
    }
  in->buffer = g_malloc (CHUNK);
  archive = archive_read_new ();
  archive_read_support_format_zip (archive);
  archive_read_set_read_callback (archive, zip_read);
  archive_read_set_seek_callback (archive, zip_seek);
  archive_read_set_skip_callback (archive, zip_skip);
  archive_read_set_callback_data (archive, in);
  if (archive_read_open1 (archive) != ARCHIVE_OK)
    {
      set_damaged (xlsx, archive);
      archive_read_free (archive);
      return NULL;
    }
  return archive;
}

static void
close_zip (struct archive *archive,
           ZipIn          *in)
{
  if (archive != NULL)
    archive_read_free (archive);
  g_clear_object (&in->stream);
  g_clear_pointer (&in->buffer, g_free);
}

/* ----- one part, as untrusted XML ----- */

static int
part_read (void *context,
           char *buffer,
           int   len)
{
  Part *part = context;
  Xlsx *xlsx = part->xlsx;
  la_ssize_t n;

  if (xlsx->error != NULL)
    return -1;
  if (g_cancellable_is_cancelled (xlsx->cancellable))
    {
      set_error_once (xlsx, g_error_new_literal (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CANCELLED,
                                                 _("The import was cancelled.")));
      return -1;
    }
  n = archive_read_data (part->archive, buffer, (size_t) len);
  if (n < 0)
    {
      set_damaged (xlsx, part->archive);
      return -1;
    }
  xlsx->unpacked += (guint64) n;
  if (xlsx->unpacked > xlsx->max_bytes)
    {
      g_autofree char *size = g_format_size (xlsx->max_bytes);

      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                         /* Translators: %s is a size, e.g. "256,0 MB" */
                                         _("The spreadsheet (XLSX) is larger than the limit of "
                                           "%s once unpacked. Nothing was imported."),
                                         size));
      return -1;
    }
  return (int) n;
}

static int
part_close (void *context)
{
  return 0;
}

static void
part_error_cb (void       *user_data,
               xmlErrorPtr error)
{
  Xlsx *xlsx = user_data;

  if (error == NULL || error->level < XML_ERR_ERROR || xlsx->xml_message != NULL)
    return;
  xlsx->xml_message = valid_message (error->message);
  g_strstrip (xlsx->xml_message);
  xlsx->xml_line = error->line > 0 ? (guint) error->line : 0;
}

static gboolean
part_open (Part           *part,
           Xlsx           *xlsx,
           struct archive *archive,
           const char     *name)
{
  part->xlsx = xlsx;
  part->archive = archive;
  part->name = name;
  g_clear_pointer (&xlsx->xml_message, g_free);
  xlsx->xml_line = 0;
  _vj_xml_init ();
  part->reader = xmlReaderForIO (part_read, part_close, part, name, NULL,
                                 XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  if (part->reader == NULL)
    {
      set_error_once (xlsx, g_error_new_literal (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_OPEN,
                                                 _("Could not start reading the feed.")));
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->reader, part_error_cb, xlsx);
  return TRUE;
}

static void
part_close_reader (Part *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
}

/* Moves to the next node (over the current one's children when @skip).
 *
 * Returns: 1 on a node, 0 at the end, -1 on a problem (then in xlsx->error) */
static int
part_next (Part     *part,
           gboolean  skip)
{
  Xlsx *xlsx = part->xlsx;
  int ret = skip ? xmlTextReaderNext (part->reader) : xmlTextReaderRead (part->reader);
  int type;

  if (ret < 0 || xlsx->error != NULL)
    {
      if (xlsx->error == NULL)
        {
          if (xlsx->xml_message != NULL)
            /* Translators: %1$s is a part of the spreadsheet such as xl/worksheets/sheet1.xml,
             * %2$u a line in it, %3$s the XML parser's own message */
            set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                                               _("The spreadsheet's part %1$s is not "
                                                 "well-formed XML (line %2$u: %3$s). Nothing "
                                                 "was imported."),
                                               part->name, xlsx->xml_line, xlsx->xml_message));
          else
            set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                                               /* Translators: %s is a part of the spreadsheet */
                                               _("The spreadsheet's part %s is not well-formed "
                                                 "XML. Nothing was imported."),
                                               part->name));
        }
      return -1;
    }
  if (ret == 0)
    return 0;
  type = xmlTextReaderNodeType (part->reader);
  if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
      type == XML_READER_TYPE_ENTITY)
    {
      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_FORBIDDEN,
                                         /* Translators: %s is a part of the spreadsheet */
                                         _("The spreadsheet's part %s declares a document type "
                                           "or uses an entity, which a spreadsheet has no need "
                                           "of and Vejviser does not read. Nothing was "
                                           "imported."),
                                         part->name));
      return -1;
    }
  if (xmlTextReaderDepth (part->reader) > MAX_DEPTH)
    {
      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                         /* Translators: %1$s is a part of the spreadsheet,
                                          * %2$u the limit */
                                         _("The spreadsheet's part %1$s nests elements deeper "
                                           "than the limit of %2$u. Nothing was imported."),
                                         part->name, MAX_DEPTH));
      return -1;
    }
  return 1;
}

static gboolean
is_element (Part       *part,
            const char *name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->reader), name) == 0;
}

static gboolean
is_end (Part       *part,
        const char *name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_END_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->reader), name) == 0;
}

static char *
attribute (Part       *part,
           const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (part->reader, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The text of the element the reader stands on, its children's included */
static char *
element_text (Part *part)
{
  xmlChar *value = xmlTextReaderReadString (part->reader);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

/* ----- the parts ----- */

static gboolean
read_workbook (Part *part)
{
  int ret;

  while ((ret = part_next (part, FALSE)) > 0)
    if (is_element (part, "sheet"))
      {
        xmlChar *rid = xmlTextReaderGetAttributeNs (part->reader, (const xmlChar *) "id",
                                                    (const xmlChar *) RELATIONSHIPS_NS);

        /* A zip that holds the workbook twice: the first one counts */
        if (part->xlsx->sheet_rid == NULL)
          part->xlsx->sheet_rid = g_strdup (rid != NULL ? (const char *) rid : "");
        xmlFree (rid);
        return TRUE;   /* the first sheet is the table */
      }
  return ret == 0;
}

static gboolean
read_rels (Part *part)
{
  int ret;

  while ((ret = part_next (part, FALSE)) > 0)
    if (is_element (part, "Relationship"))
      {
        char *id = attribute (part, "Id");
        char *target = attribute (part, "Target");

        if (id != NULL && target != NULL && !g_hash_table_contains (part->xlsx->rels, id))
          g_hash_table_insert (part->xlsx->rels, id, target);
        else
          {
            g_free (id);
            g_free (target);
          }
      }
  return ret == 0;
}

static gboolean
read_shared_strings (Part *part)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_si = FALSE;
  gboolean skip = FALSE;
  int ret;

  while ((ret = part_next (part, skip)) > 0)
    {
      skip = FALSE;
      if (is_element (part, "si"))
        {
          if (xmlTextReaderIsEmptyElement (part->reader))
            g_ptr_array_add (part->xlsx->strings, g_strdup (""));
          else
            {
              in_si = TRUE;
              g_string_truncate (text, 0);
            }
        }
      else if (is_element (part, "rPh"))
        skip = TRUE;   /* the phonetic reading, not the text */
      else if (in_si && is_element (part, "t"))
        {
          g_autofree char *t = element_text (part);

          g_string_append (text, t);
        }
      else if (in_si && is_end (part, "si"))
        {
          g_ptr_array_add (part->xlsx->strings, g_strdup (text->str));
          in_si = FALSE;
        }
    }
  return ret == 0;
}

/* "BC12" → column 54 (0-based), or -1 */
static int
cell_column (const char *ref)
{
  int column = 0;
  int letters = 0;

  for (; ref != NULL && g_ascii_isalpha (*ref); ref++, letters++)
    {
      column = column * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
      if (letters >= 3)
        return -1;
    }
  return letters > 0 ? column - 1 : -1;
}

typedef struct
{
  GPtrArray *fields;      /* char * */
  guint      number;      /* the sheet's row number */
  int        column;      /* the last cell's */
  gboolean   too_long;
  char      *type;        /* the cell's t */
  char      *ref;         /* the cell's r */
  GString   *value;
  gboolean   has_value;
} SheetState;

static gboolean
finish_cell (Part       *part,
             SheetState *state)
{
  Xlsx *xlsx = part->xlsx;
  g_autofree char *value = NULL;

  if (!state->has_value)
    return TRUE;
  if (g_strcmp0 (state->type, "s") == 0)
    {
      guint64 index = 0;
      g_autofree char *given = g_strstrip (g_strdup (state->value->str));

      if (!g_ascii_string_to_unsigned (given, 10, 0, G_MAXUINT, &index, NULL) ||
          index >= xlsx->strings->len)
        {
          set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                                             /* Translators: %1$s is a cell such as B7, %2$s
                                              * what it gave */
                                             _("The spreadsheet's cell %1$s refers to shared "
                                               "text “%2$s”, which the spreadsheet does not "
                                               "hold. Nothing was imported."),
                                             state->ref != NULL ? state->ref : "?", given));
          return FALSE;
        }
      value = g_strdup (g_ptr_array_index (xlsx->strings, index));
    }
  else if (state->type == NULL || g_strcmp0 (state->type, "n") == 0)
    {
      /* A number as Excel stores it ("10.199999999999999") to the 15 digits it shows */
      double number;
      char *end = NULL;

      number = g_ascii_strtod (state->value->str, &end);
      if (end != state->value->str && *end == '\0' && isfinite (number))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          value = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", number));
        }
      else
        value = g_strdup (state->value->str);
    }
  else
    value = g_strdup (state->value->str);

  if (*value == '\0')
    return TRUE;
  if (state->column >= VJ_XLSX_MAX_COLUMNS)
    {
      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                         /* Translators: %1$u is a row, %2$u the limit */
                                         _("Row %1$u of the spreadsheet has cells beyond its "
                                           "first %2$u columns. Nothing was imported."),
                                         state->number, VJ_XLSX_MAX_COLUMNS));
      return FALSE;
    }
  if (strlen (value) > VJ_CSV_MAX_FIELD)
    state->too_long = TRUE;
  while (state->fields->len <= (guint) state->column)
    g_ptr_array_add (state->fields, g_strdup (""));
  g_free (state->fields->pdata[state->column]);
  state->fields->pdata[state->column] = g_steal_pointer (&value);
  return TRUE;
}

static void
finish_row (Xlsx       *xlsx,
            SheetState *state)
{
  VjCsvRow *row;

  if (state->fields->len == 0)
    return;   /* a blank row, as a blank line in a delimited table */
  row = g_new0 (VjCsvRow, 1);
  row->row = xlsx->rows->len + 1;
  row->line = state->number;
  row->fields = g_steal_pointer (&state->fields);
  if (state->too_long)
    {
      row->problem = VJ_CSV_FIELD_TOO_LONG;
      g_ptr_array_set_size (row->fields, 0);
    }
  g_ptr_array_add (xlsx->rows, row);
  state->fields = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
read_sheet (Part *part)
{
  Xlsx *xlsx = part->xlsx;
  SheetState state = { 0 };
  gboolean in_cell = FALSE;
  gboolean in_inline = FALSE;
  gboolean skip = FALSE;
  gboolean ok = TRUE;
  int ret;

  state.fields = g_ptr_array_new_with_free_func (g_free);
  state.value = g_string_new (NULL);
  while (ok && (ret = part_next (part, skip)) > 0)
    {
      skip = FALSE;
      if (is_element (part, "row"))
        {
          g_autofree char *r = attribute (part, "r");
          guint64 number = 0;

          g_ptr_array_set_size (state.fields, 0);
          state.too_long = FALSE;
          state.column = -1;
          if (r != NULL && g_ascii_string_to_unsigned (r, 10, 1, G_MAXUINT, &number, NULL))
            state.number = (guint) number;
          else
            state.number++;
        }
      else if (is_element (part, "c"))
        {
          int column;

          g_clear_pointer (&state.type, g_free);
          g_clear_pointer (&state.ref, g_free);
          state.type = attribute (part, "t");
          state.ref = attribute (part, "r");
          column = cell_column (state.ref);
          state.column = column >= 0 ? column : state.column + 1;
          g_string_truncate (state.value, 0);
          state.has_value = FALSE;
          in_cell = !xmlTextReaderIsEmptyElement (part->reader);
        }
      else if (in_cell && is_element (part, "v"))
        {
          g_autofree char *text = element_text (part);

          g_string_assign (state.value, text);
          state.has_value = TRUE;
        }
      else if (in_cell && (is_element (part, "f") || is_element (part, "rPh")))
        skip = TRUE;   /* a formula (its value is in v), a phonetic reading */
      else if (in_cell && is_element (part, "is"))
        in_inline = TRUE;
      else if (in_inline && is_element (part, "t"))
        {
          g_autofree char *text = element_text (part);

          g_string_append (state.value, text);
          state.has_value = TRUE;
        }
      else if (is_end (part, "is"))
        in_inline = FALSE;
      else if (in_cell && is_end (part, "c"))
        {
          in_cell = FALSE;
          ok = finish_cell (part, &state);
        }
      else if (is_end (part, "row"))
        {
          finish_row (xlsx, &state);
          if (xlsx->max_rows > 0 && xlsx->rows->len >= xlsx->max_rows)
            break;
        }
    }
  g_ptr_array_unref (state.fields);
  g_string_free (state.value, TRUE);
  g_free (state.type);
  g_free (state.ref);
  return ok && ret >= 0;
}

typedef gboolean (*PartFunc) (Part *part);

static gboolean
read_part (Xlsx           *xlsx,
           struct archive *archive,
           const char     *name,
           PartFunc        func)
{
  Part part = { 0 };
  gboolean ok;

  if (!part_open (&part, xlsx, archive, name))
    return FALSE;
  ok = func (&part);
  part_close_reader (&part);
  return ok && xlsx->error == NULL;
}

/* Pass 1: the workbook, where its first sheet is, and the shared text */
static gboolean
read_workbook_parts (Xlsx *xlsx)
{
  ZipIn in = { 0 };
  struct archive *archive = open_zip (xlsx, &in);
  struct archive_entry *entry;
  gboolean ok = archive != NULL;
  guint n = 0;
  int rc = ARCHIVE_OK;

  while (ok && (rc = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      if (++n > MAX_ENTRIES)
        {
          set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_CAP,
                                             /* Translators: %u is the limit */
                                             _("The spreadsheet (XLSX) holds more than %u "
                                               "parts. Nothing was imported."),
                                             MAX_ENTRIES));
          ok = FALSE;
        }
      else if (g_strcmp0 (name, "xl/workbook.xml") == 0)
        {
          xlsx->has_workbook = TRUE;
          ok = read_part (xlsx, archive, name, read_workbook);
        }
      else if (g_strcmp0 (name, "xl/_rels/workbook.xml.rels") == 0)
        ok = read_part (xlsx, archive, name, read_rels);
      else if (g_strcmp0 (name, "xl/sharedStrings.xml") == 0)
        ok = read_part (xlsx, archive, name, read_shared_strings);
    }
  if (ok && rc != ARCHIVE_EOF)
    {
      set_damaged (xlsx, archive);
      ok = FALSE;
    }
  close_zip (archive, &in);
  if (ok && !xlsx->has_workbook)
    {
      set_error_once (xlsx, g_error_new_literal (VJ_IMPORT_ERROR,
                                                 VJ_IMPORT_ERROR_UNSUPPORTED_FORMAT,
                                                 _("The file is a zip archive, but not an XLSX "
                                                   "spreadsheet: it has no workbook "
                                                   "(xl/workbook.xml). Nothing was imported.")));
      ok = FALSE;
    }
  return ok && xlsx->error == NULL;
}

/* Where the first sheet is: its relationship's target, relative to xl/ unless absolute */
static char *
sheet_path (Xlsx *xlsx)
{
  const char *target = xlsx->sheet_rid != NULL ? g_hash_table_lookup (xlsx->rels,
                                                                      xlsx->sheet_rid) : NULL;

  if (target == NULL)
    return g_strdup ("xl/worksheets/sheet1.xml");
  if (target[0] == '/')
    return g_strdup (target + 1);
  while (g_str_has_prefix (target, "./"))
    target += 2;
  return g_strconcat ("xl/", target, NULL);
}

/* Pass 2: the first sheet's rows */
static gboolean
read_first_sheet (Xlsx *xlsx)
{
  g_autofree char *path = sheet_path (xlsx);
  ZipIn in = { 0 };
  struct archive *archive = open_zip (xlsx, &in);
  struct archive_entry *entry;
  gboolean found = FALSE;
  gboolean ok = archive != NULL;
  guint n = 0;
  int rc = ARCHIVE_OK;

  while (ok && !found && n++ < MAX_ENTRIES &&
         (rc = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    if (g_strcmp0 (archive_entry_pathname (entry), path) == 0)
      {
        found = TRUE;
        ok = read_part (xlsx, archive, path, read_sheet);
      }
  if (ok && !found && rc != ARCHIVE_OK && rc != ARCHIVE_EOF)
    {
      set_damaged (xlsx, archive);
      ok = FALSE;
    }
  close_zip (archive, &in);
  if (ok && !found)
    {
      set_error_once (xlsx, g_error_new (VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                                         /* Translators: %s is a part such as
                                          * xl/worksheets/sheet1.xml */
                                         _("The spreadsheet's first sheet (%s) is missing. "
                                           "Nothing was imported."),
                                         path));
      ok = FALSE;
    }
  return ok && xlsx->error == NULL;
}

/**
 * vj_xlsx_is_zip:
 *
 * Returns: whether the bytes begin as a zip archive does (an XLSX is one)
 */
gboolean
vj_xlsx_is_zip (const guchar *head,
                gsize         length)
{
  return length >= 4 && memcmp (head, "PK\003\004", 4) == 0;
}

/**
 * vj_xlsx_read_rows:
 * @max_bytes: the most bytes unpacked from the parts read, together
 * @max_rows: stop after this many rows (to look at a header); 0: read the whole sheet
 *
 * Reads the workbook's first sheet as a table: one row per sheet row with a value, each
 * value as text (a shared or inline string, a number to the 15 digits Excel shows, a
 * formula's last value), the sheet's row numbers as the rows' lines.
 *
 * Returns: (transfer full) (element-type VjCsvRow): the rows, or %NULL with @error set
 */
GPtrArray *
vj_xlsx_read_rows (GFile             *file,
                   guint64            max_bytes,
                   guint              max_rows,
                   GCancellable      *cancellable,
                   VjXmlProgressFunc  progress,
                   gpointer           progress_data,
                   GError           **error)
{
  Xlsx xlsx = { 0 };
  g_autoptr(GFileInfo) info = NULL;
  GPtrArray *rows = NULL;

  xlsx.file = file;
  xlsx.max_bytes = max_bytes;
  xlsx.max_rows = max_rows;
  xlsx.cancellable = cancellable;
  xlsx.progress = progress;
  xlsx.progress_data = progress_data;
  xlsx.strings = g_ptr_array_new_with_free_func (g_free);
  xlsx.rels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  xlsx.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_csv_row_free);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL)
    xlsx.file_size = (guint64) g_file_info_get_size (info);

  if (read_workbook_parts (&xlsx))
    {
      xlsx.pass = 1;
      if (read_first_sheet (&xlsx))
        rows = g_steal_pointer (&xlsx.rows);
    }
  if (rows == NULL && xlsx.error != NULL)
    g_propagate_error (error, g_steal_pointer (&xlsx.error));
  else if (rows == NULL)
    g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_NOT_WELL_FORMED,
                         _("The spreadsheet (XLSX) cannot be read. Nothing was imported."));

  g_clear_error (&xlsx.error);
  g_free (xlsx.xml_message);
  g_free (xlsx.sheet_rid);
  g_ptr_array_unref (xlsx.strings);
  g_hash_table_unref (xlsx.rels);
  g_clear_pointer (&xlsx.rows, g_ptr_array_unref);
  return rows;
}
