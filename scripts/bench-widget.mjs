#!/usr/bin/env node
// Widget benchmark (npm run bench:widget; needs `npm run setup` and ../shared):
//   1. main-thread long tasks while the widget annotates a 10,000-word article (built from
//      ../shared/data/articles/newswire-corpus.txt) in headless Chromium, observed with
//      PerformanceObserver('longtask') from the widget's start (after the page has loaded
//      and settled) to `hashiya-ready` (all painted):
//      the longest task and how many exceeded 50 ms, and from 'long-animation-frame'
//      what they were (the longest script callback, the longest rendering step), median
//      over runs; with the core in
//      the worker (the default; first view downloads, later ones read Cache Storage) and,
//      for contrast, on the main thread (worker: false).
//   2. the core as WebAssembly and as JavaScript (wasm2js): sizes raw and gzip -9, and in
//      Node (V8, as in Chromium) the time to load the data and to annotate the article,
//      medians over runs.
// Usage: node scripts/bench-widget.mjs [--runs N]   (default 7)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openBrowser, ROOT, SHARED } from '../tests/browser/harness.mjs';
import { startWidgetServer, WIDGET } from '../tests/browser/widget-harness.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const corpusPath = join(SHARED, 'data', 'articles', 'newswire-corpus.txt');
if (!existsSync(corpusPath)) {
  console.error(`bench-widget: ${corpusPath} not found (the shared data sits beside the repository)`);
  process.exit(1);
}
execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-widget.mjs')], { stdio: 'inherit' });

/** The first 10,000 words of the corpus, in paragraphs as its lines are. */
function article(words = 10_000) {
  const paras = [];
  let n = 0;
  for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
    const w = line.split(/\s+/).filter(Boolean);
    if (!w.length) continue;
    const take = w.slice(0, words - n);
    paras.push(take.join(' '));
    n += take.length;
    if (n >= words) break;
  }
  return { paras, words: n };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const { paras, words } = article();
const text = paras.join('\n');
const server = await startWidgetServer();
const page = (worker, progressive = true) => `<!doctype html><meta charset="utf-8">
<script>
  window.longTasks = [];
  window.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e); });
  window.observer.observe({ type: 'longtask', buffered: true });
  // What the long tasks were: script (each callback's run) or the browser's rendering.
  window.frames = { script: 0, render: 0 };
  window.loaf = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      // Frames before the widget's start (the page's own first layout) do not count.
      if (window.started === undefined || e.startTime + e.duration < window.started) continue;
      for (const s of e.scripts) window.frames.script = Math.max(window.frames.script, s.duration);
      if (e.renderStart) window.frames.render = Math.max(window.frames.render, e.startTime + e.duration - e.renderStart);
    }
  });
  window.loaf.observe({ type: 'long-animation-frame', buffered: true });
  addEventListener('hashiya-ready', (e) => { window.ready = { at: performance.now(), detail: e.detail }; });
  // The first gloss: the first frame with words highlighted (a hover then shows a gloss).
  const watchGloss = () => {
    if (window.started !== undefined && (CSS.highlights.get('hashiya-word')?.size ?? 0) > 0) window.firstGloss = performance.now();
    else requestAnimationFrame(watchGloss);
  };
  requestAnimationFrame(watchGloss);
  addEventListener('hashiya-error', (e) => { window.failed = e.detail; });
</script>
<script type="module">
  import { annotate } from '/widget/hashiya-widget.js';
  // The widget starts once the page has loaded and settled (its own layout of 10,000 words
  // is a long task with or without the widget); tasks from then on count.
  addEventListener('load', () => setTimeout(() => {
    window.started = performance.now();
    annotate(document.getElementById('a'), { worker: ${worker}, progressive: ${progressive} });
  }, 500));
</script>
<article id="a" dir="rtl">${paras.map((p) => `<p>${esc(p)}</p>`).join('')}</article>`;
server.pages.set('worker.html', page(true));
server.pages.set('main.html', page(false));
// Before issue 17's progressive fronts: every layer loaded before the first paint.
server.pages.set('worker-eager.html', page(true, false));

const browser = await openBrowser();
server.pages.set('blank.html', '<!doctype html><title>blank</title>');
async function run(name, fresh = false) {
  const p = await browser.newPage();
  if (fresh) {
    // A first view: the widget's Cache Storage emptied (the pages share the origin).
    await p.goto(`${server.url}pages/blank.html`);
    await p.evaluate(async () => Promise.all((await caches.keys()).map((k) => caches.delete(k))));
  }
  await p.goto(`${server.url}pages/${name}`);
  await p.waitForFunction(() => window.ready || window.failed, null, { timeout: 120_000 });
  // Entries arrive after their task: wait a little and take what is still queued.
  const r = await p.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const e of window.observer.takeRecords()) window.longTasks.push(e);
    const during = window.longTasks.filter((e) => e.startTime + e.duration >= window.started).map((e) => e.duration);
    return { firstGloss: window.firstGloss, ready: window.ready, failed: window.failed, longTasks: during, before: window.longTasks.length - during.length, frames: window.frames, started: window.started };
  });
  await p.close();
  if (r.failed) throw new Error(`${name}: ${r.failed.message}`);
  return { glossMs: r.firstGloss - r.started, max: Math.max(0, ...r.longTasks), over50: r.longTasks.filter((d) => d > 50).length, readyMs: r.ready.at - r.started, cached: r.ready.detail.cached, spans: r.ready.detail.spans, script: r.frames.script, render: r.frames.render };
}
console.log(`\nLong tasks while the widget annotates ${words.toLocaleString('en')} words (${text.length.toLocaleString('en')} UTF-16 units), ${RUNS} runs each:`);
for (const name of ['worker.html', 'worker-eager.html', 'main.html']) {
  const first = await run(name, true);
  const rest = [];
  for (let i = 1; i < RUNS; i++) rest.push(await run(name));
  const label = { 'worker.html': 'core in the worker', 'worker-eager.html': 'core in the worker, not progressive (as before)', 'main.html': 'core on the main thread' }[name];
  const fmt = (rs) => `longest task median ${median(rs.map((r) => r.max)).toFixed(0)} ms (max ${Math.max(...rs.map((r) => r.max)).toFixed(0)}), tasks > 50 ms median ${median(rs.map((r) => r.over50))}; of which longest script ${median(rs.map((r) => r.script)).toFixed(0)} ms (max ${Math.max(...rs.map((r) => r.script)).toFixed(0)}), longest rendering (style, layout, paint) ${median(rs.map((r) => r.render)).toFixed(0)} ms; first gloss after ${median(rs.map((r) => r.glossMs)).toFixed(0)} ms, ready (every layer painted) after ${median(rs.map((r) => r.readyMs)).toFixed(0)} ms`;
  console.log(`  ${label}, first view (${first.cached ? 'cache' : 'download'}): longest task ${first.max.toFixed(0)} ms, tasks > 50 ms ${first.over50}; longest script ${first.script.toFixed(0)} ms, longest rendering ${first.render.toFixed(0)} ms; first gloss after ${first.glossMs.toFixed(0)} ms, ready after ${first.readyMs.toFixed(0)} ms, ${first.spans} spans`);
  if (rest.length) console.log(`  ${label}, later views (Cache Storage): ${fmt(rest)}`);
}
await browser.close();
server.close();

// 2. WebAssembly against the wasm2js build, in Node.
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const wasmFile = join(WIDGET, 'hashiya_bg.wasm');
const jsFile = join(WIDGET, 'hashiya-core-js.js');
console.log('\nThe core as WebAssembly and as JavaScript (wasm2js):');
console.log(`  size: wasm ${kib(statSync(wasmFile).size)} (gzip ${kib(gz(wasmFile))}); JS ${kib(statSync(jsFile).size)} (gzip ${kib(gz(jsFile))})`);
const glue = await import(pathToFileURL(join(ROOT, 'www', 'pkg', 'hashiya.js')));
glue.initSync({ module: readFileSync(wasmFile) });
const { Hashiya: JsCore } = await import(pathToFileURL(jsFile));
const data = Object.fromEntries(['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'].map((f) => [f, readFileSync(join(WIDGET, 'data', f))]));
const times = { wasm: { load: [], annotate: [] }, js: { load: [], annotate: [] } };
const engines = { wasm: glue.Hashiya, js: JsCore };
const jsRuns = Math.min(RUNS, 5);
for (let i = 0; i < jsRuns; i++) {
  for (const [name, Core] of Object.entries(engines)) {
    let t = performance.now();
    const core = new Core(data['lexicon.bin']);
    core.addEntities(data['ner.model'], data['gazetteer.bin']);
    core.addTerms(data['terms.bin']);
    times[name].load.push(performance.now() - t);
    t = performance.now();
    core.annotate(text);
    times[name].annotate.push(performance.now() - t);
    core.free();
  }
}
for (const name of ['wasm', 'js']) {
  console.log(`  ${name}: load all data ${median(times[name].load).toFixed(0)} ms, annotate ${words.toLocaleString('en')} words ${median(times[name].annotate).toFixed(0)} ms (medians of ${jsRuns}; the first run includes compiling)`);
}
console.log(`  JS / wasm: load ${(median(times.js.load) / median(times.wasm.load)).toFixed(1)}×, annotate ${(median(times.js.annotate) / median(times.wasm.annotate)).toFixed(1)}×`);
