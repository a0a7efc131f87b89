#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;
  const char *name;       /* translatable (N_) */
  int         level_min;  /* Kvalifikationsramme */
  int         level_max;
} VjCategory;

typedef struct
{
  int         code;
  const char *name;       /* a proper noun, the same in every language */
  int         region;     /* its region's code (1081–1085) */
} VjMunicipality;

typedef struct
{
  int         code;       /* 1081 Nordjylland … 1085 Sjælland */
  const char *name;       /* a proper noun, the same in every language */
} VjRegion;

typedef struct
{
  const char *code;
  const char *name;       /* translatable (N_) */
} VjCode;

const VjCategory     *vj_categories             (guint      *n_categories);
const VjCategory     *vj_category_lookup        (const char *code);
const char           *vj_category_name          (const char *code);

const VjMunicipality *vj_municipalities         (guint      *n_municipalities);
const VjMunicipality *vj_municipality_lookup    (int         code);
int                   vj_municipality_parse_code (const char *text);
int                   vj_municipality_compare   (int         a,
                                                 int         b);

const VjRegion       *vj_regions                (guint      *n_regions);
const VjRegion       *vj_region_lookup          (int         code);
int                   vj_region_parse_code      (const char *text);

const VjCode         *vj_institution_types      (guint      *n_types);
const char           *vj_institution_type_name  (const char *code);
const VjCode         *vj_study_modes            (guint      *n_modes);
const char           *vj_study_mode_name        (const char *code);
const VjCode         *vj_initiative_kinds       (guint      *n_kinds);
const char           *vj_initiative_kind_name   (const char *code);

#define VJ_REGION_CODE 1085

G_END_DECLS
