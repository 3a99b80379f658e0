/* hone-sse-reader.h: server-sent events, as streamed chat completions send them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HONE_TYPE_SSE_READER (hone_sse_reader_get_type ())
G_DECLARE_FINAL_TYPE (HoneSseReader, hone_sse_reader, HONE, SSE_READER, GObject)

/* Reads events from @stream (a response body). An event is its "data:"
 * lines joined with "\n" and its "event:" type; comments (":…"), "id:" and
 * "retry:" are ignored. "data: [DONE]" ends the stream. */
HoneSseReader *hone_sse_reader_new          (GInputStream   *stream);

/* The next event: TRUE with @data (and @event_type, NULL when none was
 * given); FALSE without an error at the end ("data: [DONE]", or the end of
 * the stream between events); FALSE with a HONE_ERROR_IO when the stream
 * ends in the middle of an event (the message says what had arrived) or
 * fails, G_IO_ERROR_CANCELLED when cancelled. */
gboolean       hone_sse_reader_next         (HoneSseReader  *self,
                                             char          **event_type,
                                             char          **data,
                                             GCancellable   *cancellable,
                                             GError        **error);
void           hone_sse_reader_next_async   (HoneSseReader       *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       hone_sse_reader_next_finish  (HoneSseReader  *self,
                                             GAsyncResult   *result,
                                             char          **event_type,
                                             char          **data,
                                             GError        **error);

/* Whether "data: [DONE]" arrived (a stream that just stops has not) */
gboolean       hone_sse_reader_get_done     (HoneSseReader  *self);
/* Events returned so far */
guint          hone_sse_reader_get_n_events (HoneSseReader  *self);

G_END_DECLS
