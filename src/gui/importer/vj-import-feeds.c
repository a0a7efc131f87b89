#define G_LOG_DOMAIN "vj-import-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vj-db-feeds.h"
#include "vj-import-page-private.h"
#include "vj-import-rows-private.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* The Import page's subscriptions (saved feeds, each with Fetch now and Remove, with Undo) and
 * its history of runs. The page itself (vj-import-page.c) imports and reports. */

static void
add_feed_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VjImportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_feed_write_finish (VJ_DB (object), result, &error))
    {
      vj_widget_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->feed_name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_url_entry), "");
  vj_import_page_refresh_feeds (self);
}

void
_vj_import_page_add_feed_cb (VjImportPage *self)
{
  g_autofree char *name = _vj_import_entry_text (self->feed_name_entry);
  g_autofree char *url = _vj_import_entry_text (self->feed_url_entry);

  if (self->db == NULL)
    return;
  vj_db_add_feed_async (self->db, name, url, NULL, add_feed_done_cb, g_object_ref (self));
}

void
_vj_import_page_refresh_all_cb (VjImportPage *self)
{
  g_autoptr(GPtrArray) feeds = NULL;

  if (self->db == NULL || (feeds = vj_db_list_feeds (self->db, NULL)) == NULL)
    return;
  for (guint i = 0; i < feeds->len; i++)
    vj_import_page_import (self, ((VjFeed *) g_ptr_array_index (feeds, i))->url);
}

/* What an entry holds, without the spaces around it */
char *
_vj_import_entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
reload_history (VjImportPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;

  _vj_import_clear_list (self->history_list);
  if (self->db == NULL)
    return;
  runs = vj_db_list_import_runs (self->db, 20, NULL);
  if (runs == NULL || runs->len == 0)
    {
      gtk_list_box_append (self->history_list, _vj_import_text_row (_("No imports yet"), NULL));
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      VjImportRun *run = g_ptr_array_index (runs, i);
      g_autofree char *date = vj_text_format_date (run->started_at);
      g_autofree char *counts = NULL;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (run->status, "imported") == 0)
        counts = _vj_import_counts_text (run->added, run->updated, run->unchanged, run->withdrawn,
                              run->rejected);
      subtitle = g_strdup_printf ("%s · %s%s%s", date != NULL ? date : "",
                                  _vj_import_status_label (run->status),
                                  counts != NULL || run->error != NULL ? "\n" : "",
                                  counts != NULL ? counts : run->error != NULL ? run->error : "");
      gtk_list_box_append (self->history_list,
                           _vj_import_text_row (run->source_title != NULL ? run->source_title
                                                               : run->location, subtitle));
    }
}

static void
refresh_feed_clicked_cb (GtkButton    *button,
                         VjImportPage *self)
{
  vj_import_page_import (self, g_object_get_data (G_OBJECT (button), "url"));
}

/* A subscription removed, or brought back with Undo: the entries keep what is typed there */
static void
feed_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VjImportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vj_db_feed_write_finish (VJ_DB (object), result, &error))
    vj_widget_show_message (GTK_WIDGET (self), error->message);
  vj_import_page_refresh_feeds (self);
}

/* Undo: the subscription saved again under its name and address (its history stays, by address) */
static void
undo_remove_cb (AdwToast     *toast,
                VjImportPage *self)
{
  if (self->db == NULL)
    return;
  vj_db_add_feed_async (self->db, g_object_get_data (G_OBJECT (toast), "name"),
                        g_object_get_data (G_OBJECT (toast), "url"), NULL, feed_written_cb,
                        g_object_ref (self));
}

static void
remove_feed_clicked_cb (GtkButton    *button,
                        VjImportPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  /* Translators: %s is the name of a subscription (a toast's title is Pango markup) */
  g_autofree char *title = g_markup_printf_escaped (_("The subscription “%s” was removed"), name);
  g_autoptr(AdwToast) toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (toast), "url",
                          g_strdup (g_object_get_data (G_OBJECT (button), "url")), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  vj_db_remove_feed_async (self->db, name, NULL, feed_written_cb, g_object_ref (self));
  vj_widget_add_toast (GTK_WIDGET (self), g_steal_pointer (&toast));
}

/**
 * vj_import_page_refresh_feeds:
 *
 * Shows the saved subscriptions and the history again, from the database.
 */
void
vj_import_page_refresh_feeds (VjImportPage *self)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_if_fail (VJ_IS_IMPORT_PAGE (self));

  _vj_import_clear_list (self->feeds_list);
  reload_history (self);
  if (self->db == NULL)
    return;
  feeds = vj_db_list_feeds (self->db, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->feeds_list), feeds != NULL && feeds->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_all_button),
                            feeds != NULL && feeds->len > 0);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      VjFeed *feed = g_ptr_array_index (feeds, i);
      g_autofree char *when = vj_text_format_date (feed->last_finished_at);
      g_autofree char *subtitle = NULL;
      g_autofree char *refresh_label = NULL;
      g_autofree char *remove_label = NULL;
      GtkWidget *row, *refresh, *remove;

      if (feed->last_status != NULL)
        subtitle = g_strdup_printf ("%s\n%s · %s", feed->url, when != NULL ? when : "",
                                    _vj_import_status_label (feed->last_status));
      else
        subtitle = g_strdup_printf ("%s\n%s", feed->url, _("Never fetched"));
      row = _vj_import_text_row (feed->name, subtitle);

      /* Translators: %s is the name of a subscription */
      refresh_label = g_strdup_printf (_("Fetch %s now"), feed->name);
      refresh = _vj_import_icon_button ("view-refresh-symbolic", refresh_label);
      g_object_set_data_full (G_OBJECT (refresh), "url", g_strdup (feed->url), g_free);
      g_signal_connect (refresh, "clicked", G_CALLBACK (refresh_feed_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), refresh);

      /* Translators: %s is the name of a subscription */
      remove_label = g_strdup_printf (_("Remove %s"), feed->name);
      remove = _vj_import_icon_button ("user-trash-symbolic", remove_label);
      g_object_set_data_full (G_OBJECT (remove), "name", g_strdup (feed->name), g_free);
      g_object_set_data_full (G_OBJECT (remove), "url", g_strdup (feed->url), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_feed_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      gtk_list_box_append (self->feeds_list, row);
    }
}
