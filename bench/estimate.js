#!/usr/bin/env node
// bench/estimate.js: the baseline of bench/estimate.sh, and its data
//
//   node bench/estimate.js --generate ROWS FILE [SEED]
//       writes ROWS flat examples as JSON lines for `hone-cli import` (the
//       same arguments always give the same bytes): language, topic, product,
//       question, answer; questions and answers in eleven languages and
//       scripts, of very different lengths, some with code, numbers, emoji
//       and URLs; one row in 500 a copy of an earlier one; one row in 20,000
//       longer than any OpenAI model trains on (over 65,536 tokens).
//       Never U+FEFF nor U+0085: js-tiktoken splits text around those two
//       differently from OpenAI's tiktoken (JavaScript's \s holds U+FEFF,
//       and js-tiktoken's pattern treats U+0085 apart), so their totals
//       would not be comparable.
//
//   node bench/estimate.js JS_TIKTOKEN_DIR CHAT.jsonl MAX_EXAMPLE_TOKENS [ENCODING]
//       what people run today before a fine-tune on OpenAI: the OpenAI
//       Cookbook's "Data preparation and analysis for chat model
//       fine-tuning" notebook (cookbook.openai.com/examples/
//       chat_finetuning_data_prep), written again in JavaScript with
//       js-tiktoken (the pure-JavaScript port of tiktoken) and ENCODING
//       (o200k_base). It reads the chat JSON Lines file, runs the notebook's
//       format checks (not an object, no messages list, a message without
//       role or content, an unknown key, an unknown role, missing content, no
//       assistant message), counts each example's tokens the notebook's way
//       (num_tokens_from_messages: 3 per message, the tokens of every value —
//       role and content — and 3 for the reply's priming), its assistant
//       tokens, examples without a system or user message, exact duplicates
//       (not in the notebook; Hone reports them), the examples over
//       MAX_EXAMPLE_TOKENS, the notebook's epochs rule and the billed tokens
//       (epochs × Σ min(MAX_EXAMPLE_TOKENS, tokens)), and the notebook's
//       distributions (min, max, mean, median, p5, p95).
//       Each message is encoded once (the notebook encodes the assistant's
//       twice: for the total and for the assistant tokens); the baseline is
//       not slowed down on purpose.
//       Prints "key value" lines; load_ms, read_ms and analyse_ms say where
//       the time went (wall clock, inside the process).
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const fs = require('fs');

/* Generating ------------------------------------------------------------- */

// A small deterministic generator (xorshift32), so that every run and every
// machine imports the same rows
function makeRandom (seed) {
  let s = (seed >>> 0) || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),   // lo..hi
    pick: (list) => list[Math.floor(next() * list.length)],
    // lo..hi, most near lo: lengths of real texts have a long tail
    skewed: (lo, hi) => lo + Math.floor((hi - lo) * next() * next()),
  };
}

// Words of each language (spaced), or phrases (unspaced scripts)
const languages = [
  { name: 'English', weight: 36, spaced: true, stop: '.', comma: ',',
    words: 'the order arrived late and box was damaged could you please send a replacement before Friday my account is locked after I changed password twice we need an invoice for last month why does app crash when open settings page export to CSV stopped working since update refund has not reached card yet thank for your patience our team will check this today'.split(' ') },
  { name: 'German', weight: 8, spaced: true, stop: '.', comma: ',',
    words: 'die Bestellung kam zu spät und der Karton war beschädigt können Sie bitte einen Ersatz schicken mein Konto ist gesperrt nachdem ich das Passwort geändert habe wir brauchen eine Rechnung für den letzten Monat warum stürzt die App ab Größe Straße Übersicht Rückerstattung Kundennummer'.split(' ') },
  { name: 'French', weight: 8, spaced: true, stop: '.', comma: ',',
    words: 'la commande est arrivée en retard et le colis était abîmé pourriez-vous envoyer un remplacement mon compte est bloqué après avoir changé le mot de passe nous avons besoin d\'une facture pour le mois dernier pourquoi l\'application plante-t-elle à l\'ouverture des paramètres très élève déjà reçu'.split(' ') },
  { name: 'Spanish', weight: 8, spaced: true, stop: '.', comma: ',',
    words: 'el pedido llegó tarde y la caja estaba dañada podrían enviar un reemplazo mi cuenta está bloqueada después de cambiar la contraseña necesitamos una factura del mes pasado por qué la aplicación se cierra al abrir la configuración año señor niño ¿cómo ¡gracias'.split(' ') },
  { name: 'Portuguese', weight: 5, spaced: true, stop: '.', comma: ',',
    words: 'o pedido chegou atrasado e a caixa estava danificada podem enviar uma substituição minha conta está bloqueada depois que mudei a senha precisamos de uma fatura do mês passado por que o aplicativo fecha ao abrir as configurações não então atenção'.split(' ') },
  { name: 'Russian', weight: 7, spaced: true, stop: '.', comma: ',',
    words: 'заказ пришёл поздно и коробка была повреждена пожалуйста отправьте замену мой аккаунт заблокирован после смены пароля нам нужен счёт за прошлый месяц почему приложение закрывается при открытии настроек спасибо за терпение мы проверим сегодня'.split(' ') },
  { name: 'Japanese', weight: 7, spaced: false, stop: '。', comma: '、',
    words: '注文した 商品が 届くのが 遅れて 箱が 壊れていました 交換品を 送って いただけますか パスワードを 変更した 後で アカウントが ロック されました 先月の 請求書が 必要です 設定画面を 開くと アプリが 落ちます ご不便を おかけして 申し訳 ございません 本日中に 確認します'.split(' ') },
  { name: 'Chinese', weight: 7, spaced: false, stop: '。', comma: '，',
    words: '订单 到得 很晚 而且 箱子 已经 损坏 请 寄 一个 替换品 我的 账户 在 修改 密码 之后 被 锁定 我们 需要 上个月 的 发票 为什么 打开 设置 页面 时 应用 会 崩溃 感谢 您的 耐心 我们 今天 会 检查'.split(' ') },
  { name: 'Korean', weight: 5, spaced: true, stop: '.', comma: ',',
    words: '주문이 늦게 도착했고 상자가 파손되었습니다 교체품을 보내 주시겠어요 비밀번호를 변경한 후 계정이 잠겼습니다 지난달 청구서가 필요합니다 설정을 열면 앱이 종료됩니다 기다려 주셔서 감사합니다 오늘 확인하겠습니다'.split(' ') },
  { name: 'Arabic', weight: 5, spaced: true, stop: '.', comma: '،',
    words: 'وصل الطلب متأخرا وكان الصندوق تالفا هل يمكنكم إرسال بديل تم قفل حسابي بعد تغيير كلمة المرور نحتاج إلى فاتورة الشهر الماضي لماذا يتوقف التطبيق عند فتح الإعدادات شكرا لصبركم سنتحقق اليوم'.split(' ') },
  { name: 'Hindi', weight: 4, spaced: true, stop: '।', comma: ',',
    words: 'ऑर्डर देर से पहुंचा और डिब्बा टूटा हुआ था क्या आप बदले में दूसरा भेज सकते हैं पासवर्ड बदलने के बाद मेरा खाता बंद हो गया हमें पिछले महीने का बिल चाहिए सेटिंग्स खोलते ही ऐप बंद हो जाता है धन्यवाद हम आज जांच करेंगे'.split(' ') },
];
const totalWeight = languages.reduce((n, l) => n + l.weight, 0);
const english = languages[0];

const topics = ['billing', 'shipping', 'login', 'export', 'crash', 'refund', 'account', 'feature request'];
const products = ['Hone Cloud', 'Hone Desktop', 'Hone Mobile'];
const extras = [' 😀', ' 👍🏽', ' #4471', ' 2026-11-27', ' 14:05', ' 3.5%', ' €129,90', ' $1,299.00', ' (ref. A-88231)',
                ' https://example.com/help/export?id=42', ' user@example.com', ' v2.14.1', ' 🇫🇷', ' ✓'];
const code = [
  '```python\nimport csv\nwith open("orders.csv", newline="") as f:\n    for row in csv.DictReader(f):\n        print(row["id"], row["total"])\n```',
  '```js\nconst res = await fetch(`/api/orders/${id}`);\nif (!res.ok) throw new Error(res.statusText);\n```',
  '```sql\nSELECT id, total FROM orders WHERE created_at >= \'2026-10-01\' ORDER BY total DESC LIMIT 10;\n```',
  '```\n$ hone-cli export project.hone --format chat-jsonl -o train.jsonl\n```',
];

function pickLanguage (rand) {
  let r = rand.next() * totalWeight;
  for (const l of languages) {
    if ((r -= l.weight) < 0)
      return l;
  }
  return english;
}

// @n words of @lang in sentences of 4-16 words, sometimes a paragraph break
function text (rand, lang, n) {
  const parts = [];
  let sentence = 0;
  let limit = rand.int(4, 16);
  for (let i = 0; i < n; i++) {
    let w = rand.pick(lang.words);
    if (sentence === 0 && lang.spaced)
      w = w.charAt(0).toUpperCase() + w.slice(1);
    if (i > 0 && lang.spaced && sentence > 0)
      parts.push(' ');
    else if (i > 0 && lang.spaced && !parts[parts.length - 1].endsWith('\n'))
      parts.push(' ');
    parts.push(w);
    if (rand.next() < 0.02)
      parts.push(rand.pick(extras));
    sentence++;
    if (sentence === limit || i === n - 1) {
      parts.push(lang.stop);
      sentence = 0;
      limit = rand.int(4, 16);
      if (i < n - 1 && rand.next() < 0.15)
        parts.push(lang.spaced ? '\n\n' : '\n');
      else if (i < n - 1 && !lang.spaced && rand.next() < 0.5)
        parts.push(' ');
    } else if (rand.next() < 0.08) {
      parts.push(lang.comma);
    }
  }
  return parts.join('');
}

function generate (rows, path, seed) {
  const rand = makeRandom(seed);
  const recent = [];
  const out = fs.openSync(path, 'w');
  let buffer = [];

  for (let i = 0; i < rows; i++) {
    let line;
    if (recent.length > 0 && i % 500 === 250) {
      line = rand.pick(recent);   // a copy of an earlier example
    } else {
      const lang = pickLanguage(rand);
      const row = {
        language: lang.name,
        topic: rand.pick(topics),
        product: rand.pick(products),
        question: '',
        answer: '',
      };
      if (i % 20000 === 7777) {
        // longer than any OpenAI model trains on: a pasted log or manual
        row.question = text(rand, english, 70000);
      } else if (rand.next() < 0.01) {
        row.question = text(rand, lang, rand.int(1000, 4000));   // a long pasted document
      } else {
        row.question = text(rand, lang, rand.skewed(6, 250));
      }
      row.answer = text(rand, lang, rand.skewed(12, 320));
      if (rand.next() < 0.05)
        row.answer += '\n\n' + rand.pick(code);
      line = JSON.stringify(row);
      if (recent.length < 64)
        recent.push(line);
      else
        recent[rand.int(0, 63)] = line;
    }
    if (line.includes('\ufeff') || line.includes('\u0085'))
      throw new Error('U+FEFF or U+0085 in generated text: js-tiktoken would not count as tiktoken does');
    buffer.push(line);
    if (buffer.length === 1000) {
      fs.writeSync(out, buffer.join('\n') + '\n');
      buffer = [];
    }
  }
  if (buffer.length > 0)
    fs.writeSync(out, buffer.join('\n') + '\n');
  fs.closeSync(out);
}

/* Analysing: the cookbook's checks and counts ---------------------------- */

// The notebook's constants ("Cost Estimation")
const TARGET_EPOCHS = 3;
const MIN_TARGET_EXAMPLES = 100;
const MAX_TARGET_EXAMPLES = 25000;
const MIN_DEFAULT_EPOCHS = 1;
const MAX_DEFAULT_EPOCHS = 25;

function distribution (values) {
  if (values.length === 0)
    return { min: 0, max: 0, mean: 0, median: 0, p5: 0, p95: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const v of sorted)
    sum += v;
  return {
    min: sorted[0], max: sorted[sorted.length - 1], mean: sum / sorted.length,
    median: at(0.5), p5: at(0.05), p95: at(0.95),
  };
}

function analyse (dir, path, maxTokens, encodingName) {
  let start = process.hrtime.bigint();
  const { getEncoding } = require(dir);
  const encoding = getEncoding(encodingName);
  const count = (s) => encoding.encode(s).length;
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;

  start = process.hrtime.bigint();
  const lines = fs.readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const dataset = lines.map((l) => JSON.parse(l));
  const readMs = Number(process.hrtime.bigint() - start) / 1e6;

  start = process.hrtime.bigint();
  // Format error checks
  const errors = {};
  const fail = (kind) => { errors[kind] = (errors[kind] || 0) + 1; };
  const knownKeys = new Set(['role', 'content', 'name', 'function_call', 'weight']);
  const knownRoles = new Set(['system', 'user', 'assistant', 'function']);
  for (const ex of dataset) {
    if (typeof ex !== 'object' || ex === null || Array.isArray(ex)) {
      fail('data_type');
      continue;
    }
    const messages = ex.messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      fail('missing_messages_list');
      continue;
    }
    for (const message of messages) {
      if (!('role' in message) || !('content' in message))
        fail('message_missing_key');
      if (Object.keys(message).some((k) => !knownKeys.has(k)))
        fail('message_unrecognized_key');
      if (!knownRoles.has(message.role))
        fail('unrecognized_role');
      const content = message.content;
      if ((!content && !message.function_call) || typeof content !== 'string')
        fail('missing_content');
    }
    if (!messages.some((m) => m.role === 'assistant'))
      fail('example_missing_assistant_message');
  }

  // Warnings and token counts (num_tokens_from_messages: 3 per message, the
  // tokens of each value, 1 more for a name; 3 for the reply's priming)
  let missingSystem = 0, missingUser = 0, duplicates = 0;
  const nMessages = [], convoLens = [], assistantLens = [];
  const seen = new Set();
  for (let i = 0; i < dataset.length; i++) {
    const messages = dataset[i].messages;
    if (!Array.isArray(messages))
      continue;
    if (!messages.some((m) => m.role === 'system'))
      missingSystem++;
    if (!messages.some((m) => m.role === 'user'))
      missingUser++;
    let tokens = 0, assistant = 0;
    for (const message of messages) {
      tokens += 3;
      for (const [key, value] of Object.entries(message)) {
        const n = count(String(value));
        tokens += n;
        if (key === 'name')
          tokens += 1;
        if (key === 'content' && message.role === 'assistant')
          assistant += n;
      }
    }
    tokens += 3;
    nMessages.push(messages.length);
    convoLens.push(tokens);
    assistantLens.push(assistant);
    if (seen.has(lines[i]))
      duplicates++;
    else
      seen.add(lines[i]);
  }

  let total = 0, tooLong = 0, billedOnce = 0;
  for (const n of convoLens) {
    total += n;
    if (n > maxTokens)
      tooLong++;
    billedOnce += Math.min(maxTokens, n);
  }

  // Epochs on auto, and the billed tokens
  const nTrain = dataset.length;
  let epochs = TARGET_EPOCHS;
  if (nTrain * TARGET_EPOCHS < MIN_TARGET_EXAMPLES)
    epochs = Math.min(MAX_DEFAULT_EPOCHS, Math.floor(MIN_TARGET_EXAMPLES / nTrain));
  else if (nTrain * TARGET_EPOCHS > MAX_TARGET_EXAMPLES)
    epochs = Math.max(MIN_DEFAULT_EPOCHS, Math.floor(MAX_TARGET_EXAMPLES / nTrain));

  const dists = { messages: distribution(nMessages), tokens: distribution(convoLens),
                  assistant_tokens: distribution(assistantLens) };
  const analyseMs = Number(process.hrtime.bigint() - start) / 1e6;

  let nErrors = 0;
  for (const k in errors)
    nErrors += errors[k];
  const out = [
    `examples ${dataset.length}`,
    `format_errors ${nErrors}`,
    ...Object.keys(errors).sort().map((k) => `format_error.${k} ${errors[k]}`),
    `missing_system ${missingSystem}`,
    `missing_user ${missingUser}`,
    `duplicates ${duplicates}`,
    `tokens ${total}`,
    `too_long ${tooLong}`,
    `epochs ${epochs}`,
    `billed_tokens ${epochs * billedOnce}`,
  ];
  for (const [name, d] of Object.entries(dists))
    out.push(`dist.${name} min ${d.min} max ${d.max} mean ${d.mean.toFixed(1)} median ${d.median} p5 ${d.p5} p95 ${d.p95}`);
  out.push(`load_ms ${loadMs.toFixed(1)}`, `read_ms ${readMs.toFixed(1)}`, `analyse_ms ${analyseMs.toFixed(1)}`);
  console.log(out.join('\n'));
}

const args = process.argv.slice(2);
if (args[0] === '--generate' && args.length >= 3) {
  generate(parseInt(args[1], 10), args[2], args.length > 3 ? parseInt(args[3], 10) : 1);
} else if (args.length >= 3) {
  analyse(args[0], args[1], parseInt(args[2], 10), args[3] || 'o200k_base');
} else {
  console.error('usage: node bench/estimate.js --generate ROWS FILE [SEED]\n' +
                '       node bench/estimate.js JS_TIKTOKEN_DIR CHAT.jsonl MAX_EXAMPLE_TOKENS [ENCODING]');
  process.exit(2);
}
