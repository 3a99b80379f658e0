/* hone-tokenizer.c: counting the tokens of a text as a provider does
 *
 * An encoding is a pre-tokenizer (hone-pretokenizer.c: the text cut into
 * pieces the way the encoding's regular expression cuts it), a table of
 * mergeable tokens (hone-bpe.c, from the rank file in the core's resources)
 * and its special tokens. Pieces are encoded one at a time, as tiktoken's
 * `encode_ordinary()` does. Qwen2's text is first normalized to NFC, as its
 * tokenizer.json's normalizer does; `llama3` is cl100k_base under another
 * name, an estimate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "hone-bpe.h"
#include "hone-core-resources.h"
#include "hone-error.h"
#include "hone-pretokenizer.h"
#include "hone-tokenizer.h"
#include "hone-tokenizer-private.h"

#define RESOURCE_DIR "/app/hone/Hone/core/tokenizers/"

typedef struct {
  const char *text;
  guint32     id;
} SpecialToken;

/* From tiktoken's tiktoken_ext/openai_public.py (and the oracle's
 * encodings.json) */
static const SpecialToken cl100k_specials[] = {
  { "<|endoftext|>", 100257 },
  { "<|fim_prefix|>", 100258 },
  { "<|fim_middle|>", 100259 },
  { "<|fim_suffix|>", 100260 },
  { "<|endofprompt|>", 100276 },
};

static const SpecialToken o200k_specials[] = {
  { "<|endoftext|>", 199999 },
  { "<|endofprompt|>", 200018 },
};

/* The added tokens of Qwen3's tokenizer.json (data/tokenizers/README.md;
 * convert-hf.py prints them) */
static const SpecialToken qwen2_specials[] = {
  { "<|endoftext|>", 151643 },
  { "<|im_start|>", 151644 },
  { "<|im_end|>", 151645 },
  { "<|object_ref_start|>", 151646 },
  { "<|object_ref_end|>", 151647 },
  { "<|box_start|>", 151648 },
  { "<|box_end|>", 151649 },
  { "<|quad_start|>", 151650 },
  { "<|quad_end|>", 151651 },
  { "<|vision_start|>", 151652 },
  { "<|vision_end|>", 151653 },
  { "<|vision_pad|>", 151654 },
  { "<|image_pad|>", 151655 },
  { "<|video_pad|>", 151656 },
  { "<tool_call>", 151657 },
  { "</tool_call>", 151658 },
  { "<|fim_prefix|>", 151659 },
  { "<|fim_middle|>", 151660 },
  { "<|fim_suffix|>", 151661 },
  { "<|fim_pad|>", 151662 },
  { "<|repo_name|>", 151663 },
  { "<|file_sep|>", 151664 },
  { "<tool_response>", 151665 },
  { "</tool_response>", 151666 },
  { "<think>", 151667 },
  { "</think>", 151668 },
};

/* Llama 3's chat tokens, with Llama 3's ids (from Meta's tokenizer.json for
 * Llama 3, and Llama 3.1's for <|finetune_right_pad_id|>, <|eom_id|> and
 * <|python_tag|>, which 3.0 calls reserved). Only these ids are Llama's: the
 * rest of the estimate is cl100k_base's. */
static const SpecialToken llama3_specials[] = {
  { "<|begin_of_text|>", 128000 },
  { "<|end_of_text|>", 128001 },
  { "<|finetune_right_pad_id|>", 128004 },
  { "<|start_header_id|>", 128006 },
  { "<|end_header_id|>", 128007 },
  { "<|eom_id|>", 128008 },
  { "<|eot_id|>", 128009 },
  { "<|python_tag|>", 128010 },
};

typedef struct {
  const char         *name;
  const char         *resource;      /* gzip-compressed .tiktoken file */
  gsize               size;          /* of the decompressed file */
  guint               n_mergeable;   /* ranks 0 … n_mergeable - 1 */
  HonePretokenizer    pretokenizer;
  const SpecialToken *specials;
  guint               n_specials;
  gboolean            nfc;           /* normalize the text to NFC first */
  gint                table_of;      /* ≥ 0: uses that encoding's table */
} Encoding;

enum { CL100K, O200K, QWEN2, LLAMA3 };

static const Encoding encodings[] = {
  [CL100K] = { "cl100k_base", RESOURCE_DIR "cl100k_base.tiktoken.gz", 1681126, 100256,
               HONE_PRETOKENIZER_CL100K, cl100k_specials, G_N_ELEMENTS (cl100k_specials),
               FALSE, -1 },
  [O200K] = { "o200k_base", RESOURCE_DIR "o200k_base.tiktoken.gz", 3613922, 199998,
              HONE_PRETOKENIZER_O200K, o200k_specials, G_N_ELEMENTS (o200k_specials),
              FALSE, -1 },
  [QWEN2] = { "qwen2", RESOURCE_DIR "qwen2.tiktoken.gz", 2561218, 151643,
              HONE_PRETOKENIZER_QWEN2, qwen2_specials, G_N_ELEMENTS (qwen2_specials),
              TRUE, -1 },
  /* An estimate (see hone-tokenizer.h): Llama 3's split pattern is
   * cl100k_base's and its vocabulary extends cl100k_base's */
  [LLAMA3] = { "llama3", NULL, 0, 100256,
               HONE_PRETOKENIZER_CL100K, llama3_specials, G_N_ELEMENTS (llama3_specials),
               FALSE, CL100K },
};

static const char * const encoding_names[] = { "cl100k_base", "o200k_base", "qwen2", "llama3", NULL };

struct _HoneTokenizer {
  const Encoding *encoding;
  HoneBpe        *bpe;
  guint           n_vocab;
  guint           cache_index;  /* of the encoding whose table this is */
};

static HoneTokenizer *tokenizers[G_N_ELEMENTS (encodings)];
static GMutex load_lock;

/* Each thread has its own piece caches (hone-bpe.c), one per encoding, made
 * when it first counts and freed when it ends */
typedef struct {
  HoneBpeCache *caches[G_N_ELEMENTS (encodings)];
} ThreadCaches;

static void
thread_caches_free (gpointer data)
{
  ThreadCaches *thread_caches = data;

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    g_clear_pointer (&thread_caches->caches[i], hone_bpe_cache_free);
  g_free (thread_caches);
}

static GPrivate thread_caches_key = G_PRIVATE_INIT (thread_caches_free);

const char * const *
hone_tokenizer_list_encodings (void)
{
  return encoding_names;
}

static gboolean
damaged (GError     **error,
         const char  *name)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
               /* Translators: %s is the name of a tokenizer, like “cl100k_base” */
               _("The token table of “%s” that comes with Hone is damaged. Please report this."),
               name);
  return FALSE;
}

/* The rank file, decompressed */
static GBytes *
load_rank_file (const Encoding  *encoding,
                GError         **error)
{
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GConverter) converter = NULL;
  g_autoptr(GByteArray) out = NULL;
  const guint8 *in;
  gsize in_left;
  gsize used = 0;

  compressed = g_resource_lookup_data (hone_core_get_resource (), encoding->resource,
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (compressed == NULL)
    {
      damaged (error, encoding->name);
      return NULL;
    }

  converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  out = g_byte_array_sized_new (encoding->size + 1);
  g_byte_array_set_size (out, encoding->size + 1);
  in = g_bytes_get_data (compressed, &in_left);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize read = 0, written = 0;
      GConverterResult result;

      if (used == out->len)
        g_byte_array_set_size (out, out->len * 2);

      result = g_converter_convert (converter, in, in_left, out->data + used, out->len - used,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_byte_array_set_size (out, out->len * 2);
              continue;
            }
          damaged (error, encoding->name);
          return NULL;
        }

      in += read;
      in_left -= read;
      used += written;

      if (result == G_CONVERTER_FINISHED)
        break;
    }

  g_byte_array_set_size (out, used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* @shared: the tokenizer whose table @encoding uses, or NULL to load its own */
static HoneTokenizer *
load (const Encoding  *encoding,
      HoneTokenizer   *shared,
      GError         **error)
{
  HoneTokenizer *self;
  HoneBpe *bpe;

  if (shared != NULL)
    bpe = shared->bpe;
  else
    {
      g_autoptr(GBytes) file = NULL;
      gsize len;
      const char *data;

      file = load_rank_file (encoding, error);
      if (file == NULL)
        return NULL;

      data = g_bytes_get_data (file, &len);
      bpe = hone_bpe_new_from_tiktoken (encoding->name, data, len, error);
      if (bpe == NULL)
        return NULL;
    }

  if (hone_bpe_get_n_tokens (bpe) != encoding->n_mergeable)
    {
      if (shared == NULL)
        hone_bpe_free (bpe);
      damaged (error, encoding->name);
      return NULL;
    }

  self = g_new0 (HoneTokenizer, 1);
  self->encoding = encoding;
  self->bpe = bpe;
  self->cache_index = shared != NULL ? shared->cache_index : (guint) (encoding - encodings);
  self->n_vocab = encoding->n_mergeable;
  for (guint i = 0; i < encoding->n_specials; i++)
    self->n_vocab = MAX (self->n_vocab, encoding->specials[i].id + 1);

  return self;
}

static HoneTokenizer *
get_encoding (guint    i,
              GError **error)
{
  HoneTokenizer *self;
  HoneTokenizer *shared = NULL;

  self = g_atomic_pointer_get (&tokenizers[i]);
  if (self != NULL)
    return self;

  /* The table it shares, loaded first (not under the lock: that takes it) */
  if (encodings[i].table_of >= 0)
    {
      shared = get_encoding (encodings[i].table_of, error);
      if (shared == NULL)
        return NULL;
    }

  g_mutex_lock (&load_lock);
  self = tokenizers[i];
  if (self == NULL)
    {
      self = load (&encodings[i], shared, error);
      if (self != NULL)
        g_atomic_pointer_set (&tokenizers[i], self);
    }
  g_mutex_unlock (&load_lock);

  return self;
}

HoneTokenizer *
hone_tokenizer_get (const char  *encoding_name,
                    GError     **error)
{
  g_return_val_if_fail (encoding_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (g_str_equal (encodings[i].name, encoding_name))
      return get_encoding (i, error);

  {
    g_autofree char *known = g_strjoinv (", ", (char **) encoding_names);

    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 /* Translators: the first %s is a name someone gave, the second a list of names */
                 _("Hone has no tokenizer called “%s”. It has these: %s."),
                 encoding_name, known);
  }
  return NULL;
}

const char *
hone_tokenizer_get_name (HoneTokenizer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding->name;
}

gboolean
hone_tokenizer_is_exact (HoneTokenizer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->encoding->table_of < 0;
}

HoneBpe *
hone_tokenizer_get_bpe (HoneTokenizer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bpe;
}

HonePretokenizer
hone_tokenizer_get_pretokenizer (HoneTokenizer *self)
{
  g_return_val_if_fail (self != NULL, HONE_PRETOKENIZER_CL100K);

  return self->encoding->pretokenizer;
}

guint
hone_tokenizer_get_n_vocab (HoneTokenizer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_vocab;
}

/* The length of the valid UTF-8 at the start of @text (zero bytes allowed) */
static gsize
valid_utf8_prefix (const guchar *text,
                   gsize         len)
{
  const guchar *p = text;
  const guchar *end = text + len;

  while (p < end)
    {
      guchar b = *p;
      guint n;
      guchar lo = 0x80, hi = 0xBF;

      if (b < 0x80)
        {
          /* Eight ASCII bytes at a time */
          while (end - p >= 8)
            {
              guint64 v;

              memcpy (&v, p, 8);
              if (v & G_GUINT64_CONSTANT (0x8080808080808080))
                break;
              p += 8;
            }
          if (p < end && *p < 0x80)
            p++;
          continue;
        }

      if (b >= 0xC2 && b <= 0xDF)
        n = 2;
      else if (b >= 0xE0 && b <= 0xEF)
        {
          n = 3;
          if (b == 0xE0)
            lo = 0xA0;
          else if (b == 0xED)
            hi = 0x9F;
        }
      else if (b >= 0xF0 && b <= 0xF4)
        {
          n = 4;
          if (b == 0xF0)
            lo = 0x90;
          else if (b == 0xF4)
            hi = 0x8F;
        }
      else
        break;

      if ((gsize) (end - p) < n || p[1] < lo || p[1] > hi)
        break;
      if (n >= 3 && (p[2] & 0xC0) != 0x80)
        break;
      if (n == 4 && (p[3] & 0xC0) != 0x80)
        break;
      p += n;
    }

  return p - text;
}

/* @text with each maximal invalid sequence replaced by U+FFFD, as the
 * WHATWG decoder and Python's errors="replace" do */
static GString *
make_valid (const guchar *text,
            gsize         len)
{
  GString *out = g_string_sized_new (len + 16);
  const guchar *p = text;
  const guchar *end = text + len;

  while (p < end)
    {
      gsize valid = valid_utf8_prefix (p, end - p);
      guchar b;
      guint n;
      guchar lo = 0x80, hi = 0xBF;
      guint k;

      g_string_append_len (out, (const char *) p, valid);
      p += valid;
      if (p == end)
        break;

      /* The longest start of a well-formed sequence, at least one byte */
      b = *p;
      if (b >= 0xC2 && b <= 0xDF)
        n = 2;
      else if (b >= 0xE0 && b <= 0xEF)
        {
          n = 3;
          lo = b == 0xE0 ? 0xA0 : 0x80;
          hi = b == 0xED ? 0x9F : 0xBF;
        }
      else if (b >= 0xF0 && b <= 0xF4)
        {
          n = 4;
          lo = b == 0xF0 ? 0x90 : 0x80;
          hi = b == 0xF4 ? 0x8F : 0xBF;
        }
      else
        n = 1;

      for (k = 1; k < n && p + k < end; k++)
        {
          guchar c = p[k];

          if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80)
            break;
        }

      g_string_append (out, "\xEF\xBF\xBD");
      p += k;
    }

  return out;
}

/* NFC, Unicode Normalization Form C (UAX #15), for Qwen2.
 *
 * Normalizing costs a copy and GLib's decomposition and composition of every
 * character, so it is done only when the text may change: a text whose
 * characters are all stable (each stays as it is in NFC and no neighbour can
 * combine with it) and whose combining marks are in canonical order is
 * already NFC. That is UAX #15's quick check, answering “maybe” as “no”:
 * most text is quickly found to be NFC. The properties come from GLib's
 * Unicode data. */
enum {
  NFC_NONSTARTER = 1 << 0,  /* canonical combining class > 0 */
  NFC_CHANGES    = 1 << 1,  /* NFC replaces the character itself */
  NFC_COMBINES   = 1 << 2,  /* can combine with the character before it */
};

/* The flags of planes 0 and 1 are kept in a table (128 KiB, filled on first
 * use); every character that can combine with one before it is there (the
 * last are musical symbols, U+1D16x), so above it nfc_flags() is enough */
#define NFC_TABLE_SIZE 0x20000

static guint8
nfc_flags (gunichar c)
{
  gunichar a, b, composed;
  guint8 flags = 0;

  if (g_unichar_combining_class (c) != 0)
    flags |= NFC_NONSTARTER;

  /* A character with a canonical decomposition stays only if it is what
   * composing its two parts gives (a primary composite) and its first part
   * stays too */
  if (g_unichar_decompose (c, &a, &b))
    {
      if (b == 0 || !g_unichar_compose (a, b, &composed) || composed != c ||
          (nfc_flags (a) & NFC_CHANGES) != 0)
        flags |= NFC_CHANGES;
    }

  return flags;
}

static const guint8 *
get_nfc_table (void)
{
  static const guint8 *nfc_table;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      guint8 *table = g_malloc0 (NFC_TABLE_SIZE);

      for (gunichar c = 0; c < NFC_TABLE_SIZE; c++)
        {
          gunichar a, b, composed;

          table[c] |= nfc_flags (c);
          if (g_unichar_decompose (c, &a, &b) && b != 0 && b < NFC_TABLE_SIZE &&
              g_unichar_compose (a, b, &composed) && composed == c)
            table[b] |= NFC_COMBINES;
        }
      nfc_table = table;

      g_once_init_leave (&once, 1);
    }

  return nfc_table;
}

gboolean
hone_tokenizer_is_nfc (const char *text,
                       gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;
  const guint8 *table = NULL;
  guint last_class = 0;

  while (p < end)
    {
      guchar b = *p;
      gunichar c;
      guint8 flags;

      /* Below U+0300 every character is a starter that stays */
      if (b < 0xCC)
        {
          p += b < 0x80 ? 1 : 2;
          last_class = 0;
          continue;
        }

      if (table == NULL)
        table = get_nfc_table ();

      c = g_utf8_get_char ((const char *) p);
      p = (const guchar *) g_utf8_next_char (p);
      flags = c < NFC_TABLE_SIZE ? table[c] : nfc_flags (c);

      if (flags & (NFC_CHANGES | NFC_COMBINES))
        return FALSE;

      if (flags & NFC_NONSTARTER)
        {
          guint combining_class = g_unichar_combining_class (c);

          if (combining_class < last_class)
            return FALSE;
          last_class = combining_class;
        }
      else
        last_class = 0;
    }

  return TRUE;
}

static inline guint8
nfc_flags_at (const guint8 *table,
              gunichar      c)
{
  if (c < 0x300)
    return 0;

  return c < NFC_TABLE_SIZE ? table[c] : nfc_flags (c);
}

/* @text (valid UTF-8) in NFC. Where the quick check fails, only the stretch
 * from the boundary before to the boundary after is normalized: a character
 * that has no flag (a starter that stays and combines with nothing before
 * it) is a boundary, and NFC of a text is NFC of the stretches between its
 * boundaries, end to end (UAX #15). A zero byte is a boundary, so
 * g_utf8_normalize(), which stops at one, never sees one. */
static GString *
normalize_nfc (const char *text,
               gsize       len)
{
  const guint8 *table = get_nfc_table ();
  GString *out = g_string_sized_new (len + 16);
  const char *p = text;
  const char *end = text + len;
  const char *copied = text;    /* what is before this is in @out */
  const char *boundary = text;  /* the last boundary at or before @p */
  guint last_class = 0;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      guint8 flags = nfc_flags_at (table, c);
      gboolean changes = (flags & (NFC_CHANGES | NFC_COMBINES)) != 0;

      if (flags & NFC_NONSTARTER)
        {
          guint combining_class = g_unichar_combining_class (c);

          changes |= combining_class < last_class;
          last_class = combining_class;
        }
      else
        last_class = 0;

      if (flags == 0)
        boundary = p;

      if (changes)
        {
          g_autofree char *normalized = NULL;
          const char *stop = next;

          while (stop < end && nfc_flags_at (table, g_utf8_get_char (stop)) != 0)
            stop = g_utf8_next_char (stop);

          g_string_append_len (out, copied, boundary - copied);
          normalized = g_utf8_normalize (boundary, stop - boundary, G_NORMALIZE_NFC);
          g_string_append (out, normalized);

          copied = boundary = next = stop;
          last_class = 0;
        }

      p = next;
    }

  g_string_append_len (out, copied, end - copied);
  return out;
}

static HoneBpeCache *
get_cache (HoneTokenizer *self)
{
  ThreadCaches *thread_caches = g_private_get (&thread_caches_key);
  guint index = self->cache_index;

  if (thread_caches == NULL)
    {
      thread_caches = g_new0 (ThreadCaches, 1);
      g_private_set (&thread_caches_key, thread_caches);
    }

  if (thread_caches->caches[index] == NULL)
    thread_caches->caches[index] = hone_bpe_cache_new (self->bpe);

  return thread_caches->caches[index];
}

static gsize
tokenize (HoneTokenizer *self,
          const char    *text,
          gsize          len,
          GArray        *out)
{
  HonePretokenizer kind = self->encoding->pretokenizer;
  HoneBpeCache *cache = get_cache (self);
  gsize count = 0;
  gsize pos = 0;

  while (pos < len)
    {
      gsize n = hone_pretokenizer_next (kind, text + pos, len - pos);

      count += hone_bpe_encode_piece_cached (cache, (const guint8 *) text + pos, n, out);
      pos += n;
    }

  return count;
}

static gsize
tokenize_any (HoneTokenizer *self,
              const char    *text,
              gssize         len,
              GArray        *out)
{
  g_autoptr(GString) valid = NULL;
  g_autoptr(GString) normalized = NULL;
  gsize n;

  n = len < 0 ? strlen (text) : (gsize) len;
  if (valid_utf8_prefix ((const guchar *) text, n) != n)
    {
      valid = make_valid ((const guchar *) text, n);
      text = valid->str;
      n = valid->len;
    }

  if (self->encoding->nfc && !hone_tokenizer_is_nfc (text, n))
    {
      normalized = normalize_nfc (text, n);
      text = normalized->str;
      n = normalized->len;
    }

  return tokenize (self, text, n, out);
}

gsize
hone_tokenizer_count (HoneTokenizer *self,
                      const char    *text,
                      gssize         len)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (text != NULL || len == 0, 0);

  if (len == 0)
    return 0;

  return tokenize_any (self, text, len, NULL);
}

GArray *
hone_tokenizer_encode (HoneTokenizer *self,
                       const char    *text,
                       gssize         len)
{
  GArray *ids;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (len != 0)
    tokenize_any (self, text, len, ids);

  return ids;
}

char *
hone_tokenizer_decode (HoneTokenizer  *self,
                       const guint32  *ids,
                       gsize           n_ids,
                       gsize          *len,
                       GError        **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new (NULL);
  for (gsize i = 0; i < n_ids; i++)
    {
      const guint8 *bytes;
      gsize n = 0;

      bytes = hone_bpe_get_token (self->bpe, ids[i], &n);
      if (bytes == NULL)
        {
          const char *special = NULL;

          for (guint j = 0; j < self->encoding->n_specials; j++)
            if (self->encoding->specials[j].id == ids[i])
              special = self->encoding->specials[j].text;

          if (special == NULL)
            {
              g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                           /* Translators: %u is a number, %s the name of a tokenizer */
                           _("%u is not a token of “%s”."),
                           ids[i], self->encoding->name);
              return NULL;
            }

          bytes = (const guint8 *) special;
          n = strlen (special);
        }

      g_string_append_len (out, (const char *) bytes, n);
    }

  if (len != NULL)
    *len = out->len;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
hone_tokenizer_lookup_special (HoneTokenizer *self,
                               const char    *text,
                               guint32       *id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < self->encoding->n_specials; i++)
    if (g_str_equal (self->encoding->specials[i].text, text))
      {
        if (id != NULL)
          *id = self->encoding->specials[i].id;
        return TRUE;
      }

  return FALSE;
}
