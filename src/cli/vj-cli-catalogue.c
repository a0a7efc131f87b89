#define G_LOG_DOMAIN "vj-cli-catalogue"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vj-cli-catalogue.h"
#include "vj-cli-output.h"
#include "vj-db-catalogue.h"
#include "vj-db-facts.h"
#include "vj-fact.h"
#include "vj-reference.h"
#include "vj-text.h"

/* A programme's offerings and figures as search --json and show print them: where, when, the
 * deadline and whether it is by rule, the page, and the public tables' figures by year. */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* "facts": {"cutoff": [{"year": 2009, "value": 6.8, "key": "53130", "source": …}, {"year":
 * 2010, "reason": "all-admitted-vacancies", "text": "…"}], "dropout": […]} */
static void
add_facts (JsonBuilder *builder,
           GPtrArray   *facts)
{
  const char *current = NULL;

  json_builder_set_member_name (builder, "facts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < facts->len; i++)
    {
      const VjFact *fact = g_ptr_array_index (facts, i);
      g_autofree char *text = vj_fact_format (fact);

      if (g_strcmp0 (current, fact->fact) != 0)
        {
          if (current != NULL)
            json_builder_end_array (builder);
          json_builder_set_member_name (builder, fact->fact);
          json_builder_begin_array (builder);
          current = fact->fact;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "year");
      json_builder_add_int_value (builder, fact->year);
      if (fact->has_value)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_double_value (builder, fact->value);
        }
      else
        add_string (builder, "reason", fact->reason);
      add_string (builder, "text", text);
      add_string (builder, "key", fact->key);
      add_string (builder, "source", fact->source);
      json_builder_end_object (builder);
    }
  if (current != NULL)
    json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * vj_cli_add_offerings:
 *
 * Adds "offerings": every offering with institution, town, start, deadline, whether the
 * deadline is by rule (a KOT offer without a date of its own) and url; with @with_facts, each
 * with its "facts" by year.
 */
void
vj_cli_add_offerings (JsonBuilder *builder,
                      VjDb        *db,
                      VjProgramme *programme,
                      gboolean     with_facts)
{
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (db, vj_programme_get_id (programme),
                                                         NULL);
  g_autofree char *now = today ();

  json_builder_set_member_name (builder, "offerings");
  json_builder_begin_array (builder);
  for (guint i = 0; offerings != NULL && i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      g_autoptr(GPtrArray) facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering),
                                                              NULL);
      const char *deadline = vj_offering_get (offering, VJ_OFFERING_DEADLINE);
      const char *start = vj_offering_get (offering, VJ_OFFERING_START);
      g_autofree char *address = vj_offering_dup_address (offering);
      VjAdmissionRule rule = { 0 };
      gboolean by_rule;

      vj_admission_rule_for (vj_programme_get_category (programme),
                             vj_programme_get_title (programme), facts, now, &rule);
      /* A feed's own date wins */
      by_rule = deadline == NULL && rule.applies;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, vj_offering_get_id (offering));
      add_string (builder, "institution", vj_offering_get (offering, VJ_OFFERING_INSTITUTION));
      add_string (builder, "location", vj_offering_get (offering, VJ_OFFERING_LOCATION));
      add_string (builder, "town", vj_offering_get (offering, VJ_OFFERING_TOWN));
      add_string (builder, "municipality",
                  vj_offering_get (offering, VJ_OFFERING_MUNICIPALITY_NAME));
      add_string (builder, "address", address);
      add_string (builder, "start", start != NULL ? start
                                    : rule.applies ? rule.start : NULL);
      json_builder_set_member_name (builder, "start_by_rule");
      json_builder_add_boolean_value (builder, start == NULL && rule.applies &&
                                               rule.start != NULL);
      add_string (builder, "deadline", deadline != NULL ? deadline
                                       : by_rule ? vj_admission_rule_deadline (&rule) : NULL);
      json_builder_set_member_name (builder, "deadline_by_rule");
      json_builder_add_boolean_value (builder, by_rule);
      /* The same, as a programme's offerings in the window say it */
      json_builder_set_member_name (builder, "by_rule");
      json_builder_add_boolean_value (builder, by_rule);
      if (by_rule && rule.kind == VJ_ADMISSION_RULE_KOT)
        {
          add_string (builder, "rule", "kot");
          add_string (builder, "deadline_time", "12:00");
          add_string (builder, "deadline_kvote1", rule.quota1 ? rule.quota1_date : NULL);
          add_string (builder, "deadline_kvote2", rule.quota2_date);
        }
      else if (by_rule)
        add_string (builder, "rule", "youth-education");
      if (by_rule)
        add_string (builder, "rule_source", vj_admission_rule_get_source (&rule));
      add_string (builder, "study_mode", vj_offering_get (offering, VJ_OFFERING_STUDY_MODE));
      add_string (builder, "url", vj_offering_get (offering, VJ_OFFERING_URL));
      /* Not from a register: the law it is derived from (FGU's tracks), or null */
      add_string (builder, "derived", vj_offering_get (offering, VJ_OFFERING_DERIVED));
      json_builder_set_member_name (builder, "withdrawn");
      json_builder_add_boolean_value (builder, vj_offering_get_withdrawn (offering));
      if (with_facts && facts != NULL)
        add_facts (builder, facts);
      json_builder_end_object (builder);
      vj_admission_rule_clear (&rule);
    }
  json_builder_end_array (builder);
}

static void
print_offerings (VjDb        *db,
                 VjProgramme *programme)
{
  g_autoptr(GPtrArray) offerings = vj_db_list_offerings (db, vj_programme_get_id (programme),
                                                         NULL);
  g_autofree char *now = today ();

  for (guint i = 0; offerings != NULL && i < offerings->len; i++)
    {
      VjOffering *offering = g_ptr_array_index (offerings, i);
      g_autoptr(GPtrArray) facts = vj_db_list_offering_facts (db, vj_offering_get_id (offering),
                                                              NULL);
      g_autofree char *start = vj_text_format_date (vj_offering_get (offering,
                                                                     VJ_OFFERING_START));
      g_autofree char *deadline = vj_text_format_date (vj_offering_get (offering,
                                                                        VJ_OFFERING_DEADLINE));
      g_autofree char *rule_text = NULL;
      VjAdmissionRule rule = { 0 };
      const char *key;

      vj_admission_rule_for (vj_programme_get_category (programme),
                             vj_programme_get_title (programme), facts, now, &rule);
      g_print ("\n%s, %s\n", vj_offering_get (offering, VJ_OFFERING_INSTITUTION) != NULL
                             ? vj_offering_get (offering, VJ_OFFERING_INSTITUTION)
                             : vj_fact_unknown (),
               vj_offering_get (offering, VJ_OFFERING_TOWN) != NULL
               ? vj_offering_get (offering, VJ_OFFERING_TOWN) : vj_fact_unknown ());
      if (start == NULL && rule.applies && vj_kot_start_name (rule.start) != NULL)
        start = g_strdup_printf (_("%s (KOT)"), vj_kot_start_name (rule.start));
      if (deadline == NULL && rule.applies)
        rule_text = vj_admission_rule_format (&rule);
      /* Translators: a line of vejviser-cli show: the start, then the deadline */
      g_print ("  %s: %s\n", _("Start"), start != NULL ? start : vj_fact_unknown ());
      if (rule_text != NULL)
        g_print ("  %s (%s)\n", rule_text, vj_admission_rule_get_source (&rule));
      else
        g_print ("  %s: %s\n", _("Application deadline"),
                 deadline != NULL ? deadline : vj_fact_unknown ());
      if (vj_offering_get (offering, VJ_OFFERING_URL) != NULL)
        g_print ("  %s\n", vj_offering_get (offering, VJ_OFFERING_URL));
      if (vj_offering_get (offering, VJ_OFFERING_DERIVED) != NULL)
        {
          g_print ("  ");
          g_print (_("Derived from %s, not from a register"),
                   vj_offering_get (offering, VJ_OFFERING_DERIVED));
          g_print ("\n");
        }

      key = facts != NULL ? vj_facts_main_cutoff_key (facts) : NULL;
      for (guint j = 0; facts != NULL && j < facts->len; j++)
        {
          const VjFact *fact = g_ptr_array_index (facts, j);
          g_autofree char *text = vj_fact_format (fact);

          if (g_strcmp0 (fact->fact, "cutoff") == 0 && g_strcmp0 (fact->key, key) != 0)
            continue;
          g_print ("  %s %d: %s\n", vj_fact_name (fact->fact), fact->year, text);
        }
      vj_admission_rule_clear (&rule);
    }
}

/* show PROGRAMME-ID [--json]: a programme's whole page */
static int
cli_show (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(VjProgramme) programme = NULL;
  gint64 id = 0;

  if (options->args->len != 2 ||
      !g_ascii_string_to_signed (g_ptr_array_index (options->args, 1), 10, 1, G_MAXINT64, &id,
                                 NULL))
    return vj_cli_usage_error (options, _("show takes the id of one programme (as search "
                                          "--json gives it)"));
  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);
  programme = vj_db_load_programme (db, id, &error);
  if (programme == NULL)
    return vj_cli_fail (options, error, 0);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      add_string (builder, "title", vj_programme_get_title (programme));
      add_string (builder, "category", vj_programme_get_category (programme));
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, vj_programme_get_level (programme));
      json_builder_set_member_name (builder, "ects");
      json_builder_add_int_value (builder, vj_programme_get_ects (programme));
      add_string (builder, "duration", vj_programme_get_duration (programme));
      add_string (builder, "description", vj_programme_get_description (programme));
      add_string (builder, "admission", vj_programme_get_admission (programme));
      add_string (builder, "url", vj_programme_get_url (programme));
      add_string (builder, "source", vj_programme_get_source_title (programme));
      json_builder_set_member_name (builder, "withdrawn");
      json_builder_add_boolean_value (builder, vj_programme_get_withdrawn (programme));
      vj_cli_add_offerings (builder, db, programme, TRUE);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vj_cli_print_json (root);
    }
  else
    {
      g_autofree char *subtitle = vj_programme_dup_subtitle (programme);

      g_print ("%s\n%s\n", vj_programme_get_title (programme), subtitle);
      if (vj_programme_get_description (programme) != NULL)
        g_print ("\n%s\n", vj_programme_get_description (programme));
      g_print ("\n%s: %s\n", _("Admission requirements"),
               vj_programme_get_admission (programme) != NULL
               ? vj_programme_get_admission (programme) : vj_fact_unknown ());
      print_offerings (db, programme);
    }
  vj_db_close (db);
  return 0;
}

/* institutions [--municipality CODE] [--json]: the institutions with a campus in (or serving)
 * a municipality, with their type, contact data and every campus with its address */
static char *institutions_municipality;  /* institutions --municipality CODE */

static int
cli_institutions (const VjCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VjDb) db = NULL;
  g_autoptr(GPtrArray) institutions = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int municipality = 0;

  if (institutions_municipality != NULL &&
      (municipality = vj_municipality_parse_code (institutions_municipality)) == 0)
    {
      /* Translators: %s is what the user gave */
      g_autofree char *message = g_strdup_printf (_("“%s” is not the code of a Danish "
                                                    "municipality"), institutions_municipality);
      return vj_cli_usage_error (options, message);
    }
  db = vj_cli_open_db (options, &error);
  if (db == NULL)
    return vj_cli_fail (options, error, 0);
  institutions = vj_db_list_institutions (db, municipality, NULL, &error);
  if (institutions == NULL)
    return vj_cli_fail (options, error, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "institutions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < institutions->len; i++)
    {
      VjInstitution *institution = g_ptr_array_index (institutions, i);
      g_autoptr(GPtrArray) campuses = vj_db_list_institution_campuses (db,
                                                                       vj_institution_get_id (institution),
                                                                       NULL);
      const char *type = vj_institution_get (institution, VJ_INSTITUTION_TYPE);

      if (!options->json)
        g_print ("%s (%s)\n", vj_institution_get (institution, VJ_INSTITUTION_NAME),
                 type != NULL ? vj_institution_type_name (type) : vj_fact_unknown ());
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, vj_institution_get_id (institution));
      add_string (builder, "name", vj_institution_get (institution, VJ_INSTITUTION_NAME));
      add_string (builder, "type", type);
      add_string (builder, "number", vj_institution_get (institution, VJ_INSTITUTION_NUMBER));
      add_string (builder, "url", vj_institution_get (institution, VJ_INSTITUTION_URL));
      add_string (builder, "email", vj_institution_get (institution, VJ_INSTITUTION_EMAIL));
      add_string (builder, "phone", vj_institution_get (institution, VJ_INSTITUTION_PHONE));
      json_builder_set_member_name (builder, "campuses");
      json_builder_begin_array (builder);
      for (guint j = 0; campuses != NULL && j < campuses->len; j++)
        {
          char **c = g_ptr_array_index (campuses, j);

          if (!options->json)
            g_print ("  %s: %s\n", c[0], c[1][0] != '\0' ? c[1] : vj_fact_unknown ());
          json_builder_begin_object (builder);
          add_string (builder, "name", c[0]);
          add_string (builder, "address", c[1][0] != '\0' ? c[1] : NULL);
          add_string (builder, "number", c[4][0] != '\0' ? c[4] : NULL);
          if (c[2][0] != '\0' && c[3][0] != '\0')
            {
              json_builder_set_member_name (builder, "latitude");
              json_builder_add_double_value (builder, g_ascii_strtod (c[2], NULL));
              json_builder_set_member_name (builder, "longitude");
              json_builder_add_double_value (builder, g_ascii_strtod (c[3], NULL));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (options->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      vj_cli_print_json (root);
    }
  vj_db_close (db);
  return 0;
}

static const char * const show_lines[] = {
  N_("show PROGRAMME-ID [--json]      a programme's whole page: offerings, deadlines, figures by year"),
  NULL
};

const VjCliCommand vj_cli_show_command = {
  "show", N_("show PROGRAMME-ID"), show_lines, NULL, cli_show
};

static const char * const institutions_lines[] = {
  N_("institutions [--municipality CODE] [--json]   institutions with their campuses and addresses"),
  NULL
};

static const GOptionEntry institutions_entries[] = {
  { "municipality", 0, 0, G_OPTION_ARG_STRING, &institutions_municipality,
    N_("a municipality's code, e.g. 259 (Køge)"), N_("CODE") },
  G_OPTION_ENTRY_NULL
};

const VjCliCommand vj_cli_institutions_command = {
  "institutions", N_("institutions"), institutions_lines, institutions_entries, cli_institutions
};
