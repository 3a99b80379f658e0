/* bench/tokens: Hone's token counting over a corpus (bench/tokens.sh runs it
 * beside tiktoken and Hugging Face's tokenizers on the same texts)
 *
 *   tokens FILE.jsonl [RUNS [ENCODING…]]
 *
 * Reads every {"text": …} line of FILE into memory, then for each encoding
 * (cl100k_base and o200k_base unless given): loads the tokenizer (timed: the first use decompresses and
 * reads its table), counts every text once to warm up and then RUNS times
 * (3), timing only those loops, one text at a time as Hone counts examples.
 *
 * Prints "key value" lines: texts, bytes, runs, then per encoding
 * NAME.load_ms, NAME.tokens, NAME.median_ms, NAME.min_ms, NAME.max_ms (wall
 * clock), NAME.cpu_ms (median CPU time of the process: on a machine shared
 * with other work it moves less than the wall clock) and NAME.first_ms, the
 * warm-up pass (Hone's piece caches start empty).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-glib/json-glib.h>

#include "hone-core.h"
#include "hone-tokenizer.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 bytes = 0;
  guint runs = 3;
  const char *default_names[] = { "cl100k_base", "o200k_base" };
  const char * const *names = default_names;
  guint n_names = G_N_ELEMENTS (default_names);

  if (argc < 2)
    {
      g_printerr ("usage: tokens FILE.jsonl [RUNS [ENCODING…]]\n");
      return 2;
    }
  if (argc > 2)
    runs = MAX (1, atoi (argv[2]));
  if (argc > 3)
    {
      names = (const char * const *) argv + 3;
      n_names = argc - 3;
    }

  if (!g_file_get_contents (argv[1], &contents, NULL, &error))
    g_error ("%s", error->message);

  lines = g_strsplit (contents, "\n", -1);
  g_clear_pointer (&contents, g_free);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        g_error ("line %u: %s", i + 1, error->message);
      g_ptr_array_add (texts, g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "text")));
      bytes += strlen (g_ptr_array_index (texts, texts->len - 1));
    }
  g_clear_pointer (&lines, g_strfreev);

  printf ("texts %u\nbytes %" G_GUINT64_FORMAT "\nruns %u\n", texts->len, bytes, runs);

  for (guint e = 0; e < n_names; e++)
    {
      g_autofree double *times = g_new (double, runs);
      g_autofree double *cpu_times = g_new (double, runs);
      gint64 start = g_get_monotonic_time ();
      HoneTokenizer *tokenizer = hone_tokenizer_get (names[e], &error);
      double load_ms = (g_get_monotonic_time () - start) / 1000.0;
      guint64 tokens = 0;
      double first_ms = 0;

      if (tokenizer == NULL)
        g_error ("%s", error->message);

      for (guint run = 0; run <= runs; run++)
        {
          guint64 total = 0;
          double cpu_start = cpu_ms ();

          start = g_get_monotonic_time ();
          for (guint i = 0; i < texts->len; i++)
            total += hone_tokenizer_count (tokenizer, g_ptr_array_index (texts, i), -1);
          if (run > 0)
            {
              times[run - 1] = (g_get_monotonic_time () - start) / 1000.0;
              cpu_times[run - 1] = cpu_ms () - cpu_start;
            }
          else
            first_ms = (g_get_monotonic_time () - start) / 1000.0;
          tokens = total;
        }

      qsort (times, runs, sizeof (double), compare_doubles);
      qsort (cpu_times, runs, sizeof (double), compare_doubles);
      printf ("%s.load_ms %.1f\n%s.tokens %" G_GUINT64_FORMAT "\n%s.median_ms %.1f\n%s.min_ms %.1f\n%s.max_ms %.1f\n%s.cpu_ms %.1f\n%s.first_ms %.1f\n",
              names[e], load_ms, names[e], tokens, names[e], times[runs / 2],
              names[e], times[0], names[e], times[runs - 1], names[e], cpu_times[runs / 2],
              names[e], first_ms);
      fflush (stdout);
    }

  return 0;
}
