#!/usr/bin/env node
// Times each layer's load in the wasm core under Node, cold (a fresh process per run):
// `new Hashiya(lexicon)`, then `addEntities(model, gazetteer)`, then `addTerms(terms)`.
// Usage: node scripts/load-layers.mjs [RUNS=9] [PKG_DIR:DATA_DIR ...]
// (default www/pkg:build/data). With several builds, their runs take turns, so a busy spell
// of the machine falls on all of them alike. Prints each build's medians (ms). Issue 17's
// decode passes; see BENCHMARKS.md, "Size: the data formats packed".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args[0] === '--once') {
  const [, pkg, dir] = args;
  const glue = await import(pathToFileURL(join(pkg, 'hashiya.js')));
  glue.initSync({ module: readFileSync(join(pkg, 'hashiya_bg.wasm')) });
  const d = (f) => new Uint8Array(readFileSync(join(dir, f)));
  const [lex, model, gaz, terms] = ['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'].map(d);
  const times = [];
  let t = performance.now();
  const h = new glue.Hashiya(lex);
  times.push(performance.now() - t);
  t = performance.now();
  h.addEntities(model, gaz);
  times.push(performance.now() - t);
  t = performance.now();
  h.addTerms(terms);
  times.push(performance.now() - t);
  console.log(JSON.stringify(times));
} else {
  const runs = Number(args[0] ?? 9);
  const builds = (args.length > 1 ? args.slice(1) : [`${join(root, 'www/pkg')}:${join(root, 'build/data')}`]).map((b) => b.split(':').map((p) => resolve(p)));
  const rows = builds.map(() => []);
  for (let i = 0; i < runs; i++) {
    builds.forEach(([pkg, dir], k) => {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--once', pkg, dir]);
      rows[k].push(JSON.parse(out));
    });
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  builds.forEach(([pkg, dir], k) => {
    const [lexicon, entities, terms] = [0, 1, 2].map((j) => median(rows[k].map((r) => r[j])).toFixed(1));
    const all = median(rows[k].map((r) => r[0] + r[1] + r[2])).toFixed(1);
    console.log(`${pkg} + ${dir}, median of ${runs}: lexicon ${lexicon} ms, entities ${entities} ms, terms ${terms} ms, all ${all} ms`);
  });
}
