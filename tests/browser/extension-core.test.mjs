// The extension in headless Chromium, as a user meets it: the toolbar toggle (called in the
// worker, as the button's handler does), hover glosses, exact restoration, hostile pages
// (strict CSP, hostile CSS), late and constantly changing content, shadow roots and iframes,
// a worker the browser stopped, the side panel and its exports. One browser for the file.
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

const page = (body, head = '') => `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>صفحة اختبار</title>${head}</head><body style="font-size:22px">${body}</body></html>`;

const ARTICLE = `<h1>الحكومة تعلن خطة جديدة للمياه</h1>
<p id="lead">قال وزير الداخلية أمس إن الحكومة ستعلن خطتها الجديدة لتحلية مياه البحر خلال الأسبوع المقبل.</p>
<p>وأضاف الوزير أن المشروع سيوفر المياه لآلاف الأسر في المدن الساحلية.</p>`;

async function open(url) {
  const p = await ext.newPage();
  await p.goto(url);
  return p;
}

const html = (p) => p.evaluate(() => document.documentElement.outerHTML);

/** Hovers `word` and returns the tooltip's text. */
async function hover(p, word, selector = 'body') {
  const at = await wordCentre(p, word, selector);
  assert.ok(at, `${word} is on the page`);
  await p.mouse.move(at.x, at.y);
  await visibleTooltip(p).waitFor({ timeout: 10_000 });
  return visibleTooltip(p).innerText();
}

test('the toolbar toggle annotates the page, a hover shows the gloss, the second toggle restores it byte for byte', { timeout: 90_000 }, async () => {
  const p = await open(server.route('/article.html', page(ARTICLE)));
  const before = await html(p);
  assert.equal(await ext.toggle(p), true);
  const state = await ext.painted(p);
  assert.ok(state.words >= 20, `words glossed: ${state.words}`);
  assert.ok((await highlightCount(p)) >= 20, 'word highlights painted');
  const w = await ext.worker();
  assert.equal(await w.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), await ext.tabId(p)), 'ON');
  assert.match(await hover(p, 'وزير'), /minister/i);
  assert.equal(await ext.toggle(p), false);
  assert.equal(await highlightCount(p), 0);
  assert.equal(await html(p), before, 'outerHTML after turning off is the same as before');
  assert.equal(await w.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), await ext.tabId(p)), '');
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a page with no Arabic gets nothing, and the page cannot reach the worker', { timeout: 60_000 }, async () => {
  const p = await open(server.route('/english.html', '<!doctype html><html><body><p>Only English here, nothing to gloss.</p></body></html>'));
  const before = await html(p);
  await ext.toggle(p, true);
  const state = await ext.state(p);
  assert.equal(state.on, true);
  assert.equal(state.annotations, 0, 'the cheap check found no Arabic: nothing was sent to the core');
  assert.equal(await html(p), before);
  // No externally_connectable: the page's own scripts have no channel to the extension.
  assert.equal(await p.evaluate(() => typeof globalThis.chrome?.runtime?.sendMessage), 'undefined');
  // The worker refuses senders that are not this extension's content scripts or pages.
  const w = await ext.worker();
  const verdicts = await w.evaluate(() => [
    globalThis.hashiyaTrusted({ id: 'another-extension-id', tab: { id: 1 } }),
    globalThis.hashiyaTrusted({ id: chrome.runtime.id, url: 'https://example.com/' }),
    globalThis.hashiyaTrusted({ id: undefined, url: 'https://example.com/', origin: 'https://example.com' }),
    globalThis.hashiyaTrusted({ id: chrome.runtime.id, tab: { id: 7 }, frameId: 0, url: 'https://example.com/' }),
    globalThis.hashiyaTrusted({ id: chrome.runtime.id, url: chrome.runtime.getURL('options.html') }),
  ]);
  assert.deepEqual(verdicts, [false, false, false, true, true]);
  await ext.toggle(p, false);
  await p.close();
});

test('a page whose CSP forbids everything but its own scripts is annotated (the core runs in the worker)', { timeout: 60_000 }, async () => {
  const csp = "default-src 'none'; script-src 'self'";
  const p = await open(server.route('/csp.html', page(ARTICLE), { 'content-security-policy': csp }));
  // The page itself could not compile WebAssembly.
  const pageWasm = await p.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', (e) => e.name));
  assert.notEqual(pageWasm, 'compiled');
  const before = await html(p);
  await ext.toggle(p, true);
  const state = await ext.painted(p);
  assert.ok(state.words >= 20);
  assert.match(await hover(p, 'وزير'), /minister/i);
  const look = await tooltipLook(p);
  assert.equal(look.card.fontSize, '14px', 'the tooltip is styled (its shadow style is not blocked by the page CSP)');
  await ext.toggle(p, false);
  assert.equal(await html(p), before);
  assert.deepEqual(p.errors, []);
  await p.close();
});

/** Computed styles inside the visible tooltip (its shadow root is open). */
function tooltipLook(p) {
  return p.evaluate(() => {
    const shadow = document.querySelector('hashiya-tooltip').shadowRoot;
    const pick = (sel) => {
      const el = shadow.querySelector(sel);
      if (!el) return null;
      const s = getComputedStyle(el);
      return { fontSize: s.fontSize, color: s.color, background: s.backgroundColor, fontFamily: s.fontFamily, padding: s.padding };
    };
    const box = shadow.querySelector('.card').getBoundingClientRect();
    return { card: pick('.card'), lemma: pick('.lemma'), gloss: pick('.glosses li'), tag: pick('.tag'), width: Math.round(box.width), height: Math.round(box.height) };
  });
}

test('hostile page CSS does not change how the tooltip looks', { timeout: 60_000 }, async () => {
  const plain = await open(server.route('/plain.html', page(ARTICLE)));
  await ext.toggle(plain, true);
  await ext.painted(plain);
  await hover(plain, 'وزير');
  const expected = await tooltipLook(plain);
  await ext.toggle(plain, false);
  await plain.close();

  const hostileCss = '<style>* { color: red !important; font-size: 2px !important } html { font-size: 2px !important } hashiya-tooltip, div { display: none !important; background: lime !important }</style>';
  const p = await open(server.route('/hostile.html', page(ARTICLE.replace(/<p/g, '<p style="font-size:22px !important"'), hostileCss)));
  await ext.toggle(p, true);
  await ext.painted(p);
  await hover(p, 'وزير');
  const got = await tooltipLook(p);
  assert.deepEqual(got, expected);
  assert.equal(got.card.fontSize, '14px');
  await ext.toggle(p, false);
  await p.close();
});

test('text added a second after load is annotated', { timeout: 60_000 }, async () => {
  const late = `<script src="/late.js"></script>`;
  server.route('/late.js', `setTimeout(() => { const p = document.createElement('p'); p.id = 'late'; p.textContent = 'وصل المراسل إلى المدينة بعد منتصف الليل.'; document.body.append(p); }, 1000);`, { 'content-type': 'text/javascript' });
  const p = await open(server.route('/late.html', page(ARTICLE + late)));
  await ext.toggle(p, true);
  const first = await ext.painted(p);
  await p.waitForSelector('#late');
  // Wait for a word highlight inside the new paragraph.
  await p.waitForFunction(() => [...(CSS.highlights.get('hashiya-word') ?? [])].some((r) => document.getElementById('late')?.contains(r.startContainer)), null, { timeout: 10_000 });
  const now = await ext.state(p);
  assert.ok(now.annotations > first.annotations || first.annotations >= 1);
  assert.match(await hover(p, 'المراسل', '#late'), /correspondent|reporter/i);
  await ext.toggle(p, false);
  await p.close();
});

test('a page that rewrites a paragraph every 50 ms for 5 s is re-annotated at most about once a second and stays responsive', { timeout: 90_000 }, async () => {
  server.route('/churn.js', `
    const words = ['الاقتصاد', 'السياسة', 'الرياضة', 'الثقافة', 'الصحة', 'التعليم'];
    window.churn = () => new Promise((resolve) => {
      const p = document.getElementById('ticker');
      let n = 0, last = performance.now(), maxGap = 0;
      const id = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        p.textContent = 'آخر الأخبار في ' + words[n % words.length] + ' رقم ' + n;
        if (++n >= 100) { clearInterval(id); resolve({ ticks: n, maxGap }); }
      }, 50);
    });`, { 'content-type': 'text/javascript' });
  const p = await open(server.route('/churn.html', page(`${ARTICLE}<p id="ticker">آخر الأخبار</p><script src="/churn.js"></script>`)));
  await ext.toggle(p, true);
  const start = await ext.painted(p);
  const t0 = Date.now();
  const { ticks, maxGap } = await p.evaluate(() => window.churn());
  const elapsed = Date.now() - t0;
  // Let the last debounced run finish.
  await new Promise((r) => setTimeout(r, 1500));
  const end = await ext.state(p);
  const runs = end.annotations - start.annotations;
  const seconds = (elapsed + 1500) / 1000;
  assert.equal(ticks, 100);
  assert.ok(runs >= 2, `it did follow the changes (${runs} re-annotations)`);
  assert.ok(runs <= Math.ceil(seconds) + 1, `${runs} re-annotations in ${seconds.toFixed(1)} s (at most one a second)`);
  // Responsive: the page's own 50 ms timer was never held up long, and it answers at once.
  assert.ok(maxGap < 1000, `longest gap between the page's 50 ms ticks: ${maxGap.toFixed(0)} ms`);
  const t1 = Date.now();
  await p.evaluate(() => 1 + 1);
  assert.ok(Date.now() - t1 < 1000);
  // The final text is what is annotated now.
  const lastText = await p.evaluate(() => document.getElementById('ticker').textContent);
  assert.match(lastText, /رقم 99/);
  assert.ok(await p.evaluate(() => [...CSS.highlights.get('hashiya-word')].some((r) => r.startContainer.isConnected && document.getElementById('ticker').contains(r.startContainer))));
  await ext.toggle(p, false);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('text in an open shadow root and in a same-origin iframe is annotated, and hovering works in both', { timeout: 60_000 }, async () => {
  server.route('/frame.html', page('<p id="inner">أعلنت الشركة عن نتائجها المالية للعام الماضي.</p>'));
  server.route('/shadow.js', `const host = document.getElementById('host'); const root = host.attachShadow({ mode: 'open' }); root.innerHTML = '<p>قال <b>وزير</b> الخارجية إن المحادثات مستمرة.</p>';`, { 'content-type': 'text/javascript' });
  const p = await open(server.route('/shadow-frame.html', page(`<p>مقدمة قصيرة للصفحة.</p><div id="host"></div><script src="/shadow.js"></script><iframe src="/frame.html" width="600" height="200"></iframe>`)));
  await p.frameLocator('iframe').locator('#inner').waitFor();
  const before = await html(p);
  const frame = p.frames().find((f) => f.url().endsWith('/frame.html'));
  const frameBefore = await frame.evaluate(() => document.documentElement.outerHTML);
  await ext.toggle(p, true);
  await ext.painted(p);
  assert.ok(await p.evaluate(() => [...CSS.highlights.get('hashiya-word')].some((r) => r.startContainer.getRootNode() === document.getElementById('host').shadowRoot)), 'a word inside the shadow root is painted');
  await frame.waitForFunction(() => (CSS.highlights.get('hashiya-word')?.size ?? 0) >= 5, null, { timeout: 10_000 });
  // Hover inside the shadow root.
  const at = await p.evaluate(() => {
    const b = document.getElementById('host').shadowRoot.querySelector('b');
    const r = b.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await p.mouse.move(at.x, at.y);
  await visibleTooltip(p).waitFor({ timeout: 10_000 });
  assert.match(await visibleTooltip(p).innerText(), /minister/i);
  // Hover inside the iframe: the frame's own content script shows the frame's own tooltip.
  const box = await p.locator('iframe').boundingBox();
  const inFrame = await frame.evaluate(() => {
    const walker = document.createTreeWalker(document.getElementById('inner'), NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    const at = node.data.indexOf('الشركة');
    const r = new Range();
    r.setStart(node, at);
    r.setEnd(node, at + 'الشركة'.length);
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  await p.mouse.move(box.x + inFrame.x, box.y + inFrame.y);
  const frameTip = frame.locator('hashiya-tooltip .card:not([hidden])');
  await frameTip.waitFor({ timeout: 10_000 });
  assert.match(await frameTip.innerText(), /company/i);
  await ext.toggle(p, false);
  assert.equal(await frame.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0), 0);
  assert.equal(await html(p), before);
  assert.equal(await frame.evaluate(() => document.documentElement.outerHTML), frameBefore);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('an iframe added after Hashiya was turned on is annotated too', { timeout: 60_000 }, async () => {
  server.route('/late-frame.html', page('<p id="inner">افتتحت البلدية حديقة عامة جديدة قرب النهر.</p>'));
  const p = await open(server.route('/late-frame-host.html', page(ARTICLE)));
  await ext.toggle(p, true);
  await ext.painted(p);
  await p.evaluate(() => document.body.append(Object.assign(document.createElement('iframe'), { src: '/late-frame.html', width: 600, height: 150 })));
  await p.frameLocator('iframe').locator('#inner').waitFor();
  const frame = p.frames().find((f) => f.url().endsWith('/late-frame.html'));
  await frame.waitForFunction(() => (CSS.highlights.get('hashiya-word')?.size ?? 0) >= 5, null, { timeout: 10_000 });
  await ext.toggle(p, false);
  assert.equal(await frame.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0), 0);
  await p.close();
});

test('editable fields, inputs, code and translate="no" are left alone', { timeout: 60_000 }, async () => {
  const body = `<p id="prose">كتب الصحفي مقالا عن الاقتصاد.</p>
<textarea id="ta">نص في مربع الكتابة</textarea><input id="in" value="كلمة في حقل">
<div id="ce" contenteditable="true">نص قابل للتحرير هنا</div>
<pre id="pre">سطر برمجي عربي</pre><p>قبل <code id="code">شيفرة عربية</code> بعد</p>
<p id="no" translate="no">اسم لا يترجم أبدا</p>`;
  const p = await open(server.route('/editable.html', page(body)));
  const before = await html(p);
  await ext.toggle(p, true);
  await ext.painted(p);
  const inside = await p.evaluate(() => {
    const ids = ['ce', 'pre', 'code', 'no'];
    const hit = Object.fromEntries(ids.map((id) => [id, 0]));
    let prose = 0;
    for (const r of CSS.highlights.get('hashiya-word')) {
      for (const id of ids) if (document.getElementById(id).contains(r.startContainer)) hit[id] += 1;
      if (document.getElementById('prose').contains(r.startContainer)) prose += 1;
    }
    return { hit, prose };
  });
  assert.deepEqual(inside.hit, { ce: 0, pre: 0, code: 0, no: 0 });
  assert.ok(inside.prose >= 4);
  await ext.toggle(p, false);
  assert.equal(await html(p), before);
  await p.close();
});

test('a worker the browser stopped comes back: hovering still shows the gloss', { timeout: 60_000 }, async () => {
  const p = await open(server.route('/restart.html', page(ARTICLE)));
  await ext.toggle(p, true);
  await ext.painted(p);
  const started = await (await ext.worker()).evaluate(() => globalThis.hashiyaStats.started);
  await ext.stopWorker();
  // The new worker has forgotten the page's text; the content script sends it again and asks
  // once more, and the hover shows the gloss.
  assert.match(await hover(p, 'وزير'), /minister/i);
  const stats = await (await ext.worker()).evaluate(() => globalThis.hashiyaStats);
  assert.ok(stats.started > started, 'a new worker answered');
  assert.equal(stats.loads, 1, 'the new worker loaded the core once');
  assert.ok(stats.annotate.length >= 1, 'the content script sent its text again');
  await ext.toggle(p, false);
  await p.close();
});

test('the side panel lists the key terms, a click flashes the next occurrence, and the exports download', { timeout: 60_000 }, async () => {
  const p = await open(server.route('/terms.html', page(ARTICLE + ARTICLE.replace('<h1>', '<h2>').replace('</h1>', '</h2>'))));
  await ext.toggle(p, true);
  await ext.painted(p);
  const tabId = await ext.tabId(p);
  const panel = await ext.openExtensionPage(`panel.html?tab=${tabId}`);
  await panel.locator('#terms button.term').first().waitFor({ timeout: 10_000 });
  const terms = await panel.locator('#terms button.term').count();
  assert.ok(terms >= 3, `${terms} key terms listed`);
  assert.match(await panel.locator('#message').innerText(), /words glossed/);
  await panel.locator('#terms button.term').first().click();
  await p.waitForFunction(() => (CSS.highlights.get('hashiya-flash')?.size ?? 0) === 1, null, { timeout: 5_000 });
  assert.match(await panel.locator('#terms-status').innerText(), /occurrence 1 of \d+/);
  const [csv] = await Promise.all([panel.waitForEvent('download'), panel.click('#export-csv')]);
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(await csv.path(), 'utf8');
  assert.match(text, /^\ufeffarabic,lemma,english,sentence\r\n/);
  assert.equal(text.trim().split('\r\n').length, terms + 1);
  const [anki] = await Promise.all([panel.waitForEvent('download'), panel.click('#export-anki')]);
  assert.match(await readFile(await anki.path(), 'utf8'), /^#separator:tab\n#html:false\n#columns:Arabic\tLemma\tEnglish\tSentence\n/);
  await panel.close();
  await ext.toggle(p, false);
  await p.close();
});
