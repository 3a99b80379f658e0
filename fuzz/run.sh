#!/usr/bin/env bash
# fuzz/run.sh: builds the libFuzzer targets with clang, ASan and UBSan, and
# runs each for SECONDS (default $HONE_FUZZ_SECONDS, or 60). Inputs that
# crash, leak or hang are copied to fuzz/regressions/TARGET/, where
# tests/core/test-fuzz-regressions runs them with every build. Exits 1 when a
# target found something.
#
#   fuzz/run.sh [SECONDS] [BUILD_DIR] [TARGET...]
#
# TARGET is csv-reader, jsonl-reader or template (default: all three). The `fuzz` suite of a
# -Dfuzzing=true build runs it once per target with HONE_FUZZ_PREBUILT=1 (the
# targets are already built: no setup, no ninja); build-aux/dev.sh test runs
# that suite for 30 s per target.
#
# Needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-${HONE_FUZZ_SECONDS:-60}}
build=${2:-$top/_build-fuzz}
targets=(csv-reader jsonl-reader template)
[ $# -gt 2 ] && targets=("${@:3}")

if [ -z "${HONE_FUZZ_PREBUILT:-}" ]; then
  command -v clang >/dev/null || { echo "Needs clang: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
  if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$top" -Dfuzzing=true -Dui=false \
      -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
  fi
  ninja -C "$build" "${targets[@]/#/fuzz/fuzz-}" >/dev/null
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_SLICE=always-malloc G_DEBUG=gc-friendly

found=0
for target in "${targets[@]}"; do
  work=$(mktemp -d)
  mkdir -p "$work/corpus" "$work/artifacts" "$top/fuzz/regressions/$target"
  echo "== fuzz-$target for $seconds s"
  # The corpus grows in $work; fuzz/corpus/ keeps the few seeds
  status=0
  "$build/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -max_len=16384 \
    -dict="$top/fuzz/$target.dict" -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "$top/fuzz/corpus/$target" \
    2> "$work/log" || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' "$work/log" || true
  for crash in "$work"/artifacts/*; do
    [ -e "$crash" ] || continue
    cp "$crash" "$top/fuzz/regressions/$target/"
    echo "found: fuzz/regressions/$target/$(basename "$crash")"
    found=1
  done
  if [ "$status" -ne 0 ]; then
    tail -40 "$work/log"
    found=1
  fi
  rm -rf "$work"
done

exit $found
