/* hone-prism.h: Stoplight Prism mocking a provider's OpenAPI spec on
 * 127.0.0.1, for the contract tests (test-*-prism.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prism (npm @stoplight/prism-cli 5.14.2, installed by build-aux/dev.sh into
 * ${XDG_CACHE_HOME:-~/.cache}/hone-oracles) validates every request against
 * the spec and answers 422 to one it does not allow. The spec is looked for
 * in HONE_ORACLES_DIR, else in ../shared/oracles beside the source tree
 * (HONE_SOURCE_ROOT, set by the test environment).
 *
 *   g_test_init (&argc, &argv, NULL);
 *   prism = hone_prism_start ("together/openapi.yaml", "Together's OpenAPI spec",
 *                             HONE_PRISM_NO_ERRORS, "/fine-tunes/models/supported", 120);
 *   if (prism == NULL)
 *     return HONE_PRISM_SKIP;       (the reason is printed)
 *   … hone_prism_get_base_url (prism) … g_test_run () …
 *   hone_prism_stop (prism);
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The exit status meson counts as a skip */
#define HONE_PRISM_SKIP 77

typedef enum {
  HONE_PRISM_NO_ERRORS,   /* responses are not checked against the spec */
  HONE_PRISM_ERRORS,      /* --errors: a response that breaks the spec fails */
} HonePrismMode;

typedef struct _HonePrism HonePrism;

/* Starts Prism on @spec (a path under the oracles folder) and waits until
 * GET @probe_path (with a bearer) answers 200, for at most @timeout_s
 * seconds; fails the test (g_error) when Prism does not come up. NULL, with
 * a "SKIP: …" line naming what is missing, when node, Prism or the spec
 * (@spec_description, for that line) is not there. */
HonePrism    *hone_prism_start          (const char    *spec,
                                         const char    *spec_description,
                                         HonePrismMode  mode,
                                         const char    *probe_path,
                                         guint          timeout_s);
/* "http://127.0.0.1:PORT" */
const char   *hone_prism_get_base_url   (HonePrism     *self);
/* Prints the end of Prism's log (always when HONE_PRISM_LOG is set, at
 * the stop) */
void          hone_prism_print_log      (HonePrism     *self);
/* Fails the test with @error (Hone's message quotes Prism's validation)
 * and Prism's log, unless @error is NULL */
void          hone_prism_assert_accepted (HonePrism    *self,
                                          GError       *error,
                                          const char   *what);
/* Stops Prism, waits for it and removes its log */
void          hone_prism_stop           (HonePrism     *self);

/* Sends Hone's chat completion requests to the mock: one answer and one
 * stream request for @model, with every parameter Hone sends (usage asked
 * for a stream when @ask_usage). Prism cannot stream, so for the stream
 * only the request is judged: refused (422) fails the test, whatever
 * Prism answers to an accepted one does not. */
void          hone_prism_check_chat     (HonePrism     *self,
                                         const char    *model,
                                         gboolean       ask_usage);

/* For the tests' async calls: stores the result in *(GAsyncResult **)
 * @user_data (a new reference) */
void          hone_prism_got_result     (GObject       *source,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
/* Runs the default main context until *@result is set; returns it */
GAsyncResult *hone_prism_wait_result    (GAsyncResult **result);

G_END_DECLS
