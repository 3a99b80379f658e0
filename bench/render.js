#!/usr/bin/env node
// bench/render.js: handlebars.js over the same rows as bench/render (the
// baseline of bench/render.sh)
//
//   node bench/render.js HANDLEBARS_DIR FILE TEMPLATES.json [RUNS] [--escape]
//
// Compiles the system, user and assistant templates with Handlebars.compile
// ({noEscape: true}, like Hone's model messages; without it with --escape),
// parses every row of FILE, renders every row through the three templates
// once to warm up (handlebars compiles on first use, V8 optimises hot code)
// and then RUNS times (3), timing only those render loops; then renders once
// more, untimed, to hash the output (SHA-256 over each message's UTF-8
// followed by a NUL), as bench/render does. Prints the same "key value" lines.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const crypto = require('crypto');
const fs = require('fs');

const args = process.argv.slice(2);
let escape = false;
if (args[args.length - 1] === '--escape') {
  escape = true;
  args.pop();
}
const [hbsDir, rowsPath, templatesPath, runsArg] = args;
if (!templatesPath) {
  console.error('usage: node bench/render.js HANDLEBARS_DIR FILE TEMPLATES.json [RUNS] [--escape]');
  process.exit(2);
}
const runs = Math.max(1, parseInt(runsArg || '3', 10));
const Handlebars = require(hbsDir);

const sources = JSON.parse(fs.readFileSync(templatesPath, 'utf8'));
const templates = ['system', 'user', 'assistant'].map(
  (role) => Handlebars.compile(sources[role], escape ? {} : { noEscape: true }));
const rows = fs.readFileSync(rowsPath, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

const times = [];
let chars = 0;
for (let run = 0; run <= runs; run++) {
  const start = process.hrtime.bigint();
  chars = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let t = 0; t < 3; t++)
      chars += templates[t](rows[i]).length;
  }
  if (run > 0)
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
}

const sum = crypto.createHash('sha256');
const nul = Buffer.from([0]);
let bytes = 0;
for (let i = 0; i < rows.length; i++) {
  for (let t = 0; t < 3; t++) {
    const b = Buffer.from(templates[t](rows[i]), 'utf8');
    bytes += b.length;
    sum.update(b);
    sum.update(nul);
  }
}

times.sort((a, b) => a - b);
const median = runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
console.log(`rows ${rows.length}`);
console.log(`messages ${rows.length * 3}`);
console.log(`runs ${runs}`);
console.log(`median_ms ${median.toFixed(1)}`);
console.log(`min_ms ${times[0].toFixed(1)}`);
console.log(`max_ms ${times[times.length - 1].toFixed(1)}`);
console.log(`bytes ${bytes}`);
console.log(`sha256 ${sum.digest('hex')}`);
