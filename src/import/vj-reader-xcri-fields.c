#define G_LOG_DOMAIN "vj-reader-xcri"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-reader-xcri-private.h"
#include "vj-text.h"
#include "vj-xcri-text.h"

/* The XCRI-CAP reader's field helpers: elements matched by local name in any of the namespaces
 * real feeds use (an unknown one reported once), text in the preferred language, descriptions
 * as plain text, dates from @dtf or ISO-like text, and stable ids derived from stable data. */

static const char * const known_namespaces[] = {
  "http://xcri.org/profiles/1.2/catalog", "http://xcri.org/profiles/catalog",
  "http://xcri.org/profiles/1.2/catalog/terms", "http://xcri.org/profiles/catalog/terms",
  "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.1",
  "http://purl.org/dc/terms/", "http://purl.org/net/mlo", "http://purl.org/net/mlo/",
  "http://purl.org/net/cm", "http://purl.org/net/cm/", "http://xcri.co.uk", "http://xcri.co.uk/",
};


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
gboolean
_vj_xcri_is (Ctx        *ctx,
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

xmlNodePtr
_vj_xcri_first (Ctx        *ctx,
       xmlNodePtr  parent,
       const char *name)
{
  for (xmlNodePtr c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
    if (_vj_xcri_is (ctx, c, name))
      return c;
  return NULL;
}

char *
_vj_xcri_text_of (Ctx        *ctx,
         xmlNodePtr  parent,
         const char *name)
{
  return vj_xml_text (_vj_xcri_first (ctx, parent, name));
}

/* Several xml:lang versions: Danish first, then English, then the first one. */
char *
_vj_xcri_lang_text (Ctx        *ctx,
           xmlNodePtr  parent,
           const char *name)
{
  xmlNodePtr chosen = NULL;
  int chosen_rank = 3;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      xmlChar *lang;
      int rank;

      if (!_vj_xcri_is (ctx, c, name) || (chosen != NULL && chosen_rank == 0))
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
char *
_vj_xcri_description_of (Ctx        *ctx,
                xmlNodePtr  parent)
{
  xmlNodePtr fallback = NULL;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      xmlChar *type;

      if (!_vj_xcri_is (ctx, c, "description"))
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

char *
_vj_xcri_derive_id (const char *prefix,
           const char *a,
           const char *b)
{
  g_autofree char *key = g_strconcat (a != NULL ? a : "", "\x1f", b != NULL ? b : "", NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

  return g_strdup_printf ("%s:%.16s", prefix, sum);
}

/* A date from @dtf, else from ISO-like text; NULL for free text ("three starts a year"). */
char *
_vj_xcri_date_of (Ctx        *ctx,
         xmlNodePtr  parent,
         const char *name)
{
  xmlNodePtr node = _vj_xcri_first (ctx, parent, name);
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

VjRecStatus
_vj_xcri_recstatus_of (xmlNodePtr node)
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

