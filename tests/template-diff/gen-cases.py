#!/usr/bin/env python3
"""gen-cases.py: random Handlebars templates and data for the differential test.

Writes JSON lines {"id", "template", "data", "features"} to stdout (or --out):
one line per case, each a template and the data to render it with. The test
(run-diff.py) renders every case in both escape modes with handlebars.js 4.7
and with `hone-cli render --batch`, and compares.

Everything is drawn from random.Random seeded with "SEED:ID", so a case is
reproduced alone with `gen-cases.py --seed SEED --first ID --count 1`.

What the cases cover, each on purpose:
  data       strings with HTML special characters (& < > " ' ` =), Unicode
             (CJK, emoji, combining marks, right-to-left), empty strings,
             numbers (integers, floats, negative, 0, -0, 1e21, 1e-7, 0.1...),
             booleans, null, missing names, empty and nested arrays and
             objects, objects with integer-like keys (JavaScript orders them
             first), names that need [segment literals]
  templates  {{x}} {{{x}}} {{&x}}; dotted, ./, this, this.x, ../, ../../,
             @root, [segment literal] and .[0] paths; @index @key @first
             @last @../index; both comment forms; #if / #unless with else,
             else if and else unless chains, includeZero, literal arguments;
             #each over arrays, objects and things that are neither, with
             else; #with with else; lookup; Mustache sections {{#x}} and
             inverted sections {{^x}}; {{^}} as else; whitespace control
             {{~ ~}} on every kind of tag; block tags and comments standing
             alone on their lines (indented with spaces or tabs, LF or CRLF);
             nesting up to five blocks deep
  broken     about one case in sixteen is damaged on purpose: unclosed or
             mismatched blocks, stray {{/x}} or {{else}}, unclosed tags and
             comments, mismatched {{{ }}, invalid paths, {{#if}} without an
             argument, #each with two, an unknown helper given arguments, a
             partial. Some fail to parse, some fail only when the broken part
             runs, some are not errors at all (a stray }} is text).

SPDX-License-Identifier: GPL-3.0-or-later
"""

import argparse
import json
import random
import re
import sys

# ---------------------------------------------------------------- data ----

# Names that are plain Handlebars identifiers. Some repeat at every level on
# purpose, so that scoping mistakes show (`{{name}}` inside `{{#with user}}`
# is user.name, never the root's name).
PLAIN_KEYS = [
    "name", "title", "body", "n", "x", "count", "price", "flag", "ok", "items",
    "tags", "user", "meta", "list", "empty", "none", "zero", "a-b", "é", "日本",
    "Ünïcödé", "emoji😀", "length", "id", "text", "label", "value", "v2",
]
# Names that must be written as [segment literals]
ODD_KEYS = ["first name", "a.b", "due date", "x/y", "#tag", "@at", "naïve café", "q?"]
# Integer-like keys: JavaScript objects list them first, in numeric order
NUMERIC_KEYS = ["0", "1", "2", "10", "01", "007"]

STRING_PIECES = [
    "hello", "world", "Ada", "Lovelace", " ", "  ", "\n", "\t", "\r\n",
    "&", "<", ">", '"', "'", "`", "=", "&amp;", "&lt;b&gt;", "<b>bold</b>",
    "a & b", "x=1", "it's", '"quoted"', "`code`", "<script>alert('x')</script>",
    "日本語", "中文", "한국어", "😀", "👩‍💻", "🇫🇷", "e\u0301", "n\u0303", "Å",
    "עברית", "العربية", "\u200b", "ß", "İ", "{", "}", "{{name}}", "\\", "/",
    "0", "false", "null", "-", ",", ".", "...", "…", "\u00a0",
]

SPECIAL_STRINGS = ["", " ", "0", "false", "true", "null", "undefined", "NaN",
                   "[object Object]", "{{title}}", "{{{x}}}", "&amp;", "\n"]

SPECIAL_NUMBERS = [
    0, 1, -1, 2, 10, 42, 100, -100, 1000000, 0.1, 0.2, 0.5, -0.5, 1.5, 3.14159,
    -0.0, 1e21, 1e-7, 1e-6, 1e20, 1.5e300, 2.5e-5, 123.456, 100.0, 1e16,
    123456789012, -2147483648, 4294967296, 9007199254740991, 0.30000000000000004,
    5e-324, 1.7976931348623157e308, 1e100,
]


def gen_string(rng):
    r = rng.random()
    if r < 0.15:
        return rng.choice(SPECIAL_STRINGS)
    if r < 0.2:
        # a longer paragraph
        return " ".join(rng.choice(STRING_PIECES[:4] + ["lorem", "ipsum", "dolor", "&", "<"])
                        for _ in range(rng.randint(10, 40)))
    return "".join(rng.choice(STRING_PIECES) for _ in range(rng.randint(1, 4)))


def gen_number(rng):
    r = rng.random()
    if r < 0.5:
        return rng.choice(SPECIAL_NUMBERS)
    if r < 0.75:
        return rng.randint(-1000, 100000)
    if r < 0.95:
        return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
    return rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)


def gen_key(rng):
    r = rng.random()
    if r < 0.82:
        return rng.choice(PLAIN_KEYS)
    if r < 0.94:
        return rng.choice(ODD_KEYS)
    return rng.choice(NUMERIC_KEYS)


def gen_object(rng, depth, size=None):
    obj = {}
    for _ in range(size if size is not None else rng.randint(1, 5)):
        obj[gen_key(rng)] = gen_value(rng, depth + 1)
    return obj


def gen_array(rng, depth):
    n = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
    r = rng.random()
    if r < 0.45 and depth < 3:
        # a list of records sharing their keys, like rows
        keys = [gen_key(rng) for _ in range(rng.randint(1, 4))]
        return [{k: gen_value(rng, depth + 2) for k in keys if rng.random() < 0.9} for _ in range(n)]
    if r < 0.8:
        make = rng.choice([gen_string, gen_number])
        return [make(rng) for _ in range(n)]
    return [gen_value(rng, depth + 1) for _ in range(n)]


def gen_value(rng, depth=0):
    nested = depth < 3
    kinds = ["string"] * 30 + ["number"] * 15 + ["bool"] * 8 + ["null"] * 5 + \
            ["empty-array"] * 2 + ["empty-object"] * 2
    if nested:
        kinds += ["array"] * 14 + ["object"] * 14
    kind = rng.choice(kinds)
    if kind == "string":
        return gen_string(rng)
    if kind == "number":
        return gen_number(rng)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "empty-array":
        return []
    if kind == "empty-object":
        return {}
    if kind == "array":
        return gen_array(rng, depth)
    return gen_object(rng, depth)


def gen_data(rng):
    data = gen_object(rng, 0, rng.randint(4, 9))
    # Most templates want something to iterate and something to enter
    if rng.random() < 0.8:
        data[rng.choice(["items", "list", "tags", "rows"])] = gen_array(rng, 1)
    if rng.random() < 0.6:
        data[rng.choice(["user", "meta", "obj"])] = gen_object(rng, 1, rng.randint(1, 5))
    return data

# ----------------------------------------------------------- templates ----

# A Handlebars ID: anything but whitespace and !"#%&'()*+,./;<=>@[\]^`{|}~
ID_RE = re.compile(r'^[^\s!"#%-,./;->@\[-\^`{-~]+$')
LITERAL_RE = re.compile(r'^(-?[0-9]+(\.[0-9]+)?|true|false|null|undefined|else|as)$')


def fmt_segment(rng, key):
    """A path segment naming KEY: bare when Handlebars allows, else [key]."""
    if ID_RE.match(key) and not LITERAL_RE.match(key) and rng.random() < 0.92:
        return key
    return "[" + key + "]"


class Frame:
    """A context a path can reach: the value there and what the block gives."""

    def __init__(self, value, each=None, params=None):
        self.value = value
        self.each = each      # None, "array" or "object" inside #each
        self.params = params or {}  # block parameters: {{#each x as |item i|}}


class TemplateGen:
    def __init__(self, rng, data):
        self.rng = rng
        self.data = data
        self.features = set()
        self.max_depth = rng.choice([2, 3, 3, 4, 4, 5])

    # -- small pieces

    def chance(self, p):
        return self.rng.random() < p

    def text(self):
        rng = self.rng
        pieces = ["Hi ", "Dear ", ": ", ", ", ".", " and ", "\n", "\n\n", "  ", "\t", "\r\n",
                  "- ", "* ", "# Title\n", "<p>", "</p>", "&", "&amp;", '"', "'", "`", "=",
                  "a < b > c", "日本語 ", "😀", "e\u0301", "—", "}} ", "} {", "x }", " { y",
                  "Name", "Total", "(", ")", "[", "]", "|", "!", "@", "~", "\\ ", "/"]
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        if "}}" in t:
            self.features.add("text-stray-close")
        if any(c in t for c in "&<>\"'`="):
            self.features.add("text-html")
        # never an accidental tag: no "{{", no "{" right before a tag, no
        # "}" right after one (a stray "}}}" is not text), no "\" before a tag
        t = t.replace("{{", "{ {")
        if t.endswith(("{", "\\")):
            t += "."
        if t.startswith("}"):
            t = "." + t
        return t

    def ws(self):
        return " " if self.chance(0.15) else ""

    def tag(self, inner, opener="{{", closer="}}"):
        """A tag with optional whitespace control on either side."""
        left = "~" if self.chance(0.1) else ""
        right = "~" if self.chance(0.1) else ""
        if left or right:
            self.features.add("tilde")
        return opener + left + inner + right + closer

    # -- paths

    def candidates(self, frames, want):
        """(path text, value or MISSING) pairs reachable from the innermost frame."""
        out = []
        cur = frames[-1]

        def add(text, value, feature=None):
            out.append((text, value, feature))

        def keys_of(value):
            return list(value.items()) if isinstance(value, dict) else []

        for frame in frames:
            for name, v in frame.params.items():
                add(name, v, "block-params")
                for k2, v2 in keys_of(v):
                    add(name + "." + fmt_segment(self.rng, k2), v2, "block-params")
        for k, v in keys_of(cur.value):
            seg = fmt_segment(self.rng, k)
            r = self.rng.random()
            if r < 0.08:
                add("this." + seg, v, "path-this")
            elif r < 0.12:
                add("./" + seg, v, "path-this")
            elif r < 0.15:
                add("this/" + seg, v, "path-this")
            else:
                add(seg, v, "segment-literal" if seg.startswith("[") else None)
            for k2, v2 in keys_of(v):
                add(seg + "." + fmt_segment(self.rng, k2), v2, "path-dotted")
            if isinstance(v, list) and v:
                i = self.rng.randrange(len(v))
                add(seg + ".[" + str(i) + "]", v[i], "path-index")
                if self.chance(0.15):
                    add(seg + ".length", len(v), "js-length")
            if isinstance(v, str) and v and self.chance(0.05):
                add(seg + ".length", None, "js-length")
        add(self.rng.choice(["this", ".", "this"]) if want != "array-or-object" else "this",
            cur.value, "path-this")
        if len(frames) >= 2:
            for k, v in keys_of(frames[-2].value):
                add("../" + fmt_segment(self.rng, k), v, "path-parent")
            add("..", frames[-2].value, "path-parent")
        if len(frames) >= 3:
            for k, v in keys_of(frames[-3].value):
                add("../../" + fmt_segment(self.rng, k), v, "path-parent")
        for k, v in keys_of(frames[0].value):
            if self.chance(0.3):
                add("@root." + fmt_segment(self.rng, k), v, "path-root")
        if cur.each and want is None:
            add("@index", 0, "each-data")
            add("@first", True, "each-data")
            add("@last", True, "each-data")
            add("@key", "k", "each-data")
            if len(frames) >= 2 and frames[-2].each:
                add("@../index", 0, "each-data")
                add("@../key", "k", "each-data")
        return out

    def path(self, frames, want=None):
        """A path; WANT: None (anything), "array", "object", "array-or-object"."""
        rng = self.rng
        if self.chance(0.1):
            self.features.add("missing")
            keys = [k for k, _ in frames[-1].value.items()] if isinstance(frames[-1].value, dict) else []
            return rng.choice(["missing", "nope.deep.er", "none.x", "../missing", "@root.nope",
                               "@missing", "[not there]"] +
                              [fmt_segment(rng, k) + ".nope" for k in keys[:2]]), None
        cands = self.candidates(frames, want)

        def fits(v):
            if want == "array":
                return isinstance(v, list)
            if want == "object":
                return isinstance(v, dict)
            if want == "array-or-object":
                return isinstance(v, (list, dict))
            return True

        good = [c for c in cands if fits(c[1])]
        # mostly what the block wants; sometimes anything at all
        pool = good if good and rng.random() < 0.85 else cands
        text, value, feature = rng.choice(pool)
        if feature:
            self.features.add(feature)
        if value is None:
            self.features.add("null")
        elif value == [] or value == {}:
            self.features.add("empty")
        return text, value

    # -- nodes

    def mustache(self, frames):
        rng = self.rng
        p, _ = self.path(frames)
        sp = self.ws()
        r = rng.random()
        if r < 0.6:
            self.features.add("mustache")
            return self.tag(sp + p + sp)
        if r < 0.85:
            self.features.add("triple")
            return self.tag("{" + sp + p + sp + "}")
        self.features.add("ampersand")
        return self.tag("&" + sp + p + sp)

    def lookup(self, frames):
        rng = self.rng
        self.features.add("lookup")
        obj, value = self.path(frames, "array-or-object")
        if isinstance(value, dict) and value and rng.random() < 0.6:
            key = json.dumps(rng.choice(list(value)), ensure_ascii=False)
        elif isinstance(value, list) and value and rng.random() < 0.6:
            key = str(rng.randrange(len(value) + 1))
        elif frames[-1].each and rng.random() < 0.5:
            key = rng.choice(["@index", "@key"])
        else:
            key, _ = self.path(frames)
        body = "lookup " + obj + " " + key
        return self.tag("{" + body + "}") if rng.random() < 0.3 else self.tag(body)

    def comment(self):
        rng = self.rng
        self.features.add("comment")
        words = rng.choice(["note", "TODO: <b> & \"x\"", "日本 😀", "multi\nline", " ", ""])
        if rng.random() < 0.5:
            return self.tag("!" + words)
        self.features.add("comment-long")
        return self.tag("!--" + words + rng.choice(["", " {{x}} ", " }} "]) + "--")

    def standalone_wrap(self, tag):
        """TAG alone on its line: a line break before, indentation, a line break after."""
        rng = self.rng
        indent = rng.choice(["", "  ", "\t", " \t ", "    "])
        after = rng.choice(["", "  ", "\t"]) if rng.random() < 0.2 else ""
        nl = "\r\n" if rng.random() < 0.2 else "\n"
        if nl == "\r\n":
            self.features.add("crlf")
        return nl + indent + tag + after + nl

    def maybe_subexpr(self, frames, path):
        """PATH, or now and then a (lookup …) subexpression instead."""
        if self.rng.random() >= 0.05:
            return path
        self.features.add("subexpression")
        obj, value = self.path(frames, "object")
        if isinstance(value, dict) and value:
            key = json.dumps(self.rng.choice(list(value)), ensure_ascii=False)
        else:
            key, _ = self.path(frames)
        return "(lookup " + obj + " " + key + ")"

    def cond(self, frames):
        rng = self.rng
        r = rng.random()
        if r < 0.07:
            self.features.add("literal-arg")
            return rng.choice(["true", "false", "0", "1", "null", "undefined", '""', '"x"', "-1"])
        p, _ = self.path(frames)
        p = self.maybe_subexpr(frames, p)
        if rng.random() < 0.12:
            self.features.add("include-zero")
            p += rng.choice([" includeZero=true", " includeZero=true", " includeZero=false"])
        return p

    def block(self, frames, depth):
        rng = self.rng
        alone = rng.random() < 0.3
        if alone:
            self.features.add("standalone")

        def t(inner):
            tg = self.tag(inner)
            return self.standalone_wrap(tg) if alone else tg

        def body(fr):
            return self.nodes(fr, depth + 1)

        kind = rng.choices(["if", "unless", "each", "with", "section", "inverted"],
                           weights=[26, 8, 28, 10, 12, 6])[0]
        sp = " " if rng.random() < 0.05 else ""
        if kind in ("if", "unless"):
            self.features.add(kind)
            out = t("#" + sp + kind + " " + self.cond(frames)) + body(frames)
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                self.features.add("else-chain")
                helper = "if" if rng.random() < 0.8 else "unless"
                out += t("else " + helper + " " + self.cond(frames)) + body(frames)
            if rng.random() < 0.5:
                self.features.add("else")
                if rng.random() < 0.06:
                    self.features.add("caret-else")
                    out += t("^") + body(frames)
                else:
                    out += t("else") + body(frames)
            return out + t("/" + sp + kind)

        if kind == "each":
            self.features.add("each")
            r = rng.random()
            want = "array" if r < 0.7 else "object" if r < 0.88 else None
            p, value = self.path(frames, want)
            if isinstance(value, dict):
                self.features.add("each-object")
                if any(k.isdigit() for k in value):
                    self.features.add("each-numeric-keys")
                inner = Frame(rng.choice(list(value.values())) if value else None, "object")
            elif isinstance(value, list):
                self.features.add("each-array")
                inner = Frame(rng.choice(value) if value else None, "array")
            else:
                self.features.add("each-other")
                inner = Frame(None, "array")
            params = ""
            if rng.random() < 0.08:
                # beyond the list, but Hone supports them too
                self.features.add("block-params")
                names = rng.choice([["item"], ["item", "i"], ["row", "key"]])
                inner.params = dict(zip(names, [inner.value, 0]))
                params = " as |" + " ".join(names) + "|"
            out = t("#each " + self.maybe_subexpr(frames, p) + params) + body(frames + [inner])
            if rng.random() < 0.4:
                self.features.add("else")
                out += t("else") + body(frames)
            return out + t("/each")

        if kind == "with":
            self.features.add("with")
            p, value = self.path(frames, "object" if rng.random() < 0.8 else None)
            out = t("#with " + self.maybe_subexpr(frames, p)) + body(frames + [Frame(value)])
            if rng.random() < 0.3:
                self.features.add("else")
                out += t("else") + body(frames)
            return out + t("/with")

        p, value = self.path(frames)
        if kind == "section":
            self.features.add("section")
            if isinstance(value, list):
                inner = Frame(rng.choice(value) if value else None, "array")
            elif value is True:
                inner = frames[-1]
            else:
                inner = Frame(value)
            out = t("#" + p) + body(frames + [inner])
            if rng.random() < 0.2:
                self.features.add("else")
                out += t("else") + body(frames)
            return out + t("/" + p)

        self.features.add("inverted")
        out = t("^" + p) + body(frames)
        if rng.random() < 0.15:
            self.features.add("else")
            out += t("else") + body(frames)
        return out + t("/" + p)

    def node(self, frames, depth):
        rng = self.rng
        kinds = ["text", "mustache", "comment", "lookup"]
        weights = [30, 34, 4, 4]
        if depth < self.max_depth:
            kinds.append("block")
            weights.append(34 if depth < 2 else 18)
        kind = rng.choices(kinds, weights=weights)[0]
        if kind == "text":
            if rng.random() < 0.02:
                # an escaped tag is text: \{{name}} writes {{name}}
                self.features.add("escaped-mustache")
                return rng.choice(["\\{{name}}", " \\{{#if x}} ", "a\\{{{x}}}"])
            return self.text()
        if kind == "mustache":
            return self.mustache(frames)
        if kind == "lookup":
            return self.lookup(frames)
        if kind == "comment":
            c = self.comment()
            if rng.random() < 0.3:
                self.features.add("standalone")
                return self.standalone_wrap(c)
            return c
        self.features.add("depth-%d" % (depth + 1))
        return self.block(frames, depth)

    def nodes(self, frames, depth):
        n = self.rng.choice([0, 1, 1, 2, 2, 3, 3]) if depth else self.rng.randint(1, 6)
        return "".join(self.node(frames, depth) for _ in range(n))

    def template(self):
        return self.nodes([Frame(self.data)], 0)

# -------------------------------------------------------------- damage ----

BLOCK_OPEN_RE = re.compile(r"\{\{~?#\s*([^\s}~]+)([^}]*?)~?\}\}")
CLOSE_RE = re.compile(r"\{\{~?/\s*([^}~]*?)\s*~?\}\}")


def damage(rng, template, features):
    """TEMPLATE broken in one of the ways people break templates."""
    features.add("broken")
    closes = list(CLOSE_RE.finditer(template))
    opens = list(BLOCK_OPEN_RE.finditer(template))
    # somewhere between tags: the start, the end, or right after a "}}"
    at = rng.choice([0, len(template)] + [m.end() for m in re.finditer(r"\}\}", template)])
    insert = lambda s: template[:at] + s + template[at:]
    ways = ["unclosed-tag", "stray-close", "stray-else", "unclosed-comment",
            "triple-mismatch", "if-no-arg", "each-two-args", "unknown-helper",
            "invalid-path", "empty-tag", "partial", "stray-braces", "with-no-arg",
            "lookup-no-arg", "double-else"]
    if closes:
        ways += ["drop-close", "drop-close", "rename-close", "rename-close"]
    if opens:
        ways += ["if-no-arg-in-block"]
    way = rng.choice(ways)
    features.add("broken-" + way)
    if way == "drop-close":
        m = rng.choice(closes)
        return template[:m.start()] + template[m.end():]
    if way == "rename-close":
        m = rng.choice(closes)
        name = rng.choice(["if", "each", "with", "unless", "x", "items"])
        return template[:m.start()] + "{{/" + name + "}}" + template[m.end():]
    if way == "unclosed-tag":
        return template + rng.choice(["{{", "{{name", "{{#if x", "{{{x}}", "{{/if", "{{!", "{{x}"])
    if way == "stray-close":
        return insert(rng.choice(["{{/if}}", "{{/each}}", "{{/name}}"]))
    if way == "stray-else":
        return insert(rng.choice(["{{else}}", "{{else if x}}", "{{^}}"]))
    if way == "unclosed-comment":
        return insert(rng.choice(["{{!-- never closed", "{{! never closed", "{{!-- x }}"]))
    if way == "triple-mismatch":
        return insert(rng.choice(["{{{name}}", "{{name}}}", "{{{name}"]))
    if way == "if-no-arg":
        return insert(rng.choice(["{{#if}}x{{/if}}", "{{#unless}}x{{/unless}}",
                                  "{{#if a b}}x{{/if}}", "{{#if n}}y{{else if}}z{{/if}}"]))
    if way == "if-no-arg-in-block":
        # only fails when the block runs: Hone must fail exactly when it does
        m = rng.choice(opens)
        return template[:m.end()] + "{{#if}}x{{/if}}" + template[m.end():]
    if way == "each-two-args":
        return insert(rng.choice(["{{#each items tags}}x{{/each}}", "{{#each}}x{{/each}}"]))
    if way == "with-no-arg":
        return insert("{{#with}}x{{/with}}")
    if way == "lookup-no-arg":
        return insert(rng.choice(["{{lookup}}", "{{lookup name}}"]))
    if way == "unknown-helper":
        return insert(rng.choice(["{{name title}}", "{{missing x}}", "{{shout name}}",
                                  "{{name x=1}}", "{{#missing x}}y{{/missing}}"]))
    if way == "invalid-path":
        return insert(rng.choice(["{{a/../b}}", "{{this/../x}}", "{{a.this}}", "{{x.0}}", "{{..x}}"]))
    if way == "empty-tag":
        return insert(rng.choice(["{{}}", "{{#}}", "{{/}}", "{{ }}", "{{#if x}}{{/}}"]))
    if way == "partial":
        return insert(rng.choice(["{{> partial}}", "{{>name}}"]))
    if way == "stray-braces":
        # not errors at all: text
        return insert(rng.choice([" }} ", "}", " {", "} }}"]))
    # double-else
    return insert("{{#if x}}a{{else}}b{{else}}c{{/if}}")

# ---------------------------------------------------------------- main ----


def gen_case(seed, case_id, broken_rate=1 / 16):
    rng = random.Random("%s:%d" % (seed, case_id))
    data = gen_data(rng)
    gen = TemplateGen(rng, data)
    template = gen.template()
    if rng.random() < broken_rate:
        template = damage(rng, template, gen.features)
    return {"id": case_id, "template": template, "data": data, "features": sorted(gen.features)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="hone", help="seed (any text); default: hone")
    ap.add_argument("--count", type=int, default=10000, help="number of cases (default 10000)")
    ap.add_argument("--first", type=int, default=0, help="id of the first case")
    ap.add_argument("--out", help="output file (default: stdout)")
    args = ap.parse_args()
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    for i in range(args.first, args.first + args.count):
        out.write(json.dumps(gen_case(args.seed, i), ensure_ascii=False, allow_nan=False) + "\n")
    if args.out:
        out.close()


if __name__ == "__main__":
    main()
