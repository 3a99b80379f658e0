/* hone-pretokenizer.c: splitting text into pieces the way OpenAI's encodings do
 *
 * Each scanner below is one encoding's `pat_str` written out by hand. A regex
 * engine with leftmost-first alternation (Rust's regex and fancy-regex, which
 * tiktoken uses) tries the alternatives in order, and within one alternative
 * takes the first way to match that backtracking finds: greedy repeats give
 * back one character at a time. The comments say which alternative each
 * block is and why its shortcut gives the same match.
 *
 * Character classes are Unicode general categories: GLib's (g_unichar_type(),
 * Unicode 15.0 in GLib 2.74) corrected to Unicode 16.0, which is what
 * tiktoken uses (see unicode_16[] below; tests/core/test-tokenizer-tiktoken
 * compares every code point of the BMP and of the assigned supplementary
 * blocks with tiktoken itself). `\s` is the Unicode White_Space property.
 * Qwen2's pattern runs under Oniguruma in Hugging Face's tokenizers; the same
 * classes give its pieces too (tests/core/test-tokenizer-hf sweeps every code
 * point the same way against it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-pretokenizer.h"

/* What a character is, as the patterns ask. Marks are not letters. */
enum {
  CLS_L     = 1 << 0, /* \p{L} */
  CLS_N     = 1 << 1, /* \p{N} */
  CLS_WS    = 1 << 2, /* \s */
  CLS_NL    = 1 << 3, /* \r or \n */
  CLS_UPPER = 1 << 4, /* o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] */
  CLS_LOWER = 1 << 5, /* o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}] */
  CLS_END   = 1 << 7, /* past the end of the text: no character */
};

/* [^\r\n\p{L}\p{N}]: the optional character before a word */
#define IS_PREFIX(k) (((k) & (CLS_L | CLS_N | CLS_NL | CLS_END)) == 0)
/* [^\s\p{L}\p{N}]: punctuation, symbols, marks, controls that are not space… */
#define IS_OTHER(k)  (((k) & (CLS_L | CLS_N | CLS_WS | CLS_END)) == 0)

static guint8
classify (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
      return CLS_L | CLS_LOWER;
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
      return CLS_L | CLS_UPPER | CLS_LOWER;
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
      return CLS_L | CLS_UPPER;
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return CLS_UPPER | CLS_LOWER;
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return CLS_N;
    default:
      break;
    }

  /* White_Space (PropList.txt): none of these is a letter or number */
  switch (c)
    {
    case '\n':
    case '\r':
      return CLS_WS | CLS_NL;
    case '\t': case 0x0B: case 0x0C: case ' ':
    case 0x85: case 0xA0: case 0x1680:
    case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return CLS_WS;
    default:
      return 0;
    }
}

/* Where Unicode 16.0, which tiktoken 1.0.22's pattern is compiled with (Rust's
 * regex-syntax crate), and GLib 2.74's Unicode 15.0 differ in what the
 * patterns ask: the letters, marks and numbers that Unicode 15.1 and 16.0
 * added. And, so that a newer GLib gives the same classes, what Unicode 17.0
 * added or changed, kept as it was in 16.0.
 *
 * Made by comparing g_unichar_type() with Node's ICU (Unicode 17.0) over all
 * code points, and keeping for each difference the class tiktoken itself
 * showed (every code point of these ranges in the contexts of
 * gen-tokens-corpus --sweep). test-tokenizer-tiktoken checks it. */
#define U_UPPER        (CLS_L | CLS_UPPER)
#define U_LOWER        (CLS_L | CLS_LOWER)
#define U_OTHER_LETTER (CLS_L | CLS_UPPER | CLS_LOWER)
#define U_MARK         (CLS_UPPER | CLS_LOWER)
#define U_NUMBER       CLS_N
#define U_NONE         0

static const struct {
  gunichar first, last;
  guint8   cls;
} unicode_16[] = {
  { 0x00295, 0x00295, U_LOWER        }, /* 17.0 */
  { 0x0088F, 0x0088F, U_NONE         }, /* 17.0 */
  { 0x00897, 0x00897, U_MARK         }, /* 16.0 */
  { 0x00C5C, 0x00C5C, U_NONE         }, /* 17.0 */
  { 0x00CDC, 0x00CDC, U_NONE         }, /* 17.0 */
  { 0x01ACF, 0x01ADD, U_NONE         }, /* 17.0 */
  { 0x01AE0, 0x01AEB, U_NONE         }, /* 17.0 */
  { 0x01C89, 0x01C89, U_UPPER        }, /* 16.0 */
  { 0x01C8A, 0x01C8A, U_LOWER        }, /* 16.0 */
  { 0x0A7CB, 0x0A7CC, U_UPPER        }, /* 16.0 */
  { 0x0A7CD, 0x0A7CD, U_LOWER        }, /* 16.0 */
  { 0x0A7CE, 0x0A7CF, U_NONE         }, /* 17.0 */
  { 0x0A7D2, 0x0A7D2, U_NONE         }, /* 17.0 */
  { 0x0A7D4, 0x0A7D4, U_NONE         }, /* 17.0 */
  { 0x0A7DA, 0x0A7DA, U_UPPER        }, /* 16.0 */
  { 0x0A7DB, 0x0A7DB, U_LOWER        }, /* 16.0 */
  { 0x0A7DC, 0x0A7DC, U_UPPER        }, /* 16.0 */
  { 0x0A7F1, 0x0A7F1, U_NONE         }, /* 17.0 */
  { 0x105C0, 0x105F3, U_OTHER_LETTER }, /* 16.0 */
  { 0x10940, 0x10959, U_NONE         }, /* 17.0 */
  { 0x10D40, 0x10D49, U_NUMBER       }, /* 16.0 */
  { 0x10D4A, 0x10D4F, U_OTHER_LETTER }, /* 16.0 */
  { 0x10D50, 0x10D65, U_UPPER        }, /* 16.0 */
  { 0x10D69, 0x10D6D, U_MARK         }, /* 16.0 */
  { 0x10D6F, 0x10D6F, U_OTHER_LETTER }, /* 16.0 */
  { 0x10D70, 0x10D85, U_LOWER        }, /* 16.0 */
  { 0x10EC2, 0x10EC4, U_OTHER_LETTER }, /* 16.0 */
  { 0x10EC5, 0x10EC7, U_NONE         }, /* 17.0 */
  { 0x10EFA, 0x10EFB, U_NONE         }, /* 17.0 */
  { 0x10EFC, 0x10EFC, U_MARK         }, /* 16.0 */
  { 0x11380, 0x11389, U_OTHER_LETTER }, /* 16.0 */
  { 0x1138B, 0x1138B, U_OTHER_LETTER }, /* 16.0 */
  { 0x1138E, 0x1138E, U_OTHER_LETTER }, /* 16.0 */
  { 0x11390, 0x113B5, U_OTHER_LETTER }, /* 16.0 */
  { 0x113B7, 0x113B7, U_OTHER_LETTER }, /* 16.0 */
  { 0x113B8, 0x113C0, U_MARK         }, /* 16.0 */
  { 0x113C2, 0x113C2, U_MARK         }, /* 16.0 */
  { 0x113C5, 0x113C5, U_MARK         }, /* 16.0 */
  { 0x113C7, 0x113CA, U_MARK         }, /* 16.0 */
  { 0x113CC, 0x113D0, U_MARK         }, /* 16.0 */
  { 0x113D1, 0x113D1, U_OTHER_LETTER }, /* 16.0 */
  { 0x113D2, 0x113D2, U_MARK         }, /* 16.0 */
  { 0x113D3, 0x113D3, U_OTHER_LETTER }, /* 16.0 */
  { 0x113E1, 0x113E2, U_MARK         }, /* 16.0 */
  { 0x116D0, 0x116E3, U_NUMBER       }, /* 16.0 */
  { 0x11B60, 0x11B67, U_NONE         }, /* 17.0 */
  { 0x11BC0, 0x11BE0, U_OTHER_LETTER }, /* 16.0 */
  { 0x11BF0, 0x11BF9, U_NUMBER       }, /* 16.0 */
  { 0x11DB0, 0x11DDB, U_NONE         }, /* 17.0 */
  { 0x11DE0, 0x11DE9, U_NONE         }, /* 17.0 */
  { 0x11F5A, 0x11F5A, U_MARK         }, /* 16.0 */
  { 0x13460, 0x143FA, U_OTHER_LETTER }, /* 16.0 */
  { 0x16100, 0x1611D, U_OTHER_LETTER }, /* 16.0 */
  { 0x1611E, 0x1612F, U_MARK         }, /* 16.0 */
  { 0x16130, 0x16139, U_NUMBER       }, /* 16.0 */
  { 0x16D40, 0x16D6C, U_OTHER_LETTER }, /* 16.0 */
  { 0x16D70, 0x16D79, U_NUMBER       }, /* 16.0 */
  { 0x16EA0, 0x16EB8, U_NONE         }, /* 17.0 */
  { 0x16EBB, 0x16ED3, U_NONE         }, /* 17.0 */
  { 0x16FF2, 0x16FF6, U_NONE         }, /* 17.0 */
  { 0x187F8, 0x187FF, U_NONE         }, /* 17.0 */
  { 0x18CFF, 0x18CFF, U_OTHER_LETTER }, /* 16.0 */
  { 0x18D09, 0x18D1E, U_NONE         }, /* 17.0 */
  { 0x18D80, 0x18DF2, U_NONE         }, /* 17.0 */
  { 0x1CCF0, 0x1CCF9, U_NUMBER       }, /* 16.0 */
  { 0x1E5D0, 0x1E5ED, U_OTHER_LETTER }, /* 16.0 */
  { 0x1E5EE, 0x1E5EF, U_MARK         }, /* 16.0 */
  { 0x1E5F0, 0x1E5F0, U_OTHER_LETTER }, /* 16.0 */
  { 0x1E5F1, 0x1E5FA, U_NUMBER       }, /* 16.0 */
  { 0x1E6C0, 0x1E6DE, U_NONE         }, /* 17.0 */
  { 0x1E6E0, 0x1E6F5, U_NONE         }, /* 17.0 */
  { 0x1E6FE, 0x1E6FF, U_NONE         }, /* 17.0 */
  { 0x2B73A, 0x2B73F, U_NONE         }, /* 17.0 */
  { 0x2CEA2, 0x2CEAD, U_NONE         }, /* 17.0 */
  { 0x2EBF0, 0x2EE5D, U_OTHER_LETTER }, /* 15.1 */
  { 0x323B0, 0x33479, U_NONE         }, /* 17.0 */
};

static guint8
classify_16 (gunichar c)
{
  gsize lo = 0, hi = G_N_ELEMENTS (unicode_16);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (c < unicode_16[mid].first)
        hi = mid;
      else if (c > unicode_16[mid].last)
        lo = mid + 1;
      else
        return unicode_16[mid].cls;
    }

  return classify (c);
}

/* Classes of planes 0 and 1 (where nearly all text is: scripts, symbols,
 * emoji), filled once: 128 KiB */
#define TABLE_SIZE 0x20000

static const guint8 *class_table;

static const guint8 *
get_class_table (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      guint8 *table = g_malloc (TABLE_SIZE);

      for (gunichar c = 0; c < TABLE_SIZE; c++)
        table[c] = classify_16 (c);
      class_table = table;

      g_once_init_leave (&once, 1);
    }

  return class_table;
}

/* The class of the character at @p and its length in bytes, or CLS_END at
 * the end. @p is valid UTF-8. */
static inline guint8
class_at (const guint8 *table,
          const guchar *p,
          const guchar *end,
          guint        *n)
{
  guchar b;
  gunichar c;

  if (p >= end)
    {
      *n = 0;
      return CLS_END;
    }

  b = p[0];
  if (b < 0x80)
    {
      *n = 1;
      return table[b];
    }
  if (b < 0xE0)
    {
      *n = 2;
      return table[((b & 0x1F) << 6) | (p[1] & 0x3F)];
    }
  if (b < 0xF0)
    {
      *n = 3;
      return table[((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)];
    }

  *n = 4;
  c = ((b & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  return c < TABLE_SIZE ? table[c] : classify_16 (c);
}

/* The end of the run of characters from @p that have any of @mask */
static inline const guchar *
skip_run (const guint8 *table,
          const guchar *p,
          const guchar *end,
          guint8        mask)
{
  guint n;

  while (p < end && (class_at (table, p, end, &n) & mask) != 0)
    p += n;

  return p;
}

static inline const guchar *
skip_other (const guint8 *table,
            const guchar *p,
            const guchar *end)
{
  guint n;

  while (p < end && IS_OTHER (class_at (table, p, end, &n)))
    p += n;

  return p;
}

/* (?i:'s|'t|'re|'ve|'m|'ll|'d) at @p: its length, or 0.
 *
 * Case-insensitive matching in Rust's regex uses Unicode simple case folding,
 * under which the only character outside ASCII that folds to one of these
 * letters is U+017F LATIN SMALL LETTER LONG S (ſ ~ s); whether it matches
 * makes no difference to the tokens (see the test), so it is matched like
 * tiktoken's engine does. */
static inline gsize
contraction (const guchar *p,
             const guchar *end)
{
  gsize left = end - p;
  guchar c;

  if (left < 2 || p[0] != '\'')
    return 0;

  c = p[1] | 0x20;
  switch (c)
    {
    case 's': case 't': case 'm': case 'd':
      return 2;
    case 'r': case 'v':
      return (left >= 3 && (p[2] | 0x20) == 'e') ? 3 : 0;
    case 'l':
      return (left >= 3 && (p[2] | 0x20) == 'l') ? 3 : 0;
    default:
      break;
    }

  /* ſ is C5 BF */
  if (p[1] == 0xC5 && left >= 3 && p[2] == 0xBF)
    return 3;

  return 0;
}

/* \s*[\r\n]+|\s+(?!\S)|\s+ at @s, which is white space */
static inline gsize
whitespace (const guint8 *table,
            const guchar *s,
            const guchar *end)
{
  const guchar *p = s;
  const guchar *last_nl_end = NULL;
  const guchar *last_start = s;
  guint count = 0;
  guint n;
  guint8 k;

  while ((k = class_at (table, p, end, &n)) & CLS_WS)
    {
      if (k & CLS_NL)
        last_nl_end = p + n;
      last_start = p;
      p += n;
      count++;
    }

  /* \s*[\r\n]+: \s* gives back characters until [\r\n]+ can match, which
   * first happens at the last line break of the run; [\r\n]+ then takes only
   * that one (nothing after it in the run is a line break). */
  if (last_nl_end != NULL)
    return last_nl_end - s;

  /* \s+(?!\S): the whole run at the end of the text; otherwise \s+ gives back
   * its last character, which is white space, so (?!\S) holds there */
  if (p == end || count == 1)
    return p - s; /* count == 1 and not at the end: \s+ takes it */

  return last_start - s;
}

/* cl100k_base (@max_digits 3):
 *   (?i:'s|'t|'re|'ve|'m|'ll|'d)
 *   |[^\r\n\p{L}\p{N}]?\p{L}+
 *   |\p{N}{1,3}
 *   | ?[^\s\p{L}\p{N}]+[\r\n]*
 *   |\s*[\r\n]+|\s+(?!\S)|\s+
 *
 * and Qwen2's (@max_digits 1), the same with \p{N} for \p{N}{1,3}
 */
static inline gsize
cl100k_next (const guint8 *table,
             const guchar *s,
             const guchar *end,
             guint         max_digits)
{
  const guchar *p1, *p;
  guint n0, n1;
  guint8 k0, k1;
  gsize c;

  if (s[0] == '\'' && (c = contraction (s, end)) > 0)
    return c;

  k0 = class_at (table, s, end, &n0);

  /* [^\r\n\p{L}\p{N}]?\p{L}+: the optional character is tried first, but a
   * letter cannot be it, so a letter starts the run itself */
  if (k0 & CLS_L)
    return skip_run (table, s + n0, end, CLS_L) - s;

  p1 = s + n0;
  k1 = class_at (table, p1, end, &n1);
  if (IS_PREFIX (k0) && (k1 & CLS_L))
    return skip_run (table, p1 + n1, end, CLS_L) - s;

  /* \p{N}{1,3} (cl100k_base), \p{N} (Qwen2) */
  if (k0 & CLS_N)
    {
      p = p1;
      if (max_digits > 1 && (k1 & CLS_N))
        {
          guint n2;

          p = p1 + n1;
          if (class_at (table, p, end, &n2) & CLS_N)
            p += n2;
        }
      return p - s;
    }

  /*  ?[^\s\p{L}\p{N}]+[\r\n]* */
  p = NULL;
  if (s[0] == ' ' && IS_OTHER (k1))
    p = p1 + n1;
  else if (IS_OTHER (k0))
    p = p1;
  if (p != NULL)
    {
      p = skip_other (table, p, end);
      while (p < end && (*p == '\r' || *p == '\n'))
        p++;
      return p - s;
    }

  return whitespace (table, s, end);
}

/* o200k_base's first alternative from @q (after the optional prefix):
 *   [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|…)?
 * Returns where the match ends, or NULL when it cannot match at @q. */
static inline const guchar *
o200k_lower_word (const guint8 *table,
                  const guchar *q,
                  const guchar *end)
{
  const guchar *p = q;
  const guchar *last_lower_end = NULL;
  guint n;
  guint8 k;

  /* The upper part, greedy; remember where the last character that can
   * also be in the lower part ends */
  while ((k = class_at (table, p, end, &n)) & CLS_UPPER)
    {
      if (k & CLS_LOWER)
        last_lower_end = p + n;
      p += n;
    }

  if (k & CLS_LOWER)
    {
      /* The lower part matches right after the whole upper part */
      p = skip_run (table, p + n, end, CLS_LOWER);
    }
  else if (last_lower_end != NULL)
    {
      /* The upper part gives back characters until the lower part can match:
       * at the last one of the run that is in both sets; the lower part then
       * stops after it (what follows is Lu, Lt or not in the run) */
      p = last_lower_end;
    }
  else
    return NULL;

  return p + contraction (p, end);
}

/* o200k_base's second alternative from @q (after the optional prefix):
 *   [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|…)? */
static inline const guchar *
o200k_upper_word (const guint8 *table,
                  const guchar *q,
                  const guchar *end)
{
  guint n;
  const guchar *p;

  if ((class_at (table, q, end, &n) & CLS_UPPER) == 0)
    return NULL;

  p = skip_run (table, q + n, end, CLS_UPPER);
  p = skip_run (table, p, end, CLS_LOWER);

  return p + contraction (p, end);
}

/* o200k_base:
 *   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 *   |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 *   |\p{N}{1,3}
 *   | ?[^\s\p{L}\p{N}]+[\r\n/]*
 *   |\s*[\r\n]+|\s+(?!\S)|\s+
 */
static gsize
o200k_next (const guint8 *table,
            const guchar *s,
            const guchar *end)
{
  const guchar *p1, *p;
  guint n0, n1;
  guint8 k0, k1;
  gboolean prefix;

  k0 = class_at (table, s, end, &n0);
  p1 = s + n0;
  prefix = IS_PREFIX (k0);

  /* Each word alternative tries with the optional character first, then
   * without it; without it, the word must start at s (a letter or a mark). */
  if (prefix && (p = o200k_lower_word (table, p1, end)) != NULL)
    return p - s;
  if ((k0 & (CLS_UPPER | CLS_LOWER)) && (p = o200k_lower_word (table, s, end)) != NULL)
    return p - s;
  if (prefix && (p = o200k_upper_word (table, p1, end)) != NULL)
    return p - s;
  if ((k0 & CLS_UPPER) && (p = o200k_upper_word (table, s, end)) != NULL)
    return p - s;

  k1 = class_at (table, p1, end, &n1);

  /* \p{N}{1,3} */
  if (k0 & CLS_N)
    {
      p = p1;
      if (k1 & CLS_N)
        {
          guint n2;

          p = p1 + n1;
          if (class_at (table, p, end, &n2) & CLS_N)
            p += n2;
        }
      return p - s;
    }

  /*  ?[^\s\p{L}\p{N}]+[\r\n/]* */
  p = NULL;
  if (s[0] == ' ' && IS_OTHER (k1))
    p = p1 + n1;
  else if (IS_OTHER (k0))
    p = p1;
  if (p != NULL)
    {
      p = skip_other (table, p, end);
      while (p < end && (*p == '\r' || *p == '\n' || *p == '/'))
        p++;
      return p - s;
    }

  return whitespace (table, s, end);
}

gsize
hone_pretokenizer_next (HonePretokenizer  kind,
                        const char       *text,
                        gsize             len)
{
  const guint8 *table = get_class_table ();
  const guchar *s = (const guchar *) text;

  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (len > 0, 0);

  switch (kind)
    {
    case HONE_PRETOKENIZER_CL100K:
      return cl100k_next (table, s, s + len, 3);
    case HONE_PRETOKENIZER_QWEN2:
      return cl100k_next (table, s, s + len, 1);
    case HONE_PRETOKENIZER_O200K:
      return o200k_next (table, s, s + len);
    default:
      g_return_val_if_reached (len);
    }
}

GStrv
hone_pretokenizer_split (HonePretokenizer  kind,
                         const char       *text,
                         gssize            len)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gsize pos = 0;
  gsize total;

  g_return_val_if_fail (text != NULL, NULL);

  total = len < 0 ? strlen (text) : (gsize) len;
  while (pos < total)
    {
      gsize n = hone_pretokenizer_next (kind, text + pos, total - pos);
      g_autofree char *piece = g_malloc (n + 1);

      memcpy (piece, text + pos, n);
      piece[n] = '\0';

      g_strv_builder_add (builder, piece);
      pos += n;
    }

  return g_strv_builder_end (builder);
}
