// The widget on a host page (dist/widget/ served as a site would): <hashiya-annotate>
// around one article and pointing at another share one worker; hover shows the tooltip,
// themed by the page on purpose only; events fire; removing the elements restores the
// articles byte-identical; a second page view reads the data from Cache Storage.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser } from './harness.mjs';
import { buildWidget, SENTENCE, startWidgetServer, tooltipState, WIDGET, wordCentre } from './widget-harness.mjs';

let browser;
let server;
before(async () => {
  buildWidget();
  [browser, server] = await Promise.all([openBrowser(), startWidgetServer()]);
  server.pages.set('terms.tsv', 'arabic\tenglish\nمكافحة الإرهاب\tcounter-terrorism (site glossary)\n');
  server.pages.set('host.html', `<!doctype html><meta charset="utf-8">
<style>
  /* A site's careless CSS: must not reach the tooltip. */
  div, span, li, section { color: rgb(255, 0, 0) !important; font-size: 40px !important; }
  /* A site's deliberate theme: custom properties and ::part. */
  hashiya-annotate { --hashiya-tooltip-bg: rgb(1, 2, 3); }
  hashiya-tooltip::part(lemma) { color: rgb(0, 128, 0); }
</style>
<script>
  window.events = [];
  for (const type of ['hashiya-ready', 'hashiya-lookup', 'hashiya-error', 'hashiya-progress']) {
    document.addEventListener(type, (e) => window.events.push({ type, from: e.target.id || e.target.localName, detail: JSON.parse(JSON.stringify(e.detail)) }));
  }
</script>
<script type="module" src="/widget/hashiya-widget.js"></script>
<hashiya-annotate id="wrap" layers="words entities terms" glossary="/pages/terms.tsv">
  <article id="a" dir="rtl"><h2>خبر</h2><p class="x">${SENTENCE}</p></article>
</hashiya-annotate>
<article id="b" dir="rtl" style="margin-top: 4em"><p><b>الشرق الأوسط</b> ${SENTENCE}</p></article>
<hashiya-annotate id="pointer" for="b" layers="words entities terms"></hashiya-annotate>
<hashiya-annotate id="broken" for="no-such-article"></hashiya-annotate>
<script>window.before = { a: document.getElementById('a').outerHTML, b: document.getElementById('b').outerHTML };</script>`);
});
after(async () => {
  await browser?.close();
  server?.close();
});

const dataRequests = () => server.requests.filter((p) => /\/widget\/(data\/|hashiya_bg\.wasm)/.test(p));
const waitReady = (page, n) => page.waitForFunction((k) => window.events.filter((e) => e.type === 'hashiya-ready').length >= k, n, { timeout: 60_000 });

test('the element annotates its article in a shared worker, shows the tooltip, fires events and restores the article when removed', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}pages/host.html`);
  await waitReady(page, 2);
  let events = await page.evaluate(() => window.events);
  const ready = events.filter((e) => e.type === 'hashiya-ready');
  assert.deepEqual(ready.map((e) => e.from).sort(), ['pointer', 'wrap']);
  for (const { detail } of ready) {
    assert.equal(detail.engine, 'wasm');
    assert.equal(detail.worker, true, `the core runs in a worker (${detail.noWorker})`);
    assert.deepEqual(detail.loaded, ['words', 'entities', 'terms']);
    assert.deepEqual(detail.missing, []);
    assert.equal(detail.cached, false, 'first view: downloaded');
    assert.ok(detail.words >= 12, `words painted: ${detail.words}`);
  }
  assert.deepEqual(ready.find((e) => e.from === 'wrap').detail.glossary.issues, []);
  // One worker and one download for both elements.
  assert.equal(server.requests.filter((p) => p.endsWith('hashiya-worker.js')).length, 1);
  assert.equal(server.requests.filter((p) => p.endsWith('/data/lexicon.bin')).length, 1);
  const progress = events.filter((e) => e.type === 'hashiya-progress');
  assert.ok(progress.length >= 2, 'progress while downloading');
  const last = progress.at(-1).detail;
  // the whole download: the core and every data file, as built
  const assets = ['hashiya_bg.wasm', ...readdirSync(join(WIDGET, 'data')).map((f) => join('data', f))];
  const built = assets.reduce((sum, f) => sum + statSync(join(WIDGET, f)).size, 0);
  assert.ok(last.total === built && last.loaded === last.total, `progress ends complete at ${built} bytes: ${JSON.stringify(last)}`);
  const errors = events.filter((e) => e.type === 'hashiya-error');
  assert.deepEqual(errors.map((e) => [e.from, e.detail.during]), [['broken', 'setup']]);
  assert.match(errors[0].detail.message, /no-such-article/);

  // Hover a word of the wrapped article: the tooltip glosses it, themed on purpose only.
  const at = await wordCentre(page, '#a', 'وزير');
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(() => window.events.some((e) => e.type === 'hashiya-lookup'));
  const tip = await tooltipState(page);
  assert.match(tip.text, /minister/);
  assert.equal(tip.bg, 'rgb(1, 2, 3)', '--hashiya-tooltip-bg set on the element reaches the card');
  assert.equal(tip.lemmaColor, 'rgb(0, 128, 0)', '::part(lemma) reaches the lemma');
  assert.notEqual(tip.color, 'rgb(255, 0, 0)', 'the page\'s own CSS does not');
  events = await page.evaluate(() => window.events);
  const lookup = events.find((e) => e.type === 'hashiya-lookup');
  assert.equal(lookup.from, 'wrap', 'the lookup bubbles from the element');
  assert.ok(lookup.detail.details.some((d) => d.layer === 'word' && /minister/.test(d.glosses[0])));

  // The site glossary's entry wins on its term (pointing element, same shared core).
  const term = await wordCentre(page, '#b', 'مكافحة');
  await page.mouse.move(term.x, term.y);
  await page.waitForFunction(() => window.events.filter((e) => e.type === 'hashiya-lookup').length >= 2);
  assert.match((await tooltipState(page)).text, /counter-terrorism \(site glossary\)/);

  // Key terms through the element's API.
  const keyTerms = await page.evaluate(() => document.getElementById('pointer').keyTerms());
  assert.ok(keyTerms.some((t) => t.english), JSON.stringify(keyTerms.slice(0, 2)));

  // Removing the elements: highlights, tooltip and attributes gone, articles as they were.
  const after = await page.evaluate(() => {
    document.getElementById('pointer').remove();
    const wrap = document.getElementById('wrap');
    const a = document.getElementById('a');
    wrap.remove();
    const highlights = [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0);
    return { a: a.outerHTML, b: document.getElementById('b').outerHTML, before: window.before, highlights, tooltips: document.querySelectorAll('hashiya-tooltip').length, tabindex: wrap.hasAttribute('tabindex') };
  });
  assert.equal(after.a, after.before.a);
  assert.equal(after.b, after.before.b);
  assert.equal(after.highlights, 0);
  assert.equal(after.tooltips, 0);
  assert.equal(after.tabindex, false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a second page view reads the core and the data from Cache Storage', { timeout: 60_000 }, async () => {
  const before = dataRequests().length;
  assert.ok(before >= 5, `the first view downloaded the wasm and four data files (${before})`);
  const page = await browser.newPage();
  await page.goto(`${server.url}pages/host.html`);
  await waitReady(page, 2);
  const ready = (await page.evaluate(() => window.events)).filter((e) => e.type === 'hashiya-ready');
  assert.ok(ready.every((e) => e.detail.cached === true), JSON.stringify(ready.map((e) => e.detail.cached)));
  assert.deepEqual(dataRequests().slice(before), [], 'no network request for the wasm or the data');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('where the worker cannot start, the core runs on the main thread and the article is still annotated', { timeout: 60_000 }, async () => {
  server.pages.set('no-worker.html', `<!doctype html><meta charset="utf-8"><article id="a" dir="rtl"><p>${SENTENCE}</p></article><script type="module">
import { annotate } from '/widget/hashiya-widget.js';
annotate(document.getElementById('a'), { workerUrl: '/widget/missing-worker.js' }).ready.then((d) => { window.result = d; }, (e) => { window.result = { error: e.message }; });
</script>`);
  const page = await browser.newPage();
  await page.goto(`${server.url}pages/no-worker.html`);
  await page.waitForFunction(() => window.result, null, { timeout: 30_000 });
  const result = await page.evaluate(() => window.result);
  assert.equal(result.error, undefined);
  assert.equal(result.worker, false);
  assert.match(result.noWorker, /worker did not start/);
  assert.ok(result.words >= 10);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a long article only the text near the viewport is highlighted, and the highlights follow scrolling', { timeout: 60_000 }, async () => {
  const paragraphs = Array.from({ length: 150 }, (_, k) => `<p id="p${k}">${SENTENCE}</p>`).join('');
  server.pages.set('long.html', `<!doctype html><meta charset="utf-8"><script type="module" src="/widget/hashiya-widget.js"></script>
<hashiya-annotate layers="words"><article id="a" dir="rtl">${paragraphs}</article></hashiya-annotate>`);
  const page = await browser.newPage();
  await page.goto(`${server.url}pages/long.html`);
  await page.evaluate(() => document.querySelector('hashiya-annotate').ready);
  // Whether the word highlight holds a range in the first and in the last paragraph.
  const painted = () => page.evaluate(() => {
    const h = CSS.highlights.get('hashiya-word');
    const first = document.getElementById('p0').firstChild;
    const last = document.getElementById('p149').firstChild;
    let top = false;
    let bottom = false;
    for (const r of h) {
      top ||= r.startContainer === first;
      bottom ||= r.startContainer === last;
    }
    return { size: h.size, top, bottom };
  });
  const atTop = await painted();
  assert.ok(atTop.top && !atTop.bottom, JSON.stringify(atTop));
  assert.ok(atTop.size < 150 * 11 / 2, `only part of the ${150 * 11} words is highlighted: ${atTop.size}`);
  await page.evaluate(() => document.getElementById('p149').scrollIntoView());
  await page.waitForFunction(() => [...CSS.highlights.get('hashiya-word')].some((r) => r.startContainer === document.getElementById('p149').firstChild));
  const atBottom = await painted();
  assert.ok(atBottom.bottom && !atBottom.top, JSON.stringify(atBottom));
  // Hover still glosses down there.
  const at = await wordCentre(page, '#p149', 'وزير');
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(() => [...document.querySelectorAll('hashiya-tooltip')].some((h) => !h.shadowRoot.querySelector('.card').hidden));
  assert.match((await tooltipState(page)).text, /minister/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
