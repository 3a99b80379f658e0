/* bench/render: Hone's template engine over many rows (bench/render.sh runs it
 * beside handlebars.js on the same rows)
 *
 *   render --generate ROWS FILE [SEED]
 *       writes ROWS support tickets as JSON lines (the same arguments always
 *       give the same bytes)
 *   render FILE TEMPLATES.json [RUNS] [--escape]
 *       compiles the system, user and assistant templates of TEMPLATES.json
 *       once, reads every row of FILE into memory, renders every row through
 *       the three templates once to warm up and then RUNS times (3), timing
 *       only those render loops; then renders once more, untimed, to hash
 *       what was rendered (SHA-256 over each message followed by a NUL), so
 *       that the output can be compared with handlebars.js's byte for byte.
 *       Without --escape values are written as they are (what Hone puts in
 *       model messages); with it, HTML-escaped like handlebars' default.
 *
 * Prints "key value" lines: rows, messages, runs, median_ms, min_ms, max_ms,
 * bytes, sha256.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hone-core.h"

static const char * const words[] = {
  "the", "app", "crashed", "when", "I", "opened", "my", "invoice", "and", "every", "time",
  "we", "try", "to", "log", "in", "it", "says", "password", "expired", "although", "changed",
  "yesterday", "our", "team", "needs", "export", "before", "Friday", "please", "help", "order",
  "#4471", "was", "charged", "twice", "refund", "café", "naïve", "résumé", "Zürich", "São",
  "Paulo", "東京", "😀", "<b>", "&", "\"urgent\"", "it's", "a", "b", "=", "`code`", "—", "…",
};

static const char * const first_names[] = {
  "Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Zoë", "José", "Åsa", "Dmitri",
  "Yuki", "Amara", "Chen", "O'Brien",
};

static const char * const last_names[] = {
  "Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Müller", "García",
  "Nakamura", "Okafor", "Wang", "Smith & Sons",
};

static const char * const companies[] = {
  "Analytical Engines Ltd", "Bell Labs", "Café <Noir>", "Müller & Co", "Acme \"Rockets\"", "東京商事",
};

static const char * const tags[] = {
  "billing", "login", "export", "bug", "feature-request", "refund", "mobile", "api", "urgent",
};

static void
add_words (JsonBuilder *b,
           const char  *member,
           GRand       *rand,
           guint        min,
           guint        max)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = g_rand_int_range (rand, min, max + 1);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, (i % 13 == 0) ? '\n' : ' ');
      g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  g_string_append_c (s, '.');
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, s->str);
}

static JsonNode *
make_row (GRand *rand,
          guint  id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  static const char * const priorities[] = { "low", "normal", "normal", "high", "urgent" };
  static const char * const tiers[] = { "gold", "silver", "bronze" };
  char name[128];
  char date[16];
  guint n;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, 100000 + id);
  json_builder_set_member_name (b, "product");
  json_builder_add_string_value (b, g_rand_boolean (rand) ? "Hone Cloud" : "Hone Desktop");
  json_builder_set_member_name (b, "priority");
  json_builder_add_string_value (b, priorities[g_rand_int_range (rand, 0, G_N_ELEMENTS (priorities))]);
  g_snprintf (date, sizeof date, "2026-%02d-%02d", g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "escalated");
  json_builder_add_boolean_value (b, g_rand_int_range (rand, 0, 5) == 0);

  json_builder_set_member_name (b, "customer");
  json_builder_begin_object (b);
  g_snprintf (name, sizeof name, "%s %s", first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
              last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  if (g_rand_boolean (rand))
    {
      json_builder_set_member_name (b, "company");
      json_builder_add_string_value (b, companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))]);
    }
  json_builder_set_member_name (b, "tier");
  if (g_rand_int_range (rand, 0, 3) == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, tiers[g_rand_int_range (rand, 0, G_N_ELEMENTS (tiers))]);
  json_builder_end_object (b);

  add_words (b, "subject", rand, 3, 9);
  add_words (b, "body", rand, 30, 140);

  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  n = g_rand_int_range (rand, 0, 4);
  for (guint i = 0; i < n; i++)
    json_builder_add_string_value (b, tags[g_rand_int_range (rand, 0, G_N_ELEMENTS (tags))]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  n = g_rand_int_range (rand, 0, 4);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, i % 2 ? "agent" : "customer");
      add_words (b, "text", rand, 5, 30);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sentiment");
  json_builder_add_double_value (b, g_rand_int_range (rand, -100, 101) / 100.0);
  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      json_builder_set_member_name (b, "refund");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "amount");
      json_builder_add_double_value (b, g_rand_int_range (rand, 100, 50000) / 100.0);
      json_builder_set_member_name (b, "currency");
      json_builder_add_string_value (b, g_rand_boolean (rand) ? "EUR" : "USD");
      json_builder_end_object (b);
    }
  add_words (b, "reply", rand, 20, 90);
  if (g_rand_boolean (rand))
    {
      json_builder_set_member_name (b, "agent");
      json_builder_add_string_value (b, first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))]);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
generate (guint       rows,
          const char *path,
          guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  FILE *f = fopen (path, "w");

  if (f == NULL)
    {
      g_printerr ("render: cannot write %s\n", path);
      return 1;
    }
  for (guint i = 0; i < rows; i++)
    {
      g_autoptr(JsonNode) row = make_row (rand, i);
      g_autofree char *line = NULL;

      json_generator_set_root (gen, row);
      line = json_generator_to_data (gen, NULL);
      fputs (line, f);
      fputc ('\n', f);
    }
  if (fclose (f) != 0)
    {
      g_printerr ("render: cannot write %s\n", path);
      return 1;
    }
  return 0;
}

static GPtrArray *
read_rows (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  char *line;
  char *next;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("render: %s", error->message);
  for (line = text; *line != '\0'; line = next)
    {
      char *end = strchr (line, '\n');

      next = end ? end + 1 : line + strlen (line);
      if (end)
        *end = '\0';
      if (*line == '\0')
        continue;
      if (!json_parser_load_from_data (parser, line, -1, &error))
        g_error ("render: row %u: %s", rows->len + 1, error->message);
      g_ptr_array_add (rows, json_node_ref (json_parser_get_root (parser)));
    }
  return rows;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const roles[] = { "system", "user", "assistant" };
  HoneTemplateEscape escape = HONE_TEMPLATE_ESCAPE_NONE;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (8192);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  HoneTemplate *templates[3];
  JsonObject *sources;
  double *times;
  guint64 bytes = 0;
  guint runs = 3;

  if (argc >= 4 && strcmp (argv[1], "--generate") == 0)
    return generate (atoi (argv[2]), argv[3], argc > 4 ? atoi (argv[4]) : 1);
  if (argc > 4 && strcmp (argv[argc - 1], "--escape") == 0)
    {
      escape = HONE_TEMPLATE_ESCAPE_HTML;
      argc--;
    }
  if (argc < 3)
    {
      g_printerr ("usage: render --generate ROWS FILE [SEED]\n"
                  "       render FILE TEMPLATES.json [RUNS] [--escape]\n");
      return 2;
    }
  if (argc > 3)
    runs = MAX (1, atoi (argv[3]));

  if (!json_parser_load_from_file (parser, argv[2], &error))
    g_error ("render: %s", error->message);
  sources = json_node_get_object (json_parser_get_root (parser));
  for (guint t = 0; t < 3; t++)
    {
      templates[t] = hone_template_new (json_object_get_string_member (sources, roles[t]), NULL, &error);
      if (templates[t] == NULL)
        {
          g_printerr ("render: the %s template: %s\n", roles[t], error->message);
          return 1;
        }
    }
  rows = read_rows (argv[1]);

  /* One warm-up pass, then the timed ones */
  times = g_new0 (double, runs);
  for (guint run = 0; run <= runs; run++)
    {
      gint64 start = g_get_monotonic_time ();

      bytes = 0;
      for (guint i = 0; i < rows->len; i++)
        for (guint t = 0; t < 3; t++)
          {
            g_string_truncate (out, 0);
            if (!hone_template_render_to (templates[t], rows->pdata[i], escape, out, &error))
              {
                g_printerr ("render: row %u, %s template: %s\n", i + 1, roles[t], error->message);
                return 1;
              }
            bytes += out->len;
          }
      if (run > 0)
        times[run - 1] = (g_get_monotonic_time () - start) / 1000.0;
    }

  /* Untimed: what was rendered, to compare with handlebars.js */
  for (guint i = 0; i < rows->len; i++)
    for (guint t = 0; t < 3; t++)
      {
        g_string_truncate (out, 0);
        hone_template_render_to (templates[t], rows->pdata[i], escape, out, NULL);
        g_checksum_update (sum, (const guchar *) out->str, out->len + 1);
      }

  qsort (times, runs, sizeof *times, compare_double);
  printf ("rows %u\n", rows->len);
  printf ("messages %u\n", rows->len * 3);
  printf ("runs %u\n", runs);
  printf ("median_ms %.1f\n", runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2);
  printf ("min_ms %.1f\n", times[0]);
  printf ("max_ms %.1f\n", times[runs - 1]);
  printf ("bytes %" G_GUINT64_FORMAT "\n", bytes);
  printf ("sha256 %s\n", g_checksum_get_string (sum));

  for (guint t = 0; t < 3; t++)
    hone_template_unref (templates[t]);
  g_free (times);
  return 0;
}
