#define G_LOG_DOMAIN "vejviser-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-cli-feeds.h"
#include "vj-cli-output.h"
#include "vj-db-feeds.h"
#include "vj-importer.h"

/* vejviser-cli [--db PATH] feeds list | add NAME URL | remove NAME | refresh [NAME] [--json]:
 * the saved feeds (subscriptions), as the Import page keeps them. */

static void
add_feed_json (JsonBuilder  *builder,
               const VjFeed *feed)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, feed->name);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, feed->url);
  json_builder_set_member_name (builder, "last_status");
  if (feed->last_status != NULL)
    json_builder_add_string_value (builder, feed->last_status);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "last_import");
  if (feed->last_finished_at != NULL)
    json_builder_add_string_value (builder, feed->last_finished_at);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static int
feeds_list (const VjCliOptions *options,
            VjDb          *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = vj_db_list_feeds (db, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (feeds == NULL)
    return vj_cli_fail (options, error, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "feeds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feeds->len; i++)
    {
      VjFeed *feed = g_ptr_array_index (feeds, i);

      add_feed_json (builder, feed);
      if (!options->json)
        /* Translators: a saved feed: %1$s name, %2$s address, %3$s its last result */
        g_print (_("%1$s\t%2$s\t%3$s\n"), feed->name, feed->url,
                 feed->last_status != NULL ? feed->last_status : _("never imported"));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (options->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else if (feeds->len == 0)
    g_print ("%s\n", _("No feeds are saved."));
  return 0;
}

static char *refresh_deadline;  /* feeds refresh --deadline SECONDS */

static int
feeds_refresh (const VjCliOptions *options,
               VjDb          *db,
               const char    *name)
{
  g_autoptr(GError) error = NULL;
  guint deadline = 0;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = 0;

  if ((status = vj_cli_get_deadline (options, refresh_deadline, &deadline)) != 0)
    return status;
  if (name != NULL)
    {
      VjFeed *feed = vj_db_lookup_feed (db, name, &error);

      if (feed == NULL)
        return vj_cli_fail (options, error, 0);
      feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_feed_free);
      g_ptr_array_add (feeds, feed);
    }
  else if ((feeds = vj_db_list_feeds (db, &error)) == NULL)
    return vj_cli_fail (options, error, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feeds->len; i++)
    {
      VjFeed *feed = g_ptr_array_index (feeds, i);
      g_autoptr(GError) feed_error = NULL;
      VjImportOptions import_options = { .deadline = deadline };
      g_autoptr(VjImportReport) report = vj_import_location (db, feed->url, &import_options,
                                                             NULL, NULL, NULL, &feed_error);
      g_autoptr(JsonNode) node = NULL;

      if (feed_error != NULL)
        {
          status = 1;
          node = vj_cli_error_json (feed_error, report != NULL ? report->error_line : 0);
          /* Translators: %1$s is a feed's name, %2$s what went wrong */
          g_printerr (_("%1$s: %2$s\n"), feed->name, feed_error->message);
        }
      else
        {
          node = vj_cli_import_report_json (report);
          if (!options->json)
            {
              g_print ("%s\n", feed->name);
              vj_cli_print_import_report (report);
            }
        }
      json_object_set_string_member (json_node_get_object (node), "feed", feed->name);
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (options->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  return status;
}

static int
feeds_run (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  const char *action = options->args->len > 1 ? g_ptr_array_index (options->args, 1) : NULL;
  guint n = options->args->len;
  int status;

  if (g_strcmp0 (action, "add") == 0 && n != 4)
    return vj_cli_usage_error (options, _("feeds add needs a NAME and a URL"));
  if (g_strcmp0 (action, "remove") == 0 && n != 3)
    return vj_cli_usage_error (options, _("feeds remove needs a NAME"));
  if (g_strcmp0 (action, "list") != 0 && g_strcmp0 (action, "add") != 0 &&
      g_strcmp0 (action, "remove") != 0 && g_strcmp0 (action, "refresh") != 0)
    return vj_cli_usage_error (options, _("feeds needs add, list, refresh or remove"));

  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);

  if (g_strcmp0 (action, "list") == 0)
    status = feeds_list (options, db);
  else if (g_strcmp0 (action, "refresh") == 0)
    status = feeds_refresh (options, db, n > 2 ? g_ptr_array_index (options->args, 2) : NULL);
  else
    {
      gboolean ok = g_strcmp0 (action, "add") == 0
                  ? vj_db_add_feed (db, g_ptr_array_index (options->args, 2),
                                    g_ptr_array_index (options->args, 3), &error)
                  : vj_db_remove_feed (db, g_ptr_array_index (options->args, 2), &error);

      if (!ok)
        status = vj_cli_fail (options, error, 0);
      else
        {
          if (options->json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();
              g_autoptr(JsonNode) root = NULL;

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "ok");
              json_builder_add_boolean_value (builder, TRUE);
              json_builder_end_object (builder);
              root = json_builder_get_root (builder);
              vj_cli_print_json (root);
            }
          status = 0;
        }
    }
  vj_db_close (db);
  return status;
}

static const char * const feeds_lines[] = {
  N_("feeds add NAME URL              save a feed to refresh later"),
  N_("feeds list [--json]             the saved feeds and their last result"),
  N_("feeds refresh [NAME] [--deadline SECONDS] [--json]   import every saved feed, or one"),
  N_("feeds remove NAME               forget a saved feed"),
  NULL
};

static const GOptionEntry feeds_entries[] = {
  { "deadline", 0, 0, G_OPTION_ARG_STRING, &refresh_deadline,
    N_("the longest a feed may take to download, in seconds"), N_("SECONDS") },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_feeds_command = {
  "feeds", N_("feeds add NAME URL | list | refresh [NAME] | remove NAME"), feeds_lines,
  feeds_entries, feeds_run
};
