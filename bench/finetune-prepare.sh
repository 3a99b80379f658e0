#!/usr/bin/env bash
# bench/finetune-prepare: what starting a fine-tune costs before the first
# byte is sent, on a project of ROWS examples (default 100,000).
#
# Baseline, in the same run: what a person does by hand before uploading a
# file — `hone-cli validate` (the check) then `hone-cli export --format
# chat-jsonl` (the file). Hone: `hone-cli finetune start`, which does both
# and also records the fine-tune, keeps the exact file (zlib) with the
# example behind each line and keeps the template versions. It is pointed
# at a closed port (127.0.0.1:1), so it stops at the first upload with
# "connection refused": the time is everything before sending.
#
#   bench/finetune-prepare.sh [BUILD_DIR] [ROWS] [RUNS]
#
# Not timed: generating the rows (python3, fixed seed: short and long
# questions and answers, some accented and CJK text), `hone-cli import`,
# `hone-cli templates`. Timed: whole processes, after one warm-up of each;
# medians of RUNS (default 3). Prints the ratio start / (validate + export)
# and the size of the kept copy against the file.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
rows=${2:-100000}
runs=${3:-3}
provider=together
model=Qwen/Qwen3-8B
cli="$build/src/cli/hone-cli"
[ -x "$cli" ] || { echo "Build first: $cli is missing" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "Needs sqlite3: apt-get install sqlite3" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

python3 - "$rows" "$work/rows.csv" <<'PY'
import csv, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(6)
words = ("order parcel refund invoice delivery account password screen battery warranty "
         "café naïve Straße 配送 返品 注文 доставка заказ").split()
def text(lo, hi):
    return " ".join(rnd.choice(words) for _ in range(rnd.randint(lo, hi)))
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["product", "question", "answer"])
    for i in range(n):
        w.writerow([rnd.choice(["Hone", "Acme", "Zeta"]), f"{i}: " + text(5, 60), text(10, 200)])
PY
"$cli" import "$work/rows.csv" --project "$work/bench.hone" > /dev/null
"$cli" templates "$work/bench.hone" \
  --system "You answer questions about {{product}} briefly and kindly." \
  --user "{{question}}" --assistant "{{answer}}" > /dev/null

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

validate=("$cli" validate "$work/bench.hone" --provider "$provider" --model "$model" --json)
export_=("$cli" export "$work/bench.hone" --format chat-jsonl -o "$work/train.jsonl")
start=(env TOGETHER_API_KEY=bench-key "$cli" finetune start "$work/bench.hone" --provider "$provider"
       --model "$model" --accept-warnings --base-url http://127.0.0.1:1/v1)

measure warmup-validate "0" "${validate[@]}"
measure warmup-export "0" "${export_[@]}"
measure warmup-start "1" "${start[@]}"
for run in $(seq "$runs"); do
  measure validate "0" "${validate[@]}"
  measure export "0" "${export_[@]}"
  measure start "1" "${start[@]}"
done
grep -q "Hone could not\|could not reach\|refused\|connect" "$work/start.err" ||
  { echo "finetune start did not stop at the upload:" >&2; cat "$work/start.err" >&2; exit 1; }
paste -d' ' "$work/validate.times" "$work/export.times" |
  awk '{ printf "%.3f %.3f\n", $1 + $3, $2 + $4 }' > "$work/baseline.times"

median () {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
line () {
  printf '  %-40s wall %7s s   cpu %7s s\n' "$1" "$(median "$2" 1)" "$(median "$2" 2)"
}

file_size=$(stat -c %s "$work/train.jsonl")
read -r kept_size kept_rows < <(sqlite3 -separator ' ' "$work/bench.hone" \
  "SELECT length(content), n_rows FROM fine_tune_files WHERE role = 'train' ORDER BY fine_tune_id DESC LIMIT 1")
echo "data: $rows examples; chat JSONL $(awk -v b="$file_size" 'BEGIN { printf "%.1f MB", b / 1e6 }');" \
     "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs runs"
line "validate + export chat-jsonl (baseline)" "$work/baseline.times"
line "finetune start, up to the upload" "$work/start.times"
awk -v a="$(median "$work/start.times" 1)" -v b="$(median "$work/baseline.times" 1)" \
    -v c="$(median "$work/start.times" 2)" -v d="$(median "$work/baseline.times" 2)" \
    'BEGIN { printf "  start / baseline: %.2fx wall, %.2fx cpu\n", a / b, c / d }'
awk -v k="$kept_size" -v f="$file_size" -v r="$kept_rows" \
    'BEGIN { printf "  kept copy in the project: %.1f MB for %.1f MB sent (%.0f%%), %d rows\n", k / 1e6, f / 1e6, 100 * k / f, r }'
