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
#include "vj-sessions-page.h"
#include "vj-shortlist-dialog.h"
#include "vj-window.h"
#include "vj-window-private.h"

/* The pages the window opens in its navigator — a programme, an initiative, an institution, a
 * person, the comparison — and what their signals ask of the window: open another, add to the
 * shortlist, choose programmes to compare. */

void
_vj_window_programme_activated_cb (VjWindow *self,
                                   gint64    id)
{
  if (!vj_window_open_programme (self, id))
    vj_window_add_toast (self, _("The programme is no longer in the catalogue."));
}

void
_vj_window_initiative_activated_cb (VjWindow *self,
                                    gint64    id)
{
  if (!vj_window_open_initiative (self, id))
    vj_window_add_toast (self, _("The initiative is no longer in the catalogue."));
}

/* "Show Programmes" on an initiative: the Programmes page filtered to it. */
static void
show_initiative_programmes_cb (VjWindow *self,
                               gint64    id)
{
  GtkWidget *programmes = _vj_window_page (self, "programmes");

  vj_window_show_section (self, "programmes");
  vj_programmes_page_show_initiative (VJ_PROGRAMMES_PAGE (programmes), id);
}

void
_vj_window_institution_activated_cb (VjWindow *self,
                                     gint64    id)
{
  if (!vj_window_open_institution (self, id))
    vj_window_add_toast (self, _("The institution is no longer in the catalogue."));
}

void
_vj_window_person_activated_cb (VjWindow *self,
                                gint64    id)
{
  if (!vj_window_open_person (self, id))
    vj_window_add_toast (self, _("The person is no longer in the log."));
}

static void
add_to_shortlist_cb (VjWindow *self,
                     gint64    programme_id)
{
  GtkWidget *page = vj_navigator_get_visible_page (self->navigator);
  g_autofree char *title = VJ_IS_PROGRAMME_PAGE (page)
                             ? vj_programme_page_dup_title (VJ_PROGRAMME_PAGE (page)) : NULL;

  if (self->db != NULL)
    vj_shortlist_dialog_new (GTK_WINDOW (self), self->db, programme_id, title);
}

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

static void
compare_toggled_cb (VjWindow *self,
                    gint64    id,
                    gboolean  active,
                    gpointer  page)
{
  remove_compared (self, id);
  if (active && self->compare_ids->len >= VJ_COMPARE_MAX)
    {
      vj_programme_page_set_compared (VJ_PROGRAMME_PAGE (page), FALSE);
      vj_window_add_toast (self, _("At most four programmes can be compared."));
    }
  else if (active)
    g_array_append_val (self->compare_ids, id);
  update_compare_button (self);
}

static void show_comparison (VjWindow *self);

static void
compare_remove_cb (VjWindow *self,
                   gint64    id)
{
  remove_compared (self, id);
  update_compare_button (self);
  vj_navigator_pop (self->navigator);
  if (self->compare_ids->len > 0)
    show_comparison (self);
}

static void
show_comparison (VjWindow *self)
{
  GtkWidget *page;

  if (self->db == NULL)
    return;
  if (self->compare_ids->len < 2)
    {
      vj_window_add_toast (self, _("Choose at least two programmes to compare."));
      return;
    }
  page = vj_compare_page_new (self->db, (const gint64 *) (gpointer) self->compare_ids->data,
                              self->compare_ids->len);
  g_signal_connect_swapped (page, "programme-activated",
                            G_CALLBACK (_vj_window_programme_activated_cb), self);
  g_signal_connect_swapped (page, "remove", G_CALLBACK (compare_remove_cb), self);
  vj_navigator_push (self->navigator, page, _("Comparison"));
}

void
_vj_window_compare_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  show_comparison (VJ_WINDOW (widget));
}

gboolean
vj_window_open_programme (VjWindow *self,
                          gint64    programme_id)
{
  g_autofree char *title = NULL;
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_programme_page_new (self->db, programme_id)) == NULL)
    return FALSE;
  g_signal_connect_swapped (page, "initiative-activated",
                            G_CALLBACK (_vj_window_initiative_activated_cb), self);
  g_signal_connect_swapped (page, "institution-activated",
                            G_CALLBACK (_vj_window_institution_activated_cb), self);
  g_signal_connect_swapped (page, "compare-toggled", G_CALLBACK (compare_toggled_cb), self);
  g_signal_connect_swapped (page, "add-to-shortlist", G_CALLBACK (add_to_shortlist_cb), self);
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
  g_signal_connect_swapped (page, "programme-activated",
                            G_CALLBACK (_vj_window_programme_activated_cb), self);
  g_signal_connect_swapped (page, "initiative-activated",
                            G_CALLBACK (_vj_window_initiative_activated_cb), self);
  g_signal_connect_swapped (page, "show-programmes", G_CALLBACK (show_initiative_programmes_cb),
                            self);
  g_signal_connect_swapped (page, "institution-activated",
                            G_CALLBACK (_vj_window_institution_activated_cb), self);
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
  g_signal_connect_swapped (page, "programme-activated",
                            G_CALLBACK (_vj_window_programme_activated_cb), self);
  g_signal_connect_swapped (page, "initiative-activated",
                            G_CALLBACK (_vj_window_initiative_activated_cb), self);
  vj_navigator_push (self->navigator, page,
                     vj_institution_page_get_title (VJ_INSTITUTION_PAGE (page)));
  return TRUE;
}

static void
person_erased_cb (VjWindow   *self,
                  const char *message)
{
  vj_navigator_pop (self->navigator);
  vj_window_add_toast (self, message);
}

gboolean
vj_window_open_person (VjWindow *self,
                       gint64    person_id)
{
  GtkWidget *page;

  g_return_val_if_fail (VJ_IS_WINDOW (self), FALSE);

  if (self->db == NULL || (page = vj_person_page_new (self->db, person_id)) == NULL)
    return FALSE;
  g_signal_connect_swapped (page, "programme-activated",
                            G_CALLBACK (_vj_window_programme_activated_cb), self);
  g_signal_connect_swapped (page, "person-erased", G_CALLBACK (person_erased_cb), self);
  g_signal_connect_swapped (page, "session-activated", G_CALLBACK (vj_window_open_session),
                            self);
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
  GtkWidget *sessions = _vj_window_page (self, "sessions");

  vj_sessions_page_open_session (VJ_SESSIONS_PAGE (sessions), session_id);
}
