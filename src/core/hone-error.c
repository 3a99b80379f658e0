/* hone-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-error.h"

G_DEFINE_QUARK (hone-error-quark, hone_error)
