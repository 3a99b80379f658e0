#!/usr/bin/env bash
# bench/startup: time from launch to first painted frame, for Hone with the
# sample project and for gnome-text-editor (another GTK 4 app from Debian)
# with a small text file, in the same run on the same X server, as a ratio.
#
#   bench/startup.sh [BUILD_DIR] [RUNS]
#
# Needs: xvfb, dbus, gnome-text-editor (apt-get install gnome-text-editor).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
runs=${2:-15}

if [ -z "${HONE_BENCH_INNER:-}" ]; then
  export HONE_BENCH_INNER=1
  exec xvfb-run -a -s '-screen 0 1280x800x24 -br' dbus-run-session -- "$0" "$build" "$runs"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 ADW_DISABLE_PORTAL=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"

sample="$work/sample.hone"
"$build/src/cli/hone-cli" create "$sample" --sample >/dev/null
printf 'Facts in, a press release out.\n' > "$work/notes.txt"

first_frame="$build/bench/first-frame"

measure () {
  local name=$1; shift
  local out=()
  # one warm-up launch, not counted
  "$first_frame" 20 "$@" >/dev/null || true
  for _ in $(seq "$runs"); do
    out+=("$("$first_frame" 20 "$@")")
    sleep 0.3
  done
  printf '%s\n' "${out[@]}" | sort -n > "$work/$name.txt"
}

median () { awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}' "$1"; }

measure hone "$build/src/ui/hone" "$sample"
measure editor gnome-text-editor --standalone "$work/notes.txt"

h=$(median "$work/hone.txt")
e=$(median "$work/editor.txt")
echo "runs per program: $runs (after one warm-up launch each)"
echo "hone (sample project, Examples page):  median ${h} ms   (min $(head -1 "$work/hone.txt"), max $(tail -1 "$work/hone.txt"))"
echo "gnome-text-editor (one small file):    median ${e} ms   (min $(head -1 "$work/editor.txt"), max $(tail -1 "$work/editor.txt"))"
awk -v h="$h" -v e="$e" 'BEGIN { printf "ratio hone / gnome-text-editor: %.2f\n", h / e }'
