#define G_LOG_DOMAIN "vj-session-record"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vj-cpr.h"
#include "vj-session-record.h"

/* The labels of a session's codes, in one place: the sessions page, the editor, the person page,
 * the plan, the statistics and Preferences all name them from here. */

static const VjCode services[] = {
  { "kui", N_("UU/KUI") },
  { "studievalg", N_("Studievalg") },
  { "veu", N_("VEU") },
};

/* Where there is room (Preferences): the same services, spelt out */
static const VjCode service_titles[] = {
  { "kui", N_("Youth guidance (KUI)") },
  { "studievalg", N_("Studievalg") },
  { "veu", N_("Adult education (VEU)") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (service_titles) == G_N_ELEMENTS (services));

static const VjCode forms[] = {
  { "individual", N_("Individual") },
  { "group", N_("Group") },
  { "class", N_("Class (collective)") },
  { "evejledning", N_("eVejledning") },
  { "outreach", N_("Outreach") },
  { "bridge-building", N_("Bridge-building/introduction") },
};

static const VjCode topics[] = {
  { "choice", N_("Choice of education") },
  { "readiness", N_("Education readiness (UPV)") },
  { "plan", N_("Education plan") },
  { "admission", N_("Admission and deadlines") },
  { "work", N_("Job and internship") },
  { "bridge-building", N_("Bridge-building") },
  { "dropout", N_("Risk of dropping out") },
  { "wellbeing", N_("Well-being") },
  { "finance", N_("SU and finances") },
  { "prior-learning", N_("Recognition of prior learning") },
  { "continuing", N_("Continuing education") },
};

static const VjCode upv_statuses[] = {
  { "ready", N_("Ready for education") },
  { "partly", N_("Ready for some programmes") },
  { "other", N_("Ready for other education activities") },
  { "pending", N_("Not assessed yet") },
};

static const VjCode target_groups[] = {
  { "pupil", N_("Pupil in primary school") },
  { "young", N_("Young person under 25") },
  { "adult", N_("Adult") },
};


const VjCode *
vj_session_services (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (services);
  return services;
}

const VjCode *
vj_session_forms (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (forms);
  return forms;
}

const VjCode *
vj_session_topics (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (topics);
  return topics;
}

const VjCode *
vj_upv_statuses (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (upv_statuses);
  return upv_statuses;
}

const VjCode *
vj_target_groups (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (target_groups);
  return target_groups;
}

static const char *
name_or_code (const VjCode *codes,
              guint         n,
              const char   *code)
{
  const char *name = vj_code_name (codes, n, code);

  return name != NULL ? name : code;
}

/* The translated name of a service, form or target group; an unknown code as it is */
const char *
vj_session_service_name (const char *code)
{
  return name_or_code (services, G_N_ELEMENTS (services), code);
}

const char *
vj_session_service_title (const char *code)
{
  return name_or_code (service_titles, G_N_ELEMENTS (service_titles), code);
}

const char *
vj_session_form_name (const char *code)
{
  return name_or_code (forms, G_N_ELEMENTS (forms), code);
}

const char *
vj_target_group_name (const char *code)
{
  return name_or_code (target_groups, G_N_ELEMENTS (target_groups), code);
}

/* Returns: the translated name of @code, or NULL when it is not in @codes */
const char *
vj_code_name (const VjCode *codes,
              guint         n,
              const char   *code)
{
  for (guint i = 0; code != NULL && i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, codes[i].name);
  return NULL;
}

/* Returns: the code whose code, English or translated name is @text (any case), or NULL */
const char *
vj_code_parse (const VjCode *codes,
               guint         n,
               const char   *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return NULL;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *english = g_utf8_casefold (codes[i].name, -1);
      g_autofree char *local = g_utf8_casefold (g_dgettext (GETTEXT_PACKAGE, codes[i].name), -1);

      if (g_ascii_strcasecmp (codes[i].code, text) == 0 || g_strcmp0 (english, folded) == 0 ||
          g_strcmp0 (local, folded) == 0)
        return codes[i].code;
    }
  return NULL;
}

VjPersonRecord *
vj_person_record_new (void)
{
  return g_new0 (VjPersonRecord, 1);
}

VjPersonRecord *
vj_person_record_copy (const VjPersonRecord *person)
{
  VjPersonRecord *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_memdup2 (person, sizeof *person);
  copy->reference = g_strdup (person->reference);
  copy->grade = g_strdup (person->grade);
  copy->target_group = g_strdup (person->target_group);
  copy->consent_date = g_strdup (person->consent_date);
  return copy;
}

void
vj_person_record_free (VjPersonRecord *person)
{
  if (person == NULL)
    return;
  g_free (person->reference);
  g_free (person->grade);
  g_free (person->target_group);
  g_free (person->consent_date);
  g_free (person);
}

VjNextStep *
vj_next_step_new (const char *text,
                  const char *due)
{
  VjNextStep *step = g_new0 (VjNextStep, 1);

  step->text = g_strdup (text);
  step->due = g_strdup (due);
  return step;
}

VjNextStep *
vj_next_step_copy (const VjNextStep *step)
{
  VjNextStep *copy = vj_next_step_new (step->text, step->due);

  copy->id = step->id;
  copy->done = g_strdup (step->done);
  return copy;
}

void
vj_next_step_free (VjNextStep *step)
{
  if (step == NULL)
    return;
  g_free (step->text);
  g_free (step->due);
  g_free (step->done);
  g_free (step);
}

VjSessionRecord *
vj_session_record_new (void)
{
  VjSessionRecord *session = g_new0 (VjSessionRecord, 1);

  session->people = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_person_record_free);
  session->topics = g_ptr_array_new_with_free_func (g_free);
  session->programmes = g_array_new (FALSE, FALSE, sizeof (gint64));
  session->next_steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vj_next_step_free);
  return session;
}

VjSessionRecord *
vj_session_record_copy (const VjSessionRecord *session)
{
  VjSessionRecord *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = vj_session_record_new ();
  copy->id = session->id;
  copy->started_at = g_strdup (session->started_at);
  copy->duration_minutes = session->duration_minutes;
  copy->counsellor = g_strdup (session->counsellor);
  copy->service = g_strdup (session->service);
  copy->form = g_strdup (session->form);
  copy->municipality = session->municipality;
  copy->class_label = g_strdup (session->class_label);
  copy->head_count = session->head_count;
  copy->upv_status = g_strdup (session->upv_status);
  copy->notes = g_strdup (session->notes);
  copy->follow_up = g_strdup (session->follow_up);
  for (guint i = 0; i < session->people->len; i++)
    g_ptr_array_add (copy->people, vj_person_record_copy (session->people->pdata[i]));
  for (guint i = 0; i < session->topics->len; i++)
    g_ptr_array_add (copy->topics, g_strdup (session->topics->pdata[i]));
  g_array_append_vals (copy->programmes, session->programmes->data, session->programmes->len);
  for (guint i = 0; i < session->next_steps->len; i++)
    g_ptr_array_add (copy->next_steps, vj_next_step_copy (session->next_steps->pdata[i]));
  return copy;
}

/**
 * vj_session_record_duplicate:
 *
 * Returns: a new, unsaved session like @session: the same people, service, form, topics and
 *   programmes, its next steps open again, now as its time
 */
VjSessionRecord *
vj_session_record_duplicate (const VjSessionRecord *session)
{
  VjSessionRecord *copy = vj_session_record_copy (session);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  copy->id = 0;
  g_free (copy->started_at);
  copy->started_at = g_date_time_format (now, "%Y-%m-%dT%H:%M");
  for (guint i = 0; i < copy->next_steps->len; i++)
    {
      VjNextStep *step = copy->next_steps->pdata[i];

      step->id = 0;
      g_clear_pointer (&step->done, g_free);
    }
  return copy;
}

void
vj_session_record_free (VjSessionRecord *session)
{
  if (session == NULL)
    return;
  g_free (session->started_at);
  g_free (session->counsellor);
  g_free (session->service);
  g_free (session->form);
  g_free (session->class_label);
  g_free (session->upv_status);
  g_free (session->notes);
  g_free (session->follow_up);
  g_ptr_array_unref (session->people);
  g_ptr_array_unref (session->topics);
  g_array_unref (session->programmes);
  g_ptr_array_unref (session->next_steps);
  g_free (session);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/**
 * vj_session_record_to_variant:
 *
 * Returns: (transfer floating): the whole record, for a draft
 */
GVariant *
vj_session_record_to_variant (const VjSessionRecord *s)
{
  GVariantBuilder people, topics_b, programmes, steps;

  g_variant_builder_init (&people, G_VARIANT_TYPE ("a(xsisissbs)"));
  for (guint i = 0; i < s->people->len; i++)
    {
      const VjPersonRecord *p = s->people->pdata[i];

      g_variant_builder_add (&people, "(xsisissbs)", p->id, or_empty (p->reference),
                             p->birth_year, or_empty (p->grade), p->municipality,
                             or_empty (p->target_group), "", p->consent,
                             or_empty (p->consent_date));
    }
  g_variant_builder_init (&topics_b, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < s->topics->len; i++)
    g_variant_builder_add (&topics_b, "s", (const char *) s->topics->pdata[i]);
  g_variant_builder_init (&programmes, G_VARIANT_TYPE ("ax"));
  for (guint i = 0; i < s->programmes->len; i++)
    g_variant_builder_add (&programmes, "x", g_array_index (s->programmes, gint64, i));
  g_variant_builder_init (&steps, G_VARIANT_TYPE ("a(xsss)"));
  for (guint i = 0; i < s->next_steps->len; i++)
    {
      const VjNextStep *step = s->next_steps->pdata[i];

      g_variant_builder_add (&steps, "(xsss)", step->id, or_empty (step->text),
                             or_empty (step->due), or_empty (step->done));
    }

  return g_variant_new ("(xsisssisisssa(xsisissbs)asaxa(xsss))", s->id, or_empty (s->started_at),
                        s->duration_minutes, or_empty (s->counsellor), or_empty (s->service),
                        or_empty (s->form), s->municipality, or_empty (s->class_label),
                        s->head_count, or_empty (s->upv_status), or_empty (s->notes),
                        or_empty (s->follow_up), &people, &topics_b, &programmes, &steps);
}

/* Returns: the record in @variant, or NULL when it is not one */
VjSessionRecord *
vj_session_record_from_variant (GVariant *variant)
{
  g_autoptr(VjSessionRecord) s = NULL;
  g_autoptr(GVariantIter) people = NULL, topics_i = NULL, programmes = NULL, steps = NULL;
  const char *started_at, *counsellor, *service, *form, *class_label, *upv, *notes, *follow_up;
  gint64 id;
  const char *text, *due, *done, *reference, *grade, *target_group, *unused, *consent_date;
  int birth_year, municipality;
  gboolean consent;

  if (variant == NULL ||
      !g_variant_is_of_type (variant, G_VARIANT_TYPE ("(xsisssisisssa(xsisissbs)asaxa(xsss))")))
    return NULL;

  s = vj_session_record_new ();
  g_variant_get (variant, "(x&si&s&s&si&si&s&s&sa(xsisissbs)asaxa(xsss))", &s->id, &started_at,
                 &s->duration_minutes, &counsellor, &service, &form, &s->municipality,
                 &class_label, &s->head_count, &upv, &notes, &follow_up, &people, &topics_i,
                 &programmes, &steps);
  s->started_at = dup_or_null (started_at);
  s->counsellor = dup_or_null (counsellor);
  s->service = dup_or_null (service);
  s->form = dup_or_null (form);
  s->class_label = dup_or_null (class_label);
  s->upv_status = dup_or_null (upv);
  s->notes = dup_or_null (notes);
  s->follow_up = dup_or_null (follow_up);

  while (g_variant_iter_next (people, "(x&si&si&s&sb&s)", &id, &reference, &birth_year, &grade,
                              &municipality, &target_group, &unused, &consent, &consent_date))
    {
      VjPersonRecord *p = vj_person_record_new ();

      p->id = id;
      p->reference = g_strdup (reference);
      p->birth_year = birth_year;
      p->grade = dup_or_null (grade);
      p->municipality = municipality;
      p->target_group = dup_or_null (target_group);
      p->consent = consent;
      p->consent_date = dup_or_null (consent_date);
      g_ptr_array_add (s->people, p);
    }
  while (g_variant_iter_next (topics_i, "&s", &text))
    g_ptr_array_add (s->topics, g_strdup (text));
  while (g_variant_iter_next (programmes, "x", &id))
    g_array_append_val (s->programmes, id);
  while (g_variant_iter_next (steps, "(x&s&s&s)", &id, &text, &due, &done))
    {
      VjNextStep *step = vj_next_step_new (text, *due != '\0' ? due : NULL);

      step->id = id;
      step->done = dup_or_null (done);
      g_ptr_array_add (s->next_steps, step);
    }
  return g_steal_pointer (&s);
}

/* Every free text of a session, for the CPR check; NULL-terminated, pointers into @s */
static GPtrArray *
free_texts (const VjSessionRecord *s)
{
  GPtrArray *texts = g_ptr_array_new ();

  g_ptr_array_add (texts, &((VjSessionRecord *) s)->notes);
  g_ptr_array_add (texts, &((VjSessionRecord *) s)->class_label);
  g_ptr_array_add (texts, &((VjSessionRecord *) s)->counsellor);
  g_ptr_array_add (texts, &((VjSessionRecord *) s)->upv_status);
  for (guint i = 0; i < s->people->len; i++)
    {
      VjPersonRecord *p = s->people->pdata[i];

      g_ptr_array_add (texts, &p->reference);
      g_ptr_array_add (texts, &p->grade);
    }
  for (guint i = 0; i < s->topics->len; i++)
    g_ptr_array_add (texts, &s->topics->pdata[i]);
  for (guint i = 0; i < s->next_steps->len; i++)
    g_ptr_array_add (texts, &((VjNextStep *) s->next_steps->pdata[i])->text);
  return texts;
}

/**
 * vj_session_record_find_cpr:
 *
 * Returns: (nullable): the first CPR-like number in any text of @session, or NULL
 */
char *
vj_session_record_find_cpr (const VjSessionRecord *session)
{
  g_autoptr(GPtrArray) texts = free_texts (session);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = *(char **) texts->pdata[i];
      gsize start, end;

      if (vj_cpr_find (text, 0, &start, &end))
        return g_strndup (text + start, end - start);
    }
  return NULL;
}

/* Removes every CPR-like number from every text of @session. */
void
vj_session_record_remove_cpr (VjSessionRecord *session)
{
  g_autoptr(GPtrArray) texts = free_texts (session);

  for (guint i = 0; i < texts->len; i++)
    {
      char **text = texts->pdata[i];

      if (vj_cpr_contains (*text))
        {
          char *clean = g_strstrip (vj_cpr_remove (*text));

          g_free (*text);
          *text = clean;
        }
    }
}

/* Returns: the people's references, or the class label with its head count */
char *
vj_session_record_dup_people_label (const VjSessionRecord *session)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < session->people->len; i++)
    {
      const VjPersonRecord *p = session->people->pdata[i];

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, or_empty (p->reference));
    }
  if (session->class_label != NULL)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, session->class_label);
      if (session->head_count > 0)
        /* Translators: a class and how many took part, e.g. "8.b (24 pupils)" */
        g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " (%d pupil)", " (%d pupils)",
                                                  session->head_count),
                                session->head_count);
    }
  return g_string_free (out, FALSE);
}
