#!/usr/bin/env node
// What huge texts cost the WebAssembly core, and what the page-side wrapper does with them.
// For each size (MB of the text as JavaScript holds it, UTF-16), annotates an Arabic news
// sentence repeated to that size with the core's class directly (no limit) and reports the
// time and the wasm memory before and after (it never shrinks); then hands 50 MB to
// www/hashiya.js's `annotate`, which refuses it before copying (MAX_TEXT_LENGTH).
//
//   node scripts/measure-wasm-limits.mjs [MB …]        (default: 1 5)
//   node scripts/measure-wasm-limits.mjs 50            (50 MB raw: minutes, ~2 GB of memory)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync, Hashiya as Core } from '../www/pkg/hashiya.js';
import { Hashiya, MAX_TEXT_LENGTH } from '../www/hashiya.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = readFileSync(join(root, 'www/pkg/hashiya_bg.wasm'));
const exports = initSync({ module: wasm });
const mib = () => Math.round(exports.memory.buffer.byteLength / 2 ** 20);
const data = (f) => readFileSync(join(root, 'build/data', f));
const files = Object.fromEntries(['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'].map((f) => [f, data(f)]));
const SENTENCE = 'قال وزير الداخلية الإيطالي ماركو مينيتي إن الحكومة تدرس الخطة في العراق.\n';
const textOf = (mb) => SENTENCE.repeat(Math.ceil((mb * 2 ** 20) / (SENTENCE.length * 2)));

const core = new Core(files['lexicon.bin']);
core.addEntities(files['ner.model'], files['gazetteer.bin']);
core.addTerms(files['terms.bin']);
console.log(`core loaded: wasm memory ${mib()} MiB`);
for (const mb of (process.argv.length > 2 ? process.argv.slice(2) : ['1', '5']).map(Number)) {
  const text = textOf(mb);
  const before = mib();
  const t0 = performance.now();
  try {
    const spans = core.annotate(text);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${mb} MB (${text.length.toLocaleString('en')} UTF-16 units): ${(spans.length / 4).toLocaleString('en')} spans in ${s} s; wasm memory ${before} → ${mib()} MiB; process RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  } catch (e) {
    console.log(`${mb} MB: the core failed after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${e.message}; wasm memory ${before} → ${mib()} MiB`);
  }
}

// The wrapper every front uses (reader, offline, extension worker, widget): refuses at once.
const hashiya = await Hashiya.load({ wasm, files });
const text = textOf(50);
const before = mib();
const t0 = performance.now();
try {
  hashiya.annotate(text);
  console.log('50 MB through www/hashiya.js: annotated (the limit did not apply?)');
} catch (e) {
  console.log(`50 MB through www/hashiya.js: refused in ${Math.round(performance.now() - t0)} ms, wasm memory ${before} → ${mib()} MiB: ${e.message}`);
}
console.log(`limit: ${MAX_TEXT_LENGTH.toLocaleString('en')} UTF-16 units`);
