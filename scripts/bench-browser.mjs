#!/usr/bin/env node
// Browser benchmark: the wasm core in Debian's headless Chromium.
//   - annotate() on ../shared/data/articles/newswire-corpus.txt, words only, words and
//     terms (annotate without entities), and all layers (terms, entities): median time,
//     tokens/s, and what entity recognition adds
//   - the page layer on the same corpus cut to the reader's limit: annotate + map + paint
//   - start-up: Hashiya.load() (fetch wasm + lexicon, compile, read the lexicon)
//   - asset sizes, raw and gzipped
// Prints medians. Needs the built assets (npm run setup, or npm test / npm start once).
//
// Usage: node scripts/bench-browser.mjs [--runs N]   (default 15)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser, ROOT, SHARED } from '../tests/browser/harness.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const corpusPath = join(SHARED, 'data', 'articles', 'newswire-corpus.txt');
if (!existsSync(corpusPath)) {
  console.error(`bench-browser: ${corpusPath} not found (the shared data sits beside the repository)`);
  process.exit(1);
}
const corpus = readFileSync(corpusPath, 'utf8');
const tokens = corpus.split(/\s+/).filter(Boolean).length;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function sizes() {
  const files = {
    'wasm (www/pkg/hashiya_bg.wasm)': ['www/pkg/hashiya_bg.wasm'],
    'lexicon (build/data/lexicon.bin)': ['build/data/lexicon.bin'],
    'entities (ner.model + gazetteer.bin)': ['build/data/ner.model', 'build/data/gazetteer.bin'],
    'terms (build/data/terms.bin)': ['build/data/terms.bin'],
    'JS (glue + wrapper + page layer)': ['www/pkg/hashiya.js', 'www/hashiya.js', 'www/page-layer.js', 'www/text-map.js', 'www/tooltip.js'],
  };
  return Object.entries(files).map(([name, paths]) => {
    const raw = paths.reduce((n, p) => n + statSync(join(ROOT, p)).size, 0);
    const gz = paths.reduce((n, p) => n + gzipSync(readFileSync(join(ROOT, p)), { level: 9 }).length, 0);
    return [name, raw, gz];
  });
}

const PAGE = `<!doctype html><meta charset="utf-8"><body><div id="out" dir="rtl"></div>
<script type="module">
  import { Hashiya } from '/hashiya.js';
  import { attach } from '/page-layer.js';
  window.Hashiya = Hashiya;
  window.attach = attach;
  window.ready = true;
</script>`;

const b = await openBrowser();
try {
  const page = await b.newPage();
  const url = `${b.url}bench.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));

  // Start-up: a fresh page load each time (the browser cache revalidates, like a return visit).
  const loads = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(url);
    await page.waitForFunction(() => window.ready === true);
    loads.push(await page.evaluate(async () => {
      const t0 = performance.now();
      window.h = await window.Hashiya.load();
      return performance.now() - t0;
    }));
  }
  // Words only, for comparison with the native word benchmark.
  // Words only, and everything but entities: what recognition adds is measured
  // against the latter.
  await page.evaluate(async () => {
    window.hw = await window.Hashiya.load({ layers: [] });
    window.ht = await window.Hashiya.load({ layers: ['terms'] });
  });

  // The three configurations take turns, run by run, so a slow spell of the machine
  // falls on all of them alike rather than on whichever ran then; the order turns
  // round every other run, so none always runs right after another.
  const [words, terms, result] = await page.evaluate(([text, runs]) => {
    const names = ['hw', 'ht', 'h'];
    const out = names.map(() => ({ times: [], spans: 0 }));
    for (const name of names) window[name].annotate(text); // warm-up
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? [2, 1, 0] : [0, 1, 2];
      for (const k of order) {
        const t0 = performance.now();
        out[k].spans = window[names[k]].annotate(text).length / 4;
        out[k].times.push(performance.now() - t0);
      }
    }
    return out;
  }, [corpus, RUNS]);

  // The page layer on a reader-sized text: flatten, annotate, build ranges, paint highlights.
  const limit = 300_000;
  const chunk = corpus.slice(0, limit);
  const paints = await page.evaluate(async ([text, runs]) => {
    const out = document.getElementById('out');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    const times = [];
    const painted = [];
    let words = 0;
    for (let i = 0; i < Math.min(runs, 5); i++) {
      out.replaceChildren(...text.split('\n').map((l) => Object.assign(document.createElement('p'), { textContent: l })));
      await frame(); // lay the plain text out first: measure only what attach adds
      const t0 = performance.now();
      const a = window.attach(out, window.h);
      times.push(performance.now() - t0);
      await frame();
      painted.push(performance.now() - t0);
      words = a.wordCount;
      a.detach();
    }
    return { times, painted, words };
  }, [chunk, RUNS]);

  const wms = median(words.times);
  const ms = median(result.times);
  console.log(`Hashiya browser benchmark — ${await b.context.browser()?.version?.() ?? 'Chromium'} headless, ${RUNS} runs, medians`);
  console.log(`corpus: ${corpusPath} (${(corpus.length / 1e6).toFixed(2)} M UTF-16 units, ${tokens.toLocaleString('en-US')} whitespace tokens)`);
  console.log(`annotate, words only:  ${wms.toFixed(1)} ms  → ${Math.round(tokens / (wms / 1000)).toLocaleString('en-US')} tokens/s  (${words.spans.toLocaleString('en-US')} spans)`);
  const tms = median(terms.times);
  console.log(`annotate, no entities: ${tms.toFixed(1)} ms  → ${Math.round(tokens / (tms / 1000)).toLocaleString('en-US')} tokens/s  (words and terms)`);
  console.log(`annotate, all layers:  ${ms.toFixed(1)} ms  → ${Math.round(tokens / (ms / 1000)).toLocaleString('en-US')} tokens/s  (${result.spans.toLocaleString('en-US')} spans: words, terms, entities)`);
  // what entities add, run by run (the two ran back to back), then the median
  const added = median(result.times.map((t, i) => t - terms.times[i]));
  const ratios = result.times.map((t, i) => t / terms.times[i] - 1).sort((x, y) => x - y);
  const ratio = median(ratios);
  const quartile = (q) => ratios[Math.round(q * (ratios.length - 1))];
  console.log(`entities add:          ${added.toFixed(1)} ms = ${(ratio * 100).toFixed(0)} % of annotate without them (medians of the runs' differences; middle half of the runs ${(quartile(0.25) * 100).toFixed(0)}–${(quartile(0.75) * 100).toFixed(0)} %)`);
  const pms = median(paints.times);
  console.log(`attach (page layer):   ${pms.toFixed(1)} ms for ${limit.toLocaleString('en-US')} chars, ${paints.words.toLocaleString('en-US')} words (flatten + annotate + ranges + highlights); ${median(paints.painted).toFixed(1)} ms to the next frame`);
  console.log(`Hashiya.load():        ${median(loads).toFixed(1)} ms  (fetch wasm + all data from localhost, compile, read)`);
  console.log('assets:');
  for (const [name, raw, gz] of sizes()) console.log(`  ${name.padEnd(38)} ${kib(raw).padStart(12)} raw  ${kib(gz).padStart(12)} gzip -9`);
  if (page.errors.length) throw page.errors[0];
} finally {
  await b.close();
}
