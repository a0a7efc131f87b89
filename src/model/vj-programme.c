#define G_LOG_DOMAIN "vj-programme"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-programme.h"
#include "vj-reference.h"

/* A programme as the screens show it: read from the catalogue by src/db, immutable. */

struct _VjProgramme
{
  GObject   parent_instance;

  gint64    id;
  char     *title;
  char     *category;
  int       level;
  int       ects;
  char     *duration;
  char     *description;
  char     *admission;
  char     *url;
  char     *places;
  char     *source_title;
  char     *updated;
  gboolean  withdrawn;
  gboolean  deadline_unknown;  /* listed under "deadline not passed" without a known one */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_CATEGORY,
  PROP_LEVEL,
  PROP_ECTS,
  PROP_DURATION,
  PROP_DESCRIPTION,
  PROP_ADMISSION,
  PROP_URL,
  PROP_PLACES,
  PROP_SOURCE_TITLE,
  PROP_UPDATED,
  PROP_WITHDRAWN,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VjProgramme, vj_programme, G_TYPE_OBJECT)

static char **
string_field (VjProgramme *self,
              guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_TITLE: return &self->title;
    case PROP_CATEGORY: return &self->category;
    case PROP_DURATION: return &self->duration;
    case PROP_DESCRIPTION: return &self->description;
    case PROP_ADMISSION: return &self->admission;
    case PROP_URL: return &self->url;
    case PROP_PLACES: return &self->places;
    case PROP_SOURCE_TITLE: return &self->source_title;
    case PROP_UPDATED: return &self->updated;
    default: return NULL;
    }
}

static void
vj_programme_finalize (GObject *object)
{
  VjProgramme *self = VJ_PROGRAMME (object);

  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    {
      char **field = string_field (self, i);

      if (field != NULL)
        g_clear_pointer (field, g_free);
    }

  G_OBJECT_CLASS (vj_programme_parent_class)->finalize (object);
}

static void
vj_programme_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VjProgramme *self = VJ_PROGRAMME (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_string (value, *field);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    case PROP_ECTS:
      g_value_set_int (value, self->ects);
      break;
    case PROP_WITHDRAWN:
      g_value_set_boolean (value, self->withdrawn);
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, vj_programme_dup_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_programme_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VjProgramme *self = VJ_PROGRAMME (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_free (*field);
      *field = g_value_dup_string (value);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_LEVEL:
      self->level = g_value_get_int (value);
      break;
    case PROP_ECTS:
      self->ects = g_value_get_int (value);
      break;
    case PROP_WITHDRAWN:
      self->withdrawn = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vj_programme_class_init (VjProgrammeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_TITLE, "title" }, { PROP_CATEGORY, "category" }, { PROP_DURATION, "duration" },
    { PROP_DESCRIPTION, "description" }, { PROP_ADMISSION, "admission" }, { PROP_URL, "url" },
    { PROP_PLACES, "places" }, { PROP_SOURCE_TITLE, "source-title" }, { PROP_UPDATED, "updated" },
  };

  object_class->finalize = vj_programme_finalize;
  object_class->get_property = vj_programme_get_property;
  object_class->set_property = vj_programme_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LEVEL] = g_param_spec_int ("level", NULL, NULL, 0, 8, 0, flags);
  properties[PROP_ECTS] = g_param_spec_int ("ects", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_WITHDRAWN] = g_param_spec_boolean ("withdrawn", NULL, NULL, FALSE, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vj_programme_init (VjProgramme *self)
{
}

gint64
vj_programme_get_id (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), 0);
  return self->id;
}

const char *
vj_programme_get_title (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->title;
}

const char *
vj_programme_get_category (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->category;
}

int
vj_programme_get_level (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), 0);
  return self->level;
}

int
vj_programme_get_ects (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), 0);
  return self->ects;
}

const char *
vj_programme_get_duration (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->duration;
}

const char *
vj_programme_get_description (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->description;
}

const char *
vj_programme_get_admission (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->admission;
}

const char *
vj_programme_get_url (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->url;
}

/* The towns where it is offered, comma separated, as the list row shows them. */
const char *
vj_programme_get_places (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->places;
}

const char *
vj_programme_get_source_title (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->source_title;
}

const char *
vj_programme_get_updated (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);
  return self->updated;
}

gboolean
vj_programme_get_withdrawn (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), FALSE);
  return self->withdrawn;
}

/**
 * vj_programme_dup_subtitle:
 *
 * Returns: the line under the title in a list: category, level and where it is offered.
 */
char *
vj_programme_dup_subtitle (VjProgramme *self)
{
  GString *out;

  g_return_val_if_fail (VJ_IS_PROGRAMME (self), NULL);

  out = g_string_new (vj_category_name (self->category));
  if (self->level > 0)
    /* Translators: the level in the Danish qualifications framework, after the category */
    g_string_append_printf (out, _(" · level %d"), self->level);
  if (self->places != NULL && self->places[0] != '\0')
    g_string_append_printf (out, " · %s", self->places);
  if (self->withdrawn)
    g_string_append_printf (out, " · %s", _("Withdrawn"));
  if (self->deadline_unknown)
    g_string_append_printf (out, " · %s", _("Application deadline: not given"));
  return g_string_free (out, FALSE);
}

/* Whether the "deadline not passed" filter let it through without a known deadline */
gboolean
vj_programme_get_deadline_unknown (VjProgramme *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME (self), FALSE);
  return self->deadline_unknown;
}

/**
 * vj_programme_set_deadline_unknown:
 *
 * Marks a programme that the "deadline not passed" filter lets through because no deadline is
 * known: its subtitle says so.
 */
void
vj_programme_set_deadline_unknown (VjProgramme *self,
                                   gboolean     unknown)
{
  g_return_if_fail (VJ_IS_PROGRAMME (self));
  if (self->deadline_unknown == unknown)
    return;
  self->deadline_unknown = unknown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}
