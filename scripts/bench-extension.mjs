#!/usr/bin/env node
// Benchmark of the browser extension (not a test): a 10,000-word Arabic page (paragraphs of
// the shared newswire corpus, ../shared/data/articles/) in headless Chromium with the
// unpacked extension (dist/extension/). For each run it turns Hashiya on the way the toolbar
// button does and records, in the page's own timeline:
//   - the longest main-thread task while the page is annotated (PerformanceObserver 'longtask',
//     which lists every task over 50 ms; "none" means no task reached 50 ms),
//   - the time from the toggle to the first painted screen and to the whole page painted,
//   - hover to tooltip (pointer event to the tooltip shown, details fetched from the worker),
// and, once, the worker's cold start: the browser's own idle stop (CDP
// ServiceWorker.stopAllWorkers), then a page change that makes the content script annotate
// again (and a hover), compared with the same with the worker warm.
//
// Usage: node scripts/bench-extension.mjs [--runs N] [--words N]   (npm run bench:extension)
// Prints each run and the medians.
//   --cold N: instead, N rounds of the first gloss after a cold start (the worker stopped,
//   the page turned on: toggle → first painted screen, and → every layer painted), the
//   extension as built (progressive load) against a build that loads every layer first (as
//   before issue 17; built here into build/bench-extension-eager/ by
//   `build-extension.mjs --no-progressive`), in two browsers taking turns.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tests/browser/harness.mjs';
import { launchWithExtension, startPageServer } from '../tests/browser/extension-harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('--runs', 5);
const WORDS = arg('--words', 10_000);
const CORPUS = join(ROOT, '..', 'shared', 'data', 'articles', 'newswire-corpus.txt');
const HOVERS = 5;

if (!existsSync(CORPUS)) {
  console.error(`bench-extension: ${CORPUS} is missing (the shared data sits beside the repository)`);
  process.exit(1);
}

/** Paragraphs of the corpus (its lines) until `WORDS` words, as a news page. */
function buildPage() {
  const paragraphs = [];
  let words = 0;
  for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const w = line.trim().split(/\s+/);
    const take = w.slice(0, WORDS - words);
    paragraphs.push(take.join(' '));
    words += take.length;
    if (words >= WORDS) break;
  }
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = paragraphs.map((p, i) => (i % 12 === 0 ? `<h2>${esc(p.split(' ').slice(0, 6).join(' '))}</h2>` : '') + `<p>${esc(p)}</p>`).join('\n');
  return {
    words,
    html: `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>bench</title>
<style>body { font: 18px/1.8 serif; max-width: 760px; margin: 0 auto; padding: 0 16px 0 40px; }</style>
<script>
  // Every task over 50 ms on the page's main thread (the content script runs on it too).
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  // Hover latency: from the pointer event to the tooltip card shown with content.
  window.lastMove = 0;
  addEventListener('pointermove', () => { lastMove = performance.now(); }, { capture: true, passive: true });
  window.tooltipShown = () => new Promise((resolve) => {
    const visible = () => {
      const card = document.querySelector('hashiya-tooltip')?.shadowRoot?.querySelector('.card');
      return card && !card.hidden && card.childElementCount > 0;
    };
    const done = () => { obs.disconnect(); resolve(performance.now() - lastMove); };
    const obs = new MutationObserver(() => { if (visible()) done(); });
    obs.observe(document.documentElement, { childList: true });
    const host = document.querySelector('hashiya-tooltip');
    if (host) obs.observe(host.shadowRoot, { subtree: true, childList: true, attributes: true });
    else new MutationObserver((_, o) => { const h = document.querySelector('hashiya-tooltip'); if (h) { o.disconnect(); if (visible()) done(); else obs.observe(h.shadowRoot, { subtree: true, childList: true, attributes: true }); } }).observe(document.documentElement, { childList: true });
  });
</script></head><body><h1>${esc(paragraphs[0].split(' ').slice(0, 8).join(' '))}</h1>
${body}</body></html>`,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const ms = (x) => `${x.toFixed(0)} ms`;

/** Centres of painted words in view, spread over the screen (for hovers). */
function wordsInView(page, n) {
  return page.evaluate((count) => {
    const out = [];
    for (const r of CSS.highlights.get('hashiya-word') ?? []) {
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const b = live.getClientRects()[0];
      if (!b || b.width < 6 || b.top < 20 || b.bottom > innerHeight - 20) continue;
      out.push({ x: b.left + b.width / 2, y: b.top + b.height / 2 });
    }
    const step = Math.max(1, Math.floor(out.length / count));
    return out.filter((_, i) => i % step === 0).slice(0, count);
  }, n);
}

/** Hovers a word and returns the latency to the tooltip; moves away first so it closes. */
async function hoverLatency(page, at) {
  await page.mouse.move(5, 5);
  await page.waitForTimeout(60);
  const shown = page.evaluate(() => window.tooltipShown());
  await page.mouse.move(at.x, at.y);
  return Promise.race([shown, new Promise((_, reject) => setTimeout(() => reject(new Error('no tooltip in 10 s')), 10_000))]);
}

async function run(ext, url) {
  const page = await ext.newPage();
  await page.goto(url);
  await page.waitForLoadState('load');
  await ext.toggle(page, true);
  const s = await ext.painted(page, { timeout: 60_000 });
  const tasks = await page.evaluate((from) => longTasks.filter((t) => t.start + t.duration >= from), s.enabledAt);
  const hovers = [];
  for (const at of await wordsInView(page, HOVERS)) hovers.push(await hoverLatency(page, at));
  const workerMs = await (await ext.worker()).evaluate(() => globalThis.hashiyaStats.ms);
  return {
    page,
    detailsMs: median(workerMs.details ?? []),
    annotateMs: median((workerMs.annotate ?? []).slice(-1)),
    firstScreen: (s.firstGlossAt || s.firstPaintAt) - s.enabledAt, // the first paint since turned on (progressive: words)
    whole: s.paintedAt - s.enabledAt,
    roundTrip: s.annotateMs,
    longest: Math.max(0, ...tasks.map((t) => t.duration)),
    longTasks: tasks.length,
    hover: median(hovers),
    words: s.words,
  };
}

/** Appends a paragraph and returns the time from the change to its words painted (the
 * content script waits DEBOUNCE_MS for quiet first) and the worker round trip of that
 * re-annotation. Watched from the page itself: the worker may be stopped meanwhile. */
async function reannotate(ext, page, text) {
  const changeToPaint = await page.evaluate((t) => new Promise((resolve, reject) => {
    const p = Object.assign(document.createElement('p'), { textContent: t });
    const t0 = performance.now();
    // At the top, in view: on a long page only the text near the viewport is highlighted.
    document.body.prepend(p);
    const check = () => {
      if ([...(CSS.highlights.get('hashiya-word') ?? [])].some((r) => p.contains(r.startContainer))) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 30_000) reject(new Error('no re-annotation after the page changed'));
      else requestAnimationFrame(check);
    };
    check();
  }), text);
  const s = await ext.state(page);
  return { changeToPaint, roundTrip: s.annotateMs };
}

const { html, words } = buildPage();
const server = await startPageServer();
const url = server.route('/bench.html', html);
if (process.argv.includes('--cold')) {
  await coldStarts(arg('--cold', 5));
  await server.close();
  process.exit(0);
}

/** First gloss after a cold start, progressive against eager (see --cold). */
async function coldStarts(rounds) {
  const { execFileSync } = await import('node:child_process');
  const eagerDir = join(ROOT, 'build', 'bench-extension-eager');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-extension.mjs'), '--no-progressive', '--out', eagerDir], { stdio: 'inherit' });
  const builds = { progressive: await launchWithExtension(), eager: await launchWithExtension(undefined, eagerDir) };
  const rows = { progressive: [], eager: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      for (const name of i % 2 ? ['eager', 'progressive'] : ['progressive', 'eager']) {
        const e = builds[name];
        await e.restartWorker();
        const page = await e.newPage();
        await page.goto(url);
        await page.waitForLoadState('load');
        await e.toggle(page, true);
        const first = await e.painted(page, { timeout: 60_000, complete: false });
        const all = await e.painted(page, { timeout: 60_000 });
        const stats = await (await e.worker()).evaluate(() => globalThis.hashiyaStats);
        rows[name].push({ gloss: all.firstGlossAt - all.enabledAt, all: all.paintedAt - all.enabledAt, loadMs: stats.loadMs, allLayersMs: stats.allLayersMs || stats.loadMs, roundTrip: first.annotateMs });
        if (process.env.DEBUG) console.log(name, JSON.stringify(stats.ms), JSON.stringify(first).slice(0, 300));
        await page.close();
      }
      console.log(`  round ${i + 1}: first gloss ${rows.progressive.at(-1).gloss.toFixed(0)} ms progressive, ${rows.eager.at(-1).gloss.toFixed(0)} ms eager`);
    }
  } catch (e) {
    console.error(`bench-extension --cold: ${e.stack}`);
    throw e;
  } finally {
    for (const e of Object.values(builds)) await e.close().catch(() => {});
  }
  console.log(`cold start (worker stopped), ${words.toLocaleString('en-US')}-word page, medians of ${rounds}: toggle → first gloss (first painted screen) / → every layer painted; the worker's core load to words / to every layer`);
  for (const [name, rs] of Object.entries(rows)) {
    const m = (k) => median(rs.map((r) => r[k])).toFixed(0);
    console.log(`  ${name.padEnd(12)} first gloss ${m('gloss')} ms, every layer ${m('all')} ms; core load ${m('loadMs')} ms / ${m('allLayersMs')} ms`);
  }
}
const ext = await launchWithExtension();
console.log(`bench-extension: ${words.toLocaleString('en-US')}-word page, ${RUNS} runs after a first one with a fresh extension`);
try {
  const results = [];
  for (let i = 0; i <= RUNS; i++) {
    const r = await run(ext, url);
    const label = i === 0 ? 'fresh' : `run ${i}`;
    console.log(`  ${label.padEnd(6)} first screen ${ms(r.firstScreen)}, whole page ${ms(r.whole)} (worker round trip ${ms(r.roundTrip)}), longest task ${r.longTasks ? ms(r.longest) : 'none over 50 ms'}, hover→tooltip ${ms(r.hover)} (in the worker: details ${r.detailsMs.toFixed(1)} ms, annotate ${ms(r.annotateMs)}), ${r.words} words`);
    if (i === RUNS) {
      // Cold start on the last page: warm re-annotation, then the same after the worker stopped.
      const warm = await reannotate(ext, r.page, 'وقال المتحدث إن الاجتماع سيعقد الأسبوع المقبل في العاصمة.');
      const loadsBefore = await (await ext.worker()).evaluate(() => globalThis.hashiyaStats.loads);
      await ext.stopWorker();
      const cold = await reannotate(ext, r.page, 'وأضاف أن الوفود ستناقش ملفات التجارة والطاقة والمياه.');
      const stats = await (await ext.worker()).evaluate(() => globalThis.hashiyaStats);
      await ext.stopWorker();
      const at = (await wordsInView(r.page, 1))[0];
      const coldHover = await hoverLatency(r.page, at);
      console.log(`  cold start: the worker round trip of a re-annotation is ${ms(cold.roundTrip)} after the browser stopped the worker vs ${ms(warm.roundTrip)} warm `
        + `(page change → painted: ${ms(cold.changeToPaint)} vs ${ms(warm.changeToPaint)}; the new worker loaded the core in ${ms(stats.loadMs)}, loads ${loadsBefore} → ${stats.loads}); `
        + `a hover right after a stop: ${ms(coldHover)}`);
      
    }
    if (i > 0) results.push(r);
    await r.page.close();
  }
  const m = (k) => median(results.map((r) => r[k]));
  console.log(`medians of ${RUNS} runs: first screen ${ms(m('firstScreen'))}, whole page ${ms(m('whole'))}, longest main-thread task ${m('longest') ? ms(m('longest')) : 'none over 50 ms'} (long tasks per run: ${results.map((r) => r.longTasks).join(', ')}), hover→tooltip ${ms(m('hover'))}`);
} finally {
  await ext.close();
  await server.close();
}
