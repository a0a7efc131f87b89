#define G_LOG_DOMAIN "vj-reader-elm"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-feed-format.h"
#include "vj-text.h"
#include "vj-xcri-text.h"

/* The reader of Europass ELM 3.1 LOQ feeds (learning opportunities; README.md, "Feed formats";
 * the XSD and examples in shared/standards/elm-3.1): learningOpportunity → offering, its
 * learningAchievementSpecification or qualification → programme, the organisation that provides
 * it → institution, its location → a campus of that institution. An ELM file is a set of
 * reference lists (opportunities first, then specifications, agents, locations) that point at
 * each other by id in any direction, so each record is expanded on its own, its few fields kept
 * in a small struct, and the references are resolved when the file has been read. Texts come in
 * several languages (@language): Danish first, then English, then the first. */

#define MAX_DESCRIPTION 4000

static const char * const elm_namespaces[] = {
  "http://data.europa.eu/snb/model/ap/loq-constraints/",
  "http://data.europa.eu/snb/model/loq-constraints/",
};

#define ECTS_FRAMEWORK "http://data.europa.eu/snb/education-credit/6fcec5c5af"
#define MODE_ONLINE "920fbb3cbe"
#define MODE_PRESENTIAL "9191af2ed9"
#define MODE_BLENDED "e92d221e4d"

typedef struct
{
  char      *id;
  char      *title;
  char      *description;
  char      *url;
  char      *start;
  char      *end;
  char      *deadline;
  char      *study_mode;
  char      *language;
  char      *spec_ref;
  char      *provider_ref;
  char      *location_ref;
  char      *bad_date;      /* the element whose date is not a date */
  guint      line;
} Opportunity;

typedef struct
{
  char      *title;
  char      *description;
  char      *url;
  char      *keywords;
  int        level;
  int        ects;
  guint      line;
} Spec;

typedef struct
{
  char      *name;
  char      *url;
  char      *email;
  char      *location_ref;
  guint      line;
} Organisation;

typedef struct
{
  char      *name;
  char      *street;
  char      *postcode;
  char      *town;
  char      *latitude;
  char      *longitude;
  guint      line;
} Place;

typedef struct
{
  const VjRecordSink *sink;
  gpointer            user_data;
  char               *document_id;
  char               *first_organisation; /* in file order */
  GPtrArray          *opportunities; /* Opportunity, in file order */
  GHashTable         *specs;         /* id → Spec */
  GHashTable         *organisations; /* id → Organisation */
  GHashTable         *places;        /* id → Place */
} Ctx;

static void
opportunity_free (Opportunity *o)
{
  g_free (o->id);
  g_free (o->title);
  g_free (o->description);
  g_free (o->url);
  g_free (o->start);
  g_free (o->end);
  g_free (o->deadline);
  g_free (o->study_mode);
  g_free (o->language);
  g_free (o->spec_ref);
  g_free (o->provider_ref);
  g_free (o->location_ref);
  g_free (o->bad_date);
  g_free (o);
}

static void
spec_free (Spec *s)
{
  g_free (s->title);
  g_free (s->description);
  g_free (s->url);
  g_free (s->keywords);
  g_free (s);
}

static void
organisation_free (Organisation *o)
{
  g_free (o->name);
  g_free (o->url);
  g_free (o->email);
  g_free (o->location_ref);
  g_free (o);
}

static void
place_free (Place *p)
{
  g_free (p->name);
  g_free (p->street);
  g_free (p->postcode);
  g_free (p->town);
  g_free (p->latitude);
  g_free (p->longitude);
  g_free (p);
}

/* ----- fields ----- */

static gboolean
is_elm_ns (const char *href)
{
  for (guint i = 0; i < G_N_ELEMENTS (elm_namespaces); i++)
    if (g_strcmp0 (href, elm_namespaces[i]) == 0)
      return TRUE;
  return FALSE;
}

/* An element of the LOQ vocabulary (in either namespace, or none) */
static gboolean
is (xmlNodePtr  node,
    const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE ||
      strcmp ((const char *) node->name, name) != 0)
    return FALSE;
  return node->ns == NULL || is_elm_ns ((const char *) node->ns->href);
}

/* An element of any namespace by local name (clv:latitude, skos:…) */
static gboolean
is_local (xmlNodePtr  node,
          const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

static xmlNodePtr
first (xmlNodePtr  parent,
       const char *name)
{
  for (xmlNodePtr c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
    if (is (c, name))
      return c;
  return NULL;
}

static char *
text_of (xmlNodePtr  parent,
         const char *name)
{
  return vj_xml_text (first (parent, name));
}

/* Several @language versions: Danish first, then English, then the first with text. */
static xmlNodePtr
lang_node (xmlNodePtr  parent,
           const char *name)
{
  xmlNodePtr chosen = NULL;
  int chosen_rank = 3;

  for (xmlNodePtr c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
    {
      g_autofree char *lang = NULL;
      g_autofree char *text = NULL;
      int rank;

      if (!is (c, name))
        continue;
      lang = vj_xml_attr (c, "language");
      rank = lang == NULL ? 2
           : g_ascii_strncasecmp (lang, "da", 2) == 0 ? 0
           : g_ascii_strncasecmp (lang, "en", 2) == 0 ? 1 : 2;
      if (rank >= chosen_rank)
        continue;
      text = vj_xml_text (c);
      if (text != NULL)
        {
          chosen = c;
          chosen_rank = rank;
        }
    }
  return chosen;
}

static char *
lang_text (xmlNodePtr  parent,
           const char *name)
{
  return vj_xml_text (lang_node (parent, name));
}

static char *
lang_description (xmlNodePtr parent)
{
  xmlNodePtr node = lang_node (parent, "description");

  return node != NULL ? vj_xcri_rich_text (node, MAX_DESCRIPTION) : NULL;
}

/* The last path segment of a controlled-vocabulary @uri */
static char *
uri_code (xmlNodePtr node)
{
  g_autofree char *uri = node != NULL ? vj_xml_attr (node, "uri") : NULL;
  const char *slash;

  if (uri == NULL)
    return NULL;
  while (uri[0] != '\0' && uri[strlen (uri) - 1] == '/')
    uri[strlen (uri) - 1] = '\0';
  slash = strrchr (uri, '/');
  return g_strdup (slash != NULL ? slash + 1 : uri);
}

static char *
idref_of (xmlNodePtr  parent,
          const char *name)
{
  for (xmlNodePtr c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
    if (is (c, name))
      {
        char *ref = vj_xml_attr (c, "idref");
        if (ref != NULL)
          return ref;
      }
  return NULL;
}

/* The first homepage/contentUrl that is a web address */
static char *
homepage_of (xmlNodePtr parent)
{
  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (is (c, "homepage"))
      {
        g_autofree char *url = text_of (c, "contentUrl");

        if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
          return g_steal_pointer (&url);
      }
  return NULL;
}

/* A dateTime as a W3C date (its day); *bad is set when the element is there but not a date */
static char *
date_of (xmlNodePtr  parent,
         const char *name,
         gboolean   *bad)
{
  xmlNodePtr node = first (parent, name);
  g_autofree char *text = vj_xml_text (node);
  int y, m, d;

  if (node == NULL)
    return NULL;
  if (text == NULL || !vj_text_parse_w3c_date (text, &y, &m, &d))
    {
      *bad = TRUE;
      return NULL;
    }
  return g_strndup (text, m == 0 ? 4 : d == 0 ? 7 : 10);
}

/* An EU language authority code (DAN) as the two-letter code Vejviser keeps (da) */
static char *
language_of (const char *code)
{
  static const char * const map[][2] = {
    { "DAN", "da" }, { "ENG", "en" }, { "DEU", "de" }, { "SWE", "sv" }, { "NOR", "no" },
    { "NOB", "nb" }, { "NNO", "nn" }, { "FRA", "fr" }, { "SPA", "es" }, { "ITA", "it" },
    { "NLD", "nl" }, { "FIN", "fi" }, { "ISL", "is" }, { "POL", "pl" }, { "FAO", "fo" },
    { "KAL", "kl" }, { "UKR", "uk" }, { "ARA", "ar" }, { "TUR", "tr" },
  };

  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (code, map[i][0]) == 0)
      return g_strdup (map[i][1]);
  return g_ascii_strdown (code, -1);
}

/* The Danish qualifications framework's levels in the EU's NQF vocabulary (cv/nqf.xsd) */
static int
dk_nqf_level (const char *code)
{
  static const struct { const char *code; int level; } levels[] = {
    { "c_67053d58", 1 }, { "c_f3d606a7", 2 }, { "c_2ff9f722", 3 }, { "c_e2461c86", 4 },
    { "c_e130f5d2", 5 }, { "c_a19d301f", 6 }, { "c_b08ee037", 7 }, { "c_1aec7e1f", 8 },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (levels); i++)
    if (strcmp (code, levels[i].code) == 0)
      return levels[i].level;
  return 0;
}

static char *
coordinate_of (xmlNodePtr  geometry,
               const char *name,
               double      limit)
{
  for (xmlNodePtr c = geometry != NULL ? geometry->children : NULL; c != NULL; c = c->next)
    if (is_local (c, name))
      {
        g_autofree char *text = vj_xml_text (c);
        char *end = NULL;
        double value;

        if (text == NULL)
          return NULL;
        value = g_ascii_strtod (text, &end);
        if (end == text || *end != '\0' || value < -limit || value > limit)
          return NULL;
        return g_steal_pointer (&text);
      }
  return NULL;
}

/* ----- records, as they are read ----- */

static void
read_opportunity (Ctx        *ctx,
                  xmlNodePtr  node)
{
  Opportunity *o = g_new0 (Opportunity, 1);
  xmlNodePtr temporal = first (node, "temporal");
  gboolean bad_start = FALSE, bad_end = FALSE, bad_deadline = FALSE;
  gboolean online = FALSE, presential = FALSE;
  g_autofree char *schedule = uri_code (first (node, "learningSchedule"));
  g_autofree char *language = uri_code (first (node, "defaultLanguage"));

  o->line = vj_xml_line (node);
  o->id = vj_xml_attr (node, "id");
  o->title = lang_text (node, "title");
  o->description = lang_description (node);
  o->url = homepage_of (node);
  o->start = date_of (temporal, "startDate", &bad_start);
  o->end = date_of (temporal, "endDate", &bad_end);
  o->deadline = date_of (node, "applicationDeadline", &bad_deadline);
  if (bad_start || bad_end || bad_deadline)
    o->bad_date = g_strdup (bad_start ? "startDate" : bad_end ? "endDate" : "applicationDeadline");

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (is (c, "mode"))
      {
        g_autofree char *mode = uri_code (c);

        online |= g_strcmp0 (mode, MODE_ONLINE) == 0;
        presential |= g_strcmp0 (mode, MODE_PRESENTIAL) == 0 || g_strcmp0 (mode, MODE_BLENDED) == 0;
      }
  if (online && !presential)
    o->study_mode = g_strdup ("distance");
  else if (g_strcmp0 (schedule, "72a0ab92fa") == 0)
    o->study_mode = g_strdup ("full-time");
  else if (g_strcmp0 (schedule, "67395e6b5a") == 0 || g_strcmp0 (schedule, "f230bae523") == 0)
    o->study_mode = g_strdup ("part-time");
  o->language = language_of (language);

  o->spec_ref = idref_of (node, "learningAchievementSpecification");
  o->provider_ref = idref_of (node, "providedBy");
  o->location_ref = idref_of (node, "location");
  g_ptr_array_add (ctx->opportunities, o);
}

static void
read_spec (Ctx        *ctx,
           xmlNodePtr  node)
{
  g_autofree char *id = vj_xml_attr (node, "id");
  g_autoptr(GString) keywords = g_string_new (NULL);
  Spec *s;
  int nqf = 0;

  if (id == NULL || g_hash_table_contains (ctx->specs, id))
    return;
  s = g_new0 (Spec, 1);
  s->line = vj_xml_line (node);
  s->title = lang_text (node, "title");
  s->description = lang_description (node);
  s->url = homepage_of (node);
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is (c, "EQFLevel") && s->level == 0)
        {
          g_autofree char *code = uri_code (c);
          gint64 level;

          if (code != NULL && g_ascii_string_to_signed (code, 10, 1, 8, &level, NULL))
            s->level = (int) level;
        }
      else if (is (c, "NQFLevel") && nqf == 0)
        {
          g_autofree char *code = uri_code (c);
          nqf = dk_nqf_level (code);
        }
      else if (is (c, "ISCEDFCode"))
        {
          g_autofree char *code = uri_code (c);

          if (code != NULL && strlen (code) <= 4 && strspn (code, "0123456789") == strlen (code))
            g_string_append_printf (keywords, "%sISCED-F %s", keywords->len > 0 ? "; " : "", code);
        }
      else if (is (c, "creditPoint") && s->ects == 0)
        {
          g_autofree char *framework = vj_xml_attr (first (c, "framework"), "uri");
          g_autofree char *point = text_of (c, "point");
          char *end = NULL;
          double value = point != NULL ? g_ascii_strtod (point, &end) : 0;

          /* Whole points only: 7.5 ECTS is not 8 (the catalogue keeps whole numbers) */
          if (g_strcmp0 (framework, ECTS_FRAMEWORK) == 0 && point != NULL && end != point &&
              *end == '\0' && value >= 1 && value <= 1000 && value == (double) (int) value)
            s->ects = (int) value;
        }
    }
  /* The Danish framework's level where the EQF level is not given (they agree, 1–8) */
  if (s->level == 0)
    s->level = nqf;
  if (keywords->len > 0)
    s->keywords = g_strdup (keywords->str);
  g_hash_table_insert (ctx->specs, g_steal_pointer (&id), s);
}

static void
read_organisation (Ctx        *ctx,
                   xmlNodePtr  node)
{
  g_autofree char *id = vj_xml_attr (node, "id");
  Organisation *o;

  if (id == NULL || g_hash_table_contains (ctx->organisations, id))
    return;
  if (ctx->first_organisation == NULL)
    ctx->first_organisation = g_strdup (id);
  o = g_new0 (Organisation, 1);
  o->line = vj_xml_line (node);
  o->name = lang_text (node, "legalName");
  if (o->name == NULL)
    o->name = lang_text (node, "altLabel");
  o->url = homepage_of (node);
  o->location_ref = idref_of (node, "location");
  for (xmlNodePtr c = node->children; c != NULL && o->email == NULL; c = c->next)
    if (is (c, "contactPoint"))
      {
        g_autofree char *email = text_of (c, "emailAddress");

        if (email != NULL && g_str_has_prefix (email, "mailto:"))
          memmove (email, email + 7, strlen (email + 7) + 1);
        if (email != NULL && strchr (email, '@') != NULL && strchr (email, '/') == NULL)
          o->email = g_steal_pointer (&email);
      }
  g_hash_table_insert (ctx->organisations, g_steal_pointer (&id), o);
}

/* A Danish full address ends in ", 4600 Køge": the postcode and town are kept apart */
static void
split_postcode (Place *p)
{
  char *comma = p->street != NULL ? strrchr (p->street, ',') : NULL;
  const char *rest;

  if (comma == NULL)
    return;
  rest = comma + 1;
  while (*rest == ' ')
    rest++;
  if (strspn (rest, "0123456789") != 4 || rest[4] != ' ' || rest[5] == '\0')
    return;
  p->postcode = g_strndup (rest, 4);
  g_free (p->town);
  p->town = g_strdup (rest + 5);
  *comma = '\0';
  g_strchomp (p->street);
}

static void
read_place (Ctx        *ctx,
            xmlNodePtr  node)
{
  g_autofree char *id = vj_xml_attr (node, "id");
  xmlNodePtr address = first (node, "address");
  xmlNodePtr geometry = NULL;
  Place *p;

  if (id == NULL || g_hash_table_contains (ctx->places, id))
    return;
  p = g_new0 (Place, 1);
  p->line = vj_xml_line (node);
  p->name = lang_text (node, "geographicName");
  if (address != NULL)
    p->street = lang_text (first (address, "fullAddress"), "noteLiteral");
  split_postcode (p);
  for (xmlNodePtr c = node->children; c != NULL && geometry == NULL; c = c->next)
    if (is_local (c, "geometry"))
      geometry = c;
  p->latitude = coordinate_of (geometry, "latitude", 90);
  p->longitude = coordinate_of (geometry, "longitude", 180);
  if (p->latitude == NULL || p->longitude == NULL)
    {
      g_clear_pointer (&p->latitude, g_free);
      g_clear_pointer (&p->longitude, g_free);
    }
  g_hash_table_insert (ctx->places, g_steal_pointer (&id), p);
}

/* ----- resolving, once the file has been read ----- */

typedef struct
{
  VjInstitutionRecord *institution;
  GHashTable          *locations;   /* external id of its locations, as added */
} Provider;

static void
provider_free (Provider *p)
{
  g_clear_pointer (&p->institution, vj_institution_record_free);
  g_hash_table_unref (p->locations);
  g_free (p);
}

static Provider *
provider_for (Ctx        *ctx,
              GHashTable *providers,
              GPtrArray  *order,
              const char *id)
{
  Provider *p = g_hash_table_lookup (providers, id);
  Organisation *o;

  if (p != NULL)
    return p;
  o = g_hash_table_lookup (ctx->organisations, id);
  p = g_new0 (Provider, 1);
  p->locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->institution = vj_institution_record_new ();
  p->institution->external_id = g_strdup (id);
  p->institution->name = g_strdup (o->name != NULL ? o->name : id);
  p->institution->url = g_strdup (o->url);
  p->institution->email = g_strdup (o->email);
  p->institution->line = o->line;
  g_hash_table_insert (providers, g_strdup (id), p);
  g_ptr_array_add (order, p);
  return p;
}

/* The location an offering is at, as a campus of its provider: a place may be named by
 * several organisations, so its id in Vejviser is the provider's and the place's. */
static char *
location_for (Ctx        *ctx,
              Provider   *provider,
              const char *place_id)
{
  VjInstitutionRecord *institution = provider->institution;
  char *id = g_strconcat (institution->external_id, "#", place_id != NULL ? place_id : "main",
                          NULL);

  if (!g_hash_table_contains (provider->locations, id))
    {
      Place *place = place_id != NULL ? g_hash_table_lookup (ctx->places, place_id) : NULL;
      VjLocationRecord *location = vj_location_record_new ();

      location->external_id = g_strdup (id);
      location->name = g_strdup (place != NULL && place->name != NULL ? place->name
                                                                      : institution->name);
      location->town = g_strdup (place == NULL ? NULL
                                 : place->town != NULL ? place->town : place->name);
      location->postcode = g_strdup (place != NULL ? place->postcode : NULL);
      location->street = g_strdup (place != NULL ? place->street : NULL);
      location->latitude = g_strdup (place != NULL ? place->latitude : NULL);
      location->longitude = g_strdup (place != NULL ? place->longitude : NULL);
      location->line = place != NULL ? place->line : institution->line;
      g_ptr_array_add (institution->locations, location);
      g_hash_table_add (provider->locations, g_strdup (id));
    }
  return id;
}

/* Returns: the reason an opportunity cannot be read, or %NULL */
static char *
check_opportunity (Ctx         *ctx,
                   Opportunity *o)
{
  const char *id = o->id != NULL ? o->id : "?";

  if (o->id == NULL)
    return g_strdup (_("A learning opportunity has no id"));
  if (o->title == NULL)
    /* Translators: %s is a learning opportunity's id */
    return g_strdup_printf (_("Learning opportunity “%s” has no <title>"), id);
  if (o->bad_date != NULL)
    /* Translators: %1$s is a learning opportunity's id, %2$s an element such as startDate */
    return g_strdup_printf (_("Learning opportunity “%1$s” has a <%2$s> that is not a date"),
                            id, o->bad_date);
  if (o->provider_ref == NULL)
    /* Translators: %s is a learning opportunity's id */
    return g_strdup_printf (_("Learning opportunity “%s” has no <providedBy>"), id);
  if (!g_hash_table_contains (ctx->organisations, o->provider_ref))
    /* Translators: %1$s is a learning opportunity's id, %2$s the id it refers to */
    return g_strdup_printf (_("Learning opportunity “%1$s” is provided by “%2$s”, which the "
                              "file does not have"), id, o->provider_ref);
  if (o->spec_ref != NULL && !g_hash_table_contains (ctx->specs, o->spec_ref))
    /* Translators: %1$s is a learning opportunity's id, %2$s the id it refers to */
    return g_strdup_printf (_("Learning opportunity “%1$s” leads to “%2$s”, which the file does "
                              "not have"), id, o->spec_ref);
  if (o->location_ref != NULL && !g_hash_table_contains (ctx->places, o->location_ref))
    /* Translators: %1$s is a learning opportunity's id, %2$s the id it refers to */
    return g_strdup_printf (_("Learning opportunity “%1$s” is at the location “%2$s”, which the "
                              "file does not have"), id, o->location_ref);
  return NULL;
}

static gboolean
resolve (Ctx     *ctx,
         GError **error)
{
  g_autoptr(GHashTable) providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) provider_free);
  g_autoptr(GPtrArray) provider_order = g_ptr_array_new ();
  g_autoptr(GHashTable) programmes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  g_autoptr(GPtrArray) programme_order =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vj_programme_record_free);
  VjFeedHeader *header;
  const char *first_provider = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < ctx->opportunities->len; i++)
    {
      Opportunity *o = g_ptr_array_index (ctx->opportunities, i);
      g_autofree char *reason = check_opportunity (ctx, o);
      g_autoptr(VjOfferingRecord) offering = NULL;
      g_autofree char *programme_id = NULL;
      VjProgrammeRecord *programme;
      Provider *provider;
      Organisation *organisation;

      if (reason != NULL)
        {
          ctx->sink->reject (o->line, reason, ctx->user_data);
          continue;
        }
      if (o->start != NULL && o->end != NULL && strcmp (o->end, o->start) < 0)
        {
          /* Translators: %s is a learning opportunity's id */
          g_autofree char *warning = g_strdup_printf (_("Learning opportunity “%s” ends before it "
                                                        "starts; its end was left out"), o->id);
          ctx->sink->warn (o->line, warning, ctx->user_data);
          g_clear_pointer (&o->end, g_free);
        }

      provider = provider_for (ctx, providers, provider_order, o->provider_ref);
      organisation = g_hash_table_lookup (ctx->organisations, o->provider_ref);
      if (first_provider == NULL)
        first_provider = o->provider_ref;

      offering = vj_offering_record_new ();
      offering->line = o->line;
      offering->external_id = g_strdup (o->id);
      offering->start = g_strdup (o->start);
      offering->end = g_strdup (o->end);
      offering->deadline = g_strdup (o->deadline);
      offering->study_mode = g_strdup (o->study_mode);
      offering->language = g_strdup (o->language);
      offering->url = g_strdup (o->url);
      offering->institution_id = g_strdup (o->provider_ref);
      /* No location of its own: the provider's, else the provider itself */
      offering->location_id = location_for (ctx, provider,
                                            o->location_ref != NULL ? o->location_ref
                                            : organisation->location_ref != NULL &&
                                              g_hash_table_contains (ctx->places,
                                                                     organisation->location_ref)
                                            ? organisation->location_ref : NULL);

      /* Opportunities leading to the same specification are offerings of one programme;
       * one without a specification is a programme of its own */
      programme_id = o->spec_ref != NULL ? g_strdup (o->spec_ref) : g_strconcat ("lo:", o->id, NULL);
      programme = g_hash_table_lookup (programmes, programme_id);
      if (programme == NULL)
        {
          Spec *spec = o->spec_ref != NULL ? g_hash_table_lookup (ctx->specs, o->spec_ref) : NULL;

          programme = vj_programme_record_new ();
          programme->external_id = g_strdup (programme_id);
          programme->institution_id = g_strdup (o->provider_ref);
          programme->line = spec != NULL ? spec->line : o->line;
          programme->title = g_strdup (spec != NULL && spec->title != NULL ? spec->title : o->title);
          programme->description = g_strdup (spec != NULL && spec->description != NULL
                                             ? spec->description : o->description);
          programme->url = g_strdup (spec != NULL && spec->url != NULL ? spec->url : o->url);
          if (spec != NULL)
            {
              programme->level = spec->level;
              programme->ects = spec->ects;
              programme->keywords = g_strdup (spec->keywords);
            }
          g_hash_table_insert (programmes, g_strdup (programme_id), programme);
          g_ptr_array_add (programme_order, programme);
        }
      g_ptr_array_add (programme->offerings, g_steal_pointer (&offering));
    }

  /* The file's own id names its source; LOQ has none on its root, so the first provider's */
  header = vj_feed_header_new ();
  if (first_provider == NULL)
    first_provider = ctx->first_organisation;
  header->source_id = g_strconcat ("elm:", ctx->document_id != NULL ? ctx->document_id
                                   : first_provider != NULL ? first_provider : "unnamed", NULL);
  if (first_provider != NULL && g_hash_table_contains (providers, first_provider))
    header->title = g_strdup (((Provider *) g_hash_table_lookup (providers, first_provider))
                              ->institution->name);
  else
    header->title = g_strdup (_("Europass learning opportunities"));
  header->version = 0;
  if (!ctx->sink->header (header, ctx->user_data, error))
    return FALSE;

  for (guint i = 0; ok && i < provider_order->len; i++)
    {
      Provider *p = g_ptr_array_index (provider_order, i);
      ok = ctx->sink->institution (g_steal_pointer (&p->institution), ctx->user_data, error);
    }
  {
    /* The records are the sink's once handed over; what a failure leaves is freed here */
    gsize n = 0;
    gpointer *records = g_ptr_array_steal (programme_order, &n);

    for (gsize i = 0; i < n; i++)
      if (ok)
        ok = ctx->sink->programme (records[i], ctx->user_data, error);
      else
        vj_programme_record_free (records[i]);
    g_free (records);
  }
  return ok;
}

/* ----- the file ----- */

/* One reference list: its records expanded one at a time */
static gboolean
read_list (Ctx          *ctx,
           VjXmlSource  *source,
           const char   *list,
           GError      **error)
{
  xmlTextReaderPtr reader = vj_xml_source_get_reader (source);
  int depth = xmlTextReaderDepth (reader);
  gboolean found;

  if (xmlTextReaderIsEmptyElement (reader))
    return TRUE;
  if (!vj_xml_source_next_child (source, depth, FALSE, &found, error))
    return FALSE;
  while (found)
    {
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
      gboolean wanted =
        is_elm_ns (ns) &&
        ((strcmp (list, "learningOpportunityReferences") == 0 &&
          strcmp (name, "learningOpportunity") == 0) ||
         (strcmp (list, "learningAchievementSpecificationReferences") == 0 &&
          (strcmp (name, "learningAchievementSpecification") == 0 ||
           strcmp (name, "qualification") == 0)) ||
         (strcmp (list, "agentReferences") == 0 && strcmp (name, "organisation") == 0) ||
         (strcmp (list, "locationReferences") == 0 && strcmp (name, "location") == 0));

      if (wanted)
        {
          xmlNodePtr node;

          if (!vj_xml_source_count_record (source, error))
            return FALSE;
          node = vj_xml_source_expand (source, error);
          if (node == NULL)
            return FALSE;
          if (strcmp (name, "learningOpportunity") == 0)
            read_opportunity (ctx, node);
          else if (strcmp (name, "organisation") == 0)
            read_organisation (ctx, node);
          else if (strcmp (name, "location") == 0)
            read_place (ctx, node);
          else
            read_spec (ctx, node);
        }
      if (!vj_xml_source_next_child (source, depth, TRUE, &found, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
vj_reader_elm_read (VjXmlSource        *source,
                    const VjRecordSink *sink,
                    gpointer            user_data,
                    GError            **error)
{
  xmlTextReaderPtr reader = vj_xml_source_get_reader (source);
  Ctx ctx = { 0 };
  gboolean found, ok = FALSE;
  xmlChar *id;

  ctx.sink = sink;
  ctx.user_data = user_data;
  ctx.opportunities = g_ptr_array_new_with_free_func ((GDestroyNotify) opportunity_free);
  ctx.specs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) spec_free);
  ctx.organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) organisation_free);
  ctx.places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) place_free);

  /* A document id, where a publisher gives one on the root (the XSD has none) */
  id = xmlTextReaderGetAttribute (reader, (const xmlChar *) "id");
  if (id != NULL)
    {
      ctx.document_id = vj_text_squash_whitespace ((const char *) id);
      if (ctx.document_id != NULL && ctx.document_id[0] == '\0')
        g_clear_pointer (&ctx.document_id, g_free);
      xmlFree (id);
    }

  if (!vj_xml_source_next_record (source, FALSE, &found, error))
    goto out;
  while (found)
    {
      g_autofree char *name = g_strdup ((const char *) xmlTextReaderConstLocalName (reader));
      gboolean skip = TRUE;

      if (g_str_has_suffix (name, "References"))
        {
          if (!read_list (&ctx, source, name, error))
            goto out;
          skip = FALSE;
        }
      if (!vj_xml_source_next_record (source, skip, &found, error))
        goto out;
    }

  ok = resolve (&ctx, error);

out:
  g_free (ctx.document_id);
  g_free (ctx.first_organisation);
  g_ptr_array_unref (ctx.opportunities);
  g_hash_table_unref (ctx.specs);
  g_hash_table_unref (ctx.organisations);
  g_hash_table_unref (ctx.places);
  return ok;
}
