#define G_LOG_DOMAIN "vj-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vj-compare-page.h"
#include "vj-initiative-page.h"
#include "vj-institution-page.h"
#include "vj-navigator.h"
#include "vj-person-page.h"
#include "vj-programme-page.h"
#include "vj-programmes-page.h"
#include "vj-purge.h"
#include "vj-sessions-page.h"
#include "vj-shortlist-dialog.h"
#include "vj-widget-util.h"
#include "vj-window.h"
#include "vj-window-private.h"

/* The window's actions, installed once: pages and dialogs anywhere in the window ask for what
 * they need with gtk_widget_activate_action() — open a programme, an initiative, an institution,
 * a person or a session (win.open-*(x)), add a programme to a shortlist, choose programmes to
 * compare — and never know the window. */

/* ----- opening pages ----- */

gboolean
vj_window_open_programme (VjWindow *self,
                          gint64    programme_id)
{
  g_autofree char *title = NULL;
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_programme_page_new (self->db, programme_id)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->compare_ids->len; i++)
    if (g_array_index (self->compare_ids, gint64, i) == programme_id)
      vj_programme_page_set_compared (VJ_PROGRAMME_PAGE (page), TRUE);
  title = vj_programme_page_dup_title (VJ_PROGRAMME_PAGE (page));
  vj_navigator_push (self->navigator, page, title);
  return TRUE;
}

gboolean
vj_window_open_initiative (VjWindow *self,
                           gint64    initiative_id)
{
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_initiative_page_new (self->db, initiative_id)) == NULL)
    return FALSE;
  vj_navigator_push (self->navigator, page,
                     vj_initiative_page_get_title (VJ_INITIATIVE_PAGE (page)));
  return TRUE;
}

gboolean
vj_window_open_institution (VjWindow *self,
                            gint64    institution_id)
{
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_institution_page_new (self->db, institution_id)) == NULL)
    return FALSE;
  vj_navigator_push (self->navigator, page,
                     vj_institution_page_get_title (VJ_INSTITUTION_PAGE (page)));
  return TRUE;
}

gboolean
vj_window_open_person (VjWindow *self,
                       gint64    person_id)
{
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_person_page_new (self->db, person_id)) == NULL)
    return FALSE;
  vj_navigator_push (self->navigator, page, vj_person_page_get_title (VJ_PERSON_PAGE (page)));
  return TRUE;
}

/**
 * vj_window_open_session:
 *
 * Opens a logged session in its editor (e.g. from a person's timeline).
 */
void
vj_window_open_session (VjWindow *self,
                        gint64    session_id)
{
  g_return_if_fail (VJ_IS_WINDOW (self));

  vj_sessions_page_open_session (VJ_SESSIONS_PAGE (_vj_window_page (self, "sessions")),
                                 session_id);
}

static void
open_programme_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  if (!vj_window_open_programme (VJ_WINDOW (widget), g_variant_get_int64 (parameter)))
    vj_widget_show_message (widget, _("The programme is no longer in the catalogue."));
}

static void
open_initiative_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  if (!vj_window_open_initiative (VJ_WINDOW (widget), g_variant_get_int64 (parameter)))
    vj_widget_show_message (widget, _("The initiative is no longer in the catalogue."));
}

static void
open_institution_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  if (!vj_window_open_institution (VJ_WINDOW (widget), g_variant_get_int64 (parameter)))
    vj_widget_show_message (widget, _("The institution is no longer in the catalogue."));
}

static void
open_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  if (!vj_window_open_person (VJ_WINDOW (widget), g_variant_get_int64 (parameter)))
    vj_widget_show_message (widget, _("The person is no longer in the log."));
}

static void
open_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  vj_window_open_session (VJ_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* "Show Programmes" on an initiative: the Programmes page filtered to it. */
static void
show_initiative_programmes_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);

  vj_window_show_section (self, "programmes");
  vj_programmes_page_show_initiative (VJ_PROGRAMMES_PAGE (_vj_window_page (self, "programmes")),
                                      g_variant_get_int64 (parameter));
}

static void
add_to_shortlist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);
  GtkWidget *page = vj_navigator_get_visible_page (self->navigator);
  g_autofree char *title = VJ_IS_PROGRAMME_PAGE (page)
                             ? vj_programme_page_dup_title (VJ_PROGRAMME_PAGE (page)) : NULL;

  if (self->db != NULL)
    vj_shortlist_dialog_new (GTK_WINDOW (self), self->db, g_variant_get_int64 (parameter), title);
}

/* ----- comparing ----- */

static void
update_compare_button (VjWindow *self)
{
  guint n = self->compare_ids->len;
  g_autofree char *count = g_strdup_printf ("%u", n);
  /* Translators: the name of the button that opens the comparison, shown as an icon and a
   * count; %u is how many programmes are chosen */
  g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Compare %u programme",
                                                        "Compare %u programmes", n), n);

  /* An icon and a count: it fits beside the title at 360 px */
  adw_button_content_set_label (self->compare_content, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->compare_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_button), self->compare_ids->len > 0);
}

static gboolean
remove_compared (VjWindow *self,
                 gint64    id)
{
  for (guint i = 0; i < self->compare_ids->len; i++)
    if (g_array_index (self->compare_ids, gint64, i) == id)
      {
        g_array_remove_index (self->compare_ids, i);
        return TRUE;
      }
  return FALSE;
}

/* A programme page's Compare button: (programme id, chosen) */
static void
compare_programme_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);
  gint64 id;
  gboolean active;

  g_variant_get (parameter, "(xb)", &id, &active);
  remove_compared (self, id);
  if (active && self->compare_ids->len >= VJ_COMPARE_MAX)
    {
      GtkWidget *page = vj_navigator_get_visible_page (self->navigator);

      if (VJ_IS_PROGRAMME_PAGE (page))
        vj_programme_page_set_compared (VJ_PROGRAMME_PAGE (page), FALSE);
      vj_widget_show_message (widget, _("At most four programmes can be compared."));
    }
  else if (active)
    g_array_append_val (self->compare_ids, id);
  update_compare_button (self);
}

static void
show_comparison (VjWindow *self)
{
  GtkWidget *page;

  if (self->db == NULL)
    return;
  if (self->compare_ids->len < 2)
    {
      vj_widget_show_message (GTK_WIDGET (self),
                              _("Choose at least two programmes to compare."));
      return;
    }
  page = vj_compare_page_new (self->db, (const gint64 *) (gpointer) self->compare_ids->data,
                              self->compare_ids->len);
  vj_navigator_push (self->navigator, page, _("Comparison"));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_comparison (VJ_WINDOW (widget));
}

/* The comparison's Remove button: the comparison again, without it */
static void
compare_remove_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);

  remove_compared (self, g_variant_get_int64 (parameter));
  update_compare_button (self);
  vj_navigator_pop (self->navigator);
  if (self->compare_ids->len > 0)
    show_comparison (self);
}

/* ----- the window's own ----- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vj_window_go_back (VJ_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);
  GtkWidget *page = vj_window_get_visible_page (self);

  /* A list with its own search (Samtaler, Institutioner) is searched where it is */
  if (page != NULL && gtk_widget_activate_action (page, "page.focus-search", NULL))
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return;
    }
  vj_window_show_section (self, "programmes");
  vj_programmes_page_focus_search (VJ_PROGRAMMES_PAGE (_vj_window_page (self, "programmes")));
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);

  vj_window_show_section (self, "sessions");
  vj_sessions_page_new_session (VJ_SESSIONS_PAGE (_vj_window_page (self, "sessions")));
}

static void
purge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VjWindow *self = VJ_WINDOW (widget);

  if (self->db != NULL)
    vj_purge_offer (GTK_WINDOW (self), self->db, FALSE);
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  vj_window_show_section (VJ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

void
_vj_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-programme", "x",
                                   open_programme_action);
  gtk_widget_class_install_action (widget_class, "win.open-initiative", "x",
                                   open_initiative_action);
  gtk_widget_class_install_action (widget_class, "win.open-institution", "x",
                                   open_institution_action);
  gtk_widget_class_install_action (widget_class, "win.open-person", "x", open_person_action);
  gtk_widget_class_install_action (widget_class, "win.open-session", "x", open_session_action);
  gtk_widget_class_install_action (widget_class, "win.show-initiative-programmes", "x",
                                   show_initiative_programmes_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-shortlist", "x",
                                   add_to_shortlist_action);
  gtk_widget_class_install_action (widget_class, "win.compare-programme", "(xb)",
                                   compare_programme_action);
  gtk_widget_class_install_action (widget_class, "win.compare-remove", "x",
                                   compare_remove_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", section_action);
  gtk_widget_class_install_action (widget_class, "win.purge", NULL, purge_action);
  gtk_widget_class_install_action (widget_class, "win.new-session", NULL, new_session_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-session", NULL);
  for (guint i = 0; i < VJ_WINDOW_N_SECTIONS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", _vj_window_section_id (i));
}
