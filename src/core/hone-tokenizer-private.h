/* hone-tokenizer-private.h: the parts of a tokenizer, for tests and benches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-bpe.h"
#include "hone-pretokenizer.h"
#include "hone-tokenizer.h"

G_BEGIN_DECLS

HoneBpe            *hone_tokenizer_get_bpe          (HoneTokenizer  *self);
HonePretokenizer    hone_tokenizer_get_pretokenizer (HoneTokenizer  *self);

/* TRUE when @text (@len bytes of valid UTF-8) is surely in NFC already:
 * normalizing it would change nothing. FALSE when it may not be. */
gboolean            hone_tokenizer_is_nfc           (const char     *text,
                                                     gsize           len);

G_END_DECLS
