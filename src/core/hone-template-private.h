/* hone-template-private.h: the compiled form of a HoneTemplate, shared by
 * the parser (hone-template-parser.c: source → tree) and the renderer
 * (hone-template.c: tree × data → text)
 *
 * The tree mirrors handlebars.js' AST after its WhitespaceControl pass:
 * programs are lists of statements; a block has a program (what the helper
 * calls `fn`) and an inverse; an `{{else if}}` chain is an inverse program
 * holding one nested block, exactly as handlebars builds it, so that the
 * same rules (standalone lines, ../ depth) give the same results. Content has
 * its final text; comments are gone. Everything lives in one arena owned by
 * the template and is never written after compiling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hone-template.h"

G_BEGIN_DECLS

/* Deepest nesting of blocks, {{else if}} chains and (sub expressions) */
#define HONE_TEMPLATE_MAX_DEPTH 256

typedef struct _HtArena HtArena;

HtArena  *ht_arena_new   (void);
void      ht_arena_free  (HtArena    *arena);
gpointer  ht_arena_alloc (HtArena    *arena,
                          gsize       size);
char     *ht_arena_strndup (HtArena  *arena,
                            const char *str,
                            gsize       len);

/* The helpers handlebars.js knows at compile time (its `knownHelpers`) */
typedef enum {
  HT_HELPER_NONE,
  HT_HELPER_IF,
  HT_HELPER_UNLESS,
  HT_HELPER_WITH,
  HT_HELPER_EACH,
  HT_HELPER_LOOKUP,
  HT_HELPER_LOG,
  HT_HELPER_MISSING,        /* helperMissing: not callable from templates */
  HT_HELPER_BLOCK_MISSING,  /* blockHelperMissing: likewise */
} HtHelper;

/* Failures certain whenever a call runs (handlebars throws at run time) */
typedef enum {
  HT_FAIL_NONE,
  HT_FAIL_UNKNOWN_HELPER,   /* {{foo bar}}: no such helper */
  HT_FAIL_ONE_VALUE,        /* {{#if}}, {{#if a b}}, same for unless and with */
  HT_FAIL_NOT_BLOCK,        /* {{if x}}, {{each xs}}: block helpers used inline */
  HT_FAIL_EACH_NONE,        /* {{#each}} */
  HT_FAIL_EACH_MANY,        /* {{#each a b}} */
  HT_FAIL_LOOKUP_NONE,      /* {{lookup}} */
  HT_FAIL_HIDDEN,           /* {{helperMissing}}, {{blockHelperMissing}} */
  HT_FAIL_PARTIAL,          /* {{> name}}: Hone has no partials (handlebars: not found) */
} HtFail;

/* How handlebars' classifySexpr() files a mustache, block or (sexpr) */
typedef enum {
  HT_CALL_SIMPLE,     /* a value: {{a.b}}, {{this}}, {{../x}} */
  HT_CALL_AMBIGUOUS,  /* a single name that could be a helper: {{name}} */
  HT_CALL_KNOWN,      /* a built-in helper: {{#if x}}, {{lookup a b}} */
  HT_CALL_UNKNOWN,    /* a helper that does not exist: fails when reached */
} HtCallKind;

typedef enum {
  HT_EXPR_PATH,
  HT_EXPR_STRING,
  HT_EXPR_NUMBER,
  HT_EXPR_BOOLEAN,
  HT_EXPR_UNDEFINED,
  HT_EXPR_NULL,
  HT_EXPR_SEXPR,
} HtExprType;

typedef struct _HtCall HtCall;

typedef struct {
  const char *name;   /* NUL-terminated, brackets removed */
  gsize       len;
  gsize       offset; /* in the source, brackets or quotes included */
  gsize       length;
} HtPart;

typedef struct {
  HtExprType type;
  gsize offset;       /* the whole expression in the source */
  gsize length;
  union {
    struct {
      gboolean data;        /* @name */
      gboolean scoped;      /* this.x, ./x (handlebars' scopedId) */
      HtExprType literal;   /* HT_EXPR_PATH, or the literal used as a name: {{"a b"}} */
      guint depth;          /* number of ../ */
      guint n_parts;
      HtPart *parts;        /* without this, . and .. */
      int bp_depth;         /* block parameter: programs up, or -1 */
      int bp_index;
      const char *original; /* as handlebars writes it: a/b, ../x */
    } path;
    struct {
      const char *str;
      gsize len;
    } string;
    double number;
    gboolean boolean;
    HtCall *sexpr;
  };
} HtExpr;

struct _HtCall {
  HtExpr *path;         /* always a path (literal heads are made paths) */
  HtCallKind kind;
  HtHelper helper;
  guint n_params;
  HtExpr **params;
  guint n_hash;
  const char **hash_keys;
  HtExpr **hash_values;
  /* where the tag is, for run-time errors (line and column are found then) */
  gsize offset;
  gsize length;
  HtFail fails;
};

typedef enum {
  HT_STMT_CONTENT,
  HT_STMT_MUSTACHE,
  HT_STMT_BLOCK,
} HtStmtType;

typedef struct _HtProgram HtProgram;

typedef struct {
  HtStmtType type;
  union {
    struct {
      const char *text;
      gsize len;
    } content;
    struct {
      HtCall *call;
      gboolean escaped;
    } mustache;
    struct {
      HtCall *call;
      HtProgram *program;   /* fn: may be NULL (an {{^x}} without else) */
      HtProgram *inverse;   /* may be NULL */
      HtExpr *close_path;   /* the path in {{/name}} (for field uses), or NULL */
      gboolean raw;         /* {{{{raw}}}} */
    } block;
  };
} HtStmt;

struct _HtProgram {
  guint n_stmts;
  HtStmt **stmts;
  /* how handlebars compiles the program's function (see render_program ()) */
  gboolean simple;          /* one statement in the source: returns its value as is */
  gboolean has_sections;    /* some {{#name}} is a statement of its own, not an operand of + */
  guint n_block_params;     /* as |a b| on the block that owns this program */
  const char **block_params;
};

typedef struct {
  HtArena *arena;
  HtProgram *root;
  gboolean use_depths;      /* some path has ../: keep the context stack */
  gboolean use_block_params;
} HtTree;

/* Parses SOURCE (valid UTF-8, NUL-terminated) into TREE (arena allocated). */
gboolean ht_parse (const char            *source,
                   HtTree                *tree,
                   HoneTemplateLocation  *location,
                   GError               **error);

/* Line and column (1-based, characters) of byte OFFSET in SOURCE. */
void ht_location_at (const char *source,
                     gsize       offset,
                     guint      *line,
                     guint      *column);

/* JavaScript's Number#toString(NUMBER) */
void ht_append_number (GString *out,
                       double   number);

G_END_DECLS
