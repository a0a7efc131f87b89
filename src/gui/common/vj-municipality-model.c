#define G_LOG_DOMAIN "vj-municipality-model"

#include "config.h"

#include <string.h>

#include "vj-municipality-model.h"
#include "vj-reference.h"
#include "vj-text.h"

/* One municipality list for every widget that offers a choice of them (Programmes,
 * Institutions, Sessions, Preferences): the same order everywhere, and position → code in one
 * place. Position 0 is the widget's own first row ("All municipalities", "Not set"). */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* The region's 17 first, then the others, each in Danish order */
  return vj_municipality_compare (*(const int *) a, *(const int *) b);
}

/* The codes: the region's 17 first, then the others, each in Danish order of their names */
static GArray *
sorted_codes (void)
{
  static GArray *codes;

  if (g_once_init_enter (&codes))
    {
      GArray *array;
      const VjMunicipality *list;
      guint n;

      list = vj_municipalities (&n);
      array = g_array_sized_new (FALSE, FALSE, sizeof (int), n);
      for (guint i = 0; i < n; i++)
        g_array_append_val (array, list[i].code);
      g_array_sort (array, compare_names);
      g_once_init_leave (&codes, array);
    }
  return codes;
}

/**
 * vj_municipality_model_new:
 * @first: the first row, e.g. "All municipalities" (translated)
 *
 * Returns: (transfer full): a #GtkStringList of @first and the municipalities' names
 */
GListModel *
vj_municipality_model_new (const char *first)
{
  GArray *codes = sorted_codes ();
  GtkStringList *model = gtk_string_list_new (NULL);

  g_return_val_if_fail (first != NULL, NULL);

  gtk_string_list_append (model, first);
  for (guint i = 0; i < codes->len; i++)
    gtk_string_list_append (model, vj_municipality_lookup (g_array_index (codes, int, i))->name);
  return G_LIST_MODEL (model);
}

/**
 * vj_municipality_model_code_at:
 * @position: a position in a vj_municipality_model_new() model
 *
 * Returns: the municipality's code, or 0 for the first row or no selection
 */
int
vj_municipality_model_code_at (guint position)
{
  GArray *codes = sorted_codes ();

  if (position == 0 || position == GTK_INVALID_LIST_POSITION || position > codes->len)
    return 0;
  return g_array_index (codes, int, position - 1);
}

/**
 * vj_municipality_model_position:
 * @code: a municipality's code
 *
 * Returns: its position in a vj_municipality_model_new() model, or 0 (the first row)
 */
guint
vj_municipality_model_position (int code)
{
  GArray *codes = sorted_codes ();

  for (guint i = 0; code > 0 && i < codes->len; i++)
    if (g_array_index (codes, int, i) == code)
      return i + 1;
  return 0;
}
