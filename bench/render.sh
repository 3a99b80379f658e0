#!/usr/bin/env bash
# bench/render: 100,000 generated support tickets rendered through a
# realistic system / user / assistant template set (bench/render-templates.json)
# by Hone's engine (bench/render, C) and by handlebars.js 4.7.10 with
# compiled templates (bench/render.js, Node), in the same run, on the same
# rows, as a ratio. Goal: Hone at or below 1.0x handlebars.js.
#
#   bench/render.sh [BUILD_DIR] [ROWS] [RUNS]
#
# Defaults: _build, 100000 rows, 3 timed passes each after one warm-up pass;
# medians. Each program reads every row into memory before its clock starts
# and times only its render loops. Both modes are measured: values as they
# are (Handlebars' noEscape: what Hone writes into model messages) and HTML
# escaping (Handlebars' default). Each program then hashes what it rendered;
# the hashes must be equal, or the bench fails: it cannot compare different
# work.
#
# Needs node and handlebars@4.7.10 in ${XDG_CACHE_HOME:-~/.cache}/hone-oracles
# (build-aux/dev.sh test installs it; or
#  npm install --prefix ~/.cache/hone-oracles handlebars@4.7.10).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
rows=${2:-100000}
runs=${3:-3}

bin="$build/bench/render"
templates="$top/bench/render-templates.json"
hbs=${HONE_HANDLEBARS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles/node_modules/handlebars}
[ -x "$bin" ] || { echo "Build first: $bin is missing" >&2; exit 1; }
command -v node >/dev/null || { echo "Needs node: apt-get install nodejs npm" >&2; exit 1; }
[ -f "$hbs/package.json" ] || {
  echo "Needs handlebars.js: npm install --prefix ${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles handlebars@4.7.10" >&2
  exit 1
}
version=$(node -p "require('$hbs/package.json').version")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" --generate "$rows" "$work/rows.jsonl"
echo "rows: $rows support tickets, $(( $(stat -c %s "$work/rows.jsonl") / 1000000 )) MB of JSON lines; 3 messages each"
echo "runs: $runs timed passes each after one warm-up pass; medians; times in ms for all $rows rows"
echo "node $(node --version), handlebars $version"

get () { sed -n "s/^$1 //p" "$2"; }

status=0
for mode in none html; do
  flag=""
  [ "$mode" = html ] && flag="--escape"
  "$bin" "$work/rows.jsonl" "$templates" "$runs" $flag > "$work/hone.$mode"
  node "$top/bench/render.js" "$hbs" "$work/rows.jsonl" "$templates" "$runs" $flag > "$work/hbs.$mode"

  if [ "$mode" = none ]; then
    echo "escaping off (noEscape, what Hone writes into model messages):"
  else
    echo "HTML escaping (Handlebars' default):"
  fi
  for who in hone hbs; do
    f="$work/$who.$mode"
    name="Hone (bench/render)          "
    [ "$who" = hbs ] && name="handlebars.js (compiled)     "
    ms=$(get median_ms "$f")
    printf '  %s median %8.1f ms  (min %.1f, max %.1f)  %7.0f rows/s  %s bytes  sha256 %.16s…\n' \
      "$name" "$ms" "$(get min_ms "$f")" "$(get max_ms "$f")" \
      "$(awk -v r="$rows" -v ms="$ms" 'BEGIN { print r / ms * 1000 }')" \
      "$(get bytes "$f")" "$(get sha256 "$f")"
  done
  if [ "$(get sha256 "$work/hone.$mode")" != "$(get sha256 "$work/hbs.$mode")" ] ||
     [ "$(get bytes "$work/hone.$mode")" != "$(get bytes "$work/hbs.$mode")" ]; then
    echo "  OUTPUTS DIFFER: Hone and handlebars.js did not render the same text; the times compare nothing" >&2
    status=1
  else
    echo "  identical output (same bytes, same SHA-256)"
  fi
  awk -v h="$(get median_ms "$work/hone.$mode")" -v s="$(get median_ms "$work/hbs.$mode")" \
    'BEGIN { printf "  ratio hone / handlebars.js: %.2f\n", h / s }'
done
exit $status
