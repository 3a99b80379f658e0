/* fuzz-jsonl-reader.c: libFuzzer target for the JSON Lines / JSON / chat reader
 *
 * The first byte chooses the format (auto, lines, array, chat) and how many
 * bytes each read returns; the rest is the file. Every row is read, going
 * on after recoverable errors, and what the reader promises is checked:
 * values are NUL-terminated UTF-8 of the length it says, columns have
 * names, errors name a line.
 *
 * tests/core/test-fuzz-regressions.c runs this on every file of
 * fuzz/corpus/jsonl-reader and fuzz/regressions/jsonl-reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "hone-error.h"
#include "hone-jsonl-reader.h"

#include "hone-test-streams.h"

int hone_fuzz_jsonl_reader (const uint8_t *data,
                            size_t         size);

static const HoneJsonlFormat formats[] = {
  HONE_JSONL_FORMAT_AUTO, HONE_JSONL_FORMAT_LINES, HONE_JSONL_FORMAT_ARRAY, HONE_JSONL_FORMAT_CHAT,
};
static const gsize jsonl_chunks[] = { 0, 1, 7, 4096 };

#define CHECK(cond) G_STMT_START { if (!(cond)) { g_printerr ("check failed: %s\n", #cond); abort (); } } G_STMT_END

int
hone_fuzz_jsonl_reader (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HoneJsonlReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint8 options;
  guint n_errors = 0;

  if (size < 1)
    return 0;
  options = data[0];
  data++;
  size--;

  stream = hone_test_chunk_stream_new (data, size, jsonl_chunks[(options >> 2) & 3]);
  reader = hone_jsonl_reader_new (stream);
  hone_jsonl_reader_set_format (reader, formats[options & 3]);

  while (TRUE)
    {
      g_clear_error (&error);
      if (hone_jsonl_reader_read_row (reader, NULL, &error))
        {
          CHECK (error == NULL);
          CHECK (hone_jsonl_reader_get_row_line (reader) >= 1);
          for (guint i = 0; i < hone_jsonl_reader_get_n_columns (reader); i++)
            {
              gsize len = 0;
              const char *name = hone_jsonl_reader_get_column_name (reader, i);
              const char *value = hone_jsonl_reader_get_value (reader, i, &len);

              CHECK (name != NULL && g_utf8_validate (name, -1, NULL));
              if (value != NULL)
                {
                  CHECK (strlen (value) == len);
                  CHECK (g_utf8_validate (value, len, NULL));
                }
            }
          continue;
        }

      if (error == NULL)
        break;

      CHECK (error->domain == HONE_ERROR);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      CHECK (hone_jsonl_reader_get_error_line (reader) >= 1);
      if (!hone_jsonl_reader_is_error_recoverable (reader))
        break;
      CHECK (++n_errors <= size + 1);
    }

  return 0;
}

#ifndef HONE_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hone_fuzz_jsonl_reader (data, size);
}
#endif
