#define G_LOG_DOMAIN "vj-search-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-db-catalogue.h"
#include "vj-db-search.h"
#include "vj-db-settings.h"
#include "vj-db-timeline.h"
#include "vj-programme.h"
#include "vj-reference.h"
#include "vj-search-provider.h"

/* GNOME Shell's search finds programmes and institutions as Uddannelser and Institutioner do
 * (the same Danish folding: "koge" finds Køge), and people by reference only when Preferences
 * say so (the database setting search-provider.people). Result ids are "p:ID", "i:ID" and
 * "r:ID"; activating one opens it in the app. The queries are the small, indexed ones of the
 * pages (a few rows each), answered as the shell asks. */

#define MAX_EACH 5

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

struct _VjSearchProvider
{
  GObject               parent_instance;

  VjDb                 *db;
  GDBusConnection      *connection;
  guint                 registration;
  VjSearchProviderOpen  open;
  gpointer              open_data;
  GPtrArray            *waiting;      /* searches that came before the database was open */
};

G_DEFINE_FINAL_TYPE (VjSearchProvider, vj_search_provider, G_TYPE_OBJECT)

static gboolean
people_wanted (VjSearchProvider *self)
{
  g_autofree char *value = vj_db_get_setting (self->db, VJ_SETTING_SEARCH_PEOPLE);

  return g_strcmp0 (value, "true") == 0;
}

static GPtrArray *
search (VjSearchProvider   *self,
        const char * const *terms)
{
  GPtrArray *results = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autoptr(VjProgrammeQuery) query = vj_programme_query_new ();
  g_autoptr(GArray) programmes = NULL;
  g_autoptr(GPtrArray) institutions = NULL;

  if (self->db == NULL || terms == NULL || terms[0] == NULL)
    return results;
  text = g_strjoinv (" ", (char **) terms);
  if (g_utf8_strlen (g_strstrip (text), -1) < 2)
    return results;

  query->text = g_strdup (text);
  query->sort = VJ_PROGRAMME_SORT_RELEVANCE;
  query->limit = MAX_EACH;
  programmes = vj_db_search_programme_ids (self->db, query, NULL, NULL);
  for (guint i = 0; programmes != NULL && i < programmes->len && i < MAX_EACH; i++)
    g_ptr_array_add (results, g_strdup_printf ("p:%" G_GINT64_FORMAT,
                                               g_array_index (programmes, gint64, i)));

  institutions = vj_db_find_institutions (self->db, 0, NULL, text, NULL);
  for (guint i = 0; institutions != NULL && i < institutions->len && i < MAX_EACH; i++)
    g_ptr_array_add (results,
                     g_strdup_printf ("i:%" G_GINT64_FORMAT,
                                      vj_institution_get_id (g_ptr_array_index (institutions, i))));

  if (people_wanted (self))
    {
      g_autoptr(GPtrArray) people = vj_db_list_person_ids (self->db, text, MAX_EACH, NULL);

      for (guint i = 0; people != NULL && i < people->len; i++)
        g_ptr_array_add (results, g_strdup_printf ("r:%" G_GINT64_FORMAT,
                                                   g_ascii_strtoll (people->pdata[i], NULL, 10)));
    }
  return results;
}

static gboolean
parse_id (const char *identifier,
          char       *kind,
          gint64     *id)
{
  if (identifier == NULL || strlen (identifier) < 3 || identifier[1] != ':' ||
      strchr ("pir", identifier[0]) == NULL)
    return FALSE;
  *kind = identifier[0];
  *id = g_ascii_strtoll (identifier + 2, NULL, 10);
  return *id > 0;
}

static GVariant *
result_meta (VjSearchProvider *self,
             const char       *identifier)
{
  GVariantBuilder meta;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  const char *icon = "dk.kompetenceparat.Vejviser";
  char kind;
  gint64 id;

  if (!parse_id (identifier, &kind, &id) || self->db == NULL)
    return NULL;
  if (kind == 'p')
    {
      g_autoptr(VjProgramme) programme = vj_db_load_programme (self->db, id, NULL);

      if (programme == NULL)
        return NULL;
      name = g_strdup (vj_programme_get_title (programme));
      description = vj_programme_dup_subtitle (programme);
      icon = "accessories-dictionary-symbolic";
    }
  else if (kind == 'i')
    {
      g_autoptr(VjInstitution) institution = vj_db_load_institution (self->db, id, NULL);
      const char *type, *towns;

      if (institution == NULL)
        return NULL;
      name = g_strdup (vj_institution_get (institution, VJ_INSTITUTION_NAME));
      type = vj_institution_get (institution, VJ_INSTITUTION_TYPE);
      towns = vj_institution_get (institution, VJ_INSTITUTION_TOWNS);
      description = g_strdup_printf ("%s%s%s", type != NULL ? vj_institution_type_name (type) : "",
                                     type != NULL && towns != NULL ? " · " : "",
                                     towns != NULL ? towns : "");
      icon = "go-home-symbolic";
    }
  else
    {
      g_autoptr(VjPersonSummary) person = NULL;

      if (!people_wanted (self))
        return NULL;
      person = vj_db_load_person_summary (self->db, id, NULL);
      if (person == NULL)
        return NULL;
      name = g_strdup (person->reference);
      description = g_strdup (_("Person in the guidance log"));
      icon = "avatar-default-symbolic";
    }

  g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (identifier));
  g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (name != NULL ? name : ""));
  g_variant_builder_add (&meta, "{sv}", "description",
                         g_variant_new_string (description != NULL ? description : ""));
  g_variant_builder_add (&meta, "{sv}", "gicon", g_variant_new_string (icon));
  return g_variant_builder_end (&meta);
}

static GVariant *
strv_variant (GPtrArray *strings)
{
  g_ptr_array_add (strings, NULL);
  return g_variant_new_strv ((const char * const *) strings->pdata, -1);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  VjSearchProvider *self = user_data;
  GApplication *app = g_application_get_default ();

  /* Each call keeps an app started only for the search alive for its inactivity timeout */
  if (app != NULL)
    {
      g_application_hold (app);
      g_application_release (app);
    }
  /* Started for the search: the first one is answered once the database is open */
  if (self->db == NULL && (g_strcmp0 (method_name, "GetInitialResultSet") == 0 ||
                           g_strcmp0 (method_name, "GetSubsearchResultSet") == 0))
    {
      g_ptr_array_add (self->waiting, invocation);   /* answered by answer_waiting () */
      return;
    }
  if (g_strcmp0 (method_name, "GetInitialResultSet") == 0 ||
      g_strcmp0 (method_name, "GetSubsearchResultSet") == 0)
    {
      g_autofree const char **terms = NULL;
      g_autoptr(GPtrArray) results = NULL;

      if (g_strcmp0 (method_name, "GetInitialResultSet") == 0)
        g_variant_get (parameters, "(^a&s)", &terms);
      else
        {
          g_autofree const char **previous = NULL;

          g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
        }
      results = search (self, terms);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new_tuple ((GVariant *[]) {
                                               strv_variant (results) }, 1));
    }
  else if (g_strcmp0 (method_name, "GetResultMetas") == 0)
    {
      g_autofree const char **ids = NULL;
      GVariantBuilder metas;

      g_variant_get (parameters, "(^a&s)", &ids);
      g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
      for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
        {
          GVariant *meta = result_meta (self, ids[i]);

          if (meta != NULL)
            g_variant_builder_add_value (&metas, meta);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(aa{sv})", &metas));
    }
  else if (g_strcmp0 (method_name, "ActivateResult") == 0)
    {
      const char *identifier = NULL;
      char kind;
      gint64 id;

      g_variant_get (parameters, "(&s^a&su)", &identifier, NULL, NULL);
      if (parse_id (identifier, &kind, &id) && (kind != 'r' || people_wanted (self)))
        self->open (kind, id, self->open_data);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method_name, "LaunchSearch") == 0)
    {
      /* The app, on its programme search */
      self->open ('s', 0, self->open_data);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };

/* The waiting searches answered: found in @db, or nothing when there is none */
static void
answer_waiting (VjSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new ();
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GDBusMethodInvocation *invocation = waiting->pdata[i];

      if (self->db != NULL)
        method_call (g_dbus_method_invocation_get_connection (invocation),
                     g_dbus_method_invocation_get_sender (invocation),
                     g_dbus_method_invocation_get_object_path (invocation),
                     g_dbus_method_invocation_get_interface_name (invocation),
                     g_dbus_method_invocation_get_method_name (invocation),
                     g_dbus_method_invocation_get_parameters (invocation),
                     invocation, self);
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as [],)"));
    }
}

static void
vj_search_provider_dispose (GObject *object)
{
  VjSearchProvider *self = VJ_SEARCH_PROVIDER (object);

  g_clear_object (&self->db);
  answer_waiting (self);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  vj_search_provider_unregister (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vj_search_provider_parent_class)->dispose (object);
}

static void
vj_search_provider_class_init (VjSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vj_search_provider_dispose;
}

static void
vj_search_provider_init (VjSearchProvider *self)
{
  self->waiting = g_ptr_array_new ();   /* GDBusMethodInvocation, each answered once */
}

VjSearchProvider *
vj_search_provider_new (VjSearchProviderOpen open,
                        gpointer             user_data)
{
  VjSearchProvider *self = g_object_new (VJ_TYPE_SEARCH_PROVIDER, NULL);

  self->open = open;
  self->open_data = user_data;
  return self;
}

/* The database searched; %NULL until it is open (nothing is found meanwhile) */
void
vj_search_provider_set_db (VjSearchProvider *self,
                           VjDb             *db)
{
  g_return_if_fail (VJ_IS_SEARCH_PROVIDER (self));
  g_set_object (&self->db, db);
  if (db != NULL)
    answer_waiting (self);
}

gboolean
vj_search_provider_register (VjSearchProvider  *self,
                             GDBusConnection   *connection,
                             const char        *object_path,
                             GError           **error)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, error);

  g_return_val_if_fail (VJ_IS_SEARCH_PROVIDER (self), FALSE);

  if (info == NULL)
    return FALSE;
  self->registration = g_dbus_connection_register_object (connection, object_path,
                                                          info->interfaces[0], &vtable, self,
                                                          NULL, error);
  if (self->registration == 0)
    return FALSE;
  g_set_object (&self->connection, connection);
  return TRUE;
}

void
vj_search_provider_unregister (VjSearchProvider *self)
{
  g_return_if_fail (VJ_IS_SEARCH_PROVIDER (self));

  if (self->connection != NULL && self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->connection);
}
