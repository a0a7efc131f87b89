#pragma once

#include <adwaita.h>

#include "vj-reference.h"

G_BEGIN_DECLS

/* An AdwComboRow over a table of codes (services, forms, UPV, target groups), with an optional
 * first "none" entry. The municipalities are offered through vj-municipality-model.h. */

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

G_END_DECLS
