#!/usr/bin/env python3
"""run-diff.py: Hone's template engine against the real handlebars.js 4.7.

    run-diff.py --hone-cli BUILD/src/cli/hone-cli --out-dir DIR

1. gen-cases.py makes HONE_DIFF_CASES (default 10,000) random templates with
   data, from the seed HONE_DIFF_SEED (default "hone");
2. each case is rendered in both escape modes (HTML escaping, and none) by
   handlebars.js 4.7.10 under Node (run-handlebars.js) and by
   `hone-cli render --batch`;
3. every output must be identical, and Hone must fail exactly where
   handlebars.js fails (to parse the template, or while rendering it).

Mismatches: the first 20 are printed; all of them are written to
DIR/template-diff-mismatches.jsonl, each with the command that regenerates
its case alone.

handlebars.js comes from npm, installed outside the tree:
    npm install --prefix "${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles" handlebars@4.7.10
(`build-aux/dev.sh test` does it). HONE_HANDLEBARS_DIR names another copy.
Without node or that package the test is skipped (exit status 77). What
handlebars gives for an input is kept in the same cache (one file per input,
named by a hash of the input, the handlebars version and run-handlebars.js),
so the second build that runs this test does not wait for Node again;
HONE_DIFF_NO_CACHE=1 ignores it.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import argparse
import collections
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time

# the generator and shrinker are loaded from the source tree: write nothing there
sys.dont_write_bytecode = True

HANDLEBARS_VERSION = "4.7.10"
MIN_CASES = 10000
SHOW = 20
SHRINK = 12
SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "hone-oracles")


def skip(message):
    print("SKIP: " + message)
    print("Install it with:")
    print('  npm install --prefix "%s" --no-audit --no-fund handlebars@%s' % (cache_dir(), HANDLEBARS_VERSION))
    print("(needs node and npm: apt-get install nodejs npm), or run build-aux/dev.sh test.")
    sys.exit(SKIP)


def load_module(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def verdict(hbs, hone):
    """None when Hone agrees with handlebars, else what differs."""
    if isinstance(hone, dict) and "crash" in hone:
        return "hone-cli crashed"
    if not isinstance(hone, dict) or ("output" in hone) == ("error" in hone):
        return "Hone wrote a line that is neither {output} nor {error}"
    if "error" in hbs:
        if "error" in hone:
            return None
        return "handlebars failed (%s), Hone rendered" % hbs.get("phase", "?")
    if "error" in hone:
        return "Hone failed, handlebars rendered"
    if hone["output"] != hbs["output"]:
        return "outputs differ"
    return None


def self_check():
    """The comparison can fail: a pair of each kind must be told apart."""
    same = {"output": "a &amp; b"}
    assert verdict(same, {"output": "a &amp; b"}) is None
    assert verdict({"error": "x", "phase": "parse"}, {"error": "line 1, column 3: y"}) is None
    assert verdict(same, {"output": "a & b"}) == "outputs differ"
    assert verdict(same, {"output": "a &amp; b "}) == "outputs differ"
    assert verdict(same, {"error": "no"}) == "Hone failed, handlebars rendered"
    assert verdict({"error": "x", "phase": "render"}, {"output": ""}) == \
        "handlebars failed (render), Hone rendered"
    assert verdict(same, {}) is not None
    assert verdict(same, {"output": "", "error": ""}) is not None
    assert verdict(same, None) is not None
    assert verdict(same, {"crash": "SIGSEGV"}) == "hone-cli crashed"


def run_handlebars(node, hbs_dir, input_path, out_path):
    with open(os.path.join(hbs_dir, "package.json"), encoding="utf-8") as f:
        version = json.load(f).get("version")
    runner = os.path.join(HERE, "run-handlebars.js")
    h = hashlib.sha256()
    for part in (version.encode(), open(runner, "rb").read(), open(input_path, "rb").read()):
        h.update(hashlib.sha256(part).digest())
    cached = os.path.join(cache_dir(), "diff-results", h.hexdigest()[:32] + ".jsonl")
    if not os.environ.get("HONE_DIFF_NO_CACHE") and os.path.exists(cached):
        shutil.copyfile(cached, out_path)
        return "cached " + cached
    start = time.monotonic()
    subprocess.run([node, runner, hbs_dir, input_path, out_path], check=True)
    took = time.monotonic() - start
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        # keep the newest few results only
        old = sorted((os.path.join(os.path.dirname(cached), n) for n in os.listdir(os.path.dirname(cached))),
                     key=os.path.getmtime)
        for stale in old[:-5]:
            os.unlink(stale)
        shutil.copyfile(out_path, cached + ".tmp")
        os.replace(cached + ".tmp", cached)
    except OSError:
        pass
    return "ran node in %.1f s" % took


def run_hone(hone_cli, input_path, out_path, max_restarts=100):
    """(exit status, results, stderr) of hone-cli render --batch on INPUT_PATH.

    When hone-cli dies on a line (a crash, an assertion), that line gets
    {"crash": "..."} and hone-cli starts again on the next line, so one crash
    hides nothing else; the first exit status and stderr that were not 0 and
    empty are returned."""
    with open(input_path, "rb") as f:
        inputs = f.read().splitlines(True)
    results, status, stderr, restarts = [], 0, "", 0
    while len(results) < len(inputs):
        chunk = inputs[len(results):]
        proc = subprocess.run([hone_cli, "render", "--batch"], input=b"".join(chunk),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1200)
        got = proc.stdout.decode("utf-8", "replace").splitlines()
        for line in got[:len(chunk)]:
            try:
                results.append(json.loads(line))
            except ValueError:
                results.append({"not JSON": line})
        if proc.returncode != 0 or proc.stderr:
            status = status or proc.returncode
            stderr = stderr or proc.stderr.decode("utf-8", "replace")
        if len(got) >= len(chunk):
            break
        if proc.returncode == 0 or restarts >= max_restarts:
            results += [None] * (len(inputs) - len(results))
            break
        results.append({"crash": "hone-cli stopped on this line: exit status %d: %s" % (
            proc.returncode, proc.stderr.decode("utf-8", "replace").strip()[-300:])})
        restarts += 1
    with open(out_path, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return status, results, stderr


def write_inputs(path, items):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for it in items:
            f.write(json.dumps({"template": it["template"], "data": it["data"], "escape": it["escape"]},
                               ensure_ascii=False, allow_nan=False) + "\n")


def shrink_mismatches(mismatches, node, hbs_dir, hone_cli, prefix):
    """The first few differing cases, made as small as they will go."""
    shrinker = load_module("shrink")
    # the shortest first, taking each kind of difference in turn
    by_kind = collections.defaultdict(list)
    for m in sorted(mismatches, key=lambda m: (len(m["template"]), m["id"])):
        by_kind[m["why"]].append(m)
    picked, seen = [], set()
    while len(picked) < SHRINK and any(by_kind.values()):
        for kind in sorted(by_kind):
            while by_kind[kind]:
                m = by_kind[kind].pop(0)
                if m["id"] not in seen:
                    seen.add(m["id"])
                    picked.append(dict(m))
                    break

    def render(batch):
        write_inputs(prefix + "shrink-input.jsonl", batch)
        subprocess.run([node, os.path.join(HERE, "run-handlebars.js"), hbs_dir,
                        prefix + "shrink-input.jsonl", prefix + "shrink-handlebars.jsonl"], check=True)
        hbs = read_jsonl(prefix + "shrink-handlebars.jsonl")
        _, hone, _ = run_hone(hone_cli, prefix + "shrink-input.jsonl", prefix + "shrink-hone.jsonl",
                              max_restarts=len(batch))
        hone += [None] * (len(batch) - len(hone))
        return list(zip(hbs, hone))

    start = time.monotonic()
    rounds = shrinker.shrink(picked, render, verdict,
                             budget_seconds=float(os.environ.get("HONE_DIFF_SHRINK_SECONDS") or 60))
    distinct, shown = [], set()
    for p in picked:
        key = (p["template"], json.dumps(p["data"]), p["escape"])
        if key not in shown:
            shown.add(key)
            distinct.append(p)
    return distinct, rounds, time.monotonic() - start


def short(value, limit=600):
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "… (%d characters)" % len(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hone-cli", required=True)
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args()

    self_check()

    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        skip("node is not installed, so handlebars.js cannot run.")
    hbs_dir = os.environ.get("HONE_HANDLEBARS_DIR") or os.path.join(cache_dir(), "node_modules", "handlebars")
    try:
        with open(os.path.join(hbs_dir, "package.json"), encoding="utf-8") as f:
            version = json.load(f).get("version")
    except (OSError, ValueError):
        skip("handlebars.js is not installed in %s." % hbs_dir)
    if version != HANDLEBARS_VERSION:
        skip("%s holds handlebars %s; this test compares with %s." % (hbs_dir, version, HANDLEBARS_VERSION))

    seed = os.environ.get("HONE_DIFF_SEED") or "hone"
    count = int(os.environ.get("HONE_DIFF_CASES") or MIN_CASES)
    os.makedirs(args.out_dir, exist_ok=True)
    prefix = os.path.join(args.out_dir, "template-diff-")

    gen = load_module("gen-cases")
    cases = [gen.gen_case(seed, i) for i in range(count)]
    lines = []   # (case, escape): what both renderers get, one per line
    input_path = prefix + "input.jsonl"
    for case in cases:
        for escape in (True, False):
            lines.append((case, escape))
    write_inputs(input_path, [dict(case, escape=escape) for case, escape in lines])
    print("%d cases from seed %r, %d renderings (escape on and off): %s" % (count, seed, len(lines), input_path))

    hbs_path = prefix + "handlebars.jsonl"
    how = run_handlebars(node, hbs_dir, input_path, hbs_path)
    hbs = read_jsonl(hbs_path)
    print("handlebars.js %s (%s): %s" % (version, how, hbs_path))

    hone_path = prefix + "hone.jsonl"
    start = time.monotonic()
    status, hone, stderr = run_hone(args.hone_cli, input_path, hone_path)
    print("hone-cli render --batch: exit status %d in %.1f s: %s" %
          (status, time.monotonic() - start, hone_path))
    if stderr:
        sys.stdout.write("hone-cli stderr (first lines):\n" + "".join(stderr.splitlines(True)[:10]))

    failures = []
    if len(hbs) != len(lines):
        failures.append("handlebars wrote %d lines for %d inputs" % (len(hbs), len(lines)))
    if len(hone) != len(lines):
        failures.append("hone-cli wrote %d lines for %d inputs" % (len(hone), len(lines)))

    mismatches = []
    kinds = collections.Counter()
    per_feature = collections.Counter()
    with_feature = collections.Counter()
    outcome = collections.Counter()
    for n, (case, escape) in enumerate(lines):
        h = hbs[n] if n < len(hbs) else {"error": "(no line)", "phase": "?"}
        o = hone[n] if n < len(hone) else None
        if "output" in h and LONE_SURROGATE.search(h["output"]):
            # JavaScript indexed a string by UTF-16 unit ({{lookup s 0}},
            # {{s.[0]}}) and cut a character in half: UTF-8 cannot hold that
            outcome["excluded: half a surrogate pair"] += 1
            continue
        outcome["handlebars " + ("rendered" if "output" in h else "failed: " + h.get("phase", "?"))] += 1
        if "output" in h and h["output"]:
            outcome["non-empty output"] += 1
        for feat in case["features"]:
            with_feature[feat] += 1
        why = verdict(h, o)
        if why is None:
            continue
        kinds[why] += 1
        for feat in case["features"]:
            per_feature[feat] += 1
        mismatches.append({
            "id": case["id"], "escape": escape, "why": why,
            "template": case["template"], "data": case["data"],
            "handlebars": h, "hone": o, "features": case["features"],
            "regenerate": "tests/template-diff/gen-cases.py --seed %s --first %d --count 1" % (seed, case["id"]),
        })

    mismatch_path = prefix + "mismatches.jsonl"
    with open(mismatch_path, "w", encoding="utf-8") as f:
        for m in mismatches:
            f.write(json.dumps(m, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8") + "\n")

    for key in sorted(outcome):
        print("  %-36s %6d" % (key, outcome[key]))

    # The test must be able to fail, and must test what it says
    if count < MIN_CASES and not os.environ.get("HONE_DIFF_CASES"):
        failures.append("only %d cases (at least %d)" % (count, MIN_CASES))
    rendered = outcome["handlebars rendered"]
    if lines and not (0.80 * len(lines) <= rendered <= 0.97 * len(lines)):
        failures.append("the generator is off: handlebars rendered %d of %d (expected 80–97 %%, "
                        "the rest broken on purpose)" % (rendered, len(lines)))
    if outcome["excluded: half a surrogate pair"] > 0.01 * len(lines):
        failures.append("the generator is off: %d renderings excluded" % outcome["excluded: half a surrogate pair"])
    if lines and outcome["non-empty output"] < 0.5 * len(lines):
        failures.append("the generator is off: only %d non-empty outputs" % outcome["non-empty output"])

    if mismatches:
        print("\n%d of %d renderings differ from handlebars.js (%d of %d cases):" %
              (len(mismatches), len(lines), len({m["id"] for m in mismatches}), count))
        for why, k in kinds.most_common():
            print("  %-48s %6d" % (why, k))
        print("\nFeatures of the cases that differ (cases with the feature that differ / all with it):")
        rows = sorted(per_feature, key=lambda f: (-per_feature[f] / with_feature[f], f))
        for feat in rows[:25]:
            print("  %-28s %6d / %6d" % (feat, per_feature[feat], with_feature[feat]))
        if os.environ.get("HONE_DIFF_SHRINK", "1") != "0":
            shrunk, rounds, took = shrink_mismatches(mismatches, node, hbs_dir, args.hone_cli, prefix)
            with open(prefix + "shrunk.jsonl", "w", encoding="utf-8") as f:
                for m in shrunk:
                    f.write(json.dumps(m, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
            print("\n%d of the differing cases, made as small as they go (%d rounds, %.0f s; "
                  "in %sshrunk.jsonl):" % (len(shrunk), rounds, took, prefix))
            for m in shrunk:
                print("--- from case %d, escape %s: %s" % (m["id"], "on" if m["escape"] else "off", m["why"]))
                print("template:   " + short(m["template"]))
                print("data:       " + short(m["data"]))
                print("handlebars: " + short(m["handlebars"]))
                print("hone:       " + short(m["hone"]))
        # the shortest templates first: the easiest to read
        print("\nThe %d shortest, as generated:" % min(SHOW, len(mismatches)))
        for m in sorted(mismatches, key=lambda m: (len(m["template"]), m["id"]))[:SHOW]:
            print("--- case %d, escape %s: %s" % (m["id"], "on" if m["escape"] else "off", m["why"]))
            print("template:   " + short(m["template"]))
            print("data:       " + short(m["data"]))
            print("handlebars: " + short(m["handlebars"]))
            print("hone:       " + short(m["hone"]))
            print("regenerate: " + m["regenerate"])
        print("\nAll of them: " + mismatch_path)
        failures.append("%d renderings differ from handlebars.js" % len(mismatches))

    if failures:
        for f in failures:
            print("FAIL: " + f)
        return 1
    print("OK: all %d renderings of %d cases are identical to handlebars.js %s" % (len(lines), count, version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
