#define G_LOG_DOMAIN "vj-programme-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vj-cutoff-chart.h"
#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-detail.h"
#include "vj-programme-page.h"
#include "vj-reference.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* A programme: what it is, what it takes, and every offering: those in Region Sjælland first,
 * grouped by municipality, then the rest of the country grouped by region. */

struct _VjProgrammePage
{
  GtkWidget    parent_instance;

  GtkBox      *content_box;
  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkLabel    *withdrawn_label;
  GtkToggleButton *compare_button;
  gboolean     setting_compared;

  VjProgramme *programme;
};

G_DEFINE_FINAL_TYPE (VjProgrammePage, vj_programme_page, GTK_TYPE_WIDGET)

static void
shortlist_clicked_cb (VjProgrammePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-to-shortlist", "x",
                              vj_programme_get_id (self->programme));
}

/* The offering's place, start and deadline; without a start or deadline of its own, a KOT
 * offer's start and deadlines by rule, or a youth education's 1 March, labelled as such with
 * the rule's source */
static char *
offering_subtitle (VjOffering            *offering,
                   const VjAdmissionRule *rule,
                   const char            *today)
{
  GString *out = g_string_new (NULL);
  g_autofree char *address = vj_offering_dup_address (offering);
  g_autofree char *start = vj_text_format_date (vj_offering_get (offering, VJ_OFFERING_START));
  g_autofree char *deadline = vj_text_format_date (vj_offering_get (offering,
                                                                    VJ_OFFERING_DEADLINE));
  const char *mode = vj_offering_get (offering, VJ_OFFERING_STUDY_MODE);
  const char *location = vj_offering_get (offering, VJ_OFFERING_LOCATION);
  const char *institution = vj_offering_get (offering, VJ_OFFERING_INSTITUTION);
  const char *derived = vj_offering_get (offering, VJ_OFFERING_DERIVED);

  if (location != NULL && g_strcmp0 (location, institution) != 0)
    g_string_append (out, location);
  /* "Absalon, Nykøbing F." needs no "Nykøbing F." after it */
  if (address != NULL && (out->len == 0 || strstr (out->str, address) == NULL))
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", address);
  if (mode != NULL)
    g_string_append_printf (out, "%s%s", out->len > 0 ? " · " : "", vj_study_mode_name (mode));
  if (out->len > 0)
    g_string_append_c (out, '\n');
  if (derived != NULL)
    {
      /* Translators: %s names a law, e.g. "lov om forberedende grunduddannelse": FGU's tracks
       * are offered at every FGU institution by law, not listed in a register */
      g_string_append_printf (out, _("Derived from %s, not from a register"), derived);
      g_string_append_c (out, '\n');
    }
  if (start != NULL && vj_offering_start_has_passed (offering, today))
    /* Translators: %s is a date that has passed, e.g. "august 2024"; an old feed's offering */
    g_string_append_printf (out, _("Started %s (past)"), start);
  else if (start != NULL)
    /* Translators: %s is a date, e.g. "august 2027" */
    g_string_append_printf (out, _("Starts %s"), start);
  else if (rule->applies && vj_kot_start_name (rule->start) != NULL)
    /* Translators: %s is "Summer start" or the like, as KOT names the offer */
    g_string_append_printf (out, _("%s (KOT)"), vj_kot_start_name (rule->start));
  else
    /* Unknown values read the same everywhere: "Not given" */
    g_string_append (out, _("Start: not given"));
  g_string_append (out, " · ");
  if (deadline != NULL)
    /* Translators: %s is a date */
    g_string_append_printf (out, _("Application deadline %s"), deadline);
  else if (rule->applies)
    {
      g_autofree char *text = vj_admission_rule_format (rule);

      g_string_append_printf (out, "%s\n%s", text, vj_admission_rule_get_source (rule));
    }
  else
    g_string_append (out, _("Application deadline: not given"));
  if (vj_offering_get_withdrawn (offering))
    g_string_append_printf (out, " · %s", _("Withdrawn"));
  return g_string_free (out, FALSE);
}

static void
compare_toggled_cb (VjProgrammePage *self)
{
  if (self->setting_compared)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.compare-programme", "(xb)",
                              vj_programme_get_id (self->programme),
                              gtk_toggle_button_get_active (self->compare_button));
}

static void
institution_row_activated_cb (AdwActionRow    *row,
                              VjProgrammePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "institution-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-institution", "x", id);
}

static void
add_fact_row (AdwPreferencesGroup *group,
              GPtrArray           *facts,
              const char          *name)
{
  const VjFact *fact = vj_facts_latest (facts, name, NULL);
  g_autofree char *title = NULL;
  g_autofree char *value = NULL;

  if (fact == NULL)
    return;
  /* Translators: %1$s is a figure's name, %2$d its year */
  title = g_strdup_printf (_("%1$s (%2$d)"), vj_fact_name (name), fact->year);
  value = vj_fact_format (fact);
  if (g_strcmp0 (name, "wage-median") == 0)
    {
      const VjFact *p25 = vj_facts_latest (facts, "wage-p25", NULL);
      const VjFact *p75 = vj_facts_latest (facts, "wage-p75", NULL);

      if (p25 != NULL && p75 != NULL && p25->has_value && p75->has_value)
        {
          g_autofree char *low = vj_fact_format (p25);
          g_autofree char *high = vj_fact_format (p75);
          g_autofree char *with = NULL;

          /* Translators: a median wage, then the lower and upper quartile */
          with = g_strdup_printf (_("%1$s (quartiles %2$s–%3$s)"), value, low, high);
          g_free (value);
          value = g_steal_pointer (&with);
        }
    }
  vj_detail_add_row (group, title, value);
}

/* What the public tables say about one offering: its cut-off over the years in a chart and the
 * newest of each other figure, with its year and source; a missing figure says why. */
static void
add_figures (VjProgrammePage *self,
             VjDb            *db,
             VjOffering      *offering)
{
  g_autoptr(GPtrArray) facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering),
                                                          NULL);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *institution = vj_offering_get (offering, VJ_OFFERING_INSTITUTION);
  const char *town = vj_offering_get (offering, VJ_OFFERING_TOWN);
  const char *key;
  AdwPreferencesGroup *group;
  static const char * const others[] = {
    "dropout", "unemployment", "wage-median", "teaching-hours",
  };

  if (facts == NULL || facts->len == 0)
    return;

  /* Translators: %1$s is an institution, %2$s a town */
  title = g_strdup_printf (_("Figures: %1$s, %2$s"), institution != NULL ? institution : "",
                           town != NULL ? town : "");
  for (guint i = 0; i < facts->len; i++)
    {
      VjFact *fact = g_ptr_array_index (facts, i);

      if (fact->source != NULL && strstr (sources->str, fact->source) == NULL)
        g_string_append_printf (sources, "%s%s", sources->len > 0 ? ", " : "", fact->source);
    }
  {
    /* The credit UFM asks for, in Danish in every language */
    g_autofree char *description = g_strdup_printf ("%s · %s",
                                                    "Kilde: Uddannelses- og "
                                                    "Forskningsministeriet", sources->str);

    group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, title, description));
  }

  key = vj_facts_main_cutoff_key (facts);
  if (key != NULL)
    {
      const VjFact *last = vj_facts_latest (facts, "cutoff", key);
      g_autofree char *row_title = NULL;
      g_autofree char *value = vj_fact_format (last);
      GtkWidget *chart_row = adw_preferences_row_new ();
      g_autoptr(GString) without = g_string_new (NULL);

      series = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
      for (guint i = 0; i < facts->len; i++)
        {
          VjFact *fact = g_ptr_array_index (facts, i);

          if (g_strcmp0 (fact->fact, "cutoff") == 0 && g_strcmp0 (fact->key, key) == 0)
            g_ptr_array_add (series, vj_fact_copy (fact));
        }
      /* Translators: %1$s is a figure's name, %2$d its year */
      row_title = g_strdup_printf (_("%1$s (%2$d)"), vj_fact_name ("cutoff"), last->year);
      vj_detail_add_row (group, row_title, value);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (chart_row), vj_cutoff_chart_new (series));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (chart_row), FALSE);
      adw_preferences_group_add (group, chart_row);

      /* The years without a grade, by reason: "Alle kvalificerede optaget: 2010, 2011" */
      for (guint i = 0; i < series->len; i++)
        {
          VjFact *fact = g_ptr_array_index (series, i);
          const char *reason;

          if (fact->has_value || fact->reason == NULL)
            continue;
          reason = vj_fact_reason_text (fact->reason);
          if (strstr (without->str, reason) != NULL)
            continue;
          g_string_append_printf (without, "%s%s:", without->len > 0 ? "\n" : "", reason);
          for (guint j = i; j < series->len; j++)
            {
              VjFact *other = g_ptr_array_index (series, j);

              if (!other->has_value && g_strcmp0 (other->reason, fact->reason) == 0)
                g_string_append_printf (without, " %d", other->year);
            }
        }
      vj_detail_add_row (group, _("Years without a cut-off grade"), without->str);
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    add_fact_row (group, facts, others[i]);
}

/* The region Vejviser serves first (its 17 municipalities), then the others from the nearest;
 * an offering without a known municipality last */
#define HOME_REGION 1085

static int
region_rank (VjOffering *offering)
{
  static const int order[] = { HOME_REGION, 1084, 1083, 1082, 1081 };
  const VjMunicipality *municipality = vj_municipality_lookup (
    vj_offering_get_municipality (offering));

  for (guint i = 0; municipality != NULL && i < G_N_ELEMENTS (order); i++)
    if (municipality->region == order[i])
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
region_rank_compare (gconstpointer a,
                     gconstpointer b)
{
  return region_rank (*(VjOffering **) a) - region_rank (*(VjOffering **) b);
}

static void
add_part_heading (VjProgrammePage *self,
                  const char      *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (self->content_box, label);
}

static GPtrArray *
add_offerings (VjProgrammePage *self,
               VjDb            *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (db, vj_programme_get_id (self->programme),
                                                         &error);
  AdwPreferencesGroup *group = NULL;
  int municipality = -1;
  int rank = -1;
  gboolean home, away;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (offerings == NULL)
    {
      g_warning ("Could not read offerings: %s", error->message);
      return NULL;
    }
  if (offerings->len == 0)
    {
      vj_detail_add_paragraph (self->content_box, _("Where"),
                               _("The catalogue names no place where this programme is "
                                 "offered."));
      return NULL;
    }

  /* Region Sjælland's offerings first, by municipality; then the rest of the country by
   * region (the sort keeps the municipalities' order within each) */
  g_ptr_array_sort (offerings, region_rank_compare);
  home = region_rank (g_ptr_array_index (offerings, 0)) == 0;
  away = FALSE;
  for (guint i = 0; i < offerings->len && !away; i++)
    away = region_rank (g_ptr_array_index (offerings, i)) > 0 &&
           vj_offering_get_municipality (g_ptr_array_index (offerings, i)) > 0;
  for (guint i = 0; i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      g_autofree char *subtitle = NULL;
      const char *institution;
      GtkWidget *row;
      int offering_rank = region_rank (offering);

      if (offering_rank != rank && away)
        {
          if (offering_rank == 0)
            add_part_heading (self, _("In Region Sjælland"));
          else if (rank <= 0)
            add_part_heading (self, home ? _("In the rest of the country")
                                         : _("Not offered in Region Sjælland; elsewhere in the "
                                             "country"));
        }
      if (offering_rank > 0 && (group == NULL || offering_rank != rank))
        {
          const VjMunicipality *m = vj_municipality_lookup (
            vj_offering_get_municipality (offering));
          const VjRegion *region = m != NULL ? vj_region_lookup (m->region) : NULL;

          /* A region's name is a proper noun: "Region Hovedstaden" in every language */
          group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box,
                                                              region != NULL ? region->name
                                                                             : _("Elsewhere"),
                                                              NULL));
        }
      else if (offering_rank == 0 &&
               (group == NULL || vj_offering_get_municipality (offering) != municipality))
        {
          const char *name = vj_offering_get (offering, VJ_OFFERING_MUNICIPALITY_NAME);
          g_autofree char *title = NULL;

          /* Translators: heading of the offerings in one municipality */
          title = g_strdup_printf (_("%s Municipality"), name != NULL ? name : "");
          group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, title, NULL));
        }
      municipality = vj_offering_get_municipality (offering);
      rank = offering_rank;

      institution = vj_offering_get (offering, VJ_OFFERING_INSTITUTION);
      {
        g_autoptr(GPtrArray) facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering),
                                                                NULL);
        VjAdmissionRule rule = { 0 };

        vj_admission_rule_for (vj_programme_get_category (self->programme),
                               vj_programme_get_title (self->programme), facts, today, &rule);
        subtitle = offering_subtitle (offering, &rule, today);
        vj_admission_rule_clear (&rule);
      }
      row = vj_detail_add_link_row (group, institution != NULL ? institution : _("Unknown place"),
                                    subtitle, vj_offering_get (offering, VJ_OFFERING_URL));
      if (vj_offering_get_institution_id (offering) != 0)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data (G_OBJECT (row), "institution-id",
                             GSIZE_TO_POINTER ((gsize) vj_offering_get_institution_id (offering)));
          g_signal_connect (row, "activated", G_CALLBACK (institution_row_activated_cb), self);
        }
    }
  return g_steal_pointer (&offerings);
}

static void
initiative_row_activated_cb (AdwActionRow    *row,
                             VjProgrammePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "initiative-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-initiative", "x", id);
}

static void
add_initiatives (VjProgrammePage *self,
                 VjDb            *db)
{
  g_autoptr(GPtrArray) initiatives = vj_db_list_initiatives (db,
                                                             vj_programme_get_id (self->programme),
                                                             NULL);
  AdwPreferencesGroup *group;

  if (initiatives == NULL || initiatives->len == 0)
    return;

  group = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box,
                                                      _("Part of these initiatives"), NULL));
  for (guint i = 0; i < initiatives->len; i++)
    {
      VjInitiative *initiative = g_ptr_array_index (initiatives, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vj_initiative_get (initiative, VJ_INITIATIVE_TITLE));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   vj_initiative_kind_name (vj_initiative_get (initiative,
                                                                               VJ_INITIATIVE_KIND)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "initiative-id",
                         GSIZE_TO_POINTER ((gsize) vj_initiative_get_id (initiative)));
      g_signal_connect (row, "activated", G_CALLBACK (initiative_row_activated_cb), self);
      adw_preferences_group_add (group, row);
    }
}

static void
populate (VjProgrammePage *self,
          VjDb            *db)
{
  VjProgramme *p = self->programme;
  g_autofree char *subtitle = vj_programme_dup_subtitle (p);
  g_autofree char *level = NULL;
  g_autofree char *ects = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *source = NULL;
  AdwPreferencesGroup *facts;

  gtk_label_set_label (self->title_label, vj_programme_get_title (p));
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->withdrawn_label), vj_programme_get_withdrawn (p));

  vj_detail_add_paragraph (self->content_box, NULL, vj_programme_get_description (p));

  facts = ADW_PREFERENCES_GROUP (vj_detail_add_group (self->content_box, _("Facts"), NULL));
  vj_detail_add_row (facts, _("Category"), vj_category_name (vj_programme_get_category (p)));
  if (vj_programme_get_level (p) > 0)
    level = g_strdup_printf ("%d", vj_programme_get_level (p));
  vj_detail_add_row (facts, _("Level in the qualifications framework"), level);
  vj_detail_add_row (facts, _("Length"), vj_programme_get_duration (p));
  if (vj_programme_get_ects (p) > 0)
    ects = g_strdup_printf ("%d", vj_programme_get_ects (p));
  vj_detail_add_row (facts, _("ECTS points"), ects);
  vj_detail_add_row (facts, _("Admission requirements"), vj_programme_get_admission (p));
  if (vj_programme_get_url (p) != NULL)
    vj_detail_add_link_row (facts, _("Web page"), vj_programme_get_url (p),
                            vj_programme_get_url (p));

  {
    g_autoptr(GPtrArray) offerings = add_offerings (self, db);

    for (guint i = 0; offerings != NULL && i < offerings->len; i++)
      if (!vj_offering_get_withdrawn (g_ptr_array_index (offerings, i)))
        add_figures (self, db, g_ptr_array_index (offerings, i));
  }
  add_initiatives (self, db);

  updated = vj_text_format_date (vj_programme_get_updated (p));
  /* Translators: %1$s is the name of a catalogue source, %2$s a date */
  source = g_strdup_printf (_("Source: %1$s. Last changed %2$s."),
                            vj_programme_get_source_title (p) ? vj_programme_get_source_title (p) : "",
                            updated != NULL ? updated : "");
  {
    GtkWidget *label = gtk_label_new (source);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_add_css_class (label, "dim-label");
    gtk_widget_add_css_class (label, "caption");
    gtk_box_append (self->content_box, label);
  }
}

static void
vj_programme_page_dispose (GObject *object)
{
  VjProgrammePage *self = VJ_PROGRAMME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VJ_TYPE_PROGRAMME_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->programme);

  G_OBJECT_CLASS (vj_programme_page_parent_class)->dispose (object);
}

static void
vj_programme_page_class_init (VjProgrammePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_programme_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-programme-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjProgrammePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammePage, withdrawn_label);
  gtk_widget_class_bind_template_child (widget_class, VjProgrammePage, compare_button);
  gtk_widget_class_bind_template_callback (widget_class, compare_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, shortlist_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vj_programme_page_init (VjProgrammePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/**
 * vj_programme_page_new:
 *
 * Returns: (nullable): the page, or %NULL when the programme is not in the catalogue
 */
GtkWidget *
vj_programme_page_new (VjDb   *db,
                       gint64  programme_id)
{
  g_autoptr(GError) error = NULL;
  VjProgramme *programme;
  VjProgrammePage *self;

  g_return_val_if_fail (VJ_IS_DB (db), NULL);

  programme = vj_db_load_programme (db, programme_id, &error);
  if (programme == NULL)
    {
      /* Not an error of ours: the caller says so to the user */
      g_debug ("%s", error->message);
      return NULL;
    }

  self = g_object_new (VJ_TYPE_PROGRAMME_PAGE, NULL);
  self->programme = programme;
  populate (self, db);
  return GTK_WIDGET (self);
}

char *
vj_programme_page_dup_title (VjProgrammePage *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_PAGE (self), NULL);
  return g_strdup (vj_programme_get_title (self->programme));
}

/* Shows whether the programme is in the comparison, without telling anyone. */
void
vj_programme_page_set_compared (VjProgrammePage *self,
                                gboolean         compared)
{
  g_return_if_fail (VJ_IS_PROGRAMME_PAGE (self));

  self->setting_compared = TRUE;
  gtk_toggle_button_set_active (self->compare_button, compared);
  self->setting_compared = FALSE;
}

gint64
vj_programme_page_get_id (VjProgrammePage *self)
{
  g_return_val_if_fail (VJ_IS_PROGRAMME_PAGE (self), 0);
  return vj_programme_get_id (self->programme);
}
