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
 * One encoding (`cl100k_base`, `o200k_base`): the same token ids and counts
 * as OpenAI's tiktoken. A tokenizer is shared and lives as long as the
 * program; every function may be called from any thread at the same time.
 *
 * What is counted is text, never control tokens: a special token's text in
 * the input (`<|endoftext|>`) is encoded as the ordinary characters it is
 * made of, as tiktoken's `encode_ordinary()` and `encode(text,
 * disallowed_special=())` do and as OpenAI counts what people send it.
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

/* TRUE when counts are exactly the provider's (both encodings here are); an
 * estimating tokenizer (for a model whose tokenizer cannot be shipped) says
 * FALSE, and the interface shows its counts with “≈”. */
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

/* The id of the special token @text (`<|endoftext|>`…), for chat formats */
gboolean            hone_tokenizer_lookup_special   (HoneTokenizer  *self,
                                                     const char     *text,
                                                     guint32        *id);

G_END_DECLS
