#!/usr/bin/env python3
"""Check Hone's flatpak-builder manifest without flatpak-builder.

Usage: check-manifest.py MANIFEST.json [--command NAME]

Loads the manifest and checks that:
  - the required top-level keys are present and are non-empty strings (or a list for modules);
  - every module has a name, a buildsystem and a list of sources;
  - the last module is Hone itself: named 'hone', built with meson, from a 'dir' source that
    points at the root of the tree (the directory that holds the top-level meson.build);
  - 'command' is the name of Hone's executable.

Exits 0 when everything holds, 1 with one line per problem otherwise. Standard library only.
"""

import argparse
import json
import os
import sys

REQUIRED_STRINGS = ("id", "runtime", "runtime-version", "sdk", "command")
BUILDSYSTEMS = ("autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake")


def check(manifest_path, expected_command):
    problems = []

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        return [f"cannot read the manifest: {e.strerror}"]
    except json.JSONDecodeError as e:
        return [f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"]

    if not isinstance(manifest, dict):
        return ["the manifest must be a JSON object"]

    for key in REQUIRED_STRINGS:
        value = manifest.get(key)
        if value is None:
            problems.append(f"missing required key '{key}'")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"key '{key}' must be a non-empty string")

    if "app-id" in manifest:
        problems.append("use 'id' rather than the deprecated 'app-id'")

    command = manifest.get("command")
    if isinstance(command, str) and command != expected_command:
        problems.append(f"'command' is '{command}', but Hone's executable is "
                        f"'{expected_command}'")

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list) or \
            not all(isinstance(a, str) for a in finish_args):
        problems.append("'finish-args' must be a list of strings")

    modules = manifest.get("modules")
    if modules is None:
        problems.append("missing required key 'modules'")
        return problems
    if not isinstance(modules, list) or not modules:
        problems.append("'modules' must be a non-empty list")
        return problems

    for i, module in enumerate(modules):
        where = f"module {i + 1}"
        if isinstance(module, str):
            # A path to a module file is allowed by flatpak-builder; nothing more to check here.
            continue
        if not isinstance(module, dict):
            problems.append(f"{where} must be an object or a path to a module file")
            continue
        name = module.get("name")
        if not isinstance(name, str) or not name:
            problems.append(f"{where} has no 'name'")
        else:
            where = f"module '{name}'"
        buildsystem = module.get("buildsystem")
        if not isinstance(buildsystem, str) or not buildsystem:
            problems.append(f"{where} has no 'buildsystem'")
        elif buildsystem not in BUILDSYSTEMS:
            problems.append(f"{where} has an unknown buildsystem '{buildsystem}'")
        sources = module.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(f"{where} has no 'sources' list")
        elif not all(isinstance(s, (dict, str)) for s in sources):
            problems.append(f"{where}: every source must be an object or a path")

    last = modules[-1]
    if not isinstance(last, dict):
        problems.append("the last module must be Hone itself, written inline")
        return problems
    if last.get("name") != "hone":
        problems.append(f"the last module must be named 'hone', not '{last.get('name')}'")
    if last.get("buildsystem") != "meson":
        problems.append("the 'hone' module must use buildsystem 'meson', not "
                        f"'{last.get('buildsystem')}'")

    manifest_dir = os.path.dirname(os.path.abspath(manifest_path))
    dir_sources = [s for s in last.get("sources") or []
                   if isinstance(s, dict) and s.get("type") == "dir"]
    if not dir_sources:
        problems.append("the 'hone' module needs a source of type 'dir' pointing at the tree")
    for source in dir_sources:
        path = source.get("path")
        if not isinstance(path, str) or not path:
            problems.append("the 'hone' module's dir source has no 'path'")
            continue
        root = os.path.normpath(os.path.join(manifest_dir, path))
        top = os.path.join(root, "meson.build")
        if not os.path.isfile(top):
            problems.append(f"the 'hone' module's dir source '{path}' is {root}, which holds "
                            "no meson.build")
            continue
        with open(top, encoding="utf-8") as f:
            head = f.read(4096)
        if "project('hone'" not in head.replace('"', "'").replace("( ", "("):
            problems.append(f"the 'hone' module's dir source '{path}' is {root}, whose "
                            "meson.build is not Hone's top-level one")

    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--command", default="hone",
                        help="the executable the manifest must run (default: hone)")
    args = parser.parse_args()

    problems = check(args.manifest, args.command)
    for problem in problems:
        print(f"{args.manifest}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{args.manifest}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
