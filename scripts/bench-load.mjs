#!/usr/bin/env node
// Cold start in headless Chromium from the local server (issue 17): a fresh page each round,
// then `Hashiya.load()` with all layers, then the first gloss (annotate one sentence and read
// one word's details). Prints each round and the medians, with the load average before and
// after (the machine is shared). The browser's HTTP cache is on, as for a return visit.
// Configurations, taking turns: all layers; words only; all layers asked for with
// `progressive: true` (the first gloss from the words layer, then `loaded` when the others
// have joined).
//
//   node scripts/bench-load.mjs [ROUNDS=9] [BASE_DIR]
// BASE_DIR: an earlier build to time in the same run, words only (its data files may not
// match today's): BASE_DIR/pkg/ (a copy of www/pkg) and BASE_DIR/lexicon.bin; with all
// layers too when BASE_DIR has the other data files of its time (ner.model, gazetteer.bin,
// terms.bin).
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openBrowser, ROOT } from '../tests/browser/harness.mjs';

const ROUNDS = Number(process.argv[2] ?? 9);
const BASE = process.argv[3];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const PAGE = `<!doctype html><meta charset="utf-8"><body><script type="module">
  window.run = async (layers, prefix, progressive) => {
    const { Hashiya } = await import(prefix + 'hashiya.js');
    const t0 = performance.now();
    const h = await Hashiya.load({ ...(layers ? { layers } : {}), ...(progressive ? { progressive } : {}) });
    const loaded = performance.now();
    const spans = h.annotate('قال وزير الداخلية إن الحكومة تدرس الخطة في العراق.');
    const d = h.details(spans[3]);
    const glossed = performance.now();
    await h.loaded;
    const all = performance.now();
    return { load: loaded - t0, gloss: glossed - t0, all: all - t0, ok: d.layer === 'word' && d.glosses.length > 0, missing: h.missing.length };
  };
  window.ready = true;
</script>`;

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const b = await openBrowser();
const baseAll = BASE && ['ner.model', 'gazetteer.bin', 'terms.bin'].every((f) => existsSync(join(BASE, f)));
const rows = { all: [], words: [], progressive: [], ...(BASE ? { base: [] } : {}), ...(baseAll ? { baseAll: [] } : {}) };
try {
  const page = await b.newPage();
  const url = `${b.url}bench-load.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  if (BASE) {
    // the earlier build under /base/: its wasm and glue, its data files, today's wrapper;
    // today's build then comes the same way, under /cur/, so both are served alike
    await page.route(/\/(base|cur)\//, (route) => {
      const [, which, rest] = new URL(route.request().url()).pathname.match(/^\/(base|cur)\/(.*)$/);
      const dir = which === 'base' ? BASE : join(ROOT, 'www');
      const path = rest.startsWith('pkg/') ? join(dir, rest) : rest.startsWith('data/') ? join(which === 'base' ? BASE : join(ROOT, 'build', 'data'), rest.slice('data/'.length)) : join(ROOT, 'www', rest);
      if (!existsSync(path)) return route.fulfill({ status: 404, body: 'not found' });
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: readFileSync(path) });
    });
  }
  for (let i = 0; i < ROUNDS; i++) {
    // the two configurations take turns, the order turned round every other round
    const order = Object.keys(rows);
    for (const which of i % 2 ? order.reverse() : order) {
      await page.goto(url);
      await page.waitForFunction(() => window.ready === true);
      const r = await page.evaluate(([layers, prefix, progressive]) => window.run(layers, prefix, progressive), [['all', 'progressive', 'baseAll'].includes(which) ? null : [], which.startsWith('base') ? '/base/' : BASE ? '/cur/' : '/', which === 'progressive']);
      if (!r.ok || r.missing) throw new Error(`round ${i}: no gloss or a layer missing: ${JSON.stringify(r)}`);
      rows[which].push(r);
    }
  }
} finally {
  await b.close();
}
for (const [which, rs] of Object.entries(rows)) {
  console.log(`${{ all: 'all layers', words: 'words only', progressive: 'all layers, progressive', base: `words only, ${BASE}`, baseAll: `all layers, ${BASE}` }[which]}: load ${rs.map((r) => r.load.toFixed(0)).join(', ')} ms; to first gloss ${rs.map((r) => r.gloss.toFixed(0)).join(', ')} ms`);
  console.log(`  median: Hashiya.load() ${median(rs.map((r) => r.load)).toFixed(0)} ms, to first gloss ${median(rs.map((r) => r.gloss)).toFixed(0)} ms${which === 'progressive' ? `, all layers in ${median(rs.map((r) => r.all)).toFixed(0)} ms` : ''}`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
