#!/usr/bin/env python3
"""Checks the layout of src/ (ARCHITECTURE-REVIEW.md, issue 14): no two source files include
each other's declarations in a circle, and the src/gui and src/db roots hold only the core.

A.c depends on B.c when it uses something declared in a header it includes and defined in B.c
(a function defined at the start of a line, GNU style, or a type of G_DECLARE_*_TYPE through
its VJ_TYPE_X, VJ_X () or VJ_IS_X). A circle is a set of files that depend on each other round
a loop, whichever headers carry the declarations (a private header shared by two files counts
for both). A class split by mechanism — X.c with X-actions.c around X-private.h (HACKING.md) —
is one unit. Prints TAP.

Usage: check-layout.py SOURCE_ROOT
"""

import os
import re
import sys

# Circles allowed for a while (issue 14): empty, since no two files of src/ include each other's
# declarations in a circle any more. The list stays for a circle a change cannot break at once:
# name it here with its way out, and remove the line when it is gone. The test fails on any
# circle not listed here, and on a listed one that no longer exists, so the list cannot go stale.
KNOWN_CIRCLES = set()

# What the roots may hold besides the wing folders (ARCHITECTURE-REVIEW.md §4)
ROOTS = {
    "src/gui": {
        "main.c", "meson.build", "style.css", "vejviser.gresource.xml",
        "vj-application.c", "vj-application.h",
        "vj-navigator.c", "vj-navigator.h",
        "vj-window.c", "vj-window.h", "vj-window.ui", "vj-window-actions.c",
        "vj-window-private.h",
    },
    "src/db": {
        "meson.build",
        "vj-db.c", "vj-db.h", "vj-db-private.h",
        "vj-db-migrations.c", "vj-db-check.c",
        "vj-db-settings.c", "vj-db-settings.h",
        "vj-id-list.c", "vj-id-list.h",
    },
}
ROOT_FOLDERS = {
    "src/gui": {"common", "catalogue", "initiatives", "sessions", "people", "statistics",
                "importer", "preferences", "gtk"},
    "src/db": {"store", "catalogue", "import", "log", "privacy"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# A declaration's name: an identifier followed by "(" on a line that is not a macro or comment
DECLARED = re.compile(r'\b(_?vj_\w+)\s*\(')
DEFINED = re.compile(r'^(_?vj_\w+)\s*\(', re.M)
DECLARE_TYPE = re.compile(r'G_DECLARE_(?:FINAL|DERIVABLE|INTERFACE)_TYPE\s*\(\s*\w+\s*,\s*(\w+)\s*,'
                          r'\s*(\w+)\s*,\s*(\w+)')
USED = re.compile(r'\b(_?vj_\w+)\b')
DEFINE_TYPE = re.compile(r'G_DEFINE_(?:FINAL_)?TYPE(?:_WITH_\w+)?\s*\(\s*\w+\s*,\s*(\w+)')
BOXED_TYPE = re.compile(r'G_DEFINE_BOXED_TYPE\s*\(\s*\w+\s*,\s*(\w+)')
COMMENT = re.compile(r'/\*.*?\*/', re.S)


def unit_of(name):
    """The unit a .c belongs to: its name, or its class for an -actions.c"""
    stem = name[:-2]
    return stem[:-len("-actions")] if stem.endswith("-actions") else stem


def read_sources(src):
    files = {}
    for folder, _, names in os.walk(src):
        for name in names:
            if name.endswith((".c", ".h")):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    files[name] = COMMENT.sub("", f.read())
    return files


def find_circles(files):
    defined_in = {}
    for name, text in files.items():
        if not name.endswith(".c"):
            continue
        for fn in DEFINED.findall(text):
            defined_in.setdefault(fn, set()).add(name)
        for prefix in DEFINE_TYPE.findall(text) + BOXED_TYPE.findall(text):
            defined_in.setdefault(prefix + "_get_type", set()).add(name)

    # header → what it declares: a function's name, or a type's get_type with the macros that
    # use it
    declares = {}
    for name, text in files.items():
        if not name.endswith(".h"):
            continue
        names = {}
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            for fn in DECLARED.findall(line):
                names[fn] = re.compile(r"\b%s\b" % fn)
        for prefix, module, obj in DECLARE_TYPE.findall(text):
            names[prefix + "_get_type"] = re.compile(
                r"\b(?:%s_get_type\b|%s_TYPE_%s\b|%s_%s\s*\(|%s_IS_%s\b)"
                % (prefix, module, obj, module, obj, module, obj))
        declares[name] = names

    # what each file includes, and what those include in turn
    includes = {name: set(INCLUDE.findall(text)) for name, text in files.items()}

    def reachable(name):
        seen, todo = set(), list(includes.get(name, ()))
        while todo:
            header = todo.pop()
            if header not in seen:
                seen.add(header)
                todo.extend(includes.get(header, ()))
        return seen

    graph = {}
    for name, text in files.items():
        if not name.endswith(".c"):
            continue
        unit = unit_of(name)
        edges = graph.setdefault(unit, set())
        for header in reachable(name):
            for fn, use in declares.get(header, {}).items():
                targets = {unit_of(t) for t in defined_in.get(fn, ())} - {unit}
                if targets and use.search(text):
                    edges |= targets

    # Strongly connected components (Tarjan) with more than one unit are circles
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(frozenset(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles, graph


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    files = read_sources(os.path.join(root, "src"))
    circles, graph = find_circles(files)
    results = []

    unknown = [c for c in circles if c not in KNOWN_CIRCLES]
    detail = []
    for c in unknown:
        for unit in sorted(c):
            detail.append("%s -> %s" % (unit, ", ".join(sorted(graph[unit] & c))))
    results.append((not unknown, "no source files include each other's declarations in a circle",
                    detail))
    gone = [c for c in KNOWN_CIRCLES if c not in circles]
    results.append((not gone, "every circle listed as known still exists (remove the ones fixed)",
                    [", ".join(sorted(c)) for c in gone]))

    for folder, allowed in ROOTS.items():
        path = os.path.join(root, folder)
        extra = []
        for entry in sorted(os.listdir(path)):
            full = os.path.join(path, entry)
            if os.path.isdir(full):
                if entry not in ROOT_FOLDERS[folder]:
                    extra.append(entry + "/")
            elif entry not in allowed:
                extra.append(entry)
        results.append((not extra, "%s holds only its core files and wing folders" % folder,
                        ["not a core file: " + e for e in extra]))

    print("1..%d" % len(results))
    failed = False
    for n, (ok, what, notes) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        for note in notes:
            print("# " + note)
        failed = failed or not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
