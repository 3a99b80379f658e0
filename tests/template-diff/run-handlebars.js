#!/usr/bin/env node
// run-handlebars.js: renders template cases with the real handlebars.js, the
// reference the differential test holds Hone to.
//
//   node run-handlebars.js HANDLEBARS_DIR IN.jsonl OUT.jsonl
//
// IN has one case a line, {"template", "data", "escape"}, as `hone-cli render
// --batch` reads them. OUT gets one line per case, in order: {"output": …}, or
// {"error": …, "phase": "parse" | "compile" | "render"} where the phase says
// whether handlebars refused the template itself (parse, compile) or failed
// while rendering this data (a helper that throws, a missing helper…).
//
// escape true is handlebars' default (HTML escaping); escape false is
// {noEscape: true}, the mode Hone uses for model messages.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const fs = require('fs');

const [hbsDir, inPath, outPath] = process.argv.slice(2);
if (!hbsDir || !inPath || !outPath) {
  console.error('usage: node run-handlebars.js HANDLEBARS_DIR IN.jsonl OUT.jsonl');
  process.exit(2);
}

const Handlebars = require(hbsDir);
// Handlebars warns on the console when a template reads a prototype
// property (e.g. {{constructor}}); the result is what counts
Handlebars.logger.level = 'silent';
Handlebars.log = () => {};

function firstLine(e) {
  return String((e && e.message) || e).split('\n')[0];
}

const lines = fs.readFileSync(inPath, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '')
    continue;
  const c = JSON.parse(line);
  const options = c.escape ? {} : { noEscape: true };
  let result;
  try {
    result = { output: Handlebars.compile(c.template, options)(c.data) };
  } catch (e) {
    // compile() parses on first use: find out which step failed
    result = { error: firstLine(e), phase: 'render' };
    try {
      Handlebars.parse(c.template);
      try {
        Handlebars.precompile(c.template, options);
      } catch (e2) {
        result = { error: firstLine(e2), phase: 'compile' };
      }
    } catch (e2) {
      result = { error: firstLine(e2), phase: 'parse' };
    }
  }
  out.push(JSON.stringify(result));
}
fs.writeFileSync(outPath, out.join('\n') + '\n');
