#define G_LOG_DOMAIN "vj-import-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-import-rows-private.h"

/* The rows the Import page builds its report, history and subscriptions from. */

#define MAX_ISSUES_SHOWN 50

void
_vj_import_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
_vj_import_text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

const char *
_vj_import_status_label (const char *status)
{
  if (g_strcmp0 (status, "imported") == 0)
    return _("Imported");
  if (g_strcmp0 (status, "not-modified") == 0)
    return _("Unchanged since the last import");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Failed");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("Cancelled");
  if (g_strcmp0 (status, "running") == 0)
    return _("Running or interrupted");
  return status;
}

char *
_vj_import_counts_text (guint added,
             guint updated,
             guint unchanged,
             guint withdrawn,
             guint rejected)
{
  /* Translators: counts of records after an import */
  return g_strdup_printf (_("%1$u added, %2$u updated, %3$u unchanged, %4$u withdrawn, "
                            "%5$u rejected"),
                          added, updated, unchanged, withdrawn, rejected);
}

GtkWidget *
_vj_import_icon_button (const char *icon,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

GtkWidget *
_vj_import_issues_row (const char *title,
                       GPtrArray  *issues)
{
  GtkWidget *expander = adw_expander_row_new ();
  guint total = vj_import_issues_count (issues);
  guint shown = 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  for (guint i = 0; i < issues->len && shown < MAX_ISSUES_SHOWN; i++)
    {
      VjImportIssue *issue = g_ptr_array_index (issues, i);
      g_autofree char *line = NULL;

      if (issue->more > 0)
        break;
      /* Translators: %u is a line number in a feed */
      line = issue->line > 0 ? g_strdup_printf (_("Line %u"), issue->line)
                             : g_strdup (_("The whole feed"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vj_import_text_row (issue->reason, line));
      shown++;
    }
  if (total > shown)
    {
      /* Translators: %u is how many more problems are not listed */
      g_autofree char *more = g_strdup_printf (_("… and %u more"), total - shown);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), _vj_import_text_row (more, NULL));
    }
  return expander;
}

/* What an entry holds, without the spaces around it */
char *
_vj_import_entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}
