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

G_END_DECLS
