#!/usr/bin/env node
// Cold start in headless Chromium from the local server (issue 17): a fresh page each round,
// then `Hashiya.load()` with all layers, then the first gloss (annotate one sentence and read
// one word's details). Prints each round and the medians, with the load average before and
// after (the machine is shared).
// Configurations, taking turns: all layers; words only; all layers asked for with
// `progressive: true` (the first gloss from the words layer, then `loaded` when the others
// have joined); these with Playwright's routes (HTTP cache off, a first visit), and all
// layers again from the server alone (HTTP cache on, a return visit).
//
//   node scripts/bench-load.mjs [ROUNDS=9] [BASE_DIR]
//   node scripts/bench-load.mjs --reader [ROUNDS=9]
// --reader: the reader page (www/index.html) as a user opens it, from navigation start to the
// first gloss (its sample article annotated: the stats line written) and to every layer painted
// (data-layers-loaded), progressive (as it is) against eager (every layer loaded first, as
// before issue 17: `globalThis.hashiyaLoadCore` set by an init script), first and return
// visits, taking turns.
// BASE_DIR: an earlier build to time in the same run, words only (its data files may not
// match today's): BASE_DIR/pkg/ (a copy of www/pkg) and BASE_DIR/lexicon.bin; with all
// layers too when BASE_DIR has the other data files of its time (ner.model, gazetteer.bin,
// terms.bin).
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openBrowser, ROOT } from '../tests/browser/harness.mjs';

const READER = process.argv.includes('--reader');
const ARGS = process.argv.slice(2).filter((a) => a !== '--reader');
const ROUNDS = Number(ARGS[0] ?? 9);
const BASE = ARGS[1];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const RUN = `
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
  window.ready = true;`;
const PAGE = `<!doctype html><meta charset="utf-8"><body><script type="module">${RUN}</script>`;

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (READER) {
  await benchReader();
  process.exit(0);
}
const b = await openBrowser();
const baseAll = BASE && ['ner.model', 'gazetteer.bin', 'terms.bin'].every((f) => existsSync(join(BASE, f)));
// Each configuration: its page ('routed': served through Playwright's routes, which turn the
// page's HTTP cache off, as on a first visit; 'cached': the server alone, HTTP cache on, as
// on a return visit, the files revalidated by ETag), the layers, the build and `progressive`.
const all = null;
const configs = {
  all: { label: 'all layers', page: 'routed', layers: all, prefix: BASE ? '/cur/' : '/' },
  words: { label: 'words only', page: 'routed', layers: [], prefix: BASE ? '/cur/' : '/' },
  progressive: { label: 'all layers, progressive', page: 'routed', layers: all, prefix: BASE ? '/cur/' : '/', progressive: true },
  ...(BASE ? { base: { label: `words only, ${BASE}`, page: 'routed', layers: [], prefix: '/base/' } } : {}),
  ...(baseAll ? { baseAll: { label: `all layers, ${BASE}`, page: 'routed', layers: all, prefix: '/base/' } } : {}),
  cachedAll: { label: 'return visit (HTTP cache), all layers', page: 'cached', layers: all, prefix: '/' },
  cachedWords: { label: 'return visit (HTTP cache), words only', page: 'cached', layers: [], prefix: '/' },
  cachedProgressive: { label: 'return visit (HTTP cache), all layers, progressive', page: 'cached', layers: all, prefix: '/', progressive: true },
};
const rows = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
try {
  const pages = { routed: await b.newPage(), cached: await b.newPage() };
  const url = `${b.url}bench-load.html`;
  await pages.routed.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  // the cached page has no route: the script comes as an init script on a page the server
  // answers (a 404 of its own)
  await pages.cached.addInitScript(RUN);
  const cachedUrl = `${b.url}bench-load-cached`;
  if (BASE) {
    // the earlier build under /base/: its wasm and glue, its data files, today's wrapper;
    // today's build then comes the same way, under /cur/, so both are served alike
    await pages.routed.route(/\/(base|cur)\//, (route) => {
      const [, which, rest] = new URL(route.request().url()).pathname.match(/^\/(base|cur)\/(.*)$/);
      const dir = which === 'base' ? BASE : join(ROOT, 'www');
      const path = rest.startsWith('pkg/') ? join(dir, rest) : rest.startsWith('data/') ? join(which === 'base' ? BASE : join(ROOT, 'build', 'data'), rest.slice('data/'.length)) : join(ROOT, 'www', rest);
      if (!existsSync(path)) return route.fulfill({ status: 404, body: 'not found' });
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: readFileSync(path) });
    });
  }
  for (let i = 0; i < ROUNDS; i++) {
    // the configurations take turns, the order turned round every other round
    const order = Object.keys(rows);
    for (const which of i % 2 ? order.reverse() : order) {
      const c = configs[which];
      const page = pages[c.page];
      await page.goto(c.page === 'cached' ? cachedUrl : url);
      await page.waitForFunction(() => window.ready === true);
      const r = await page.evaluate(([layers, prefix, progressive]) => window.run(layers, prefix, progressive), [c.layers, c.prefix, !!c.progressive]);
      if (!r.ok || r.missing) throw new Error(`round ${i}, ${c.label}: no gloss or a layer missing: ${JSON.stringify(r)}`);
      rows[which].push(r);
    }
  }
} finally {
  await b.close();
}
for (const [which, rs] of Object.entries(rows)) {
  const c = configs[which];
  console.log(`${c.label}: load ${rs.map((r) => r.load.toFixed(0)).join(', ')} ms; to first gloss ${rs.map((r) => r.gloss.toFixed(0)).join(', ')} ms`);
  console.log(`  median: Hashiya.load() ${median(rs.map((r) => r.load)).toFixed(0)} ms, to first gloss ${median(rs.map((r) => r.gloss)).toFixed(0)} ms${c.progressive ? `, all layers in ${median(rs.map((r) => r.all)).toFixed(0)} ms` : ''}`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

/** The reader page's first gloss and all layers, progressive against eager (see --reader). */
async function benchReader() {
  const watch = () => {
    window.benchReader = new Promise((resolve) => {
      let gloss = 0;
      const observer = new MutationObserver(() => {
        if (!gloss && document.getElementById('stats')?.textContent) gloss = performance.now();
        if (gloss && document.getElementById('reader')?.dataset.layersLoaded === 'all') {
          observer.disconnect();
          resolve({ gloss, all: performance.now(), layers: document.getElementById('reader').dataset.layers });
        }
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-layers-loaded'] });
    });
  };
  // Before issue 17's progressive fronts: the reader's core loaded with every layer first.
  const eager = () => {
    globalThis.hashiyaLoadCore = () => import('/hashiya.js').then(({ Hashiya }) => Hashiya.load());
  };
  const b = await openBrowser();
  const configs = {
    firstProgressive: { label: 'first visit (cache off), progressive', routed: true },
    firstEager: { label: 'first visit (cache off), eager', routed: true, eager: true },
    returnProgressive: { label: 'return visit (HTTP cache), progressive' },
    returnEager: { label: 'return visit (HTTP cache), eager', eager: true },
  };
  const rows = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const order = Object.keys(configs);
      for (const which of i % 2 ? order.reverse() : order) {
        const c = configs[which];
        const page = await b.newPage();
        await page.addInitScript(watch);
        if (c.eager) await page.addInitScript(eager);
        // A route for every request turns the page's HTTP cache off (a first visit); the
        // return visit is warmed by one visit of its own first.
        if (c.routed) await page.route('**/*', (route) => route.continue());
        else {
          await page.goto(b.url);
          await page.evaluate(() => window.benchReader);
        }
        await page.goto(b.url);
        const r = await page.evaluate(() => window.benchReader);
        if (r.layers !== 'words entities terms') throw new Error(`${c.label}: layers ${r.layers}`);
        rows[which].push(r);
        await page.close();
      }
    }
  } finally {
    await b.close();
  }
  console.log(`reader page (www/index.html, its sample article), ms from navigation start, medians of ${ROUNDS}:`);
  for (const [which, rs] of Object.entries(rows)) {
    console.log(`  ${configs[which].label.padEnd(40)} first gloss ${median(rs.map((r) => r.gloss)).toFixed(0).padStart(5)}   all layers ${median(rs.map((r) => r.all)).toFixed(0).padStart(5)}   (first gloss: ${rs.map((r) => r.gloss.toFixed(0)).join(', ')})`);
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
