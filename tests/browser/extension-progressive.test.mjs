// The extension's worker loads the core progressively: a page turned on is glossed as soon as
// the words layer works, and painted again with names and terms when the worker has read
// their files (the content script asks the worker's `loaded`), the open tooltip kept. A
// layer whose file fails is reported (the side panel says so) and the words keep working.
// The worker's reads of the slow files are held by wrapping its `fetch` (extension files
// cannot be routed by the test): the slow layer, made slow deterministically.
// Run: node --test tests/browser/extension-progressive.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightCount, launchWithExtension, startPageServer, visibleTooltip, wordCentre } from './extension-harness.mjs';

let ext;
let server;
before(async () => {
  server = await startPageServer();
  ext = await launchWithExtension();
});
after(async () => {
  await ext?.close();
  await server?.close();
});

const ARTICLE = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خبر</title></head><body style="font-size:22px">
<p id="lead">قال وزير الداخلية الإيطالي ماركو مينيتي إن مكافحة الإرهاب في الشرق الأوسط أولوية.</p>
<p>وأضاف الوزير أن الحكومة ستعلن خطتها الجديدة لتحلية مياه البحر خلال الأسبوع المقبل.</p></body></html>`;

/** Starts the worker afresh (its core not loaded yet) and wraps its `fetch`: the files named
 * by `hold` wait for `globalThis.releaseHeld()`, those named by `fail` answer HTTP 404. */
async function freshWorker({ hold = [], fail = [] }) {
  const w = await ext.restartWorker();
  await w.evaluate(([hold, fail]) => {
    const real = globalThis.fetch;
    const waiting = [];
    globalThis.releaseHeld = () => waiting.splice(0).forEach((go) => go());
    globalThis.heldCount = () => waiting.length;
    globalThis.fetch = async (url, init) => {
      const name = String(url).split('/').pop();
      if (fail.includes(name)) return new Response('not found', { status: 404 });
      if (hold.includes(name)) await new Promise((go) => waiting.push(go));
      return real(url, init);
    };
  }, [hold, fail]);
  return w;
}

test('a page is glossed before the entity and term files are read; names and terms are painted later, the tooltip kept', { timeout: 90_000 }, async () => {
  const w = await freshWorker({ hold: ['gazetteer.bin', 'terms.bin'] });
  const page = await ext.newPage();
  await page.goto(server.route('/progressive.html', ARTICLE));
  await ext.toggle(page, true);
  const first = await ext.painted(page, { complete: false });
  assert.equal(first.complete, false, 'the worker still waits for layers');
  assert.deepEqual(first.layers, []);
  assert.ok(await highlightCount(page) >= 10, 'words painted');
  assert.equal(await highlightCount(page, 'hashiya-entity') + await highlightCount(page, 'hashiya-term'), 0, 'no names or terms yet');
  const at = await wordCentre(page, 'وزير', '#lead');
  await page.mouse.move(at.x, at.y);
  await visibleTooltip(page).waitFor({ timeout: 10_000 });
  assert.match(await visibleTooltip(page).innerText(), /minister/i);
  for (let k = 0; (await w.evaluate(() => globalThis.heldCount())) < 2 && k < 100; k++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await w.evaluate(() => globalThis.heldCount()), 2, 'the gazetteer and the term data were read last');
  await w.evaluate(() => globalThis.releaseHeld());
  const all = await ext.painted(page, { since: first.paintedAt });
  assert.deepEqual([...all.layers].sort(), ['entities', 'terms']);
  assert.deepEqual(all.missing, []);
  assert.ok(await highlightCount(page, 'hashiya-entity') >= 2, 'names painted without a reload');
  assert.ok(await highlightCount(page, 'hashiya-term') >= 1, 'terms painted without a reload');
  assert.ok(await visibleTooltip(page).isVisible(), 'the open tooltip stays open');
  assert.match(await visibleTooltip(page).innerText(), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a layer whose file fails is reported as off in the side panel; the words keep working', { timeout: 90_000 }, async () => {
  await freshWorker({ fail: ['terms.bin'] });
  const page = await ext.newPage();
  await page.goto(server.route('/failing.html', ARTICLE));
  await ext.toggle(page, true);
  const s = await ext.painted(page);
  assert.deepEqual(s.layers, ['entities']);
  assert.deepEqual(s.missing.map((m) => m.layer), ['terms']);
  assert.equal(await highlightCount(page, 'hashiya-term'), 0);
  assert.ok(await highlightCount(page, 'hashiya-entity') >= 2, 'names still painted');
  const at = await wordCentre(page, 'وزير', '#lead');
  await page.mouse.move(at.x, at.y);
  await visibleTooltip(page).waitFor({ timeout: 10_000 });
  assert.match(await visibleTooltip(page).innerText(), /minister/i);
  const tabId = await ext.tabId(page);
  const panel = await ext.openExtensionPage(`panel.html?tab=${tabId}`);
  await panel.waitForSelector('body[data-ready="true"]');
  assert.match(await panel.locator('#message').innerText(), /words glossed.*terms are off: .*terms\.bin/s);
  await panel.close();
  assert.deepEqual(page.errors, []);
  await page.close();
});
