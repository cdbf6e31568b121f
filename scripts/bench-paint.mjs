#!/usr/bin/env node
// Painting a 10,000-word page: Hashiya's page layer beside mark.js, in the same Chromium,
// the same page, the same run (configurations take turns, the order reversed every other run).
//   - Hashiya attach(): local core on the main thread, all layers, annotate + map + paint
//   - Hashiya attachAsync(): the core in a Web Worker behind CoreHost/RemoteCore (the
//     widget's design), painting in 8 ms slices; timed until `painted` resolves. Its default
//     on this page paints the text within a viewport height of the viewport (a window that
//     follows scrolling, above REMOTE_LARGE_SPANS spans); attachAsyncAll paints every span
//     (paintNear -1), as attachAsync did before
//   - mark.js 8.11.1 markRegExp(): one alternation of the word forms Hashiya annotated
//   - mark.js 8.11.1 mark(array): the same forms, diacritics: true, accuracy 'exactly'
//     (its Arabic settings), given in parts of 200 forms (its recursion overflows V8's stack
//     on the whole array at once); this one takes minutes, so it runs once, last, unwarmed (--mark-runs)
// Each figure is the median time to done and to the next frame after it, and the longest
// main-thread task (PerformanceObserver 'longtask') seen while it ran.
// mark.js comes from build/bench-peers-js (scripts/bench-peers.sh installs it there; it is
// not a dependency of the project).
//
// Usage: node scripts/bench-paint.mjs [--runs N] [--mark-runs M] [--only a,b] [--profile] [--paint-near X]
//   --runs N       timed runs of each configuration (default 5); --mark-runs M: mark(array) runs (default 1)
//   --only a,b     only these configurations (attach, attachAsync, attachAsyncAll, markRegExp,
//                  markArray), e.g. `--only attach,attachAsync,attachAsyncAll` for Hashiya alone
//   --profile      records a Chromium trace (CDP Tracing) of one more run of each Hashiya
//                  configuration: its longest main-thread task, and what the tasks over 50 ms
//                  spent their time on
//   --paint-near X the `paintNear` option given to attach and attachAsync (default: theirs)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, ROOT, SHARED } from '../tests/browser/harness.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = arg('--runs', 5);
const MARK_RUNS = arg('--mark-runs', 1);
const ALL = ['attach', 'attachAsync', 'attachAsyncAll', 'markRegExp', 'markArray'];
const onlyAt = process.argv.indexOf('--only');
const ONLY = onlyAt > 0 ? process.argv[onlyAt + 1].split(',') : ALL;
for (const n of ONLY) if (!ALL.includes(n)) throw new Error(`bench-paint: --only: unknown configuration ${n} (${ALL.join(', ')})`);
const PROFILE = process.argv.includes('--profile');
const NEAR = arg('--paint-near', undefined);
const WORDS = 10_000;
const markJs = join(ROOT, 'build/bench-peers-js/node_modules/mark.js/dist/mark.min.js');
if (!existsSync(markJs) && ONLY.some((n) => n.startsWith('mark'))) {
  console.error(`bench-paint: ${markJs} is missing: run scripts/bench-peers.sh (it installs mark.js 8.11.1 there)`);
  process.exit(1);
}
const corpusPath = join(SHARED, 'data', 'articles', 'newswire-corpus.txt');
// The page: the corpus's paragraphs up to 10,000 whitespace words.
const paragraphs = [];
let count = 0;
for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const words = line.trim().split(/\s+/);
  const take = words.slice(0, WORDS - count);
  paragraphs.push(take.join(' '));
  count += take.length;
  if (count >= WORDS) break;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const PAGE = `<!doctype html><meta charset="utf-8"><body style="font-size:18px"><div id="out" dir="rtl"></div>
<script src="/mark.min.js"></script>
<script type="module">
  import { Hashiya } from '/hashiya.js';
  import { attach, attachAsync } from '/page-layer.js';
  import { RemoteCore } from '/remote-core.js';
  window.h = await Hashiya.load();
  // The core in a module Web Worker behind a CoreHost, as the widget runs it.
  const src = \`import { Hashiya } from '\${location.origin}/hashiya.js';
    import { CoreHost } from '\${location.origin}/remote-core.js';
    const host = new CoreHost(() => Hashiya.load());
    onmessage = async (e) => postMessage({ n: e.data.n, reply: await host.handle(e.data.request) });\`;
  const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
  const waiting = new Map();
  let n = 0;
  worker.onmessage = (e) => { waiting.get(e.data.n)(e.data.reply); waiting.delete(e.data.n); };
  const send = (request) => new Promise((resolve) => { waiting.set(++n, resolve); worker.postMessage({ n, request }); });
  window.remote = new RemoteCore(send);
  await window.remote.annotate('قال الوزير'); // the worker has loaded its core
  window.attach = attach;
  window.attachAsync = attachAsync;
  window.longest = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration); })
    .observe({ type: 'longtask' });
  window.ready = true;
</script>`;

const b = await openBrowser();
try {
  const page = await b.newPage();
  const url = `${b.url}bench-paint.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  await page.route(`${b.url}mark.min.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: existsSync(markJs) ? readFileSync(markJs, 'utf8') : '' }));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });

  // The word forms Hashiya annotates on this page (word layer), for mark.js to mark.
  const forms = await page.evaluate((paras) => {
    const text = paras.join('\n');
    const spans = window.h.annotate(text);
    const set = new Set();
    for (let i = 0; i < spans.length; i += 4) if (spans[i + 2] === 0) set.add(text.slice(spans[i], spans[i + 1]));
    return [...set];
  }, paragraphs);

  /** One more run of `name` under a Chromium trace: each main-thread task over 50 ms, and the
   * trace events inside it by total duration (self time is not separated: nested events
   * are counted in their parents too). */
  const profileOne = async (name) => {
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,v8.execute,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    const r = await runOne(name);
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' &&
      events.some((f) => f.pid === e.pid && f.name === 'FunctionCall'));
    const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
    const start = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'bench-start')?.ts ?? 0;
    const all = onMain.filter((e) => e.name === 'RunTask' && e.ts >= start).sort((x, y) => y.dur - x.dur);
    const over = all.filter((e) => e.dur > 50_000);
    const tasks = over.length ? over : all.slice(0, 1); // none over 50 ms: the longest one
    const longest = (all[0]?.dur ?? 0) / 1000;
    console.log(`\nprofile of ${name} (done ${r.done.toFixed(0)} ms; longest main-thread task in the trace ${longest.toFixed(1)} ms): ${over.length} task(s) over 50 ms`);
    for (const t of tasks) {
      const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
      const by = new Map();
      for (const e of inside) {
        const key = e.name === 'FunctionCall' || e.name === 'v8.callFunction' ? `${e.name} ${e.args?.data?.functionName ?? ''} ${e.args?.data?.url?.split('/').pop() ?? ''}:${e.args?.data?.lineNumber ?? ''}` : e.name;
        by.set(key, (by.get(key) ?? 0) + e.dur);
      }
      console.log(`  task ${(t.dur / 1000).toFixed(1)} ms:`);
      for (const [k, d] of [...by].sort((x, y) => y[1] - x[1]).slice(0, 14)) console.log(`    ${(d / 1000).toFixed(1).padStart(7)} ms  ${k}`);
    }
  };

  const runOne = (name) => page.evaluate(async ([name, paras, forms, near]) => {
    const out = document.getElementById('out');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    out.replaceChildren(...paras.map((p) => Object.assign(document.createElement('p'), { textContent: p })));
    await frame();
    await frame(); // the plain page is laid out and painted: time only what marking adds
    window.longest = 0;
    console.timeStamp('bench-start'); // where --profile's trace starts counting
    const t0 = performance.now();
    let undo;
    if (name === 'attach') {
      const a = window.attach(out, window.h, { paintNear: near });
      await a.painted;
      undo = () => a.detach();
    } else if (name === 'attachAsync' || name === 'attachAsyncAll') {
      // attachAsyncAll: every span painted (paintNear < 0), attachAsync's default before the
      // window became its default above REMOTE_LARGE_SPANS spans.
      const a = await window.attachAsync(out, window.remote, { paintNear: name === 'attachAsyncAll' ? -1 : near });
      await a.painted;
      undo = () => a.detach();
    } else {
      const m = new Mark(out);
      await new Promise((done) => {
        if (name === 'markRegExp') {
          const escaped = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((x, y) => y.length - x.length);
          m.markRegExp(new RegExp(escaped.join('|'), 'g'), { done });
        } else {
          // mark(array) walks its keywords by recursion (each keyword's `done` starts the
          // next): with thousands of them V8's stack runs out ("Invalid regular expression:
          // Stack overflow"), so the array is given in parts of CHUNK, each call started from a fresh stack.
          const CHUNK = 200;
          const next = (i) => i >= forms.length ? done()
            : m.mark(forms.slice(i, i + CHUNK), { diacritics: true, accuracy: 'exactly', separateWordSearch: false, done: () => queueMicrotask(() => next(i + CHUNK)) });
          next(0);
        }
      });
      undo = () => m.unmark();
    }
    const done = performance.now() - t0;
    await frame();
    const shown = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50)); // let the long-task observer report
    const longest = window.longest;
    const marks = name.startsWith('mark') ? out.querySelectorAll('mark').length : null;
    undo();
    return { done, shown, longest, marks };
  }, [name, paragraphs, forms, NEAR]);

  const names = ALL.filter((n) => ONLY.includes(n));
  const results = Object.fromEntries(names.map((n) => [n, []]));
  const quick = names.filter((n) => n !== 'markArray');
  for (const n of quick) await runOne(n); // warm-up: compiled code, caches
  for (let i = 0; i < RUNS; i++) {
    for (const n of i % 2 ? [...quick].reverse() : quick) results[n].push(await runOne(n));
  }
  // mark(array) last, without a warm-up: a run takes minutes on this page.
  if (names.includes('markArray')) for (let i = 0; i < MARK_RUNS; i++) results.markArray.push(await runOne('markArray'));
  if (PROFILE) for (const n of quick.filter((q) => !q.startsWith('mark'))) await profileOne(n);
  console.log(`\npainting a ${count.toLocaleString('en-US')}-word page (${paragraphs.length} paragraphs of ${corpusPath}), ` +
    `${forms.length.toLocaleString('en-US')} word forms; ${await b.context.browser()?.version?.() ?? 'Chromium'} headless; medians of ${RUNS} runs (mark(array): ${MARK_RUNS})`);
  const base = median(results[names[0]].map((r) => r.shown));
  const label = {
    attach: 'Hashiya attach (local core)',
    attachAsync: 'Hashiya attachAsync (Worker)',
    attachAsyncAll: '  the same, every span painted',
    markRegExp: 'mark.js markRegExp',
    markArray: 'mark.js mark(array)',
  };
  console.log(`  ${'what'.padEnd(30)} ${'done'.padStart(10)} ${'next frame'.padStart(12)} ${'longest task'.padStart(13)}   next frame ÷ ${names[0]}'s`);
  for (const n of names) {
    const rs = results[n];
    const shown = median(rs.map((r) => r.shown));
    const marks = rs[0].marks === null ? '' : `  (${rs[0].marks.toLocaleString('en-US')} <mark>s)`;
    console.log(`  ${label[n].padEnd(30)} ${median(rs.map((r) => r.done)).toFixed(1).padStart(7)} ms ${shown.toFixed(1).padStart(9)} ms ` +
      `${median(rs.map((r) => r.longest)).toFixed(0).padStart(10)} ms   ${(shown / base).toFixed(2)}×${marks}`);
  }
  // The payload beside a browser NER model (transformers.js multilingual NER, int8 ONNX:
  // about 178 MB; a figure, not a download).
  const { gzipSync } = await import('node:zlib');
  const files = ['www/pkg/hashiya_bg.wasm', 'build/data/lexicon.bin', 'build/data/ner.model', 'build/data/gazetteer.bin', 'build/data/terms.bin',
    'www/pkg/hashiya.js', 'www/hashiya.js', 'www/page-layer.js', 'www/text-map.js', 'www/tooltip.js', 'www/spans.js'];
  const gz = files.reduce((s, f) => s + gzipSync(readFileSync(join(ROOT, f)), { level: 9 }).length, 0);
  const raw = files.reduce((s, f) => s + readFileSync(join(ROOT, f)).length, 0);
  console.log(`\npayload: ${(gz / 1e6).toFixed(2)} MB gzip -9 (${(raw / 1e6).toFixed(2)} MB raw: wasm, data, JS) vs ~178 MB for a ` +
    `transformers.js multilingual NER model (int8): ${(178e6 / gz).toFixed(0)}× smaller`);
  if (page.errors.length) throw page.errors[0];
} finally {
  await b.close();
}
