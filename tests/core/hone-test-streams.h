/* hone-test-streams.h: input streams for reader tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

/* A memory stream that hands out at most @chunk bytes per read, to put
 * every byte of a test input at a chunk boundary once. */

typedef struct {
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  gsize         chunk;
} HoneTestChunkStream;

typedef struct {
  GInputStreamClass parent_class;
} HoneTestChunkStreamClass;

static GType hone_test_chunk_stream_get_type (void);

G_DEFINE_TYPE (HoneTestChunkStream, hone_test_chunk_stream, G_TYPE_INPUT_STREAM)

static gssize
hone_test_chunk_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  HoneTestChunkStream *self = (HoneTestChunkStream *) stream;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->chunk), size - self->pos);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  /* An empty GBytes has no data pointer at all */
  if (n == 0)
    return 0;

  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return n;
}

static gboolean
hone_test_chunk_stream_close (GInputStream  *stream,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return TRUE;
}

static void
hone_test_chunk_stream_finalize (GObject *object)
{
  HoneTestChunkStream *self = (HoneTestChunkStream *) object;

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (hone_test_chunk_stream_parent_class)->finalize (object);
}

static void
hone_test_chunk_stream_class_init (HoneTestChunkStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_test_chunk_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = hone_test_chunk_stream_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = hone_test_chunk_stream_close;
}

static void
hone_test_chunk_stream_init (HoneTestChunkStream *self)
{
}

static inline GInputStream *
hone_test_chunk_stream_new (const void *data,
                            gsize       len,
                            gsize       chunk)
{
  HoneTestChunkStream *self = g_object_new (hone_test_chunk_stream_get_type (), NULL);

  self->bytes = g_bytes_new (data, len);
  self->chunk = chunk > 0 ? chunk : G_MAXSIZE;
  return (GInputStream *) self;
}
