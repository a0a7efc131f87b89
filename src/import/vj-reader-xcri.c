#define G_LOG_DOMAIN "vj-reader-xcri"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-text.h"
#include "vj-xcri-text.h"

/* The reader of XCRI-CAP 1.2 (XCRI-CAP.md): provider → institution, course → programme,
 * presentation → offering, venue → a campus of the provider. It streams: a provider's courses
 * are read one at a time, and only its venues are kept until the provider ends (its own
 * address comes after its courses). Real feeds vary: elements are matched by local name in any
 * of the namespaces XCRI feeds use, missing identifiers are derived from stable data, and dates
 * come from @dtf or ISO-like text. */

#define MAX_DESCRIPTION 4000

static const char * const known_namespaces[] = {
  "http://xcri.org/profiles/1.2/catalog", "http://xcri.org/profiles/catalog",
  "http://xcri.org/profiles/1.2/catalog/terms", "http://xcri.org/profiles/catalog/terms",
  "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.1",
  "http://purl.org/dc/terms/", "http://purl.org/net/mlo", "http://purl.org/net/mlo/",
  "http://purl.org/net/cm", "http://purl.org/net/cm/", "http://xcri.co.uk", "http://xcri.co.uk/",
};

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

static gboolean
known_namespace (xmlNodePtr node)
{
  if (node->ns == NULL || node->ns->href == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (known_namespaces); i++)
    if (strcmp ((const char *) node->ns->href, known_namespaces[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Local name in any XCRI namespace, any letter case; a wrong case is reported once. */
static gboolean
is (Ctx        *ctx,
    xmlNodePtr  node,
    const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || !known_namespace (node))
    return FALSE;
  if (strcmp ((const char *) node->name, name) == 0)
    return TRUE;
  if (g_ascii_strcasecmp ((const char *) node->name, name) == 0)
    {
      if (!g_hash_table_contains (ctx->warned, name))
        {
          /* Translators: %1$s is the element as written, %2$s as the standard spells it */
          g_autofree char *reason = g_strdup_printf (_("<%1$s> was read as <%2$s>"),
                                                     (const char *) node->name, name);
          g_hash_table_add (ctx->warned, g_strdup (name));
          ctx->sink->warn (vj_xml_line (node), reason, ctx->user_data);
        }
      return TRUE;
    }
  return FALSE;
}

static xmlNodePtr
first (Ctx        *ctx,
       xmlNodePtr  parent,
       const char *name)
{
  for (xmlNodePtr c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
    if (is (ctx, c, name))
      return c;
  return NULL;
}

static char *
text_of (Ctx        *ctx,
         xmlNodePtr  parent,
         const char *name)
{
  return vj_xml_text (first (ctx, parent, name));
}

/* Several xml:lang versions: Danish first, then English, then the first one. */
static char *
lang_text (Ctx        *ctx,
           xmlNodePtr  parent,
           const char *name)
{
  xmlNodePtr chosen = NULL;
  int chosen_rank = 3;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      xmlChar *lang;
      int rank;

      if (!is (ctx, c, name) || (chosen != NULL && chosen_rank == 0))
        continue;
      lang = xmlNodeGetLang (c);
      rank = lang == NULL ? 2
           : g_ascii_strncasecmp ((const char *) lang, "da", 2) == 0 ? 0
           : g_ascii_strncasecmp ((const char *) lang, "en", 2) == 0 ? 1 : 2;
      xmlFree (lang);
      if (chosen == NULL || rank < chosen_rank)
        {
          g_autofree char *text = vj_xml_text (c);

          if (text != NULL)
            {
              chosen = c;
              chosen_rank = rank;
            }
        }
    }
  return chosen != NULL ? vj_xml_text (chosen) : NULL;
}

/* The first description without a kind (xsi:type), else the first of any kind. */
static char *
description_of (Ctx        *ctx,
                xmlNodePtr  parent)
{
  xmlNodePtr fallback = NULL;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      xmlChar *type;

      if (!is (ctx, c, "description"))
        continue;
      type = xmlGetNsProp (c, (const xmlChar *) "type",
                           (const xmlChar *) "http://www.w3.org/2001/XMLSchema-instance");
      if (type == NULL)
        return vj_xcri_rich_text (c, MAX_DESCRIPTION);
      xmlFree (type);
      if (fallback == NULL)
        fallback = c;
    }
  return fallback != NULL ? vj_xcri_rich_text (fallback, MAX_DESCRIPTION) : NULL;
}

static char *
derive_id (const char *prefix,
           const char *a,
           const char *b)
{
  g_autofree char *key = g_strconcat (a != NULL ? a : "", "\x1f", b != NULL ? b : "", NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

  return g_strdup_printf ("%s:%.16s", prefix, sum);
}

/* A date from @dtf, else from ISO-like text; NULL for free text ("three starts a year"). */
static char *
date_of (Ctx        *ctx,
         xmlNodePtr  parent,
         const char *name)
{
  xmlNodePtr node = first (ctx, parent, name);
  g_autofree char *dtf = NULL;
  g_autofree char *text = NULL;
  int y, m, d;

  if (node == NULL)
    return NULL;
  dtf = vj_xml_attr (node, "dtf");
  if (dtf != NULL && vj_text_parse_w3c_date (dtf, &y, &m, &d))
    return g_strndup (dtf, m == 0 ? 4 : d == 0 ? 7 : 10);
  text = vj_xml_text (node);
  if (text != NULL && vj_text_parse_w3c_date (text, &y, &m, &d))
    return g_strndup (text, m == 0 ? 4 : d == 0 ? 7 : 10);
  return NULL;
}

static VjRecStatus
recstatus_of (xmlNodePtr node)
{
  g_autofree char *value = vj_xml_attr (node, "recstatus");

  if (g_strcmp0 (value, "1") == 0)
    return VJ_RECSTATUS_ADDED;
  if (g_strcmp0 (value, "2") == 0)
    return VJ_RECSTATUS_UPDATED;
  if (g_strcmp0 (value, "3") == 0)
    return VJ_RECSTATUS_DELETED;
  return VJ_RECSTATUS_NONE;
}

static void
read_address (Ctx              *ctx,
              xmlNodePtr        location,
              VjLocationRecord *record)
{
  g_free (record->street);
  record->street = text_of (ctx, location, "street");
  if (record->street == NULL)
    record->street = text_of (ctx, location, "address");
  g_free (record->town);
  record->town = text_of (ctx, location, "town");
  g_free (record->postcode);
  record->postcode = text_of (ctx, location, "postcode");
}

static const char *
provider_id (Ctx *ctx)
{
  VjInstitutionRecord *institution = ctx->institution;

  if (institution->external_id == NULL)
    {
      if (institution->name != NULL)
        institution->external_id = derive_id ("provider", institution->name, NULL);
      else
        institution->external_id = g_strdup_printf ("provider-%u", ctx->n_providers);
    }
  return institution->external_id;
}

static char *
main_location_id (Ctx *ctx)
{
  return g_strconcat (provider_id (ctx), "#main", NULL);
}

/* A presentation's venue becomes a campus of the course's provider. */
static char *
read_venue (Ctx        *ctx,
            xmlNodePtr  venue)
{
  xmlNodePtr provider = first (ctx, venue, "provider");
  g_autoptr(VjLocationRecord) location = NULL;
  xmlNodePtr address;

  if (provider == NULL)
    return NULL;
  location = vj_location_record_new ();
  location->line = vj_xml_line (provider);
  location->name = lang_text (ctx, provider, "title");
  location->external_id = text_of (ctx, provider, "identifier");
  if (location->external_id == NULL)
    location->external_id = derive_id ("venue", provider_id (ctx), location->name);
  if (location->name == NULL)
    location->name = g_strdup (ctx->institution->name != NULL ? ctx->institution->name
                                                               : location->external_id);
  address = first (ctx, provider, "location");
  if (address != NULL)
    read_address (ctx, address, location);

  if (!g_hash_table_contains (ctx->venues, location->external_id))
    {
      char *id = g_strdup (location->external_id);
      g_hash_table_insert (ctx->venues, id, g_steal_pointer (&location));
      return g_strdup (id);
    }
  return g_strdup (location->external_id);
}

static const char *
study_mode_of (Ctx        *ctx,
               xmlNodePtr presentation)
{
  xmlNodePtr attendance = first (ctx, presentation, "attendanceMode");
  xmlNodePtr mode = first (ctx, presentation, "studyMode");
  g_autofree char *code = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;

  if (attendance != NULL)
    {
      g_autofree char *a_code = vj_xml_attr (attendance, "identifier");
      g_autofree char *a_text = vj_xml_text (attendance);
      g_autofree char *folded = vj_text_fold (a_text);

      if (g_strcmp0 (a_code, "DA") == 0 || g_strcmp0 (a_code, "DS") == 0 ||
          g_strcmp0 (a_code, "ON") == 0 || strstr (folded, "distance") != NULL ||
          strstr (folded, "online") != NULL || strstr (folded, "fjern") != NULL)
        return "distance";
    }
  if (mode == NULL)
    return NULL;
  code = vj_xml_attr (mode, "identifier");
  raw = vj_xml_text (mode);
  text = vj_text_fold (raw);
  if (g_strcmp0 (code, "FT") == 0 || strstr (text, "full") != NULL ||
      strstr (text, "fuldtid") != NULL)
    return "full-time";
  if (g_strcmp0 (code, "PT") == 0 || strstr (text, "part") != NULL ||
      strstr (text, "deltid") != NULL)
    return "part-time";
  return NULL;
}

static VjOfferingRecord *
read_presentation (Ctx               *ctx,
                   xmlNodePtr         node,
                   VjProgrammeRecord *programme,
                   guint              index)
{
  g_autoptr(VjOfferingRecord) offering = vj_offering_record_new ();
  xmlNodePtr venue = first (ctx, node, "venue");
  const char *mode;

  offering->line = vj_xml_line (node);
  offering->recstatus = recstatus_of (node);
  offering->external_id = text_of (ctx, node, "identifier");
  offering->start = date_of (ctx, node, "start");
  offering->end = date_of (ctx, node, "end");
  offering->deadline = date_of (ctx, node, "applyUntil");
  offering->duration = text_of (ctx, node, "duration");
  mode = study_mode_of (ctx, node);
  offering->study_mode = g_strdup (mode);
  offering->language = text_of (ctx, node, "languageOfInstruction");
  if (offering->language != NULL)
    {
      char *lower = g_ascii_strdown (offering->language, -1);
      g_free (offering->language);
      offering->language = lower;
    }
  offering->cost = text_of (ctx, node, "cost");
  offering->url = text_of (ctx, node, "url");
  offering->location_id = venue != NULL ? read_venue (ctx, venue) : NULL;
  if (offering->external_id == NULL)
    {
      /* The same start at two venues is two presentations: the venue is part of the id */
      g_autofree char *n = g_strdup_printf ("%u", index);
      g_autofree char *key = g_strconcat (offering->start != NULL ? offering->start : n,
                                          offering->location_id != NULL ? "@" : "",
                                          offering->location_id, NULL);
      offering->external_id = derive_id ("presentation", programme->external_id, key);
    }
  if (offering->location_id == NULL)
    {
      /* No venue: at the provider's own address */
      offering->location_id = main_location_id (ctx);
    }
  return g_steal_pointer (&offering);
}

static void
read_qualification_and_credit (Ctx               *ctx,
                               xmlNodePtr         course,
                               VjProgrammeRecord *record,
                               GString           *keywords)
{
  xmlNodePtr qualification = first (ctx, course, "qualification");
  xmlNodePtr credit = first (ctx, course, "credit");

  if (qualification != NULL)
    {
      g_autofree char *title = lang_text (ctx, qualification, "title");
      g_autofree char *level = text_of (ctx, qualification, "educationLevel");

      if (title != NULL)
        g_string_append_printf (keywords, "%s%s", keywords->len > 0 ? "; " : "", title);
      /* A level is taken when it is a plain 1–8 (EQF and the Danish framework agree) */
      if (level != NULL)
        for (const char *p = level; *p != '\0'; p++)
          if (g_ascii_isdigit (*p) && !g_ascii_isdigit (p[1]) && (p == level || !g_ascii_isdigit (p[-1])))
            {
              int value = *p - '0';
              if (value >= 1 && value <= 8)
                record->level = value;
              break;
            }
    }

  for (xmlNodePtr c = credit; c != NULL; c = c->next)
    {
      g_autofree char *scheme = NULL;
      g_autofree char *value = NULL;
      gint64 ects;

      if (!is (ctx, c, "credit"))
        continue;
      scheme = text_of (ctx, c, "scheme");
      value = text_of (ctx, c, "value");
      if (scheme != NULL && strstr (scheme, "ECTS") != NULL && value != NULL &&
          g_ascii_string_to_signed (value, 10, 1, 1000, &ects, NULL))
        record->ects = (int) ects;
    }
}

static gboolean
read_course (Ctx        *ctx,
             xmlNodePtr  node,
             GError    **error)
{
  g_autoptr(VjProgrammeRecord) record = vj_programme_record_new ();
  g_autoptr(GString) keywords = g_string_new (NULL);
  g_autofree char *prerequisite = NULL;
  g_autofree char *procedure = NULL;
  guint index = 0;

  record->line = vj_xml_line (node);
  record->recstatus = recstatus_of (node);
  record->title = lang_text (ctx, node, "title");
  record->external_id = text_of (ctx, node, "identifier");
  if (record->title == NULL && record->recstatus != VJ_RECSTATUS_DELETED)
    {
      ctx->sink->reject (record->line, _("A course has no <dc:title>"), ctx->user_data);
      return TRUE;
    }
  if (record->external_id == NULL)
    record->external_id = derive_id ("course", provider_id (ctx), record->title);
  record->institution_id = g_strdup (provider_id (ctx));

  record->description = description_of (ctx, node);
  if (record->description == NULL)
    {
      xmlNodePtr abstract = first (ctx, node, "abstract");
      record->description = abstract != NULL ? vj_xcri_rich_text (abstract, MAX_DESCRIPTION) : NULL;
    }
  {
    xmlNodePtr p = first (ctx, node, "prerequisite");
    xmlNodePtr a = first (ctx, node, "applicationProcedure");
    prerequisite = p != NULL ? vj_xcri_rich_text (p, MAX_DESCRIPTION) : NULL;
    procedure = a != NULL ? vj_xcri_rich_text (a, MAX_DESCRIPTION) : NULL;
  }
  if (prerequisite != NULL && procedure != NULL)
    record->admission = g_strconcat (prerequisite, "\n", procedure, NULL);
  else
    record->admission = g_strdup (prerequisite != NULL ? prerequisite : procedure);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (is (ctx, c, "subject"))
      {
        g_autofree char *subject = vj_xml_text (c);
        if (subject != NULL)
          g_string_append_printf (keywords, "%s%s", keywords->len > 0 ? "; " : "", subject);
      }
  read_qualification_and_credit (ctx, node, record, keywords);
  if (keywords->len > 0)
    record->keywords = g_strdup (keywords->str);
  record->url = text_of (ctx, node, "url");

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (is (ctx, c, "presentation"))
      g_ptr_array_add (record->offerings, read_presentation (ctx, c, record, index++));

  return ctx->sink->programme (g_steal_pointer (&record), ctx->user_data, error);
}

static gboolean
finish_provider (Ctx     *ctx,
                 GError **error)
{
  VjInstitutionRecord *institution = ctx->institution;
  GHashTableIter iter;
  gpointer value;

  provider_id (ctx);
  if (ctx->first_provider_id == NULL)
    {
      ctx->first_provider_id = g_strdup (institution->external_id);
      ctx->first_provider_title = g_strdup (institution->name);
    }
  if (institution->name == NULL)
    institution->name = g_strdup (institution->external_id);

  /* Nothing but an identifier and a title: a wrapper for the courses of a delta */
  if (institution->recstatus == VJ_RECSTATUS_NONE && institution->url == NULL &&
      institution->description == NULL && institution->phone == NULL &&
      institution->email == NULL && ctx->main_location->street == NULL &&
      ctx->main_location->postcode == NULL && ctx->main_location->town == NULL)
    institution->recstatus = VJ_RECSTATUS_REFERENCE;

  /* The provider's own address: the campus of presentations without a venue */
  ctx->main_location->external_id = main_location_id (ctx);
  ctx->main_location->name = g_strdup (institution->name);
  g_ptr_array_add (institution->locations, g_steal_pointer (&ctx->main_location));

  g_hash_table_iter_init (&iter, ctx->venues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (institution->locations, value);
      g_hash_table_iter_steal (&iter);
    }

  ctx->institution = NULL;
  return ctx->sink->institution (institution, ctx->user_data, error);
}

/* One provider, streamed: its fields are small; its courses are expanded one at a time. */
static gboolean
read_provider (Ctx          *ctx,
               VjXmlSource  *source,
               GError      **error)
{
  xmlTextReaderPtr reader = vj_xml_source_get_reader (source);
  int depth = xmlTextReaderDepth (reader);
  gboolean found;

  ctx->n_providers++;
  ctx->institution = vj_institution_record_new ();
  ctx->institution->line = vj_xml_source_get_line (source);
  ctx->main_location = vj_location_record_new ();
  ctx->main_location->line = ctx->institution->line;

  if (xmlTextReaderIsEmptyElement (reader))
    return finish_provider (ctx, error);

  if (!vj_xml_source_next_child (source, depth, FALSE, &found, error))
    return FALSE;
  while (found)
    {
      xmlNodePtr node;

      if (!vj_xml_source_count_record (source, error))
        return FALSE;
      node = vj_xml_source_expand (source, error);
      if (node == NULL)
        return FALSE;

      if (is (ctx, node, "course"))
        {
          if (!read_course (ctx, node, error))
            return FALSE;
        }
      else if (is (ctx, node, "identifier") && ctx->institution->external_id == NULL)
        ctx->institution->external_id = vj_xml_text (node);
      else if (is (ctx, node, "title") && ctx->institution->name == NULL)
        ctx->institution->name = vj_xml_text (node);
      else if (is (ctx, node, "url") && ctx->institution->url == NULL)
        ctx->institution->url = vj_xml_text (node);
      else if (is (ctx, node, "description") && ctx->institution->description == NULL)
        ctx->institution->description = vj_xcri_rich_text (node, MAX_DESCRIPTION);
      else if (is (ctx, node, "location"))
        {
          read_address (ctx, node, ctx->main_location);
          if (ctx->institution->phone == NULL)
            ctx->institution->phone = text_of (ctx, node, "phone");
          if (ctx->institution->email == NULL)
            ctx->institution->email = text_of (ctx, node, "email");
        }

      if (!vj_xml_source_next_child (source, depth, TRUE, &found, error))
        return FALSE;
    }

  return finish_provider (ctx, error);
}

static void
ctx_clear (Ctx *ctx)
{
  g_free (ctx->catalog_id);
  g_free (ctx->catalog_title);
  g_free (ctx->first_provider_id);
  g_free (ctx->first_provider_title);
  g_clear_pointer (&ctx->institution, vj_institution_record_free);
  g_clear_pointer (&ctx->main_location, vj_location_record_free);
  g_clear_pointer (&ctx->venues, g_hash_table_unref);
  g_clear_pointer (&ctx->warned, g_hash_table_unref);
}

static gboolean
emit_header (Ctx     *ctx,
             GError **error)
{
  VjFeedHeader *header = vj_feed_header_new ();
  const char *id = ctx->catalog_id != NULL ? ctx->catalog_id : ctx->first_provider_id;

  header->source_id = g_strconcat ("xcri:", id != NULL ? id : "unnamed", NULL);
  header->title = g_strdup (ctx->catalog_title != NULL ? ctx->catalog_title
                            : ctx->first_provider_title != NULL ? ctx->first_provider_title
                            : _("XCRI-CAP catalogue"));
  header->version = 0;
  return ctx->sink->header (header, ctx->user_data, error);
}

gboolean
vj_reader_xcri_read (VjXmlSource        *source,
                     const VjRecordSink *sink,
                     gpointer            user_data,
                     GError            **error)
{
  Ctx ctx = { 0 };
  gboolean found, ok = FALSE;

  ctx.sink = sink;
  ctx.user_data = user_data;
  ctx.venues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) vj_location_record_free);
  ctx.warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!vj_xml_source_next_record (source, FALSE, &found, error))
    goto out;
  while (found)
    {
      xmlTextReaderPtr reader = vj_xml_source_get_reader (source);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      gboolean skip = TRUE;

      if (g_ascii_strcasecmp (name, "provider") == 0)
        {
          if (!read_provider (&ctx, source, error))
            goto out;
          /* The reader stands on the provider's end, on an empty provider, or on a node
           * already seen past it: move on from there without skipping. */
          skip = FALSE;
        }
      else if (g_ascii_strcasecmp (name, "identifier") == 0 || g_ascii_strcasecmp (name, "title") == 0)
        {
          xmlNodePtr node = vj_xml_source_expand (source, error);

          if (node == NULL)
            goto out;
          if (g_ascii_strcasecmp (name, "identifier") == 0 && ctx.catalog_id == NULL)
            ctx.catalog_id = vj_xml_text (node);
          else if (ctx.catalog_title == NULL)
            ctx.catalog_title = vj_xml_text (node);
        }

      if (!vj_xml_source_next_record (source, skip, &found, error))
        goto out;
    }

  ok = emit_header (&ctx, error);

out:
  ctx_clear (&ctx);
  return ok;
}
