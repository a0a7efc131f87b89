#define G_LOG_DOMAIN "vj-reference"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vj-reference.h"
#include "vj-text.h"

/* The reference data of DOMAIN.md: the education categories with their Kvalifikationsramme
 * levels, the country's 98 municipalities and 5 regions with their official codes, and the
 * codes the catalogue format uses. The database holds the same tables: the first migration
 * seeded the region's 17 municipalities, the sixth the others and the regions. */

static const VjCategory categories[] = {
  { "grundskole", N_("Primary and lower secondary school"), 1, 1 },
  { "gymnasial", N_("Upper secondary education"), 4, 4 },
  { "erhvervsuddannelse", N_("Vocational education"), 3, 5 },
  { "forberedende", N_("Preparatory education"), 1, 3 },
  { "erhvervsakademi", N_("Business academy programme"), 5, 5 },
  { "professionsbachelor", N_("Professional bachelor"), 6, 6 },
  { "universitet", N_("University"), 6, 7 },
  { "veu", N_("Adult and continuing education"), 1, 7 },
};

/* All 98 municipalities with their official codes and regions, as the institution register
 * (STIL, data/sources/README.md) names them; the region's 17 first. */
static const VjMunicipality municipalities[] = {
  { 253, "Greve", 1085 },
  { 259, "Køge", 1085 },
  { 265, "Roskilde", 1085 },
  { 269, "Solrød", 1085 },
  { 306, "Odsherred", 1085 },
  { 316, "Holbæk", 1085 },
  { 320, "Faxe", 1085 },
  { 326, "Kalundborg", 1085 },
  { 329, "Ringsted", 1085 },
  { 330, "Slagelse", 1085 },
  { 336, "Stevns", 1085 },
  { 340, "Sorø", 1085 },
  { 350, "Lejre", 1085 },
  { 360, "Lolland", 1085 },
  { 370, "Næstved", 1085 },
  { 376, "Guldborgsund", 1085 },
  { 390, "Vordingborg", 1085 },
  { 101, "København", 1084 },
  { 147, "Frederiksberg", 1084 },
  { 151, "Ballerup", 1084 },
  { 153, "Brøndby", 1084 },
  { 155, "Dragør", 1084 },
  { 157, "Gentofte", 1084 },
  { 159, "Gladsaxe", 1084 },
  { 161, "Glostrup", 1084 },
  { 163, "Herlev", 1084 },
  { 165, "Albertslund", 1084 },
  { 167, "Hvidovre", 1084 },
  { 169, "Høje-Taastrup", 1084 },
  { 173, "Lyngby-Taarbæk", 1084 },
  { 175, "Rødovre", 1084 },
  { 183, "Ishøj", 1084 },
  { 185, "Tårnby", 1084 },
  { 187, "Vallensbæk", 1084 },
  { 190, "Furesø", 1084 },
  { 201, "Allerød", 1084 },
  { 210, "Fredensborg", 1084 },
  { 217, "Helsingør", 1084 },
  { 219, "Hillerød", 1084 },
  { 223, "Hørsholm", 1084 },
  { 230, "Rudersdal", 1084 },
  { 240, "Egedal", 1084 },
  { 250, "Frederikssund", 1084 },
  { 260, "Halsnæs", 1084 },
  { 270, "Gribskov", 1084 },
  { 400, "Bornholm", 1084 },
  { 410, "Middelfart", 1083 },
  { 420, "Assens", 1083 },
  { 430, "Faaborg-Midtfyn", 1083 },
  { 440, "Kerteminde", 1083 },
  { 450, "Nyborg", 1083 },
  { 461, "Odense", 1083 },
  { 479, "Svendborg", 1083 },
  { 480, "Nordfyn", 1083 },
  { 482, "Langeland", 1083 },
  { 492, "Ærø", 1083 },
  { 510, "Haderslev", 1083 },
  { 530, "Billund", 1083 },
  { 540, "Sønderborg", 1083 },
  { 550, "Tønder", 1083 },
  { 561, "Esbjerg", 1083 },
  { 563, "Fanø", 1083 },
  { 573, "Varde", 1083 },
  { 575, "Vejen", 1083 },
  { 580, "Aabenraa", 1083 },
  { 607, "Fredericia", 1083 },
  { 615, "Horsens", 1082 },
  { 621, "Kolding", 1083 },
  { 630, "Vejle", 1083 },
  { 657, "Herning", 1082 },
  { 661, "Holstebro", 1082 },
  { 665, "Lemvig", 1082 },
  { 671, "Struer", 1082 },
  { 706, "Syddjurs", 1082 },
  { 707, "Norddjurs", 1082 },
  { 710, "Favrskov", 1082 },
  { 727, "Odder", 1082 },
  { 730, "Randers", 1082 },
  { 740, "Silkeborg", 1082 },
  { 741, "Samsø", 1082 },
  { 746, "Skanderborg", 1082 },
  { 751, "Aarhus", 1082 },
  { 756, "Ikast-Brande", 1082 },
  { 760, "Ringkøbing-Skjern", 1082 },
  { 766, "Hedensted", 1082 },
  { 773, "Morsø", 1081 },
  { 779, "Skive", 1082 },
  { 787, "Thisted", 1081 },
  { 791, "Viborg", 1082 },
  { 810, "Brønderslev", 1081 },
  { 813, "Frederikshavn", 1081 },
  { 820, "Vesthimmerland", 1081 },
  { 825, "Læsø", 1081 },
  { 840, "Rebild", 1081 },
  { 846, "Mariagerfjord", 1081 },
  { 849, "Jammerbugt", 1081 },
  { 851, "Aalborg", 1081 },
  { 860, "Hjørring", 1081 },
};

static const VjRegion regions[] = {
  { 1085, "Region Sjælland" },
  { 1081, "Region Nordjylland" },
  { 1082, "Region Midtjylland" },
  { 1083, "Region Syddanmark" },
  { 1084, "Region Hovedstaden" },
};

static const VjCode institution_types[] = {
  { "gymnasium", N_("Upper secondary school") },
  { "vocational-college", N_("Vocational college") },
  { "sosu", N_("Social and health care school") },
  { "vuc", N_("Adult education centre (VUC)") },
  { "fgu", N_("Preparatory basic education (FGU)") },
  { "business-academy", N_("Business academy") },
  { "university-college", N_("University college") },
  { "university", N_("University") },
  { "efterskole", N_("Continuation school (efterskole)") },
  { "youth-school", N_("Youth school") },
  { "guidance-centre", N_("Guidance centre (KUI, Studievalg)") },
  { "other", N_("Other") },
};

static const VjCode study_modes[] = {
  { "full-time", N_("Full time") },
  { "part-time", N_("Part time") },
  { "distance", N_("Distance learning") },
};

static const VjCode initiative_kinds[] = {
  { "initiative", N_("Initiative") },
  { "track", N_("Track") },
  { "action-plan", N_("Action plan") },
  { "project", N_("Project") },
};

const VjCategory *
vj_categories (guint *n_categories)
{
  *n_categories = G_N_ELEMENTS (categories);
  return categories;
}

const VjCategory *
vj_category_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (strcmp (categories[i].code, code) == 0)
      return &categories[i];
  return NULL;
}

const char *
vj_category_name (const char *code)
{
  const VjCategory *category = vj_category_lookup (code);

  if (category != NULL)
    return g_dgettext (GETTEXT_PACKAGE, category->name);
  return code != NULL ? code : _("Uncategorised");
}

const VjMunicipality *
vj_municipalities (guint *n_municipalities)
{
  *n_municipalities = G_N_ELEMENTS (municipalities);
  return municipalities;
}

const VjMunicipality *
vj_municipality_lookup (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (municipalities); i++)
    if (municipalities[i].code == code)
      return &municipalities[i];
  return NULL;
}

/**
 * vj_municipality_compare:
 *
 * The order of every list of municipalities: the region's own first, then the others, each
 * part in Danish alphabetical order.
 */
int
vj_municipality_compare (int a,
                         int b)
{
  const VjMunicipality *x = vj_municipality_lookup (a);
  const VjMunicipality *y = vj_municipality_lookup (b);
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;

  if (x == NULL || y == NULL)
    return (x == NULL) - (y == NULL);
  if ((x->region == VJ_REGION_CODE) != (y->region == VJ_REGION_CODE))
    return x->region == VJ_REGION_CODE ? -1 : 1;
  kx = vj_text_sort_key (x->name);
  ky = vj_text_sort_key (y->name);
  return strcmp (kx, ky);
}

const VjRegion *
vj_regions (guint *n_regions)
{
  *n_regions = G_N_ELEMENTS (regions);
  return regions;
}

const VjRegion *
vj_region_lookup (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (regions[i].code == code)
      return &regions[i];
  return NULL;
}

static int
parse_code (const char *text)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL)
    return 0;
  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return 0;
  value = g_ascii_strtoll (text, &end, 10);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == NULL || *end != '\0' || value <= 0 || value > 9999)
    return 0;
  return (int) value;
}

/**
 * vj_municipality_parse_code:
 * @text: a municipality code as written: "259" or "0259"
 *
 * Returns: the code, or 0 when @text is not the code of one of the 98 municipalities
 */
int
vj_municipality_parse_code (const char *text)
{
  int value = parse_code (text);

  return vj_municipality_lookup (value) != NULL ? value : 0;
}

/**
 * vj_region_parse_code:
 * @text: a region code as written: "1085"
 *
 * Returns: the code, or 0 when @text is not the code of one of the 5 regions
 */
int
vj_region_parse_code (const char *text)
{
  int value = parse_code (text);

  return vj_region_lookup (value) != NULL ? value : 0;
}

static const char *
code_name (const VjCode *codes,
           guint         n_codes,
           const char   *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < n_codes; i++)
    if (strcmp (codes[i].code, code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, codes[i].name);
  return code;
}

const VjCode *
vj_institution_types (guint *n_types)
{
  *n_types = G_N_ELEMENTS (institution_types);
  return institution_types;
}

const char *
vj_institution_type_name (const char *code)
{
  return code_name (institution_types, G_N_ELEMENTS (institution_types), code);
}

const VjCode *
vj_study_modes (guint *n_modes)
{
  *n_modes = G_N_ELEMENTS (study_modes);
  return study_modes;
}

const char *
vj_study_mode_name (const char *code)
{
  return code_name (study_modes, G_N_ELEMENTS (study_modes), code);
}

const VjCode *
vj_initiative_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (initiative_kinds);
  return initiative_kinds;
}

const char *
vj_initiative_kind_name (const char *code)
{
  return code_name (initiative_kinds, G_N_ELEMENTS (initiative_kinds), code);
}
