// The offline file loads progressively too: the lexicon and the core are unpacked first and
// the sample article glossed; the entity and term files are unpacked after, and the reader
// paints names and terms when they are in, the open tooltip kept. An inlined layer that
// cannot be unpacked is reported as off and the words keep working.
// The slow layers are made slow deterministically: an init script holds every gzip stream
// the page opens after the first two (the lexicon's and the core's) until the test releases
// them.
// Run: node --test tests/browser/offline-progressive.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBrowser } from './harness.mjs';
import { buildOffline, OUTPUT } from '../../scripts/build-offline.mjs';

const TIMEOUT = 90_000;
let browser;
let dir;
before(async () => {
  await buildOffline();
  browser = await openBrowser();
  dir = mkdtempSync(join(tmpdir(), 'hashiya-offline-progressive-'));
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sizes = (page) => page.evaluate(() => Object.fromEntries(['word', 'entity', 'term'].map((l) => [l, CSS.highlights.get(`hashiya-${l}`)?.size ?? 0])));
const tooltip = (page) => page.locator('hashiya-tooltip .card');

/** Holds each DecompressionStream after the first two until `releaseLayers()`. */
function holdLaterUnpacking() {
  const Real = globalThis.DecompressionStream;
  const held = [];
  let n = 0;
  globalThis.releaseLayers = () => held.splice(0).forEach((go) => go());
  globalThis.heldLayers = () => held.length;
  globalThis.DecompressionStream = function DecompressionStream(format) {
    const real = new Real(format);
    n += 1;
    if (n <= 2) return real;
    const gate = new Promise((go) => held.push(go));
    const out = new TransformStream({ async transform(chunk, c) { await gate; c.enqueue(chunk); } });
    real.readable.pipeTo(out.writable).catch(() => {});
    return { writable: real.writable, readable: out.readable };
  };
}

async function hover(page, word) {
  const box = await page.evaluate((w) => {
    const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(` ${w} `);
      if (i < 0) continue;
      const r = new Range();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 1 + w.length);
      n.parentElement.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, word);
  assert.ok(box, `${word} is in the reader`);
  await page.mouse.move(box.x, box.y);
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  return tooltip(page).innerText();
}

test('the sample is glossed before the entity and term files are unpacked; names and terms are painted later, the tooltip kept', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  await page.addInitScript(holdLaterUnpacking);
  await page.goto(pathToFileURL(OUTPUT).href);
  await page.waitForFunction(() => document.getElementById('stats').textContent !== '', null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words');
  const first = await sizes(page);
  assert.ok(first.word >= 150 && first.entity + first.term === 0, `words first: ${JSON.stringify(first)}`);
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.equal(await page.evaluate(() => globalThis.heldLayers()), 3, 'ner.model, gazetteer.bin and terms.bin wait');
  await page.evaluate(() => globalThis.releaseLayers());
  await page.waitForFunction(() => document.getElementById('reader').dataset.layersLoaded === 'all', null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words entities terms');
  const later = await sizes(page);
  assert.ok(later.entity >= 1 && later.term >= 1, `names and terms painted without a reload: ${JSON.stringify(later)}`);
  assert.ok(await tooltip(page).isVisible(), 'the open tooltip stays open');
  assert.match(await tooltip(page).innerText(), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an inlined layer that cannot be unpacked is reported as off; the words keep working', { timeout: TIMEOUT }, async () => {
  // A copy of the file whose term data is damaged (valid base64, not gzip).
  const html = readFileSync(OUTPUT, 'utf8');
  const block = /(<script type="application\/x-hashiya-gzip" data-name="terms\.bin"[^>]*>)[^<]*(<\/script>)/;
  assert.match(html, block);
  const damaged = join(dir, 'damaged-terms.html');
  writeFileSync(damaged, html.replace(block, `$1${Buffer.from('not gzip at all').toString('base64')}$2`));
  const page = await browser.newPage();
  await page.goto(pathToFileURL(damaged).href);
  await page.waitForFunction(() => document.getElementById('reader').dataset.layersLoaded === 'all', null, { timeout: 30_000 });
  assert.match(await page.textContent('#message'), /terms are off: .*terms\.bin could not be unpacked/);
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words entities');
  const s = await sizes(page);
  assert.ok(s.word >= 150 && s.entity >= 1 && s.term === 0, JSON.stringify(s));
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});
