// tiktoken-oracle.cjs: token counts of JSON lines by tiktoken (npm, the WASM
// build of OpenAI's Rust tokenizer), the reference Hone must match.
//
//   node tiktoken-oracle.cjs MODULES_DIR ENCODING [ENCODING…] < corpus.jsonl
//
// MODULES_DIR holds node_modules/tiktoken (tiktoken@1.0.22). For each line
// {"text": "…"} of standard input prints, per encoding, the number of tokens
// and a 32-bit FNV-1a hash of the token ids, as tiktoken's encode_ordinary()
// gives them (special tokens' text counted as text):
//
//   COUNT HASH [COUNT HASH…]
//
// Then a last line "# seconds S" with the time spent encoding.
//
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";

const fs = require("fs");
const path = require("path");

const [modulesDir, ...encodingNames] = process.argv.slice(2);
if (!modulesDir || encodingNames.length === 0) {
  process.stderr.write("usage: node tiktoken-oracle.cjs MODULES_DIR ENCODING… < corpus.jsonl\n");
  process.exit(2);
}

const { get_encoding } = require(path.join(modulesDir, "node_modules", "tiktoken"));
const encodings = encodingNames.map((name) => get_encoding(name));

function fnv1a(ids) {
  let h = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    h = Math.imul(h ^ ids[i], 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const out = [];
let seconds = 0;
for (const line of lines) {
  if (line === "") continue;
  const text = JSON.parse(line).text;
  const fields = [];
  for (const enc of encodings) {
    const start = process.hrtime.bigint();
    const ids = enc.encode_ordinary(text);
    seconds += Number(process.hrtime.bigint() - start) / 1e9;
    fields.push(ids.length, fnv1a(ids));
  }
  out.push(fields.join(" "));
}
out.push("# seconds " + seconds.toFixed(3));
process.stdout.write(out.join("\n") + "\n");
for (const enc of encodings) enc.free();
