/* hone-fake-together.c: a fake Together AI that remembers what it was sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes as in Together's OpenAPI spec and shared/oracles/together/
 * README.md (the SDKs' upload flow). Handlers run in the server's thread:
 * the state is behind a mutex.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hone-fake-together.h"

#define N_STEPS 20

typedef struct {
  char    *id;
  char    *model;
  char    *training_file;
  char    *validation_file;
  char    *suffix;
  gint64   n_epochs;
  guint    gets;
  gboolean cancelled;
} Job;

typedef struct {
  char     *id;
  char     *filename;
  gboolean  deleted;
} File;

static void
file_free (File *file)
{
  g_free (file->id);
  g_free (file->filename);
  g_free (file);
}

struct _HoneFakeTogether
{
  HoneFakeServer *server;
  GMutex          lock;
  guint           next_file;
  GPtrArray      *files;
  GPtrArray      *jobs;
  GPtrArray      *create_bodies;
  guint           gets_until_done;
  char           *final_status;
  gboolean        allowed;
};

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->model);
  g_free (job->training_file);
  g_free (job->validation_file);
  g_free (job->suffix);
  g_free (job);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static Job *
find_job (HoneFakeTogether *self,
          const char       *id)
{
  for (guint i = 0; i < self->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (self->jobs, i);
      if (g_str_equal (job->id, id))
        return job;
    }
  return NULL;
}

/* How far @job is: 0 pending, 1 running, 2 over */
static guint
job_stage (HoneFakeTogether *self,
           Job              *job)
{
  if (job->cancelled || job->gets + 1 >= self->gets_until_done)
    return 2;
  return job->gets == 0 ? 0 : 1;
}

static const char *
job_status (HoneFakeTogether *self,
            Job              *job)
{
  static const char * const statuses[] = { "pending", "running" };
  guint stage = job_stage (self, job);

  if (job->cancelled)
    return "cancelled";
  return stage < 2 ? statuses[stage] : self->final_status;
}

static char *
job_json (HoneFakeTogether *self,
          Job              *job)
{
  g_autoptr(GString) json = g_string_new (NULL);
  const char *status = job_status (self, job);
  gboolean done = g_str_equal (status, "completed");

  g_string_append_printf (json, "{\"id\":\"%s\",\"status\":\"%s\","
                          "\"created_at\":\"2026-11-20T10:00:00.000Z\","
                          "\"updated_at\":\"2026-11-20T10:%02u:00.000Z\","
                          "\"model\":\"%s\",\"training_file\":\"%s\",",
                          job->id, status, MIN (5 + job->gets, 59), job->model, job->training_file);
  if (job->validation_file != NULL)
    g_string_append_printf (json, "\"validation_file\":\"%s\",", job->validation_file);
  if (job_stage (self, job) >= 1 && !job->cancelled)
    g_string_append (json, "\"started_at\":\"2026-11-20T10:05:00.000Z\",");
  g_string_append_printf (json, "\"n_epochs\":%" G_GINT64_FORMAT ",\"model_output_name\":\"me/%s-%s\"",
                          job->n_epochs, job->model, job->suffix != NULL ? job->suffix : "ft");
  if (done)
    g_string_append (json, ",\"token_count\":123456,\"total_price\":480000000"
                           ",\"finished_at\":\"2026-11-20T11:00:00.000Z\"");
  if (g_str_equal (status, "error"))
    g_string_append (json, ",\"events\":[{\"level\":\"error\",\"message\":\"The training file has a line without an assistant message\",\"type\":\"job_error\"}]");
  g_string_append_c (json, '}');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* POST /v1/files: the 302 to presigned storage, as Together answers it */
static void
files_post (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GHashTable) fields = NULL;
  File *file;

  if (request->body != NULL)
    form = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  fields = soup_form_decode (form != NULL ? form : "");

  g_mutex_lock (&self->lock);
  id = g_strdup_printf ("file-%u", ++self->next_file);
  file = g_new0 (File, 1);
  file->id = g_strdup (id);
  file->filename = g_strdup (g_hash_table_lookup (fields, "file_name"));
  g_ptr_array_add (self->files, file);
  g_mutex_unlock (&self->lock);

  path = g_strdup_printf ("/storage/bucket/%s?X-Amz-Signature=s1g", id);
  location = hone_fake_server_url (self->server, path);
  soup_message_headers_replace (headers, "Location", location);
  soup_message_headers_replace (headers, "X-Together-File-Id", id);
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
}

static void
storage_put (SoupServerMessage     *msg,
             const HoneFakeRequest *request,
             gpointer               user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* POST /v1/files/ID/preprocess */
static void
preprocess (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  g_auto(GStrv) parts = g_strsplit (request->path, "/", -1);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"object\":\"file\",\"created_at\":1763630000,"
                                           "\"filename\":\"train.jsonl\",\"bytes\":300,\"purpose\":\"fine-tune\","
                                           "\"FileType\":\"jsonl\",\"Processed\":true}",
                                           g_strv_length (parts) > 3 ? parts[3] : "");
  set_json (msg, 200, json);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* GET /v1/files: FileList */
static void
list_files (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  g_autoptr(GString) json = g_string_new ("{\"object\":\"list\",\"data\":[");
  gboolean first = TRUE;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->files->len; i++)
    {
      File *file = g_ptr_array_index (self->files, i);

      if (file->deleted)
        continue;
      g_string_append_printf (json, "%s{\"id\":\"%s\",\"object\":\"file\",\"filename\":\"%s\","
                                    "\"bytes\":300,\"created_at\":1763630000,\"purpose\":\"fine-tune\","
                                    "\"FileType\":\"jsonl\",\"Processed\":true}",
                              first ? "" : ",", file->id, file->filename != NULL ? file->filename : "");
      first = FALSE;
    }
  g_mutex_unlock (&self->lock);
  g_string_append (json, "]}");
  set_json (msg, 200, json->str);
}

/* DELETE /v1/files/ID: FileDeleteResponse */
static void
delete_file (SoupServerMessage     *msg,
             const HoneFakeRequest *request,
             gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  const char *id = request->path + strlen ("/v1/files/");
  g_autofree char *json = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->files->len; i++)
    {
      File *file = g_ptr_array_index (self->files, i);

      if (!file->deleted && g_str_equal (file->id, id))
        {
          file->deleted = TRUE;
          json = g_strdup_printf ("{\"id\":\"%s\",\"deleted\":true}", id);
        }
    }
  g_mutex_unlock (&self->lock);

  if (json != NULL)
    set_json (msg, 200, json);
  else
    set_json (msg, 404, "{\"error\":{\"message\":\"File not found\"}}");
}

/* POST /v1/fine-tunes */
static void
create_job (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *body;
  Job *job;

  if (request->body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                                   g_bytes_get_size (request->body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_json (msg, 400, "{\"error\":{\"message\":\"Invalid JSON body\"}}");
      return;
    }
  body = json_node_get_object (json_parser_get_root (parser));
  if (member_string (body, "model") == NULL || member_string (body, "training_file") == NULL)
    {
      set_json (msg, 400, "{\"error\":{\"message\":\"model and training_file are required\"}}");
      return;
    }

  job = g_new0 (Job, 1);
  job->model = g_strdup (member_string (body, "model"));
  job->training_file = g_strdup (member_string (body, "training_file"));
  job->validation_file = g_strdup (member_string (body, "validation_file"));
  job->suffix = g_strdup (member_string (body, "suffix"));
  job->n_epochs = json_object_get_int_member_with_default (body, "n_epochs", 1);

  g_mutex_lock (&self->lock);
  job->id = g_strdup_printf ("ft-%u", self->jobs->len + 1);
  g_ptr_array_add (self->jobs, job);
  g_ptr_array_add (self->create_bodies, g_strndup (g_bytes_get_data (request->body, NULL),
                                                   g_bytes_get_size (request->body)));
  json = job_json (self, job);
  g_mutex_unlock (&self->lock);

  set_json (msg, 200, json);
}

/* GET /v1/fine-tunes */
static void
list_jobs (SoupServerMessage     *msg,
           const HoneFakeRequest *request,
           gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  g_autoptr(GString) json = g_string_new ("{\"data\":[");

  g_mutex_lock (&self->lock);
  for (guint i = self->jobs->len; i > 0; i--)
    {
      g_autofree char *one = job_json (self, g_ptr_array_index (self->jobs, i - 1));
      if (i < self->jobs->len)
        g_string_append_c (json, ',');
      g_string_append (json, one);
    }
  g_mutex_unlock (&self->lock);
  g_string_append (json, "]}");
  set_json (msg, 200, json->str);
}

static void
append_metrics (GString *json,
                guint    n_steps)
{
  g_string_append (json, "{\"metrics\":[");
  for (guint step = 1; step <= n_steps; step++)
    {
      char loss[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (loss, sizeof loss, 2.4 * 1.0 / (1.0 + 0.15 * step));
      if (step > 1)
        g_string_append_c (json, ',');
      g_string_append_printf (json, "{\"train/global_step\":%u,\"train/loss\":%s,\"train/learning_rate\":1e-05}",
                              step, loss);
      if (step % 5 == 0)
        {
          g_ascii_dtostr (loss, sizeof loss, 2.6 * 1.0 / (1.0 + 0.12 * step));
          g_string_append_printf (json, ",{\"eval/global_step\":%u,\"eval/loss\":%s}", step, loss);
        }
    }
  g_string_append (json, "]}");
}

/* GET /v1/fine-tunes/ID[/events|/checkpoints|/metrics] */
static void
get_job_part (SoupServerMessage     *msg,
              const HoneFakeRequest *request,
              gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  g_auto(GStrv) parts = g_strsplit (request->path, "/", -1);
  g_autoptr(GString) json = g_string_new (NULL);
  const char *part;
  guint stage;
  Job *job;

  /* GET /v1/fine-tunes/models/supported: what it fine-tunes "now" */
  if (g_strv_length (parts) == 5 && g_str_equal (parts[3], "models") && g_str_equal (parts[4], "supported"))
    {
      set_json (msg, 200, "{\"models\":[\"Qwen/Qwen3-8B\",\"Qwen/Qwen3-14B\","
                          "\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\",\"acme/Brand-New-Model\"]}");
      return;
    }

  /* "", "v1", "fine-tunes", ID, [part] */
  g_mutex_lock (&self->lock);
  job = g_strv_length (parts) >= 4 ? find_job (self, parts[3]) : NULL;
  if (job == NULL)
    {
      g_mutex_unlock (&self->lock);
      set_json (msg, 404, "{\"error\":{\"message\":\"Fine-tune job not found\"}}");
      return;
    }
  part = parts[4];
  stage = job_stage (self, job);

  if (part == NULL)
    {
      g_autofree char *one = job_json (self, job);
      g_string_append (json, one);
      job->gets++;
    }
  else if (g_str_equal (part, "events"))
    {
      g_string_append (json, "{\"data\":[{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T10:00:00Z\","
                             "\"level\":\"info\",\"message\":\"Fine tune request created\",\"type\":\"job_pending\"}");
      if (stage >= 1)
        g_string_append (json, ",{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T10:05:00Z\","
                               "\"level\":\"info\",\"message\":\"Training started\",\"type\":\"job_start\"}");
      if (stage >= 2)
        g_string_append_printf (json, ",{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T11:00:00Z\","
                                      "\"level\":\"info\",\"message\":\"Job %s\",\"type\":\"job_complete\",\"step\":%d}",
                                job_status (self, job), N_STEPS);
      g_string_append (json, "]}");
    }
  else if (g_str_equal (part, "checkpoints"))
    {
      g_string_append (json, "{\"data\":[");
      if (stage >= 2)
        g_string_append_printf (json, "{\"step\":%d,\"path\":\"%s-final\",\"checkpoint_type\":\"final\","
                                      "\"timestamp\":\"2026-11-20T11:00:00Z\"}", N_STEPS, job->id);
      g_string_append (json, "]}");
    }
  else if (g_str_equal (part, "metrics"))
    append_metrics (json, stage == 0 ? 0 : stage == 1 ? N_STEPS / 2 : N_STEPS);
  else
    {
      g_mutex_unlock (&self->lock);
      set_json (msg, 404, "{\"error\":{\"message\":\"Not found\"}}");
      return;
    }
  g_mutex_unlock (&self->lock);
  set_json (msg, 200, json->str);
}

/* POST /v1/fine-tunes/ID/cancel */
static void
cancel_job (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  HoneFakeTogether *self = user_data;
  g_auto(GStrv) parts = g_strsplit (request->path, "/", -1);
  g_autofree char *json = NULL;
  Job *job;

  if (g_strv_length (parts) == 4 && g_str_equal (parts[3], "estimate-price"))
    {
      g_mutex_lock (&self->lock);
      json = g_strdup_printf ("{\"estimated_total_price\":0.52,\"allowed_to_proceed\":%s,\"user_limit\":%s,"
                              "\"estimated_train_token_count\":120000,\"estimated_eval_token_count\":3000}",
                              self->allowed ? "true" : "false", self->allowed ? "100" : "0.25");
      g_mutex_unlock (&self->lock);
      set_json (msg, 200, json);
      return;
    }

  g_mutex_lock (&self->lock);
  job = g_strv_length (parts) == 5 && g_str_equal (parts[4], "cancel") ? find_job (self, parts[3]) : NULL;
  if (job != NULL)
    {
      job->cancelled = TRUE;
      json = job_json (self, job);
    }
  g_mutex_unlock (&self->lock);

  if (json == NULL)
    set_json (msg, 404, "{\"error\":{\"message\":\"Fine-tune job not found\"}}");
  else
    set_json (msg, 200, json);
}

HoneFakeTogether *
hone_fake_together_new (HoneFakeServer *server)
{
  HoneFakeTogether *self = g_new0 (HoneFakeTogether, 1);

  self->server = server;
  g_mutex_init (&self->lock);
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_free);
  self->create_bodies = g_ptr_array_new_with_free_func (g_free);
  self->gets_until_done = 3;
  self->allowed = TRUE;
  self->final_status = g_strdup ("completed");

  hone_fake_server_add_route (server, "POST", "/v1/files", files_post, self, NULL);
  hone_fake_server_add_route (server, "PUT", "/storage/bucket/*", storage_put, NULL, NULL);
  hone_fake_server_add_route (server, "POST", "/v1/files/*", preprocess, NULL, NULL);
  hone_fake_server_add_route (server, "GET", "/v1/files", list_files, self, NULL);
  hone_fake_server_add_route (server, "DELETE", "/v1/files/*", delete_file, self, NULL);
  hone_fake_server_add_route (server, "POST", "/v1/fine-tunes", create_job, self, NULL);
  hone_fake_server_add_route (server, "GET", "/v1/fine-tunes", list_jobs, self, NULL);
  hone_fake_server_add_route (server, "GET", "/v1/fine-tunes/*", get_job_part, self, NULL);
  hone_fake_server_add_route (server, "POST", "/v1/fine-tunes/*", cancel_job, self, NULL);
  return self;
}

void
hone_fake_together_free (HoneFakeTogether *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->jobs);
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->create_bodies);
  g_free (self->final_status);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
hone_fake_together_set_gets_until_done (HoneFakeTogether *self,
                                        guint             gets)
{
  g_mutex_lock (&self->lock);
  self->gets_until_done = MAX (gets, 1);
  g_mutex_unlock (&self->lock);
}

void
hone_fake_together_set_final_status (HoneFakeTogether *self,
                                     const char       *status)
{
  g_mutex_lock (&self->lock);
  g_free (self->final_status);
  self->final_status = g_strdup (status);
  g_mutex_unlock (&self->lock);
}

guint
hone_fake_together_get_n_jobs (HoneFakeTogether *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->jobs->len;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
hone_fake_together_get_n_files (HoneFakeTogether *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->next_file;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
hone_fake_together_dup_create_body (HoneFakeTogether *self,
                                    guint             index)
{
  char *body = NULL;

  g_mutex_lock (&self->lock);
  if (index < self->create_bodies->len)
    body = g_strdup (g_ptr_array_index (self->create_bodies, index));
  g_mutex_unlock (&self->lock);
  return body;
}

void
hone_fake_together_add_job (HoneFakeTogether *self,
                            const char       *training_file)
{
  Job *job = g_new0 (Job, 1);

  job->model = g_strdup ("Qwen/Qwen3-8B");
  job->training_file = g_strdup (training_file);
  job->n_epochs = 1;
  g_mutex_lock (&self->lock);
  job->id = g_strdup_printf ("ft-%u", self->jobs->len + 1);
  g_ptr_array_add (self->jobs, job);
  g_mutex_unlock (&self->lock);
}

guint
hone_fake_together_get_n_live_files (HoneFakeTogether *self)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->files->len; i++)
    n += !((File *) g_ptr_array_index (self->files, i))->deleted;
  g_mutex_unlock (&self->lock);
  return n;
}

void
hone_fake_together_set_allowed (HoneFakeTogether *self,
                                gboolean          allowed)
{
  g_mutex_lock (&self->lock);
  self->allowed = allowed;
  g_mutex_unlock (&self->lock);
}
