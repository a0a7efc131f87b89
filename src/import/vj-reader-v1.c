#define G_LOG_DOMAIN "vj-reader-v1"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-reference.h"
#include "vj-text.h"

/* The reader of Vejviser catalogue format v1 (data/schema/README.md): a header, then records
 * institution, programme and initiative in any order. A record it cannot take is rejected with
 * its line and the reason; the rest of the feed goes on. */

#define NS VJ_V1_NAMESPACE
#define MAX_DESCRIPTION 4000

typedef struct
{
  const VjRecordSink *sink;
  gpointer            user_data;
  VjXmlSource        *source;
} Ctx;

static gboolean
valid_id (const char *id)
{
  if (id == NULL || id[0] == '\0' || strlen (id) > 200)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != ':' && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
child (xmlNodePtr  node,
       const char *name)
{
  return vj_xml_child_text (node, NS, name);
}

/* Long descriptions are cut at a word, as aggregators do (XCRI-CAP.md). */
static char *
child_long_text (xmlNodePtr  node,
                 const char *name)
{
  return vj_text_truncate (child (node, name), MAX_DESCRIPTION);
}

static void
reject (Ctx        *ctx,
        guint       line,
        const char *reason)
{
  ctx->sink->reject (line, reason, ctx->user_data);
}

/* An optional whole number in a range; FALSE (and a rejection) when present but wrong. */
static gboolean
child_int (Ctx        *ctx,
           xmlNodePtr  node,
           const char *name,
           int         min,
           int         max,
           int        *value)
{
  g_autofree char *text = child (node, name);
  gint64 v;

  *value = 0;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    {
      /* Translators: %1$s is an element name, %2$s its value */
      g_autofree char *reason = g_strdup_printf (_("<%1$s> is not a valid number: “%2$s”"),
                                                 name, text);
      reject (ctx, vj_xml_line (node), reason);
      return FALSE;
    }
  *value = (int) v;
  return TRUE;
}

/* An optional W3C date; FALSE (and a rejection) when present but not a date. */
static gboolean
child_date (Ctx        *ctx,
            xmlNodePtr  node,
            const char *name,
            char      **value)
{
  g_autofree char *text = child (node, name);
  int y, m, d;

  *value = NULL;
  if (text == NULL)
    return TRUE;
  if (!vj_text_parse_w3c_date (text, &y, &m, &d))
    {
      g_autofree char *reason = g_strdup_printf (_("<%1$s> is not a valid date: “%2$s”"),
                                                 name, text);
      reject (ctx, vj_xml_line (node), reason);
      return FALSE;
    }
  *value = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
require (Ctx        *ctx,
         xmlNodePtr  node,
         const char *what,
         const char *id,
         const char *field,
         const char *value)
{
  g_autofree char *reason = NULL;

  if (value != NULL)
    return TRUE;
  if (id != NULL)
    /* Translators: %1$s is a kind of record, %2$s its id, %3$s an element name */
    reason = g_strdup_printf (_("%1$s “%2$s” has no <%3$s>"), what, id, field);
  else
    /* Translators: %1$s is a kind of record, %2$s an element name */
    reason = g_strdup_printf (_("%1$s has no <%2$s>"), what, field);
  reject (ctx, vj_xml_line (node), reason);
  return FALSE;
}

static char *
record_id (Ctx        *ctx,
           xmlNodePtr  node,
           const char *what)
{
  g_autofree char *id = vj_xml_attr (node, "id");

  if (!valid_id (id))
    {
      g_autofree char *reason = NULL;

      if (id == NULL)
        /* Translators: %s is a kind of record, e.g. "Programme" */
        reason = g_strdup_printf (_("%s has no id"), what);
      else
        reason = g_strdup_printf (_("%1$s has an invalid id “%2$s”"), what, id);
      reject (ctx, vj_xml_line (node), reason);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static int
municipality_code (Ctx        *ctx,
                   xmlNodePtr  node,
                   const char *text)
{
  int code = vj_municipality_parse_code (text);

  if (code == 0)
    {
      /* Translators: %s is what the feed gave as a municipality code */
      g_autofree char *reason = g_strdup_printf (_("“%s” is not the code of a Danish "
                                                   "municipality"),
                                                 text != NULL ? text : "");
      reject (ctx, vj_xml_line (node), reason);
    }
  return code;
}

static gboolean
read_header (Ctx        *ctx,
             xmlNodePtr  node,
             GError    **error)
{
  g_autoptr(VjFeedHeader) header = vj_feed_header_new ();
  g_autofree char *version = child (node, "version");
  g_autofree char *sample = child (node, "sample");
  gint64 v = 0;

  header->source_id = child (node, "source-id");
  header->title = child (node, "title");
  header->description = child (node, "description");
  header->generated = child (node, "generated");
  header->sample = g_strcmp0 (sample, "true") == 0 || g_strcmp0 (sample, "1") == 0;

  if (header->source_id == NULL || header->title == NULL || version == NULL)
    {
      vj_xml_source_set_error_line (ctx->source, vj_xml_line (node));
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                   _("The feed's header on line %u must give <source-id>, <version> and "
                     "<title>. Nothing was imported."),
                   vj_xml_line (node));
      return FALSE;
    }
  if (!g_ascii_string_to_signed (version, 10, 1, G_MAXINT64, &v, NULL))
    {
      vj_xml_source_set_error_line (ctx->source, vj_xml_line (node));
      g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                   _("The feed's version on line %1$u is not a positive whole number: “%2$s”. "
                     "Nothing was imported."),
                   vj_xml_line (node), version);
      return FALSE;
    }
  header->version = v;

  return ctx->sink->header (g_steal_pointer (&header), ctx->user_data, error);
}

/* An optional coordinate in decimal degrees within [min, max]; FALSE (and a rejection) when
 * present but wrong. */
static gboolean
child_coordinate (Ctx         *ctx,
                  xmlNodePtr   node,
                  const char  *name,
                  double       min,
                  double       max,
                  char       **out)
{
  g_autofree char *text = child (node, name);
  char *end = NULL;
  double value;

  *out = NULL;
  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(value >= min && value <= max))
    {
      /* Translators: %1$s is an element name, %2$s what the feed gave */
      g_autofree char *reason = g_strdup_printf (_("<%1$s> is not a valid coordinate: “%2$s”"),
                                                 name, text);
      reject (ctx, vj_xml_line (node), reason);
      return FALSE;
    }
  *out = g_steal_pointer (&text);
  return TRUE;
}

static VjLocationRecord *
read_location (Ctx        *ctx,
               xmlNodePtr  node)
{
  g_autoptr(VjLocationRecord) location = vj_location_record_new ();
  g_autofree char *municipality = NULL;

  location->line = vj_xml_line (node);
  location->external_id = record_id (ctx, node, _("Location"));
  if (location->external_id == NULL)
    return NULL;
  location->name = child (node, "name");
  if (!require (ctx, node, _("Location"), location->external_id, "name", location->name))
    return NULL;
  location->street = child (node, "street");
  location->postcode = child (node, "postcode");
  location->town = child (node, "town");
  municipality = child (node, "municipality");
  if (!require (ctx, node, _("Location"), location->external_id, "municipality", municipality))
    return NULL;
  location->municipality = municipality_code (ctx, node, municipality);
  if (location->municipality == 0)
    return NULL;
  location->number = child (node, "number");
  if (!child_coordinate (ctx, node, "latitude", -90, 90, &location->latitude) ||
      !child_coordinate (ctx, node, "longitude", -180, 180, &location->longitude))
    return NULL;
  return g_steal_pointer (&location);
}

static gboolean
read_institution (Ctx        *ctx,
                  xmlNodePtr  node,
                  GError    **error)
{
  g_autoptr(VjInstitutionRecord) record = vj_institution_record_new ();

  record->line = vj_xml_line (node);
  record->external_id = record_id (ctx, node, _("Institution"));
  if (record->external_id == NULL)
    return TRUE;
  record->name = child (node, "name");
  if (!require (ctx, node, _("Institution"), record->external_id, "name", record->name))
    return TRUE;
  record->type = child (node, "type");
  record->number = child (node, "number");
  record->url = child (node, "url");
  record->email = child (node, "email");
  record->phone = child (node, "phone");
  record->description = child_long_text (node, "description");

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (vj_xml_is (c, NS, "location"))
        {
          VjLocationRecord *location = read_location (ctx, c);

          if (location != NULL)
            g_ptr_array_add (record->locations, location);
        }
      else if (vj_xml_is (c, NS, "serves"))
        {
          g_autofree char *code_text = vj_xml_attr (c, "municipality");
          int code = municipality_code (ctx, c, code_text);

          if (code != 0)
            g_array_append_val (record->serves, code);
        }
    }

  return ctx->sink->institution (g_steal_pointer (&record), ctx->user_data, error);
}

static VjOfferingRecord *
read_offering (Ctx        *ctx,
               xmlNodePtr  node)
{
  g_autoptr(VjOfferingRecord) offering = vj_offering_record_new ();

  offering->line = vj_xml_line (node);
  offering->external_id = record_id (ctx, node, _("Offering"));
  if (offering->external_id == NULL)
    return NULL;
  offering->location_id = child (node, "location");
  if (!require (ctx, node, _("Offering"), offering->external_id, "location",
                offering->location_id))
    return NULL;
  if (!child_date (ctx, node, "start", &offering->start) ||
      !child_date (ctx, node, "deadline", &offering->deadline))
    return NULL;
  offering->study_mode = child (node, "study-mode");
  if (offering->study_mode != NULL &&
      g_strcmp0 (vj_study_mode_name (offering->study_mode), offering->study_mode) == 0)
    {
      /* Translators: %s is the study mode the feed gave */
      g_autofree char *reason = g_strdup_printf (_("Unknown study mode “%s”"),
                                                 offering->study_mode);
      reject (ctx, offering->line, reason);
      return NULL;
    }
  offering->url = child (node, "url");
  offering->ug_article = child (node, "ug-article");
  offering->kot_number = child (node, "kot-number");
  offering->derived = child (node, "derived");
  return g_steal_pointer (&offering);
}

static gboolean
read_programme (Ctx        *ctx,
                xmlNodePtr  node,
                GError    **error)
{
  g_autoptr(VjProgrammeRecord) record = vj_programme_record_new ();

  record->line = vj_xml_line (node);
  record->external_id = record_id (ctx, node, _("Programme"));
  if (record->external_id == NULL)
    return TRUE;
  record->title = child (node, "title");
  if (!require (ctx, node, _("Programme"), record->external_id, "title", record->title))
    return TRUE;
  record->category = child (node, "category");
  if (!require (ctx, node, _("Programme"), record->external_id, "category", record->category))
    return TRUE;
  if (vj_category_lookup (record->category) == NULL)
    {
      /* Translators: %1$s is a programme id, %2$s the category it gave */
      g_autofree char *reason = g_strdup_printf (_("Programme “%1$s” has an unknown category "
                                                   "“%2$s”"),
                                                 record->external_id, record->category);
      reject (ctx, record->line, reason);
      return TRUE;
    }
  if (!child_int (ctx, node, "level", 1, 8, &record->level) ||
      !child_int (ctx, node, "ects", 0, 1000, &record->ects) ||
      !child_int (ctx, node, "duration-months", 0, 240, &record->duration_months))
    return TRUE;
  record->duration = child (node, "duration");
  record->description = child_long_text (node, "description");
  record->admission = child_long_text (node, "admission");
  record->keywords = child (node, "keywords");
  record->url = child (node, "url");

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (vj_xml_is (c, NS, "offering"))
      {
        VjOfferingRecord *offering = read_offering (ctx, c);

        if (offering != NULL)
          g_ptr_array_add (record->offerings, offering);
      }

  return ctx->sink->programme (g_steal_pointer (&record), ctx->user_data, error);
}

static void
read_initiative_children (Ctx                *ctx,
                          xmlNodePtr          node,
                          VjInitiativeRecord *record)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (vj_xml_is (c, NS, "goal"))
        {
          g_autoptr(VjGoalRecord) goal = vj_goal_record_new ();

          goal->text = child (c, "text");
          goal->target = child (c, "target");
          if (require (ctx, c, _("Goal"), NULL, "text", goal->text))
            g_ptr_array_add (record->goals, g_steal_pointer (&goal));
        }
      else if (vj_xml_is (c, NS, "actor"))
        {
          g_autoptr(VjActorRecord) actor = vj_actor_record_new ();

          actor->name = child (c, "name");
          actor->role = child (c, "role");
          actor->address = child (c, "address");
          actor->phone = child (c, "phone");
          actor->email = child (c, "email");
          actor->url = child (c, "url");
          if (require (ctx, c, _("Actor"), NULL, "name", actor->name))
            g_ptr_array_add (record->actors, g_steal_pointer (&actor));
        }
      else if (vj_xml_is (c, NS, "programme-ref") || vj_xml_is (c, NS, "institution-ref"))
        {
          char *ref = vj_xml_text (c);

          if (ref != NULL)
            g_ptr_array_add (c->name[0] == 'p' ? record->programme_refs
                                               : record->institution_refs, ref);
        }
      else if (vj_xml_is (c, NS, "municipality-ref"))
        {
          g_autofree char *text = vj_xml_text (c);
          int code = municipality_code (ctx, c, text);

          if (code != 0)
            g_array_append_val (record->municipality_refs, code);
        }
    }
}

static gboolean
read_initiative (Ctx        *ctx,
                 xmlNodePtr  node,
                 GError    **error)
{
  g_autoptr(VjInitiativeRecord) record = vj_initiative_record_new ();

  record->line = vj_xml_line (node);
  record->external_id = record_id (ctx, node, _("Initiative"));
  if (record->external_id == NULL)
    return TRUE;
  record->parent_id = vj_xml_attr (node, "parent");
  record->title = child (node, "title");
  if (!require (ctx, node, _("Initiative"), record->external_id, "title", record->title))
    return TRUE;
  record->kind = child (node, "kind");
  record->description = child_long_text (node, "description");
  if (!child_date (ctx, node, "period-start", &record->period_start) ||
      !child_date (ctx, node, "period-end", &record->period_end))
    return TRUE;
  record->owner = child (node, "owner");
  record->source_url = child (node, "source-url");
  record->inferred = child (node, "inferred");
  read_initiative_children (ctx, node, record);

  return ctx->sink->initiative (g_steal_pointer (&record), ctx->user_data, error);
}

gboolean
vj_reader_v1_read (VjXmlSource        *source,
                   const VjRecordSink *sink,
                   gpointer            user_data,
                   GError            **error)
{
  Ctx ctx = { sink, user_data, source };
  gboolean found, have_header = FALSE;

  if (!vj_xml_source_next_record (source, FALSE, &found, error))
    return FALSE;

  while (found)
    {
      xmlTextReaderPtr reader = vj_xml_source_get_reader (source);
      const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      if (g_strcmp0 (ns, NS) == 0)
        {
          xmlNodePtr node;
          gboolean ok = TRUE;

          if (!vj_xml_source_count_record (source, error))
            return FALSE;
          node = vj_xml_source_expand (source, error);
          if (node == NULL)
            return FALSE;

          if (g_strcmp0 (name, "header") == 0)
            {
              ok = read_header (&ctx, node, error);
              have_header = TRUE;
            }
          else if (!have_header)
            {
              vj_xml_source_set_error_line (source, vj_xml_line (node));
              g_set_error (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                           _("The feed must begin with a <header> (line %u). Nothing was "
                             "imported."),
                           vj_xml_line (node));
              return FALSE;
            }
          else if (g_strcmp0 (name, "institution") == 0)
            ok = read_institution (&ctx, node, error);
          else if (g_strcmp0 (name, "programme") == 0)
            ok = read_programme (&ctx, node, error);
          else if (g_strcmp0 (name, "initiative") == 0)
            ok = read_initiative (&ctx, node, error);
          else
            {
              /* Translators: %s is an element name */
              g_autofree char *reason = g_strdup_printf (_("Unknown element <%s> was skipped"),
                                                         name);
              sink->warn (vj_xml_line (node), reason, user_data);
            }
          if (!ok)
            return FALSE;
        }

      if (!vj_xml_source_next_record (source, TRUE, &found, error))
        return FALSE;
    }

  if (!have_header)
    {
      g_set_error_literal (error, VJ_IMPORT_ERROR, VJ_IMPORT_ERROR_INVALID_HEADER,
                           _("The feed has no <header>. Nothing was imported."));
      return FALSE;
    }
  return TRUE;
}
