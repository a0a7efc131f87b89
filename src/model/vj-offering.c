#define G_LOG_DOMAIN "vj-offering"

#include "config.h"

#include <string.h>

#include "vj-offering.h"

/* A programme at a campus: where, when, how, as the programme page shows it. */

struct _VjOffering
{
  GObject   parent_instance;

  gint64    id;
  int       municipality;
  gboolean  withdrawn;
  gint64    institution_id;
  char     *fields[VJ_OFFERING_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (VjOffering, vj_offering, G_TYPE_OBJECT)

static void
vj_offering_finalize (GObject *object)
{
  VjOffering *self = VJ_OFFERING (object);

  for (guint i = 0; i < VJ_OFFERING_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (vj_offering_parent_class)->finalize (object);
}

static void
vj_offering_class_init (VjOfferingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_offering_finalize;
}

static void
vj_offering_init (VjOffering *self)
{
}

VjOffering *
vj_offering_new (gint64   id,
                 int      municipality,
                 gboolean withdrawn)
{
  VjOffering *self = g_object_new (VJ_TYPE_OFFERING, NULL);

  self->id = id;
  self->municipality = municipality;
  self->withdrawn = withdrawn;
  return self;
}

gint64
vj_offering_get_id (VjOffering *self)
{
  g_return_val_if_fail (VJ_IS_OFFERING (self), 0);
  return self->id;
}

int
vj_offering_get_municipality (VjOffering *self)
{
  g_return_val_if_fail (VJ_IS_OFFERING (self), 0);
  return self->municipality;
}

gboolean
vj_offering_get_withdrawn (VjOffering *self)
{
  g_return_val_if_fail (VJ_IS_OFFERING (self), FALSE);
  return self->withdrawn;
}

/**
 * vj_offering_start_has_passed:
 * @today: today as YYYY-MM-DD
 *
 * Whether the offering's start lies before today, at the start's own precision: a start in
 * "2026" has not passed until 2027, one in "2026-09" not until October. An unknown start has
 * not passed (the search's *kun kommende* filter compares the same way).
 */
gboolean
vj_offering_start_has_passed (VjOffering *self,
                              const char *today)
{
  const char *start;

  g_return_val_if_fail (VJ_IS_OFFERING (self), FALSE);
  start = vj_offering_get (self, VJ_OFFERING_START);
  if (start == NULL || today == NULL)
    return FALSE;
  return strncmp (start, today, MIN (strlen (start), strlen (today))) < 0;
}

gint64
vj_offering_get_institution_id (VjOffering *self)
{
  g_return_val_if_fail (VJ_IS_OFFERING (self), 0);
  return self->institution_id;
}

void
vj_offering_set_institution_id (VjOffering *self,
                                gint64      id)
{
  g_return_if_fail (VJ_IS_OFFERING (self));
  self->institution_id = id;
}

const char *
vj_offering_get (VjOffering      *self,
                 VjOfferingField  field)
{
  g_return_val_if_fail (VJ_IS_OFFERING (self), NULL);
  g_return_val_if_fail (field < VJ_OFFERING_N_FIELDS, NULL);
  return self->fields[field];
}

void
vj_offering_set (VjOffering      *self,
                 VjOfferingField  field,
                 const char      *value)
{
  g_return_if_fail (VJ_IS_OFFERING (self));
  g_return_if_fail (field < VJ_OFFERING_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
}

/**
 * vj_offering_dup_address:
 *
 * Returns: "Street, postcode town" with whatever parts are known, or %NULL
 */
char *
vj_offering_dup_address (VjOffering *self)
{
  GString *out;
  const char *street, *postcode, *town;

  g_return_val_if_fail (VJ_IS_OFFERING (self), NULL);

  street = self->fields[VJ_OFFERING_STREET];
  postcode = self->fields[VJ_OFFERING_POSTCODE];
  town = self->fields[VJ_OFFERING_TOWN];
  out = g_string_new (street);
  if (postcode != NULL || town != NULL)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      if (postcode != NULL)
        g_string_append (out, postcode);
      if (postcode != NULL && town != NULL)
        g_string_append_c (out, ' ');
      if (town != NULL)
        g_string_append (out, town);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
