#define G_LOG_DOMAIN "vj-institution"

#include "config.h"

#include "vj-institution.h"

/* An institution as the screens show it: contact data and where its campuses are. */

struct _VjInstitution
{
  GObject   parent_instance;

  gint64    id;
  gboolean  withdrawn;
  char     *fields[VJ_INSTITUTION_N_FIELDS];
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjInstitution, vj_institution, G_TYPE_OBJECT)

static void
vj_institution_finalize (GObject *object)
{
  VjInstitution *self = VJ_INSTITUTION (object);

  for (guint i = 0; i < VJ_INSTITUTION_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (vj_institution_parent_class)->finalize (object);
}

static void
vj_institution_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VjInstitution *self = VJ_INSTITUTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->fields[VJ_INSTITUTION_NAME]);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->fields[VJ_INSTITUTION_TOWNS]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_institution_class_init (VjInstitutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vj_institution_finalize;
  object_class->get_property = vj_institution_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vj_institution_init (VjInstitution *self)
{
}

VjInstitution *
vj_institution_new (gint64   id,
                    gboolean withdrawn)
{
  VjInstitution *self = g_object_new (VJ_TYPE_INSTITUTION, NULL);

  self->id = id;
  self->withdrawn = withdrawn;
  return self;
}

gint64
vj_institution_get_id (VjInstitution *self)
{
  g_return_val_if_fail (VJ_IS_INSTITUTION (self), 0);
  return self->id;
}

gboolean
vj_institution_get_withdrawn (VjInstitution *self)
{
  g_return_val_if_fail (VJ_IS_INSTITUTION (self), FALSE);
  return self->withdrawn;
}

const char *
vj_institution_get (VjInstitution      *self,
                    VjInstitutionField  field)
{
  g_return_val_if_fail (VJ_IS_INSTITUTION (self), NULL);
  g_return_val_if_fail (field < VJ_INSTITUTION_N_FIELDS, NULL);
  return self->fields[field];
}

void
vj_institution_set (VjInstitution      *self,
                    VjInstitutionField  field,
                    const char         *value)
{
  g_return_if_fail (VJ_IS_INSTITUTION (self));
  g_return_if_fail (field < VJ_INSTITUTION_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
}
