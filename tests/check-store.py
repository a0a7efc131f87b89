#!/usr/bin/env python3
"""Checks the storage seam (issue 15, HACKING.md "The store"): only src/db/store/ calls the
engine (sqlite3_*), and the SQL the rest of src/db holds is written in what SQLite 3.40 and
PostgreSQL 15 both run.

The SQL strings of a file are its C string literals, adjacent literals joined (one statement as
the compiler sees it), that read as SQL. Each is searched for the constructs only SQLite runs
(CONSTRUCTS below). The migrations are per engine by design and are not searched; the store is
where engine-specific SQL belongs.

The tests and benchmarks query the database through the store too (tests/vj-test-util.h:
vj_test_store_query_int () and friends); RAW_FILE lists those that open the file with SQLite on
purpose, each saying why in a comment above its #include <sqlite3.h>. Any other test or
benchmark file naming sqlite3 fails, and so does a listed one that no longer does, so the list
cannot grow unnoticed and only shrinks.

While the seam is being built, KNOWN lists what is still to be moved: (file, what) pairs. The
test fails on anything not listed, and on a listed pair that is gone, so the list only shrinks.
Prints TAP.

Usage: check-store.py SOURCE_ROOT
       check-store.py --dump SOURCE_ROOT   the SQL strings outside the store as JSON, one
                                           {"file", "line", "sql"} object each, for the
                                           portability test (tests/test-pg-portability.c)
"""

import json
import os
import re
import sys


CONSTRUCTS = [
    ("INSERT OR IGNORE/REPLACE (ON CONFLICT … DO NOTHING/UPDATE)",
     re.compile(r"\bINSERT\s+OR\s+(IGNORE|REPLACE)\b", re.I)),
    ("REPLACE INTO (ON CONFLICT … DO UPDATE)", re.compile(r"^\s*REPLACE\s+INTO\b", re.I)),
    ("last_insert_rowid (RETURNING id)", re.compile(r"\blast_insert_rowid\b", re.I)),
    ("group_concat (a store hook, or aggregate in C)", re.compile(r"\bgroup_concat\s*\(", re.I)),
    ("instr (position/strpos differ: a store hook)", re.compile(r"\binstr\s*\(", re.I)),
    ("json_each/json_* (a store hook)", re.compile(r"\bjson_\w+\s*\(", re.I)),
    ("PRAGMA (a store hook)", re.compile(r"\bPRAGMA\b", re.I)),
    ("VACUUM (a store hook)", re.compile(r"\bVACUUM\b", re.I)),
    ("FTS5 MATCH (the search hook)", re.compile(r"\bMATCH\b")),
    ("fts5/bm25/snippet/highlight (the search hook)",
     re.compile(r"\b(fts5|bm25|snippet|highlight)\b", re.I)),
    ("fold()/fold_index() in SQL (fold in C before the insert)",
     re.compile(r"\bfold(_index)?\s*\(", re.I)),
    ("named placeholder (number them: ?1)", re.compile(r"(?<![:\w]):[a-z_]+\b")),
    ("bare ? placeholder (number it: ?1)", re.compile(r"\?(?![0-9])")),
    ("untyped ?N IS NULL (CAST (?N AS …) IS NULL)", re.compile(r"(?<!AS )\?[0-9]+\s+IS\s+(NOT\s+)?NULL", re.I)),
    ("sqlite_* tables (a store hook)", re.compile(r"\bsqlite_\w+", re.I)),
    ("rowid (name the key column)", re.compile(r"\b(_?rowid_?|oid)\b", re.I)),
    ("SQLite date functions (a store hook or C)",
     re.compile(r"\b(strftime|julianday|datetime|unixepoch|date)\s*\(", re.I)),
    ("ifnull/iif/printf/total (COALESCE, CASE, C)",
     re.compile(r"\b(ifnull|iif|printf|format|total|randomblob|hex|likelihood)\s*\(", re.I)),
    ("GLOB (LIKE)", re.compile(r"\bGLOB\b")),
    ("changes() (vj_store_changes)", re.compile(r"\b(total_)?changes\s*\(\s*\)", re.I)),
]

# Still to be moved (issue 15): empty since every file outside the store goes through it; a
# change that cannot move at once names here what it leaves, and removes it when moved.
KNOWN = set()

# Tests and benchmarks that look at the raw file on purpose (each says why above its include)
RAW_FILE = {
    "tests/test-db-damaged.c",   # damaged files, another program's lock, an old version
    "tests/test-db-open.c",      # writes left in the WAL and copied with it, the files' modes
    "tests/test-db-schema.c",    # the schema fixtures, loaded as an old release left them
    "tests/test-privacy.c",      # a backup's raw copy, for erase to clean
    "tests/vj-test-full-vfs.c",  # an SQLite VFS whose disk fills up
    "bench/bench-import.c",      # the sqlite3 shell's import, the baseline
}

SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA|VACUUM|"
                       r"REPLACE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|ANALYZE|REINDEX)\b",
                       re.I)
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
BETWEEN = re.compile(r'^(\s|\\\n|//[^\n]*\n|/\*.*?\*/)*$', re.S)


def strip_comments(text):
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text[i] == '"':
            m = LITERAL.match(text, i)
            if m is None:
                out.append(text[i])
                i += 1
            else:
                out.append(m.group(0))
                i = m.end()
        elif text[i] == "'" and i + 2 < n:
            m = re.match(r"'(\\.|[^'\\])'", text[i:])
            if m:
                out.append(m.group(0))
                i += m.end()
            else:
                out.append(text[i])
                i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def sql_strings(text):
    """(line, sql) for each run of adjacent string literals that reads as SQL"""
    text = strip_comments(text)
    runs = []
    last_end = None
    for m in LITERAL.finditer(text):
        value = m.group(1)
        if last_end is not None and BETWEEN.match(text[last_end:m.start()]):
            runs[-1][1].append(value)
        else:
            runs.append((text.count("\n", 0, m.start()) + 1, [value]))
        last_end = m.end()
    for line, parts in runs:
        sql = "".join(parts)
        if SQL_START.match(sql):
            yield line, sql


def feature_sql(root):
    """(file, line, sql) for each SQL string in src/db outside the store and the migrations"""
    for top, dirs, files in os.walk(os.path.join(root, "src", "db")):
        dirs.sort()
        rel_top = os.path.relpath(top, root)
        for name in sorted(files):
            rel = os.path.join(rel_top, name)
            if (not name.endswith((".c", ".h")) or rel.startswith("src/db/store/") or
                    name == "vj-db-migrations.c"):
                continue
            with open(os.path.join(top, name), encoding="utf-8") as f:
                text = f.read()
            for line, sql in sql_strings(text):
                yield rel, line, sql


def dump(root):
    json.dump([{"file": f, "line": line, "sql": bytes(sql, "utf-8").decode("unicode_escape")
                .encode("latin-1").decode("utf-8")}
               for f, line, sql in feature_sql(root)], sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def main():
    if sys.argv[1] == "--dump":
        return dump(sys.argv[2])
    root = sys.argv[1]
    db = os.path.join(root, "src", "db")
    engine_calls = []
    findings = {}

    for top, dirs, files in os.walk(os.path.join(root, "src")):
        dirs.sort()
        rel_top = os.path.relpath(top, root)
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            rel = os.path.join(rel_top, name)
            with open(os.path.join(top, name), encoding="utf-8") as f:
                text = f.read()
            in_store = rel.startswith("src/db/store/")
            if not in_store and re.search(r"\bsqlite3_?\w*", strip_comments(text)):
                engine_calls.append(rel)
            if not rel.startswith("src/db/") or in_store or name == "vj-db-migrations.c":
                continue
            for line, sql in sql_strings(text):
                for what, pattern in CONSTRUCTS:
                    if pattern.search(sql):
                        findings.setdefault((rel, what), []).append(line)

    test_engine = []
    for sub in ("tests", "bench"):
        for top, dirs, files in os.walk(os.path.join(root, sub)):
            dirs.sort()
            rel_top = os.path.relpath(top, root)
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                rel = os.path.join(rel_top, name)
                with open(os.path.join(top, name), encoding="utf-8") as f:
                    text = f.read()
                if re.search(r"\bsqlite3_?\w*", strip_comments(text)):
                    test_engine.append(rel)

    tests = []
    unknown_engine = [f for f in engine_calls if (f, "sqlite3") not in KNOWN]
    tests.append(("only src/db/store/ names the engine (sqlite3)",
                  ["%s names sqlite3" % f for f in unknown_engine]))
    unknown_sql = ["%s:%s: %s" % (f, ",".join(map(str, lines)), what)
                   for (f, what), lines in sorted(findings.items()) if (f, what) not in KNOWN]
    tests.append(("the SQL outside the store runs on SQLite 3.40 and PostgreSQL 15",
                  unknown_sql))
    tests.append(("tests and benchmarks query through the store (raw-file ones listed)",
                  ["%s names sqlite3: query through vj-test-util.h's vj_test_store_* helpers,"
                   " or add it to RAW_FILE with a comment saying why" % f
                   for f in test_engine if f not in RAW_FILE] +
                  ["%s no longer names sqlite3: remove it from RAW_FILE" % f
                   for f in sorted(RAW_FILE - set(test_engine))]))
    present = set(findings) | {(f, "sqlite3") for f in engine_calls}
    stale = ["%s: %s (gone: remove it from KNOWN)" % pair for pair in sorted(KNOWN - present)]
    tests.append(("the list of what is still to be moved is not stale", stale))

    print("1..%d" % len(tests))
    failed = False
    for i, (name, problems) in enumerate(tests, 1):
        if problems:
            failed = True
            print("not ok %d - %s" % (i, name))
            for p in problems:
                print("# %s" % p)
        else:
            print("ok %d - %s" % (i, name))
    remaining = len([p for p in KNOWN if p in present])
    print("# still to be moved: %d" % remaining)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
