// The widget loads its core progressively (in its worker): the article's words are glossed
// once the lexicon and the core are in, and the names and terms painted when their files
// have arrived, without a reload, the open tooltip kept; `hashiya-ready` then reports every
// layer. A layer whose file fails is reported missing and the words keep working.
// Run: node --test tests/browser/widget-progressive.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { buildWidget, SENTENCE, startWidgetServer, tooltipState, wordCentre } from './widget-harness.mjs';

let browser;
let server;
before(async () => {
  buildWidget();
  [browser, server] = await Promise.all([openBrowser(), startWidgetServer()]);
  server.pages.set('blank.html', '<!doctype html><title>blank</title>');
  server.pages.set('article.html', `<!doctype html><meta charset="utf-8">
<script>
  window.events = [];
  for (const type of ['hashiya-ready', 'hashiya-error']) {
    document.addEventListener(type, (e) => window.events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));
  }
</script>
<script type="module">
  import { annotate } from '/widget/hashiya-widget.js';
  annotate(document.getElementById('a'));
</script>
<article id="a" dir="rtl"><p>${SENTENCE}</p><p>${SENTENCE}</p></article>`);
});
after(async () => {
  await browser?.close();
  server?.close();
});

const sizes = (page) => page.evaluate(() => Object.fromEntries(['word', 'entity', 'term'].map((l) => [l, CSS.highlights.get(`hashiya-${l}`)?.size ?? 0])));

/** A page of the test server with its Cache Storage emptied (the widget keeps its files there). */
async function freshPage() {
  const page = await browser.newPage();
  await page.goto(`${server.url}pages/blank.html`);
  await page.evaluate(async () => Promise.all((await caches.keys()).map((k) => caches.delete(k))));
  return page;
}

test('words are glossed before the term and entity files arrive; those layers are painted later, the tooltip kept', { timeout: 90_000 }, async () => {
  const page = await freshPage();
  // The worker's fetches of the term data and the gazetteer are held until the words are
  // glossed: the slow layers, made slow deterministically.
  const held = [];
  const late = /\/widget\/data\/(terms\.bin|gazetteer\.bin)$/;
  await browser.context.route(late, (route) => held.push(route));
  try {
    await page.goto(`${server.url}pages/article.html`);
    await page.waitForFunction(() => (CSS.highlights.get('hashiya-word')?.size ?? 0) >= 20, null, { timeout: 60_000 });
    const first = await sizes(page);
    assert.equal(first.entity + first.term, 0, `words first, no names or terms yet: ${JSON.stringify(first)}`);
    assert.equal((await page.evaluate(() => window.events)).length, 0, 'hashiya-ready waits for every layer');
    const { x, y } = await wordCentre(page, '#a', 'وزير');
    await page.mouse.move(x, y);
    await page.waitForFunction(() => [...document.querySelectorAll('hashiya-tooltip')].some((h) => h.shadowRoot?.querySelector('.card:not([hidden])')), null, { timeout: 10_000 });
    assert.match((await tooltipState(page)).text, /minister/i);
    for (let k = 0; held.length < 2 && k < 100; k++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(held.length, 2, 'the term data and the gazetteer were asked for');
    for (const r of held) await r.continue();
    await page.waitForFunction(() => window.events.length > 0, null, { timeout: 60_000 });
    const [event] = await page.evaluate(() => window.events);
    assert.equal(event.type, 'hashiya-ready', JSON.stringify(event));
    assert.deepEqual(event.detail.loaded, ['words', 'entities', 'terms']);
    assert.deepEqual(event.detail.missing, []);
    const later = await sizes(page);
    assert.ok(later.entity >= 2 && later.term >= 2, `names and terms painted without a reload: ${JSON.stringify(later)}`);
    const tip = await tooltipState(page);
    assert.ok(tip, 'the open tooltip stays open');
    assert.match(tip.text, /minister/i);
    // The new annotation answers look-ups: a name's tooltip shows its entity.
    const name = await wordCentre(page, '#a', 'مينيتي');
    await page.mouse.move(name.x, name.y);
    await page.waitForFunction(() => [...document.querySelectorAll('hashiya-tooltip')].some((h) => /Minniti/.test(h.shadowRoot?.querySelector('.card:not([hidden])')?.textContent ?? '')), null, { timeout: 10_000 });
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.context.unroute(late);
    await page.close();
  }
});

test('a layer whose file fails is reported missing; the words keep working', { timeout: 90_000 }, async () => {
  const page = await freshPage();
  const bad = /\/widget\/data\/terms\.bin$/;
  await browser.context.route(bad, (route) => route.fulfill({ status: 500, body: 'broken' }));
  try {
    await page.goto(`${server.url}pages/article.html`);
    await page.waitForFunction(() => window.events.length > 0, null, { timeout: 60_000 });
    const [event] = await page.evaluate(() => window.events);
    assert.equal(event.type, 'hashiya-ready', JSON.stringify(event));
    assert.deepEqual(event.detail.loaded, ['words', 'entities']);
    assert.deepEqual(event.detail.missing.map((m) => m.layer), ['terms']);
    assert.match(event.detail.missing[0].message, /terms\.bin.*HTTP 500/);
    const s = await sizes(page);
    assert.ok(s.word >= 20 && s.entity >= 2 && s.term === 0, JSON.stringify(s));
    const { x, y } = await wordCentre(page, '#a', 'وزير');
    await page.mouse.move(x, y);
    await page.waitForFunction(() => [...document.querySelectorAll('hashiya-tooltip')].some((h) => /minister/i.test(h.shadowRoot?.querySelector('.card:not([hidden])')?.textContent ?? '')), null, { timeout: 10_000 });
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.context.unroute(bad);
    await page.close();
  }
});
