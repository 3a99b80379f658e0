// bench/tokens.js: tiktoken (npm, the WASM build of OpenAI's Rust tokenizer)
// counting the texts of a corpus, as bench/tokens.c does with Hone.
//
//   node tokens.js TIKTOKEN_DIR FILE.jsonl [RUNS]
//
// Reads every {"text": …} line into memory, then for cl100k_base and
// o200k_base: loads the encoding (timed), counts every text once to warm up
// and then RUNS times (3), timing only those loops: encode_ordinary(text)
// .length, one text at a time (tiktoken has no count-only call). Prints the
// same "key value" lines as bench/tokens.c (cpu_ms: process.cpuUsage(),
// user + system; first_ms: the warm-up pass).
//
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";

const fs = require("fs");

const [dir, file, runsArg] = process.argv.slice(2);
const runs = Math.max(1, parseInt(runsArg || "3", 10));
const { get_encoding } = require(dir);

const texts = fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).text);
let bytes = 0;
for (const t of texts) bytes += Buffer.byteLength(t, "utf8");
console.log(`texts ${texts.length}\nbytes ${bytes}\nruns ${runs}`);

for (const name of ["cl100k_base", "o200k_base"]) {
  let start = process.hrtime.bigint();
  const enc = get_encoding(name);
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
  const times = [];
  const cpuTimes = [];
  let tokens = 0;
  let firstMs = 0;

  for (let run = 0; run <= runs; run++) {
    let total = 0;
    const cpuStart = process.cpuUsage();
    start = process.hrtime.bigint();
    for (const t of texts) total += enc.encode_ordinary(t).length;
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
  console.log(`${name}.load_ms ${loadMs.toFixed(1)}\n${name}.tokens ${tokens}\n${name}.median_ms ${times[runs >> 1].toFixed(1)}\n` +
              `${name}.min_ms ${times[0].toFixed(1)}\n${name}.max_ms ${times[runs - 1].toFixed(1)}\n` +
              `${name}.cpu_ms ${cpuTimes[runs >> 1].toFixed(1)}\n${name}.first_ms ${firstMs.toFixed(1)}`);
  enc.free();
}
