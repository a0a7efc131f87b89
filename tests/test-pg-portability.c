/* The portability test (issue 15, HACKING.md "The store"): the SQL of the feature files runs on
 * PostgreSQL 15, checked by the server itself.
 *
 * On the throwaway cluster of `build-aux/dev test` (VEJVISER_TEST_PG, a libpq URI), in a fresh
 * database: the PostgreSQL SQL of every migration step (vj-db-migrations.c) makes the schema;
 * then every SQL string outside the store, as tests/check-store.py --dump extracts it (argv[1],
 * JSON), with ?N mapped to $N, is prepared on the server (PQprepare; nothing runs). A string of
 * several statements is taken one statement at a time; the CREATE statements among them (the
 * importer's TEMP staging tables) are run first, so that the statements over those tables can
 * be prepared; transaction control is run and rolled back.
 *
 * FRAGMENTS lists the strings that are not whole statements (heads and templates the code
 * completes at run time): they cannot be prepared alone. ALLOWED lists what PostgreSQL rejects
 * and only a store hook can mend, each with its reason. An entry names a file and the start of
 * a statement, and excuses only a statement the server rejected: a whole statement that starts
 * like a fragment is still prepared. Both lists only shrink: an entry that no longer excuses
 * anything fails the test. Last, the two schemas are compared: every table SQLite has,
 * PostgreSQL has, with the same columns, of matching types and the same NOT NULL (the search
 * tables, FTS5 on SQLite, only by name). Prints TAP; without a server it skips, except in CI. */

#define G_LOG_DOMAIN "test-pg-portability"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "vj-db-private.h"
#include "vj-test-fixture.h"
#include "vj-test-util.h"

typedef struct
{
  const char *file;    /* under src/db */
  const char *prefix;  /* the start of the statement, blanks squeezed */
  const char *reason;
  guint       used;
} Entry;

#define HEAD "a query's head: the code appends its FROM, WHERE or IN list at run time"
#define TEMPLATE "a template whose table and column names g_strdup_printf fills in at run time"
#define SEARCH "the search hook (vj-store-search.h) supplies its FROM clause at run time"

static Entry fragments[] = {
  { "src/db/catalogue/vj-db-catalogue.c", "WITH RECURSIVE tree (id, depth, path) AS ( SELECT r.id, 0,", HEAD },
  { "src/db/catalogue/vj-db-catalogue.c", "SELECT p.id, p.title FROM", HEAD },
  { "src/db/catalogue/vj-db-catalogue.c", "SELECT i.id,", HEAD },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "SELECT %s FROM %s", TEMPLATE },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "INSERT INTO source (feed_id, kind, location, format, title) VALUES ('", "the local source's feed id pasted in from a C constant" },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "SELECT id FROM source WHERE feed_id = '", "the local source's feed id pasted in from a C constant" },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "DELETE FROM %s", TEMPLATE },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "WITH RECURSIVE gone (id) AS ( SELECT i.id FROM initiative i JOIN source s ON s.id = i.source_id WHERE s.feed_id = '", "the local source's feed id and VJ_SQL_INITIATIVE_LIVE pasted in from C macros" },
  { "src/db/catalogue/vj-db-initiatives-edit.c", "INSERT INTO %s", TEMPLATE },
  { "src/db/catalogue/vj-db-initiatives-export.c", "SELECT p.id, p.external_id FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives-export.c", "SELECT t.id, t.external_id FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives-export.c", "SELECT m.code, m.code FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives-export.c", "WITH RECURSIVE tree (id, path) AS ( SELECT r.id,", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT id FROM initiative i WHERE withdrawn = 0 AND", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT p.id, p.external_id, p.title FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT t.id, t.external_id, t.name FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT m.code, m.code, m.name FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT programme_id FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT institution_id FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT municipality FROM", HEAD },
  { "src/db/catalogue/vj-db-initiatives.c", "SELECT CASE WHEN s.feed_id = '", "the local source's feed id pasted in from a C constant" },
  { "src/db/catalogue/vj-db-search.c", "SELECT p.category, count (*)", SEARCH },
  { "src/db/catalogue/vj-db-search.c", "SELECT p.id", SEARCH },
  { "src/db/catalogue/vj-db-search.c", "SELECT 1 FROM public_fact f WHERE f.key_kind = 'kot' AND f.fact = 'cutoff'", "QUOTA_2_ONLY_NEWEST: a subquery over the offering (o) and campus (l) of the query it is pasted into" },
  { "src/db/import/vj-db-import-public.c", "SELECT coalesce (sum (CASE WHEN t.%s IS NULL", TEMPLATE },
  { "src/db/import/vj-db-import-public.c", "INSERT INTO %s AS t", TEMPLATE },
  { "src/db/import/vj-db-merge.c", "SELECT coalesce (sum (CASE WHEN t.id IS NULL THEN 1 ELSE 0 END), 0),", TEMPLATE },
  { "src/db/import/vj-db-merge.c", "INSERT INTO %s AS t", TEMPLATE },
  { "src/db/import/vj-db-merge.c", "UPDATE %s SET withdrawn = 1", TEMPLATE },
  { "src/db/log/vj-db-followup.c", "SELECT * FROM (SELECT 0 AS kind,", HEAD },
  { "src/db/log/vj-db-stats.c", "SELECT substr (s.started_at, 1, 7), count(*) FROM session s WHERE", HEAD },
  { "src/db/log/vj-db-stats.c", "SELECT s.form, count(*) FROM session s WHERE", HEAD },
  { "src/db/log/vj-db-stats.c", "SELECT s.service, count(*) FROM session s WHERE", HEAD },
  { "src/db/log/vj-db-stats.c", "SELECT s.municipality, count(*) FROM session s WHERE", HEAD },
  { "src/db/log/vj-db-stats.c", "WITH RECURSIVE under (id, track) AS (", HEAD },
  { "src/db/privacy/vj-db-erase.c", "WITH erased (id) AS (", HEAD },
  { "src/db/privacy/vj-db-privacy-private.h", "SELECT sp.session_id FROM session_person sp WHERE sp.person_id IN", "ERASED_SESSIONS: a subquery over the CTE erased of the statement it is pasted into" },
  { "src/db/privacy/vj-db-privacy.c", "SELECT count(DISTINCT sp.session_id) FROM session_person sp WHERE sp.person_id IN", HEAD },
  { "src/db/privacy/vj-db-privacy.c", "SELECT count(*) FROM shortlist WHERE person_id IN", HEAD },
  { "src/db/privacy/vj-db-privacy.c", "SELECT count(*) FROM next_step WHERE person_id IN", HEAD },
};

/* What PostgreSQL rejects and only a store hook can mend */
static Entry allowed[] = {
  { NULL, NULL, NULL },
};

/* @sql with blanks squeezed to one space and trimmed */
static char *
squeeze (const char *sql)
{
  GString *out = g_string_new (NULL);

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static Entry *
find (Entry       *entries,
      guint        n,
      const char  *file,
      const char  *statement)
{
  for (guint i = 0; i < n; i++)
    if (entries[i].file != NULL && g_str_equal (entries[i].file, file) &&
        g_str_has_prefix (statement, entries[i].prefix))
      {
        entries[i].used++;
        return &entries[i];
      }
  return NULL;
}

/* The statements of @sql (split at semicolons outside quotes), squeezed, ?N as $N */
static GPtrArray *
statements (const char *sql)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *cur = g_string_new (NULL);
  char quote = 0;

  for (const char *p = sql; ; p++)
    {
      if (*p == '\0' || (quote == 0 && *p == ';'))
        {
          char *s = squeeze (cur->str);

          if (*s != '\0')
            g_ptr_array_add (out, s);
          else
            g_free (s);
          g_string_truncate (cur, 0);
          if (*p == '\0')
            break;
          continue;
        }
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '?' && g_ascii_isdigit (p[1]))
        {
          g_string_append_c (cur, '$');
          continue;
        }
      g_string_append_c (cur, *p);
    }
  g_string_free (cur, TRUE);
  return out;
}

static gboolean
is_word (const char *statement,
         const char *word)
{
  gsize n = strlen (word);

  return g_ascii_strncasecmp (statement, word, n) == 0 &&
         (statement[n] == '\0' || statement[n] == ' ' || statement[n] == '(');
}

/* The server's first line of error */
static char *
message (PGconn   *conn,
         PGresult *result)
{
  const char *m = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  g_auto(GStrv) lines = g_strsplit (m, "\n", 2);

  return g_strdup (lines[0] != NULL ? lines[0] : "");
}

static PGconn *
connect_to (const char *uri,
            const char *database)
{
  const char *keys[] = { "dbname", "dbname", NULL };
  const char *values[] = { uri, database, NULL };

  if (database == NULL)
    keys[1] = NULL;
  return PQconnectdbParams (keys, values, 1);
}

/* Runs @sql, TRUE when it did; else @error holds the server's message */
static gboolean
run (PGconn      *conn,
     const char  *sql,
     char       **error)
{
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok && error != NULL)
    *error = message (conn, result);
  PQclear (result);
  return ok;
}

/* "table.column type notnull" for each column of SQLite's schema, the types as PostgreSQL's
 * names their counterparts; the FTS5 tables only as "table" */
static GPtrArray *
sqlite_columns (void)
{
  VjTestFixture fixture = { NULL, NULL, NULL };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  VjStoreConn *conn;
  g_autoptr(VjStoreStmt) stmt = NULL;

  vj_test_fixture_setup (&fixture, NULL);
  conn = vj_test_store_open (fixture.path, TRUE);
  /* SQLite's own catalogue of its schema: read here on purpose, to compare the two engines */
  stmt = vj_test_store_prepare (conn,
    "SELECT m.name, m.sql LIKE 'CREATE VIRTUAL%', c.name, upper (c.type), c.\"notnull\", c.pk"
    "  FROM sqlite_schema m LEFT JOIN pragma_table_info (m.name) c"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    "   AND m.name NOT GLOB '*_fts_*'"
    " ORDER BY m.name, c.cid;");
  g_assert_nonnull (stmt);
  while (vj_store_stmt_next (stmt))
    {
      const char *table = vj_store_stmt_get_text (stmt, 0);
      const char *type = vj_store_stmt_get_text (stmt, 3);
      const char *pg_type = g_strcmp0 (type, "TEXT") == 0 ? "text"
                          : g_strcmp0 (type, "REAL") == 0 ? "double precision"
                          : g_strcmp0 (type, "BLOB") == 0 ? "bytea"
                          : g_strcmp0 (type, "INTEGER") == 0 ? "integer"
                          : type;

      if (vj_store_stmt_get_boolean (stmt, 1))
        {
          if (out->len == 0 || !g_str_equal (out->pdata[out->len - 1], table))
            g_ptr_array_add (out, g_strdup (table));
          continue;
        }
      /* A primary key is NOT NULL on PostgreSQL whatever it says */
      g_ptr_array_add (out, g_strdup_printf ("%s.%s %s%s", table,
                                             vj_store_stmt_get_text (stmt, 2),
                                             pg_type,
                                             vj_store_stmt_get_boolean (stmt, 4) ||
                                             vj_store_stmt_get_boolean (stmt, 5) ? " not null" : ""));
    }
  g_clear_pointer (&stmt, vj_store_stmt_free);
  vj_store_close (conn);
  vj_test_fixture_teardown (&fixture, NULL);
  return out;
}

/* The same from PostgreSQL's schema (BIGINT counts as INTEGER: SQLite's are 64 bits) */
static GPtrArray *
pg_columns (PGconn *conn)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  PGresult *result = PQexec (conn,
    "SELECT t.table_name, t.table_name IN ('catalogue_fts', 'session_fts'), c.column_name,"
    "       CASE c.data_type WHEN 'bigint' THEN 'integer' ELSE c.data_type END,"
    "       c.is_nullable = 'NO'"
    "  FROM information_schema.tables t"
    "  JOIN information_schema.columns c USING (table_schema, table_name)"
    " WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
    " ORDER BY t.table_name COLLATE \"C\", c.ordinal_position;");

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);

      if (g_str_equal (PQgetvalue (result, i, 1), "t"))
        {
          if (out->len == 0 || !g_str_equal (out->pdata[out->len - 1], table))
            g_ptr_array_add (out, g_strdup (table));
          continue;
        }
      g_ptr_array_add (out, g_strdup_printf ("%s.%s %s%s", table, PQgetvalue (result, i, 2),
                                             PQgetvalue (result, i, 3),
                                             g_str_equal (PQgetvalue (result, i, 4), "t")
                                             ? " not null" : ""));
    }
  PQclear (result);
  return out;
}

/* What one list has and the other has not, as "-sqlite" / "+postgresql" lines */
static void
compare (GPtrArray *sqlite,
         GPtrArray *pg,
         GPtrArray *problems)
{
  g_autoptr(GHashTable) in_pg = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_sqlite = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < pg->len; i++)
    g_hash_table_add (in_pg, pg->pdata[i]);
  for (guint i = 0; i < sqlite->len; i++)
    g_hash_table_add (in_sqlite, sqlite->pdata[i]);
  for (guint i = 0; i < sqlite->len; i++)
    if (!g_hash_table_contains (in_pg, sqlite->pdata[i]))
      g_ptr_array_add (problems, g_strdup_printf ("SQLite has, PostgreSQL has not: %s",
                                                  (char *) sqlite->pdata[i]));
  for (guint i = 0; i < pg->len; i++)
    if (!g_hash_table_contains (in_sqlite, pg->pdata[i]))
      g_ptr_array_add (problems, g_strdup_printf ("PostgreSQL has, SQLite has not: %s",
                                                  (char *) pg->pdata[i]));
}

int
main (int   argc,
      char *argv[])
{
  const char *uri = g_getenv ("VEJVISER_TEST_PG");
  g_autofree char *database = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schema_problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) differences = g_ptr_array_new_with_free_func (g_free);
  PGconn *admin, *conn;
  JsonArray *strings;
  guint n_prepared = 0, n_fragments = 0, n_allowed = 0, n_columns = 0;
  char *problem = NULL;
  gboolean failed = FALSE;

  g_set_prgname ("test-pg-portability");
  if (argc != 2)
    {
      g_printerr ("Usage: %s SQL.json (tests/check-store.py --dump)\n", argv[0]);
      return 2;
    }
  if (uri == NULL || *uri == '\0')
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          printf ("1..1\nnot ok 1 - a PostgreSQL server to test on: CI needs one "
                  "(build-aux/dev test starts it; VEJVISER_TEST_PG is not set)\n");
          return 1;
        }
      printf ("1..0 # SKIP no PostgreSQL server: run the tests with build-aux/dev test, which "
              "starts one, or set VEJVISER_TEST_PG to a libpq URI\n");
      return 0;
    }
  if (!json_parser_load_from_file (parser, argv[1], &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 2;
    }
  strings = json_node_get_array (json_parser_get_root (parser));

  /* A fresh database of its own, dropped at the end */
  admin = connect_to (uri, NULL);
  if (PQstatus (admin) != CONNECTION_OK)
    {
      printf ("1..1\nnot ok 1 - connecting to %s: %s\n", uri, PQerrorMessage (admin));
      return 1;
    }
  run (admin, "SET client_min_messages = warning;", NULL);
  database = g_strdup_printf ("vejviser_portability_%d", (int) getpid ());
  {
    g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s;", database);
    g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s;", database);

    if (!run (admin, sql, &problem) || !run (admin, create, &problem))
      {
        printf ("1..1\nnot ok 1 - making a database: %s\n", problem);
        return 1;
      }
  }
  conn = connect_to (uri, database);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      printf ("1..1\nnot ok 1 - connecting to %s: %s\n", database, PQerrorMessage (conn));
      return 1;
    }
  run (conn, "SET client_min_messages = error;", NULL);

  /* 1: the schema, step by step, in one transaction as the store migrates */
  run (conn, "BEGIN;", NULL);
  for (int step = 1; step <= _vj_db_n_migrations (); step++)
    {
      const char *sql = _vj_db_migration_sql (step, VJ_STORE_ENGINE_POSTGRESQL);

      if (sql != NULL && !run (conn, sql, &problem))
        {
          g_ptr_array_add (schema_problems, g_strdup_printf ("step %d: %s", step, problem));
          g_clear_pointer (&problem, g_free);
          break;
        }
    }
  if (schema_problems->len == 0 && !run (conn, "COMMIT;", &problem))
    g_ptr_array_add (schema_problems, g_steal_pointer (&problem));
  if (schema_problems->len > 0)
    run (conn, "ROLLBACK;", NULL);

  /* 2: every statement; the CREATE statements first (staging tables) */
  for (int pass = 0; pass < 2 && schema_problems->len == 0; pass++)
    for (guint i = 0; i < json_array_get_length (strings); i++)
      {
        JsonObject *o = json_array_get_object_element (strings, i);
        const char *file = json_object_get_string_member (o, "file");
        gint64 line = json_object_get_int_member (o, "line");
        g_autoptr(GPtrArray) parts = statements (json_object_get_string_member (o, "sql"));

        for (guint j = 0; j < parts->len; j++)
          {
            const char *s = parts->pdata[j];
            gboolean ddl = is_word (s, "CREATE") || is_word (s, "DROP") || is_word (s, "ALTER");
            gboolean control = is_word (s, "BEGIN") || is_word (s, "COMMIT") ||
                               is_word (s, "ROLLBACK") || is_word (s, "SAVEPOINT") ||
                               is_word (s, "RELEASE");
            gboolean ok;
            Entry *allow;

            if (ddl != (pass == 0))
              continue;
            if (ddl || control)
              {
                ok = run (conn, s, &problem);
                run (conn, "ROLLBACK;", NULL);
              }
            else
              {
                PGresult *result = PQprepare (conn, "", s, 0, NULL);

                ok = PQresultStatus (result) == PGRES_COMMAND_OK;
                if (!ok)
                  problem = message (conn, result);
                PQclear (result);
              }
            if (ok)
              {
                n_prepared++;
                continue;
              }
            /* Only what the server rejects is looked up in the two lists */
            if (find (fragments, G_N_ELEMENTS (fragments), file, s) != NULL)
              {
                n_fragments++;
                g_clear_pointer (&problem, g_free);
                continue;
              }
            allow = find (allowed, G_N_ELEMENTS (allowed), file, s);
            if (allow != NULL)
              n_allowed++;
            else
              g_ptr_array_add (rejected,
                               g_strdup_printf ("%s:%" G_GINT64_FORMAT ": %s\n#     %.200s",
                                                file, line, problem, s));
            g_clear_pointer (&problem, g_free);
          }
      }

  for (guint i = 0; i < G_N_ELEMENTS (fragments) && schema_problems->len == 0; i++)
    if (fragments[i].used == 0)
      g_ptr_array_add (stale, g_strdup_printf ("FRAGMENTS: %s: \"%s\" (gone: remove it)",
                                               fragments[i].file, fragments[i].prefix));
  for (guint i = 0; i < G_N_ELEMENTS (allowed) && schema_problems->len == 0; i++)
    if (allowed[i].file != NULL && allowed[i].used == 0)
      g_ptr_array_add (stale, g_strdup_printf ("ALLOWED: %s: \"%s\" (gone: remove it)",
                                               allowed[i].file, allowed[i].prefix));

  /* 4: the same tables and columns as on SQLite. Dropped first: the staging tables (TEMP, in
   * their own schema, are not looked at anyway) */
  if (schema_problems->len == 0)
    {
      g_autoptr(GPtrArray) on_sqlite = sqlite_columns ();
      g_autoptr(GPtrArray) on_pg = pg_columns (conn);

      compare (on_sqlite, on_pg, differences);
      n_columns = on_sqlite->len;
    }

  PQfinish (conn);
  {
    g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s;", database);

    run (admin, sql, NULL);
  }
  PQfinish (admin);

  printf ("1..4\n");
  {
    GPtrArray *results[] = { schema_problems, rejected, stale, differences };
    const char *names[] = {
      "the PostgreSQL schema of every migration step runs on PostgreSQL 15",
      "every SQL string outside the store is prepared by PostgreSQL 15",
      "the lists of fragments and of what is allowed are not stale",
      "PostgreSQL's schema has SQLite's tables and columns, types and NOT NULL",
    };

    for (guint t = 0; t < G_N_ELEMENTS (results); t++)
      {
        if (results[t]->len == 0 && !(t > 0 && schema_problems->len > 0))
          printf ("ok %u - %s\n", t + 1, names[t]);
        else
          {
            failed = TRUE;
            printf ("not ok %u - %s\n", t + 1, names[t]);
            for (guint i = 0; i < results[t]->len; i++)
              printf ("# %s\n", (char *) results[t]->pdata[i]);
          }
      }
  }
  printf ("# prepared: %u, fragments: %u, allowed: %u; columns and search tables compared: %u\n",
          n_prepared, n_fragments, n_allowed, n_columns);
  return failed ? 1 : 0;
}
