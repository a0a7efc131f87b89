#define G_LOG_DOMAIN "vj-compare-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vj-compare-page.h"
#include "vj-db-catalogue.h"
#include "vj-cutoff-chart.h"
#include "vj-db-facts.h"
#include "vj-detail.h"
#include "vj-reference.h"
#include "vj-text.h"
#include "vj-widget-util.h"

/* Two to four programmes side by side: length, level, ECTS, admission, where, next start,
 * deadline, and the public tables' newest cut-off, drop-out, unemployment and wage per place.
 * Each column can be opened or taken out of the comparison. In a narrow window each row's name
 * goes on a line of its own above the values, so that the programmes get the whole width. */

struct _VjComparePage
{
  GtkWidget  parent_instance;

  GtkGrid   *grid;
  int        n_columns;   /* programmes */
  gboolean   narrow;
  guint      narrow_idle;
};

/* Below this width the rows' names go above their values */
#define NARROW_WIDTH 560

G_DEFINE_FINAL_TYPE (VjComparePage, vj_compare_page, GTK_TYPE_WIDGET)

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  /* What the catalogue does not say reads as everywhere else: "Not given" */
  GtkWidget *label = gtk_label_new (text != NULL && text[0] != '\0' ? text : _("Not given"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  /* Long words wrap too ("Erhvervsakademiuddannelse"): two columns fit 360 px */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_widget_add_css_class (label, heading ? "heading" : "body");
  return label;
}

/* The earliest date of @field not before today, formatted, or what is known instead. */
static char *
next_date (GPtrArray       *offerings,
           VjOfferingField  field,
           const char      *today)
{
  const char *best = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      const char *date = vj_offering_get (offering, field);

      if (vj_offering_get_withdrawn (offering))
        continue;
      any = TRUE;
      if (date != NULL && g_strcmp0 (date, today) >= 0 && (best == NULL || strcmp (date, best) < 0))
        best = date;
    }
  if (best != NULL)
    return vj_text_format_date (best);
  return g_strdup (any ? _("Not given") : _("No offerings"));
}

/* The earliest application deadline not before today, a feed's own or, without one, by rule
 * (labelled as such), or what is known instead */
static char *
next_deadline (VjDb        *db,
               VjProgramme *p,
               GPtrArray   *offerings,
               const char  *today)
{
  const char *best = NULL;
  gboolean best_by_rule = FALSE;
  gboolean any = FALSE;
  char rule_date[11] = "";
  g_autofree char *date = NULL;

  for (guint i = 0; i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      const char *own = vj_offering_get (offering, VJ_OFFERING_DEADLINE);

      if (vj_offering_get_withdrawn (offering))
        continue;
      any = TRUE;
      if (own == NULL)
        {
          g_autoptr(GPtrArray) facts = vj_db_list_offering_facts (db,
                                                                  vj_offering_get_id (offering),
                                                                  NULL);
          VjAdmissionRule rule = { 0 };
          const char *by_rule;

          vj_admission_rule_for (vj_programme_get_category (p), vj_programme_get_title (p),
                                 facts, today, &rule);
          by_rule = vj_admission_rule_deadline (&rule);
          if (by_rule != NULL && strcmp (by_rule, today) >= 0 &&
              (best == NULL || strcmp (by_rule, best) < 0))
            {
              g_strlcpy (rule_date, by_rule, sizeof rule_date);
              best = rule_date;
              best_by_rule = TRUE;
            }
          vj_admission_rule_clear (&rule);
        }
      else if (strcmp (own, today) >= 0 && (best == NULL || strcmp (own, best) < 0))
        {
          best = own;
          best_by_rule = FALSE;
        }
    }
  if (best == NULL)
    return g_strdup (any ? _("Not given") : _("No offerings"));
  date = vj_text_format_date (best);
  if (best_by_rule)
    /* Translators: %s is an application deadline that follows from a rule (KOT, optagelse.dk) */
    return g_strdup_printf (_("%s (by rule)"), date);
  return g_steal_pointer (&date);
}

/* The newest of a figure at each place that has it: "Roskilde: 5,5 (2022)", one a line; the
 * cut-off of the KOT offer that stands for the place */
static char *
figures (VjDb       *db,
         GPtrArray  *offerings,
         const char *name)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; offerings != NULL && i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      g_autoptr(GPtrArray) facts = NULL;
      const VjFact *fact;
      const char *town = vj_offering_get (offering, VJ_OFFERING_TOWN);
      g_autofree char *value = NULL;

      if (vj_offering_get_withdrawn (offering))
        continue;
      facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering), NULL);
      if (facts == NULL)
        continue;
      fact = vj_facts_latest (facts, name, g_strcmp0 (name, "cutoff") == 0
                                           ? vj_facts_main_cutoff_key (facts) : NULL);
      if (fact == NULL)
        continue;
      value = vj_fact_format (fact);
      /* Translators: %1$s is a line break or nothing, %2$s a town, %3$s a figure, %4$d its
       * year */
      g_string_append_printf (out, _("%1$s%2$s: %3$s (%4$d)"), out->len > 0 ? "\n" : "",
                              town != NULL ? town : vj_fact_unknown (), value, fact->year);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The places' charts of the cut-off over the years shown under the figures, at most this many */
#define MAX_CHARTS 3

static gboolean
in_region (VjOffering *offering)
{
  const VjMunicipality *m = vj_municipality_lookup (vj_offering_get_municipality (offering));

  return m != NULL && m->region == VJ_REGION_CODE;
}

/* The newest cut-offs as text, and under them the cut-off over the years of the first places
 * whose KOT offer has them (the same chart as the programme page's), each under its town:
 * Region Sjælland's places first */
static GtkWidget *
cutoff_cell (VjDb      *db,
             GPtrArray *offerings)
{
  g_autofree char *text = figures (db, offerings, "cutoff");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  guint charts = 0;

  gtk_box_append (GTK_BOX (box), cell (text, FALSE));
  for (guint i = 0; offerings != NULL && i < 2 * offerings->len && charts < MAX_CHARTS; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i % offerings->len);
      g_autoptr(GPtrArray) facts = NULL;
      g_autoptr(GPtrArray) series = NULL;
      const char *key;
      const char *town = vj_offering_get (offering, VJ_OFFERING_TOWN);
      GtkWidget *caption;

      /* The region's places in the first round, the others in the second */
      if (vj_offering_get_withdrawn (offering) ||
          in_region (offering) != (i < offerings->len))
        continue;
      facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering), NULL);
      key = facts != NULL ? vj_facts_main_cutoff_key (facts) : NULL;
      if (key == NULL)
        continue;
      series = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_fact_free);
      for (guint f = 0; f < facts->len; f++)
        {
          VjFact *fact = g_ptr_array_index (facts, f);

          if (g_strcmp0 (fact->fact, "cutoff") == 0 && g_strcmp0 (fact->key, key) == 0)
            g_ptr_array_add (series, vj_fact_copy (fact));
        }
      if (series->len < 2)
        continue;
      caption = cell (town != NULL ? town : vj_fact_unknown (), FALSE);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), vj_cutoff_chart_new (series));
      charts++;
    }
  return box;
}

static void
open_clicked_cb (GtkButton     *button,
                 VjComparePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "programme-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-programme", "x", id);
}

static void
remove_clicked_cb (GtkButton     *button,
                   VjComparePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "programme-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.compare-remove", "x", id);
}

/* Where a cell goes: wide, the rows' names in column 0 beside the programmes' columns; narrow,
 * each name across every column on a line of its own, its values on the line under it */
static void
place (VjComparePage *self,
       GtkWidget     *child)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->grid));
  GtkGridLayoutChild *where = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout,
                                                                                           child));
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "compare-column"));
  int row = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "compare-row"));

  if (!self->narrow)
    {
      gtk_grid_layout_child_set_column (where, column);
      gtk_grid_layout_child_set_row (where, row);
      gtk_grid_layout_child_set_column_span (where, 1);
      gtk_widget_set_margin_top (child, 0);
    }
  else if (column == 0)
    {
      gtk_grid_layout_child_set_column (where, 0);
      gtk_grid_layout_child_set_row (where, 2 * row - 1);
      gtk_grid_layout_child_set_column_span (where, MAX (self->n_columns, 1));
      gtk_widget_set_margin_top (child, 12);
    }
  else
    {
      gtk_grid_layout_child_set_column (where, column - 1);
      gtk_grid_layout_child_set_row (where, row == 0 ? 0 : 2 * row);
      gtk_grid_layout_child_set_column_span (where, 1);
      gtk_widget_set_margin_top (child, 0);
    }
}

/* @column 0 is the rows' names, 1… the programmes; @row 0 the titles, 1… the facts */
static void
attach (VjComparePage *self,
        GtkWidget     *child,
        int            column,
        int            row)
{
  g_object_set_data (G_OBJECT (child), "compare-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (child), "compare-row", GINT_TO_POINTER (row));
  gtk_grid_attach (self->grid, child, column, row, 1, 1);
  place (self, child);
}

static gboolean
apply_narrow_idle (gpointer data)
{
  VjComparePage *self = data;

  self->narrow_idle = 0;
  gtk_grid_set_row_spacing (self->grid, self->narrow ? 4 : 12);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    place (self, child);
  return G_SOURCE_REMOVE;
}

static void
add_column (VjComparePage *self,
            VjDb          *db,
            VjProgramme   *p,
            int            column,
            const char    *today)
{
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (db, vj_programme_get_id (p), NULL);
  g_autofree char *level = vj_programme_get_level (p) > 0
                           ? g_strdup_printf ("%d", vj_programme_get_level (p)) : NULL;
  g_autofree char *ects = vj_programme_get_ects (p) > 0
                          ? g_strdup_printf ("%d", vj_programme_get_ects (p)) : NULL;
  g_autofree char *start = offerings != NULL ? next_date (offerings, VJ_OFFERING_START, today)
                                             : NULL;
  g_autofree char *deadline = offerings != NULL
                              ? next_deadline (db, p, offerings, today) : NULL;
  g_autofree char *remove_label = NULL;
  g_autofree char *dropout = figures (db, offerings, "dropout");
  g_autofree char *unemployment = figures (db, offerings, "unemployment");
  g_autofree char *wage = figures (db, offerings, "wage-median");
  const char *values[] = {
    vj_category_name (vj_programme_get_category (p)), level, vj_programme_get_duration (p), ects,
    vj_programme_get_admission (p), vj_programme_get_places (p), start, deadline, NULL,
    dropout, unemployment, wage,
  };
  /* The cut-off's row, with its charts */
  const guint cutoff_row = 8;
  GtkWidget *open, *remove, *box;
  gsize id = (gsize) vj_programme_get_id (p);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  open = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (open), cell (vj_programme_get_title (p), TRUE));
  gtk_label_set_selectable (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (open))), FALSE);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_add_css_class (open, "heading");
  gtk_widget_set_halign (open, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (open), "programme-id", GSIZE_TO_POINTER (id));
  g_signal_connect (open, "clicked", G_CALLBACK (open_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), open);

  /* Translators: %s is the title of a programme */
  remove_label = g_strdup_printf (_("Remove %s from the comparison"), vj_programme_get_title (p));
  remove = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_set_halign (remove, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (remove), "programme-id", GSIZE_TO_POINTER (id));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  attach (self, box, column, 0);

  for (guint row = 0; row < G_N_ELEMENTS (values); row++)
    attach (self, row == cutoff_row ? cutoff_cell (db, offerings) : cell (values[row], FALSE),
            column, (int) row + 1);
}

static GtkSizeRequestMode
vj_compare_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
vj_compare_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

static void
vj_compare_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  VjComparePage *self = VJ_COMPARE_PAGE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  gboolean narrow = width < NARROW_WIDTH;

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Not while allocating: the change is applied before the next frame */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_idle, self, NULL);
    }
}

static void
vj_compare_page_dispose (GObject *object)
{
  g_clear_handle_id (&VJ_COMPARE_PAGE (object)->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), VJ_TYPE_COMPARE_PAGE);
  vj_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (vj_compare_page_parent_class)->dispose (object);
}

static void
vj_compare_page_class_init (VjComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vj_compare_page_dispose;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/vj-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VjComparePage, grid);
  widget_class->get_request_mode = vj_compare_page_get_request_mode;
  widget_class->measure = vj_compare_page_measure;
  widget_class->size_allocate = vj_compare_page_size_allocate;
}

static void
vj_compare_page_init (VjComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
vj_compare_page_new (VjDb         *db,
                     const gint64 *programme_ids,
                     guint         n_ids)
{
  const char *rows[] = {
    _("Category"), _("Level"), _("Length"), _("ECTS points"), _("Admission requirements"),
    _("Where"), _("Next start"), _("Application deadline"), vj_fact_name ("cutoff"),
    vj_fact_name ("dropout"), vj_fact_name ("unemployment"), vj_fact_name ("wage-median"),
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  VjComparePage *self = g_object_new (VJ_TYPE_COMPARE_PAGE, NULL);
  int column = 1;

  for (guint row = 0; row < G_N_ELEMENTS (rows); row++)
    {
      GtkWidget *label = cell (rows[row], TRUE);

      gtk_widget_add_css_class (label, "dim-label");
      /* The row's name breaks between words only ("Ansøgnings-frist" stays whole) */
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      attach (self, label, 0, (int) row + 1);
    }

  for (guint i = 0; i < n_ids && i < VJ_COMPARE_MAX; i++)
    {
      g_autoptr(VjProgramme) programme = vj_db_load_programme (db, programme_ids[i], NULL);

      if (programme != NULL)
        {
          self->n_columns++;
          add_column (self, db, programme, column++, today);
        }
    }
  /* The rows' names span every column */
  apply_narrow_idle (self);
  return GTK_WIDGET (self);
}
