#define G_LOG_DOMAIN "vj-initiative"

#include "config.h"

#include "vj-initiative.h"

/* A node of the initiative tree: Kompetenceparat 2020, its tracks, action plans, projects. */

struct _VjInitiative
{
  GObject  parent_instance;

  gint64   id;
  gint64   parent_id;
  guint    depth;
  char    *fields[VJ_INITIATIVE_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (VjInitiative, vj_initiative, G_TYPE_OBJECT)

static void
vj_initiative_finalize (GObject *object)
{
  VjInitiative *self = VJ_INITIATIVE (object);

  for (guint i = 0; i < VJ_INITIATIVE_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (vj_initiative_parent_class)->finalize (object);
}

static void
vj_initiative_class_init (VjInitiativeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vj_initiative_finalize;
}

static void
vj_initiative_init (VjInitiative *self)
{
}

VjInitiative *
vj_initiative_new (gint64 id,
                   gint64 parent_id,
                   guint  depth)
{
  VjInitiative *self = g_object_new (VJ_TYPE_INITIATIVE, NULL);

  self->id = id;
  self->parent_id = parent_id;
  self->depth = depth;
  return self;
}

gint64
vj_initiative_get_id (VjInitiative *self)
{
  g_return_val_if_fail (VJ_IS_INITIATIVE (self), 0);
  return self->id;
}

gint64
vj_initiative_get_parent_id (VjInitiative *self)
{
  g_return_val_if_fail (VJ_IS_INITIATIVE (self), 0);
  return self->parent_id;
}

guint
vj_initiative_get_depth (VjInitiative *self)
{
  g_return_val_if_fail (VJ_IS_INITIATIVE (self), 0);
  return self->depth;
}

const char *
vj_initiative_get (VjInitiative      *self,
                   VjInitiativeField  field)
{
  g_return_val_if_fail (VJ_IS_INITIATIVE (self), NULL);
  g_return_val_if_fail (field < VJ_INITIATIVE_N_FIELDS, NULL);
  return self->fields[field];
}

void
vj_initiative_set (VjInitiative      *self,
                   VjInitiativeField  field,
                   const char        *value)
{
  g_return_if_fail (VJ_IS_INITIATIVE (self));
  g_return_if_fail (field < VJ_INITIATIVE_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
}

/**
 * vj_initiative_dup_period:
 *
 * Returns: (nullable): "2011–2020", "2011–" or %NULL
 */
char *
vj_initiative_dup_period (VjInitiative *self)
{
  const char *start, *end;

  g_return_val_if_fail (VJ_IS_INITIATIVE (self), NULL);

  start = self->fields[VJ_INITIATIVE_PERIOD_START];
  end = self->fields[VJ_INITIATIVE_PERIOD_END];
  if (start == NULL && end == NULL)
    return NULL;
  return g_strdup_printf ("%s–%s", start ? start : "", end ? end : "");
}
