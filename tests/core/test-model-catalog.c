/* test-model-catalog.c: the providers, their base models, limits and prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "hone-core.h"
#include "hone-test-util.h"

static const char * const chat_formats[] = { "openai", "llama3", "qwen2.5", "qwen3", NULL };

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char tail;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Everything a catalogue says, as text: to prove that a refused file
 * changed nothing */
static char *
fingerprint (HoneModelCatalog *catalog)
{
  GString *out = g_string_new (NULL);
  GPtrArray *providers = hone_model_catalog_get_providers (catalog);
  g_autoptr(GPtrArray) models = hone_model_catalog_list_models (catalog, NULL);

  for (guint i = 0; i < providers->len; i++)
    {
      const HoneProviderInfo *p = g_ptr_array_index (providers, i);

      g_string_append_printf (out, "P %s|%s|%d|%u|%s|%u|%s|%s\n", p->id, p->name, p->epochs_rule,
                              p->default_epochs, p->epochs_source, p->default_evaluations,
                              p->cutoff, p->notes);
    }
  for (guint i = 0; i < models->len; i++)
    {
      const HoneModelInfo *m = g_ptr_array_index (models, i);

      g_string_append_printf (out, "M %s|%s|%s|%s|%s|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT "|%u|%" G_GUINT64_FORMAT "|%s|%s",
                              m->provider->id, m->id, m->name, m->tokenizer, m->chat_format,
                              m->context_length, m->max_example_tokens, m->min_examples,
                              m->max_file_bytes, m->limits_source, m->limits_as_of);
      for (guint t = 0; t < HONE_N_TRAINING_TYPES; t++)
        for (guint k = 0; k < HONE_N_TRAINING_METHODS; k++)
          g_string_append_printf (out, "|%g %s %s", m->training[t][k].usd_per_mtok,
                                  m->training[t][k].source, m->training[t][k].as_of);
      g_string_append_printf (out, "|%g %s|%g %s\n", m->input.usd_per_mtok, m->input.as_of,
                              m->output.usd_per_mtok, m->output.as_of);
    }

  return g_string_free (out, FALSE);
}

static void
check_price (const HonePrice *price)
{
  if (price->usd_per_mtok < 0)
    {
      g_assert_null (price->source);
      g_assert_null (price->as_of);
      return;
    }
  g_assert_true (g_str_has_prefix (price->source, "https://"));
  g_assert_true (is_date (price->as_of));
}

static void
test_shipped (void)
{
  static const struct { const char *provider, *model; } required[] = {
    { "together", "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference" },
    { "together", "meta-llama/Llama-3.3-70B-Instruct-Reference" },
    { "together", "Qwen/Qwen3-8B" },
    { "together", "Qwen/Qwen2.5-7B-Instruct" },
    { "together", "Qwen/Qwen2.5-72B-Instruct" },
    { "fireworks", "accounts/fireworks/models/qwen3-8b" },
    { "fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct" },
    { "openai", "gpt-4.1-2025-04-14" },
    { "openai", "gpt-4.1-mini-2025-04-14" },
    { "openai", "gpt-4.1-nano-2025-04-14" },
    { "openai", "gpt-4o-mini-2024-07-18" },
    { "openai", "gpt-4o-2024-08-06" },
  };
  HoneModelCatalog *catalog = hone_model_catalog_get_default ();
  g_autoptr(GPtrArray) models = NULL;
  GPtrArray *providers;
  const HoneProviderInfo *openai, *together, *fireworks;
  const HoneModelInfo *model;
  g_autoptr(GError) error = NULL;

  g_assert_true (HONE_IS_MODEL_CATALOG (catalog));
  g_assert_true (catalog == hone_model_catalog_get_default ());

  providers = hone_model_catalog_get_providers (catalog);
  g_assert_cmpuint (providers->len, ==, 3);
  for (guint i = 0; i < providers->len; i++)
    {
      const HoneProviderInfo *p = g_ptr_array_index (providers, i);

      g_assert_cmpstr (p->name, !=, "");
      g_assert_cmpuint (p->default_epochs, >=, 1);
      g_assert_true (g_str_has_prefix (p->epochs_source, "https://"));
      g_assert_nonnull (p->notes);
    }

  models = hone_model_catalog_list_models (catalog, NULL);
  g_assert_cmpuint (models->len, >=, G_N_ELEMENTS (required));
  for (guint i = 0; i < models->len; i++)
    {
      const HoneModelInfo *m = g_ptr_array_index (models, i);
      gboolean priced = FALSE;

      g_test_message ("%s %s", m->provider->id, m->id);
      g_assert_cmpstr (m->name, !=, "");
      g_assert_nonnull (m->tokenizer);
      g_assert_cmpstr (m->tokenizer, !=, "");
      g_assert_true (g_strv_contains (chat_formats, m->chat_format));
      g_assert_cmpuint (m->context_length, >, 0);
      g_assert_cmpuint (m->max_example_tokens, >, 0);
      g_assert_cmpuint (m->max_example_tokens, <=, m->context_length);
      g_assert_cmpuint (m->min_examples, >=, 1);
      g_assert_true (g_str_has_prefix (m->limits_source, "https://"));
      g_assert_true (is_date (m->limits_as_of));

      for (guint t = 0; t < HONE_N_TRAINING_TYPES; t++)
        for (guint k = 0; k < HONE_N_TRAINING_METHODS; k++)
          {
            check_price (&m->training[t][k]);
            priced |= m->training[t][k].usd_per_mtok >= 0;
          }
      g_assert_true (priced);
      check_price (&m->input);
      check_price (&m->output);
    }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      model = hone_model_catalog_find_model (catalog, required[i].provider, required[i].model, &error);
      g_assert_no_error (error);
      g_assert_nonnull (model);
      g_assert_cmpstr (model->provider->id, ==, required[i].provider);
    }

  /* Spot checks against the sources noted in data/models.json */
  openai = hone_model_catalog_find_provider (catalog, "openai");
  together = hone_model_catalog_find_provider (catalog, "together");
  fireworks = hone_model_catalog_find_provider (catalog, "fireworks");
  g_assert_cmpstr (openai->cutoff, ==, "2027-01-06");
  g_assert_cmpint (openai->epochs_rule, ==, HONE_EPOCHS_RULE_OPENAI);
  g_assert_cmpint (together->epochs_rule, ==, HONE_EPOCHS_RULE_FIXED);
  g_assert_cmpuint (together->default_epochs, ==, 1);
  g_assert_cmpuint (together->default_evaluations, ==, 0);
  g_assert_null (together->cutoff);
  g_assert_cmpuint (fireworks->default_epochs, ==, 1);

  model = hone_model_catalog_find_model (catalog, "openai", "gpt-4o-mini-2024-07-18", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->tokenizer, ==, "o200k_base");
  g_assert_cmpstr (model->chat_format, ==, "openai");
  g_assert_cmpuint (model->context_length, ==, 128000);
  g_assert_cmpuint (model->max_example_tokens, ==, 65536);
  g_assert_cmpuint (model->min_examples, ==, 10);
  g_assert_cmpfloat (model->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT].usd_per_mtok, ==, 3.0);
  g_assert_cmpfloat (model->input.usd_per_mtok, ==, 0.3);
  g_assert_cmpfloat (model->output.usd_per_mtok, ==, 1.2);

  model = hone_model_catalog_find_model (catalog, "together", "Qwen/Qwen3-8B", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->tokenizer, ==, "qwen2");
  g_assert_cmpstr (model->chat_format, ==, "qwen3");
  g_assert_cmpuint (model->min_examples, ==, 1);
  g_assert_cmpfloat (model->input.usd_per_mtok, <, 0);

  model = hone_model_catalog_find_model (catalog, "together", "meta-llama/Llama-3.3-70B-Instruct-Reference", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->tokenizer, ==, "llama3");
  g_assert_cmpuint (model->max_example_tokens, ==, 24576);
}

static const char base_json[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"providers\": [\n"
  "    {\n"
  "      \"id\": \"acme\",\n"
  "      \"name\": \"Acme\",\n"
  "      \"epochs\": { \"rule\": \"fixed\", \"default\": 2, \"source\": \"https://acme.example/epochs\" },\n"
  "      \"defaults\": {\n"
  "        \"tokenizer\": \"o200k_base\", \"chat_format\": \"openai\",\n"
  "        \"context_length\": 1000, \"max_example_tokens\": 500, \"min_examples\": 5,\n"
  "        \"limits_source\": \"https://acme.example/limits\", \"limits_as_of\": \"2026-01-01\"\n"
  "      },\n"
  "      \"models\": [\n"
  "        {\n"
  "          \"id\": \"small\", \"name\": \"Small\",\n"
  "          \"training\": {\n"
  "            \"lora\": {\n"
  "              \"sft\": { \"usd_per_mtok\": 1, \"source\": \"https://acme.example/p\", \"as_of\": \"2026-01-01\" },\n"
  "              \"dpo\": { \"usd_per_mtok\": 2.5, \"source\": \"https://acme.example/p\", \"as_of\": \"2026-01-01\" }\n"
  "            }\n"
  "          },\n"
  "          \"input\": { \"usd_per_mtok\": 0.1, \"source\": \"https://acme.example/p\" }\n"
  "        },\n"
  "        {\n"
  "          \"id\": \"big\", \"name\": \"Big\", \"context_length\": 4000, \"max_example_tokens\": 4000, \"min_examples\": 7\n"
  "        }\n"
  "      ]\n"
  "    }\n"
  "  ]\n"
  "}\n";

static void
test_merge (void)
{
  static const char override_json[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"comment\": \"my prices\",\n"
    "  \"providers\": [\n"
    "    {\n"
    "      \"id\": \"acme\",\n"
    "      \"cutoff\": \"2030-01-01\",\n"
    "      \"defaults\": { \"min_examples\": 3 },\n"
    "      \"models\": [\n"
    "        {\n"
    "          \"id\": \"small\",\n"
    "          \"training\": { \"lora\": { \"sft\": { \"usd_per_mtok\": 0.75, \"source\": \"my contract\", \"as_of\": \"2026-11-01\" } },\n"
    "                          \"full\": { \"sft\": { \"usd_per_mtok\": 4, \"source\": \"my contract\" } } },\n"
    "          \"input\": null\n"
    "        },\n"
    "        { \"id\": \"tiny\", \"name\": \"Tiny\", \"max_example_tokens\": 100 }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"newco\", \"name\": \"NewCo\",\n"
    "      \"epochs\": { \"rule\": \"openai\", \"default\": 3, \"source\": \"https://newco.example\" },\n"
    "      \"models\": [ { \"id\": \"m\", \"name\": \"M\", \"tokenizer\": \"qwen2\", \"chat_format\": \"qwen3\",\n"
    "                    \"context_length\": 10, \"max_example_tokens\": 10 } ]\n"
    "    }\n"
    "  ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneModelCatalog) catalog = NULL;
  g_autoptr(GPtrArray) acme = NULL;
  const HoneModelInfo *small, *big, *tiny, *old_small;
  const HoneProviderInfo *provider;

  catalog = hone_model_catalog_new_from_data (base_json, -1, "base.json", &error);
  g_assert_no_error (error);

  old_small = hone_model_catalog_find_model (catalog, "acme", "small", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old_small->min_examples, ==, 5);
  g_assert_cmpuint (old_small->context_length, ==, 1000);
  g_assert_cmpfloat (old_small->input.usd_per_mtok, ==, 0.1);
  g_assert_null (old_small->input.as_of);
  g_assert_cmpfloat (old_small->training[HONE_TRAINING_FULL][HONE_TRAINING_SFT].usd_per_mtok, <, 0);

  g_assert_true (hone_model_catalog_merge_data (catalog, override_json, strlen (override_json), "override.json", &error));
  g_assert_no_error (error);

  /* Models are replaced member by member, prices one by one */
  small = hone_model_catalog_find_model (catalog, "acme", "small", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (small->name, ==, "Small");
  g_assert_cmpfloat (small->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT].usd_per_mtok, ==, 0.75);
  g_assert_cmpstr (small->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT].source, ==, "my contract");
  g_assert_cmpstr (small->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT].as_of, ==, "2026-11-01");
  g_assert_cmpfloat (small->training[HONE_TRAINING_LORA][HONE_TRAINING_DPO].usd_per_mtok, ==, 2.5);
  g_assert_cmpfloat (small->training[HONE_TRAINING_FULL][HONE_TRAINING_SFT].usd_per_mtok, ==, 4);
  g_assert_null (small->training[HONE_TRAINING_FULL][HONE_TRAINING_SFT].as_of);
  g_assert_cmpfloat (small->input.usd_per_mtok, <, 0);  /* null: not offered */

  /* The provider's defaults change for every model that has no own value */
  g_assert_cmpuint (small->min_examples, ==, 3);
  big = hone_model_catalog_find_model (catalog, "acme", "big", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (big->min_examples, ==, 7);
  g_assert_cmpuint (big->context_length, ==, 4000);

  /* A new model takes the provider's defaults, and comes last */
  tiny = hone_model_catalog_find_model (catalog, "acme", "tiny", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tiny->tokenizer, ==, "o200k_base");
  g_assert_cmpuint (tiny->context_length, ==, 1000);
  g_assert_cmpuint (tiny->max_example_tokens, ==, 100);
  g_assert_cmpstr (tiny->limits_source, ==, "https://acme.example/limits");
  acme = hone_model_catalog_list_models (catalog, "acme");
  g_assert_cmpuint (acme->len, ==, 3);
  g_assert_true (g_ptr_array_index (acme, 2) == tiny);

  /* The provider keeps what the file does not give */
  provider = hone_model_catalog_find_provider (catalog, "acme");
  g_assert_cmpstr (provider->name, ==, "Acme");
  g_assert_cmpuint (provider->default_epochs, ==, 2);
  g_assert_cmpstr (provider->cutoff, ==, "2030-01-01");

  /* A new provider is added */
  provider = hone_model_catalog_find_provider (catalog, "newco");
  g_assert_nonnull (provider);
  g_assert_cmpint (provider->epochs_rule, ==, HONE_EPOCHS_RULE_OPENAI);
  g_assert_cmpuint (hone_model_catalog_get_providers (catalog)->len, ==, 2);
  tiny = hone_model_catalog_find_model (catalog, "newco", "m", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiny->min_examples, ==, 1);     /* given nowhere */
  g_assert_cmpuint (tiny->max_file_bytes, ==, 0);
  g_assert_null (tiny->limits_source);
  g_assert_cmpfloat (tiny->output.usd_per_mtok, <, 0);

  /* What was handed out before the merge is still valid */
  g_assert_cmpstr (old_small->name, ==, "Small");
  g_assert_cmpuint (old_small->min_examples, ==, 5);
  g_assert_cmpstr (old_small->provider->name, ==, "Acme");

  g_assert_finalize_object (g_steal_pointer (&catalog));
}

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
test_user_file (void)
{
  static const char user_json[] =
    "{ \"version\": 1, \"providers\": [ { \"id\": \"openai\", \"models\": [\n"
    "  { \"id\": \"gpt-4o-mini-2024-07-18\",\n"
    "    \"training\": { \"lora\": { \"sft\": { \"usd_per_mtok\": 2.5, \"source\": \"https://example.com/deal\", \"as_of\": \"2026-11-20\" } } } },\n"
    "  { \"id\": \"my-model\", \"name\": \"Mine\" }\n"
    "] } ] }\n";
  g_autofree char *shipped = fingerprint (hone_model_catalog_get_default ());
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "hone", "models.json", NULL);
  g_autofree char *other = g_build_filename (g_get_user_config_dir (), "other.json", NULL);
  g_autoptr(HoneModelCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const HoneModelInfo *model;
  g_autofree char *now = NULL;

  /* No file: the shipped catalogue */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  catalog = hone_model_catalog_new (NULL, &error);
  g_assert_no_error (error);
  now = fingerprint (catalog);
  g_assert_cmpstr (now, ==, shipped);
  g_assert_true (catalog != hone_model_catalog_get_default ());
  g_assert_finalize_object (g_steal_pointer (&catalog));

  /* Nor for a path that is not there */
  catalog = hone_model_catalog_new (other, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&catalog));

  /* $XDG_CONFIG_HOME/hone/models.json, merged over it */
  write_file (path, user_json, -1);
  catalog = hone_model_catalog_new (NULL, &error);
  g_assert_no_error (error);
  model = hone_model_catalog_find_model (catalog, "openai", "gpt-4o-mini-2024-07-18", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (model->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT].usd_per_mtok, ==, 2.5);
  g_assert_cmpfloat (model->output.usd_per_mtok, ==, 1.2);
  model = hone_model_catalog_find_model (catalog, "openai", "my-model", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->tokenizer, ==, "o200k_base");
  g_assert_cmpuint (model->max_example_tokens, ==, 65536);
  g_assert_finalize_object (g_steal_pointer (&catalog));

  /* The shipped catalogue is not changed by it */
  g_clear_pointer (&now, g_free);
  now = fingerprint (hone_model_catalog_get_default ());
  g_assert_cmpstr (now, ==, shipped);

  /* A broken one is an error that names it */
  write_file (other, "{ \"version\": 1, \"providers\": [ { \"id\": \"openai\", \"nme\": \"x\" } ] }", -1);
  g_assert_null (hone_model_catalog_new (other, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, other));
  g_assert_nonnull (strstr (error->message, "“nme”"));
  g_clear_error (&error);

  /* A directory cannot be read */
  g_assert_null (hone_model_catalog_new (g_get_user_config_dir (), &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (other);
}

typedef struct {
  const char   *name;
  const char   *json;
  HoneErrorCode code;
  const char   *expect[4];  /* in the message, besides the file's name */
} Broken;

static const Broken broken[] = {
  { "bad JSON", "{\n  \"version\": 1,\n  \"providers\": [,]\n}",
    HONE_ERROR_PARSE, { "my-models.json:3:", "Parse error", NULL } },
  { "empty", "", HONE_ERROR_PARSE, { "empty", NULL } },
  { "not UTF-8", "{ \"version\": 1, \"providers\": [ { \"id\": \"\xff\" } ] }",
    HONE_ERROR_ENCODING, { "UTF-8", NULL } },
  { "not an object", "[1, 2]", HONE_ERROR_INVALID, { "a list", NULL } },
  { "no version", "{ \"providers\": [] }", HONE_ERROR_INVALID, { "“version”", NULL } },
  { "newer version", "{ \"version\": 2, \"providers\": [] }", HONE_ERROR_TOO_NEW, { "version 2", NULL } },
  { "unknown top member", "{ \"version\": 1, \"providers\": [], \"provider\": [] }",
    HONE_ERROR_INVALID, { "“provider”", "not know", NULL } },
  { "unknown price member",
    "{ \"version\": 1,\n"
    "  \"providers\": [ { \"id\": \"acme\",\n"
    "    \"models\": [ { \"id\": \"small\",\n"
    "      \"training\": { \"lora\": { \"sft\": {\n"
    "        \"usd_per_mtk\": 3, \"source\": \"https://x\" } } } } ] } ] }",
    HONE_ERROR_INVALID, { "line 5", "“usd_per_mtk”", "“small”", "“acme”" } },
  { "unknown model member",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\", \"contxt_length\": 10 } ] } ] }",
    HONE_ERROR_INVALID, { "“contxt_length”", "“small”", "“acme”", NULL } },
  { "wrong type",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\", \"context_length\": \"1000\" } ] } ] }",
    HONE_ERROR_INVALID, { "“context_length”", "“small”", "text", NULL } },
  { "price as text",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\",\n"
    "  \"input\": { \"usd_per_mtok\": \"0.10\", \"source\": \"https://x\" } } ] } ] }",
    HONE_ERROR_INVALID, { "“usd_per_mtok”", "“input”", "“small”", NULL } },
  { "negative price",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\",\n"
    "  \"output\": { \"usd_per_mtok\": -1, \"source\": \"https://x\" } } ] } ] }",
    HONE_ERROR_INVALID, { "“usd_per_mtok”", "negative", NULL } },
  { "price without source",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\",\n"
    "  \"output\": { \"usd_per_mtok\": 1 } } ] } ] }",
    HONE_ERROR_INVALID, { "“source”", "“small”", NULL } },
  { "fraction of a token",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\", \"max_example_tokens\": 10.5 } ] } ] }",
    HONE_ERROR_INVALID, { "“max_example_tokens”", "fraction", NULL } },
  { "model without id",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\" },\n"
    "  { \"name\": \"Nameless\" } ] } ] }",
    HONE_ERROR_INVALID, { "model 2", "“acme”", "“id”", "line 2" } },
  { "provider without id", "{ \"version\": 1, \"providers\": [ { \"name\": \"Nobody\" } ] }",
    HONE_ERROR_INVALID, { "provider 1", "“id”", NULL } },
  { "member twice",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\",\n"
    "  \"name\": \"A\",\n  \"name\": \"B\" } ] } ] }",
    HONE_ERROR_INVALID, { "line 3", "“name”", "twice", NULL } },
  { "model twice",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\" }, { \"id\": \"small\" } ] } ] }",
    HONE_ERROR_INVALID, { "“small”", "twice", NULL } },
  { "unknown chat format",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"small\", \"chat_format\": \"chatml\" } ] } ] }",
    HONE_ERROR_INVALID, { "“chatml”", "“chat_format”", "“qwen3”", NULL } },
  { "unknown epochs rule",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"epochs\": { \"rule\": \"auto\", \"default\": 1, \"source\": \"https://x\" } } ] }",
    HONE_ERROR_INVALID, { "“auto”", "“epochs”", "“acme”", NULL } },
  { "bad cut-off date", "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"cutoff\": \"2027-13-01\" } ] }",
    HONE_ERROR_INVALID, { "“cutoff”", "2027-13-01", NULL } },
  { "new model without tokenizer",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"newco\", \"name\": \"NewCo\",\n"
    "  \"epochs\": { \"rule\": \"fixed\", \"default\": 1, \"source\": \"https://x\" },\n"
    "  \"models\": [ { \"id\": \"m\", \"name\": \"M\", \"chat_format\": \"openai\", \"context_length\": 10, \"max_example_tokens\": 10 } ] } ] }",
    HONE_ERROR_INVALID, { "“tokenizer”", "“m”", "“newco”", NULL } },
  { "new provider without epochs",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"newco\", \"name\": \"NewCo\" } ] }",
    HONE_ERROR_INVALID, { "“epochs”", "“newco”", NULL } },
  { "longer examples than context",
    "{ \"version\": 1, \"providers\": [ { \"id\": \"acme\", \"models\": [ { \"id\": \"big\", \"max_example_tokens\": 5000 } ] } ] }",
    HONE_ERROR_INVALID, { "“big”", "5000", "4000", NULL } },
};

static void
test_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneModelCatalog) catalog = hone_model_catalog_new_from_data (base_json, -1, "base.json", &error);
  g_autofree char *before = NULL;

  g_assert_no_error (error);
  before = fingerprint (catalog);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *after = NULL;

      g_test_message ("%s", broken[i].name);
      g_assert_false (hone_model_catalog_merge_data (catalog, broken[i].json, -1, "my-models.json", &error));
      g_assert_error (error, HONE_ERROR, (gint) broken[i].code);
      g_test_message ("  %s", error->message);
      g_assert_nonnull (strstr (error->message, "my-models.json"));
      for (guint k = 0; k < G_N_ELEMENTS (broken[i].expect) && broken[i].expect[k] != NULL; k++)
        if (strstr (error->message, broken[i].expect[k]) == NULL)
          g_error ("“%s” is not in the message for %s: %s",
                   broken[i].expect[k], broken[i].name, error->message);
      g_clear_error (&error);

      /* Nothing changed */
      after = fingerprint (catalog);
      g_assert_cmpstr (after, ==, before);

      /* Nor as a catalogue of its own */
      g_assert_null (hone_model_catalog_new_from_data (broken[i].json, -1, "my-models.json", &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  /* A length shorter than the text: only that much is read */
  g_assert_false (hone_model_catalog_merge_data (catalog, base_json, 20, "my-models.json", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&catalog));
}

static void
test_stale (void)
{
  HonePrice price = { 1.0, "https://example.com", "2026-01-01" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  g_assert_false (hone_price_is_stale (&price, "2026-01-01"));
  g_assert_false (hone_price_is_stale (&price, "2026-03-31"));  /* 89 days */
  g_assert_false (hone_price_is_stale (&price, "2026-04-01"));  /* 90 */
  g_assert_true (hone_price_is_stale (&price, "2026-04-02"));   /* 91 */
  g_assert_true (hone_price_is_stale (&price, "2027-01-01"));
  g_assert_false (hone_price_is_stale (&price, "2025-12-01"));  /* read "in the future" */

  /* Across a leap day: 2028-02-29 is day 59 after 2028-01-01 */
  price.as_of = "2028-01-01";
  g_assert_false (hone_price_is_stale (&price, "2028-03-31"));  /* 90 */
  g_assert_true (hone_price_is_stale (&price, "2028-04-01"));   /* 91 */

  /* Today */
  price.as_of = today;
  g_assert_false (hone_price_is_stale (&price, NULL));
  price.as_of = "2000-01-01";
  g_assert_true (hone_price_is_stale (&price, NULL));

  /* No date, or not a date */
  price.as_of = NULL;
  g_assert_true (hone_price_is_stale (&price, "2026-01-01"));
  price.as_of = "2026-02-30";
  g_assert_true (hone_price_is_stale (&price, "2026-03-01"));
  price.as_of = "26-01-01";
  g_assert_true (hone_price_is_stale (&price, "2026-01-02"));
}

static void
test_closed (void)
{
  HoneProviderInfo provider = { .id = "acme", .name = "Acme", .cutoff = "2027-01-06" };
  const HoneProviderInfo *openai;

  /* "No new jobs after 2027-01-06": the 6th is still open */
  g_assert_false (hone_provider_is_closed (&provider, "2026-11-27"));
  g_assert_false (hone_provider_is_closed (&provider, "2027-01-05"));
  g_assert_false (hone_provider_is_closed (&provider, "2027-01-06"));
  g_assert_true (hone_provider_is_closed (&provider, "2027-01-07"));
  g_assert_true (hone_provider_is_closed (&provider, "2028-01-01"));

  provider.cutoff = NULL;
  g_assert_false (hone_provider_is_closed (&provider, "2099-01-01"));
  g_assert_false (hone_provider_is_closed (&provider, NULL));

  provider.cutoff = "2000-01-01";
  g_assert_true (hone_provider_is_closed (&provider, NULL));

  openai = hone_model_catalog_find_provider (hone_model_catalog_get_default (), "openai");
  g_assert_false (hone_provider_is_closed (openai, "2027-01-06"));
  g_assert_true (hone_provider_is_closed (openai, "2027-01-07"));
  g_assert_false (hone_provider_is_closed (hone_model_catalog_find_provider (hone_model_catalog_get_default (), "together"),
                                           "2030-01-01"));
}

static void
test_find (void)
{
  HoneModelCatalog *catalog = hone_model_catalog_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = hone_model_catalog_list_models (catalog, NULL);
  g_autoptr(GPtrArray) fireworks = hone_model_catalog_list_models (catalog, "fireworks");
  g_autoptr(GPtrArray) none = hone_model_catalog_list_models (catalog, "nobody");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "hone", "models.json", NULL);
  guint n = 0;

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (fireworks->len, >=, 2);
  for (guint i = 0; i < fireworks->len; i++)
    g_assert_cmpstr (((const HoneModelInfo *) g_ptr_array_index (fireworks, i))->provider->id, ==, "fireworks");
  for (guint i = 0; i < all->len; i++)
    n += g_str_equal (((const HoneModelInfo *) g_ptr_array_index (all, i))->provider->id, "fireworks");
  g_assert_cmpuint (n, ==, fireworks->len);

  g_assert_null (hone_model_catalog_find_provider (catalog, "nobody"));

  /* A model of another provider is not found under this one */
  g_assert_null (hone_model_catalog_find_model (catalog, "together", "gpt-4o-mini-2024-07-18", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Together AI has no base model “gpt-4o-mini-2024-07-18” in Hone’s catalogue"));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_assert_null (hone_model_catalog_find_model (catalog, "nobody", "x", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“nobody”"));
  g_clear_error (&error);

  /* NULL error is fine */
  g_assert_null (hone_model_catalog_find_model (catalog, "openai", "gpt-2", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  int ret;

  /* A configuration folder of our own (not G_TEST_OPTION_ISOLATE_DIRS: in
   * GLib 2.74 it leaks its paths, which LeakSanitizer reports) */
  dir = g_dir_make_tmp ("hone-test-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model-catalog/shipped", test_shipped);
  g_test_add_func ("/model-catalog/merge", test_merge);
  g_test_add_func ("/model-catalog/user-file", test_user_file);
  g_test_add_func ("/model-catalog/broken", test_broken);
  g_test_add_func ("/model-catalog/stale", test_stale);
  g_test_add_func ("/model-catalog/closed", test_closed);
  g_test_add_func ("/model-catalog/find", test_find);
  ret = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
  return ret;
}
