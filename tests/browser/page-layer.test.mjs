// Browser tests of the page layer on its own (www/page-layer.js), as the extension and the
// widget will use it: on an arbitrary page with open shadow roots and words split by markup.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

// A page served from the project's origin (so it can import the modules) that is not the reader.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-size:28px">
<p id="light" dir="rtl">أعلن <span>الوز</span><i>ير</i> أمس</p>
<div id="host"></div>
<script type="module">
  import { Hashiya } from '/hashiya.js';
  import { attach } from '/page-layer.js';
  const shadow = document.getElementById('host').attachShadow({ mode: 'open' });
  shadow.innerHTML = '<p dir="rtl">قال <b>وزير</b> الداخلية</p>';
  window.annotated = attach(document.body, await Hashiya.load());
  window.ready = true;
</script></body></html>`;

async function openPage() {
  const page = await browser.newPage();
  const url = `${browser.url}page-layer-test.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return page;
}

/** Centre of `word` within the text of `scope` ('light' element or the shadow root). */
async function centre(page, inShadow, word) {
  return page.evaluate(([inShadow, word]) => {
    const root = inShadow ? document.getElementById('host').shadowRoot : document.getElementById('light');
    // Collect the text nodes, find the word in their concatenation, build a Range across them.
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const text = nodes.map((n) => n.data).join('');
    const at = text.indexOf(word);
    const locate = (offset) => {
      for (const n of nodes) {
        if (offset <= n.length) return [n, offset];
        offset -= n.length;
      }
      return null;
    };
    const r = new Range();
    r.setStart(...locate(at));
    r.setEnd(...locate(at + word.length));
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, [inShadow, word]);
}

const visibleTooltip = (page) => page.locator('hashiya-tooltip .card:not([hidden])');

test('hovering a word inside an open shadow root shows its gloss', { timeout: 60_000 }, async () => {
  const page = await openPage();
  const { x, y } = await centre(page, true, 'وزير');
  await page.mouse.move(x, y);
  await visibleTooltip(page).waitFor({ timeout: 5_000 });
  assert.match(await visibleTooltip(page).innerText(), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a word split across elements maps back to one span', { timeout: 60_000 }, async () => {
  const page = await openPage();
  // الوزير is written as الوز + <i>ير</i>: the core sees one word, the page one range.
  const text = await page.evaluate(() => {
    return [...CSS.highlights.get('hashiya-word')].map((r) => {
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      return live.toString();
    });
  });
  assert.ok(text.includes('الوزير'), `painted words: ${text.join(' | ')}`);
  const { x, y } = await centre(page, false, 'الوزير');
  await page.mouse.move(x, y);
  await visibleTooltip(page).waitFor({ timeout: 5_000 });
  const tip = await visibleTooltip(page).innerText();
  assert.match(tip, /minister/i);
  assert.match(tip, /\bthe \+ /, 'the article al- is shown as an affix meaning');
  await page.close();
});

test('detach removes every highlight, the tooltip and the listeners', { timeout: 60_000 }, async () => {
  const page = await openPage();
  const before = await page.evaluate(() => CSS.highlights.get('hashiya-word').size);
  assert.ok(before >= 6, `painted before detach: ${before}`);
  await page.evaluate(() => window.annotated.detach());
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-word').size), 0);
  assert.equal(await page.locator('hashiya-tooltip').count(), 0);
  const { x, y } = await centre(page, true, 'وزير');
  await page.mouse.move(x, y);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('hashiya-tooltip').count(), 0, 'no tooltip after detach');
  assert.equal(await page.getAttribute('body', 'tabindex'), null);
  await page.close();
});

// The page layer over a core behind a message boundary (what the extension's service worker
// and the widget's Web Worker do): one CoreHost, two documents, every request and reply
// structured-cloned as a real transport would.
const REMOTE_PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-size:28px">
<p id="a" dir="rtl">قال وزير الداخلية الإيطالي ماركو مينيتي إن الحكومة تدرس الخطة.</p>
<p id="b" dir="rtl">وصل الرئيس إلى القاهرة أمس.</p>
<script type="module">
  import { Hashiya } from '/hashiya.js';
  import { CoreHost, RemoteCore } from '/remote-core.js';
  import { attachAsync } from '/page-layer.js';
  const host = new CoreHost(() => Hashiya.load());
  window.requests = [];
  const send = async (request) => {
    window.requests.push(request.op);
    return structuredClone(await host.handle(structuredClone(request)));
  };
  window.a = await attachAsync(document.getElementById('a'), new RemoteCore(send));
  window.b = await attachAsync(document.getElementById('b'), new RemoteCore(send, { layers: { entities: false } }));
  await Promise.all([window.a.painted, window.b.painted]);
  window.ready = true;
</script></body></html>`;

test('a remote core: two documents share one host, tooltips fetch details for the right text', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const url = `${browser.url}remote-test.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: REMOTE_PAGE }));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  // The first document's entity is coloured by its type, sent with the spans.
  const per = await page.evaluate(() => [...(CSS.highlights.get('hashiya-entity-per') ?? [])].length);
  assert.ok(per >= 1, 'the person in #a is painted as PER');
  // The second document asked for no entities: none of its text is in an entity highlight.
  const entityTexts = await page.evaluate(() => [...CSS.highlights.get('hashiya-entity')].map((r) => r.startContainer.parentElement.id));
  assert.ok(!entityTexts.includes('b'), `entities painted in #b: ${entityTexts}`);
  // #b was annotated last; hovering a word of #a must show #a's word, not #b's span with that id.
  const box = await page.evaluate(() => {
    const node = document.getElementById('a').firstChild;
    const at = node.data.indexOf('وزير');
    const r = new Range();
    r.setStart(node, at);
    r.setEnd(node, at + 4);
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await visibleTooltip(page).waitFor({ timeout: 5_000 });
  assert.match(await visibleTooltip(page).innerText(), /minister/i);
  assert.ok((await page.evaluate(() => window.requests)).includes('details'));
  await page.evaluate(() => { window.a.detach(); window.b.detach(); });
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-word').size), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
