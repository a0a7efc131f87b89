#define G_LOG_DOMAIN "vj-reference"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vj-reference.h"

/* The reference data of DOMAIN.md: the education categories with their Kvalifikationsramme
 * levels, the region's 17 municipalities with their official codes, and the codes the
 * catalogue format uses. The database holds the same tables, seeded by the first migration. */

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

static const VjMunicipality municipalities[] = {
  { 253, "Greve" },
  { 259, "Køge" },
  { 265, "Roskilde" },
  { 269, "Solrød" },
  { 306, "Odsherred" },
  { 316, "Holbæk" },
  { 320, "Faxe" },
  { 326, "Kalundborg" },
  { 329, "Ringsted" },
  { 330, "Slagelse" },
  { 336, "Stevns" },
  { 340, "Sorø" },
  { 350, "Lejre" },
  { 360, "Lolland" },
  { 370, "Næstved" },
  { 376, "Guldborgsund" },
  { 390, "Vordingborg" },
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
 * vj_municipality_parse_code:
 * @text: a municipality code as written: "259" or "0259"
 *
 * Returns: the code, or 0 when @text is not the code of one of the region's municipalities
 */
int
vj_municipality_parse_code (const char *text)
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
  return vj_municipality_lookup ((int) value) != NULL ? (int) value : 0;
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
