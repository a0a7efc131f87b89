#define G_LOG_DOMAIN "vj-db-kot-match"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vj-db-import-private.h"
#include "vj-kot-title.h"
#include "vj-text.h"

/* KOT offers joined to the offers at institutions (Uddannelseszoom's ug.dk article and campus),
 * kept in kot_match with how each was made, so the mapping can be read and checked. A KOT
 * offer is known only by its title ("Professionsbachelor, pædagog, Roskilde, Studiestart:
 * sommerstart"): the programme part is matched to Uddannelseszoom's title, the town to the
 * register's town of the campus (POSTDISTRIKT) or, failing that, to its municipality. Run after
 * every import that brought public offers; an offer without a match keeps its other facts. */

typedef struct
{
  char *key;          /* artikel_id/udbud_id */
  char *number;       /* the campus's institution number */
  char *town;         /* folded: the campus's town in the register */
  char *municipality; /* folded: the municipality's name */
} Offer;

static void
offer_free (gpointer data)
{
  Offer *offer = data;

  g_free (offer->key);
  g_free (offer->number);
  g_free (offer->town);
  g_free (offer->municipality);
  g_free (offer);
}

/* Folded, with punctuation as spaces and runs of spaces as one: "Pædagog" and "pædagog" meet,
 * "Skov- og landskabsingeniør" and "Skov og landskabsingeniør" too */
static char *
key_of (const char *text)
{
  g_autofree char *folded = vj_text_fold (text != NULL ? text : "");
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      char c = g_ascii_isalnum (*p) || (guchar) *p >= 0x80 ? *p : ' ';

      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* "København Ø" → "koebenhavn", "Aalborg Øst" → "aalborg": the town without its district */
static char *
first_word (const char *folded)
{
  const char *space = folded != NULL ? strchr (folded, ' ') : NULL;

  return folded == NULL ? NULL : space != NULL ? g_strndup (folded, (gsize) (space - folded))
                                               : g_strdup (folded);
}

static GHashTable *
load_offers (VjStoreConn  *conn,
             GError      **error)
{
  g_autoptr(GHashTable) by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(VjStoreStmt) stmt = vj_store_prepare (conn,
                  "SELECT o.key, o.title, o.institution_number, u.town, m.name"
                  " FROM public_offer o"
                  " LEFT JOIN public_unit u ON u.number = o.institution_number"
                  " LEFT JOIN municipality m ON m.code = o.municipality"
                  " WHERE o.key_kind = 'article';",
                  error);

  if (stmt == NULL)
    return NULL;
  vj_store_stmt_set_what (stmt, _("matching KOT offers"));
  while (vj_store_stmt_next (stmt))
    {
      Offer *offer = g_new0 (Offer, 1);
      g_autofree char *title = key_of (vj_store_stmt_get_text (stmt, 1));
      GPtrArray *list;

      offer->key = vj_store_stmt_dup_text (stmt, 0);
      offer->number = vj_store_stmt_dup_text (stmt, 2);
      offer->town = !vj_store_stmt_is_null (stmt, 3) ? key_of (vj_store_stmt_get_text (stmt, 3))
                                                     : NULL;
      offer->municipality = !vj_store_stmt_is_null (stmt, 4)
                          ? key_of (vj_store_stmt_get_text (stmt, 4)) : NULL;
      list = g_hash_table_lookup (by_title, title);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (offer_free);
          g_hash_table_insert (by_title, g_strdup (title), list);
        }
      g_ptr_array_add (list, offer);
    }
  if (!vj_store_stmt_check (stmt, error))
    return NULL;
  return g_steal_pointer (&by_title);
}

/* Among the offers of one title, the one in @town: by the campus's own town, then by the town
 * without its district, then by the municipality's name. */
enum { BY_TOWN, BY_TOWN_DISTRICT, BY_MUNICIPALITY };

/* How a match was made: [by the full title or a shorter name][by what in the town] */
static const char * const methods[2][3] = {
  { "title+town", "title+town-district", "title+municipality" },
  { "short-title+town", "short-title+town-district", "short-title+municipality" },
};

static const Offer *
find_in_town (GPtrArray   *offers,
              const char  *town,
              int         *method)
{
  g_autofree char *town_word = first_word (town);

  for (guint i = 0; offers != NULL && town != NULL && i < offers->len; i++)
    {
      const Offer *o = g_ptr_array_index (offers, i);

      if (g_strcmp0 (o->town, town) == 0)
        {
          *method = BY_TOWN;
          return o;
        }
    }
  for (guint i = 0; offers != NULL && town != NULL && i < offers->len; i++)
    {
      const Offer *o = g_ptr_array_index (offers, i);
      g_autofree char *word = first_word (o->town);

      if (g_strcmp0 (word, town_word) == 0)
        {
          *method = BY_TOWN_DISTRICT;
          return o;
        }
    }
  for (guint i = 0; offers != NULL && town != NULL && i < offers->len; i++)
    {
      const Offer *o = g_ptr_array_index (offers, i);

      if (g_strcmp0 (o->municipality, town_word) == 0 || g_strcmp0 (o->municipality, town) == 0)
        {
          *method = BY_MUNICIPALITY;
          return o;
        }
    }
  return NULL;
}

/* The names a KOT programme may have in Uddannelseszoom: as written ("Datamatiker"), its last
 * part after a degree ("Professionsbachelor, pædagog" → "pædagog"), the part after "i"
 * ("Professionsbachelor i ernæring og sundhed" → "ernæring og sundhed") */
static GPtrArray *
programme_names (const char *programme)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *comma = strrchr (programme, ',');
  const char *in = strstr (programme, " i ");

  g_ptr_array_add (names, key_of (programme));
  if (comma != NULL)
    g_ptr_array_add (names, key_of (comma + 1));
  if (in != NULL && (comma == NULL || in < comma))
    {
      g_autofree char *head = comma != NULL ? g_strndup (in + 3, (gsize) (comma - in - 3))
                                            : g_strdup (in + 3);

      g_ptr_array_add (names, key_of (head));
    }
  return names;
}

gboolean
_vj_db_import_match_kot (VjDbImport *self,
                         const char *now,
                         GPtrArray  *notes,
                         GError    **error)
{
  g_autoptr(GHashTable) by_title = NULL;
  g_autoptr(VjStoreStmt) read = NULL;
  g_autoptr(VjStoreStmt) write = NULL;
  g_autoptr(VjStoreStmt) rate = NULL;

  by_title = load_offers (self->conn, error);
  if (by_title == NULL)
    return FALSE;
  if (!vj_store_exec (self->conn, "DELETE FROM kot_match;", error))
    return FALSE;

  read = vj_store_prepare (self->conn,
                           "SELECT key, title FROM public_offer WHERE key_kind = 'kot';",
                           error);
  if (read == NULL)
    return FALSE;
  write = vj_store_prepare (self->conn,
                            "INSERT INTO kot_match (kot_number, ug_article,"
                            "  institution_number, programme_title, town, start, method,"
                            "  updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (kot_number) DO UPDATE SET"
                            "  ug_article = excluded.ug_article,"
                            "  institution_number = excluded.institution_number,"
                            "  programme_title = excluded.programme_title,"
                            "  town = excluded.town, start = excluded.start,"
                            "  method = excluded.method, updated_at = excluded.updated_at;",
                            error);
  if (write == NULL)
    return FALSE;
  vj_store_stmt_set_what (read, _("matching KOT offers"));
  vj_store_stmt_set_what (write, _("matching KOT offers"));

  while (vj_store_stmt_next (read))
    {
      g_autoptr(VjKotTitle) title = vj_kot_title_parse (vj_store_stmt_get_text (read, 1));
      g_autoptr(GPtrArray) names = programme_names (title->programme);
      g_autofree char *town = title->town != NULL ? key_of (title->town) : NULL;
      const Offer *found = NULL;
      const char *method = NULL;
      int by = BY_TOWN;

      for (guint i = 0; found == NULL && i < names->len; i++)
        {
          GPtrArray *offers = g_hash_table_lookup (by_title, g_ptr_array_index (names, i));

          found = find_in_town (offers, town, &by);
          if (found != NULL)
            method = methods[i > 0][by];
        }

      vj_store_stmt_bind_text (write, 1, vj_store_stmt_get_text (read, 0));
      vj_store_stmt_bind_text (write, 2, found != NULL ? found->key : NULL);
      vj_store_stmt_bind_text (write, 3, found != NULL ? found->number : NULL);
      vj_store_stmt_bind_text (write, 4, title->programme);
      vj_store_stmt_bind_text (write, 5, title->town);
      vj_store_stmt_bind_text (write, 6, title->start);
      vj_store_stmt_bind_text (write, 7, found != NULL ? method
                                                       : title->town == NULL ? "no-town"
                                                                             : "no-match");
      vj_store_stmt_bind_text (write, 8, now);
      if (!vj_store_stmt_run (write, error))
        return FALSE;
    }
  if (!vj_store_stmt_check (read, error))
    return FALSE;

  /* The match rate per year, in the report */
  rate = vj_store_prepare (self->conn,
                           "SELECT f.year, count(*), count(m.ug_article) FROM public_fact f"
                           " LEFT JOIN kot_match m ON m.kot_number = f.key"
                           " WHERE f.key_kind = 'kot' AND f.fact = 'cutoff'"
                           " GROUP BY f.year ORDER BY f.year;",
                           error);
  if (rate == NULL)
    return FALSE;
  vj_store_stmt_set_what (rate, _("matching KOT offers"));
  while (vj_store_stmt_next (rate))
    {
      int year = (int) vj_store_stmt_get_int (rate, 0);
      int total = (int) vj_store_stmt_get_int (rate, 1);
      int matched = (int) vj_store_stmt_get_int (rate, 2);
      /* Translators: KOT's offers of a year matched to offers at institutions */
      g_autofree char *note = g_strdup_printf (_("KOT %1$d: %2$d of %3$d offers matched to an "
                                                 "offer at an institution (%4$d %%)"),
                                               year, matched, total,
                                               total > 0 ? (int) (100.0 * matched / total + 0.5)
                                                         : 0);

      vj_import_issues_add (notes, 0, note);
    }
  return vj_store_stmt_check (rate, error);
}
