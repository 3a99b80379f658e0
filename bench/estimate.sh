#!/usr/bin/env bash
# bench/estimate: checking and costing a fine-tune of 100,000 examples for
# OpenAI (GPT-4o mini, o200k_base) with Hone — `hone-cli validate --json`
# then `hone-cli estimate --json`, the two commands someone runs before a job
# — and, in the same run, with what people do today: a small Node script,
# bench/estimate.js, doing what the OpenAI Cookbook's "Data preparation and
# analysis for chat model fine-tuning" notebook does, with js-tiktoken
# (format checks, tokens per example, too-long examples, duplicates, the
# epochs rule, billed tokens) on the chat JSON Lines file Hone exports.
# Goal: Hone 10x faster. Both must find the same: the bench fails unless the
# examples, the total tokens, the too-long examples, the duplicates, the
# format errors, the epochs and the billed tokens are equal.
#
#   bench/estimate.sh [BUILD_DIR] [ROWS] [RUNS]
#
# Defaults: _build, 100000 examples, 3 timed runs of each side; medians.
# Not timed: generating the rows (`node bench/estimate.js --generate`: eleven
# languages and scripts, short and long, some code, copies, five examples
# over the model's 65,536 tokens), `hone-cli import` into a new project,
# `hone-cli templates`, and `hone-cli export --format chat-jsonl` for the
# Node side. Timed: the wall-clock and CPU time of whole processes, as a
# person waits for them: Hone's two commands after one warm-up pair, and
# `node bench/estimate.js` (no warm-up run: each run is a new process, the
# exported file is still in the page cache, and a run takes minutes). Each
# Hone command reads the project and counts its tokens itself: estimate
# validates again, so "validate + estimate" is two passes over the data;
# the Node script makes one.
#
# The data hold neither U+FEFF nor U+0085: js-tiktoken splits text around
# those two differently from OpenAI's tiktoken (and from Hone, which matches
# tiktoken), so the totals could not be compared.
#
# Needs node and js-tiktoken@1.0.21 in ${XDG_CACHE_HOME:-~/.cache}/hone-oracles
# (build-aux/dev.sh test installs it; or
#  npm install --prefix ~/.cache/hone-oracles js-tiktoken@1.0.21).
# Takes about 25 minutes on 2 cores with the defaults, nearly all of it Node.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
rows=${2:-100000}
runs=${3:-3}
provider=openai
model=gpt-4o-mini-2024-07-18

cli="$build/src/cli/hone-cli"
oracles=${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles
jstiktoken=${HONE_JS_TIKTOKEN_DIR:-$oracles/node_modules/js-tiktoken}
[ -x "$cli" ] || { echo "Build first: $cli is missing" >&2; exit 1; }
command -v node >/dev/null || { echo "Needs node: apt-get install nodejs npm" >&2; exit 1; }
[ -f "$jstiktoken/package.json" ] || {
  echo "Needs js-tiktoken: npm install --prefix ${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles js-tiktoken@1.0.21" >&2
  echo "(build-aux/dev.sh test installs it)" >&2
  exit 1
}
version=$(node -p "require('$jstiktoken/package.json').version")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The data and the project (not timed)
node "$top/bench/estimate.js" --generate "$rows" "$work/rows.jsonl"
"$cli" import "$work/rows.jsonl" --project "$work/bench.hone" > /dev/null
"$cli" templates "$work/bench.hone" \
  --system "You are the support assistant of {{product}}. Answer in {{language}}, briefly and kindly, and stay on the customer's question about {{topic}}." \
  --user "{{question}}" --assistant "{{answer}}" > /dev/null
"$cli" export "$work/bench.hone" --format chat-jsonl -o "$work/chat.jsonl"
max_tokens=$("$cli" models --provider "$provider" --json |
             node -e "const m = JSON.parse(require('fs').readFileSync(0, 'utf8')).find((m) => m.id === '$model');
                      if (!m) process.exit(1);
                      console.log(m.max_example_tokens + ' ' + m.tokenizer)")
tokenizer=${max_tokens#* }
max_tokens=${max_tokens% *}

mb () { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
echo "data: $rows examples (bench/estimate.js --generate $rows), $(mb "$work/rows.jsonl") of JSON lines;" \
     "project $(mb "$work/bench.hone"); chat JSONL $(mb "$work/chat.jsonl")"
echo "model: $provider $model ($tokenizer, examples up to $max_tokens tokens)"
echo "runs: $runs timed runs each (Hone after one warm-up pair); medians of whole processes"
echo "node $(node --version), js-tiktoken $version; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# measure NAME OK_STATUSES COMMAND…: runs COMMAND, output in $work/NAME.out,
# appends "wall cpu" (seconds) to $work/NAME.times
measure () {
  local name=$1 ok=$2 rc=0
  shift 2
  TIMEFORMAT='%R %U %S'
  { time "$@" > "$work/$name.out" 2> "$work/$name.err"; } 2> "$work/$name.time" || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    echo "$name failed (exit status $rc):" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/$name.time" >> "$work/$name.times"
}

# validate exits 1 when it finds errors (here: the too-long examples)
validate=("$cli" validate "$work/bench.hone" --provider "$provider" --model "$model" --json)
estimate=("$cli" estimate "$work/bench.hone" --provider "$provider" --model "$model" --json)
measure warmup-validate "0 1" "${validate[@]}"
measure warmup-estimate "0" "${estimate[@]}"
for run in $(seq "$runs"); do
  measure validate "0 1" "${validate[@]}"
  measure estimate "0" "${estimate[@]}"
done
for run in $(seq "$runs"); do
  measure node "0" node "$top/bench/estimate.js" "$jstiktoken" "$work/chat.jsonl" "$max_tokens" "$tokenizer"
  grep -v '_ms ' "$work/node.out" > "$work/node.result.$run"
  cmp -s "$work/node.result.1" "$work/node.result.$run" ||
    { echo "bench/estimate.js gave different results in two runs" >&2; exit 1; }
done
paste -d' ' "$work/validate.times" "$work/estimate.times" |
  awk '{ printf "%.3f %.3f\n", $1 + $3, $2 + $4 }' > "$work/hone.times"

# median FILE COLUMN
median () {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range () {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "min %.2f, max %.2f", v[1], v[NR] }'
}
line () {
  printf '  %-34s wall %7s s (%s)   cpu %7s s\n' "$1" "$(median "$2" 1)" "$(range "$2" 1)" "$(median "$2" 2)"
}
get () { sed -n "s/^$1 //p" "$2"; }

echo "Hone (hone-cli, $tokenizer):"
line "validate --json" "$work/validate.times"
line "estimate --json" "$work/estimate.times"
line "validate + estimate" "$work/hone.times"
echo "cookbook checks in Node (bench/estimate.js, js-tiktoken $version):"
line "node bench/estimate.js" "$work/node.times"
echo "    last run, inside the process: loading js-tiktoken $(get load_ms "$work/node.out") ms," \
     "reading and parsing $(get read_ms "$work/node.out") ms, checks and counts $(get analyse_ms "$work/node.out") ms"
echo "    tokens per example (the cookbook's distribution): $(get dist.tokens "$work/node.out")"

# Did both do the same work?
node - "$work/validate.out" "$work/estimate.out" "$work/node.result.1" > "$work/compare" <<'JS' || status=$?
const fs = require('fs');
const [vPath, ePath, nPath] = process.argv.slice(2);
const v = JSON.parse(fs.readFileSync(vPath, 'utf8'));
const e = JSON.parse(fs.readFileSync(ePath, 'utf8'));
const n = {};
for (const l of fs.readFileSync(nPath, 'utf8').split('\n')) {
  const i = l.indexOf(' ');
  if (i > 0) n[l.slice(0, i)] = l.slice(i + 1);
}
const code = (c) => v.problems.filter((p) => p.code === c).length;
const kept = v.problems.length === v.counts.error + v.counts.warning + v.counts.info;
const formatCodes = ['no-messages', 'missing-content', 'no-assistant', 'no-user', 'render-failed'];
const rows = [
  ['examples', v.examples.train + v.examples.validation, n.examples],
  ['tokens', v.tokens.train + v.tokens.validation, n.tokens],
  ['too-long examples', kept ? code('too-long') : 'more than kept', n.too_long],
  ['duplicates', kept ? code('duplicate') : 'more than kept', n.duplicates],
  ['format errors', kept ? formatCodes.reduce((s, c) => s + code(c), 0) : 'more than kept', n.format_errors],
  ['epochs', e.epochs, n.epochs],
  ['billed tokens', e.billed_tokens, n.billed_tokens],
];
let same = true;
for (const [what, hone, node] of rows) {
  const ok = String(hone) === String(node);
  same = same && ok;
  console.log(`  ${what.padEnd(18)} Hone ${String(hone).padStart(10)}   Node ${String(node).padStart(10)}   ${ok ? 'same' : 'DIFFERENT'}`);
}
process.exit(same ? 0 : 1);
JS
status=${status:-0}
echo "results:"
cat "$work/compare"
if [ "$status" -ne 0 ]; then
  echo "RESULTS DIFFER: Hone and the cookbook script did not find the same; the times compare nothing" >&2
  exit 1
fi
awk -v h="$(median "$work/hone.times" 1)" -v n="$(median "$work/node.times" 1)" \
    -v hc="$(median "$work/hone.times" 2)" -v nc="$(median "$work/node.times" 2)" \
    -v v="$(median "$work/validate.times" 1)" \
  'BEGIN { printf "Hone (validate + estimate) vs the cookbook in Node: %.1fx faster (wall clock), %.1fx (CPU time); validate alone %.1fx (wall)\n",
           n / h, nc / hc, n / v }'
