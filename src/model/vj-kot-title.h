#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A KOT offer's title taken apart: "Professionsbachelor, pædagog, Roskilde, Studiestart:
 * sommerstart" → programme "Professionsbachelor, pædagog", town "Roskilde", start "summer".
 * Danish and English ("Study start: Summer start"), commas inside names, a mode after the
 * town ("E-læring"), no town at all ("Naturvidenskab og it"). */
typedef struct
{
  char     *programme;
  char     *town;       /* NULL when the title names none */
  char     *start;      /* "summer", "winter", "summer-winter", or NULL */
  gboolean  distance;   /* e-learning */
} VjKotTitle;

VjKotTitle *vj_kot_title_parse (const char *title);
void        vj_kot_title_free  (VjKotTitle *title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjKotTitle, vj_kot_title_free)

G_END_DECLS
