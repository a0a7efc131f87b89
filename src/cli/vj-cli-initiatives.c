#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vj-cli-backup.h"
#include "vj-cli-initiatives.h"
#include "vj-cli-output.h"
#include "vj-db-catalogue.h"
#include "vj-db-initiatives-export.h"
#include "vj-db-initiatives.h"
#include "vj-private-file.h"
#include "vj-reference.h"

/* vejviser-cli initiatives list [--json]: the initiative tree with goals, actors and links;
 * initiatives export --output FILE: the tree as a Vejviser catalogue format v1 feed. */

static char *output;

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_goals_and_actors (JsonBuilder *builder,
                      VjDb        *db,
                      gint64       id,
                      gboolean     json,
                      const char  *indent)
{
  g_autoptr(GPtrArray) goals = vj_db_list_initiative_goals (db, id, NULL);
  g_autoptr(GPtrArray) actors = vj_db_list_initiative_actors (db, id, NULL);

  json_builder_set_member_name (builder, "goals");
  json_builder_begin_array (builder);
  for (guint i = 0; goals != NULL && i < goals->len; i++)
    {
      char **goal = g_ptr_array_index (goals, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "text", goal[0]);
      add_string_member (builder, "target", goal[1]);
      json_builder_end_object (builder);
      if (!json)
        /* Translators: a goal of an initiative in `initiatives list` */
        g_print (_("%1$s  Goal: %2$s\n"), indent, goal[0]);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "actors");
  json_builder_begin_array (builder);
  for (guint i = 0; actors != NULL && i < actors->len; i++)
    {
      static const char * const names[] = { "name", "role", "address", "phone", "email", "url" };
      char **actor = g_ptr_array_index (actors, i);

      json_builder_begin_object (builder);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        add_string_member (builder, names[k], actor[k]);
      json_builder_end_object (builder);
      if (!json)
        /* Translators: an actor of an initiative in `initiatives list` */
        g_print (_("%1$s  Actor: %2$s\n"), indent, actor[0]);
    }
  json_builder_end_array (builder);
}

static void
add_links (JsonBuilder *builder,
           VjDb        *db,
           gint64       id,
           gboolean     json,
           const char  *indent)
{
  static const char * const members[] = { "programmes", "institutions", "municipalities" };

  for (VjInitiativeLink kind = VJ_INITIATIVE_LINK_PROGRAMME;
       kind <= VJ_INITIATIVE_LINK_MUNICIPALITY; kind++)
    {
      g_autoptr(GPtrArray) links = vj_db_list_initiative_links (db, id, kind, NULL);

      json_builder_set_member_name (builder, members[kind]);
      json_builder_begin_array (builder);
      for (guint i = 0; links != NULL && i < links->len; i++)
        {
          char **link = g_ptr_array_index (links, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, kind == VJ_INITIATIVE_LINK_MUNICIPALITY
                                                 ? "code" : "id");
          json_builder_add_int_value (builder, g_ascii_strtoll (link[0], NULL, 10));
          if (kind != VJ_INITIATIVE_LINK_MUNICIPALITY)
            add_string_member (builder, "external_id", link[1]);
          add_string_member (builder, "name", link[2]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (json || links == NULL || links->len == 0)
        continue;
      /* Translators: how many programmes, institutions, municipalities an initiative links to,
       * in `initiatives list` */
      if (kind == VJ_INITIATIVE_LINK_PROGRAMME)
        g_print (_("%1$s  Programmes: %2$u\n"), indent, links->len);
      else if (kind == VJ_INITIATIVE_LINK_INSTITUTION)
        g_print (_("%1$s  Institutions: %2$u\n"), indent, links->len);
      else
        g_print (_("%1$s  Municipalities: %2$u\n"), indent, links->len);
    }
}

/* One node and, nested in "children", the nodes below it; returns the index after them. */
static guint
add_node (JsonBuilder *builder,
          VjDb        *db,
          GPtrArray   *all,
          guint        index,
          gboolean     json)
{
  VjInitiative *initiative = g_ptr_array_index (all, index);
  gint64 id = vj_initiative_get_id (initiative);
  guint depth = vj_initiative_get_depth (initiative);
  g_autofree char *indent = g_strnfill (depth * 2, ' ');
  g_autofree char *external_id = vj_db_dup_initiative_external_id (db, id);
  g_autofree char *period = vj_initiative_dup_period (initiative);
  const char *kind = vj_initiative_get (initiative, VJ_INITIATIVE_KIND);
  guint next;

  if (!json)
    g_print ("%s%s [%s]%s%s\n", indent, vj_initiative_get (initiative, VJ_INITIATIVE_TITLE),
             external_id, period != NULL ? " · " : "", period != NULL ? period : "");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  add_string_member (builder, "external_id", external_id);
  add_string_member (builder, "title", vj_initiative_get (initiative, VJ_INITIATIVE_TITLE));
  add_string_member (builder, "kind", kind);
  add_string_member (builder, "kind_name", kind != NULL ? vj_initiative_kind_name (kind) : NULL);
  add_string_member (builder, "description",
                     vj_initiative_get (initiative, VJ_INITIATIVE_DESCRIPTION));
  add_string_member (builder, "period_start",
                     vj_initiative_get (initiative, VJ_INITIATIVE_PERIOD_START));
  add_string_member (builder, "period_end",
                     vj_initiative_get (initiative, VJ_INITIATIVE_PERIOD_END));
  add_string_member (builder, "owner", vj_initiative_get (initiative, VJ_INITIATIVE_OWNER));
  add_string_member (builder, "source_url",
                     vj_initiative_get (initiative, VJ_INITIATIVE_SOURCE_URL));
  add_string_member (builder, "inferred", vj_initiative_get (initiative, VJ_INITIATIVE_INFERRED));
  add_goals_and_actors (builder, db, id, json, indent);
  add_links (builder, db, id, json, indent);

  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (next = index + 1; next < all->len &&
       vj_initiative_get_depth (g_ptr_array_index (all, next)) > depth;)
    next = add_node (builder, db, all, next, json);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return next;
}

static int
initiatives_list (const VjCliOptions *options,
                  VjDb               *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = vj_db_list_initiatives (db, 0, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (all == NULL)
    return vj_cli_fail (options, error, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "initiatives");
  json_builder_begin_array (builder);
  for (guint i = 0; i < all->len;)
    i = add_node (builder, db, all, i, options->json);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else if (all->len == 0)
    g_print ("%s\n", _("There are no initiatives in the catalogue."));
  return 0;
}

static int
initiatives_export (const VjCliOptions *options,
                    VjDb               *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vj_db_export_initiatives (db, NULL, &error);

  if (xml == NULL || !vj_private_file_write (output, xml, strlen (xml), &error))
    return vj_cli_fail (options, error, 0);
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, output);
      json_builder_set_member_name (builder, "source_id");
      json_builder_add_string_value (builder, VJ_INITIATIVES_EXPORT_SOURCE_ID);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else
    /* Translators: %s is a file name */
    g_print (_("The initiatives were written to %s.\n"), output);
  return 0;
}

static int
initiatives_run (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  GPtrArray *args = options->args;
  const char *action = args->len > 1 ? g_ptr_array_index (args, 1) : NULL;
  int status;

  if ((g_strcmp0 (action, "list") != 0 && g_strcmp0 (action, "export") != 0) || args->len != 2)
    return vj_cli_usage_error (options, _("initiatives needs list or export"));
  if (g_strcmp0 (action, "export") == 0 && output == NULL)
    return vj_cli_usage_error (options, _("initiatives export needs --output FILE"));

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);
  status = g_strcmp0 (action, "list") == 0 ? initiatives_list (options, db)
                                            : initiatives_export (options, db);
  vj_db_close (db);
  return status;
}

static const char * const initiatives_lines[] = {
  N_("initiatives list [--json]       the initiatives, their tracks, goals, actors and links"),
  N_("initiatives export --output FILE   the initiatives as a catalogue feed (format v1)"),
  NULL
};

static const GOptionEntry initiatives_entries[] = {
  { "output", 0, 0, G_OPTION_ARG_FILENAME, &output,
    N_("where initiatives export writes the feed"), N_("FILE") },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_initiatives_command = {
  "initiatives", N_("initiatives list | export --output FILE"), initiatives_lines,
  initiatives_entries, initiatives_run
};
