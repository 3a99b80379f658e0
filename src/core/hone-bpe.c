/* hone-bpe.c: byte-pair encoding with a table of ranks, as tiktoken does it
 *
 * The tokens' bytes are kept end to end in one block, in rank order, with an
 * open-addressing hash table (linear probing) from bytes to rank. The merge
 * is tiktoken's: start from single bytes, and while some pair of adjacent
 * parts is itself a token, merge the pair whose token has the lowest rank
 * (the leftmost one when two pairs are the same token). Short pieces do it
 * with tiktoken's scans; long ones (a sentence of Chinese is one piece) keep
 * the pairs in a heap ordered by (rank, position), which merges in exactly the
 * same order without the quadratic cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-bpe.h"
#include "hone-error.h"

#define NO_RANK G_MAXUINT32

/* Pieces up to this many bytes merge by scanning; longer ones use the heap
 * (on the stack up to HEAP_STACK_BYTES). Measured with cachegrind on the
 * bench corpus: 16 to 64 are within 10%. */
#define SCAN_MAX_BYTES 32
#define HEAP_STACK_BYTES 256

/* A slot of the hash table holds the token's first bytes, so that most
 * lookups read nothing else (the table is megabytes: each read elsewhere is a
 * cache miss) */
typedef struct {
  guint64 head;   /* the bytes, as key_head() gives them */
  guint32 rank;
  guint32 len;    /* 0: an empty slot */
} Slot;

struct _HoneBpe {
  guint8  *bytes;      /* every token's bytes, in rank order */
  guint32 *offsets;    /* token r is bytes[offsets[r] .. offsets[r + 1]) */
  guint    n_tokens;

  Slot    *slots;      /* the hash table */
  guint64  mask;

  guint32  byte_rank[256];
  guint32 *pair_rank;  /* 65536: the rank of each two-byte token, or NO_RANK */
};

static inline guint64
load64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return v;
}

static inline guint32
load32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return v;
}

static inline guint16
load16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, 2);
  return v;
}

/* The last at most 8 bytes of @p, without reading outside it: overlapping
 * loads (tokens are short; this is the hot path) */
static inline guint64
load_tail (const guint8 *p,
           gsize         len)
{
  if (len >= 4)
    return load32 (p) | ((guint64) load32 (p + len - 4) << 32);
  if (len >= 2)
    return load16 (p) | ((guint64) load16 (p + len - 2) << 16);
  return len == 1 ? p[0] : 0;
}

static inline guint64
hash_bytes (const guint8 *p,
            gsize         len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ (len * 0xFF51AFD7ED558CCDull);

  while (len > 8)
    {
      h = (h ^ load64 (p)) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
      p += 8;
      len -= 8;
    }

  h = (h ^ (len == 8 ? load64 (p) : load_tail (p, len))) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;

  return h;
}

/* memcmp (a, b, len) == 0, inlined for short lengths */
static inline gboolean
equal_bytes (const guint8 *a,
             const guint8 *b,
             gsize         len)
{
  if (len <= 8)
    return len == 8 ? load64 (a) == load64 (b) : load_tail (a, len) == load_tail (b, len);
  if (len <= 16)
    return load64 (a) == load64 (b) && load64 (a + len - 8) == load64 (b + len - 8);

  return memcmp (a, b, len) == 0;
}

/* All of a token's bytes when it has at most 8, else its first 8 */
static inline guint64
key_head (const guint8 *bytes,
          gsize         len)
{
  return len >= 8 ? load64 (bytes) : load_tail (bytes, len);
}

static inline guint32
lookup_hashed (const HoneBpe *self,
               const guint8  *bytes,
               gsize          len,
               guint64        hash)
{
  guint64 head = key_head (bytes, len);
  guint64 i = hash & self->mask;

  for (;;)
    {
      const Slot *slot = &self->slots[i];

      if (slot->len == 0)
        return NO_RANK;

      if (slot->len == len && slot->head == head &&
          (len <= 8 || equal_bytes (self->bytes + self->offsets[slot->rank] + 8, bytes + 8, len - 8)))
        return slot->rank;

      i = (i + 1) & self->mask;
    }
}

static inline guint32
lookup (const HoneBpe *self,
        const guint8  *bytes,
        gsize          len)
{
  return lookup_hashed (self, bytes, len, hash_bytes (bytes, len));
}

/* lookup() for the pairs of a merge: two bytes from the table */
static inline guint32
pair_lookup (const HoneBpe *self,
             const guint8  *bytes,
             gsize          len)
{
  if (len == 2)
    return self->pair_rank[(bytes[0] << 8) | bytes[1]];

  return lookup (self, bytes, len);
}

static gboolean
insert (HoneBpe *self,
        guint32  rank)
{
  const guint8 *bytes = self->bytes + self->offsets[rank];
  gsize len = self->offsets[rank + 1] - self->offsets[rank];
  guint64 i = hash_bytes (bytes, len) & self->mask;

  if (lookup (self, bytes, len) != NO_RANK)
    return FALSE;

  while (self->slots[i].len != 0)
    i = (i + 1) & self->mask;

  self->slots[i].head = key_head (bytes, len);
  self->slots[i].rank = rank;
  self->slots[i].len = len;
  return TRUE;
}

static const gint8 base64_values[256] = {
  ['A'] =  1, ['B'] =  2, ['C'] =  3, ['D'] =  4, ['E'] =  5, ['F'] =  6, ['G'] =  7, ['H'] =  8,
  ['I'] =  9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16,
  ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
  ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
  ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
  ['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
  ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
  ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};

/* Decodes padded base64 from @in into @out; returns the number of bytes, or
 * -1 if @in is not base64 */
static gssize
decode_base64 (const char *in,
               gsize       len,
               guint8     *out)
{
  gsize n = 0;

  if (len == 0 || len % 4 != 0)
    return -1;

  for (gsize i = 0; i < len; i += 4)
    {
      gint v[4];
      guint pad = 0;

      for (guint j = 0; j < 4; j++)
        {
          guchar c = in[i + j];

          if (c == '=' && i + 4 == len && j >= 2)
            {
              v[j] = 0;
              pad++;
              continue;
            }
          if (pad > 0 || base64_values[c] == 0)
            return -1;
          v[j] = base64_values[c] - 1;
        }

      out[n++] = (v[0] << 2) | (v[1] >> 4);
      if (pad < 2)
        out[n++] = ((v[1] & 0xF) << 4) | (v[2] >> 2);
      if (pad < 1)
        out[n++] = ((v[2] & 0x3) << 6) | v[3];
    }

  return n;
}

static gboolean
corrupt (GError     **error,
         const char  *name,
         gsize        line)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
               /* Translators: %s is the name of a tokenizer, like “cl100k_base” */
               _("The token table of “%s” that comes with Hone is damaged (line %" G_GSIZE_FORMAT "). Please report this."),
               name, line);
  return FALSE;
}

/* One line of a .tiktoken file, `BASE64 RANK`, whose rank must be the next
 * one; adds the token */
static gboolean
read_line (HoneBpe    *self,
           const char *line,
           const char *eol,
           gsize      *n_bytes)
{
  const char *space = memchr (line, ' ', eol - line);
  const guint8 *bytes;
  guint64 rank;
  char *rank_end;
  gssize n;

  if (space == NULL || space + 1 == eol || !g_ascii_isdigit (space[1]))
    return FALSE;

  rank = g_ascii_strtoull (space + 1, &rank_end, 10);
  if (rank_end != eol || rank != self->n_tokens)
    return FALSE;

  n = decode_base64 (line, space - line, self->bytes + *n_bytes);
  if (n <= 0)
    return FALSE;

  self->offsets[self->n_tokens] = *n_bytes;
  self->offsets[self->n_tokens + 1] = *n_bytes + n;
  if (!insert (self, self->n_tokens))
    return FALSE; /* the same bytes twice */

  bytes = self->bytes + *n_bytes;
  if (n == 1)
    self->byte_rank[bytes[0]] = self->n_tokens;
  else if (n == 2)
    self->pair_rank[(bytes[0] << 8) | bytes[1]] = self->n_tokens;

  *n_bytes += n;
  self->n_tokens++;

  return TRUE;
}

HoneBpe *
hone_bpe_new_from_tiktoken (const char  *name,
                            const char  *data,
                            gsize        len,
                            GError     **error)
{
  g_autoptr(HoneBpe) self = g_new0 (HoneBpe, 1);
  const char *p = data;
  const char *end = data + len;
  gsize n_lines = 0;
  gsize capacity = 1;
  gsize n_bytes = 0;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  for (const char *q = data; q < end; q++)
    n_lines += (*q == '\n');
  if (len > 0 && end[-1] != '\n')
    n_lines++;

  if (n_lines < 256 || n_lines >= G_MAXUINT32 / 4)
    {
      corrupt (error, name, n_lines);
      return NULL;
    }

  self->bytes = g_malloc (len / 4 * 3 + 1);
  self->offsets = g_new (guint32, n_lines + 1);
  while (capacity < n_lines * 2)
    capacity <<= 1;
  self->slots = g_new0 (Slot, capacity);
  self->mask = capacity - 1;
  for (guint i = 0; i < 256; i++)
    self->byte_rank[i] = NO_RANK;
  self->pair_rank = g_new (guint32, 65536);
  for (guint i = 0; i < 65536; i++)
    self->pair_rank[i] = NO_RANK;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);

      if (eol == NULL)
        eol = end;
      if (!read_line (self, p, eol, &n_bytes))
        {
          corrupt (error, name, self->n_tokens + 1);
          return NULL;
        }
      p = eol + 1;
    }

  for (guint i = 0; i < 256; i++)
    if (self->byte_rank[i] == NO_RANK)
      {
        corrupt (error, name, self->n_tokens);
        return NULL;
      }

  return g_steal_pointer (&self);
}

void
hone_bpe_free (HoneBpe *self)
{
  if (self == NULL)
    return;

  g_free (self->bytes);
  g_free (self->offsets);
  g_free (self->slots);
  g_free (self->pair_rank);
  g_free (self);
}

guint
hone_bpe_get_n_tokens (HoneBpe *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_tokens;
}

gboolean
hone_bpe_lookup (HoneBpe      *self,
                 const guint8 *bytes,
                 gsize         len,
                 guint32      *rank)
{
  guint32 r;

  g_return_val_if_fail (self != NULL, FALSE);

  r = lookup (self, bytes, len);
  if (rank != NULL)
    *rank = r;

  return r != NO_RANK;
}

const guint8 *
hone_bpe_get_token (HoneBpe *self,
                    guint32  rank,
                    gsize   *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (rank >= self->n_tokens)
    {
      if (len != NULL)
        *len = 0;
      return NULL;
    }

  if (len != NULL)
    *len = self->offsets[rank + 1] - self->offsets[rank];

  return self->bytes + self->offsets[rank];
}

/* The token of piece[start .. end): a single byte, or a merge made earlier */
static inline guint32
part_token (const HoneBpe *self,
            const guint8  *piece,
            guint32        start,
            guint32        end)
{
  if (end - start == 1)
    return self->byte_rank[piece[start]];

  return pair_lookup (self, piece + start, end - start);
}

/* tiktoken's loop: parts as a list of start positions, each with the rank of
 * the pair it starts; find the lowest (first one on ties), merge, update the
 * two ranks around it. */
static gsize
merge_scan (const HoneBpe *self,
            const guint8  *piece,
            gsize          len,
            guint32       *tokens)
{
  guint32 starts[SCAN_MAX_BYTES + 1];
  guint32 ranks[SCAN_MAX_BYTES];
  guint32 *start = starts;
  guint32 *rank = ranks;
  g_autofree guint32 *heap_starts = NULL;
  g_autofree guint32 *heap_ranks = NULL;
  gsize n = len; /* number of parts */

  if (len > SCAN_MAX_BYTES)
    {
      start = heap_starts = g_new (guint32, len + 1);
      rank = heap_ranks = g_new (guint32, len);
    }

  for (gsize i = 0; i <= len; i++)
    start[i] = i;
  for (gsize i = 0; i + 1 < len; i++)
    rank[i] = pair_lookup (self, piece + i, 2);
  rank[len - 1] = NO_RANK;

  for (;;)
    {
      guint32 best = NO_RANK;
      gsize at = 0;

      for (gsize i = 0; i + 1 < n; i++)
        if (rank[i] < best)
          {
            best = rank[i];
            at = i;
          }

      if (best == NO_RANK)
        break;

      /* Part at + 1 joins part at */
      memmove (start + at + 1, start + at + 2, (n - at - 1) * sizeof (guint32));
      memmove (rank + at + 1, rank + at + 2, (n - at - 2) * sizeof (guint32));
      n--;

      rank[at] = at + 1 < n ? pair_lookup (self, piece + start[at], start[at + 2] - start[at]) : NO_RANK;
      if (at > 0)
        rank[at - 1] = pair_lookup (self, piece + start[at - 1], start[at + 1] - start[at - 1]);
    }

  if (tokens != NULL)
    for (gsize i = 0; i < n; i++)
      tokens[i] = part_token (self, piece, start[i], start[i + 1]);

  return n;
}

#define DEAD G_MAXUINT32

static inline void
heap_push (guint64 *heap,
           gsize   *n,
           guint64  value)
{
  gsize i = (*n)++;

  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (heap[parent] <= value)
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = value;
}

static inline guint64
heap_pop (guint64 *heap,
          gsize   *n)
{
  guint64 top = heap[0];
  guint64 last = heap[--(*n)];
  gsize i = 0;

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= *n)
        break;
      if (child + 1 < *n && heap[child + 1] < heap[child])
        child++;
      if (heap[child] >= last)
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*n > 0)
    heap[i] = last;

  return top;
}

/* The same merges, in the same order: a heap of (rank, start) holds every
 * pair; an entry whose pair has changed since is skipped when it comes up
 * (a pair's bytes only grow, so a changed pair is another token with another
 * rank). Equal ranks come out leftmost first, as in the scan. */
static gsize
merge_heap (const HoneBpe *self,
            const guint8  *piece,
            gsize          len,
            guint32       *tokens)
{
  guint32 stack_next[HEAP_STACK_BYTES], stack_prev[HEAP_STACK_BYTES], stack_rank[HEAP_STACK_BYTES];
  guint64 stack_heap[3 * HEAP_STACK_BYTES];
  g_autofree guint32 *allocated = NULL;
  g_autofree guint64 *allocated_heap = NULL;
  guint32 *next = stack_next;  /* start of the next part, or len; DEAD */
  guint32 *prev = stack_prev;
  guint32 *rank = stack_rank;  /* rank of the pair starting here */
  guint64 *heap = stack_heap;
  gsize n_heap = 0;
  gsize n = 0;

  if (len > HEAP_STACK_BYTES)
    {
      allocated = g_new (guint32, 3 * len);
      next = allocated;
      prev = allocated + len;
      rank = allocated + 2 * len;
      heap = allocated_heap = g_new (guint64, 3 * len);
    }

  for (gsize i = 0; i < len; i++)
    {
      next[i] = i + 1;
      prev[i] = i > 0 ? i - 1 : DEAD;
      rank[i] = i + 1 < len ? pair_lookup (self, piece + i, 2) : NO_RANK;
      if (rank[i] != NO_RANK)
        heap_push (heap, &n_heap, ((guint64) rank[i] << 32) | i);
    }

  while (n_heap > 0)
    {
      guint64 top = heap_pop (heap, &n_heap);
      guint32 r = top >> 32;
      guint32 i = (guint32) top;
      guint32 j, k;

      if (next[i] == DEAD || rank[i] != r)
        continue;

      /* Part j joins part i; the merged part ends at k */
      j = next[i];
      k = next[j];
      next[j] = DEAD;
      next[i] = k;
      if (k < len)
        prev[k] = i;

      rank[i] = k < len ? pair_lookup (self, piece + i, next[k] - i) : NO_RANK;
      if (rank[i] != NO_RANK)
        heap_push (heap, &n_heap, ((guint64) rank[i] << 32) | i);

      if (prev[i] != DEAD)
        {
          guint32 p = prev[i];

          rank[p] = pair_lookup (self, piece + p, k - p);
          if (rank[p] != NO_RANK)
            heap_push (heap, &n_heap, ((guint64) rank[p] << 32) | p);
        }
    }

  for (guint32 i = 0; i < len; i = next[i])
    {
      if (tokens != NULL)
        tokens[n] = part_token (self, piece, i, next[i]);
      n++;
    }

  return n;
}

/* Merges a piece that is not a token; writes its tokens to @tokens (room
 * for @len) unless it is NULL */
static gsize
merge_piece (const HoneBpe *self,
             const guint8  *piece,
             gsize          len,
             guint32       *tokens,
             HoneBpeMerge   merge)
{
  if (merge == HONE_BPE_MERGE_AUTO)
    merge = len <= SCAN_MAX_BYTES ? HONE_BPE_MERGE_SCAN : HONE_BPE_MERGE_HEAP;

  if (merge == HONE_BPE_MERGE_SCAN)
    return merge_scan (self, piece, len, tokens);

  return merge_heap (self, piece, len, tokens);
}

static gsize
merge_piece_to_array (const HoneBpe *self,
                      const guint8  *piece,
                      gsize          len,
                      GArray        *out,
                      HoneBpeMerge   merge)
{
  guint old_len;
  gsize n;

  if (out == NULL)
    return merge_piece (self, piece, len, NULL, merge);

  old_len = out->len;
  g_array_set_size (out, old_len + len);
  n = merge_piece (self, piece, len, &g_array_index (out, guint32, old_len), merge);
  g_array_set_size (out, old_len + n);

  return n;
}

gsize
hone_bpe_encode_piece_with (HoneBpe      *self,
                            const guint8 *piece,
                            gsize         len,
                            GArray       *out,
                            HoneBpeMerge  merge)
{
  guint32 token;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (piece != NULL, 0);
  g_return_val_if_fail (len > 0, 0);
  g_return_val_if_fail (len < G_MAXUINT32, 0);

  if (len == 1)
    token = self->byte_rank[piece[0]];
  else
    token = lookup (self, piece, len);

  if (token != NO_RANK)
    {
      if (out != NULL)
        g_array_append_val (out, token);
      return 1;
    }

  return merge_piece_to_array (self, piece, len, out, merge);
}

gsize
hone_bpe_encode_piece (HoneBpe      *self,
                       const guint8 *piece,
                       gsize         len,
                       GArray       *out)
{
  return hone_bpe_encode_piece_with (self, piece, len, out, HONE_BPE_MERGE_AUTO);
}

/* The piece cache: pieces that are not tokens themselves and had to be
 * merged, with their tokens. Direct-mapped (a new piece replaces whatever was
 * in its entry), 64-byte entries, 256 KiB. Pieces that are tokens are not
 * kept: the table answers them in one lookup. */
#define CACHE_ENTRIES    4096
#define CACHE_MAX_BYTES  30
#define CACHE_MAX_TOKENS 8

typedef struct {
  guint8  len;        /* 0: empty */
  guint8  n_tokens;
  guint8  bytes[CACHE_MAX_BYTES];
  guint32 tokens[CACHE_MAX_TOKENS];
} CacheEntry;

G_STATIC_ASSERT (sizeof (CacheEntry) == 64);

struct _HoneBpeCache {
  HoneBpe    *bpe;
  CacheEntry  entries[CACHE_ENTRIES];
};

HoneBpeCache *
hone_bpe_cache_new (HoneBpe *bpe)
{
  HoneBpeCache *cache;

  g_return_val_if_fail (bpe != NULL, NULL);

  cache = g_new0 (HoneBpeCache, 1);
  cache->bpe = bpe;

  return cache;
}

void
hone_bpe_cache_free (HoneBpeCache *cache)
{
  g_free (cache);
}

gsize
hone_bpe_encode_piece_cached (HoneBpeCache *cache,
                              const guint8 *piece,
                              gsize         len,
                              GArray       *out)
{
  const HoneBpe *self;
  CacheEntry *entry;
  guint32 tokens[CACHE_MAX_BYTES];
  guint64 hash;
  guint32 token;
  gsize n;

  g_return_val_if_fail (cache != NULL, 0);
  g_return_val_if_fail (piece != NULL, 0);
  g_return_val_if_fail (len > 0, 0);
  g_return_val_if_fail (len < G_MAXUINT32, 0);

  self = cache->bpe;

  if (len == 1)
    {
      if (out != NULL)
        g_array_append_val (out, self->byte_rank[piece[0]]);
      return 1;
    }

  hash = hash_bytes (piece, len);

  if (len > CACHE_MAX_BYTES)
    {
      token = lookup_hashed (self, piece, len, hash);
      if (token == NO_RANK)
        return merge_piece_to_array (self, piece, len, out, HONE_BPE_MERGE_AUTO);
      if (out != NULL)
        g_array_append_val (out, token);
      return 1;
    }

  entry = &cache->entries[(hash >> 40) & (CACHE_ENTRIES - 1)];
  if (entry->len == len && equal_bytes (entry->bytes, piece, len))
    {
      if (out != NULL)
        g_array_append_vals (out, entry->tokens, entry->n_tokens);
      return entry->n_tokens;
    }

  token = lookup_hashed (self, piece, len, hash);
  if (token != NO_RANK)
    {
      if (out != NULL)
        g_array_append_val (out, token);
      return 1;
    }

  n = merge_piece (self, piece, len, tokens, HONE_BPE_MERGE_AUTO);
  if (n <= CACHE_MAX_TOKENS)
    {
      entry->len = len;
      entry->n_tokens = n;
      memcpy (entry->bytes, piece, len);
      memcpy (entry->tokens, tokens, n * sizeof (guint32));
    }
  if (out != NULL)
    g_array_append_vals (out, tokens, n);

  return n;
}
