#define G_LOG_DOMAIN "vj-xcri-text"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "vj-text.h"
#include "vj-xcri-text.h"

/* Descriptions in feeds are untrusted markup. Vejviser stores them as plain text: XHTML
 * elements become paragraph breaks, HTML inside CDATA has its tags stripped, and nothing of a
 * script, style or embedded object survives. */

static const char * const dropped_elements[] = {
  "script", "style", "iframe", "object", "embed", "img", "meta", "link", "head", "title",
};

static const char * const block_elements[] = {
  "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
  "blockquote", "section", "dd", "dt",
};

static gboolean
in_list (const char        *name,
         const char * const list[],
         gsize              n)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_break (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

/* Appends text, white space folded, as HTML renders it. */
static void
append_folded (GString    *out,
               const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
}

static void
walk (xmlNodePtr node,
      GString   *out)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        append_folded (out, (const char *) child->content);
      else if (child->type == XML_CDATA_SECTION_NODE && child->content != NULL)
        {
          /* Its block elements are the only line breaks: the paragraphs survive */
          g_autofree char *stripped = vj_xcri_strip_markup ((const char *) child->content);
          g_auto(GStrv) blocks = g_strsplit (stripped, "\n", -1);

          for (guint i = 0; blocks[i] != NULL; i++)
            {
              if (i > 0)
                append_break (out);
              append_folded (out, blocks[i]);
            }
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) child->name;

          if (in_list (name, dropped_elements, G_N_ELEMENTS (dropped_elements)))
            continue;
          if (in_list (name, block_elements, G_N_ELEMENTS (block_elements)))
            append_break (out);
          walk (child->children, out);
          if (in_list (name, block_elements, G_N_ELEMENTS (block_elements)))
            append_break (out);
        }
    }
}

static char *
tidy (GString *out)
{
  g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);
  GString *result = g_string_new (NULL);

  g_string_free (out, TRUE);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (result->len > 0)
        g_string_append_c (result, '\n');
      g_string_append (result, lines[i]);
    }
  return g_string_free (result, FALSE);
}

/**
 * vj_xcri_strip_markup:
 * @html: HTML text, as found inside CDATA
 *
 * Returns: the text with tags removed, block tags as line breaks (the only ones: other white
 *   space becomes a space), script and style contents dropped, and the common character
 *   references decoded
 */
char *
vj_xcri_strip_markup (const char *html)
{
  GString *out = g_string_new (NULL);
  const char *p = html;

  while (p != NULL && *p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          g_autofree char *tag = NULL;
          const char *name;
          gsize len = 0;

          if (end == NULL)
            break;
          tag = g_strndup (p + 1, end - p - 1);
          name = tag[0] == '/' ? tag + 1 : tag;
          while (name[len] != '\0' && g_ascii_isalnum (name[len]))
            len++;
          {
            g_autofree char *element = g_ascii_strdown (name, len);

            if (tag[0] != '/' && (g_strcmp0 (element, "script") == 0 ||
                                  g_strcmp0 (element, "style") == 0))
              {
                g_autofree char *closing = g_strdup_printf ("</%s", element);
                const char *close = strstr (end, closing);

                if (close == NULL)
                  break;
                end = strchr (close, '>');
                if (end == NULL)
                  break;
              }
            else if (in_list (element, block_elements, G_N_ELEMENTS (block_elements)))
              g_string_append_c (out, '\n');
          }
          p = end + 1;
        }
      else if (*p == '&')
        {
          static const struct { const char *name; const char *text; } refs[] = {
            { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
            { "&apos;", "'" }, { "&nbsp;", " " }, { "&aelig;", "æ" }, { "&oslash;", "ø" },
            { "&aring;", "å" }, { "&AElig;", "Æ" }, { "&Oslash;", "Ø" }, { "&Aring;", "Å" },
          };
          gboolean done = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (refs) && !done; i++)
            if (g_str_has_prefix (p, refs[i].name))
              {
                g_string_append (out, refs[i].text);
                p += strlen (refs[i].name);
                done = TRUE;
              }
          if (!done)
            {
              g_string_append_c (out, '&');
              p++;
            }
        }
      else
        {
          /* White space in HTML is a space; only block elements break lines */
          g_string_append_c (out, g_ascii_isspace (*p) ? ' ' : *p);
          p++;
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * vj_xcri_rich_text:
 * @node: a description-like element
 *
 * Returns: (nullable): its text as plain text with paragraphs, or %NULL when empty
 */
char *
vj_xcri_rich_text (xmlNodePtr node,
                   gsize      max_chars)
{
  GString *out = g_string_new (NULL);
  char *text;

  walk (node->children, out);
  text = tidy (out);
  if (text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_free (text);
      return NULL;
    }
  return vj_text_truncate (text, max_chars);
}
