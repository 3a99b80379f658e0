/* hone-dataset-check.c: keeps the check of a project's examples current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check runs hone_validate_examples() in a worker thread on a snapshot
 * (the file's path, the compiled templates, the fields), as
 * hone_validate_async() does, but with no source object: a check still
 * running when its window closes holds neither the window nor the project,
 * which go at once; its result is dropped when it arrives.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hone-dataset-check.h"
#include "hone-tokenizer.h"

/* The provider whose first model is the default */
#define DEFAULT_PROVIDER_ID "together"

struct _HoneDatasetCheck
{
  GObject               parent_instance;

  HoneProject          *project;
  HoneModelCatalog     *catalog;
  char                 *catalog_error;

  const HoneModelInfo  *model;
  gboolean              model_is_default;
  char                 *target_error;

  HoneValidation       *validation;
  const HoneModelInfo  *validation_model;   /* what "validation" was made for */
  HoneEstimate         *estimate;
  HoneTrainingSettings  settings;
  char                 *error;

  guint                 timeout_id;
  GCancellable         *cancellable;        /* the check in the worker, if any */
  gboolean              running;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (HoneDatasetCheck, hone_dataset_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_VALIDATION,
  PROP_ESTIMATE,
  PROP_MODEL,
  PROP_RUNNING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_check (HoneDatasetCheck *self);

/* State ----------------------------------------------------------------- */

static void
set_running (HoneDatasetCheck *self,
             gboolean          running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
update_running (HoneDatasetCheck *self)
{
  set_running (self, self->timeout_id != 0 || self->cancellable != NULL);
}

static void
set_error (HoneDatasetCheck *self,
           const char       *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
update_estimate (HoneDatasetCheck *self)
{
  g_clear_pointer (&self->estimate, hone_estimate_free);
  if (self->validation != NULL && self->validation_model != NULL)
    self->estimate = hone_estimate_new (self->validation, self->validation_model,
                                        &self->settings, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATE]);
}

static void
set_validation (HoneDatasetCheck    *self,
                HoneValidation      *validation,
                const HoneModelInfo *model)
{
  if (validation == NULL && self->validation == NULL)
    return;

  g_clear_pointer (&self->validation, hone_validation_unref);
  self->validation = validation != NULL ? hone_validation_ref (validation) : NULL;
  self->validation_model = validation != NULL ? model : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION]);
  update_estimate (self);
}

/* The model ------------------------------------------------------------- */

const HoneModelInfo *
hone_dataset_check_get_default_model (HoneDatasetCheck *self)
{
  g_autoptr(GPtrArray) models = NULL;

  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  models = hone_model_catalog_list_models (self->catalog, DEFAULT_PROVIDER_ID);
  if (models == NULL || models->len == 0)
    {
      g_clear_pointer (&models, g_ptr_array_unref);
      models = hone_model_catalog_list_models (self->catalog, NULL);
    }

  /* The first whose counts are exact, so that a new project's figures
   * need no “≈” */
  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      const HoneModelInfo *model = g_ptr_array_index (models, i);
      HoneTokenizer *tokenizer = hone_tokenizer_get (model->tokenizer, NULL);

      if (tokenizer != NULL && hone_tokenizer_is_exact (tokenizer))
        return model;
    }

  return models != NULL && models->len > 0 ? g_ptr_array_index (models, 0) : NULL;
}

/* Reads the project's target; TRUE when the model is another one */
static gboolean
read_target (HoneDatasetCheck *self)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *model_id = NULL;
  g_autoptr(GError) error = NULL;
  const HoneModelInfo *model = NULL;
  const HoneModelInfo *before = self->model;
  gboolean was_default = self->model_is_default;

  g_clear_pointer (&self->target_error, g_free);
  hone_project_get_target (self->project, &provider_id, &model_id);
  if (provider_id != NULL && model_id != NULL)
    {
      model = hone_model_catalog_find_model (self->catalog, provider_id, model_id, &error);
      if (model == NULL)
        self->target_error = g_strdup (error->message);
    }

  self->model_is_default = model == NULL;
  if (model == NULL)
    model = hone_dataset_check_get_default_model (self);
  self->model = model;

  return before != self->model || was_default != self->model_is_default;
}

/* Checking ---------------------------------------------------------------- */

typedef struct {
  char                *path;
  HonePrompt          *prompt;
  HoneValidateOptions  options;
  GWeakRef             check;
  GCancellable        *cancellable;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *cd = data;

  g_free (cd->path);
  g_clear_pointer (&cd->prompt, hone_prompt_unref);
  g_clear_pointer (&cd->options.fields, g_ptr_array_unref);
  g_clear_object (&cd->options.catalog);
  g_weak_ref_clear (&cd->check);
  g_clear_object (&cd->cancellable);
  g_free (cd);
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *cd = task_data;
  g_autoptr(GError) error = NULL;
  HoneValidation *result;

  result = hone_validate_examples (cd->path, cd->prompt, &cd->options, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) hone_validation_unref);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckData *cd = g_task_get_task_data (G_TASK (result));
  g_autoptr(HoneDatasetCheck) self = g_weak_ref_get (&cd->check);
  g_autoptr(HoneValidation) validation = NULL;
  g_autoptr(GError) error = NULL;

  validation = g_task_propagate_pointer (G_TASK (result), &error);

  /* The window went, or a newer check took over */
  if (self == NULL || cd->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);

  if (validation == NULL)
    {
      g_debug ("Checking the examples failed: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Nothing stale is shown */
          set_error (self, error->message);
          set_validation (self, NULL, NULL);
        }
      update_running (self);
      return;
    }

  set_error (self, NULL);
  set_validation (self, validation, cd->options.model);
  update_running (self);
}

static void
cancel_check (HoneDatasetCheck *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
start_check (HoneDatasetCheck *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HonePrompt) prompt = NULL;
  GFile *file;
  GListModel *fields;
  CheckData *cd;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_check (self);

  file = hone_project_get_file (self->project);
  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      set_error (self, _("The project is not a file on this computer, so its examples cannot be checked."));
      update_running (self);
      return;
    }

  prompt = hone_prompt_new_for_project (self->project, NULL, NULL, &error);
  if (prompt == NULL)
    {
      set_error (self, error->message);
      set_validation (self, NULL, NULL);
      update_running (self);
      return;
    }

  self->cancellable = g_cancellable_new ();

  cd = g_new0 (CheckData, 1);
  cd->path = g_strdup (g_file_peek_path (file));
  cd->prompt = g_steal_pointer (&prompt);
  cd->options.fields = g_ptr_array_new_with_free_func (g_object_unref);
  fields = hone_project_get_fields (self->project);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    g_ptr_array_add (cd->options.fields, g_list_model_get_item (fields, i));
  cd->options.style = hone_project_get_template_style (self->project);
  cd->options.catalog = g_object_ref (self->catalog);
  cd->options.model = self->model;
  g_weak_ref_init (&cd->check, self);
  cd->cancellable = g_object_ref (self->cancellable);

  task = g_task_new (NULL, self->cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_name (task, "[hone] check examples");
  g_task_set_task_data (task, cd, check_data_free);
  g_task_run_in_thread (task, check_worker);

  update_running (self);
}

static gboolean
check_timeout_cb (gpointer data)
{
  HoneDatasetCheck *self = data;

  self->timeout_id = 0;
  start_check (self);
  return G_SOURCE_REMOVE;
}

void
hone_dataset_check_queue (HoneDatasetCheck *self)
{
  g_return_if_fail (HONE_IS_DATASET_CHECK (self));

  if (self->disposed)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (HONE_DATASET_CHECK_DELAY_MS, check_timeout_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[hone] check examples later");
  update_running (self);
}

/* Signals of the project -------------------------------------------------- */

static void
project_changed_cb (HoneDatasetCheck *self)
{
  hone_dataset_check_queue (self);
}

static void
target_changed_cb (HoneDatasetCheck *self)
{
  if (read_target (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  hone_dataset_check_queue (self);
}

/* GObject ----------------------------------------------------------------- */

static void
load_catalog (HoneDatasetCheck *self)
{
  g_autoptr(GError) error = NULL;

  self->catalog = hone_model_catalog_new (NULL, &error);
  if (self->catalog == NULL)
    {
      /* A broken user file: say so, and use the catalogue Hone ships */
      g_debug ("The user's model catalogue was refused: %s", error->message);
      self->catalog_error = g_strdup (error->message);
      self->catalog = g_object_ref (hone_model_catalog_get_default ());
    }
}

static void
hone_dataset_check_constructed (GObject *object)
{
  HoneDatasetCheck *self = HONE_DATASET_CHECK (object);

  G_OBJECT_CLASS (hone_dataset_check_parent_class)->constructed (object);

  g_assert (HONE_IS_PROJECT (self->project));

  load_catalog (self);
  read_target (self);

  g_signal_connect_object (self->project, "examples-inserted",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "examples-removed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "examples-changed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "templates-changed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::template-style",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "target-changed",
                           G_CALLBACK (target_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hone_project_get_fields (self->project), "items-changed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);

  /* The first check at once */
  start_check (self);
}

static void
hone_dataset_check_dispose (GObject *object)
{
  HoneDatasetCheck *self = HONE_DATASET_CHECK (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_check (self);

  G_OBJECT_CLASS (hone_dataset_check_parent_class)->dispose (object);
}

static void
hone_dataset_check_finalize (GObject *object)
{
  HoneDatasetCheck *self = HONE_DATASET_CHECK (object);

  g_clear_pointer (&self->estimate, hone_estimate_free);
  g_clear_pointer (&self->validation, hone_validation_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->project);
  g_free (self->catalog_error);
  g_free (self->target_error);
  g_free (self->error);

  G_OBJECT_CLASS (hone_dataset_check_parent_class)->finalize (object);
}

static void
hone_dataset_check_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HoneDatasetCheck *self = HONE_DATASET_CHECK (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_VALIDATION:
      g_value_set_boxed (value, self->validation);
      break;
    case PROP_ESTIMATE:
      g_value_set_pointer (value, self->estimate);
      break;
    case PROP_MODEL:
      g_value_set_pointer (value, (gpointer) self->model);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_dataset_check_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HoneDatasetCheck *self = HONE_DATASET_CHECK (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_dataset_check_class_init (HoneDatasetCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hone_dataset_check_constructed;
  object_class->dispose = hone_dataset_check_dispose;
  object_class->finalize = hone_dataset_check_finalize;
  object_class->get_property = hone_dataset_check_get_property;
  object_class->set_property = hone_dataset_check_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALIDATION] =
    g_param_spec_boxed ("validation", NULL, NULL,
                        HONE_TYPE_VALIDATION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESTIMATE] =
    g_param_spec_pointer ("estimate", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_pointer ("model", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_dataset_check_init (HoneDatasetCheck *self)
{
  HoneTrainingSettings defaults = HONE_TRAINING_SETTINGS_INIT;

  self->settings = defaults;
}

HoneDatasetCheck *
hone_dataset_check_new (HoneProject *project)
{
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  return g_object_new (HONE_TYPE_DATASET_CHECK, "project", project, NULL);
}

HoneProject *
hone_dataset_check_get_project (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->project;
}

HoneModelCatalog *
hone_dataset_check_get_catalog (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->catalog;
}

const char *
hone_dataset_check_get_catalog_error (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->catalog_error;
}

const HoneModelInfo *
hone_dataset_check_get_model (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->model;
}

gboolean
hone_dataset_check_get_model_is_default (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), FALSE);

  return self->model_is_default;
}

const char *
hone_dataset_check_get_target_error (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->target_error;
}

gboolean
hone_dataset_check_set_model (HoneDatasetCheck     *self,
                              const HoneModelInfo  *model,
                              GError              **error)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  if (model == self->model && !self->model_is_default)
    return TRUE;

  /* "target-changed" reads it back and checks again */
  return hone_project_set_target (self->project, model->provider->id, model->id, error);
}

HoneValidation *
hone_dataset_check_get_validation (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->validation;
}

HoneEstimate *
hone_dataset_check_get_estimate (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->estimate;
}

gboolean
hone_dataset_check_get_running (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), FALSE);

  return self->running;
}

const char *
hone_dataset_check_get_error (HoneDatasetCheck *self)
{
  g_return_val_if_fail (HONE_IS_DATASET_CHECK (self), NULL);

  return self->error;
}

void
hone_dataset_check_get_settings (HoneDatasetCheck     *self,
                                 HoneTrainingSettings *settings)
{
  g_return_if_fail (HONE_IS_DATASET_CHECK (self));
  g_return_if_fail (settings != NULL);

  *settings = self->settings;
}

void
hone_dataset_check_set_settings (HoneDatasetCheck           *self,
                                 const HoneTrainingSettings *settings)
{
  g_return_if_fail (HONE_IS_DATASET_CHECK (self));
  g_return_if_fail (settings != NULL);

  if (memcmp (&self->settings, settings, sizeof *settings) == 0)
    return;

  self->settings = *settings;
  update_estimate (self);
}
