#!/usr/bin/env bash
# bench/import: a generated CSV of ~1 KB rows with quoted multi-line text,
# imported by `hone-cli import` into a new project, and by the sqlite3
# shell (`.mode csv` + `.import`) into a new database, in the same run on
# the same file, as a ratio. Goal: Hone at or below 1.0x the sqlite3 shell.
#
#   bench/import.sh [BUILD_DIR] [MEGABYTES] [RUNS]
#   HONE_BENCH_SHARED=1 bench/import.sh …
#
# With HONE_BENCH_SHARED=1 another connection holds the project open while
# hone-cli imports into it (as the Hone window does): the import then goes
# through the write-ahead log, like every write of an open project, instead
# of the rollback journal it uses when it has the file to itself.
#
# Defaults: _build, 100 MB, 5 runs each (alternating, after one warm-up of
# each); the median is reported. Needs: sqlite3 (apt-get install sqlite3).
#
# Both write to the same file system (a temporary folder) and both end with
# their data on disk: sqlite3 commits with synchronous=FULL in rollback-journal
# mode (its defaults); Hone commits in WAL mode with synchronous=NORMAL and
# copies the log into the project file before it exits (checkpoint), so the
# .hone file alone is complete, as after any write in Hone.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
megabytes=${2:-100}
runs=${3:-5}

hone_cli="$build/src/cli/hone-cli"
gen="$build/bench/gen-import-csv"
for program in "$hone_cli" "$gen"; do
  [ -x "$program" ] || { echo "Build first: $program is missing" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "Needs the sqlite3 shell: apt-get install sqlite3" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
mkdir -p "$XDG_DATA_HOME"

csv="$work/examples.csv"
"$gen" "$csv" "$megabytes" 1
bytes=$(stat -c %s "$csv")
rows=$(( $(sqlite3 :memory: ".mode csv" ".import '$csv' t" "SELECT count(*) FROM t;") ))

now () { date +%s.%N; }

# Each run starts with nothing left to write back from the one before (the
# other program's 100 MB would otherwise be flushed by this one's fsync)
run_hone () {
  rm -f "$work"/bench.hone*
  local holder=""
  if [ -n "${HONE_BENCH_SHARED:-}" ]; then
    "$hone_cli" create "$work/bench.hone" --name bench >/dev/null
    /usr/bin/python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM meta").fetchall()
print("open", flush=True); time.sleep(3600)' "$work/bench.hone" > "$work/holder.out" &
    holder=$!
    until [ -s "$work/holder.out" ]; do sleep 0.05; done
  fi
  sync
  local t0 t1
  t0=$(now)
  "$hone_cli" import "$csv" --project "$work/bench.hone" >/dev/null
  t1=$(now)
  if [ -n "$holder" ]; then kill "$holder"; wait "$holder" 2>/dev/null || true; rm -f "$work/holder.out"; fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

run_sqlite () {
  rm -f "$work"/bench.sqlite*
  sync
  local t0 t1
  t0=$(now)
  sqlite3 "$work/bench.sqlite" ".mode csv" ".import '$csv' examples"
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# Warm-up (the file is in the page cache for both), then alternate
run_hone >/dev/null
run_sqlite >/dev/null
: > "$work/hone.txt"
: > "$work/sqlite.txt"
for _ in $(seq "$runs"); do
  run_hone >> "$work/hone.txt"
  run_sqlite >> "$work/sqlite.txt"
done

median () { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
min () { sort -n "$1" | head -1; }
max () { sort -n "$1" | tail -1; }

# Both hold every row
hone_rows=$("$hone_cli" info "$work/bench.hone" --json | sed -n 's/.*"total" : \([0-9]*\).*/\1/p')
sqlite_rows=$(sqlite3 "$work/bench.sqlite" "SELECT count(*) FROM examples;")
if [ "$hone_rows" != "$rows" ] || [ "$sqlite_rows" != "$rows" ]; then
  echo "row counts differ: file $rows, Hone $hone_rows, sqlite3 $sqlite_rows" >&2
  exit 1
fi

h=$(median "$work/hone.txt")
s=$(median "$work/sqlite.txt")
echo "file: $bytes bytes, $rows rows, 6 columns (2 quoted multi-line text fields per row)"
echo "runs: $runs each, alternating, after one warm-up each; times in seconds"
[ -n "${HONE_BENCH_SHARED:-}" ] && echo "the project is held open by another connection while hone-cli imports (write-ahead log)"
printf 'hone-cli import:        median %.3f s   (min %.3f, max %.3f)   project %s bytes\n' \
  "$h" "$(min "$work/hone.txt")" "$(max "$work/hone.txt")" "$(stat -c %s "$work/bench.hone")"
printf 'sqlite3 .import (csv):  median %.3f s   (min %.3f, max %.3f)   database %s bytes\n' \
  "$s" "$(min "$work/sqlite.txt")" "$(max "$work/sqlite.txt")" "$(stat -c %s "$work/bench.sqlite")"
awk -v h="$h" -v s="$s" 'BEGIN { printf "ratio hone / sqlite3: %.2f\n", h / s }'
