/* hone-template.c: rendering a compiled Handlebars template (see
 * hone-template.h; the parser is in hone-template-parser.c)
 *
 * The renderer walks the read-only tree with the data as handlebars.js'
 * runtime sees it: values follow JavaScript (truthiness, String(),
 * Number#toString, own-property lookups on objects, arrays and strings),
 * `../` walks the stack of contexts that handlebars pushes only when a
 * block's context differs from the current one (JavaScript's `!=`), and
 * `@index`, `@key`, `@first`, `@last`, `@root` live in data frames that
 * only #each creates. Nothing is allocated per row except where JavaScript
 * orders an object's keys differently from their insertion order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-template-private.h"
#include "hone-template.h"

struct _HoneTemplate
{
  gatomicrefcount ref_count;
  char *source;
  HtTree tree;
};

G_DEFINE_BOXED_TYPE (HoneTemplate, hone_template, hone_template_ref, hone_template_unref)

/* ------------------------------------------------------------------ */
/* Values as JavaScript sees them                                        */

typedef enum {
  HV_UNDEFINED,
  HV_NULL,
  HV_BOOL,
  HV_NUMBER,
  HV_STRING,
  HV_OBJECT,
  HV_ARRAY,
  HV_NULL_CONTEXT,  /* handlebars' nullContext: `this` of helpers when the context is null */
  HV_EMPTY,         /* the {} that a NULL data node stands for */
  HV_FRAME,         /* a data frame, reachable as @_parent */
} HvKind;

typedef struct _Frame Frame;

typedef struct {
  HvKind kind;
  union {
    gboolean b;
    double n;
    struct {
      const char *s;
      gsize len;
    } str;
    JsonObject *obj;
    JsonArray *arr;
    const Frame *frame;
  };
} Hv;

struct _Frame
{
  const Frame *parent;
  Hv root;
  gboolean each;
  Hv key;
  double index;
  gboolean first;
  gboolean last;
};

static const Hv hv_undefined = { HV_UNDEFINED, { 0 } };

static inline Hv
hv_number (double n)
{
  Hv v = { HV_NUMBER, { 0 } };

  v.n = n;
  return v;
}

static inline Hv
hv_bool (gboolean b)
{
  Hv v = { HV_BOOL, { 0 } };

  v.b = b;
  return v;
}

static inline Hv
hv_string (const char *s,
           gsize       len)
{
  Hv v = { HV_STRING, { 0 } };

  v.str.s = s;
  v.str.len = len;
  return v;
}

static Hv
hv_from_node (JsonNode *node)
{
  Hv v = { HV_UNDEFINED, { 0 } };

  if (node == NULL)
    return v;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      v.kind = HV_OBJECT;
      v.obj = json_node_get_object (node);
      break;
    case JSON_NODE_ARRAY:
      v.kind = HV_ARRAY;
      v.arr = json_node_get_array (node);
      break;
    case JSON_NODE_NULL:
      v.kind = HV_NULL;
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return hv_number ((double) json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return hv_number (json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return hv_bool (json_node_get_boolean (node));
        case G_TYPE_STRING:
          {
            const char *s = json_node_get_string (node);

            return hv_string (s ? s : "", s ? strlen (s) : 0);
          }
        default:
          break;
        }
      break;
    }
  return v;
}

static inline gboolean
hv_is_nullish (Hv v)
{
  return v.kind == HV_UNDEFINED || v.kind == HV_NULL;
}

/* JavaScript's !!value */
static gboolean
hv_truthy (Hv v)
{
  switch (v.kind)
    {
    case HV_UNDEFINED:
    case HV_NULL:
      return FALSE;
    case HV_BOOL:
      return v.b;
    case HV_NUMBER:
      return v.n != 0 && !isnan (v.n);
    case HV_STRING:
      return v.str.len > 0;
    default:
      return TRUE;
    }
}

/* handlebars' Utils.isEmpty() */
static gboolean
hv_is_empty (Hv v)
{
  if (!hv_truthy (v) && !(v.kind == HV_NUMBER && v.n == 0))
    return TRUE;
  return v.kind == HV_ARRAY && json_array_get_length (v.arr) == 0;
}

/* A property name that is an array index: "0" or [1-9][0-9]* below 2³²-1 */
static gboolean
array_index (const char *name,
             gsize       len,
             guint64    *index)
{
  guint64 n = 0;

  if (len == 0 || len > 10 || (name[0] == '0' && len > 1))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (name[i]))
        return FALSE;
      n = n * 10 + (name[i] - '0');
    }
  if (n >= G_MAXUINT32)
    return FALSE;
  *index = n;
  return TRUE;
}

static gsize
utf16_length (const char *s,
              gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; )
    {
      guchar b = (guchar) s[i];

      if (b < 0x80)
        i++;
      else if (b < 0xE0)
        i += 2;
      else if (b < 0xF0)
        i += 3;
      else
        {
          i += 4;
          n++;
        }
      n++;
    }
  return n;
}

/* handlebars' container.lookupProperty(): own properties only */
static Hv
lookup_property (Hv          parent,
                 const char *name,
                 gsize       len)
{
  guint64 index;

  switch (parent.kind)
    {
    case HV_OBJECT:
      return hv_from_node (json_object_get_member (parent.obj, name));

    case HV_ARRAY:
      if (len == 6 && memcmp (name, "length", 6) == 0)
        return hv_number (json_array_get_length (parent.arr));
      if (array_index (name, len, &index) && index < json_array_get_length (parent.arr))
        return hv_from_node (json_array_get_element (parent.arr, index));
      return hv_undefined;

    case HV_STRING:
      if (len == 6 && memcmp (name, "length", 6) == 0)
        return hv_number (utf16_length (parent.str.s, parent.str.len));
      if (array_index (name, len, &index))
        {
          const char *s = parent.str.s;
          gsize i = 0;
          guint64 unit = 0;

          while (i < parent.str.len)
            {
              gsize next = g_utf8_next_char (s + i) - s;
              gboolean astral = next - i == 4;

              if (unit == index || (astral && unit + 1 == index))
                {
                  if (astral)
                    return hv_string ("\xEF\xBF\xBD", 3); /* half a surrogate pair */
                  return hv_string (s + i, next - i);
                }
              unit += astral ? 2 : 1;
              i = next;
            }
        }
      return hv_undefined;

    case HV_FRAME:
      {
        const Frame *f = parent.frame;

        if (g_str_equal (name, "root"))
          return f->root;
        if (g_str_equal (name, "_parent"))
          {
            Hv v = { HV_FRAME, { 0 } };

            if (f->parent == NULL)
              return hv_undefined;
            v.frame = f->parent;
            return v;
          }
        if (f->each)
          {
            if (g_str_equal (name, "key"))
              return f->key;
            if (g_str_equal (name, "index"))
              return hv_number (f->index);
            if (g_str_equal (name, "first"))
              return hv_bool (f->first);
            if (g_str_equal (name, "last"))
              return hv_bool (f->last);
          }
        return hv_undefined;
      }

    default:
      return hv_undefined;
    }
}

/* ------------------------------------------------------------------ */
/* Numbers as JavaScript writes them                                     */

/* The shortest digits that read back as NUMBER (> 0, finite), without a
 * point and without trailing zeros, into DIGITS; returns the decimal
 * exponent n with NUMBER = 0.DIGITS × 10ⁿ. Below 17 digits, a normal
 * double that reads back from its correctly rounded 15 or 16 digits has no
 * shorter form (subnormals have fewer digits: they try from 1). */
static int
shortest_digits (double number,
                 char   digits[32])
{
  char buf[64];
  int precision = number < 2.2250738585072014e-308 ? 1 : 15;

  for (; precision <= 17; precision++)
    {
      char format[16];
      char *e;
      int n = 0;

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, number);
      if (precision < 17 && g_ascii_strtod (buf, NULL) != number)
        continue;
      e = strchr (buf, 'e');
      for (char *c = buf; c < e; c++)
        if (g_ascii_isdigit (*c))
          digits[n++] = *c;
      while (n > 1 && digits[n - 1] == '0')
        n--;
      digits[n] = '\0';
      return atoi (e + 1) + 1;
    }
  g_assert_not_reached ();
}

void
ht_append_number (GString *out,
                  double   number)
{
  char digits[32];
  int k, n;

  if (isnan (number))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (number == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (number < 0)
    {
      g_string_append_c (out, '-');
      number = -number;
    }
  if (isinf (number))
    {
      g_string_append (out, "Infinity");
      return;
    }
  if (number < 9007199254740992.0 && number == floor (number))
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) number);
      return;
    }

  n = shortest_digits (number, digits);
  k = strlen (digits);
  if (k <= n && n <= 21)
    {
      g_string_append (out, digits);
      for (int i = 0; i < n - k; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, n);
      g_string_append_c (out, '.');
      g_string_append (out, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -n; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", n - 1 >= 0 ? '+' : '-', ABS (n - 1));
    }
}

/* JavaScript's StringToNumber() */
static double
string_to_number (const char *s,
                  gsize       len)
{
  g_autofree char *text = NULL;
  gsize start = 0, end = len;
  const char *t;
  char *rest;
  double value;
  gboolean negative = FALSE;

  /* trim white space and line terminators */
  while (start < end)
    {
      gsize i = start;
      gunichar c = g_utf8_get_char (s + i);

      if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
            || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF))
        break;
      start = g_utf8_next_char (s + i) - s;
    }
  while (end > start)
    {
      const char *p = g_utf8_find_prev_char (s + start, s + end);
      gunichar c = g_utf8_get_char (p);

      if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
            || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF))
        break;
      end = p - s;
    }
  if (start == end)
    return 0;
  text = g_strndup (s + start, end - start);
  t = text;

  if ((t[0] == '0') && (t[1] == 'x' || t[1] == 'X' || t[1] == 'o' || t[1] == 'O' || t[1] == 'b' || t[1] == 'B'))
    {
      int base = (t[1] == 'x' || t[1] == 'X') ? 16 : (t[1] == 'o' || t[1] == 'O') ? 8 : 2;

      value = 0;
      if (t[2] == '\0')
        return NAN;
      for (t += 2; *t; t++)
        {
          int d = g_ascii_xdigit_value (*t);

          if (d < 0 || d >= base)
            return NAN;
          value = value * base + d;
        }
      return value;
    }
  if (*t == '+' || *t == '-')
    {
      negative = *t == '-';
      t++;
    }
  if (strcmp (t, "Infinity") == 0)
    return negative ? -INFINITY : INFINITY;
  /* StrUnsignedDecimalLiteral: digits [. digits] [e [+-] digits] or . digits … */
  {
    const char *c = t;
    gboolean digits = FALSE;

    while (g_ascii_isdigit (*c))
      c++, digits = TRUE;
    if (*c == '.')
      {
        c++;
        while (g_ascii_isdigit (*c))
          c++, digits = TRUE;
      }
    if (!digits)
      return NAN;
    if (*c == 'e' || *c == 'E')
      {
        c++;
        if (*c == '+' || *c == '-')
          c++;
        if (!g_ascii_isdigit (*c))
          return NAN;
        while (g_ascii_isdigit (*c))
          c++;
      }
    if (*c != '\0')
      return NAN;
  }
  value = g_ascii_strtod (t, &rest);
  return negative ? -value : value;
}

/* ------------------------------------------------------------------ */
/* Writing values                                                        */

static const char *const html_escapes[256] = {
  ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
  ['\''] = "&#x27;", ['`'] = "&#x60;", ['='] = "&#x3D;",
};
static const guint8 html_escape_lengths[256] = {
  ['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 6, ['`'] = 6, ['='] = 6,
};

static void
append_escaped (GString    *out,
                const char *s,
                gsize       len)
{
  gsize run = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 n = html_escape_lengths[(guchar) s[i]];

      if (G_LIKELY (n == 0))
        continue;
      if (i > run)
        g_string_append_len (out, s + run, i - run);
      g_string_append_len (out, html_escapes[(guchar) s[i]], n);
      run = i + 1;
    }
  if (len > run)
    g_string_append_len (out, s + run, len - run);
}

typedef enum {
  WRITE_OK,
  WRITE_NO_STRING,  /* an object whose own "toString" is not a function */
  WRITE_TOO_DEEP,
} WriteResult;

#define MAX_ARRAY_NESTING 256

/* String(value), null and undefined as "" (what a mustache writes) */
static WriteResult
append_hv (GString *out,
           Hv       v,
           gboolean escape,
           guint    nesting)
{
  switch (v.kind)
    {
    case HV_UNDEFINED:
    case HV_NULL:
      return WRITE_OK;
    case HV_BOOL:
      g_string_append (out, v.b ? "true" : "false");
      return WRITE_OK;
    case HV_NUMBER:
      ht_append_number (out, v.n);
      return WRITE_OK;
    case HV_STRING:
      if (escape)
        append_escaped (out, v.str.s, v.str.len);
      else
        g_string_append_len (out, v.str.s, v.str.len);
      return WRITE_OK;
    case HV_ARRAY:
      {
        guint n = json_array_get_length (v.arr);

        if (nesting >= MAX_ARRAY_NESTING)
          return WRITE_TOO_DEEP;
        for (guint i = 0; i < n; i++)
          {
            WriteResult result;

            if (i > 0)
              g_string_append_c (out, ',');
            result = append_hv (out, hv_from_node (json_array_get_element (v.arr, i)), escape, nesting + 1);
            if (result != WRITE_OK)
              return result;
          }
        return WRITE_OK;
      }
    case HV_OBJECT:
      if (json_object_has_member (v.obj, "toString"))
        return WRITE_NO_STRING;
      G_GNUC_FALLTHROUGH;
    default:
      g_string_append (out, "[object Object]");
      return WRITE_OK;
    }
}

void
hone_template_append_value (GString  *out,
                            JsonNode *value)
{
  Hv v = hv_from_node (value);

  g_return_if_fail (out != NULL);

  if (append_hv (out, v, FALSE, 0) != WRITE_OK && v.kind == HV_OBJECT)
    g_string_append (out, "[object Object]");
}

/* JavaScript's a == b; FALSE with *FAILED when an object cannot become a primitive */
static gboolean
hv_loose_equal (Hv        a,
                Hv        b,
                gboolean *failed)
{
  gboolean a_object = a.kind >= HV_OBJECT, b_object = b.kind >= HV_OBJECT;

  if (hv_is_nullish (a) || hv_is_nullish (b))
    return hv_is_nullish (a) && hv_is_nullish (b);
  if (a_object && b_object)
    {
      if (a.kind != b.kind)
        return FALSE;
      switch (a.kind)
        {
        case HV_OBJECT:
          return a.obj == b.obj;
        case HV_ARRAY:
          return a.arr == b.arr;
        case HV_FRAME:
          return a.frame == b.frame;
        default:
          return TRUE; /* the one nullContext, the one {} */
        }
    }
  if (a_object || b_object)
    {
      /* ToPrimitive(object) is its string */
      Hv object = a_object ? a : b, other = a_object ? b : a;
      g_autoptr(GString) text = g_string_new (NULL);

      if (append_hv (text, object, FALSE, 0) != WRITE_OK)
        {
          *failed = TRUE;
          return FALSE;
        }
      return hv_loose_equal (hv_string (text->str, text->len), other, failed);
    }
  if (a.kind == HV_BOOL)
    return hv_loose_equal (hv_number (a.b ? 1 : 0), b, failed);
  if (b.kind == HV_BOOL)
    return hv_loose_equal (a, hv_number (b.b ? 1 : 0), failed);
  if (a.kind == HV_STRING && b.kind == HV_STRING)
    return a.str.len == b.str.len && memcmp (a.str.s, b.str.s, a.str.len) == 0;
  if (a.kind == HV_STRING)
    return string_to_number (a.str.s, a.str.len) == b.n;
  if (b.kind == HV_STRING)
    return a.n == string_to_number (b.str.s, b.str.len);
  return a.n == b.n;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                             */

typedef struct _Depth Depth;
struct _Depth
{
  Hv value;
  const Depth *next;
};

typedef struct _BlockParams BlockParams;
struct _BlockParams
{
  const Hv *values;   /* NULL: a level without block parameters */
  guint n_values;
  const BlockParams *next;
};

typedef struct {
  Hv context;         /* depth0 */
  const Depth *depths;
  const Frame *frame;
  const BlockParams *block_params;
} Scope;

typedef struct {
  const HoneTemplate *template;
  GString *out;
  gboolean html;
  GError *error;
} Renderer;

static char *
call_name (const HtCall *call)
{
  return g_strdup (call->path->path.original);
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail_at_call (Renderer     *r,
              const HtCall *call,
              const char   *format,
              ...)
{
  va_list args;
  g_autofree char *what = NULL;
  guint line, column;

  if (r->error != NULL)
    return FALSE;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  ht_location_at (r->template->source, call->offset, &line, &column);
  r->error = g_error_new (HONE_ERROR, HONE_ERROR_INVALID, _("line %u, column %u: %s"), line, column, what);
  return FALSE;
}

static gboolean
fail_certain (Renderer     *r,
              const HtCall *call)
{
  g_autofree char *name = call_name (call);

  switch (call->fails)
    {
    case HT_FAIL_UNKNOWN_HELPER:
      return fail_at_call (r, call, _("“%s” is not a helper: Hone knows if, unless, each, with, lookup and log"), name);
    case HT_FAIL_ONE_VALUE:
      return fail_at_call (r, call, _("{{#%s}} needs exactly one value, for example {{#%s field}}"), name, name);
    case HT_FAIL_NOT_BLOCK:
      return fail_at_call (r, call, _("“%s” only works as a block: write {{#%s value}}…{{/%s}}"), name, name, name);
    case HT_FAIL_EACH_NONE:
      return fail_at_call (r, call, _("{{#each}} needs the list to go through, for example {{#each items}}"));
    case HT_FAIL_EACH_MANY:
      return fail_at_call (r, call, _("{{#each}} takes exactly one list, for example {{#each items}}"));
    case HT_FAIL_LOOKUP_NONE:
      return fail_at_call (r, call, _("lookup needs an object and a key, for example {{lookup person \"name\"}}"));
    case HT_FAIL_HIDDEN:
      return fail_at_call (r, call, _("“%s” is not a helper templates can use"), name);
    case HT_FAIL_PARTIAL:
      return fail_at_call (r, call, _("partials ({{> %s}}) are not supported in Hone templates: write the text in place"), name);
    case HT_FAIL_NONE:
      break;
    }
  g_return_val_if_reached (FALSE);
}

static gboolean
fail_write (Renderer     *r,
            const HtCall *call,
            WriteResult   result)
{
  g_autofree char *name = call_name (call);

  if (result == WRITE_TOO_DEEP)
    return fail_at_call (r, call, _("the value of “%s” has lists nested too deep to write"), name);
  return fail_at_call (r, call, _("the value of “%s” cannot be written as text: it has a member named “toString”"), name);
}

static Hv
context_at (const Scope *scope,
            guint        depth)
{
  const Depth *d = scope->depths;

  if (depth == 0)
    return scope->context;
  for (guint i = 0; i < depth && d != NULL; i++)
    d = d->next;
  return d != NULL ? d->value : hv_undefined;
}

/* FALSY: `a && a.b` instead of `a != null ? a.b : a` (data paths always) */
static gboolean
eval_path_full (Renderer     *r,
                const HtCall *call,
                const HtExpr *path,
                const Scope  *scope,
                gboolean      falsy,
                Hv           *out)
{
  guint start = 0;
  Hv v;

  if (path->path.bp_depth >= 0)
    {
      const BlockParams *level = scope->block_params;

      for (int i = 0; i < path->path.bp_depth && level != NULL; i++)
        level = level->next;
      if (level == NULL || level->values == NULL)
        return fail_at_call (r, call, _("the block parameter “%s” has no value here"), path->path.parts[0].name);
      v = (guint) path->path.bp_index < level->n_values ? level->values[path->path.bp_index] : hv_undefined;
      start = 1;
    }
  else if (path->path.n_parts == 0 || path->path.parts[0].len == 0)
    {
      *out = context_at (scope, path->path.depth);
      return TRUE;
    }
  else if (path->path.data)
    {
      const Frame *frame = scope->frame;

      for (guint i = 0; i < path->path.depth && frame != NULL; i++)
        frame = frame->parent;
      v = hv_undefined;
      if (frame != NULL)
        {
          v.kind = HV_FRAME;
          v.frame = frame;
        }
      for (guint i = 0; i < path->path.n_parts && hv_truthy (v); i++)
        v = lookup_property (v, path->path.parts[i].name, path->path.parts[i].len);
      *out = v;
      return TRUE;
    }
  else
    v = context_at (scope, path->path.depth);

  for (guint i = start; i < path->path.n_parts && (falsy ? hv_truthy (v) : !hv_is_nullish (v)); i++)
    v = lookup_property (v, path->path.parts[i].name, path->path.parts[i].len);
  *out = v;
  return TRUE;
}

static gboolean
eval_path (Renderer     *r,
           const HtCall *call,
           const HtExpr *path,
           const Scope  *scope,
           Hv           *out)
{
  return eval_path_full (r, call, path, scope, FALSE, out);
}

/* A helper that does not exist: (helpers.name || value || helperMissing)
 * (…); helperMissing() returns undefined when given no arguments */
static gboolean
call_unknown (Renderer     *r,
              const HtCall *call,
              const Scope  *scope,
              Hv           *out)
{
  Hv value;

  if (call->fails != HT_FAIL_NONE)
    return fail_certain (r, call);
  if (!eval_path_full (r, call, call->path, scope, TRUE, &value))
    return FALSE;
  if (hv_truthy (value))
    {
      g_autofree char *name = call_name (call);

      return fail_at_call (r, call, _("“%s” is not a helper: Hone knows if, unless, each, with, lookup and log"), name);
    }
  *out = hv_undefined;
  return TRUE;
}

static gboolean eval_call (Renderer *r, const HtCall *call, const Scope *scope, Hv *out);

static gboolean
eval_expr (Renderer     *r,
           const HtCall *call,
           const HtExpr *expr,
           const Scope  *scope,
           Hv           *out)
{
  switch (expr->type)
    {
    case HT_EXPR_PATH:
      return eval_path (r, call, expr, scope, out);
    case HT_EXPR_STRING:
      *out = hv_string (expr->string.str, expr->string.len);
      return TRUE;
    case HT_EXPR_NUMBER:
      *out = hv_number (expr->number);
      return TRUE;
    case HT_EXPR_BOOLEAN:
      *out = hv_bool (expr->boolean);
      return TRUE;
    case HT_EXPR_UNDEFINED:
      *out = hv_undefined;
      return TRUE;
    case HT_EXPR_NULL:
      out->kind = HV_NULL;
      return TRUE;
    case HT_EXPR_SEXPR:
      return eval_call (r, expr->sexpr, scope, out);
    }
  g_return_val_if_reached (FALSE);
}

#define MAX_INLINE_PARAMS 4

/* Evaluates the parameters (into VALUES, or a new array in *HEAP) */
static gboolean
eval_params (Renderer     *r,
             const HtCall *call,
             const Scope  *scope,
             Hv           *values,
             Hv          **heap)
{
  Hv *params = values;

  *heap = NULL;
  if (call->n_params > MAX_INLINE_PARAMS)
    params = *heap = g_new (Hv, call->n_params);
  for (guint i = 0; i < call->n_params; i++)
    if (!eval_expr (r, call, call->params[i], scope, &params[i]))
      return FALSE;
  /* the hash is evaluated too, for its failures */
  for (guint i = 0; i < call->n_hash; i++)
    {
      Hv ignored;

      if (call->hash_values[i]->type == HT_EXPR_SEXPR && !eval_expr (r, call, call->hash_values[i], scope, &ignored))
        return FALSE;
    }
  return TRUE;
}

/* The lookup helper: lookup(obj, field, options) */
static gboolean
helper_lookup (Renderer     *r,
               const HtCall *call,
               const Hv     *params,
               Hv           *out)
{
  g_autoptr(GString) key = NULL;

  if (!hv_truthy (params[0]))
    {
      *out = params[0];
      return TRUE;
    }
  if (call->n_params != 2)
    return fail_at_call (r, call, _("lookup needs an object and a key, for example {{lookup person \"name\"}}"));
  key = g_string_new (NULL);
  if (append_hv (key, params[1], FALSE, 0) != WRITE_OK)
    return fail_write (r, call, WRITE_NO_STRING);
  if (params[1].kind == HV_UNDEFINED)
    g_string_append (key, "undefined");
  else if (params[1].kind == HV_NULL)
    g_string_append (key, "null");
  *out = lookup_property (params[0], key->str, key->len);
  /* a character of a string key is kept alive by the data, not by KEY */
  return TRUE;
}

static gboolean
eval_call (Renderer     *r,
           const HtCall *call,
           const Scope  *scope,
           Hv           *out)
{
  Hv inline_params[MAX_INLINE_PARAMS];
  g_autofree Hv *heap = NULL;

  switch (call->kind)
    {
    case HT_CALL_SIMPLE:
    case HT_CALL_AMBIGUOUS:
      return eval_path (r, call, call->path, scope, out);
    case HT_CALL_UNKNOWN:
      if (!eval_params (r, call, scope, inline_params, &heap))
        return FALSE;
      return call_unknown (r, call, scope, out);
    case HT_CALL_KNOWN:
      break;
    }

  if (!eval_params (r, call, scope, inline_params, &heap))
    return FALSE;
  if (call->fails != HT_FAIL_NONE)
    return fail_certain (r, call);
  switch (call->helper)
    {
    case HT_HELPER_LOOKUP:
      return helper_lookup (r, call, heap ? heap : inline_params, out);
    case HT_HELPER_LOG:
      *out = hv_undefined;
      return TRUE;
    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

/* What a program's function returns: handlebars compiles a program into
 * `buffer = a + b; buffer += c + d; return buffer + e;` (or `return a + b;`,
 * or `return a;` for a one-statement program), where the operands are the
 * values of its statements, so that two numbers side by side are added
 * ({{{a}}}{{{b}}} with 1 and 2 writes 3). A result is either text, already
 * written to r->out, or a value nothing has written yet. */
typedef struct {
  gboolean is_value;
  Hv value;
} Res;

typedef enum {
  ACC_EMPTY,    /* no operand yet */
  ACC_TEXT,     /* the value so far is a string, written to r->out */
  ACC_PENDING,  /* the value so far is a number or boolean, not written */
} AccState;

typedef struct {
  AccState state;
  Hv pending;
} Acc;

static gboolean render_program (Renderer *r, const HtProgram *program, const Scope *scope, Res *res);
static gboolean render_block (Renderer *r, const HtStmt *stmt, const Scope *scope, Res *res);

static inline gboolean
hv_is_numeric (Hv v)
{
  return v.kind == HV_NUMBER || v.kind == HV_BOOL;
}

static inline double
hv_numeric (Hv v)
{
  return v.kind == HV_BOOL ? (v.b ? 1 : 0) : v.n;
}

/* acc = acc + a string about to be written */
static void
acc_text (Renderer *r,
          Acc      *acc)
{
  if (acc->state == ACC_PENDING)
    append_hv (r->out, acc->pending, FALSE, 0);
  acc->state = ACC_TEXT;
}

/* acc = acc + V (never null or undefined: handlebars writes those as "") */
static gboolean
acc_value (Renderer     *r,
           Acc          *acc,
           Hv            v,
           const HtCall *call)
{
  WriteResult result;

  if (hv_is_numeric (v) && acc->state != ACC_TEXT)
    {
      acc->pending = acc->state == ACC_EMPTY ? v : hv_number (hv_numeric (acc->pending) + hv_numeric (v));
      acc->state = ACC_PENDING;
      return TRUE;
    }
  acc_text (r, acc);
  result = append_hv (r->out, v, FALSE, 0);
  return result == WRITE_OK ? TRUE : fail_write (r, call, result);
}

static gboolean
acc_res (Renderer     *r,
         Acc          *acc,
         const Res    *res,
         const HtCall *call)
{
  if (!res->is_value || hv_is_nullish (res->value))
    {
      acc_text (r, acc);
      return TRUE;
    }
  return acc_value (r, acc, res->value, call);
}

static void
acc_result (const Acc *acc,
            Res       *res)
{
  res->is_value = acc->state == ACC_PENDING;
  res->value = acc->pending;
}

/* Text written while *SAVED is set goes to a scratch string: the value
 * before it, a number not yet written, must come first */
static void
redirect (Renderer  *r,
          GString  **saved)
{
  *saved = r->out;
  r->out = g_string_new (NULL);
}

static GString *
restore (Renderer *r,
         GString  *saved)
{
  GString *scratch = r->out;

  r->out = saved;
  return scratch;
}

/* ACC = ACC + the value of STMT */
static gboolean
add_operand (Renderer     *r,
             Acc          *acc,
             const HtStmt *stmt,
             const Scope  *scope)
{
  switch (stmt->type)
    {
    case HT_STMT_CONTENT:
      acc_text (r, acc);
      g_string_append_len (r->out, stmt->content.text, stmt->content.len);
      return TRUE;

    case HT_STMT_MUSTACHE:
      {
        const HtCall *call = stmt->mustache.call;
        Hv value;

        if (!eval_call (r, call, scope, &value))
          return FALSE;
        if (r->html && stmt->mustache.escaped)
          {
            WriteResult result;

            acc_text (r, acc);
            result = append_hv (r->out, value, TRUE, 0);
            return result == WRITE_OK ? TRUE : fail_write (r, call, result);
          }
        if (hv_is_nullish (value))
          {
            acc_text (r, acc);
            return TRUE;
          }
        return acc_value (r, acc, value, call);
      }

    case HT_STMT_BLOCK:
      {
        GString *saved = NULL;
        Res res;
        gboolean ok;

        if (acc->state == ACC_PENDING)
          redirect (r, &saved);
        ok = render_block (r, stmt, scope, &res);
        if (saved != NULL)
          {
            g_autoptr(GString) scratch = restore (r, saved);

            if (ok && !res.is_value)
              {
                acc_text (r, acc);
                g_string_append_len (r->out, scratch->str, scratch->len);
                return TRUE;
              }
          }
        return ok && acc_res (r, acc, &res, stmt->block.call);
      }
    }
  g_return_val_if_reached (FALSE);
}

static inline gboolean
is_section (const HtStmt *stmt)
{
  return stmt->type == HT_STMT_BLOCK && stmt->block.call->kind == HT_CALL_AMBIGUOUS;
}

static gboolean
render_program (Renderer        *r,
                const HtProgram *program,
                const Scope     *scope,
                Res             *res)
{
  Acc acc = { ACC_EMPTY, { HV_UNDEFINED, { 0 } } };
  guint i = 0, n = program->n_stmts;

  /* `return a;` and `return a + b + …;` */
  if (program->simple || !program->has_sections)
    {
      for (i = 0; i < n; i++)
        if (!add_operand (r, &acc, program->stmts[i], scope))
          return FALSE;
      acc_result (&acc, res);
      return TRUE;
    }

  /* `buffer = a + b;` or `buffer = ""` */
  if (n > 0 && !is_section (program->stmts[0]))
    for (; i < n && !is_section (program->stmts[i]); i++)
      if (!add_operand (r, &acc, program->stmts[i], scope))
        return FALSE;
  if (acc.state == ACC_EMPTY)
    acc.state = ACC_TEXT;

  while (i < n)
    {
      guint end = i;

      /* `if (stack1 != null) buffer += stack1;` */
      if (is_section (program->stmts[i]))
        {
          if (!add_operand (r, &acc, program->stmts[i], scope))
            return FALSE;
          i++;
          continue;
        }
      while (end < n && !is_section (program->stmts[end]))
        end++;
      if (end == n)
        {
          /* `return buffer + e + f;` */
          for (; i < n; i++)
            if (!add_operand (r, &acc, program->stmts[i], scope))
              return FALSE;
        }
      else
        {
          /* `buffer += c + d;` */
          Acc group = { ACC_EMPTY, { HV_UNDEFINED, { 0 } } };
          GString *saved = NULL;
          g_autoptr(GString) scratch = NULL;
          gboolean ok = TRUE;

          if (acc.state == ACC_PENDING)
            redirect (r, &saved);
          for (; i < end && ok; i++)
            ok = add_operand (r, &group, program->stmts[i], scope);
          if (saved != NULL)
            scratch = restore (r, saved);
          if (!ok)
            return FALSE;
          if (group.state == ACC_PENDING)
            acc_value (r, &acc, group.pending, NULL);
          else
            {
              acc_text (r, &acc);
              if (scratch != NULL)
                g_string_append_len (r->out, scratch->str, scratch->len);
            }
        }
    }
  acc_result (&acc, res);
  return TRUE;
}

/* What a helper's options.fn(CONTEXT) or options.inverse(CONTEXT) does:
 * runs PROGRAM (NULL: nothing) declared in SCOPE, pushing CONTEXT on the
 * context stack when it differs from the current one */
static gboolean
invoke (Renderer          *r,
        const HtCall      *call,
        const HtProgram   *program,
        const Scope       *scope,
        Hv                 context,
        const Frame       *frame,
        const Hv          *block_params,
        guint              n_block_params,
        Res               *res)
{
  const HoneTemplate *template = r->template;
  Scope inner = { context, scope->depths, frame, scope->block_params };
  Depth depth;
  BlockParams level;

  res->is_value = FALSE;
  if (program == NULL)
    return TRUE;
  if (template->tree.use_depths)
    {
      Hv top = scope->depths->value;
      gboolean failed = FALSE;

      if (!hv_loose_equal (context, top, &failed) && !(context.kind == HV_NULL_CONTEXT && top.kind == HV_NULL))
        {
          if (failed)
            return fail_write (r, call, WRITE_NO_STRING);
          depth.value = context;
          depth.next = scope->depths;
          inner.depths = &depth;
        }
    }
  if (template->tree.use_block_params)
    {
      level.values = block_params;
      level.n_values = n_block_params;
      level.next = scope->block_params;
      inner.block_params = &level;
    }
  return render_program (r, program, &inner, res);
}

static inline Hv
helper_this (const Scope *scope)
{
  Hv v = scope->context;

  if (hv_is_nullish (v))
    v.kind = HV_NULL_CONTEXT;
  return v;
}

/* JavaScript's Object.keys() order: array indices ascending, then the rest
 * as inserted */
typedef struct {
  const char *name;
  guint64 index;
  JsonNode *node;
} Member;

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *ma = a, *mb = b;

  return ma->index < mb->index ? -1 : ma->index > mb->index;
}

/* ret = ret + fn(item): each writes every iteration as text */
static gboolean
each_iteration (Renderer        *r,
                const HtCall    *call,
                const HtProgram *program,
                const Scope     *scope,
                Hv               item,
                Hv               key,
                guint            index,
                gboolean         last)
{
  Frame frame;
  Hv params[2] = { item, key };
  Res res;

  frame.parent = scope->frame;
  frame.root = scope->frame->root;
  frame.each = TRUE;
  frame.key = key;
  frame.index = index;
  frame.first = index == 0;
  frame.last = last;
  if (!invoke (r, call, program, scope, item, &frame, params, 2, &res))
    return FALSE;
  if (res.is_value)
    append_hv (r->out, res.value, FALSE, 0);
  return TRUE;
}

static gboolean
helper_each (Renderer     *r,
             const HtStmt *stmt,
             const Scope  *scope,
             Hv            list,
             Res          *res)
{
  const HtCall *call = stmt->block.call;
  const HtProgram *fn = stmt->block.program;
  guint count = 0;

  res->is_value = FALSE;
  if (list.kind == HV_ARRAY)
    {
      count = json_array_get_length (list.arr);
      for (guint i = 0; i < count; i++)
        if (!each_iteration (r, call, fn, scope, hv_from_node (json_array_get_element (list.arr, i)),
                             hv_number (i), i, i == count - 1))
          return FALSE;
    }
  else if (list.kind == HV_OBJECT)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;
      guint64 index;
      gboolean has_index = FALSE;

      count = json_object_get_size (list.obj);
      json_object_iter_init_ordered (&iter, list.obj);
      while (!has_index && json_object_iter_next_ordered (&iter, &name, &node))
        has_index = array_index (name, strlen (name), &index);

      if (!has_index)
        {
          guint i = 0;

          json_object_iter_init_ordered (&iter, list.obj);
          while (json_object_iter_next_ordered (&iter, &name, &node))
            {
              if (!each_iteration (r, call, fn, scope, hv_from_node (node), hv_string (name, strlen (name)),
                                   i, i == count - 1))
                return FALSE;
              i++;
            }
        }
      else
        {
          g_autoptr(GArray) indexed = g_array_new (FALSE, FALSE, sizeof (Member));
          g_autoptr(GArray) named = g_array_new (FALSE, FALSE, sizeof (Member));

          json_object_iter_init_ordered (&iter, list.obj);
          while (json_object_iter_next_ordered (&iter, &name, &node))
            {
              Member m = { name, 0, node };

              g_array_append_val (array_index (name, strlen (name), &m.index) ? indexed : named, m);
            }
          g_array_sort (indexed, compare_members);
          g_array_append_vals (indexed, named->data, named->len);
          count = indexed->len;
          for (guint i = 0; i < count; i++)
            {
              Member *m = &g_array_index (indexed, Member, i);

              if (!each_iteration (r, call, fn, scope, hv_from_node (m->node), hv_string (m->name, strlen (m->name)),
                                   i, i == count - 1))
                return FALSE;
            }
        }
    }
  else if (list.kind == HV_FRAME)
    {
      const Frame *f = list.frame;
      const char *names[6];
      guint n = 0;

      names[n++] = "root";
      if (f->parent != NULL)
        names[n++] = "_parent";
      if (f->each)
        {
          names[n++] = "key";
          names[n++] = "index";
          names[n++] = "first";
          names[n++] = "last";
        }
      count = n;
      for (guint i = 0; i < n; i++)
        if (!each_iteration (r, call, fn, scope, lookup_property (list, names[i], strlen (names[i])),
                             hv_string (names[i], strlen (names[i])), i, i == n - 1))
          return FALSE;
    }

  if (count == 0)
    return invoke (r, call, stmt->block.inverse, scope, helper_this (scope), scope->frame, NULL, 0, res);
  return TRUE;
}

/* handlebars' blockHelperMissing: {{#name}} on a value */
static gboolean
section (Renderer     *r,
         const HtStmt *stmt,
         const Scope  *scope,
         Hv            value,
         Res          *res)
{
  const HtCall *call = stmt->block.call;

  if (value.kind == HV_BOOL && value.b)
    return invoke (r, call, stmt->block.program, scope, scope->context, scope->frame, NULL, 0, res);
  if ((value.kind == HV_BOOL && !value.b) || hv_is_nullish (value)
      || (value.kind == HV_ARRAY && json_array_get_length (value.arr) == 0))
    return invoke (r, call, stmt->block.inverse, scope, scope->context, scope->frame, NULL, 0, res);
  if (value.kind == HV_ARRAY)
    return helper_each (r, stmt, scope, value, res);
  return invoke (r, call, stmt->block.program, scope, value, scope->frame, NULL, 0, res);
}

static gboolean
render_block (Renderer     *r,
              const HtStmt *stmt,
              const Scope  *scope,
              Res          *res)
{
  const HtCall *call = stmt->block.call;
  Hv inline_params[MAX_INLINE_PARAMS];
  g_autofree Hv *heap = NULL;
  const Hv *params;
  Hv value;

  res->is_value = FALSE;
  switch (call->kind)
    {
    case HT_CALL_SIMPLE:
    case HT_CALL_AMBIGUOUS:
      if (!eval_path (r, call, call->path, scope, &value))
        return FALSE;
      return section (r, stmt, scope, value, res);
    case HT_CALL_UNKNOWN:
      if (!eval_params (r, call, scope, inline_params, &heap))
        return FALSE;
      /* a block's result: undefined writes nothing */
      return call_unknown (r, call, scope, &value);
    case HT_CALL_KNOWN:
      break;
    }

  if (!eval_params (r, call, scope, inline_params, &heap))
    return FALSE;
  if (call->fails != HT_FAIL_NONE)
    return fail_certain (r, call);
  params = heap ? heap : inline_params;

  switch (call->helper)
    {
    case HT_HELPER_IF:
    case HT_HELPER_UNLESS:
      {
        gboolean include_zero = FALSE;
        gboolean yes;

        for (guint i = 0; i < call->n_hash; i++)
          if (g_str_equal (call->hash_keys[i], "includeZero"))
            {
              Hv v;

              if (!eval_expr (r, call, call->hash_values[i], scope, &v))
                return FALSE;
              include_zero = hv_truthy (v);
              break;
            }
        yes = !((!include_zero && !hv_truthy (params[0])) || hv_is_empty (params[0]));
        if (call->helper == HT_HELPER_UNLESS)
          yes = !yes;
        return invoke (r, call, yes ? stmt->block.program : stmt->block.inverse, scope,
                       helper_this (scope), scope->frame, NULL, 0, res);
      }

    case HT_HELPER_WITH:
      if (!hv_is_empty (params[0]))
        return invoke (r, call, stmt->block.program, scope, params[0], scope->frame, params, 1, res);
      return invoke (r, call, stmt->block.inverse, scope, helper_this (scope), scope->frame, NULL, 0, res);

    case HT_HELPER_EACH:
      return helper_each (r, stmt, scope, params[0], res);

    case HT_HELPER_LOOKUP:
      if (!helper_lookup (r, call, params, &value))
        return FALSE;
      /* a block helper's result is not escaped */
      res->is_value = TRUE;
      res->value = value;
      return TRUE;

    case HT_HELPER_LOG:
      return TRUE;

    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

/* ------------------------------------------------------------------ */
/* Public API                                                            */

HoneTemplate *
hone_template_new (const char            *source,
                   HoneTemplateLocation  *location,
                   GError               **error)
{
  HoneTemplate *self;
  const char *bad = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (location != NULL)
    memset (location, 0, sizeof *location);

  if (!g_utf8_validate (source, -1, &bad))
    {
      guint line, column;

      ht_location_at (source, bad - source, &line, &column);
      if (location != NULL)
        {
          location->line = line;
          location->column = column;
          location->offset = bad - source;
          location->length = 1;
        }
      g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                   _("line %u, column %u: the template is not valid UTF-8 text here"), line, column);
      return NULL;
    }

  self = g_new0 (HoneTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->source = g_strdup (source);
  self->tree.arena = ht_arena_new ();
  if (!ht_parse (self->source, &self->tree, location, error))
    {
      hone_template_unref (self);
      return NULL;
    }
  return self;
}

HoneTemplate *
hone_template_ref (HoneTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hone_template_unref (HoneTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      ht_arena_free (self->tree.arena);
      g_free (self->source);
      g_free (self);
    }
}

const char *
hone_template_get_source (HoneTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

gboolean
hone_template_render_to (HoneTemplate        *self,
                         JsonNode            *data,
                         HoneTemplateEscape   escape,
                         GString             *out,
                         GError             **error)
{
  Renderer r = { self, out, escape == HONE_TEMPLATE_ESCAPE_HTML, NULL };
  Hv root = { HV_EMPTY, { 0 } };
  Frame frame = { NULL, };
  Depth depth;
  Scope scope;
  Res res;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data != NULL)
    root = hv_from_node (data);
  frame.root = root;
  depth.value = root;
  depth.next = NULL;
  scope.context = root;
  scope.depths = &depth;
  scope.frame = &frame;
  scope.block_params = NULL;

  if (!render_program (&r, self->tree.root, &scope, &res))
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  /* '' + main () */
  if (res.is_value)
    append_hv (out, res.value, FALSE, 0);
  return TRUE;
}

char *
hone_template_render (HoneTemplate        *self,
                      JsonNode            *data,
                      HoneTemplateEscape   escape,
                      GError             **error)
{
  GString *out = g_string_new (NULL);

  if (!hone_template_render_to (self, data, escape, out, error))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Checking what fails only when it runs                                 */

static const HtCall *
first_certain_failure_in_call (const HtCall *call)
{
  const HtCall *found = NULL;

  for (guint i = 0; i < call->n_params && found == NULL; i++)
    if (call->params[i]->type == HT_EXPR_SEXPR)
      found = first_certain_failure_in_call (call->params[i]->sexpr);
  for (guint i = 0; i < call->n_hash && found == NULL; i++)
    if (call->hash_values[i]->type == HT_EXPR_SEXPR)
      found = first_certain_failure_in_call (call->hash_values[i]->sexpr);
  if (found == NULL && call->fails != HT_FAIL_NONE)
    found = call;
  return found;
}

/* The failing call that comes first in the source */
static const HtCall *
first_certain_failure (const HtProgram *program)
{
  const HtCall *first = NULL;

  if (program == NULL)
    return NULL;
  for (guint i = 0; i < program->n_stmts; i++)
    {
      const HtStmt *stmt = program->stmts[i];
      const HtCall *found[3] = { NULL, NULL, NULL };

      if (stmt->type == HT_STMT_MUSTACHE)
        found[0] = first_certain_failure_in_call (stmt->mustache.call);
      else if (stmt->type == HT_STMT_BLOCK)
        {
          found[0] = first_certain_failure_in_call (stmt->block.call);
          found[1] = first_certain_failure (stmt->block.program);
          found[2] = first_certain_failure (stmt->block.inverse);
        }
      for (guint k = 0; k < 3; k++)
        if (found[k] != NULL && (first == NULL || found[k]->offset < first->offset))
          first = found[k];
    }
  return first;
}

/**
 * hone_template_check:
 *
 * Reports the first tag that fails whenever it is rendered ({{#if}} without
 * a value, a helper that does not exist, {{each items}} without #). Like
 * handlebars.js, rendering fails only when such a tag is reached; an editor
 * can show these at once.
 */
gboolean
hone_template_check (HoneTemplate          *self,
                     HoneTemplateLocation  *location,
                     GError               **error)
{
  const HtCall *call;
  Renderer r = { self, NULL, FALSE, NULL };

  g_return_val_if_fail (self != NULL, FALSE);

  if (location != NULL)
    memset (location, 0, sizeof *location);
  call = first_certain_failure (self->tree.root);
  if (call == NULL)
    return TRUE;
  fail_certain (&r, call);
  if (location != NULL)
    {
      ht_location_at (self->source, call->offset, &location->line, &location->column);
      location->offset = call->offset;
      location->length = call->length;
    }
  g_propagate_error (error, r.error);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Field uses                                                            */

static void
add_use (GArray      *uses,
         const char  *name,
         gsize        offset,
         gsize        length)
{
  HoneTemplateFieldUse use = { g_strdup (name), offset, length };

  g_array_append_val (uses, use);
}

/* A path read LEVEL context changes below the root */
static void
path_uses (const HtExpr *path,
           guint         level,
           GArray       *uses)
{
  if (path->type != HT_EXPR_PATH || path->path.bp_depth >= 0)
    return;
  if (path->path.data)
    {
      if (path->path.depth == 0 && path->path.n_parts >= 2 && g_str_equal (path->path.parts[0].name, "root"))
        add_use (uses, path->path.parts[1].name, path->path.parts[1].offset, path->path.parts[1].length);
      return;
    }
  if (path->path.n_parts == 0 || path->path.parts[0].len == 0 || path->path.depth != level)
    return;
  /* {{"due date"}} reads the key "due date"; {{12}} or {{true}} are no field */
  if (path->path.literal != HT_EXPR_PATH && path->path.literal != HT_EXPR_STRING)
    return;
  add_use (uses, path->path.parts[0].name, path->path.parts[0].offset, path->path.parts[0].length);
}

static void expr_uses (const HtExpr *expr, guint level, GArray *uses);

static void
call_uses (const HtCall *call,
           guint         level,
           GArray       *uses)
{
  if (call->kind == HT_CALL_SIMPLE || call->kind == HT_CALL_AMBIGUOUS)
    path_uses (call->path, level, uses);
  for (guint i = 0; i < call->n_params; i++)
    expr_uses (call->params[i], level, uses);
  for (guint i = 0; i < call->n_hash; i++)
    expr_uses (call->hash_values[i], level, uses);
}

static void
expr_uses (const HtExpr *expr,
           guint         level,
           GArray       *uses)
{
  if (expr->type == HT_EXPR_PATH)
    path_uses (expr, level, uses);
  else if (expr->type == HT_EXPR_SEXPR)
    call_uses (expr->sexpr, level, uses);
}

static void
program_uses (const HtProgram *program,
              guint            level,
              GArray          *uses)
{
  if (program == NULL)
    return;
  for (guint i = 0; i < program->n_stmts; i++)
    {
      const HtStmt *stmt = program->stmts[i];

      if (stmt->type == HT_STMT_MUSTACHE)
        call_uses (stmt->mustache.call, level, uses);
      else if (stmt->type == HT_STMT_BLOCK)
        {
          const HtCall *call = stmt->block.call;
          /* #each, #with and {{#name}} sections run their body in a new context */
          gboolean changes = call->kind == HT_CALL_SIMPLE || call->kind == HT_CALL_AMBIGUOUS
                           || (call->kind == HT_CALL_KNOWN
                               && (call->helper == HT_HELPER_EACH || call->helper == HT_HELPER_WITH));

          call_uses (call, level, uses);
          program_uses (stmt->block.program, changes ? level + 1 : level, uses);
          program_uses (stmt->block.inverse, level, uses);
          if (stmt->block.close_path != NULL && (call->kind == HT_CALL_SIMPLE || call->kind == HT_CALL_AMBIGUOUS))
            path_uses (stmt->block.close_path, level, uses);
        }
    }
}

static int
compare_uses (gconstpointer a,
              gconstpointer b)
{
  const HoneTemplateFieldUse *ua = a, *ub = b;

  return ua->offset < ub->offset ? -1 : ua->offset > ub->offset;
}

static void
clear_use (gpointer data)
{
  HoneTemplateFieldUse *use = data;

  g_free (use->name);
}

GArray *
hone_template_get_field_uses (HoneTemplate *self)
{
  GArray *uses = g_array_new (FALSE, TRUE, sizeof (HoneTemplateFieldUse));

  g_return_val_if_fail (self != NULL, uses);

  g_array_set_clear_func (uses, clear_use);
  program_uses (self->tree.root, 0, uses);
  g_array_sort (uses, compare_uses);
  return uses;
}

/* NAME as a path segment: itself when the lexer reads it back as that one
 * name, else [NAME] with \ and ] escaped */
static void
append_segment (GString    *out,
                const char *name,
                const char *next)
{
  gsize len = strlen (name);
  /* a plain name must be followed by one of [=~}\s/.)|], which a [segment]
   * or "literal" needs not be */
  gboolean plain = len > 0 && (*next == '\0' || strchr ("=~}/.)| \t\n\r\v\f", *next) != NULL
                               || g_unichar_isspace (g_utf8_get_char (next)));
  gboolean numeric = len > 0;

  for (const char *p = name; *p && plain; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && (strchr ("!\"#%&'()*+,./;<=>@[\\]^`{|}~", (char) c) != NULL || g_ascii_isspace (c)))
        plain = FALSE;
      else if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
               || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF || c == '\v')
        plain = FALSE;
      if (!g_ascii_isdigit (c) && !(c == '-' && p == name))
        numeric = FALSE;
    }
  if (plain && (numeric || g_str_equal (name, "true") || g_str_equal (name, "false")
                || g_str_equal (name, "null") || g_str_equal (name, "undefined") || g_str_equal (name, "this")
                || (g_str_has_prefix (name, "else") && !g_ascii_isalnum (name[4]) && name[4] != '_')))
    plain = FALSE;
  if (plain)
    {
      g_string_append (out, name);
      return;
    }
  g_string_append_c (out, '[');
  for (const char *p = name; *p; p++)
    {
      if (*p == '\\' || *p == ']')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, ']');
}

char *
hone_template_rename_field (HoneTemplate *self,
                            const char   *old_name,
                            const char   *new_name)
{
  g_autoptr(GArray) uses = NULL;
  GString *out;
  gsize done = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (old_name != NULL && new_name != NULL, NULL);

  uses = hone_template_get_field_uses (self);
  out = g_string_new (NULL);
  for (guint i = 0; i < uses->len; i++)
    {
      HoneTemplateFieldUse *use = &g_array_index (uses, HoneTemplateFieldUse, i);

      if (!g_str_equal (use->name, old_name) || use->offset < done)
        continue;
      g_string_append_len (out, self->source + done, use->offset - done);
      append_segment (out, new_name, self->source + use->offset + use->length);
      done = use->offset + use->length;
    }
  g_string_append (out, self->source + done);
  return g_string_free (out, FALSE);
}
