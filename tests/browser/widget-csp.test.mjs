// A page served with `Content-Security-Policy: script-src 'self'` (no 'wasm-unsafe-eval'),
// on the page and on the worker: compiling WebAssembly throws there, so the widget loads
// the core's JavaScript build (wasm2js), says so once in the console, and still glosses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { buildWidget, SENTENCE, startWidgetServer, tooltipState, wordCentre } from './widget-harness.mjs';

let browser;
let server;
before(async () => {
  buildWidget();
  [browser, server] = await Promise.all([openBrowser(), startWidgetServer()]);
  // No inline script may run under this policy: the page's own script is a file.
  server.pages.set('record.js', `window.events = [];
for (const type of ['hashiya-ready', 'hashiya-lookup', 'hashiya-error']) {
  document.addEventListener(type, (e) => window.events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));
}`);
  server.pages.set('csp.html', `<!doctype html><meta charset="utf-8">
<script src="/csp/pages/record.js"></script>
<script type="module" src="/csp/widget/hashiya-widget.js"></script>
<hashiya-annotate layers="words entities terms"><article id="a" dir="rtl"><p>${SENTENCE}</p></article></hashiya-annotate>`);
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('under script-src \'self\' the widget runs the wasm2js build of the core', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text())); // the worker's console too
  await page.goto(`${server.url}csp/pages/csp.html`);
  // The policy is really in force: WebAssembly cannot be compiled on this page.
  assert.equal(await page.evaluate(() => {
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      return 'compiled';
    } catch {
      return 'refused';
    }
  }), 'refused');
  await page.waitForFunction(() => window.events.some((e) => e.type === 'hashiya-ready' || e.type === 'hashiya-error'), null, { timeout: 90_000 });
  const events = await page.evaluate(() => window.events);
  assert.deepEqual(events.filter((e) => e.type === 'hashiya-error'), []);
  const ready = events.find((e) => e.type === 'hashiya-ready').detail;
  assert.equal(ready.engine, 'js', 'the JavaScript build was used');
  assert.deepEqual(ready.loaded, ['words', 'entities', 'terms']);
  assert.ok(ready.words >= 10, `words painted: ${ready.words}`);
  assert.ok(server.requests.some((p) => p.endsWith('/widget/hashiya-core-js.js')), 'hashiya-core-js.js was loaded');
  assert.ok(!server.requests.some((p) => p.endsWith('.wasm')), 'the .wasm was not even downloaded');
  const said = consoleLines.filter((l) => /JavaScript build of the core/.test(l));
  assert.equal(said.length, 1, `said once in the console: ${JSON.stringify(consoleLines)}`);

  const at = await wordCentre(page, '#a', 'وزير');
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(() => window.events.some((e) => e.type === 'hashiya-lookup'));
  assert.match((await tooltipState(page)).text, /minister/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
