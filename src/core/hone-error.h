/* hone-error.h: the one error domain of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HONE_ERROR (hone_error_quark ())

/**
 * HoneErrorCode:
 * @HONE_ERROR_FAILED: something went wrong that has no better code
 * @HONE_ERROR_NOT_FOUND: a file, project, field or example does not exist
 * @HONE_ERROR_EXISTS: a file or name is already taken
 * @HONE_ERROR_INVALID: a value given by the user is not acceptable
 * @HONE_ERROR_NOT_A_PROJECT: the file is not a Hone project
 * @HONE_ERROR_TOO_NEW: the project was written by a newer Hone
 * @HONE_ERROR_CORRUPT: the project file is damaged
 * @HONE_ERROR_IO: the file could not be read or written (permissions, full disk)
 * @HONE_ERROR_BUSY: another program holds the project file
 * @HONE_ERROR_READ_ONLY: the project was opened for reading only
 * @HONE_ERROR_PARSE: a file or template could not be parsed (message carries the place)
 * @HONE_ERROR_ENCODING: a file's text encoding is not UTF-8 and must be chosen
 * @HONE_ERROR_CANCELLED: the person stopped the operation (nothing was changed)
 * @HONE_ERROR_AUTH: a provider refused the API key (HTTP 401 or 403)
 *
 * Every message in this domain is written for the person using Hone: it says
 * what happened and, where there is something to do, what to do.
 */
typedef enum {
  HONE_ERROR_FAILED,
  HONE_ERROR_NOT_FOUND,
  HONE_ERROR_EXISTS,
  HONE_ERROR_INVALID,
  HONE_ERROR_NOT_A_PROJECT,
  HONE_ERROR_TOO_NEW,
  HONE_ERROR_CORRUPT,
  HONE_ERROR_IO,
  HONE_ERROR_BUSY,
  HONE_ERROR_READ_ONLY,
  HONE_ERROR_PARSE,
  HONE_ERROR_ENCODING,
  HONE_ERROR_CANCELLED,
  HONE_ERROR_AUTH,
} HoneErrorCode;

GQuark hone_error_quark (void);

G_END_DECLS
