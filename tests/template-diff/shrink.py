"""shrink.py: makes a case that shows a difference as small as it can.

Used by run-diff.py when Hone and handlebars.js disagree. A random case can
be hundreds of characters of template and data; the shrinker removes parts
of both (a tag, a whole block, the tags around a block, a run of tokens, a
data member, an array item, half of a string...) for as long as the smaller
case still differs in the same way ("outputs differ" stays "outputs
differ"). Each round tries every smaller candidate of every case at once, in
one run of each renderer, and keeps the smallest that still differs.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import json
import re
import time

TOKEN_RE = re.compile(r"\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?\{[\s\S]*?\}~?\}\}|\{\{[\s\S]*?\}\}")
OPEN_RE = re.compile(r"^\{\{~?\s*[#^]")
CLOSE_RE = re.compile(r"^\{\{~?\s*/")


def tokens(template):
    """The template as tags and the text between them."""
    out, at = [], 0
    for m in TOKEN_RE.finditer(template):
        if m.start() > at:
            out.append(template[at:m.start()])
        out.append(m.group(0))
        at = m.end()
    if at < len(template):
        out.append(template[at:])
    return out


def blocks(toks):
    """(open, close) token indexes of every block."""
    stack, pairs = [], []
    for i, t in enumerate(toks):
        if OPEN_RE.match(t) and not t.startswith("{{^}}") and t not in ("{{^}}", "{{~^}}", "{{^~}}", "{{~^~}}"):
            stack.append(i)
        elif CLOSE_RE.match(t) and stack:
            pairs.append((stack.pop(), i))
    return pairs


def template_candidates(template):
    toks = tokens(template)
    n = len(toks)
    seen = set()

    def emit(parts):
        t = "".join(parts)
        if t != template and t not in seen:
            seen.add(t)
            yield t

    for size in (n // 2, n // 4, n // 8):
        if size >= 2:
            for start in range(0, n, size):
                yield from emit(toks[:start] + toks[start + size:])
    for a, b in blocks(toks):
        yield from emit(toks[:a] + toks[b + 1:])
        yield from emit(toks[:a] + toks[a + 1:b] + toks[b + 1:])
        if b > a + 1:
            yield from emit(toks[:a + 1] + toks[b:])
    for i, t in enumerate(toks):
        yield from emit(toks[:i] + toks[i + 1:])
        if not t.startswith("{{") and len(t) > 1:
            yield from emit(toks[:i] + [t[:len(t) // 2]] + toks[i + 1:])
            yield from emit(toks[:i] + [t[len(t) // 2:]] + toks[i + 1:])
            yield from emit(toks[:i] + [t[0]] + toks[i + 1:])


def data_candidates(data):
    """Smaller versions of DATA: one change each."""
    def walk(value):
        if isinstance(value, dict):
            for k in list(value):
                yield {x: y for x, y in value.items() if x != k}
                for smaller in walk(value[k]):
                    yield {x: (smaller if x == k else y) for x, y in value.items()}
        elif isinstance(value, list):
            for i in range(len(value)):
                yield value[:i] + value[i + 1:]
                for smaller in walk(value[i]):
                    yield value[:i] + [smaller] + value[i + 1:]
        elif isinstance(value, str) and len(value) > 1:
            yield value[:len(value) // 2]
            yield value[len(value) // 2:]
            yield value[0]
            if len(value) <= 8:
                for i in range(len(value)):
                    yield value[:i] + value[i + 1:]
        if isinstance(value, (dict, list)) and value:
            yield None
    return walk(data)


def size(template, data):
    return len(template) + len(json.dumps(data, ensure_ascii=False))


def shrink(items, render, verdict, budget_seconds=60, max_candidates=400):
    """Shrinks each item in place: item has template, data, escape, why.

    RENDER(list of {template, data, escape}) -> list of (handlebars, hone)
    results; VERDICT(handlebars, hone) -> None or the kind of difference."""
    deadline = time.monotonic() + budget_seconds
    active = list(items)
    rounds = 0
    while active and time.monotonic() < deadline:
        rounds += 1
        batch, owners = [], []
        # crashes last, and fewer of them: each one costs a new process
        for item in sorted(active, key=lambda item: "crash" in item["why"]):
            cap = max_candidates // 4 if "crash" in item["why"] else max_candidates
            count = 0
            for t in template_candidates(item["template"]):
                batch.append({"template": t, "data": item["data"], "escape": item["escape"]})
                owners.append(item)
                count += 1
                if count >= cap:
                    break
            for d in data_candidates(item["data"]):
                if count >= 2 * cap:
                    break
                batch.append({"template": item["template"], "data": d, "escape": item["escape"]})
                owners.append(item)
                count += 1
        if not batch:
            break
        results = render(batch)
        best = {}
        for cand, owner, (h, o) in zip(batch, owners, results):
            if verdict(h, o) != owner["why"]:
                continue
            s = size(cand["template"], cand["data"])
            if s < size(owner["template"], owner["data"]) and (id(owner) not in best or s < best[id(owner)][0]):
                best[id(owner)] = (s, cand, h, o)
        still = []
        for item in active:
            if id(item) in best:
                _, cand, h, o = best[id(item)]
                item.update(template=cand["template"], data=cand["data"], handlebars=h, hone=o)
                still.append(item)
        active = still
    return rounds
