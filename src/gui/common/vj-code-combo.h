#pragma once

#include <adwaita.h>

#include "vj-reference.h"

G_BEGIN_DECLS

/* An AdwComboRow over a table of codes (services, forms, UPV, target groups) or over the
 * municipalities by name, with an optional first "none" entry. */

void        vj_code_combo_set_codes          (AdwComboRow  *row,
                                              const char   *none,
                                              const VjCode *codes,
                                              guint         n);
const char *vj_code_combo_get_code           (AdwComboRow  *row,
                                              const VjCode *codes,
                                              guint         n);
void        vj_code_combo_select_code        (AdwComboRow  *row,
                                              const VjCode *codes,
                                              guint         n,
                                              const char   *code);

void        vj_code_combo_set_municipalities (AdwComboRow  *row,
                                              const char   *none);
int         vj_code_combo_get_municipality   (AdwComboRow  *row);
void        vj_code_combo_select_municipality (AdwComboRow *row,
                                               int          code);

G_END_DECLS
