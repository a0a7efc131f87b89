#define G_LOG_DOMAIN "test-sessions"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vj-cpr.h"
#include "vj-db-sessions.h"
#include "vj-db-sessions-csv.h"
#include "vj-session-list.h"
#include "vj-test-fixture.h"

/* The guidance log: saving, editing, duplicating, deleting and restoring sessions, drafts, the
 * session list's filters and notes search, and the CPR detector. */

typedef VjTestFixture Fixture;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static VjPersonRecord *
person (const char *reference,
        int         birth_year)
{
  VjPersonRecord *p = vj_person_record_new ();

  p->reference = g_strdup (reference);
  p->birth_year = birth_year;
  p->municipality = 259;
  p->target_group = g_strdup ("pupil");
  return p;
}

static VjSessionRecord *
make_session (const char *when,
              const char *form,
              const char *notes)
{
  VjSessionRecord *s = vj_session_record_new ();

  s->started_at = g_strdup (when);
  s->duration_minutes = 45;
  s->counsellor = g_strdup ("Mette Vejleder");
  s->service = g_strdup ("kui");
  s->form = g_strdup (form);
  s->municipality = 259;
  s->notes = g_strdup (notes);
  return s;
}

static gint64
save (Fixture         *f,
      VjSessionRecord *s,
      gint64           draft_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 id;

  vj_db_save_session_async (f->db, s, draft_id, NULL, result_cb, &result);
  id = vj_db_save_session_finish (f->db, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
delete (Fixture *f,
        gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vj_db_delete_session_async (f->db, id, NULL, result_cb, &result);
  g_assert_true (vj_db_delete_session_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
}

static GArray *
list_ids (Fixture              *f,
          const VjSessionQuery *query)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = vj_db_list_session_ids (f->db, query, 0, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

/* ----- CRUD ----- */

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VjSessionRecord) s = make_session ("2026-11-27T10:00", "group", "Talte om EUD og HHX");
  g_autoptr(VjSessionRecord) loaded = NULL;
  g_autoptr(VjSessionRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VjPersonRecord) found = NULL;
  gint64 id, programme = 0;

  g_ptr_array_add (s->people, person ("AB", 2011));
  g_ptr_array_add (s->people, person ("CD", 2010));
  g_ptr_array_add (s->topics, g_strdup ("choice"));
  g_ptr_array_add (s->topics, g_strdup ("sommerjob"));
  g_ptr_array_add (s->next_steps, vj_next_step_new ("Besøge Køge Gymnasium", "2026-12-05"));
  s->follow_up = g_strdup ("2026-12-10");
  s->upv_status = g_strdup ("partly");
  g_array_append_val (s->programmes, programme);  /* not in the catalogue: left out */

  id = save (f, s, 0);
  loaded = vj_db_load_session (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->started_at, ==, "2026-11-27T10:00");
  g_assert_cmpstr (loaded->form, ==, "group");
  g_assert_cmpstr (loaded->counsellor, ==, "Mette Vejleder");
  g_assert_cmpstr (loaded->notes, ==, "Talte om EUD og HHX");
  g_assert_cmpstr (loaded->follow_up, ==, "2026-12-10");
  g_assert_cmpstr (loaded->upv_status, ==, "partly");
  g_assert_cmpuint (loaded->people->len, ==, 2);
  g_assert_cmpstr (((VjPersonRecord *) loaded->people->pdata[0])->reference, ==, "AB");
  g_assert_cmpint (((VjPersonRecord *) loaded->people->pdata[1])->birth_year, ==, 2010);
  g_assert_cmpuint (loaded->topics->len, ==, 2);
  g_assert_cmpuint (loaded->programmes->len, ==, 0);
  g_assert_cmpuint (loaded->next_steps->len, ==, 1);
  g_assert_cmpstr (((VjNextStep *) loaded->next_steps->pdata[0])->due, ==, "2026-12-05");

  /* Edit: one person leaves, the notes change; the people are the same rows */
  found = vj_db_find_person (f->db, "ab", &error);
  g_assert_nonnull (found);
  g_ptr_array_remove_index (loaded->people, 1);
  g_free (loaded->notes);
  loaded->notes = g_strdup ("Kun AB kom");
  g_assert_cmpint (save (f, loaded, 0), ==, id);
  again = vj_db_load_session (f->db, id, &error);
  g_assert_cmpuint (again->people->len, ==, 1);
  g_assert_cmpint (((VjPersonRecord *) again->people->pdata[0])->id, ==, found->id);
  g_assert_cmpstr (again->notes, ==, "Kun AB kom");

  /* The person's sessions */
  {
    g_autoptr(GArray) ids = vj_db_list_person_session_ids (f->db, found->id, &error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
  }

  /* Duplicate: a new session with the same people, open next steps */
  {
    g_autoptr(VjSessionRecord) copy = vj_session_record_duplicate (again);
    g_autoptr(VjSessionRecord) copy_loaded = NULL;
    gint64 copy_id;

    g_assert_cmpint (copy->id, ==, 0);
    copy_id = save (f, copy, 0);
    g_assert_cmpint (copy_id, !=, id);
    copy_loaded = vj_db_load_session (f->db, copy_id, &error);
    g_assert_cmpuint (copy_loaded->people->len, ==, 1);
    g_assert_cmpstr (copy_loaded->notes, ==, "Kun AB kom");
  }

  /* Delete, then undo by saving the loaded record again: back with its id */
  delete (f, id);
  g_assert_null (vj_db_load_session (f->db, id, &error));
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (save (f, again, 0), ==, id);
  {
    g_autoptr(VjSessionRecord) restored = vj_db_load_session (f->db, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (restored->notes, ==, "Kun AB kom");
    g_assert_cmpuint (restored->next_steps->len, ==, 1);
  }
}

static void
test_reference_taken (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VjSessionRecord) a = make_session ("2026-11-27T10:00", "individual", NULL);
  g_autoptr(VjSessionRecord) b = make_session ("2026-11-27T11:00", "individual", NULL);
  g_autoptr(VjSessionRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VjPersonRecord *p;

  g_ptr_array_add (a->people, person ("AB", 2011));
  g_ptr_array_add (b->people, person ("XY", 2011));
  save (f, a, 0);
  loaded = vj_db_load_session (f->db, save (f, b, 0), &error);

  /* Renaming XY to AB would merge two people: refused, nothing saved */
  p = loaded->people->pdata[0];
  g_free (p->reference);
  p->reference = g_strdup ("AB");
  vj_db_save_session_async (f->db, loaded, 0, NULL, result_cb, &result);
  g_assert_cmpint (vj_db_save_session_finish (f->db, wait_for (&result), &error), ==, 0);
  g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "AB"));
}

/* ----- the list ----- */

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VjSessionQuery) q = vj_session_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(VjSessionRecord) a = make_session ("2026-01-10T09:00", "individual",
                                               "Drømmer om at blive pædagog i Køge");
  g_autoptr(VjSessionRecord) b = make_session ("2026-03-02T13:00", "class", "Klassens besøg");
  g_autoptr(VjSessionRecord) c = make_session ("2026-02-15T08:30", "individual", "Vil være smed");
  g_autoptr(VjPersonRecord) ab = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_a, id_b, id_c;

  g_ptr_array_add (a->people, person ("AB", 2011));
  b->class_label = g_strdup ("8.b");
  b->head_count = 24;
  g_free (c->service);
  c->service = g_strdup ("veu");
  c->municipality = 265;
  id_a = save (f, a, 0);
  id_b = save (f, b, 0);
  id_c = save (f, c, 0);

  ids = list_ids (f, q);  /* newest first */
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_b);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, id_c);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, id_a);
  g_clear_pointer (&ids, g_array_unref);

  q->text = g_strdup ("paedagog koge");  /* folded, prefixes */
  ids = list_ids (f, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_a);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&q->text, g_free);

  q->form = g_strdup ("individual");
  q->service = g_strdup ("veu");
  ids = list_ids (f, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_c);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&q->form, g_free);
  g_clear_pointer (&q->service, g_free);

  q->municipality = 259;
  q->from = g_strdup ("2026-01-10");
  q->to = g_strdup ("2026-02-28");
  ids = list_ids (f, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_a);
  g_clear_pointer (&ids, g_array_unref);
  q->municipality = 0;

  ab = vj_db_find_person (f->db, "AB", &error);
  q->person_id = ab->id;
  g_clear_pointer (&q->from, g_free);
  g_clear_pointer (&q->to, g_free);
  ids = list_ids (f, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* Notes edited: the search follows */
  q->person_id = 0;
  q->text = g_strdup ("smed");
  g_free (c->notes);
  c->notes = g_strdup ("Vil være tømrer");
  c->id = id_c;
  g_assert_cmpint (save (f, c, 0), ==, id_c);
  ids = list_ids (f, q);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
list_loaded_cb (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  *(gboolean *) user_data = !vj_session_list_get_loading (VJ_SESSION_LIST (object));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static void
load (VjSessionList        *list,
      const VjSessionQuery *query,
      gboolean             *done)
{
  *done = FALSE;
  if (query != NULL)
    vj_session_list_set_query (list, query);
  else
    vj_session_list_reload (list);
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VjSessionList) list = vj_session_list_new (f->db);
  g_autoptr(VjSessionQuery) q = vj_session_query_new ();
  g_autoptr(VjSessionQuery) copy = NULL;
  g_autoptr(VjSession) first = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  gboolean done = FALSE;
  gint64 newest = 0;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-%02u-%02uT10:00", 1 + i % 12, 1 + i % 28);
      g_autoptr(VjSessionRecord) s = make_session (when, "individual",
                                                   i % 3 == 0 ? "noter om EUD" : "noter");
      gint64 id = save (f, s, 0);

      if (g_strcmp0 (when, "2026-12-28T10:00") == 0)
        newest = id;
    }
  g_signal_connect (list, "notify::loading", G_CALLBACK (list_loaded_cb), &done);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);
  load (list, q, &done);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 150);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == VJ_TYPE_SESSION);
  /* The first page at once, then only the rest added after it: a view keeps its place */
  g_assert_cmpstr (log->str, ==, "0-0+100 100-0+50 ");
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (vj_session_get_record (first)->started_at, ==, "2026-12-28T10:00");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 150));

  /* Words in the notes, with the other filters */
  q->text = g_strdup ("eud");
  q->form = g_strdup ("individual");
  q->from = g_strdup ("2026-06-01");
  q->to = g_strdup ("2026-12-31");
  copy = vj_session_query_copy (q);
  g_assert_true (vj_session_query_equal (q, copy));
  load (list, q, &done);
  g_assert_true (vj_session_query_equal (vj_session_list_get_query (list), q));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 50);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(VjSession) session = g_list_model_get_item (G_LIST_MODEL (list), i);
      const VjSessionRecord *r = vj_session_get_record (session);

      g_assert_cmpstr (r->notes, ==, "noter om EUD");
      g_assert_cmpstr (r->started_at, >=, "2026-06-01");
    }
  g_free (copy->form);
  copy->form = g_strdup ("group");
  g_assert_false (vj_session_query_equal (q, copy));

  /* Deleted: read again when the list reloads */
  vj_session_query_free (g_steal_pointer (&q));
  q = vj_session_query_new ();
  load (list, q, &done);
  delete (f, newest);
  g_string_truncate (log, 0);
  load (list, NULL, &done);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 149);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (vj_session_get_record (first)->id, !=, newest);
}

/* ----- drafts ----- */

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VjSessionRecord) s = make_session ("2026-11-27T10:00", "individual", "Halvt skre");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  gint64 draft_id, again;
  VjDraft *draft;

  g_ptr_array_add (s->people, person ("ÆØ", 2009));
  g_ptr_array_add (s->next_steps, vj_next_step_new ("Ring til mor", NULL));
  vj_db_save_draft_async (f->db, 0, s, NULL, result_cb, &r1);
  draft_id = vj_db_save_draft_finish (f->db, wait_for (&r1), &error);
  g_assert_no_error (error);

  g_free (s->notes);
  s->notes = g_strdup ("Halvt skrevet, nu færdigt");
  vj_db_save_draft_async (f->db, draft_id, s, NULL, result_cb, &r2);
  again = vj_db_save_draft_finish (f->db, wait_for (&r2), &error);
  g_assert_cmpint (again, ==, draft_id);

  drafts = vj_db_list_drafts (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = drafts->pdata[0];
  g_assert_cmpint (draft->session_id, ==, 0);
  g_assert_cmpstr (draft->session->notes, ==, "Halvt skrevet, nu færdigt");
  g_assert_cmpstr (((VjPersonRecord *) draft->session->people->pdata[0])->reference, ==, "ÆØ");
  g_assert_cmpstr (((VjNextStep *) draft->session->next_steps->pdata[0])->text, ==,
                   "Ring til mor");
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* Saving the session drops its draft in the same transaction */
  save (f, s, draft_id);
  drafts = vj_db_list_drafts (f->db, &error);
  g_assert_cmpuint (drafts->len, ==, 0);
}

/* A draft is text kept as it is typed: kept without a CPR number, like everything saved, so a
 * crash, a backup or the WAL never holds one */
static void
test_draft_without_cpr (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VjSessionRecord) s = make_session ("2026-11-27T10:00", "individual",
                                               "Mor sagde 01\u00a002\u00a003\u20131234 i telefonen");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  g_autofree char *sql_body = NULL;
  VjDraft *draft;

  g_ptr_array_add (s->people, person ("cpr0101901234", 2009));
  vj_db_save_draft_async (f->db, 0, s, NULL, result_cb, &r);
  g_assert_cmpint (vj_db_save_draft_finish (f->db, wait_for (&r), &error), >, 0);
  g_assert_no_error (error);
  /* The editor's own record is as typed */
  g_assert_nonnull (strstr (s->notes, "1234"));

  drafts = vj_db_list_drafts (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = drafts->pdata[0];
  g_assert_cmpstr (draft->session->notes, ==, "Mor sagde i telefonen");
  g_assert_cmpstr (((VjPersonRecord *) draft->session->people->pdata[0])->reference, ==, "cpr");
  g_assert_null (vj_session_record_find_cpr (draft->session));
}

/* Whatever path a session takes (editor, CSV import, CLI), the database refuses one holding a
 * CPR number in any of its texts: reference, notes, topics, next steps */
static void
test_cpr_refused_on_save (Fixture       *f,
                          gconstpointer  data)
{
  const char *spellings[] = { "cpr0101901234", "01 02 03 12 34", "0102\u200b03\u20131234",
                              "\uff10\uff11\uff10\uff12\uff10\uff13\uff11\uff12\uff13\uff14" };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    for (guint where = 0; where < 4; where++)
      {
        g_autoptr(VjSessionRecord) s = make_session ("2026-11-27T10:00", "individual", "Om EUD");
        g_autoptr(GPtrArray) sessions = NULL;
        g_autoptr(GError) error = NULL;
        VjPersonRecord *p = person ("AB", 2011);

        g_ptr_array_add (s->people, p);
        if (where == 0)
          {
            g_free (p->reference);
            p->reference = g_strdup (spellings[i]);
          }
        else if (where == 1)
          {
            g_free (s->notes);
            s->notes = g_strdup (spellings[i]);
          }
        else if (where == 2)
          g_ptr_array_add (s->topics, g_strdup (spellings[i]));
        else
          g_ptr_array_add (s->next_steps, vj_next_step_new (spellings[i], NULL));

        g_assert_cmpint (vj_db_save_session (f->db, s, &error), ==, 0);
        g_assert_error (error, VJ_DB_ERROR, VJ_DB_ERROR_QUERY);
        g_assert_null (strstr (error->message, spellings[i]));
        sessions = vj_db_export_sessions (f->db, NULL, NULL, &error);
        g_assert_cmpuint (sessions->len, ==, 0);
      }
}

/* ----- CPR ----- */

static void
test_cpr_found (void)
{
  const char *positives[] = {
    "010203-1234",
    "Født 241299-4321, bor i Køge",
    "cpr 2412994321",
    "290200-4111",            /* 29 February 2000: the 7th digit 4 says 2000 */
    "(311201 1234)",
    "Ref: 1507081234.",
    /* Other separators and groupings */
    "01 02 03 1234",
    "01.02.03-1234",
    "010203 12 34",
    "0102-03-1234",
    "01/02/03 - 1234",
    "01_02_03_1234",
    "0102 0312 34",
    "3 elever, 2 010203-1234",
    "cpr-nr.: 010203 - 1234",
    /* Digits glued to letters */
    "cpr0101901234",
    "ABC0102031234xyz",
    /* Unicode dashes and spaces */
    "010203\u20131234",          /* en dash */
    "010203\u20141234",          /* em dash */
    "010203\u22121234",          /* minus sign */
    "010203\u20111234",          /* non-breaking hyphen */
    "010203\u00a01234",          /* no-break space */
    "010203\u202f1234",          /* narrow no-break space */
    "01\u200902\u200903\u30001234", /* thin and ideographic spaces */
    "010203\t1234",
    "010203\n1234",
    /* Fullwidth, superscript and other digits */
    "\uff10\uff11\uff10\uff12\uff10\uff13\uff0d\uff11\uff12\uff13\uff14",
    "\u2070\u00b9\u2070\u00b2\u2070\u00b3\u00b9\u00b2\u00b3\u2074",
    "\u0660\u0661\u0660\u0662\u0660\u0663\u0661\u0662\u0663\u0664",
    /* Invisible characters */
    "0102\u200b03-1234",         /* zero-width space */
    "010203\u20601234",          /* word joiner */
    "\ufeff0102031234",          /* BOM */
    "0102\u00ad031234",          /* soft hyphen */
    "01\u200d02\u200c031234",   /* zero-width joiner, non-joiner */
    "0\u03321\u033202031234",   /* combining low line */
    /* Bytes that are not UTF-8 around it (never read past the end) */
    "\xff" "0102031234\xf0",
    /* Born since 2007: no modulus 11 needed */
    "010110-4000",
    "150820-5000",
  };
  gsize start, end;

  for (guint i = 0; i < G_N_ELEMENTS (positives); i++)
    if (!vj_cpr_contains (positives[i]))
      g_error ("not found: %s", positives[i]);

  g_assert_true (vj_cpr_find ("Født 241299-4321, bor", 0, &start, &end));
  g_assert_cmpuint (start, ==, strlen ("Født "));
  g_assert_cmpuint (end, ==, strlen ("Født 241299-4321"));
  /* The offsets are the text's own, invisible characters and all */
  g_assert_true (vj_cpr_find ("Nr \u200b01\u200902\u200903\u20131234\u200b!", 0, &start, &end));
  g_assert_cmpuint (start, ==, strlen ("Nr \u200b"));
  g_assert_cmpuint (end, ==, strlen ("Nr \u200b01\u200902\u200903\u20131234"));
}

static void
test_cpr_not_found (void)
{
  const char *negatives[] = {
    "tlf. 57 87 57 50",
    "+45 12 34 56 78",
    "5787575012",            /* 57 is no day */
    "3213991234",            /* month 13 */
    "300201-1234",           /* no 30 February */
    "290201-1234",           /* 2001 and 1901 are not leap years */
    "290200-1111",           /* the 7th digit 1 says 1900: no 29 February */
    "290258-5111",           /* 5 and yy 58 say 1858: no 29 February */
    "12345678901",           /* eleven digits: an account number */
    "ordre 010203123456",
    "kl. 10-12 den 24-12-2026",
    "24.12.2026 10.30",      /* a date with its year, then a time */
    "01.02.26-15.03.26",     /* a period */
    "UDD-kode 5166, 180 ECTS",
    "1.234.567,89 kr",
    "4600 Køge",
    "\xf0",
    "12345\xe2\x80",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (negatives); i++)
    if (vj_cpr_contains (negatives[i]))
      g_error ("flagged as CPR-like: %s", negatives[i]);
  g_assert_false (vj_cpr_contains (NULL));
}

/* Ordinary notes full of numbers (tests/data/cpr-notes.txt: phone numbers, dates, times,
 * postal codes, amounts, years, account and case numbers): the README states the rate */
static void
test_cpr_false_positives (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cpr-notes.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0, flagged = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      n++;
      if (vj_cpr_contains (lines[i]))
        {
          g_test_message ("flagged: %s", lines[i]);
          flagged++;
        }
    }
  g_test_message ("CPR false positives: %u of %u notes", flagged, n);
  g_assert_cmpuint (n, ==, 1000);
  /* README.md, Privacy: "fewer than 1 in 100" */
  g_assert_cmpuint (flagged * 100, <, n);
}

static void
test_cpr_remove (void)
{
  g_autofree char *a = vj_cpr_remove ("Født 241299-4321 bor i Køge");
  g_autofree char *b = vj_cpr_remove ("2412994321");
  g_autoptr(VjSessionRecord) s = make_session ("2026-11-27T10:00", "individual",
                                               "Nævnte 010203-1234 i samtalen");
  g_autofree char *found = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpstr (a, ==, "Født bor i Køge");
  g_assert_cmpstr (b, ==, "");

  g_ptr_array_add (s->people, person ("0102031234", 2003));
  found = vj_session_record_find_cpr (s);
  g_assert_cmpstr (found, ==, "010203-1234");
  vj_session_record_remove_cpr (s);
  after = vj_session_record_find_cpr (s);
  g_assert_null (after);
  g_assert_cmpstr (s->notes, ==, "Nævnte i samtalen");
}

/* More than 2000 sessions' notes match (the session list then walks the sessions newest first
 * and stops at the page): the page is still the newest that match every filter */
static void
test_list_dense_search (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 vj_session_record_free);
  g_autoptr(VjSessionQuery) q = vj_session_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) all = NULL;

  for (guint i = 0; i < 2100; i++)
    {
      g_autofree char *when = g_strdup_printf ("2025-%02u-%02uT%02u:%02u", 1 + i % 12,
                                               1 + i % 28, 8 + i % 8, i % 60);
      VjSessionRecord *s = make_session (when, i % 2 == 0 ? "group" : "individual",
                                         i % 3 == 0 ? "Tømrer og smed" : "Tømrerlærling");

      g_ptr_array_add (records, s);
    }
  g_assert_true (vj_db_save_sessions (f->db, records, &error));
  g_assert_no_error (error);

  q->text = g_strdup ("tomrer");
  q->form = g_strdup ("group");
  q->from = g_strdup ("2025-03-01");
  all = vj_db_list_session_ids (f->db, q, 0, NULL, &error);
  g_assert_no_error (error);
  ids = vj_db_list_session_ids (f->db, q, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 5);
  g_assert_cmpuint (ids->len, ==, 5);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (all, gint64, i));
  g_clear_pointer (&ids, g_array_unref);

  /* A word only some hold, with the same filters */
  g_free (q->text);
  q->text = g_strdup ("smed");
  g_clear_pointer (&all, g_array_unref);
  all = vj_db_list_session_ids (f->db, q, 0, NULL, &error);
  g_assert_no_error (error);
  ids = vj_db_list_session_ids (f->db, q, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (all, gint64, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/db/sessions/crud", Fixture, NULL, vj_test_fixture_setup, test_crud, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/reference-taken", Fixture, NULL, vj_test_fixture_setup,
              test_reference_taken, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/list-filters", Fixture, NULL, vj_test_fixture_setup, test_list_filters,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions/list-dense-search", Fixture, NULL, vj_test_fixture_setup,
              test_list_dense_search, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/list-model", Fixture, NULL, vj_test_fixture_setup, test_list_model,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions/drafts", Fixture, NULL, vj_test_fixture_setup, test_drafts,
              vj_test_fixture_teardown);
  g_test_add ("/db/sessions/draft-without-cpr", Fixture, NULL, vj_test_fixture_setup,
              test_draft_without_cpr, vj_test_fixture_teardown);
  g_test_add ("/db/sessions/cpr-refused", Fixture, NULL, vj_test_fixture_setup,
              test_cpr_refused_on_save, vj_test_fixture_teardown);
  g_test_add_func ("/model/cpr/found", test_cpr_found);
  g_test_add_func ("/model/cpr/not-found", test_cpr_not_found);
  g_test_add_func ("/model/cpr/remove", test_cpr_remove);
  g_test_add_func ("/model/cpr/false-positives", test_cpr_false_positives);

  return g_test_run ();
}
