/* hone-model-catalog.c: the providers and the base models they fine-tune,
 * with their limits and prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue is data: data/models.json, compiled into the core's
 * resources (/app/hone/Hone/core/models.json), with the user's
 * $XDG_CONFIG_HOME/hone/models.json merged over it. data/models.README.md
 * says the same for people who write that file.
 *
 * The format, version 1 (member names are snake_case; every object may also
 * have a "comment" string, which Hone ignores):
 *
 *   {
 *     "version": 1,
 *     "providers": [
 *       {
 *         "id": "together",                 the id projects store (required)
 *         "name": "Together AI",            for people
 *         "epochs": {                       the epochs on auto, all three:
 *           "rule": "fixed",                "fixed": always "default";
 *                                           "openai": OpenAI's cookbook rule
 *           "default": 1,                   1 or more
 *           "source": "https://…"           where the default was read
 *         },
 *         "default_evaluations": 0,         evaluations when on auto (0)
 *         "cutoff": "2027-01-06",           no new jobs after this day, or
 *                                           null (the day itself is open)
 *         "notes": "…",                     for people, or null
 *         "defaults": { … },                any model member but "id" and
 *                                           "name": every model of the
 *                                           provider has it unless the model
 *                                           gives its own
 *         "models": [
 *           {
 *             "id": "Qwen/Qwen3-8B",        the provider's name (required)
 *             "name": "Qwen3 8B",           for people
 *             "tokenizer": "qwen2",         for hone_tokenizer_get()
 *             "chat_format": "qwen3",       "openai", "llama3", "qwen2.5",
 *                                           "qwen3" (hone-chat-format.h)
 *             "context_length": 40960,      tokens, 1 or more
 *             "max_example_tokens": 40960,  tokens, 1 or more, not more
 *                                           than context_length
 *             "min_examples": 1,            (1 when not given)
 *             "max_file_bytes": 0,          (0: no known limit)
 *             "training": {                 price per million billed tokens
 *               "lora": { "sft": PRICE, "dpo": PRICE },
 *               "full": { "sft": PRICE, "dpo": PRICE }
 *             },
 *             "input": PRICE,               inference of the fine-tuned
 *             "output": PRICE,              model, per million tokens
 *             "limits_source": "https://…", where the limits were read
 *             "limits_as_of": "2026-11-27"  when, or null
 *           }
 *         ]
 *       }
 *     ]
 *   }
 *
 *   PRICE: { "usd_per_mtok": 0.48, "source": "https://…",
 *            "as_of": "2026-09-09" }, or null for "not offered". A price
 *   that is not there is not known; "as_of" may be left out (the price is
 *   then shown as stale).
 *
 * A model needs "name", "tokenizer", "chat_format", "context_length" and
 * "max_example_tokens" (from itself or its provider's "defaults"); a
 * provider needs "name" and "epochs".
 *
 * Merging a file over the catalogue: a provider or model whose id is
 * already there gets the members the file gives and keeps the others; one
 * that is not there is added at the end. "defaults" is merged member by
 * member and "training" price by price, both in providers and in models; a
 * provider's "defaults" then apply to all its models, old and new. Every
 * other member (a whole "epochs", a whole price) is replaced. A member set
 * to null (where null is allowed) removes what was there.
 *
 * Strictness: a member Hone does not know, a value of the wrong type, a
 * missing id or a member given twice is an error naming the file, the line,
 * the entry and the member, so that a typo cannot silently drop a price. A
 * file is checked whole before anything is merged: on error the catalogue
 * is left as it was.
 *
 * The HoneProviderInfo and HoneModelInfo that a catalogue hands out stay
 * valid as long as the catalogue lives, across merges.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-core-resources.h"
#include "hone-error.h"
#include "hone-model-catalog.h"

#define CATALOG_RESOURCE "/app/hone/Hone/core/models.json"
#define CATALOG_VERSION 1
#define STALE_AFTER_DAYS 90

/* The chat formats of hone-chat-format.h (hone_chat_format_list()); kept
 * here too so that the catalogue does not depend on the token counting */
static const char * const chat_formats[] = { "openai", "llama3", "qwen2.5", "qwen3", NULL };

static const char * const top_members[] = { "version", "providers", NULL };
static const char * const provider_members[] = {
  "id", "name", "epochs", "default_evaluations", "cutoff", "notes", "defaults", "models", NULL
};
static const char * const epochs_members[] = { "rule", "default", "source", NULL };
static const char * const model_members[] = {
  "id", "name", "tokenizer", "chat_format", "context_length", "max_example_tokens",
  "min_examples", "max_file_bytes", "training", "input", "output",
  "limits_source", "limits_as_of", NULL
};
/* "defaults": a model's members but its identity */
static const char * const defaults_members[] = {
  "tokenizer", "chat_format", "context_length", "max_example_tokens",
  "min_examples", "max_file_bytes", "training", "input", "output",
  "limits_source", "limits_as_of", NULL
};
static const char * const type_names[HONE_N_TRAINING_TYPES + 1] = { "lora", "full", NULL };
static const char * const method_names[HONE_N_TRAINING_METHODS + 1] = { "sft", "dpo", NULL };
static const char * const price_members[] = { "usd_per_mtok", "source", "as_of", NULL };

/* One resolved state of the catalogue. Older ones are kept until the
 * catalogue goes, so that pointers handed out stay valid. */
typedef struct {
  GPtrArray    *providers;  /* HoneProviderInfo * */
  GPtrArray    *models;     /* HoneModelInfo * */
  GStringChunk *strings;
} Generation;

struct _HoneModelCatalog
{
  GObject    parent_instance;

  JsonNode  *tree;         /* the merged catalogue, in the file format */
  GPtrArray *generations;  /* Generation *, the current one last */
};

G_DEFINE_FINAL_TYPE (HoneModelCatalog, hone_model_catalog, G_TYPE_OBJECT)

static Generation *
generation_new (void)
{
  Generation *gen = g_new0 (Generation, 1);

  gen->providers = g_ptr_array_new_with_free_func (g_free);
  gen->models = g_ptr_array_new_with_free_func (g_free);
  gen->strings = g_string_chunk_new (1024);
  return gen;
}

static void
generation_free (gpointer data)
{
  Generation *gen = data;

  g_ptr_array_unref (gen->providers);
  g_ptr_array_unref (gen->models);
  g_string_chunk_free (gen->strings);
  g_free (gen);
}

static Generation *
current (HoneModelCatalog *self)
{
  return g_ptr_array_index (self->generations, self->generations->len - 1);
}

static JsonNode *
empty_tree (void)
{
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (root, "version", CATALOG_VERSION);
  json_object_set_array_member (root, "providers", json_array_new ());
  json_node_take_object (node, root);
  return node;
}

static void
hone_model_catalog_finalize (GObject *object)
{
  HoneModelCatalog *self = HONE_MODEL_CATALOG (object);

  g_clear_pointer (&self->tree, json_node_unref);
  g_clear_pointer (&self->generations, g_ptr_array_unref);

  G_OBJECT_CLASS (hone_model_catalog_parent_class)->finalize (object);
}

static void
hone_model_catalog_class_init (HoneModelCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_model_catalog_finalize;
}

static void
hone_model_catalog_init (HoneModelCatalog *self)
{
  self->tree = empty_tree ();
  self->generations = g_ptr_array_new_with_free_func (generation_free);
  g_ptr_array_add (self->generations, generation_new ());
}

/* Dates ------------------------------------------------------------------- */

/* Strictly "YYYY-MM-DD", a day that exists */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year = 0, month = 0, day = 0;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* @today, or today's date where the computer is when @today is NULL */
static gboolean
parse_today (const char *today,
             GDate      *date)
{
  if (today != NULL)
    return parse_date (today, date);

  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
  return TRUE;
}

gboolean
hone_price_is_stale (const HonePrice *price,
                     const char      *today)
{
  GDate read, now;

  g_return_val_if_fail (price != NULL, TRUE);

  if (!parse_date (price->as_of, &read))
    return TRUE;
  if (!parse_today (today, &now))
    g_return_val_if_reached (TRUE);

  return g_date_days_between (&read, &now) > STALE_AFTER_DAYS;
}

/* "No new jobs after the cut-off": the cut-off day itself is still open,
 * the day after is closed */
gboolean
hone_provider_is_closed (const HoneProviderInfo *provider,
                         const char             *today)
{
  GDate cutoff, now;

  g_return_val_if_fail (provider != NULL, FALSE);

  if (!parse_date (provider->cutoff, &cutoff))
    return FALSE;
  if (!parse_today (today, &now))
    g_return_val_if_reached (FALSE);

  return g_date_compare (&now, &cutoff) > 0;
}

/* Reading a file: lines, duplicates ------------------------------------------ */

typedef struct {
  guint       line;     /* of the object's first member; 0 when unknown */
  GHashTable *members;  /* member name → its line */
} ObjectLines;

typedef struct {
  const char *origin;
  GHashTable *objects;  /* JsonObject * → ObjectLines * */
  char       *duplicate;
  guint       duplicate_line;
} Doc;

static void
object_lines_free (gpointer data)
{
  ObjectLines *lines = data;

  g_hash_table_unref (lines->members);
  g_free (lines);
}

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  gpointer    user_data)
{
  Doc *doc = user_data;
  ObjectLines *lines = g_hash_table_lookup (doc->objects, object);
  guint line = json_parser_get_current_line (parser);

  if (lines == NULL)
    {
      lines = g_new0 (ObjectLines, 1);
      lines->line = line;
      lines->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (doc->objects, object, lines);
    }

  /* json-glib keeps the last of two equal members: say so rather than drop
   * one silently */
  if (g_hash_table_contains (lines->members, member))
    {
      if (doc->duplicate == NULL)
        {
          doc->duplicate = g_strdup (member);
          doc->duplicate_line = line;
        }
      return;
    }

  g_hash_table_insert (lines->members, g_strdup (member), GUINT_TO_POINTER (line));
}

/* "file, line 12" for @member of @object (the object's line when the member
 * is not there), or the file alone */
static char *
where (Doc        *doc,
       JsonObject *object,
       const char *member)
{
  ObjectLines *lines = object != NULL ? g_hash_table_lookup (doc->objects, object) : NULL;
  guint line = 0;

  if (lines != NULL)
    {
      gpointer member_line;

      line = lines->line;
      if (member != NULL &&
          g_hash_table_lookup_extended (lines->members, member, NULL, &member_line))
        line = GPOINTER_TO_UINT (member_line);
    }

  if (line > 0)
    /* Translators: the first %s is a file, as in “models.json, line 12” */
    return g_strdup_printf (_("%s, line %u"), doc->origin, line);
  return g_strdup (doc->origin);
}

/* Checking a file -------------------------------------------------------------- */

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_INT64:
      if (json_node_get_int (node) == 0)
        return _("0");
      return json_node_get_int (node) < 0 ? _("a negative number") : _("a whole number");
    case G_TYPE_DOUBLE:
      return _("a number with a fraction");
    default:
      return _("something else");
    }
}

typedef enum {
  KIND_STRING,   /* text, not empty */
  KIND_UINT,     /* a whole number, 0 or more */
  KIND_COUNT,    /* a whole number, 1 or more */
  KIND_NUMBER,   /* a number, 0 or more */
  KIND_DATE,     /* "YYYY-MM-DD" */
  KIND_OBJECT,
  KIND_ARRAY,
} Kind;

static const char *
describe_kind (Kind kind)
{
  switch (kind)
    {
    case KIND_STRING:
      return _("text in double quotes");
    case KIND_UINT:
      return _("a whole number, 0 or more");
    case KIND_COUNT:
      return _("a whole number, 1 or more");
    case KIND_NUMBER:
      return _("a number, 0 or more");
    case KIND_DATE:
      return _("a date written \"YYYY-MM-DD\"");
    case KIND_OBJECT:
      return _("an object in braces { }");
    case KIND_ARRAY:
    default:
      return _("a list in brackets [ ]");
    }
}

static gboolean
node_is_kind (JsonNode *node,
              Kind      kind)
{
  GType type;

  switch (kind)
    {
    case KIND_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KIND_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);

  switch (kind)
    {
    case KIND_STRING:
      return type == G_TYPE_STRING && *json_node_get_string (node) != '\0';
    case KIND_UINT:
      return type == G_TYPE_INT64 && json_node_get_int (node) >= 0;
    case KIND_COUNT:
      return type == G_TYPE_INT64 && json_node_get_int (node) >= 1;
    case KIND_NUMBER:
      if (type == G_TYPE_INT64)
        return json_node_get_int (node) >= 0;
      return type == G_TYPE_DOUBLE &&
             isfinite (json_node_get_double (node)) &&
             json_node_get_double (node) >= 0;
    case KIND_DATE:
      {
        GDate date;
        return type == G_TYPE_STRING && parse_date (json_node_get_string (node), &date);
      }
    case KIND_OBJECT:
    case KIND_ARRAY:
    default:
      return FALSE;
    }
}

/* Checks @member of @object (described by @what) when it is there */
static gboolean
check_member (Doc         *doc,
              JsonObject  *object,
              const char  *member,
              const char  *what,
              Kind         kind,
              gboolean     nullable,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *place = NULL;

  if (node == NULL || node_is_kind (node, kind) || (nullable && JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  place = where (doc, object, member);

  if (kind == KIND_STRING && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                 /* Translators: “models.json, line 12: “name” in the model “x” of the provider “y” is empty. …” */
                 _("%s: “%s” in %s is empty. Give it a value, or leave the member out."),
                 place, member, what);
  else if (kind == KIND_DATE && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                 _("%s: “%s” in %s is “%s”, which is not a date written \"YYYY-MM-DD\" (as in \"2026-11-27\")."),
                 place, member, what, json_node_get_string (node));
  else if (nullable)
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                 _("%s: “%s” in %s must be %s, or null, not %s."),
                 place, member, what, describe_kind (kind), describe_node (node));
  else
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                 _("%s: “%s” in %s must be %s, not %s."),
                 place, member, what, describe_kind (kind), describe_node (node));
  return FALSE;
}

static gboolean
check_required (Doc         *doc,
                JsonObject  *object,
                const char  *member,
                const char  *what,
                const char  *example,
                GError     **error)
{
  g_autofree char *place = NULL;

  if (json_object_has_member (object, member))
    return TRUE;

  place = where (doc, object, NULL);
  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               /* Translators: the last %s is an example, as in "version": 1 */
               _("%s: %s has no “%s”. Add it, as in %s."),
               place, what, member, example);
  return FALSE;
}

/* Every member of @object is one of @known (or "comment") */
static gboolean
check_known (Doc                *doc,
             JsonObject         *object,
             const char         *what,
             const char * const *known,
             GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      g_autofree char *place = NULL;
      g_autofree char *list = NULL;

      if (g_str_equal (member, "comment"))
        {
          if (!check_member (doc, object, member, what, KIND_STRING, FALSE, error))
            return FALSE;
          continue;
        }
      if (g_strv_contains (known, member))
        continue;

      place = where (doc, object, member);
      list = g_strjoinv (", ", (char **) known);
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: %s has a member “%s” that Hone does not know, so it would be ignored. Check its spelling; Hone knows %s, and comment."),
                   place, what, member, list);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_one_of (Doc                *doc,
              JsonObject         *object,
              const char         *member,
              const char         *what,
              const char * const *allowed,
              GError            **error)
{
  const char *value;
  g_autofree char *place = NULL;
  g_autofree char *list = NULL;

  if (!check_member (doc, object, member, what, KIND_STRING, FALSE, error))
    return FALSE;
  if (!json_object_has_member (object, member))
    return TRUE;

  value = json_object_get_string_member (object, member);
  if (g_strv_contains (allowed, value))
    return TRUE;

  place = where (doc, object, member);
  list = g_strjoinv ("”, “", (char **) allowed);
  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               _("%s: “%s” in %s is “%s”, which Hone does not know. Use one of “%s”."),
               place, member, what, value, list);
  return FALSE;
}

/* A PRICE, or null; @what names it ("“input” of the model …") */
static gboolean
check_price (Doc         *doc,
             JsonObject  *parent,
             const char  *member,
             const char  *what,
             GError     **error)
{
  JsonObject *price;

  if (!check_member (doc, parent, member, what, KIND_OBJECT, TRUE, error))
    return FALSE;
  if (!json_object_has_member (parent, member) ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (parent, member)))
    return TRUE;

  price = json_object_get_object_member (parent, member);
  return check_known (doc, price, what, price_members, error) &&
         check_required (doc, price, "usd_per_mtok", what, "\"usd_per_mtok\": 0.48", error) &&
         check_required (doc, price, "source", what, "\"source\": \"https://…\"", error) &&
         check_member (doc, price, "usd_per_mtok", what, KIND_NUMBER, FALSE, error) &&
         check_member (doc, price, "source", what, KIND_STRING, FALSE, error) &&
         check_member (doc, price, "as_of", what, KIND_DATE, FALSE, error);
}

/* The members a model and a provider's "defaults" share; @what names the
 * object ("the model “x” of the provider “y”") */
static gboolean
check_model_fields (Doc         *doc,
                    JsonObject  *object,
                    const char  *what,
                    GError     **error)
{
  static const char * const strings[] = { "name", "tokenizer", "limits_source" };
  static const char * const counts[] = { "context_length", "max_example_tokens", "min_examples" };
  JsonObject *training;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!check_member (doc, object, strings[i], what, KIND_STRING,
                       g_str_equal (strings[i], "limits_source"), error))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (!check_member (doc, object, counts[i], what, KIND_COUNT, FALSE, error))
      return FALSE;
  if (!check_member (doc, object, "max_file_bytes", what, KIND_UINT, FALSE, error) ||
      !check_member (doc, object, "limits_as_of", what, KIND_DATE, TRUE, error) ||
      !check_one_of (doc, object, "chat_format", what, chat_formats, error))
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "input" : "output";
      g_autofree char *price_what = g_strdup_printf (_("“%s” of %s"), member, what);

      if (!check_price (doc, object, member, price_what, error))
        return FALSE;
    }

  if (!check_member (doc, object, "training", what, KIND_OBJECT, FALSE, error))
    return FALSE;
  if (!json_object_has_member (object, "training"))
    return TRUE;

  training = json_object_get_object_member (object, "training");
  {
    g_autofree char *training_what = g_strdup_printf (_("“training” of %s"), what);

    if (!check_known (doc, training, training_what, type_names, error))
      return FALSE;
  }

  for (guint t = 0; t < HONE_N_TRAINING_TYPES; t++)
    {
      g_autofree char *type_what = g_strdup_printf (_("“training.%s” of %s"), type_names[t], what);
      JsonObject *type;

      if (!check_member (doc, training, type_names[t], type_what, KIND_OBJECT, FALSE, error))
        return FALSE;
      if (!json_object_has_member (training, type_names[t]))
        continue;

      type = json_object_get_object_member (training, type_names[t]);
      if (!check_known (doc, type, type_what, method_names, error))
        return FALSE;

      for (guint m = 0; m < HONE_N_TRAINING_METHODS; m++)
        {
          g_autofree char *price_what = g_strdup_printf (_("“training.%s.%s” of %s"),
                                                         type_names[t], method_names[m], what);

          if (!check_price (doc, type, method_names[m], price_what, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_model (Doc         *doc,
             JsonObject  *model,
             const char  *provider_id,
             guint        index,
             GHashTable  *seen,
             GError     **error)
{
  g_autofree char *what = NULL;
  const char *id;

  if (!json_object_has_member (model, "id"))
    {
      g_autofree char *place = where (doc, model, NULL);

      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: model %u of the provider “%s” has no “id”. Give it the provider’s name for the model, as in \"id\": \"Qwen/Qwen3-8B\"."),
                   place, index + 1, provider_id);
      return FALSE;
    }

  what = g_strdup_printf (_("model %u of the provider “%s”"), index + 1, provider_id);
  if (!check_member (doc, model, "id", what, KIND_STRING, FALSE, error))
    return FALSE;

  id = json_object_get_string_member (model, "id");
  g_clear_pointer (&what, g_free);
  what = g_strdup_printf (_("the model “%s” of the provider “%s”"), id, provider_id);

  if (g_hash_table_contains (seen, id))
    {
      g_autofree char *place = where (doc, model, "id");

      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: %s appears twice in this file. Keep one of them."),
                   place, what);
      return FALSE;
    }
  g_hash_table_add (seen, (gpointer) id);

  return check_known (doc, model, what, model_members, error) &&
         check_model_fields (doc, model, what, error);
}

static gboolean
check_provider (Doc         *doc,
                JsonObject  *provider,
                guint        index,
                GHashTable  *seen,
                GError     **error)
{
  g_autofree char *what = NULL;
  g_autoptr(GHashTable) seen_models = NULL;
  const char *id;

  if (!json_object_has_member (provider, "id"))
    {
      g_autofree char *place = where (doc, provider, NULL);

      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: provider %u has no “id”. Give it the id Hone knows it by, as in \"id\": \"together\"."),
                   place, index + 1);
      return FALSE;
    }

  what = g_strdup_printf (_("provider %u"), index + 1);
  if (!check_member (doc, provider, "id", what, KIND_STRING, FALSE, error))
    return FALSE;

  id = json_object_get_string_member (provider, "id");
  g_clear_pointer (&what, g_free);
  what = g_strdup_printf (_("the provider “%s”"), id);

  if (g_hash_table_contains (seen, id))
    {
      g_autofree char *place = where (doc, provider, "id");

      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: %s appears twice in this file. Put all its members and models in one entry."),
                   place, what);
      return FALSE;
    }
  g_hash_table_add (seen, (gpointer) id);

  if (!check_known (doc, provider, what, provider_members, error) ||
      !check_member (doc, provider, "name", what, KIND_STRING, FALSE, error) ||
      !check_member (doc, provider, "default_evaluations", what, KIND_UINT, FALSE, error) ||
      !check_member (doc, provider, "cutoff", what, KIND_DATE, TRUE, error) ||
      !check_member (doc, provider, "notes", what, KIND_STRING, TRUE, error) ||
      !check_member (doc, provider, "epochs", what, KIND_OBJECT, FALSE, error) ||
      !check_member (doc, provider, "defaults", what, KIND_OBJECT, FALSE, error) ||
      !check_member (doc, provider, "models", what, KIND_ARRAY, FALSE, error))
    return FALSE;

  if (json_object_has_member (provider, "epochs"))
    {
      JsonObject *epochs = json_object_get_object_member (provider, "epochs");
      static const char * const rules[] = { "fixed", "openai", NULL };
      g_autofree char *epochs_what = g_strdup_printf (_("“epochs” of %s"), what);

      if (!check_known (doc, epochs, epochs_what, epochs_members, error) ||
          !check_required (doc, epochs, "rule", epochs_what, "\"rule\": \"fixed\"", error) ||
          !check_required (doc, epochs, "default", epochs_what, "\"default\": 1", error) ||
          !check_required (doc, epochs, "source", epochs_what, "\"source\": \"https://…\"", error) ||
          !check_one_of (doc, epochs, "rule", epochs_what, rules, error) ||
          !check_member (doc, epochs, "default", epochs_what, KIND_COUNT, FALSE, error) ||
          !check_member (doc, epochs, "source", epochs_what, KIND_STRING, FALSE, error))
        return FALSE;
    }

  if (json_object_has_member (provider, "defaults"))
    {
      JsonObject *defaults = json_object_get_object_member (provider, "defaults");
      g_autofree char *defaults_what = g_strdup_printf (_("“defaults” of %s"), what);

      if (!check_known (doc, defaults, defaults_what, defaults_members, error) ||
          !check_model_fields (doc, defaults, defaults_what, error))
        return FALSE;
    }

  if (json_object_has_member (provider, "models"))
    {
      JsonArray *models = json_object_get_array_member (provider, "models");

      seen_models = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < json_array_get_length (models); i++)
        {
          JsonNode *node = json_array_get_element (models, i);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_autofree char *place = where (doc, provider, "models");

              g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("%s: model %u of %s must be an object in braces { }, not %s."),
                           place, i + 1, what, describe_node (node));
              return FALSE;
            }
          if (!check_model (doc, json_node_get_object (node), id, i, seen_models, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_document (Doc         *doc,
                JsonNode    *root,
                GError     **error)
{
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *top;
  JsonArray *providers;
  const char *what = _("the catalogue");
  gint64 version;

  if (root == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                   _("%s is empty. A model catalogue is a JSON object with \"version\": 1 and \"providers\": [ … ]."),
                   doc->origin);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: a model catalogue must be a JSON object in braces { }, with \"version\": 1 and \"providers\": [ … ], not %s."),
                   doc->origin, describe_node (root));
      return FALSE;
    }

  top = json_node_get_object (root);
  if (!check_known (doc, top, what, top_members, error) ||
      !check_required (doc, top, "version", what, "\"version\": 1", error) ||
      !check_member (doc, top, "version", what, KIND_COUNT, FALSE, error))
    return FALSE;

  version = json_object_get_int_member (top, "version");
  if (version != CATALOG_VERSION)
    {
      g_autofree char *place = where (doc, top, "version");

      g_set_error (error, HONE_ERROR, HONE_ERROR_TOO_NEW,
                   _("%s: this model catalogue is version %" G_GINT64_FORMAT ", and this Hone reads version %d only. Update Hone, or write the file for version %d."),
                   place, version, CATALOG_VERSION, CATALOG_VERSION);
      return FALSE;
    }

  if (!check_required (doc, top, "providers", what, "\"providers\": [ ]", error) ||
      !check_member (doc, top, "providers", what, KIND_ARRAY, FALSE, error))
    return FALSE;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  providers = json_object_get_array_member (top, "providers");
  for (guint i = 0; i < json_array_get_length (providers); i++)
    {
      JsonNode *node = json_array_get_element (providers, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *place = where (doc, top, "providers");

          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("%s: provider %u in “providers” must be an object in braces { }, not %s."),
                       place, i + 1, describe_node (node));
          return FALSE;
        }
      if (!check_provider (doc, json_node_get_object (node), i, seen, error))
        return FALSE;
    }

  return TRUE;
}

/* Parses and checks @json; the root on success */
static JsonNode *
load_document (const char  *json,
               gssize       len,
               const char  *origin,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) objects = g_hash_table_new_full (NULL, NULL, NULL, object_lines_free);
  g_autoptr(GError) local_error = NULL;
  Doc doc = { origin, objects, NULL, 0 };
  JsonNode *root;
  gsize length = len < 0 ? strlen (json) : (gsize) len;

  if (!g_utf8_validate (json, length, NULL))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                   _("%s is not UTF-8 text. Save it as UTF-8."), origin);
      return NULL;
    }

  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &doc);
  if (!json_parser_load_from_data (parser, json, (gssize) length, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: …" */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      else if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                   /* Translators: “models.json:3:8: Parse error: unexpected character … Fix the JSON …” */
                   _("%s:%s. Fix the JSON at that line and column."),
                   origin, message);
      g_free (doc.duplicate);
      return NULL;
    }
  g_signal_handlers_disconnect_by_data (parser, &doc);

  if (doc.duplicate != NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s, line %u: the member “%s” is given twice in the same object, and only one of them would count. Remove one."),
                   origin, doc.duplicate_line, doc.duplicate);
      g_free (doc.duplicate);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!check_document (&doc, root, error))
    return NULL;

  return json_node_ref (root);
}

/* Merging ------------------------------------------------------------------- */

/* json_node_copy() shares objects and arrays: a deep copy to change */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *new_object = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (new_object, l->data,
                                  deep_copy (json_object_get_member (object, l->data)));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, new_object);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *new_array = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (new_array, deep_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, new_array);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), id) == 0)
        return object;
    }

  return NULL;
}

/* "training": price by price */
static void
merge_training (JsonObject *base,
                JsonObject *over)
{
  g_autoptr(GList) types = json_object_get_members (over);

  for (GList *t = types; t != NULL; t = t->next)
    {
      JsonNode *over_type = json_object_get_member (over, t->data);
      JsonNode *base_type = json_object_get_member (base, t->data);

      if (JSON_NODE_HOLDS_OBJECT (over_type) && base_type != NULL && JSON_NODE_HOLDS_OBJECT (base_type))
        {
          JsonObject *over_methods = json_node_get_object (over_type);
          g_autoptr(GList) methods = json_object_get_members (over_methods);

          for (GList *m = methods; m != NULL; m = m->next)
            json_object_set_member (json_node_get_object (base_type), m->data,
                                    deep_copy (json_object_get_member (over_methods, m->data)));
        }
      else
        json_object_set_member (base, t->data, deep_copy (over_type));
    }
}

/* A model or "defaults": member by member, "training" price by price */
static void
merge_fields (JsonObject *base,
              JsonObject *over)
{
  g_autoptr(GList) members = json_object_get_members (over);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (over, l->data);
      JsonNode *base_node = json_object_get_member (base, l->data);

      if (g_str_equal (l->data, "training") && base_node != NULL &&
          JSON_NODE_HOLDS_OBJECT (base_node) && JSON_NODE_HOLDS_OBJECT (node))
        merge_training (json_node_get_object (base_node), json_node_get_object (node));
      else
        json_object_set_member (base, l->data, deep_copy (node));
    }
}

static void
merge_models (JsonObject *provider,
              JsonArray  *over)
{
  JsonArray *models;

  if (!json_object_has_member (provider, "models"))
    json_object_set_array_member (provider, "models", json_array_new ());
  models = json_object_get_array_member (provider, "models");

  for (guint i = 0; i < json_array_get_length (over); i++)
    {
      JsonNode *node = json_array_get_element (over, i);
      JsonObject *model = json_node_get_object (node);
      JsonObject *base = find_by_id (models, json_object_get_string_member (model, "id"));

      if (base == NULL)
        json_array_add_element (models, deep_copy (node));
      else
        merge_fields (base, model);
    }
}

static void
merge_provider (JsonObject *base,
                JsonObject *over)
{
  g_autoptr(GList) members = json_object_get_members (over);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (over, l->data);
      JsonNode *base_node = json_object_get_member (base, l->data);

      if (g_str_equal (l->data, "models"))
        merge_models (base, json_node_get_array (node));
      else if (g_str_equal (l->data, "defaults") && base_node != NULL &&
               JSON_NODE_HOLDS_OBJECT (base_node))
        merge_fields (json_node_get_object (base_node), json_node_get_object (node));
      else if (!g_str_equal (l->data, "id"))
        json_object_set_member (base, l->data, deep_copy (node));
    }
}

static void
merge_document (JsonObject *base,
                JsonObject *over)
{
  JsonArray *providers = json_object_get_array_member (base, "providers");
  JsonArray *over_providers = json_object_get_array_member (over, "providers");

  for (guint i = 0; i < json_array_get_length (over_providers); i++)
    {
      JsonNode *node = json_array_get_element (over_providers, i);
      JsonObject *provider = json_node_get_object (node);
      JsonObject *existing = find_by_id (providers, json_object_get_string_member (provider, "id"));

      if (existing == NULL)
        json_array_add_element (providers, deep_copy (node));
      else
        merge_provider (existing, provider);
    }
}

/* Resolving the merged catalogue --------------------------------------------- */

static const char *
intern (Generation *gen,
        const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (gen->strings, text) : NULL;
}

/* @member of @model, else of @defaults; NULL when neither has it */
static JsonNode *
effective (JsonObject *model,
           JsonObject *defaults,
           const char *member)
{
  if (json_object_has_member (model, member))
    return json_object_get_member (model, member);
  if (defaults != NULL && json_object_has_member (defaults, member))
    return json_object_get_member (defaults, member);
  return NULL;
}

static JsonNode *
effective_price (JsonObject *model,
                 JsonObject *defaults,
                 const char *type,
                 const char *method)
{
  JsonObject *sources[] = { model, defaults };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      JsonObject *training, *methods;

      if (sources[i] == NULL || !json_object_has_member (sources[i], "training"))
        continue;
      training = json_object_get_object_member (sources[i], "training");
      if (!json_object_has_member (training, type))
        continue;
      methods = json_object_get_object_member (training, type);
      if (json_object_has_member (methods, method))
        return json_object_get_member (methods, method);
    }

  return NULL;
}

static void
fill_price (Generation *gen,
            HonePrice  *price,
            JsonNode   *node)
{
  JsonObject *object;
  JsonNode *value;

  price->usd_per_mtok = -1;
  price->source = NULL;
  price->as_of = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  value = json_object_get_member (object, "usd_per_mtok");
  price->usd_per_mtok = json_node_get_value_type (value) == G_TYPE_INT64
                        ? (double) json_node_get_int (value)
                        : json_node_get_double (value);
  price->source = intern (gen, json_object_get_string_member (object, "source"));
  price->as_of = intern (gen, json_object_get_string_member_with_default (object, "as_of", NULL));
}

static const char *
nullable_string (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

static gboolean
resolve_model (Generation              *gen,
               const HoneProviderInfo  *provider,
               JsonObject              *model,
               JsonObject              *defaults,
               const char              *origin,
               GError                 **error)
{
  static const char * const required[] = {
    "name", "tokenizer", "chat_format", "context_length", "max_example_tokens"
  };
  HoneModelInfo *info;
  JsonNode *node;
  const char *id = json_object_get_string_member (model, "id");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (effective (model, defaults, required[i]) == NULL)
      {
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     _("%s: the model “%s” of the provider “%s” has no “%s”, neither itself nor in the provider’s “defaults”. Add it to the model."),
                     origin, id, provider->id, required[i]);
        return FALSE;
      }

  info = g_new0 (HoneModelInfo, 1);
  g_ptr_array_add (gen->models, info);
  info->provider = provider;
  info->id = intern (gen, id);
  info->name = intern (gen, json_node_get_string (effective (model, defaults, "name")));
  info->tokenizer = intern (gen, json_node_get_string (effective (model, defaults, "tokenizer")));
  info->chat_format = intern (gen, json_node_get_string (effective (model, defaults, "chat_format")));
  info->context_length = (guint64) json_node_get_int (effective (model, defaults, "context_length"));
  info->max_example_tokens = (guint64) json_node_get_int (effective (model, defaults, "max_example_tokens"));
  node = effective (model, defaults, "min_examples");
  info->min_examples = node != NULL ? (guint) MIN (json_node_get_int (node), G_MAXUINT) : 1;
  node = effective (model, defaults, "max_file_bytes");
  info->max_file_bytes = node != NULL ? (guint64) json_node_get_int (node) : 0;
  info->limits_source = intern (gen, nullable_string (effective (model, defaults, "limits_source")));
  info->limits_as_of = intern (gen, nullable_string (effective (model, defaults, "limits_as_of")));

  for (guint t = 0; t < HONE_N_TRAINING_TYPES; t++)
    for (guint m = 0; m < HONE_N_TRAINING_METHODS; m++)
      fill_price (gen, &info->training[t][m],
                  effective_price (model, defaults, type_names[t], method_names[m]));
  fill_price (gen, &info->input, effective (model, defaults, "input"));
  fill_price (gen, &info->output, effective (model, defaults, "output"));

  if (info->max_example_tokens > info->context_length)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("%s: the model “%s” of the provider “%s” would train on examples of %" G_GUINT64_FORMAT " tokens (“max_example_tokens”) but reads only %" G_GUINT64_FORMAT " (“context_length”). The first cannot be larger than the second."),
                   origin, id, provider->id, info->max_example_tokens, info->context_length);
      return FALSE;
    }

  return TRUE;
}

static Generation *
resolve (JsonObject  *top,
         const char  *origin,
         GError     **error)
{
  Generation *gen = generation_new ();
  JsonArray *providers = json_object_get_array_member (top, "providers");

  for (guint i = 0; i < json_array_get_length (providers); i++)
    {
      JsonObject *provider = json_array_get_object_element (providers, i);
      JsonObject *defaults = NULL, *epochs;
      HoneProviderInfo *info;
      const char *id = json_object_get_string_member (provider, "id");

      if (!json_object_has_member (provider, "name"))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("%s: the provider “%s” has no “name”. Give it a name for people, as in \"name\": \"Together AI\"."),
                       origin, id);
          goto fail;
        }
      if (!json_object_has_member (provider, "epochs"))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("%s: the provider “%s” has no “epochs”. Say how it picks them, as in \"epochs\": {\"rule\": \"fixed\", \"default\": 1, \"source\": \"https://…\"}."),
                       origin, id);
          goto fail;
        }

      info = g_new0 (HoneProviderInfo, 1);
      g_ptr_array_add (gen->providers, info);
      info->id = intern (gen, id);
      info->name = intern (gen, json_object_get_string_member (provider, "name"));
      epochs = json_object_get_object_member (provider, "epochs");
      info->epochs_rule = g_str_equal (json_object_get_string_member (epochs, "rule"), "openai")
                          ? HONE_EPOCHS_RULE_OPENAI : HONE_EPOCHS_RULE_FIXED;
      info->default_epochs = (guint) MIN (json_object_get_int_member (epochs, "default"), G_MAXUINT);
      info->epochs_source = intern (gen, json_object_get_string_member (epochs, "source"));
      info->default_evaluations = (guint) MIN (json_object_get_int_member_with_default (provider, "default_evaluations", 0), G_MAXUINT);
      info->cutoff = intern (gen, nullable_string (json_object_get_member (provider, "cutoff")));
      info->notes = intern (gen, nullable_string (json_object_get_member (provider, "notes")));

      if (json_object_has_member (provider, "defaults"))
        defaults = json_object_get_object_member (provider, "defaults");

      if (json_object_has_member (provider, "models"))
        {
          JsonArray *models = json_object_get_array_member (provider, "models");

          for (guint j = 0; j < json_array_get_length (models); j++)
            if (!resolve_model (gen, info, json_array_get_object_element (models, j),
                                defaults, origin, error))
              goto fail;
        }
    }

  return gen;

fail:
  generation_free (gen);
  return NULL;
}

/* The catalogue ----------------------------------------------------------------- */

gboolean
hone_model_catalog_merge_data (HoneModelCatalog  *self,
                               const char        *json,
                               gssize             len,
                               const char        *origin,
                               GError           **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) tree = NULL;
  Generation *gen;

  g_return_val_if_fail (HONE_IS_MODEL_CATALOG (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (origin == NULL)
    origin = _("the model catalogue");

  document = load_document (json, len, origin, error);
  if (document == NULL)
    return FALSE;

  tree = deep_copy (self->tree);
  merge_document (json_node_get_object (tree), json_node_get_object (document));
  gen = resolve (json_node_get_object (tree), origin, error);
  if (gen == NULL)
    return FALSE;

  g_clear_pointer (&self->tree, json_node_unref);
  self->tree = g_steal_pointer (&tree);
  g_ptr_array_add (self->generations, gen);
  return TRUE;
}

HoneModelCatalog *
hone_model_catalog_new_from_data (const char  *json,
                                  gssize       len,
                                  const char  *origin,
                                  GError     **error)
{
  g_autoptr(HoneModelCatalog) self = g_object_new (HONE_TYPE_MODEL_CATALOG, NULL);

  g_return_val_if_fail (json != NULL, NULL);

  if (!hone_model_catalog_merge_data (self, json, len, origin, error))
    return NULL;
  return g_steal_pointer (&self);
}

static HoneModelCatalog *
load_shipped (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *origin = _("the model catalogue that comes with Hone");

  /* Through the resource object, so that static linking keeps it */
  bytes = g_resource_lookup_data (hone_core_get_resource (), CATALOG_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("%s is missing from this build (%s). Please report this."),
                   origin, local_error->message);
      return NULL;
    }

  return hone_model_catalog_new_from_data (g_bytes_get_data (bytes, NULL),
                                           (gssize) g_bytes_get_size (bytes),
                                           origin, error);
}

static char *
user_catalog_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "hone", "models.json", NULL);
}

HoneModelCatalog *
hone_model_catalog_new (const char  *user_path,
                        GError     **error)
{
  g_autoptr(HoneModelCatalog) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = load_shipped (error);
  if (self == NULL)
    return NULL;

  path = user_path != NULL ? g_strdup (user_path) : user_catalog_path ();
  display = g_filename_display_name (path);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);

      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("Hone could not read your model catalogue %s: %s. Check its permissions, or move it away to use Hone’s own catalogue."),
                   display, local_error->message);
      return NULL;
    }

  if (!hone_model_catalog_merge_data (self, contents, (gssize) len, display, error))
    return NULL;

  return g_steal_pointer (&self);
}

HoneModelCatalog *
hone_model_catalog_get_default (void)
{
  static HoneModelCatalog *shipped = NULL;

  if (g_once_init_enter (&shipped))
    {
      g_autoptr(GError) error = NULL;
      HoneModelCatalog *catalog = load_shipped (&error);

      if (catalog == NULL)
        {
          /* A defect of this build: say so, and go on without models */
          g_critical ("%s", error->message);
          catalog = g_object_new (HONE_TYPE_MODEL_CATALOG, NULL);
        }
      g_once_init_leave (&shipped, catalog);
    }

  return shipped;
}

GPtrArray *
hone_model_catalog_get_providers (HoneModelCatalog *self)
{
  g_return_val_if_fail (HONE_IS_MODEL_CATALOG (self), NULL);

  return current (self)->providers;
}

const HoneProviderInfo *
hone_model_catalog_find_provider (HoneModelCatalog *self,
                                  const char       *provider_id)
{
  GPtrArray *providers;

  g_return_val_if_fail (HONE_IS_MODEL_CATALOG (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  providers = current (self)->providers;
  for (guint i = 0; i < providers->len; i++)
    {
      const HoneProviderInfo *provider = g_ptr_array_index (providers, i);

      if (g_str_equal (provider->id, provider_id))
        return provider;
    }

  return NULL;
}

GPtrArray *
hone_model_catalog_list_models (HoneModelCatalog *self,
                                const char       *provider_id)
{
  GPtrArray *models, *list;

  g_return_val_if_fail (HONE_IS_MODEL_CATALOG (self), NULL);

  models = current (self)->models;
  list = g_ptr_array_new ();
  for (guint i = 0; i < models->len; i++)
    {
      const HoneModelInfo *model = g_ptr_array_index (models, i);

      if (provider_id == NULL || g_str_equal (model->provider->id, provider_id))
        g_ptr_array_add (list, (gpointer) model);
    }

  return list;
}

const HoneModelInfo *
hone_model_catalog_find_model (HoneModelCatalog  *self,
                               const char        *provider_id,
                               const char        *model_id,
                               GError           **error)
{
  const HoneProviderInfo *provider;
  GPtrArray *models;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (HONE_IS_MODEL_CATALOG (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = hone_model_catalog_find_provider (self, provider_id);
  if (provider == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("Hone’s model catalogue has no provider “%s”. Choose another provider."),
                   provider_id);
      return NULL;
    }

  models = current (self)->models;
  for (guint i = 0; i < models->len; i++)
    {
      const HoneModelInfo *model = g_ptr_array_index (models, i);

      if (model->provider == provider && g_str_equal (model->id, model_id))
        return model;
    }

  path = user_catalog_path ();
  display = g_filename_display_name (path);
  g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
               _("%s has no base model “%s” in Hone’s catalogue. Choose one of its models, or describe this one in %s."),
               provider->name, model_id, display);
  return NULL;
}
