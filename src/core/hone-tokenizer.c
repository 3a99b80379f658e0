/* hone-tokenizer.c: counting the tokens of a text as a provider does
 *
 * An encoding is a pre-tokenizer (hone-pretokenizer.c: the text cut into
 * pieces the way the encoding's regular expression cuts it), a table of
 * mergeable tokens (hone-bpe.c, from the rank file in the core's resources)
 * and its special tokens. Pieces are encoded one at a time, as tiktoken's
 * `encode_ordinary()` does.
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

typedef struct {
  const char         *name;
  const char         *resource;      /* gzip-compressed .tiktoken file */
  gsize               size;          /* of the decompressed file */
  guint               n_mergeable;   /* ranks 0 … n_mergeable - 1 */
  HonePretokenizer    pretokenizer;
  const SpecialToken *specials;
  guint               n_specials;
} Encoding;

static const Encoding encodings[] = {
  { "cl100k_base", RESOURCE_DIR "cl100k_base.tiktoken.gz", 1681126, 100256,
    HONE_PRETOKENIZER_CL100K, cl100k_specials, G_N_ELEMENTS (cl100k_specials) },
  { "o200k_base", RESOURCE_DIR "o200k_base.tiktoken.gz", 3613922, 199998,
    HONE_PRETOKENIZER_O200K, o200k_specials, G_N_ELEMENTS (o200k_specials) },
};

static const char * const encoding_names[] = { "cl100k_base", "o200k_base", NULL };

struct _HoneTokenizer {
  const Encoding *encoding;
  HoneBpe        *bpe;
  guint           n_vocab;
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

static HoneTokenizer *
load (const Encoding  *encoding,
      GError         **error)
{
  g_autoptr(GBytes) file = NULL;
  HoneTokenizer *self;
  HoneBpe *bpe;
  gsize len;
  const char *data;

  file = load_rank_file (encoding, error);
  if (file == NULL)
    return NULL;

  data = g_bytes_get_data (file, &len);
  bpe = hone_bpe_new_from_tiktoken (encoding->name, data, len, error);
  if (bpe == NULL)
    return NULL;

  if (hone_bpe_get_n_tokens (bpe) != encoding->n_mergeable)
    {
      hone_bpe_free (bpe);
      damaged (error, encoding->name);
      return NULL;
    }

  self = g_new0 (HoneTokenizer, 1);
  self->encoding = encoding;
  self->bpe = bpe;
  self->n_vocab = encoding->n_mergeable;
  for (guint i = 0; i < encoding->n_specials; i++)
    self->n_vocab = MAX (self->n_vocab, encoding->specials[i].id + 1);

  return self;
}

HoneTokenizer *
hone_tokenizer_get (const char  *encoding_name,
                    GError     **error)
{
  g_return_val_if_fail (encoding_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      HoneTokenizer *self;

      if (!g_str_equal (encodings[i].name, encoding_name))
        continue;

      self = g_atomic_pointer_get (&tokenizers[i]);
      if (self != NULL)
        return self;

      g_mutex_lock (&load_lock);
      self = tokenizers[i];
      if (self == NULL)
        {
          self = load (&encodings[i], error);
          if (self != NULL)
            g_atomic_pointer_set (&tokenizers[i], self);
        }
      g_mutex_unlock (&load_lock);

      return self;
    }

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

  return TRUE;
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

static HoneBpeCache *
get_cache (HoneTokenizer *self)
{
  ThreadCaches *thread_caches = g_private_get (&thread_caches_key);
  guint index = self->encoding - encodings;

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
  gsize n;

  n = len < 0 ? strlen (text) : (gsize) len;
  if (valid_utf8_prefix ((const guchar *) text, n) == n)
    return tokenize (self, text, n, out);

  valid = make_valid ((const guchar *) text, n);
  return tokenize (self, valid->str, valid->len, out);
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
