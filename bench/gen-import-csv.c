/* gen-import-csv.c: writes the CSV file bench/import.sh imports
 *
 *   gen-import-csv FILE [MEGABYTES] [SEED]
 *
 * Rows of about 1 KB like the ones people fine-tune on: an id, a category
 * (one of a few labels), a short title, a prompt and a response of several
 * lines each (quoted: they hold commas, quotes and line breaks), a rating.
 * The same arguments always give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

static const char * const words[] = {
  "the", "report", "said", "that", "our", "team", "would", "review", "every", "draft",
  "before", "Friday", "and", "send", "notes", "to", "editors", "who", "asked", "for",
  "clear", "short", "sentences", "with", "fewer", "adjectives", "because", "readers", "skim",
  "headlines", "quarterly", "numbers", "grew", "by", "twelve", "percent", "while", "costs",
  "fell", "customers", "wrote", "about", "delays", "in", "shipping", "support", "answered",
  "within", "hours", "a", "new", "policy", "starts", "next", "month", "café", "naïve", "résumé",
};

static const char * const categories[] = {
  "press-release", "summary", "email", "headline", "support-reply", "product-copy", "memo", "tweet",
};

static void
append_words (GString *out,
              GRand   *rand,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

/* A quoted field of a few lines, with commas and "quotes" inside */
static void
append_text (GString *out,
             GRand   *rand,
             guint    target)
{
  gsize start = out->len;

  g_string_append_c (out, '"');
  while (out->len - start < target)
    {
      append_words (out, rand, g_rand_int_range (rand, 6, 14));
      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: g_string_append (out, ", \"\"she said\"\", "); break;
        case 1: g_string_append (out, ".\n"); break;
        case 2: g_string_append (out, ".\r\n\r\n"); break;
        default: g_string_append (out, ", "); break;
        }
    }
  g_string_append (out, ".\"");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GString) row = g_string_sized_new (2048);
  guint64 target, written = 0;
  FILE *file;

  if (argc < 2 || argc > 4)
    {
      fprintf (stderr, "usage: %s FILE [MEGABYTES] [SEED]\n", argv[0]);
      return 2;
    }

  target = (argc > 2 ? g_ascii_strtoull (argv[2], NULL, 10) : 100) * 1000 * 1000;
  rand = g_rand_new_with_seed (argc > 3 ? (guint32) g_ascii_strtoull (argv[3], NULL, 10) : 1);

  file = fopen (argv[1], "wb");
  if (file == NULL)
    {
      perror (argv[1]);
      return 1;
    }

  fputs ("id,category,title,prompt,response,rating\r\n", file);
  for (guint64 id = 1; written < target; id++)
    {
      g_string_truncate (row, 0);
      g_string_append_printf (row, "%" G_GUINT64_FORMAT ",%s,", id,
                              categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
      append_words (row, rand, g_rand_int_range (rand, 3, 8));
      g_string_append_c (row, ',');
      append_text (row, rand, g_rand_int_range (rand, 300, 500));
      g_string_append_c (row, ',');
      append_text (row, rand, g_rand_int_range (rand, 350, 550));
      g_string_append_printf (row, ",%d\r\n", g_rand_int_range (rand, 1, 6));

      if (fwrite (row->str, 1, row->len, file) != row->len)
        {
          perror (argv[1]);
          return 1;
        }
      written += row->len;
    }

  if (fclose (file) != 0)
    {
      perror (argv[1]);
      return 1;
    }

  return 0;
}
