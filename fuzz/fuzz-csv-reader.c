/* fuzz-csv-reader.c: libFuzzer target for the CSV reader (and the encoding layer)
 *
 * The first byte chooses the options: the delimiter (detected, , ; tab |),
 * the header row, the encoding (detected, Windows-1252, UTF-16LE) and how
 * many bytes each read returns; the rest is the file. Every row is read,
 * going on after recoverable errors, and what the reader promises is
 * checked: fields are NUL-terminated UTF-8 of the length it says, errors
 * name a line.
 *
 * tests/core/test-fuzz-regressions.c runs this on every file of
 * fuzz/corpus/csv-reader and fuzz/regressions/csv-reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "hone-csv-reader.h"
#include "hone-error.h"
#include "hone-text-encoding.h"

#include "hone-test-streams.h"

int hone_fuzz_csv_reader (const uint8_t *data,
                          size_t         size);

static const char delimiters[] = { 0, ',', ';', '\t', '|' };
static const char * const encodings[] = { NULL, "WINDOWS-1252", "UTF-16LE", NULL };
static const gsize csv_chunks[] = { 0, 1, 3, 4096 };

#define CHECK(cond) G_STMT_START { if (!(cond)) { g_printerr ("check failed: %s\n", #cond); abort (); } } G_STMT_END

int
hone_fuzz_csv_reader (const uint8_t *data,
                      size_t         size)
{
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HoneCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint8 options;
  guint n_errors = 0;

  if (size < 1)
    return 0;
  options = data[0];
  data++;
  size--;

  base = hone_test_chunk_stream_new (data, size, csv_chunks[(options >> 5) & 3]);
  stream = hone_text_encoding_open_stream (base, encodings[(options >> 3) & 3], NULL, NULL, &error);
  if (stream == NULL)
    {
      CHECK (error != NULL && error->domain == HONE_ERROR);
      return 0;
    }

  reader = hone_csv_reader_new (stream);
  hone_csv_reader_set_delimiter (reader, delimiters[(options & 7) % G_N_ELEMENTS (delimiters)]);
  hone_csv_reader_set_has_header (reader, (options & 0x80) != 0);

  if (!hone_csv_reader_start (reader, NULL, &error))
    {
      CHECK (error != NULL && error->domain == HONE_ERROR);
      return 0;
    }
  CHECK (hone_csv_reader_get_delimiter (reader) != 0);

  if (hone_csv_reader_get_header (reader) != NULL)
    for (const char * const *h = hone_csv_reader_get_header (reader); *h != NULL; h++)
      CHECK (g_utf8_validate (*h, -1, NULL));

  while (TRUE)
    {
      g_clear_error (&error);
      if (hone_csv_reader_read_row (reader, NULL, &error))
        {
          CHECK (error == NULL);
          CHECK (hone_csv_reader_get_n_fields (reader) >= 1);
          CHECK (hone_csv_reader_get_row_line (reader) >= 1);
          for (guint i = 0; i < hone_csv_reader_get_n_fields (reader); i++)
            {
              gsize len = 0;
              const char *field = hone_csv_reader_get_field (reader, i, &len);

              CHECK (field != NULL);
              CHECK (strlen (field) == len);
              CHECK (g_utf8_validate (field, len, NULL));
            }
          continue;
        }

      if (error == NULL)
        break;

      CHECK (error->domain == HONE_ERROR);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      CHECK (hone_csv_reader_get_error_line (reader) >= 1);
      if (!hone_csv_reader_is_error_recoverable (reader))
        break;
      /* Every recoverable error moves on by at least a line */
      CHECK (++n_errors <= size + 1);
    }

  CHECK (hone_csv_reader_get_bytes_read (reader) <= (guint64) size * 4 + 4);
  return 0;
}

#ifndef HONE_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hone_fuzz_csv_reader (data, size);
}
#endif
