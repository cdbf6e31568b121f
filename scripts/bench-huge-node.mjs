#!/usr/bin/env node
// One huge text node through the page layer in headless Chromium (Debian's, via the test
// harness): a plain-text file's shape (one text node, pre-wrap, a line per sentence).
// Reports, in the page: attach → annotated, → all painted, the next two frames, two frames
// after a hover (Chromium repaints highlights then), and how many spans are painted.
//
//   node scripts/bench-huge-node.mjs [MB] [attach|async|worker]     (default: 1 async)
//   attach: core on the main thread; async: attachAsync over a CoreHost in the page;
//   worker: attachAsync over a CoreHost in a module Web Worker (as the widget/extension).
import { openBrowser, WORKER_CORE_SCRIPT } from '../tests/browser/harness.mjs';

const MB = Number(process.argv[2] || 1);
const MODE = process.argv[3] || 'async';
const SENTENCE = 'قال وزير الداخلية الإيطالي ماركو مينيتي إن الحكومة تدرس الخطة في العراق.\n';
const browser = await openBrowser();
try {
  const page = await browser.newPage();
  const url = `${browser.url}bench-huge-node.html`;
  const body = `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-size:18px">
<div id="root" style="white-space:pre-wrap"></div>
<script>const s = ${JSON.stringify(SENTENCE)}; document.getElementById('root').append(s.repeat(Math.ceil(${MB} * 1024 * 1024 / (s.length * 2))));</script>
<script type="module">
import { Hashiya } from '/hashiya.js';
import { CoreHost, RemoteCore } from '/remote-core.js';
import { attach, attachAsync } from '/page-layer.js';
${WORKER_CORE_SCRIPT}
const root = document.getElementById('root');
const out = {};
const frames = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
let t = performance.now();
root.getBoundingClientRect();
out.pageLayoutMs = Math.round(performance.now() - t);
let core;
if (${JSON.stringify(MODE)} === 'worker') {
  core = new RemoteCore(workerCoreSend());
  await core.status(); // the worker's core loaded before the clock starts
} else {
  const h = await Hashiya.load();
  const host = new CoreHost(async () => h);
  core = ${JSON.stringify(MODE)} === 'attach' ? h : new RemoteCore(async (r) => structuredClone(await host.handle(structuredClone(r))));
}
await frames();
t = performance.now();
const a = ${JSON.stringify(MODE)} === 'attach' ? attach(root, core) : await attachAsync(root, core);
out.annotatedMs = Math.round(performance.now() - t);
await a.painted;
out.paintedMs = Math.round(performance.now() - t);
out.spans = a.spanCount;
out.spansPainted = a._shown ? a._shown.size : a.spanCount;
t = performance.now();
await frames();
out.nextTwoFramesMs = Math.round(performance.now() - t);
t = performance.now();
a.show(a.words[5]);
await frames();
out.hoverTwoFramesMs = Math.round(performance.now() - t);
a.detach();
window.out = out;
</script></body></html>`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
  await page.goto(url, { waitUntil: 'commit' });
  while (!(await page.evaluate(() => !!window.out).catch(() => false))) await new Promise((r) => setTimeout(r, 300));
  console.log(`${MB} MB, ${MODE}:`, JSON.stringify(await page.evaluate(() => window.out)), page.errors.length ? `errors: ${page.errors}` : '');
} finally {
  await browser.close();
}
