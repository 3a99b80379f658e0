#!/usr/bin/env bash
# bench/grid: the Examples grid of the real project window (bench/grid-window)
# over a project of 1,000,000 examples, against an empty project, in the same
# run on the same X server: launch to first rows drawn, memory (VmRSS) then,
# jump to the last row, and frame times while scrolling a page every frame.
#
#   bench/grid.sh [BUILD_DIR] [RUNS] [EXAMPLES] [FRAMES]
#
# RUNS launches of each project (3; medians), EXAMPLES in the big project
# (1000000), FRAMES scrolled frames per launch (300). The big project is built
# once per run (about 30 s) unless HONE_BENCH_GRID_PROJECT names a file to
# keep and reuse.
#
# Needs: xvfb, dbus.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
runs=${2:-3}
examples=${3:-1000000}
frames=${4:-300}

if [ -z "${HONE_BENCH_INNER:-}" ]; then
  export HONE_BENCH_INNER=1
  exec xvfb-run -a -s '-screen 0 1280x800x24 -br' dbus-run-session -- "$0" "$build" "$runs" "$examples" "$frames"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 ADW_DISABLE_PORTAL=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"

bin="$build/bench/grid-window"
empty="$work/empty.hone"
big=${HONE_BENCH_GRID_PROJECT:-$work/big.hone}

"$bin" --create 0 "$empty"
if [ ! -f "$big" ]; then
  start=$(date +%s.%N)
  "$bin" --create "$examples" "$big"
  echo "built $examples examples in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s ($(du -m "$big" | cut -f1) MB)"
fi

# One launch: key value lines in $work/NAME.N
launch () {
  local name=$1 file=$2 i=$3
  sync
  HONE_BENCH_LAUNCH_NS=$(date +%s%N) "$bin" "$file" "$frames" > "$work/$name.$i"
}

# one warm-up launch each, not counted; then alternating
launch empty "$empty" 0
launch big "$big" 0
for i in $(seq "$runs"); do
  launch empty "$empty" "$i"
  launch big "$big" "$i"
done

# median of KEY over the counted runs of NAME
median () {
  local name=$1 key=$2
  for i in $(seq "$runs"); do awk -v k="$key" '$1 == k { print $2 }' "$work/$name.$i"; done | sort -g |
    awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
maxof () {
  local name=$1 key=$2
  for i in $(seq "$runs"); do awk -v k="$key" '$1 == k { print $2 }' "$work/$name.$i"; done | sort -g | tail -1
}

rows=$(median big rows)
echo "runs per project: $runs (after one warm-up launch each), $frames scrolled frames per run; medians"
printf '%-44s %12s %12s %8s\n' "" "empty" "$rows ex." "ratio"
row () {
  local label=$1 key=$2 e b
  e=$(median empty "$key"); b=$(median big "$key")
  printf '%-44s %12s %12s %8s\n' "$label" "$e" "$b" "$(awk -v e="$e" -v b="$b" 'BEGIN { if (e > 0) printf "%.2f", b / e; else print "-" }')"
}
row "launch to first painted frame (ms)" first_frame_ms
row "launch to first rows drawn (ms)" first_rows_ms
row "memory then, VmRSS (MiB)" rss_mib
row "jump to the last row (ms)" jump_ms
row "scrolling: frame work, max (ms)" frame_work_max_ms
row "scrolling: frame work, 99th pct (ms)" frame_work_p99_ms
row "scrolling: frame interval, max (ms)" frame_interval_max_ms
row "scrolling: frame interval, 99th pct (ms)" frame_interval_p99_ms
row "memory after scrolling, VmRSS (MiB)" final_rss_mib
echo "worst over the runs: frame interval $(maxof big frame_interval_max_ms) ms, frame work $(maxof big frame_work_max_ms) ms (empty: $(maxof empty frame_interval_max_ms), $(maxof empty frame_work_max_ms))"
awk -v e="$(median empty first_rows_ms)" -v b="$(median big first_rows_ms)" \
    -v me="$(median empty rss_mib)" -v mb="$(median big rss_mib)" -v f="$(maxof big frame_interval_max_ms)" 'BEGIN {
  printf "goals: first rows within 1.5x of empty: %s (%.2fx); under 100 MB more memory: %s (+%.1f MiB); no frame over 50 ms while scrolling: %s (worst %.1f ms)\n",
    (b <= 1.5 * e ? "met" : "NOT met"), b / e, (mb - me < 100 ? "met" : "NOT met"), mb - me, (f <= 50 ? "met" : "NOT met"), f
}'
