#!/usr/bin/env python3
# convert-hf.py: a Hugging Face byte-level BPE tokenizer.json as a rank file
#
#   python3 convert-hf.py TOKENIZER_JSON OUT.tiktoken [--check-all]
#
# Writes one line per mergeable token, `<base64 of the token's bytes> <id>`,
# ids 0, 1, 2… in order: the format hone-bpe.c reads for OpenAI's encodings.
# The ids are the tokenizer.json's own vocabulary ids, so Hone's token ids are
# the ones Hugging Face's tokenizer gives. Then prints the added (special)
# tokens, for hone-tokenizer.c, and the sha256 of what it wrote.
#
# Hone merges as tiktoken does: the adjacent pair whose concatenation is the
# token with the lowest id, and a piece that is itself a token is that token.
# Hugging Face merges the pair that comes first in the `merges` list. These
# agree when the vocabulary was built merge by merge, which this script checks
# and refuses to write the file otherwise:
#   - the ids are 0 … n-1, the first 256 are the single bytes, and merge i
#     makes the token with id 256 + i (so the lowest id is the first merge);
#   - every token, encoded from its bytes with the merges, is itself (so
#     taking a whole piece that is a token gives the same result);
#   - encoding the bytes of every token with both rules gives the same tokens
#     when the token itself is removed (a different split of the same bytes),
#     with --check-all (about 10 s more).
#
# Used once, for qwen2 (see README.md); kept so that the conversion can be
# checked and redone. Python's standard library only.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import hashlib
import json
import sys


def bytes_to_unicode():
    """GPT-2's map from bytes to the printable characters that stand for them
    in a byte-level vocabulary"""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
          + list(range(ord("®"), ord("ÿ") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def fail(message):
    sys.stderr.write("convert-hf.py: " + message + "\n")
    sys.exit(1)


def merge_hf(parts, merge_rank):
    """Hugging Face's BPE: merge the pair that is first in the merges list,
    the leftmost of equal ones, until none is left"""
    parts = list(parts)
    while len(parts) > 1:
        best = None
        for i in range(len(parts) - 1):
            r = merge_rank.get((parts[i], parts[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            break
        i = best[1]
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


def merge_tiktoken(parts, rank, skip=None):
    """tiktoken's BPE: merge the pair whose concatenation is the token of
    lowest rank, the leftmost of equal ones (@skip: a token left out)"""
    parts = list(parts)
    while len(parts) > 1:
        best = None
        for i in range(len(parts) - 1):
            joined = parts[i] + parts[i + 1]
            r = rank.get(joined)
            if r is not None and joined != skip and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            break
        i = best[1]
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check_all = "--check-all" in sys.argv[1:]
    if len(args) != 2:
        fail("usage: convert-hf.py TOKENIZER_JSON OUT.tiktoken [--check-all]")

    with open(args[0], "rb") as f:
        source = f.read()
    tokenizer = json.loads(source)
    model = tokenizer["model"]

    if model.get("type") != "BPE":
        fail("not a BPE model")
    if model.get("ignore_merges"):
        fail("ignore_merges is set: this script assumes the merges decide")
    if model.get("continuing_subword_prefix") or model.get("end_of_word_suffix"):
        fail("subword prefixes or suffixes are not byte-level BPE")
    if model.get("byte_fallback"):
        fail("byte_fallback is not byte-level BPE")

    byte_char = bytes_to_unicode()
    char_byte = {c: b for b, c in byte_char.items()}

    vocab = model["vocab"]
    n = len(vocab)
    by_id = [None] * n
    for text, i in vocab.items():
        if not 0 <= i < n or by_id[i] is not None:
            fail("vocabulary ids are not 0 … %d once each (id %d)" % (n - 1, i))
        try:
            by_id[i] = bytes(char_byte[c] for c in text)
        except KeyError:
            fail("token %d (%r) is not byte-level" % (i, text))

    rank = {b: i for i, b in enumerate(by_id)}
    if len(rank) != n:
        fail("two tokens have the same bytes")
    for b in range(256):
        if rank.get(bytes([b]), 256) >= 256:
            fail("byte %d is not among the first 256 tokens" % b)

    merges = model["merges"]
    merge_rank = {}
    for i, m in enumerate(merges):
        a, b = m if isinstance(m, list) else m.split(" ")
        a = bytes(char_byte[c] for c in a)
        b = bytes(char_byte[c] for c in b)
        if rank.get(a + b) != 256 + i:
            fail("merge %d does not make token %d" % (i, 256 + i))
        merge_rank[(a, b)] = i
    if 256 + len(merges) != n:
        fail("%d tokens but %d merges" % (n, len(merges)))

    # Every token is what the merges make of its bytes
    bad = 0
    differ = 0
    for i in range(256, n):
        token = by_id[i]
        singles = [bytes([b]) for b in token]
        if merge_hf(singles, merge_rank) != [token]:
            bad += 1
            if bad <= 10:
                sys.stderr.write("token %d %r: the merges make %r\n"
                                 % (i, token, merge_hf(singles, merge_rank)))
        if check_all:
            # Without the token itself, both rules split its bytes alike
            tt = merge_tiktoken(singles, rank, skip=token)
            hf = merge_hf_without(singles, merge_rank, token)
            if tt != hf:
                differ += 1
                if differ <= 10:
                    sys.stderr.write("token %d %r without itself: tiktoken %r, merges %r\n"
                                     % (i, token, tt, hf))
    if bad:
        fail("%d tokens are not what the merges make of their bytes" % bad)
    if differ:
        fail("%d tokens' bytes split differently by rank and by merges" % differ)

    with open(args[1], "wb") as out:
        for i, token in enumerate(by_id):
            out.write(base64.b64encode(token) + b" %d\n" % i)

    with open(args[1], "rb") as f:
        written = hashlib.sha256(f.read()).hexdigest()

    print("source sha256 %s" % hashlib.sha256(source).hexdigest())
    print("%d mergeable tokens, %d merges: checked%s" %
          (n, len(merges), " (all splits)" if check_all else ""))
    print("normalizer %s" % json.dumps(tokenizer.get("normalizer")))
    print("pre_tokenizer %s" % json.dumps(tokenizer.get("pre_tokenizer")))
    print("added tokens:")
    for added in tokenizer.get("added_tokens", []):
        print('  { "%s", %d },%s' % (added["content"], added["id"],
                                     "" if added.get("special") else " /* not special */"))
    print("%s  %s" % (written, args[1].rsplit("/", 1)[-1]))


def merge_hf_without(parts, merge_rank, token):
    """merge_hf() with the merges that make @token left out"""
    parts = list(parts)
    while len(parts) > 1:
        best = None
        for i in range(len(parts) - 1):
            if parts[i] + parts[i + 1] == token:
                continue
            r = merge_rank.get((parts[i], parts[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            break
        i = best[1]
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


if __name__ == "__main__":
    main()
