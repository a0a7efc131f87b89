#define G_LOG_DOMAIN "vj-reader-xcri"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-reader-xcri-private.h"
#include "vj-text.h"
#include "vj-xcri-text.h"

/* The reader of XCRI-CAP 1.2 (XCRI-CAP.md): provider → institution, course → programme,
 * presentation → offering, venue → a campus of the provider. It streams: a provider's courses
 * are read one at a time, and only its venues are kept until the provider ends (its own
 * address comes after its courses). Real feeds vary: elements are matched by local name in any
 * of the namespaces XCRI feeds use, missing identifiers are derived from stable data, and dates
 * come from @dtf or ISO-like text. */

static void
read_address (Ctx              *ctx,
              xmlNodePtr        location,
              VjLocationRecord *record)
{
  g_free (record->street);
  record->street = _vj_xcri_text_of (ctx, location, "street");
  if (record->street == NULL)
    record->street = _vj_xcri_text_of (ctx, location, "address");
  g_free (record->town);
  record->town = _vj_xcri_text_of (ctx, location, "town");
  g_free (record->postcode);
  record->postcode = _vj_xcri_text_of (ctx, location, "postcode");
}

static const char *
provider_id (Ctx *ctx)
{
  VjInstitutionRecord *institution = ctx->institution;

  if (institution->external_id == NULL)
    {
      if (institution->name != NULL)
        institution->external_id = _vj_xcri_derive_id ("provider", institution->name, NULL);
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
  xmlNodePtr provider = _vj_xcri_first (ctx, venue, "provider");
  g_autoptr(VjLocationRecord) location = NULL;
  xmlNodePtr address;

  if (provider == NULL)
    return NULL;
  location = vj_location_record_new ();
  location->line = vj_xml_line (provider);
  location->name = _vj_xcri_lang_text (ctx, provider, "title");
  location->external_id = _vj_xcri_text_of (ctx, provider, "identifier");
  if (location->external_id == NULL)
    location->external_id = _vj_xcri_derive_id ("venue", provider_id (ctx), location->name);
  if (location->name == NULL)
    location->name = g_strdup (ctx->institution->name != NULL ? ctx->institution->name
                                                               : location->external_id);
  address = _vj_xcri_first (ctx, provider, "location");
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
  xmlNodePtr attendance = _vj_xcri_first (ctx, presentation, "attendanceMode");
  xmlNodePtr mode = _vj_xcri_first (ctx, presentation, "studyMode");
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
  xmlNodePtr venue = _vj_xcri_first (ctx, node, "venue");
  const char *mode;

  offering->line = vj_xml_line (node);
  offering->recstatus = _vj_xcri_recstatus_of (node);
  offering->external_id = _vj_xcri_text_of (ctx, node, "identifier");
  offering->start = _vj_xcri_date_of (ctx, node, "start");
  offering->end = _vj_xcri_date_of (ctx, node, "end");
  offering->deadline = _vj_xcri_date_of (ctx, node, "applyUntil");
  offering->duration = _vj_xcri_text_of (ctx, node, "duration");
  mode = study_mode_of (ctx, node);
  offering->study_mode = g_strdup (mode);
  offering->language = _vj_xcri_text_of (ctx, node, "languageOfInstruction");
  if (offering->language != NULL)
    {
      char *lower = g_ascii_strdown (offering->language, -1);
      g_free (offering->language);
      offering->language = lower;
    }
  offering->cost = _vj_xcri_text_of (ctx, node, "cost");
  offering->url = _vj_xcri_text_of (ctx, node, "url");
  offering->location_id = venue != NULL ? read_venue (ctx, venue) : NULL;
  if (offering->external_id == NULL)
    {
      /* The same start at two venues is two presentations: the venue is part of the id */
      g_autofree char *n = g_strdup_printf ("%u", index);
      g_autofree char *key = g_strconcat (offering->start != NULL ? offering->start : n,
                                          offering->location_id != NULL ? "@" : "",
                                          offering->location_id, NULL);
      offering->external_id = _vj_xcri_derive_id ("presentation", programme->external_id, key);
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
  xmlNodePtr qualification = _vj_xcri_first (ctx, course, "qualification");
  xmlNodePtr credit = _vj_xcri_first (ctx, course, "credit");

  if (qualification != NULL)
    {
      g_autofree char *title = _vj_xcri_lang_text (ctx, qualification, "title");
      g_autofree char *level = _vj_xcri_text_of (ctx, qualification, "educationLevel");

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

      if (!_vj_xcri_is (ctx, c, "credit"))
        continue;
      scheme = _vj_xcri_text_of (ctx, c, "scheme");
      value = _vj_xcri_text_of (ctx, c, "value");
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
  record->recstatus = _vj_xcri_recstatus_of (node);
  record->title = _vj_xcri_lang_text (ctx, node, "title");
  record->external_id = _vj_xcri_text_of (ctx, node, "identifier");
  if (record->title == NULL && record->recstatus != VJ_RECSTATUS_DELETED)
    {
      ctx->sink->reject (record->line, _("A course has no <dc:title>"), ctx->user_data);
      return TRUE;
    }
  if (record->external_id == NULL)
    record->external_id = _vj_xcri_derive_id ("course", provider_id (ctx), record->title);
  record->institution_id = g_strdup (provider_id (ctx));

  record->description = _vj_xcri_description_of (ctx, node);
  if (record->description == NULL)
    {
      xmlNodePtr abstract = _vj_xcri_first (ctx, node, "abstract");
      record->description = abstract != NULL ? vj_xcri_rich_text (abstract, MAX_DESCRIPTION) : NULL;
    }
  {
    xmlNodePtr p = _vj_xcri_first (ctx, node, "prerequisite");
    xmlNodePtr a = _vj_xcri_first (ctx, node, "applicationProcedure");
    prerequisite = p != NULL ? vj_xcri_rich_text (p, MAX_DESCRIPTION) : NULL;
    procedure = a != NULL ? vj_xcri_rich_text (a, MAX_DESCRIPTION) : NULL;
  }
  if (prerequisite != NULL && procedure != NULL)
    record->admission = g_strconcat (prerequisite, "\n", procedure, NULL);
  else
    record->admission = g_strdup (prerequisite != NULL ? prerequisite : procedure);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (_vj_xcri_is (ctx, c, "subject"))
      {
        g_autofree char *subject = vj_xml_text (c);
        if (subject != NULL)
          g_string_append_printf (keywords, "%s%s", keywords->len > 0 ? "; " : "", subject);
      }
  read_qualification_and_credit (ctx, node, record, keywords);
  if (keywords->len > 0)
    record->keywords = g_strdup (keywords->str);
  record->url = _vj_xcri_text_of (ctx, node, "url");

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (_vj_xcri_is (ctx, c, "presentation"))
      g_ptr_array_add (record->offerings, read_presentation (ctx, c, record, index++));

  return ctx->sink->programme (g_steal_pointer (&record), ctx->user_data, error);
}

static gboolean
finish_provider (Ctx     *ctx,
                 GError **error)
{
  VjInstitutionRecord *institution = ctx->institution;
  GHashTableIter iter;
  gpointer key, value;

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
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* The record moves to the institution; its key (a copy of its id) is ours to free */
      g_ptr_array_add (institution->locations, value);
      g_hash_table_iter_steal (&iter);
      g_free (key);
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

      if (_vj_xcri_is (ctx, node, "course"))
        {
          if (!read_course (ctx, node, error))
            return FALSE;
        }
      else if (_vj_xcri_is (ctx, node, "identifier") && ctx->institution->external_id == NULL)
        ctx->institution->external_id = vj_xml_text (node);
      else if (_vj_xcri_is (ctx, node, "title") && ctx->institution->name == NULL)
        ctx->institution->name = vj_xml_text (node);
      else if (_vj_xcri_is (ctx, node, "url") && ctx->institution->url == NULL)
        ctx->institution->url = vj_xml_text (node);
      else if (_vj_xcri_is (ctx, node, "description") && ctx->institution->description == NULL)
        ctx->institution->description = vj_xcri_rich_text (node, MAX_DESCRIPTION);
      else if (_vj_xcri_is (ctx, node, "location"))
        {
          read_address (ctx, node, ctx->main_location);
          if (ctx->institution->phone == NULL)
            ctx->institution->phone = _vj_xcri_text_of (ctx, node, "phone");
          if (ctx->institution->email == NULL)
            ctx->institution->email = _vj_xcri_text_of (ctx, node, "email");
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
