/* test-tokenizer.c: the BPE tokenizer (cl100k_base, o200k_base, qwen2, llama3)
 *
 * The expected token ids are what tiktoken@1.0.22 (npm, the WASM build of
 * OpenAI's Rust tokenizer) gives with encode_ordinary() for the same text;
 * test-tokenizer-tiktoken compares a whole corpus with tiktoken itself. For
 * qwen2 they are Hugging Face's tokenizers' (0.22, the Rust crate, from npm's
 * @anush008/tokenizers@0.6.0) with Qwen3's tokenizer.json, its added tokens
 * taken out; test-tokenizer-hf compares a whole corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "hone-bpe.h"
#include "hone-core.h"
#include "hone-core-resources.h"
#include "hone-pretokenizer.h"
#include "hone-tokenizer.h"
#include "hone-tokenizer-private.h"

typedef struct {
  const char    *text;
  gssize         len;      /* -1: NUL-terminated */
  const guint32  cl100k[40];
  const guint32  o200k[40];
} Case;

#define END G_MAXUINT32

static const Case cases[] = {
  { "", -1, { END }, { END } },
  { "hello world", -1, { 15339, 1917, END }, { 24912, 2375, END } },
  { "Hello, World!", -1, { 9906, 11, 4435, 0, END }, { 13225, 11, 5922, 0, END } },
  /* Contractions, in any case; after a word in o200k, alone in cl100k */
  { "don't DON'T I'm I'M we'VE they'Ll 'S", -1,
    { 15357, 956, 45373, 17773, 358, 2846, 358, 28703, 584, 6, 4592, 814, 92526, 75, 364, 50, END },
    { 91418, 153384, 5477, 3413, 44, 581, 6, 19511, 1023, 6, 141022, 461, 50, END } },
  /* ſ folds to s: 'ſ is a contraction for Rust's case-insensitive regex */
  { "it'ſ I'ſ", -1, { 275, 6, 129, 123, 358, 6, 129, 123, END }, { 278, 6, 70067, 3413, 70067, END } },
  /* Numbers in groups of at most three digits */
  { "1 12 123 1234 12345 1234567", -1,
    { 16, 220, 717, 220, 4513, 220, 4513, 19, 220, 4513, 1774, 220, 4513, 10961, 22, END },
    { 16, 220, 899, 220, 7633, 220, 7633, 19, 220, 7633, 2548, 220, 7633, 19354, 22, END } },
  { "٣٤٥٦ ١٢٣", -1,
    { 149, 96, 149, 97, 149, 98, 149, 99, 220, 149, 94, 149, 95, 149, 96, END },
    { 81473, 98713, 97336, 122513, 220, 46600, 53184, 81473, END } },
  /* White space: runs give their last character to the next word */
  { "a   b\t\tc  \n\n  d   ", -1,
    { 64, 256, 293, 197, 1470, 19124, 220, 294, 262, END },
    { 64, 256, 287, 197, 2736, 11691, 220, 272, 271, END } },
  { "   ", -1, { 262, END }, { 271, END } },
  { "\n\n\n", -1, { 1432, END }, { 2499, END } },
  { "line\r\nnext\rlast\n", -1, { 1074, 319, 3684, 201, 4354, 198, END }, { 1137, 370, 7311, 201, 6684, 198, END } },
  /* U+FEFF is not white space, U+0085 and U+00A0 and U+3000 are */
  { "\xef\xbb\xbfhi\xc2\x85there\xc2\xa0x\xe3\x80\x80y", -1,
    { 3305, 6151, 126, 227, 19041, 4194, 87, 23249, 88, END },
    { 5574, 3686, 126, 227, 31813, 5310, 87, 1397, 88, END } },
  { "x\xe2\x80\xa8y\xe2\x80\xa9z", -1, { 87, 378, 101, 88, 378, 102, 89, END }, { 87, 51008, 88, 318, 102, 89, END } },
  { "今天天气很好，我们去公园散步吧。", -1,
    { 37271, 36827, 36827, 30320, 242, 17599, 230, 53901, 3922, 98739, 86436, 35417, 9921, 255, 8067, 96, 65782, 7305, 100, 1811, END },
    { 10941, 1487, 25896, 148483, 69072, 13817, 5312, 37075, 84748, 24952, 18208, 788, END } },
  { "東京は日本の首都です", -1,
    { 14276, 109, 47653, 15682, 9080, 22656, 16144, 61075, 72368, 38641, END },
    { 108713, 5205, 9048, 3385, 15425, 12232, 15121, END } },
  { "안녕하세요", -1, { 31495, 230, 75265, 243, 92245, END }, { 14307, 171731, END } },
  { "مرحبا بالعالم", -1,
    { 10386, 11318, 30925, 22071, 5821, 28946, 32482, 24102, 32482, 10386, END },
    { 158894, 26537, 101462, 12773, END } },
  { "😀👍🏽👨‍👩‍👧‍👦🇫🇷", -1,
    { 76460, 222, 9468, 239, 235, 9468, 237, 121, 9468, 239, 101, 378, 235, 9468, 239, 102, 378, 235,
      9468, 239, 100, 378, 235, 9468, 239, 99, 9468, 229, 104, 9468, 229, 115, END },
    { 84083, 82514, 52622, 121, 28823, 101, 2524, 28823, 102, 2524, 28823, 100, 2524, 28823, 99, 55506,
      104, 55506, 115, END } },
  /* Special tokens' text is text */
  { "<|endoftext|>", -1, { 27, 91, 8862, 728, 428, 91, 29, END }, { 27, 91, 419, 1440, 919, 91, 29, END } },
  { "<|endoftext|>hello<|fim_prefix|>", -1,
    { 27, 91, 8862, 728, 428, 91, 29, 15339, 27, 91, 69, 318, 14301, 91, 29, END },
    { 27, 91, 419, 1440, 919, 91, 29, 24912, 27, 91, 103473, 33197, 91, 29, END } },
  /* Combining marks and cased words (o200k splits CamelCase) */
  { "e\xcc\x81 \xcc\x81" "ABC ABC\xcc\x81" "def HTTPServer iPhone McDonald's", -1,
    { 68, 54939, 220, 54939, 26484, 19921, 54939, 755, 10339, 5592, 12443, 32014, 596, END },
    { 68, 13430, 220, 13430, 44197, 33047, 13430, 1314, 21929, 6444, 575, 7081, 7935, 155802, END } },
  { "ǅemal ʰello", -1, { 131, 227, 336, 278, 220, 134, 108, 4896, END }, { 131, 227, 347, 280, 220, 134, 108, 6053, END } },
  /* A zero byte is a character */
  { "a\0b", 3, { 64, 188, 65, END }, { 64, 188, 65, END } },
  /* o200k keeps a / after punctuation and line breaks */
  { "path/to/file.txt //comment\n/", -1,
    { 2398, 33529, 24849, 3996, 443, 6313, 198, 14, END },
    { 4189, 72231, 51766, 7186, 602, 12606, 198, 14, END } },
  /* A long piece: merged through the heap */
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -1,
    { 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540, 70540,
      70540, 70540, 70540, 29558, 5418, END },
    { 117525, 117525, 117525, 117525, 117525, 117525, 117525, 117525, 117525, 117525, 117525, 117525,
      117525, 117525, 117525, 117525, 117525, 45037, 3545, END } },
  /* Plane 1: Deseret (cased), mathematical letters */
  { "𐐀𐐨 𐐀x 𝐀𝐁𝐂", -1,
    { 172, 238, 238, 222, 172, 238, 238, 101, 220, 172, 238, 238, 222, 87, 82350, 238, 222, 57352, 238, 223,
      57352, 238, 224, END },
    { 172, 238, 238, 222, 172, 238, 238, 101, 220, 172, 238, 238, 222, 87, 220, 91362, 222, 91362, 223,
      91362, 224, END } },
  /* Unicode 16.0 letters (Garay, Todhri), which GLib 2.74 does not know */
  { "Garay 𐵐𐵰 Todhri 𐗀", -1,
    { 45030, 352, 220, 172, 238, 113, 238, 172, 238, 113, 108, 59683, 71, 462, 220, 172, 238, 245, 222, END },
    { 44587, 356, 220, 172, 238, 113, 238, 172, 238, 113, 108, 39162, 71, 872, 220, 172, 238, 245, 222, END } },
  /* Invalid UTF-8 counts as U+FFFD (tiktoken: a lone surrogate from JS) */
  { "\xff", -1, { 5809, END }, { 3251, END } },
};

/* qwen2: Hugging Face's ids (see the top) */
static const struct {
  const char    *text;
  const guint32  ids[24];
} qwen2_cases[] = {
  { "hello world", { 14990, 1879, END } },
  { "Hello, World!", { 9707, 11, 4337, 0, END } },
  /* One digit a piece, fullwidth ones too (“１０” is a token, never used) */
  { "don't DON'T I'm 12345 ２０２４年１０月",
    { 15007, 944, 44273, 17323, 358, 2776, 220, 16, 17, 18, 19, 20, 220, 24918, 26022, 24918,
      45602, 7948, 20109, 26022, 9754, END } },
  /* NFC first: e + U+0301 is é, the Hangul jamo a syllable, A + U+030A and
   * the Ångström sign U+212B are Å */
  { "e\xcc\x81 \xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 A\xcc\x8a \xe2\x84\xab", { 963, 126804, 79252, 79252, END } },
  { "東京 🎉 naïve", { 102356, 46553, 11162, 236, 231, 94880, 586, END } },
  /* Added tokens' text is text (Hugging Face: 151644, 872, 198, 151667,
   * 6023, 151668, 151645) */
  { "<|im_start|>user\n<think>hi</think><|im_end|>",
    { 27, 91, 318, 4906, 91, 29, 872, 198, 13708, 766, 29, 6023, 522, 26865, 1784, 91, 318, 6213,
      91, 29, END } },
};

static HoneTokenizer *
get (const char *name)
{
  g_autoptr(GError) error = NULL;
  HoneTokenizer *tokenizer = hone_tokenizer_get (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tokenizer);
  return tokenizer;
}

static void
check_ids (GArray        *ids,
           const guint32 *want)
{
  guint n = 0;

  while (want[n] != END)
    n++;

  g_assert_cmpmem (ids->data, ids->len * sizeof (guint32), want, n * sizeof (guint32));
}

static void
test_known_ids (void)
{
  HoneTokenizer *cl100k = get ("cl100k_base");
  HoneTokenizer *o200k = get ("o200k_base");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      HoneTokenizer *tokenizers[] = { cl100k, o200k };
      const guint32 *want[] = { c->cl100k, c->o200k };
      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("case %u: %s", i, shown);

      for (guint t = 0; t < 2; t++)
        {
          g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizers[t], c->text, c->len);
          g_autoptr(GError) error = NULL;
          g_autofree char *decoded = NULL;
          gsize decoded_len = 0;
          gsize len = c->len < 0 ? strlen (c->text) : (gsize) c->len;

          check_ids (ids, want[t]);
          g_assert_cmpuint (hone_tokenizer_count (tokenizers[t], c->text, c->len), ==, ids->len);

          /* Decoding gives the text back (the replacement character for bad bytes) */
          decoded = hone_tokenizer_decode (tokenizers[t], (const guint32 *) ids->data, ids->len,
                                           &decoded_len, &error);
          g_assert_no_error (error);
          if (g_utf8_validate (c->text, len, NULL) || memchr (c->text, 0, len) != NULL)
            g_assert_cmpmem (decoded, decoded_len, c->text, len);
          else
            g_assert_cmpstr (decoded, ==, "\xef\xbf\xbd");
        }

      /* llama3 is cl100k_base */
      {
        g_autoptr(GArray) ids = hone_tokenizer_encode (get ("llama3"), c->text, c->len);

        check_ids (ids, c->cl100k);
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (qwen2_cases); i++)
    {
      HoneTokenizer *qwen2 = get ("qwen2");
      g_autoptr(GArray) ids = hone_tokenizer_encode (qwen2, qwen2_cases[i].text, -1);
      g_autoptr(GError) error = NULL;
      g_autofree char *decoded = NULL;
      g_autofree char *nfc = g_utf8_normalize (qwen2_cases[i].text, -1, G_NORMALIZE_NFC);

      check_ids (ids, qwen2_cases[i].ids);
      g_assert_cmpuint (hone_tokenizer_count (qwen2, qwen2_cases[i].text, -1), ==, ids->len);

      /* Decoding gives the text back, in NFC */
      decoded = hone_tokenizer_decode (qwen2, (const guint32 *) ids->data, ids->len, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (decoded, ==, nfc);
    }
}

static void
test_pieces (void)
{
  static const struct {
    HonePretokenizer kind;
    const char *text;
    const char *pieces[16];
  } splits[] = {
    { HONE_PRETOKENIZER_CL100K, "a   b\t\tc  \n\n  d   ",
      { "a", "  ", " b", "\t", "\tc", "  \n\n", " ", " d", "   ", NULL } },
    { HONE_PRETOKENIZER_O200K, "a   b\t\tc  \n\n  d   ",
      { "a", "  ", " b", "\t", "\tc", "  \n\n", " ", " d", "   ", NULL } },
    /* \s*[\r\n]+ stops at the last line break of the run */
    { HONE_PRETOKENIZER_CL100K, "x \n \n  y", { "x", " \n \n", " ", " y", NULL } },
    { HONE_PRETOKENIZER_CL100K, "don't 'S x's", { "don", "'t", " '", "S", " x", "'s", NULL } },
    { HONE_PRETOKENIZER_O200K, "don't 'S x's", { "don't", " '", "S", " x's", NULL } },
    { HONE_PRETOKENIZER_CL100K, "12345 ab1", { "123", "45", " ab", "1", NULL } },
    /* Qwen2: one digit a piece, the rest as cl100k_base */
    { HONE_PRETOKENIZER_QWEN2, "12345 ab1 ٤٥", { "1", "2", "3", "4", "5", " ab", "1", " ", "٤", "٥", NULL } },
    { HONE_PRETOKENIZER_QWEN2, "don't 'S x \n \n  y", { "don", "'t", " '", "S", " x", " \n \n", " ", " y", NULL } },
    { HONE_PRETOKENIZER_O200K, "HTTPServer iPhone McDonald's ABC",
      { "HTTPServer", " i", "Phone", " Mc", "Donald's", " ABC", NULL } },
    /* A mark alone before capitals: the first alternative matches the mark */
    { HONE_PRETOKENIZER_O200K, "\xcc\x81" "ABC", { "\xcc\x81", "ABC", NULL } },
    { HONE_PRETOKENIZER_CL100K, "\xcc\x81" "ABC", { "\xcc\x81" "ABC", NULL } },
    { HONE_PRETOKENIZER_O200K, "!!/\n/x", { "!!/\n/", "x", NULL } },
    { HONE_PRETOKENIZER_CL100K, "!!/\n/x", { "!!/\n", "/x", NULL } },
    { HONE_PRETOKENIZER_CL100K, " !? x", { " !?", " x", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      g_auto(GStrv) pieces = hone_pretokenizer_split (splits[i].kind, splits[i].text, -1);
      g_autofree char *shown = g_strescape (splits[i].text, NULL);

      g_test_message ("split %u: %s", i, shown);
      g_assert_cmpstrv (pieces, splits[i].pieces);
    }
}

/* The heap merge gives what tiktoken's scan gives, on pieces of every length */
static void
test_merge_methods (void)
{
  const char *names[] = { "cl100k_base", "o200k_base" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char * const units[] = { "a", "b", "ab", " ", "e", "th", "ing", "的", "😀", "\xcc\x81", "1", "." };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      HoneTokenizer *tokenizer = get (names[n]);

      for (guint round = 0; round < 400; round++)
        {
          g_autoptr(GString) piece = g_string_new (NULL);
          g_autoptr(GArray) scan = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (guint32));
          guint length = g_rand_int_range (rand, 1, round < 200 ? 40 : 600);
          HoneBpe *bpe;

          for (guint i = 0; i < length; i++)
            {
              if (round % 4 == 0)
                g_string_append_c (piece, (char) g_rand_int_range (rand, 0, 256));
              else
                g_string_append (piece, units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))]);
            }

          bpe = hone_tokenizer_get_bpe (tokenizer);
          hone_bpe_encode_piece_with (bpe, (const guint8 *) piece->str, piece->len, scan, HONE_BPE_MERGE_SCAN);
          hone_bpe_encode_piece_with (bpe, (const guint8 *) piece->str, piece->len, heap, HONE_BPE_MERGE_HEAP);

          g_assert_cmpmem (scan->data, scan->len * 4, heap->data, heap->len * 4);
        }
    }
}

/* A .tiktoken text: the 256 bytes (rank = byte), then @extra tokens */
static GString *
small_table (const char * const *extra)
{
  GString *table = g_string_new (NULL);
  guint rank = 0;

  for (guint b = 0; b < 256; b++, rank++)
    {
      guint8 byte = b;
      g_autofree char *encoded = g_base64_encode (&byte, 1);

      g_string_append_printf (table, "%s %u\n", encoded, rank);
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++, rank++)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) extra[i], strlen (extra[i]));

      g_string_append_printf (table, "%s %u\n", encoded, rank);
    }

  return table;
}

static void
check_merges (HoneBpe       *bpe,
              const char    *piece,
              const guint32 *want)
{
  for (HoneBpeMerge merge = HONE_BPE_MERGE_AUTO; merge <= HONE_BPE_MERGE_HEAP; merge++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      gsize n = hone_bpe_encode_piece_with (bpe, (const guint8 *) piece, strlen (piece), ids, merge);

      g_assert_cmpuint (n, ==, ids->len);
      check_ids (ids, want);
    }
}

/* tiktoken's merge order on a table small enough to reason about */
static void
test_bpe_table (void)
{
  const char * const extra[] = { "aa", "ab", "bc", "abc", "xy", "yz", NULL };
  g_autoptr(GString) table = small_table (extra);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneBpe) bpe = hone_bpe_new_from_tiktoken ("test", table->str, table->len, &error);
  guint32 rank = 0;
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (hone_bpe_get_n_tokens (bpe), ==, 262);
  g_assert_true (hone_bpe_lookup (bpe, (const guint8 *) "abc", 3, &rank));
  g_assert_cmpuint (rank, ==, 259);
  g_assert_false (hone_bpe_lookup (bpe, (const guint8 *) "abcd", 4, NULL));
  g_assert_cmpmem (hone_bpe_get_token (bpe, 257, &len), len, "ab", 2);
  g_assert_null (hone_bpe_get_token (bpe, 262, NULL));

  /* A piece that is a token is that token */
  check_merges (bpe, "abc", (const guint32[]) { 259, END });
  /* Equal ranks: the leftmost pair first ("aa" + "a", not "a" + "aa") */
  check_merges (bpe, "aaa", (const guint32[]) { 256, 'a', END });
  check_merges (bpe, "aaaaa", (const guint32[]) { 256, 256, 'a', END });
  /* The lowest rank first: "ab" (257) before "bc" (258), then "ab"+"c" is "abc" */
  check_merges (bpe, "abcx", (const guint32[]) { 259, 'x', END });
  /* "xy" (260) before "yz" (261): "xy" + "z" is no token */
  check_merges (bpe, "xyz", (const guint32[]) { 260, 'z', END });
  check_merges (bpe, "q", (const guint32[]) { 'q', END });
}

static void
test_bpe_table_damaged (void)
{
  const char * const duplicate[] = { "ab", "ab", NULL };
  struct {
    const char *what;
    GString *table;
  } tables[] = {
    { "a rank out of order", NULL },
    { "a token twice", small_table (duplicate) },
    { "not base64", NULL },
    { "a byte missing", NULL },
    { "empty", g_string_new ("") },
  };

  tables[0].table = small_table (NULL);
  g_string_append (tables[0].table, "YWI= 300\n");
  tables[2].table = small_table (NULL);
  g_string_append (tables[2].table, "Y@I= 256\n");
  tables[3].table = small_table (NULL);
  /* drop the line of byte 0 ("AA== 0") and renumber nothing: rank 1 comes first */
  g_string_erase (tables[3].table, 0, strlen ("AA== 0\n"));

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(GError) error = NULL;
      HoneBpe *bpe = hone_bpe_new_from_tiktoken ("test", tables[i].table->str, tables[i].table->len, &error);

      g_test_message ("%s", tables[i].what);
      g_assert_null (bpe);
      g_assert_error (error, HONE_ERROR, HONE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "“test”"));
      g_string_free (tables[i].table, TRUE);
    }
}

/* Every token that is one piece of valid text encodes to itself */
static void
test_tokens_roundtrip (void)
{
  const char *names[] = { "cl100k_base", "o200k_base", "qwen2" };
  const guint n_mergeable[] = { 100256, 199998, 151643 };
  const guint n_vocab[] = { 100277, 200019, 151669 };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      HoneTokenizer *tokenizer = get (names[n]);
      HonePretokenizer kind = hone_tokenizer_get_pretokenizer (tokenizer);
      guint checked = 0;

      g_assert_cmpuint (hone_tokenizer_get_n_vocab (tokenizer), ==, n_vocab[n]);

      for (guint32 id = 0; id < n_mergeable[n]; id++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *bytes = NULL;
          gsize len = 0;

          bytes = hone_tokenizer_decode (tokenizer, &id, 1, &len, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (len, >, 0);

          /* (qwen2 normalizes the text first: only tokens in NFC) */
          if (g_utf8_validate (bytes, len, NULL) &&
              hone_pretokenizer_next (kind, bytes, len) == len &&
              hone_tokenizer_is_nfc (bytes, len))
            {
              g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizer, bytes, len);

              g_assert_cmpuint (ids->len, ==, 1);
              g_assert_cmpuint (g_array_index (ids, guint32, 0), ==, id);
              checked++;
            }
        }

      /* Most tokens are whole pieces of valid UTF-8 */
      g_assert_cmpuint (checked, >, n_mergeable[n] * 8 / 10);
    }
}

static void
test_invalid_utf8 (void)
{
  static const struct {
    const char *bad;
    const char *as;
  } cases_bad[] = {
    { "a\xe2\x82" "b", "a\xef\xbf\xbd" "b" },                   /* a cut character is one U+FFFD */
    { "\xc0\x80x", "\xef\xbf\xbd\xef\xbf\xbdx" },               /* overlong: two */
    { "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },  /* a surrogate: three */
    { "ok \xf4\x90\x80\x80!", "ok \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!" },
    { "end\xf0\x9f\x98", "end\xef\xbf\xbd" },
  };
  HoneTokenizer *tokenizer = get ("cl100k_base");

  for (guint i = 0; i < G_N_ELEMENTS (cases_bad); i++)
    {
      g_autoptr(GArray) bad = hone_tokenizer_encode (tokenizer, cases_bad[i].bad, -1);
      g_autoptr(GArray) as = hone_tokenizer_encode (tokenizer, cases_bad[i].as, -1);

      g_assert_cmpmem (bad->data, bad->len * 4, as->data, as->len * 4);
      g_assert_cmpuint (hone_tokenizer_count (tokenizer, cases_bad[i].bad, -1), ==, as->len);
    }
}

static void
test_errors_and_specials (void)
{
  g_autoptr(GError) error = NULL;
  HoneTokenizer *tokenizer;
  guint32 id = 0;
  const guint32 ids[] = { 15339, 100257, 1917 };
  const guint32 bad_ids[] = { 15339, 100261 };
  g_autofree char *text = NULL;
  g_autofree char *bad = NULL;
  gsize len = 0;
  const char * const *names;

  g_assert_null (hone_tokenizer_get ("p50k_base", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "cl100k_base"));
  g_clear_error (&error);

  names = hone_tokenizer_list_encodings ();
  g_assert_cmpstr (names[0], ==, "cl100k_base");
  g_assert_cmpstr (names[1], ==, "o200k_base");
  g_assert_cmpstr (names[2], ==, "qwen2");
  g_assert_cmpstr (names[3], ==, "llama3");
  g_assert_null (names[4]);

  tokenizer = get ("cl100k_base");
  g_assert_true (tokenizer == get ("cl100k_base"));
  g_assert_cmpstr (hone_tokenizer_get_name (tokenizer), ==, "cl100k_base");
  g_assert_true (hone_tokenizer_is_exact (tokenizer));

  g_assert_true (hone_tokenizer_lookup_special (tokenizer, "<|endoftext|>", &id));
  g_assert_cmpuint (id, ==, 100257);
  g_assert_true (hone_tokenizer_lookup_special (tokenizer, "<|endofprompt|>", &id));
  g_assert_cmpuint (id, ==, 100276);
  g_assert_false (hone_tokenizer_lookup_special (tokenizer, "<|im_start|>", &id));
  g_assert_true (hone_tokenizer_lookup_special (get ("o200k_base"), "<|endoftext|>", &id));
  g_assert_cmpuint (id, ==, 199999);

  text = hone_tokenizer_decode (tokenizer, ids, G_N_ELEMENTS (ids), &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "hello<|endoftext|> world");
  g_assert_cmpuint (len, ==, strlen (text));

  bad = hone_tokenizer_decode (tokenizer, bad_ids, G_N_ELEMENTS (bad_ids), &len, &error);
  g_assert_null (bad);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
}

/* Qwen's and Llama 3's special tokens: Qwen's are every added token of
 * Qwen3's tokenizer.json; llama3 is an estimate whose special tokens are
 * still Llama's */
static void
test_open_model_specials (void)
{
  static const struct {
    const char *name;
    const char *text;
    guint32     id;
  } specials[] = {
    { "qwen2", "<|endoftext|>", 151643 },
    { "qwen2", "<|im_start|>", 151644 },
    { "qwen2", "<|im_end|>", 151645 },
    { "qwen2", "<|vision_pad|>", 151654 },
    { "qwen2", "<tool_call>", 151657 },
    { "qwen2", "<|fim_prefix|>", 151659 },
    { "qwen2", "<think>", 151667 },
    { "qwen2", "</think>", 151668 },
    { "llama3", "<|begin_of_text|>", 128000 },
    { "llama3", "<|end_of_text|>", 128001 },
    { "llama3", "<|start_header_id|>", 128006 },
    { "llama3", "<|end_header_id|>", 128007 },
    { "llama3", "<|eom_id|>", 128008 },
    { "llama3", "<|eot_id|>", 128009 },
    { "llama3", "<|python_tag|>", 128010 },
  };
  HoneTokenizer *qwen2 = get ("qwen2");
  HoneTokenizer *llama3 = get ("llama3");
  const guint32 chat[] = { 151644, 872, 198, 6023, 151645 };
  const char *text = "Über 9000 der naïve coöperation's 東京 🎉 — it's fine!";
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL;
  guint32 id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    {
      g_autoptr(GArray) ids = NULL;

      g_assert_true (hone_tokenizer_lookup_special (get (specials[i].name), specials[i].text, &id));
      g_assert_cmpuint (id, ==, specials[i].id);

      /* Counted as text, never as the special token */
      ids = hone_tokenizer_encode (get (specials[i].name), specials[i].text, -1);
      g_assert_cmpuint (ids->len, >, 1);
    }

  g_assert_false (hone_tokenizer_lookup_special (qwen2, "<|endofprompt|>", &id));
  g_assert_false (hone_tokenizer_lookup_special (llama3, "<|im_start|>", &id));

  g_assert_true (hone_tokenizer_is_exact (qwen2));
  g_assert_cmpstr (hone_tokenizer_get_name (qwen2), ==, "qwen2");
  decoded = hone_tokenizer_decode (qwen2, chat, G_N_ELEMENTS (chat), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, "<|im_start|>user\nhi<|im_end|>");

  /* llama3: an estimate, cl100k_base's counts, Llama 3's special ids */
  g_assert_false (hone_tokenizer_is_exact (llama3));
  g_assert_cmpstr (hone_tokenizer_get_name (llama3), ==, "llama3");
  g_assert_true (hone_tokenizer_get_bpe (llama3) == hone_tokenizer_get_bpe (get ("cl100k_base")));
  g_assert_cmpuint (hone_tokenizer_get_n_vocab (llama3), ==, 128011);
  g_assert_cmpuint (hone_tokenizer_count (llama3, text, -1), ==,
                    hone_tokenizer_count (get ("cl100k_base"), text, -1));
}

/* The quick check never says a text is NFC when it is not, and says it of
 * NFC text in the world's scripts */
static void
test_nfc (void)
{
  static const char * const nfc_texts[] = {
    "plain ASCII", "naïve café Zürich São Paulo Ærøskøbing",
    "Привет, мир!", "Ελληνικά", "今天天气很好，我们去公园散步吧。", "ひらがなとカタカナ",
    "한국어 문장은 띄어쓰기를 사용합니다.", "اللغة العربية جميلة جداً", "हिन्दी भाषा बहुत सुंदर है।",
    "สวัสดีครับ ภาษาไทย", "בְּרֵאשִׁית", "Tiếng Việt có dấu", "😀👍🏽👨‍👩‍👧‍👦🇫🇷",
  };
  static const gunichar interesting[] = {
    'a', 'e', 'A', 0x0300, 0x0301, 0x0308, 0x0323, 0x0345, 0x0344, 0x0340, 0x0387, 0x0915,
    0x093C, 0x094D, 0x09BE, 0x09C7, 0x0B3E, 0x0B47, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x212B,
    0x2126, 0xF900, 0x2F800, 0x3099, 0x304B, 0x05B0, 0x05BC, 0x0651, 0x064E, 0x0654, 0x0627,
    0x0E31, 0x0E48, 0x1E0B, 0x1E63, 0x00C5, 0x0112, 0x1D15E, 0x11131, 0x11127, 0x1D165,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  HoneTokenizer *qwen2 = get ("qwen2");
  guint n_quick = 0;

  for (guint i = 0; i < G_N_ELEMENTS (nfc_texts); i++)
    {
      g_autofree char *nfc = g_utf8_normalize (nfc_texts[i], -1, G_NORMALIZE_NFC);

      g_assert_cmpstr (nfc, ==, nfc_texts[i]);
      g_assert_true (hone_tokenizer_is_nfc (nfc_texts[i], strlen (nfc_texts[i])));
    }

  /* Each code point alone and after a letter */
  for (gunichar c = 1; c < 0x40000 || (c >= 0xE0000 && c < 0xE0200); c = c == 0x3FFFF ? 0xE0000 : c + 1)
    {
      char text[16] = "a";
      gint n;

      if (c >= 0xD800 && c < 0xE000)
        continue;

      n = g_unichar_to_utf8 (c, text + 1);
      for (guint start = 0; start < 2; start++)
        {
          const char *s = text + 1 - start;
          gsize len = n + start;

          if (hone_tokenizer_is_nfc (s, len))
            {
              g_autofree char *nfc = g_utf8_normalize (s, len, G_NORMALIZE_NFC);

              n_quick++;
              g_assert_cmpmem (nfc, strlen (nfc), s, len);
            }
          else
            g_assert_cmpuint (c, >=, 0x300);
        }
    }
  g_assert_cmpuint (n_quick, >, 400000);

  /* Random sequences of characters that compose, decompose and reorder */
  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *nfc = NULL;
      guint n = g_rand_int_range (rand, 1, round % 10 == 0 ? 80 : 8);

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_int_range (rand, 0, 6) == 0)
            g_string_append (text, g_rand_boolean (rand) ? " " : "ab");
          else
            g_string_append_unichar (text, interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))]);
        }

      nfc = g_utf8_normalize (text->str, text->len, G_NORMALIZE_NFC);
      if (hone_tokenizer_is_nfc (text->str, text->len))
        g_assert_cmpstr (nfc, ==, text->str);

      /* qwen2 normalizes only the stretches that change, to the same */
      {
        g_autoptr(GArray) ids = hone_tokenizer_encode (qwen2, text->str, text->len);
        g_autofree char *decoded = NULL;

        decoded = hone_tokenizer_decode (qwen2, (const guint32 *) ids->data, ids->len, NULL, NULL);
        g_assert_cmpstr (decoded, ==, nfc);
      }
    }
}

/* The data compiled into Hone is OpenAI's, byte for byte, and the table
 * converted from Qwen's */
static void
test_data_checksums (void)
{
  static const struct {
    const char *file;
    const char *sha256;
  } files[] = {
    { "cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7" },
    { "o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d" },
    /* Made by data/tokenizers/convert-hf.py from Qwen3's tokenizer.json */
    { "qwen2.tiktoken", "b2b1b8dfb5cc5f024bafc373121c6aba3f66f9a5a0269e243470a1de16a33186" },
  };
  g_autofree char *sums_path = g_build_filename (g_getenv ("HONE_SOURCE_ROOT"), "data", "tokenizers",
                                                 "SHA256SUMS", NULL);
  g_autofree char *sums = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (sums_path, &sums, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat ("/app/hone/Hone/core/tokenizers/", files[i].file, ".gz", NULL);
      g_autofree char *line = g_strdup_printf ("%s  %s\n", files[i].sha256, files[i].file);
      g_autoptr(GBytes) compressed = NULL;
      g_autoptr(GInputStream) raw = NULL;
      g_autoptr(GConverter) converter = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 buffer[65536];
      gssize n;

      /* SHA256SUMS beside the data says the same */
      g_assert_nonnull (strstr (sums, line));

      compressed = g_resource_lookup_data (hone_core_get_resource (), path, 0, &error);
      g_assert_no_error (error);
      raw = g_memory_input_stream_new_from_bytes (compressed);
      converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      stream = g_converter_input_stream_new (raw, converter);

      while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
        g_checksum_update (checksum, buffer, n);
      g_assert_no_error (error);

      g_assert_cmpstr (g_checksum_get_string (checksum), ==, files[i].sha256);
    }
}

/* Random text, valid or not: every byte comes back (as U+FFFD where it was
 * not UTF-8), the count is the number of ids, and nothing reads out of
 * bounds (the sanitizer build runs this) */
static void
test_random_text (void)
{
  static const gunichar ranges[][2] = {
    { 0x0, 0x7F }, { 0x80, 0x7FF }, { 0x800, 0xD7FF }, { 0xE000, 0xFFFF }, { 0x10000, 0x10FFFF },
  };
  static const char * const pieces[] = {
    " ", "  ", "\n", "\r\n", "'s", "'LL", "'\xc5\xbf", "1", "12345", "\xcc\x81", "A", "a", "/",
    "\xc2\x85", "\xef\xbb\xbf", "\xe3\x80\x80", "!", "\xf0\x9f\x98\x80",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *names[] = { "cl100k_base", "o200k_base", "qwen2", "llama3" };

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 60);
      gboolean valid;

      for (guint i = 0; i < n; i++)
        {
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              if (round % 3 == 0)
                {
                  g_string_append_c (text, (char) g_rand_int_range (rand, 1, 256));
                  break;
                }
              G_GNUC_FALLTHROUGH;
            case 1:
              {
                guint r = g_rand_int_range (rand, 0, G_N_ELEMENTS (ranges));
                gunichar c = g_rand_int_range (rand, ranges[r][0], ranges[r][1] + 1);

                if (c != 0)
                  g_string_append_unichar (text, c);
              }
              break;
            default:
              g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
              break;
            }
        }

      valid = g_utf8_validate (text->str, text->len, NULL);

      for (guint e = 0; e < G_N_ELEMENTS (names); e++)
        {
          HoneTokenizer *tokenizer = get (names[e]);
          g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizer, text->str, text->len);
          g_autoptr(GError) error = NULL;
          g_autofree char *decoded = NULL;
          gsize len = 0;

          g_assert_cmpuint (hone_tokenizer_count (tokenizer, text->str, text->len), ==, ids->len);
          g_assert_cmpuint (ids->len, <=, text->len * 3);

          decoded = hone_tokenizer_decode (tokenizer, (const guint32 *) ids->data, ids->len, &len, &error);
          g_assert_no_error (error);
          if (valid && g_str_equal (names[e], "qwen2"))
            {
              /* In NFC (the text has no zero byte) */
              g_autofree char *nfc = g_utf8_normalize (text->str, text->len, G_NORMALIZE_NFC);

              g_assert_cmpmem (decoded, len, nfc, strlen (nfc));
            }
          else if (valid)
            g_assert_cmpmem (decoded, len, text->str, text->len);
          else
            g_assert_true (g_utf8_validate (decoded, len, NULL));
        }
    }
}

typedef struct {
  const char *name;
  const char *text;
  gsize       count;
} ThreadJob;

static gpointer
count_worker (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 50; i++)
    {
      HoneTokenizer *tokenizer = hone_tokenizer_get (job->name, &error);

      g_assert_no_error (error);
      job->count += hone_tokenizer_count (tokenizer, job->text, -1);
    }

  return NULL;
}

/* Threads may load and use the tokenizers at the same time */
static void
test_threads (void)
{
  const char *text = "Über 9000 der naïve coöperation's 東京 🎉 — it's fine!\n\n   ok";
  ThreadJob jobs[8];
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      static const char * const names[] = { "cl100k_base", "o200k_base", "qwen2", "llama3" };

      jobs[i] = (ThreadJob) { names[i % G_N_ELEMENTS (names)], text, 0 };
      threads[i] = g_thread_new ("count", count_worker, &jobs[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (jobs[i].count, ==,
                        50 * hone_tokenizer_count (get (jobs[i].name), text, -1));
      g_assert_cmpuint (jobs[i].count, >, 50 * 10);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* First, so that the threads race to load the tables */
  g_test_add_func ("/tokenizer/threads", test_threads);
  g_test_add_func ("/tokenizer/known-ids", test_known_ids);
  g_test_add_func ("/tokenizer/pieces", test_pieces);
  g_test_add_func ("/tokenizer/merge-methods", test_merge_methods);
  g_test_add_func ("/tokenizer/bpe-table", test_bpe_table);
  g_test_add_func ("/tokenizer/bpe-table-damaged", test_bpe_table_damaged);
  g_test_add_func ("/tokenizer/tokens-roundtrip", test_tokens_roundtrip);
  g_test_add_func ("/tokenizer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/tokenizer/random-text", test_random_text);
  g_test_add_func ("/tokenizer/errors-and-specials", test_errors_and_specials);
  g_test_add_func ("/tokenizer/data-checksums", test_data_checksums);
  g_test_add_func ("/tokenizer/open-model-specials", test_open_model_specials);
  g_test_add_func ("/tokenizer/nfc", test_nfc);

  return g_test_run ();
}
