/* hone-core.h: everything src/core offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-enums.h"
#include "hone-error.h"
#include "hone-example.h"
#include "hone-example-model.h"
#include "hone-example-query.h"
#include "hone-field.h"
#include "hone-fine-tune-record.h"
#include "hone-model-catalog.h"
#include "hone-project.h"
#include "hone-prompt.h"
#include "hone-project-index.h"
#include "hone-project-info.h"
#include "hone-sample.h"
#include "hone-template.h"
#include "hone-tokenizer.h"
#include "hone-undo-stack.h"
