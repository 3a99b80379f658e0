/* hone-tokenizer.h: counting the tokens of a text as a provider does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HoneTokenizer:
 *
 * One encoding. A tokenizer is shared and lives as long as the program; every
 * function may be called from any thread at the same time.
 *
 * - `cl100k_base`, `o200k_base`: the same token ids and counts as OpenAI's
 *   tiktoken.
 * - `qwen2`: Qwen2, Qwen2.5 and Qwen3 (one vocabulary of 151,643 byte-level
 *   BPE tokens): the same token ids and counts as Hugging Face's tokenizers
 *   library with the models' tokenizer.json, which normalizes the text to
 *   NFC and splits it like cl100k_base but one digit at a time.
 * - `llama3`: an estimate (hone_tokenizer_is_exact() is FALSE). Hone does not
 *   ship Llama 3's tokenizer, whose licence puts conditions on passing it
 *   on; it counts with cl100k_base, which Llama 3's vocabulary extends (its
 *   first 100,256 tokens are cl100k_base's, in the same order, and its split
 *   pattern is the same). So the estimate is never below Llama 3's count: it
 *   is the same for English, code and most European text, about 1.3 times
 *   for Chinese and Japanese, 1.6 for Russian and Korean, 1.9 to 2.1 for
 *   Arabic, Hindi and Thai; 1.10 over tests/core/gen-tokens-corpus's mixed
 *   text (tests/core/test-tokenizer-hf measures it with Meta's tokenizer).
 *   Its ids are cl100k_base's, not Llama 3's, except the special tokens'.
 *
 * What is counted is text, never control tokens: a special token's text in
 * the input (`<|endoftext|>`, `<|im_start|>`, `<think>`) is encoded as the
 * ordinary characters it is made of, as tiktoken's `encode_ordinary()` and
 * `encode(text, disallowed_special=())` do and as OpenAI counts what people
 * send it. Hugging Face's tokenizers differ there: they find the added tokens
 * of a tokenizer.json in the text and make each one token (the ones marked
 * special unless `split_special_tokens` is set; the others, like Qwen3's
 * `<think>`, always). Hone's count of a text with such tags is then higher
 * than theirs; the chat format's own tokens are counted with
 * hone_tokenizer_lookup_special(), one each.
 *
 * The text is UTF-8. Bytes that are not UTF-8 are counted as if each
 * maximal invalid sequence were U+FFFD (the replacement character), which is
 * what a program decoding them with replacement (a browser, Python's
 * `errors="replace"`) would send.
 *
 * The tokens that a chat format adds around each message (OpenAI's
 * per-message overhead, the special tokens of an open model's chat template)
 * are not here: they depend on the model, not only the encoding, and belong
 * to the model catalogue's chat accounting, which will use
 * hone_tokenizer_lookup_special() for the ids.
 */
typedef struct _HoneTokenizer HoneTokenizer;

/* Names of the encodings Hone has, NULL-terminated, static */
const char * const *hone_tokenizer_list_encodings   (void);

/* The tokenizer of @encoding_name, loaded the first time it is asked for
 * (tens of milliseconds). Fails with HONE_ERROR_NOT_FOUND for an unknown
 * name. The tokenizer is never freed. */
HoneTokenizer      *hone_tokenizer_get              (const char     *encoding_name,
                                                     GError        **error);

const char         *hone_tokenizer_get_name         (HoneTokenizer  *self);

/* TRUE when counts are exactly the provider's; an estimating tokenizer (for
 * a model whose tokenizer cannot be shipped: `llama3`) says FALSE, and the
 * interface shows its counts with “≈”. */
gboolean            hone_tokenizer_is_exact         (HoneTokenizer  *self);

/* Number of ids: mergeable tokens and special tokens, i.e. one more than
 * the highest id */
guint               hone_tokenizer_get_n_vocab      (HoneTokenizer  *self);

/* The number of tokens of @text (@len bytes, or -1 when NUL-terminated) */
gsize               hone_tokenizer_count            (HoneTokenizer  *self,
                                                     const char     *text,
                                                     gssize          len);

/* The token ids (guint32) of @text */
GArray             *hone_tokenizer_encode           (HoneTokenizer  *self,
                                                     const char     *text,
                                                     gssize          len);

/* The bytes of the tokens @ids, NUL-terminated, their length in @len. Not
 * always valid UTF-8: a token can be part of a character. Fails with
 * HONE_ERROR_INVALID for an id that is no token. */
char               *hone_tokenizer_decode           (HoneTokenizer  *self,
                                                     const guint32  *ids,
                                                     gsize           n_ids,
                                                     gsize          *len,
                                                     GError        **error);

/* The id of the special token @text (`<|endoftext|>`…), for chat formats:
 * for `qwen2` every added token of Qwen3's tokenizer.json (`<|im_start|>`
 * 151644, `<|im_end|>` 151645, `<|endoftext|>` 151643, `<think>` 151667,
 * `</think>` 151668…), for `llama3` Llama 3's chat tokens with Llama 3's ids
 * (`<|begin_of_text|>` 128000, `<|start_header_id|>` 128006,
 * `<|end_header_id|>` 128007, `<|eot_id|>` 128009…) */
gboolean            hone_tokenizer_lookup_special   (HoneTokenizer  *self,
                                                     const char     *text,
                                                     guint32        *id);

G_END_DECLS
