/* gen-tokens-corpus.c: multilingual text to compare token counts on
 *
 *   gen-tokens-corpus [--bytes N] [--seed S] [--sweep] [--plain]
 *
 * Writes JSON lines {"text": "…"} of about N bytes of text in all (1 MB by
 * default): English prose with contractions in every case, code, numbers in
 * many scripts, Chinese, Japanese, Korean, Arabic, Hebrew, Indic and Thai
 * text, emoji (skin tones, ZWJ sequences, flags, keycaps), runs of every kind
 * of white space (U+0085, U+FEFF, U+3000, lone CR…), mixed scripts,
 * combining marks, title-case and modifier letters, special tokens' text,
 * and now and then a very long line. Each line mixes a few of these.
 *
 * --sweep then adds lines that put every code point of the BMP and of plane
 * 1 (surrogates excepted), of CJK Extension I and one in 61 of the other
 * ideographs of planes 2 and 3, and plane 14, into a few contexts where its
 * category decides how the text is split: Hone's Unicode data must be the
 * one tiktoken was built with.
 *
 * --plain writes the texts themselves, each followed by a line feed,
 * instead of JSON (for benches; texts then hold no line feed).
 *
 * The same arguments always give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static const char * const english[] = {
  "the", "a", "of", "and", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on",
  "be", "at", "by", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they",
  "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him",
  "been", "has", "when", "who", "will", "more", "no", "if", "out", "so", "said", "what", "up",
  "its", "about", "into", "than", "them", "can", "only", "other", "new", "some", "could",
  "time", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like",
  "our", "over", "man", "me", "even", "most", "made", "after", "also", "did", "many", "before",
  "must", "through", "back", "years", "where", "much", "your", "way", "well", "down", "should",
  "because", "each", "just", "those", "people", "how", "too", "little", "state", "good",
  "very", "make", "world", "still", "own", "see", "men", "work", "long", "get", "here",
  "between", "both", "life", "being", "under", "never", "day", "same", "another", "know",
  "quarterly", "revenue", "customers", "shipping", "support", "ticket", "priority",
  "press", "release", "headline", "summary", "fine-tune", "model", "dataset", "tokens",
  "antidisestablishmentarianism", "floccinaucinihilipilification", "pneumonoultramicroscopic",
  "Hone", "OpenAI", "GPT-4o", "iPhone", "eBay", "McDonald", "HTTPServer", "XMLHttpRequest",
  "JavaScript", "naïve", "café", "résumé", "coöperate", "façade", "Zürich", "São", "Paulo",
  "Ångström", "Straße", "Ærøskøbing", "İstanbul", "ıi", "Œuvre", "ǅemal", "ǈubljana",
};

static const char * const contractions[] = {
  "don't", "DON'T", "Don'T", "I'm", "I'M", "you're", "YOU'RE", "You'Re", "we've", "WE'VE",
  "We'vE", "they'll", "THEY'LL", "They'Ll", "she'd", "SHE'D", "it's", "IT'S", "It'S",
  "can't", "won't", "'s", "'S", "'t", "'re", "'ve", "'m", "'ll", "'d", "'D", "''s", "'''",
  "rock'n'roll", "y'all", "'twas", "O'Neil", "O'NEIL", "ma'am", "1990's", "x's", "A's",
  "ß's", "é's", "日's", "1's", " 's", "x'ſ", "'ſ", "Ab'ſ", "I'ſ", "THAT'ſ", "it’s", "it‘s", "itʼs", "l'été",
  "aujourd'hui", "'S'T'RE", "'Ll'vE'd", "'lL", "'LL's", "I'M'S", "'", "''", "'\n's",
  "Éric's", "ÉCOLE'S", "Ω's", "Ωmega'S", "ǅ's", "ʰ's", "\xcc\x81's",
};

static const char * const code[] = {
  "int main(void) {\n    return 0;\n}\n",
  "def fib(n):\n\tif n < 2:\n\t\treturn n\n\treturn fib(n - 1) + fib(n - 2)\n",
  "for (let i = 0; i < arr.length; i++) { if (arr[i] !== null) sum += arr[i]; }",
  "const x = {\"key\": [1, 2, 3], \"nested\": {\"a\": null, \"b\": true}};",
  "<div class=\"card\"><p>Hello, <b>world</b>!</p></div>",
  "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC LIMIT 10;",
  "#include <stdio.h>\r\n#define MAX(a, b) ((a) > (b) ? (a) : (b))\r\n",
  "    if (self->priv->count == 0)\n      g_clear_pointer (&self->items, g_ptr_array_unref);\n",
  "https://example.com/path/to/page?query=1&lang=en#section-2",
  "/usr/local/bin/hone-cli --encoding o200k_base < input.txt > out.json",
  "x += 1; y -= 2; z *= 3; w /= 4; a %= 5; b <<= 1; c >>= 2; d &&= e; f ||= g; h ?" "?= i;",
  "fn main() -> Result<(), Box<dyn Error>> { println!(\"{:?}\", vec![1, 2, 3]); Ok(()) }",
  "  # comment with trailing spaces   \n  key: value\n  list:\n    - one\n    - two\n",
  "$ git commit -m \"Fix: off-by-one in tokenizer\" && git push origin main",
  "/* block\n * comment\n */\nstatic const char *names[] = { \"a\", \"b\" };",
  "λx.λy.x y → (\\x -> \\y -> x y) :: a -> b",
  "if err != nil {\n\t\treturn nil, fmt.Errorf(\"open %s: %w\", path, err)\n\t}\n",
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
};

static const char * const cjk[] = {
  "今天天气很好，我们去公园散步吧。", "机器学习模型需要大量的训练数据。", "中华人民共和国成立于1949年。",
  "東京は日本の首都です。", "ひらがなとカタカナと漢字を混ぜて書きます。", "コンピューターサイエンス",
  "ｱｲｳｴｵ ｶﾞｷﾞ", "私の名前は田中です！よろしくお願いします。", "「こんにちは」と彼は言った。",
  "한국어 문장은 띄어쓰기를 사용합니다.", "안녕하세요, 세계!", "대한민국의 수도는 서울입니다.",
  "𠀀𠀁𠀂 𪚥 𫝀 𰀀", "〇一二三四五六七八九十百千万", "《红楼梦》是中国古典小说。",
  "ＡＢＣ ａｂｃ １２３ ！？ ２０２４年１０月２０日", "日本語とEnglishのmixed文章123です", "中文English混合",
};

static const char * const rtl[] = {
  "مرحبا بالعالم", "اللغة العربية جميلة جداً", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ", "كتـــــاب",
  "سلام دنیا، حال شما چطور است؟", "یہ اردو زبان ہے", "שלום עולם", "בְּרֵאשִׁית בָּרָא אֱלֹהִים",
  "\xe2\x80\x8f" "abc" "\xe2\x80\x8e", "عدد ١٢٣٤٥ و ۶۷۸۹", "العربية،الفارسية؛",
};

static const char * const indic[] = {
  "नमस्ते दुनिया", "हिन्दी भाषा बहुत सुंदर है।", "क्षत्रिय", "বাংলা ভাষা", "தமிழ் மொழி",
  "తెలుగు", "ಕನ್ನಡ", "മലയാളം", "ગુજરાતી", "ਪੰਜਾਬੀ", "සිංහල", "สวัสดีครับ ภาษาไทย",
  "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာဘာသာ", "བོད་ཡིག", "Tiếng Việt có dấu", "ἀρχὴ", "Ελληνικά",
  "Привет, мир!", "ПРИВЕТ", "Україна", "Қазақ", "Ქართული ქართული", "Հայերեն", "አማርኛ",
  "ᏣᎳᎩ ꮳꮃꭹ", "ᚠᚢᚦ", "𐐀𐐨𐐁𐐩", "𝐀𝐁𝐂𝒶𝒷𝒸𝔸𝔹", "ℌℍℓ℘℮", "ǅǈǋǲ", "ʰʲˈˌ", "ꜰᴀᴋᴇ",
};

static const char * const numbers_script[] = {
  "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "০১২৩", "๐๑๒๓๔", "０１２３４５", "²³¹⁴",
  "½¾⅓⅞", "ⅠⅡⅢⅫⅯ", "①②③⑩", "𝟎𝟏𝟐𝟗", "〇", "𐄇𐄈", "፩፪፫", "᠐᠑᠒",
};

static const char * const emoji[] = {
  "😀", "😂", "🥲", "👍", "👍🏽", "👋🏿", "👨‍👩‍👧‍👦", "👩🏽‍💻", "🏳️‍🌈", "🏴‍☠️", "🇫🇷", "🇯🇵🇺🇸",
  "1️⃣", "#️⃣", "❤️", "❤", "✨", "🔥", "🎉", "🦄", "🧑‍🤝‍🧑", "©", "®", "™", "∑∫√∞≠≤", "→⇒↔",
  "┌─┐│└┘", "★☆", "♠♥♦♣", "🀄", "🫠", "🫶🏼", "\xef\xb8\x8f", "🇦", "🏻",
};

static const char * const specials[] = {
  "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
  "<|im_start|>", "<|im_end|>", "<|endoftext|><|endoftext|>", "< |endoftext| >",
};

/* White space and its neighbours: \s and what is not \s */
static const char * const spaces[] = {
  " ", "  ", "   ", "    ", "        ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r",
  "\r\n\r\n", " \n", "\n ", " \n \n ", "\t\n", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\x83",
  "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\x85", "\xef\xbb\xbf", "\xe2\x80\x8b", "\xe1\xa0\x8e",
  "\xe1\x9a\x80", "\x0b", "\x0c", "\x1c", "\x1f", "\xe2\x80\xaf", "\xe2\x81\x9f", " \xc2\xa0 ",
  "\n\xc2\x85\n", "\xc2\x85\xc2\x85", "\xef\xbb\xbf\xef\xbb\xbf", "\xe2\x80\x8d", "\x7f",
};

/* Combining marks where they change how o200k_base splits */
static const char * const marks[] = {
  "e\xcc\x81", "A\xcc\x81" "BC", "\xcc\x81" "ABC", "\xcc\x81" "abc", "ABC\xcc\x81" "def",
  "Ab\xcc\x81" "C", "n\xcc\x83", "1\xcc\x81", " \xcc\x81x", "Z\xcd\xa7\xcc\xb1\xcd\x94" "a\xcc\x8a\xcc\x83" "l",
  "\xcc\x81\xcc\x82\xcc\x83", "x\xe2\x83\x9d", "ABC\xe2\x83\x9d", "\xe0\xa4\x95\xe0\xa5\x8d",
  "\xcc\x81's", "a\xcc\x81'S", "A\xcc\x81'RE", "\xd9\x8e\xd9\x8f", "\xe0\xb8\xb1\xe0\xb9\x88",
};

static const char * const punct[] = {
  ".", ",", "!", "?", ";", ":", "...", "…", "—", "–", "-", "(", ")", "[", "]", "{", "}",
  "\"", "“", "”", "«", "»", "/", "//", "/\n", "!/", "\\", "@", "#", "$", "%", "^", "&", "*",
  "+", "=", "<", ">", "|", "~", "`", "¿", "¡", "•", "·", "§", "¶", "€", "£", "¥", "₹",
};

typedef struct {
  GRand   *rand;
  GString *text;
} Gen;

static guint
pick (Gen  *gen,
      guint n)
{
  return g_rand_int_range (gen->rand, 0, n);
}

#define PICK(gen, array) ((array)[pick ((gen), G_N_ELEMENTS (array))])

static void
append_unichar (GString  *s,
                gunichar  c)
{
  g_string_append_unichar (s, c);
}

static void
add_case (Gen        *gen,
          const char *word)
{
  switch (pick (gen, 8))
    {
    case 0:
      {
        g_autofree char *up = g_utf8_strup (word, -1);
        g_string_append (gen->text, up);
      }
      break;
    case 1:
      {
        /* Capitalized */
        const char *rest = g_utf8_next_char (word);
        g_autofree char *first = g_utf8_strup (word, rest - word);
        g_string_append (gen->text, first);
        g_string_append (gen->text, rest);
      }
      break;
    default:
      g_string_append (gen->text, word);
      break;
    }
}

static const char * const sentence_ends[] = { ".", "!", "?", ".\n", "\n\n", "" };

static void
add_prose (Gen *gen)
{
  guint n = 3 + pick (gen, 40);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (gen->text, ' ');
      if (pick (gen, 8) == 0)
        g_string_append (gen->text, PICK (gen, contractions));
      else
        add_case (gen, PICK (gen, english));
      if (pick (gen, 6) == 0)
        g_string_append (gen->text, PICK (gen, punct));
    }
  g_string_append (gen->text, PICK (gen, sentence_ends));
}

/* The numbers drawn one after another into @v (not as arguments of one
 * call, whose order of evaluation C leaves open: the corpus would differ
 * between compilers and builds) */
static void
draw (Gen         *gen,
      guint       *v,
      const guint *limits,
      guint        n)
{
  for (guint i = 0; i < n; i++)
    v[i] = pick (gen, limits[i]);
}

static void
add_number (Gen *gen)
{
  guint v[6];

  switch (pick (gen, 9))
    {
    case 0:
      {
        guint32 r = g_rand_int (gen->rand);

        g_string_append_printf (gen->text, "%u", r >> pick (gen, 32));
      }
      break;
    case 1:
      {
        guint digits = 1 + pick (gen, 40);
        for (guint i = 0; i < digits; i++)
          g_string_append_c (gen->text, '0' + pick (gen, 10));
      }
      break;
    case 2:
      draw (gen, v, (const guint[]) { 1000, 1000, 1000 }, 3);
      g_string_append_printf (gen->text, "%u,%03u,%03u", v[0], v[1], v[2]);
      break;
    case 3:
      draw (gen, v, (const guint[]) { 2000, 8, 100000000 }, 3);
      g_string_append_printf (gen->text, "%d.%0*u", (int) v[0] - 1000, 1 + v[1], v[2]);
      break;
    case 4:
      draw (gen, v, (const guint[]) { 200, 12, 28, 24, 60, 60 }, 6);
      g_string_append_printf (gen->text, "%04u-%02u-%02uT%02u:%02u:%02uZ", 1900 + v[0],
                              1 + v[1], 1 + v[2], v[3], v[4], v[5]);
      break;
    case 5:
      g_string_append_printf (gen->text, "0x%08X", g_rand_int (gen->rand));
      break;
    case 6:
      draw (gen, v, (const guint[]) { 99, 1000, 1000, 10000 }, 4);
      g_string_append_printf (gen->text, "+%u (%03u) %03u-%04u", 1 + v[0], v[1], v[2], v[3]);
      break;
    case 7:
      draw (gen, v, (const guint[]) { 10, 100, 1000, 5 }, 4);
      g_string_append_printf (gen->text, "v%u.%u.%u-rc%u", v[0], v[1], v[2], v[3]);
      break;
    default:
      g_string_append (gen->text, PICK (gen, numbers_script));
      break;
    }
}

/* A random character from the ranges people write in */
static void
add_random_chars (Gen *gen)
{
  static const gunichar ranges[][2] = {
    { 0x20, 0x7E }, { 0xA0, 0x24F }, { 0x250, 0x36F }, { 0x370, 0x52F }, { 0x591, 0x6FF },
    { 0x900, 0xDFF }, { 0xE00, 0xEFF }, { 0x1100, 0x11FF }, { 0x1E00, 0x1FFF }, { 0x2000, 0x2BFF },
    { 0x3000, 0x30FF }, { 0x4E00, 0x9FFF }, { 0xAC00, 0xD7A3 }, { 0xFF00, 0xFFEF },
    { 0x1D400, 0x1D7FF }, { 0x1F300, 0x1FAFF }, { 0x20000, 0x2A6DF },
  };
  guint n = 1 + pick (gen, 30);

  for (guint i = 0; i < n; i++)
    {
      guint r = pick (gen, G_N_ELEMENTS (ranges));
      gunichar c = ranges[r][0] + pick (gen, ranges[r][1] - ranges[r][0] + 1);

      append_unichar (gen->text, c);
    }
}

/* Now and then a very long line: long pieces merge through the heap */
static void
add_long (Gen *gen)
{
  guint n = 200 + pick (gen, 3000);
  static const char * const units[] = {
    "a", "ab", " ", "\t", "\n", "1", "的", "東京", "😀", "=", "-", "ab ", "\xc2\xa0", "\xcc\x81", "A",
  };
  const char *unit = PICK (gen, units);

  if (pick (gen, 3) == 0)
    {
      /* Chinese without spaces: one long piece */
      for (guint i = 0; i < n / 8; i++)
        g_string_append (gen->text, PICK (gen, cjk));
      return;
    }

  for (guint i = 0; i < n; i++)
    g_string_append (gen->text, unit);
}

static void
add_fragment (Gen *gen)
{
  switch (pick (gen, 16))
    {
    case 0: case 1: case 2: case 3:
      add_prose (gen);
      break;
    case 4: case 5:
      g_string_append (gen->text, PICK (gen, code));
      break;
    case 6:
      add_number (gen);
      break;
    case 7:
      g_string_append (gen->text, PICK (gen, cjk));
      break;
    case 8:
      g_string_append (gen->text, PICK (gen, rtl));
      break;
    case 9:
      g_string_append (gen->text, PICK (gen, indic));
      break;
    case 10:
      for (guint i = pick (gen, 4) + 1; i > 0; i--)
        g_string_append (gen->text, PICK (gen, emoji));
      break;
    case 11:
      g_string_append (gen->text, PICK (gen, marks));
      break;
    case 12:
      g_string_append (gen->text, PICK (gen, contractions));
      break;
    case 13:
      g_string_append (gen->text, PICK (gen, specials));
      break;
    case 14:
      add_random_chars (gen);
      break;
    default:
      if (pick (gen, 40) == 0)
        add_long (gen);
      else
        g_string_append (gen->text, PICK (gen, punct));
      break;
    }
}

static void
make_line (Gen *gen)
{
  guint n = 1 + pick (gen, 12);

  g_string_truncate (gen->text, 0);

  if (pick (gen, 6) == 0)
    g_string_append (gen->text, PICK (gen, spaces));

  for (guint i = 0; i < n; i++)
    {
      add_fragment (gen);
      switch (pick (gen, 4))
        {
        case 0:
          break;
        case 1:
          g_string_append (gen->text, PICK (gen, spaces));
          break;
        default:
          g_string_append_c (gen->text, ' ');
          break;
        }
    }

  if (pick (gen, 5) == 0)
    g_string_append (gen->text, PICK (gen, spaces));
}

/* The contexts of one code point in the sweep: where it is a letter, a
 * number, white space or something else, and upper or lower case, the text
 * splits differently */
static void
add_sweep (GString  *s,
           gunichar  c)
{
  static const char * const contexts[] = {
    "ab%cd ", "%'s ", "1%23 ", " %x ", "A%b%%'re ", "x%%  %!", "\n%\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    for (const char *p = contexts[i]; *p != '\0'; p++)
      {
        if (*p == '%')
          append_unichar (s, c);
        else
          g_string_append_c (s, *p);
      }
}

static void
write_text (GString    *out,
            const char *text,
            gsize       len,
            gboolean    plain)
{
  if (plain)
    {
      for (gsize i = 0; i < len; i++)
        g_string_append_c (out, text[i] == '\n' ? ' ' : text[i]);
      g_string_append_c (out, '\n');
      return;
    }

  g_string_append (out, "{\"text\": \"");
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
          break;
        }
    }
  g_string_append (out, "\"}\n");
}

static gboolean
skip_code_point (gunichar c)
{
  /* Surrogates cannot be in UTF-8; a zero byte cannot pass through C
   * strings (the unit tests count it) */
  return (c >= 0xD800 && c <= 0xDFFF) || c == 0;
}

int
main (int    argc,
      char **argv)
{
  gint64 bytes = 1000 * 1000;
  gint64 seed = 20261127;
  gboolean sweep = FALSE;
  gboolean plain = FALSE;
  const GOptionEntry entries[] = {
    { "bytes", 0, 0, G_OPTION_ARG_INT64, &bytes, "Bytes of mixed text (1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "S" },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &sweep, "Add every code point in a few contexts", NULL },
    { "plain", 0, 0, G_OPTION_ARG_NONE, &plain, "One text per line, not JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 total = 0;
  Gen gen;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-tokens-corpus: %s\n", error->message);
      return 2;
    }

  gen.rand = g_rand_new_with_seed ((guint32) seed);
  gen.text = g_string_new (NULL);

  while (total < bytes)
    {
      make_line (&gen);
      total += gen.text->len;
      write_text (out, gen.text->str, gen.text->len, plain);
      if (out->len > 1 << 20)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }

  if (sweep)
    {
      /* The BMP, and the supplementary blocks that have characters in
       * Unicode 15 (planes 1, 2 and 3 in part, 14) */
      static const gunichar ranges[][2] = {
        { 0x0, 0xFFFF }, { 0x10000, 0x1FFFF }, { 0x20000, 0x2A6DF }, { 0x2A700, 0x2EE5F },
        { 0x2F800, 0x2FA1F }, { 0x30000, 0x3347F }, { 0xE0000, 0xE01EF },
      };

      for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
        {
          gunichar c = ranges[r][0];

          while (c <= ranges[r][1])
            {
              g_string_truncate (gen.text, 0);
              for (guint i = 0; i < 32 && c <= ranges[r][1]; i++, c++)
                {
                  /* Most of the CJK ideographs only once in a while */
                  if (c >= 0x20000 && (c < 0x2EBF0 || c > 0x2EE5F) && (c % 61) != 0 &&
                      c > ranges[r][0] + 2 && c < ranges[r][1] - 2)
                    continue;
                  if (!skip_code_point (c))
                    add_sweep (gen.text, c);
                }
              if (gen.text->len > 0)
                write_text (out, gen.text->str, gen.text->len, plain);
              if (out->len > 1 << 20)
                {
                  fwrite (out->str, 1, out->len, stdout);
                  g_string_truncate (out, 0);
                }
            }
        }
    }

  fwrite (out->str, 1, out->len, stdout);
  g_string_free (gen.text, TRUE);
  g_rand_free (gen.rand);

  return fflush (stdout) == 0 ? 0 : 1;
}
