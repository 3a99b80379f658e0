/* hone-pretokenizer.h: splitting text into pieces the way an encoding does
 *
 * Before byte-pair encoding, tiktoken cuts the text with a regular expression
 * (the encoding's `pat_str`) and encodes each match on its own; Hugging Face's
 * tokenizers do the same with their `Split` pre-tokenizer. These are
 * hand-written scanners that give exactly the matches of those expressions
 * (leftmost-first alternation and backtracking, as Rust's regex and
 * fancy-regex crates, and Oniguruma, run them), without a regex engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HonePretokenizer:
 * @HONE_PRETOKENIZER_CL100K: the pattern of `cl100k_base`:
 *   `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 *   ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 * @HONE_PRETOKENIZER_O200K: the pattern of `o200k_base` (cased words with the
 *   contraction as a suffix, `/` after punctuation)
 * @HONE_PRETOKENIZER_QWEN2: the `Split` pattern of Qwen2, Qwen2.5 and Qwen3's
 *   tokenizer.json: cl100k_base's with one digit a piece (`\p{N}`, not
 *   `\p{N}{1,3}`)
 */
typedef enum {
  HONE_PRETOKENIZER_CL100K,
  HONE_PRETOKENIZER_O200K,
  HONE_PRETOKENIZER_QWEN2,
} HonePretokenizer;

/* The length in bytes of the piece that starts at @text, where @len > 0
 * bytes of valid UTF-8 remain. A piece is never empty and always ends on a
 * character boundary; calling this again after it walks the whole text. */
gsize               hone_pretokenizer_next              (HonePretokenizer  kind,
                                                         const char       *text,
                                                         gsize             len);

/* The pieces of @text (@len bytes of valid UTF-8, or -1 when
 * NUL-terminated), as new strings; for tests and debugging. */
GStrv               hone_pretokenizer_split             (HonePretokenizer  kind,
                                                         const char       *text,
                                                         gssize            len);

G_END_DECLS
