#!/usr/bin/env bash
# Launches Hone from the build tree under Xvfb and saves a screenshot.
# Used for the README, the AppStream metainfo and the help pages.
#
#   build-aux/screenshot.sh [options] OUT.png
#     --project FILE    open this project (default: none, the projects list)
#     --sample          open a fresh copy of the sample project
#     --list            show the projects list with the sample and two more projects
#     --empty           show the projects list with no projects
#     --page NAME       project page: examples fields templates check fine-tunes playground
#                       compare synthesize feedback (default: examples)
#     --size WxH        window and screen size (default: 1200x760)
#     --dark            dark style
#     --build DIR       build directory (default: _build)
#     --wait SECONDS    time to let it settle (default: 4)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$top/_build"
project=""
mode=list
page=examples
size=1200x760
scheme=default
wait_s=4
out=""

while [ $# -gt 0 ]; do
  case "$1" in
    --project) project=$2; mode=project; shift 2 ;;
    --sample) mode=sample; shift ;;
    --list) mode=list; shift ;;
    --empty) mode=empty; shift ;;
    --page) page=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --dark) scheme=dark; shift ;;
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --wait) wait_s=$2; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) out=$1; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: $0 [options] OUT.png" >&2; exit 2; }
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

width=${size%x*}
height=${size#*x}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$XDG_DATA_HOME/hone/projects" "$XDG_CONFIG_HOME/glib-2.0/settings"

# Settings through the keyfile backend, so the page, size and style can be chosen
cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<KEYS
[app/hone/Hone]
window-width=$width
window-height=$height
project-window-width=$width
project-window-height=$height
last-page='$page'
color-scheme='$scheme'
KEYS

export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data"
export GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none ADW_DISABLE_PORTAL=1
# (the app's icons come from its resources, so nothing needs installing)

cli="$build/src/cli/hone-cli"
projects="$XDG_DATA_HOME/hone/projects"
args=()
case "$mode" in
  sample)
    "$cli" create "$projects/Press releases from facts.hone" --sample >/dev/null
    args=("$projects/Press releases from facts.hone") ;;
  project)
    args=("$project") ;;
  list)
    "$cli" create "$projects/Press releases from facts.hone" --sample >/dev/null
    "$cli" create "$projects/Support ticket triage.hone" --name "Support ticket triage" >/dev/null
    "$cli" create "$projects/Address cleanup.hone" --name "Address cleanup" >/dev/null ;;
  empty) ;;
esac

xvfb-run -a -s "-screen 0 ${width}x${height}x24 -br" \
  dbus-run-session -- bash -c '
    "$0" "${@:3}" &
    pid=$!
    sleep "$1"
    import -window root "$2"
    kill $pid
    wait $pid 2>/dev/null || true
  ' "$build/src/ui/hone" "$wait_s" "$out" "${args[@]}"

echo "$out"
