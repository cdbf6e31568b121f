#!/usr/bin/env node
// WebAssembly memory of the core across many different texts (issue 17: an extension's
// service worker holds one core for as long as the browser runs, and wasm memory never
// shrinks). Loads www/pkg through www/hashiya.js with all layers, prints the memory after
// load, then annotates N different texts (the newswire corpus cut into N parts, each
// asked for its key terms and a few tooltips as a page would) and prints the memory after
// every tenth, then once more after whole-corpus passes.
//
//   node scripts/measure-wasm-memory.mjs [N=100] [CORPUS_PASSES=5] [BASE_DIR]
// BASE_DIR: an earlier build instead of today's: BASE_DIR/pkg/ (a copy of www/pkg) and the
// data files of its time beside it (lexicon.bin, ner.model, gazetteer.bin, terms.bin);
// today's www/hashiya.js loads it (as the `Core` of another build).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Hashiya } from '../www/hashiya.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 100);
const PASSES = Number(process.argv[3] ?? 5);
const BASE = process.argv[4];
const pkg = BASE ? join(BASE, 'pkg') : join(root, 'www/pkg');
const glue = await import(pathToFileURL(join(pkg, 'hashiya.js')));
const wasm = readFileSync(join(pkg, 'hashiya_bg.wasm'));
const exports = glue.initSync({ module: wasm });
const mib = () => (exports.memory.buffer.byteLength / 2 ** 20).toFixed(1);
const data = (f) => new Uint8Array(readFileSync(join(BASE ?? join(root, 'build/data'), f)));
const files = Object.fromEntries(['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'].map((f) => [f, data(f)]));
const corpus = readFileSync(join(root, '../shared/data/articles/newswire-corpus.txt'), 'utf8');
const lines = corpus.split('\n').filter((l) => l.trim());

console.log(`wasm memory after instantiation: ${mib()} MiB`);
const t0 = performance.now();
const h = await Hashiya.load({ files, Core: glue.Hashiya });
console.log(`after Hashiya.load (all layers): ${mib()} MiB (${(performance.now() - t0).toFixed(0)} ms in Node)`);
// N different texts: consecutive groups of the corpus's lines
const per = Math.max(1, Math.floor(lines.length / N));
const texts = Array.from({ length: N }, (_, i) => lines.slice((i * per) % lines.length, (i * per) % lines.length + per).join('\n'));
const row = [];
for (let i = 0; i < N; i++) {
  const spans = h.annotate(texts[i]);
  h.keyTerms();
  for (let k = 3; k < Math.min(spans.length, 40); k += 16) h.details(spans[k]);
  if ((i + 1) % 10 === 0) row.push(`${i + 1}: ${mib()}`);
}
console.log(`after texts (MiB): ${row.join(', ')}`);
for (let p = 1; p <= PASSES; p++) {
  h.annotate(corpus);
  h.keyTerms();
  console.log(`after whole-corpus pass ${p} (${corpus.length.toLocaleString('en')} chars): ${mib()} MiB`);
}
for (let i = 0; i < N; i++) h.annotate(texts[i]);
console.log(`after the ${N} texts again: ${mib()} MiB`);
