/* hone-sse-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event stream format: https://html.spec.whatwg.org/multipage/server-sent-events.html
 * Lines end with CRLF, LF or CR; a blank line ends an event.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hone-error.h"
#include "hone-sse-reader.h"

/* How much of a cut event is quoted in the error */
#define QUOTE_MAX_BYTES 120

struct _HoneSseReader
{
  GObject           parent_instance;

  GDataInputStream *lines;
  GString          *data;        /* NULL until a "data:" line in this event */
  char             *event_type;
  GString          *arrived;     /* the raw lines of this event, for errors */
  guint             n_events;
  gboolean          done;
  gboolean          reading;
};

G_DEFINE_FINAL_TYPE (HoneSseReader, hone_sse_reader, G_TYPE_OBJECT)

typedef struct
{
  char *event_type;
  char *data;
} SseEvent;

static void
sse_event_free (SseEvent *event)
{
  g_free (event->event_type);
  g_free (event->data);
  g_free (event);
}

static void
hone_sse_reader_finalize (GObject *object)
{
  HoneSseReader *self = HONE_SSE_READER (object);

  g_clear_object (&self->lines);
  if (self->data != NULL)
    g_string_free (self->data, TRUE);
  g_string_free (self->arrived, TRUE);
  g_free (self->event_type);

  G_OBJECT_CLASS (hone_sse_reader_parent_class)->finalize (object);
}

static void
hone_sse_reader_class_init (HoneSseReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_sse_reader_finalize;
}

static void
hone_sse_reader_init (HoneSseReader *self)
{
  self->arrived = g_string_new (NULL);
}

HoneSseReader *
hone_sse_reader_new (GInputStream *stream)
{
  HoneSseReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (HONE_TYPE_SSE_READER, NULL);
  self->lines = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  return self;
}

gboolean
hone_sse_reader_get_done (HoneSseReader *self)
{
  g_return_val_if_fail (HONE_IS_SSE_READER (self), FALSE);
  return self->done;
}

guint
hone_sse_reader_get_n_events (HoneSseReader *self)
{
  g_return_val_if_fail (HONE_IS_SSE_READER (self), 0);
  return self->n_events;
}

static void
forget_event (HoneSseReader *self)
{
  if (self->data != NULL)
    g_string_free (self->data, TRUE);
  self->data = NULL;
  g_clear_pointer (&self->event_type, g_free);
  g_string_truncate (self->arrived, 0);
}

typedef enum {
  LINE_MORE,
  LINE_EVENT,
  LINE_END,
} LineResult;

/* Takes one line (NULL at the end of the stream); on LINE_EVENT @out holds
 * the event; on LINE_END with @error set, the stream was cut */
static LineResult
take_line (HoneSseReader  *self,
           const char     *line,
           SseEvent      **out,
           GError        **error)
{
  const char *colon;
  g_autofree char *field = NULL;
  const char *value;

  if (line == NULL)
    {
      if (self->arrived->len > 0)
        {
          g_autofree char *quote = g_utf8_make_valid (self->arrived->str,
                                                      MIN (self->arrived->len, QUOTE_MAX_BYTES));

          g_strdelimit (quote, "\n", ' ');
          g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                       _("The streamed answer stopped in the middle of an event, after %u "
                         "complete events (what had arrived of it: “%s%s”): the connection "
                         "was probably cut, try again."),
                       self->n_events, quote,
                       self->arrived->len > QUOTE_MAX_BYTES ? "…" : "");
        }
      forget_event (self);
      return LINE_END;
    }

  if (*line == '\0')
    {
      if (self->data != NULL)
        {
          SseEvent *event = g_new0 (SseEvent, 1);

          event->event_type = g_steal_pointer (&self->event_type);
          event->data = g_string_free (self->data, FALSE);
          self->data = NULL;
          *out = event;
          self->n_events++;
          forget_event (self);
          return LINE_EVENT;
        }
      forget_event (self);
      return LINE_MORE;
    }

  if (*line == ':')     /* a comment, often a keep-alive */
    return LINE_MORE;

  if (self->arrived->len < QUOTE_MAX_BYTES + 1)
    g_string_append_printf (self->arrived, "%s%s", self->arrived->len > 0 ? "\n" : "", line);

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      field = g_strndup (line, colon - line);
      value = colon + 1;
      if (*value == ' ')
        value++;
    }
  else
    {
      field = g_strdup (line);
      value = "";
    }

  if (strcmp (field, "data") == 0)
    {
      if (self->data == NULL && strcmp (value, "[DONE]") == 0)
        {
          self->done = TRUE;
          forget_event (self);
          return LINE_END;
        }
      if (self->data == NULL)
        self->data = g_string_new (value);
      else
        g_string_append_printf (self->data, "\n%s", value);
    }
  else if (strcmp (field, "event") == 0)
    {
      g_free (self->event_type);
      self->event_type = g_strdup (value);
    }
  /* "id", "retry" and unknown fields are ignored, as the format says */
  return LINE_MORE;
}

/* Errors of the stream itself, for people */
static void
wrap_read_error (HoneSseReader  *self,
                 GError         *cause,
                 GError        **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }
  g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
               _("The streamed answer broke off after %u events (%s): try again."),
               self->n_events, cause->message);
  g_error_free (cause);
}

static gboolean
hand_out (SseEvent  *event,
          char     **event_type,
          char     **data)
{
  if (event == NULL)
    {
      if (event_type != NULL)
        *event_type = NULL;
      if (data != NULL)
        *data = NULL;
      return FALSE;
    }
  if (event_type != NULL)
    *event_type = g_steal_pointer (&event->event_type);
  if (data != NULL)
    *data = g_steal_pointer (&event->data);
  sse_event_free (event);
  return TRUE;
}

gboolean
hone_sse_reader_next (HoneSseReader  *self,
                      char          **event_type,
                      char          **data,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (HONE_IS_SSE_READER (self), FALSE);
  g_return_val_if_fail (!self->reading, FALSE);

  while (!self->done)
    {
      GError *local_error = NULL;
      g_autofree char *line = NULL;
      SseEvent *event = NULL;
      LineResult result;

      line = g_data_input_stream_read_line_utf8 (self->lines, NULL, cancellable, &local_error);
      if (local_error != NULL)
        {
          wrap_read_error (self, local_error, error);
          return hand_out (NULL, event_type, data);
        }
      result = take_line (self, line, &event, error);
      if (result == LINE_EVENT)
        return hand_out (event, event_type, data);
      if (result == LINE_END)
        break;
    }
  return hand_out (NULL, event_type, data);
}

static void read_next_line (GTask *task);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneSseReader *self = g_task_get_source_object (task);
  GError *local_error = NULL;
  GError *error = NULL;
  g_autofree char *line = NULL;
  SseEvent *event = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &local_error);
  if (local_error != NULL)
    {
      self->reading = FALSE;
      wrap_read_error (self, local_error, &error);
      g_task_return_error (task, error);
      return;
    }

  switch (take_line (self, line, &event, &error))
    {
    case LINE_MORE:
      read_next_line (g_steal_pointer (&task));
      return;
    case LINE_EVENT:
      self->reading = FALSE;
      g_task_return_pointer (task, event, (GDestroyNotify) sse_event_free);
      return;
    case LINE_END:
    default:
      self->reading = FALSE;
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }
}

static void
read_next_line (GTask *task)
{
  HoneSseReader *self = g_task_get_source_object (task);

  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), on_line, task);
}

void
hone_sse_reader_next_async (HoneSseReader       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_SSE_READER (self));
  g_return_if_fail (!self->reading);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_sse_reader_next_async);
  if (self->done)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  self->reading = TRUE;
  read_next_line (task);
}

gboolean
hone_sse_reader_next_finish (HoneSseReader  *self,
                             GAsyncResult   *result,
                             char          **event_type,
                             char          **data,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return hand_out (g_task_propagate_pointer (G_TASK (result), error), event_type, data);
}
