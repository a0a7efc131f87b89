#!/usr/bin/env python3
"""Checks the Flatpak manifests as far as this machine can without the GNOME runtime.

Both manifests in flatpak/ parse as JSON and name the app, the GNOME runtime and SDK and the
command; their finish-args stay inside an allow-list (no file system access: files go through
the portal); every source that is not the repository itself is pinned by sha256; the app is
built with meson and its tests run; the Devel manifest differs only in what makes it Devel; the
README names the same runtime version. If flatpak-builder is installed, it must load each
manifest with --show-manifest without a warning. Prints TAP.

Usage: check-flatpak-manifest.py SOURCE_ROOT
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = "dk.kompetenceparat.Vejviser"
DEVEL_ID = APP_ID + ".Devel"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
COMMAND = "vejviser"

# What the app needs and nothing more (README.md, "Flatpak")
REQUIRED_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11"}
ALLOWED_ARGS = REQUIRED_ARGS | {"--device=dri", "--share=network"}

# Keys the Devel manifest may change, with the values it must have
DEVEL_CHANGES = {
    "id": DEVEL_ID,
    "tags": ["devel"],
    "desktop-file-name-suffix": " (Development)",
}


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = False

    def ok(self, passed, description, problems=()):
        self.n += 1
        print(("ok" if passed else "not ok") + f" {self.n} - {description}")
        for problem in problems:
            print(f"# {problem}")
        if not passed:
            self.failed = True

    def skip(self, description, reason):
        self.n += 1
        print(f"ok {self.n} - {description} # SKIP {reason}")


def all_modules(modules):
    """Every module, nested ones included (a string names a module file)."""
    for module in modules:
        if isinstance(module, dict):
            yield module
            yield from all_modules(module.get("modules", []))


def check_manifest(tap, name, manifest, expected_id):
    problems = []
    for key, expected in (("id", expected_id), ("runtime", RUNTIME), ("sdk", SDK),
                          ("command", COMMAND)):
        if manifest.get(key) != expected:
            problems.append(f"{key} is {manifest.get(key)!r}, expected {expected!r}")
    if "app-id" in manifest:
        problems.append("app-id given besides id")
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not version.isdigit():
        problems.append(f"runtime-version {version!r} is not a GNOME release such as \"50\"")
    tap.ok(not problems, f"{name}: id, runtime, sdk, runtime-version and command", problems)

    args = manifest.get("finish-args", [])
    problems = [f"not allowed: {arg}" for arg in args if arg not in ALLOWED_ARGS]
    problems += [f"file system access: {arg}" for arg in args if arg.startswith("--filesystem")]
    problems += [f"missing: {arg}" for arg in sorted(REQUIRED_ARGS - set(args))]
    problems += [f"twice: {arg}" for arg in set(args) if args.count(arg) > 1]
    tap.ok(not problems, f"{name}: finish-args within the allow-list, no --filesystem", problems)

    problems = []
    for module in all_modules(manifest.get("modules", [])):
        for source in module.get("sources", []):
            if isinstance(source, str):
                problems.append(f"{module.get('name')}: source file {source} is not checked here")
            elif source.get("type") == "dir":
                continue
            elif source.get("type") in ("git",):
                if "commit" not in source:
                    problems.append(f"{module.get('name')}: git source without a commit")
            elif "sha256" not in source:
                problems.append(f"{module.get('name')}: {source.get('type')} source "
                                f"{source.get('url') or source.get('path')} without sha256")
    tap.ok(not problems, f"{name}: every source but the repository is pinned", problems)

    problems = []
    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    app = modules[-1] if modules else {}
    if app.get("name") != COMMAND:
        problems.append(f"the last module is {app.get('name')!r}, expected the app, {COMMAND!r}")
    if app.get("buildsystem") != "meson":
        problems.append("the app is not built with meson")
    if app.get("run-tests") is not True:
        problems.append("run-tests is not true")
    sources = app.get("sources", [])
    if not (len(sources) == 1 and isinstance(sources[0], dict) and
            sources[0].get("type") == "dir" and sources[0].get("path") == ".."):
        problems.append("the app's one source is not the repository (type dir, path ..)")
    tap.ok(not problems, f"{name}: the app is built with meson from the repository, with its "
           "tests", problems)
    return app


def check_devel(tap, manifest, devel):
    problems = []
    for key in sorted(set(manifest) | set(devel)):
        if key == "modules":
            continue
        if key in DEVEL_CHANGES:
            if devel.get(key) != DEVEL_CHANGES[key]:
                problems.append(f"{key} is {devel.get(key)!r}, expected {DEVEL_CHANGES[key]!r}")
        elif manifest.get(key) != devel.get(key):
            problems.append(f"{key} differs")
    modules = manifest.get("modules", [])
    devel_modules = devel.get("modules", [])
    if len(modules) != len(devel_modules) or modules[:-1] != devel_modules[:-1]:
        problems.append("the modules before the app differ")
    if modules and devel_modules:
        app = dict(modules[-1])
        devel_app = dict(devel_modules[-1])
        if app.pop("config-opts", []) != ["-Dprofile=default"]:
            problems.append("the app's config-opts are not [\"-Dprofile=default\"]")
        if devel_app.pop("config-opts", []) != ["-Dprofile=development"]:
            problems.append("the Devel app's config-opts are not [\"-Dprofile=development\"]")
        if app != devel_app:
            problems.append("the app module differs beyond its config-opts")
    tap.ok(not problems, "Devel manifest differs only in its id, tags, name suffix and profile",
           problems)


def check_readme(tap, root, version):
    try:
        with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
            readme = f.read()
    except OSError as e:
        tap.ok(False, "README.md names the runtime version", [str(e)])
        return
    wanted = f"{RUNTIME}//{version}"
    tap.ok(wanted in readme, f"README.md names the runtime version ({wanted})",
           [] if wanted in readme else [f"{wanted} not found in README.md"])


def check_with_flatpak_builder(tap, path, name):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        tap.skip(f"{name}: flatpak-builder --show-manifest", "flatpak-builder is not installed")
        return
    # flatpak-builder keeps its state in .flatpak-builder/ in the current folder: a scratch one
    with tempfile.TemporaryDirectory(prefix="vejviser-flatpak-") as scratch:
        result = subprocess.run([builder, "--show-manifest", os.path.abspath(path)],
                                capture_output=True, text=True, timeout=60, check=False,
                                cwd=scratch)
    problems = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0:
        problems.insert(0, f"exit status {result.returncode}")
    else:
        try:
            shown = json.loads(result.stdout)
            if shown.get("id", shown.get("app-id")) is None:
                problems.append("the manifest shown has no id")
        except json.JSONDecodeError as e:
            problems.append(f"its output is not JSON: {e}")
    tap.ok(not problems, f"{name}: flatpak-builder --show-manifest loads it without a warning",
           problems)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    tap = Tap()
    print("1..14")
    manifests = {}
    for expected_id in (APP_ID, DEVEL_ID):
        name = f"{expected_id}.json"
        path = os.path.join(root, "flatpak", name)
        try:
            with open(path, encoding="utf-8") as f:
                manifests[expected_id] = json.load(f)
            tap.ok(True, f"{name} parses as JSON")
        except (OSError, json.JSONDecodeError) as e:
            tap.ok(False, f"{name} parses as JSON", [str(e)])
            manifests[expected_id] = {}
        check_manifest(tap, name, manifests[expected_id], expected_id)
        check_with_flatpak_builder(tap, path, name)
    check_devel(tap, manifests[APP_ID], manifests[DEVEL_ID])
    check_readme(tap, root, manifests[APP_ID].get("runtime-version"))
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
