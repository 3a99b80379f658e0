/* hone-bpe.h: byte-pair encoding with a table of ranks, as tiktoken does it
 *
 * A HoneBpe holds the mergeable tokens of one encoding (the byte strings of a
 * `.tiktoken` file and their ranks, which are also their token ids) and
 * encodes one piece of text at a time, the piece being what the
 * pre-tokenizer cut (see hone-pretokenizer.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HoneBpe HoneBpe;

/* Reads a `.tiktoken` rank file: one line per token, `BASE64 RANK`, ranks
 * 0, 1, 2… in order, every single byte among the tokens. Fails with
 * HONE_ERROR_CORRUPT, naming @name and the line, on anything else. */
HoneBpe         *hone_bpe_new_from_tiktoken     (const char     *name,
                                                 const char     *data,
                                                 gsize           len,
                                                 GError        **error);
void             hone_bpe_free                  (HoneBpe        *self);

/* How many mergeable tokens there are (ranks 0 … n - 1) */
guint            hone_bpe_get_n_tokens          (HoneBpe        *self);

/* The rank of the token made of exactly these bytes */
gboolean         hone_bpe_lookup                (HoneBpe        *self,
                                                 const guint8   *bytes,
                                                 gsize           len,
                                                 guint32        *rank);

/* The bytes of the token with @rank (not NUL-terminated), or NULL */
const guint8    *hone_bpe_get_token             (HoneBpe        *self,
                                                 guint32         rank,
                                                 gsize          *len);

/* Encodes one piece of @len > 0 bytes exactly as tiktoken does: the piece's
 * own token if it is one, otherwise merges of adjacent parts, lowest rank
 * first (the leftmost of equal ranks). Appends the token ids (guint32) to
 * @out unless it is NULL. Returns how many tokens the piece is. */
gsize            hone_bpe_encode_piece          (HoneBpe        *self,
                                                 const guint8   *piece,
                                                 gsize           len,
                                                 GArray         *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneBpe, hone_bpe_free)

/* A cache of the pieces @bpe had to merge, and their tokens, for one
 * thread (it is not locked) */
typedef struct _HoneBpeCache HoneBpeCache;

HoneBpeCache    *hone_bpe_cache_new             (HoneBpe        *bpe);
void             hone_bpe_cache_free            (HoneBpeCache   *cache);

/* hone_bpe_encode_piece() through @cache: the same tokens */
gsize            hone_bpe_encode_piece_cached   (HoneBpeCache   *cache,
                                                 const guint8   *piece,
                                                 gsize           len,
                                                 GArray         *out);

/* For tests: the two ways of merging, which must agree. Quadratic scans
 * (tiktoken's own loop; fast for short pieces) and a heap (for long ones).
 * hone_bpe_encode_piece() picks by length. */
typedef enum {
  HONE_BPE_MERGE_AUTO,
  HONE_BPE_MERGE_SCAN,
  HONE_BPE_MERGE_HEAP,
} HoneBpeMerge;

gsize            hone_bpe_encode_piece_with     (HoneBpe        *self,
                                                 const guint8   *piece,
                                                 gsize           len,
                                                 GArray         *out,
                                                 HoneBpeMerge    merge);

G_END_DECLS
