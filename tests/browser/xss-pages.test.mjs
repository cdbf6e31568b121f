// XSS: the payloads of xss-payloads.mjs (198, from a table) put where a page, a glossary or
// the core's output reaches the DOM — page text, attributes next to annotated words, custom
// glossary entries (English senses, lemma and note; and the Arabic field, echoed in the
// glossary's error list), the tooltip and the key-term panel — in the reader and on a page
// using www/page-layer.js (attach and attachAsync). A trap (`__pwned`, alert, confirm,
// prompt) fails the test if any payload runs; dialogs fail it too. The tooltip and the panel
// must show each payload as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { PAYLOADS, arabicWords, installTrap } from './xss-payloads.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

// Glossary phrases: a known word and a made-up one (a single unknown word would be read as a
// name; a glossary phrase becomes a term span whose tooltip shows the glossary's English).
const WORDS = arabicWords(PAYLOADS.length).map((w) => `وزير ${w}`);

/** A JSON glossary: word i's English, lemma and note are payload i; then entries whose
 * Arabic field carries a payload (refused, and named in the issue list). */
function glossaryJson(badArabic = 10) {
  const terms = PAYLOADS.map(({ payload }, i) => ({ arabic: WORDS[i], english: [payload], note: payload }));
  for (const { payload } of PAYLOADS.slice(0, badArabic)) terms.push({ arabic: `الفضاء ${payload}`, english: 'x' });
  return JSON.stringify({ terms }, null, 1);
}

/** The text: each phrase with its payload as plain text beside it; the first few phrases
 * three times more, so that some are key terms. */
const TEXT = PAYLOADS.map(({ payload }, i) => `قال ${WORDS[i]} ${payload} في العراق.`)
  .concat(WORDS.slice(0, 6).flatMap((w) => [`${w} و${w}`, `كما قال ${w}.`])).join('\n');

async function newTrappedPage() {
  const page = await browser.newPage();
  page.dialogs = [];
  page.on('dialog', (d) => {
    page.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(installTrap);
  return page;
}

async function assertNothingRan(page) {
  assert.deepEqual(await page.evaluate(() => window.__pwnedCalls), [], 'a payload ran');
  assert.deepEqual(page.dialogs, [], 'a payload opened a dialog');
  assert.deepEqual(page.errors, [], 'the page threw');
}

/** In the page: for each glossary word, opens its tooltip through `annotated.show` and
 * returns the words whose tooltip text lacks their payload. Also real-hovers a few. */
const checkTooltips = async (page, expr) => page.evaluate(async ([expr, words, payloads]) => {
  const annotated = await eval(expr); // eslint-disable-line no-eval -- the test's own expression
  const text = annotated.map.text;
  const card = () => document.querySelector('hashiya-tooltip')?.shadowRoot.querySelector('.card') ?? { textContent: '' };
  const missing = [];
  for (let w = 0; w < words.length; w++) {
    const at = text.indexOf(words[w]);
    let found = -1;
    for (let i = 0; i < annotated.spanCount; i++) {
      if (annotated.spans[i * 4] === at && found < 0) found = i;
    }
    if (found < 0) {
      missing.push(`${words[w]}: no span`);
      continue;
    }
    annotated.hide();
    annotated.show(found);
    // a remote core fetches the details: wait for the card to fill
    for (let k = 0; k < 50 && !card().textContent.includes(payloads[w]); k++) await new Promise((r) => setTimeout(r, 10));
    if (!card().textContent.includes(payloads[w])) missing.push(`${words[w]}: ${JSON.stringify(card().textContent.slice(0, 200))}`);
  }
  annotated.hide();
  return missing;
}, [expr, WORDS, PAYLOADS.map((p) => p.payload)]);

test(`reader: ${PAYLOADS.length} payloads in text, glossary, tooltip and key-term panel stay text`, { timeout: 90_000 }, async () => {
  const page = await newTrappedPage();
  await page.goto(browser.url);
  await page.waitForFunction(() => document.getElementById('stats').textContent !== '', null, { timeout: 20_000 });
  await page.evaluate(([text, glossary]) => {
    document.getElementById('input').value = text;
    document.getElementById('glossary-text').value = glossary;
  }, [TEXT, glossaryJson()]);
  await page.locator('.glossary summary').click();
  await page.click('#glossary-apply');
  await page.waitForFunction(() => /Glossary \(JSON\)/.test(document.getElementById('glossary-status').textContent), null, { timeout: 30_000 });
  await page.waitForFunction(() => document.getElementById('stats').textContent.includes('words glossed'), null, { timeout: 30_000 });
  // The refused Arabic fields are listed as text.
  const issues = await page.locator('#glossary-issues').textContent();
  for (const { payload } of PAYLOADS.slice(0, 10)) assert.ok(issues.includes(payload), `issue list shows ${payload}`);
  // The reader's text holds every payload as text, none as markup.
  assert.equal(await page.evaluate(() => document.querySelectorAll('#reader *:not(p)').length), 0, 'markup in the reader');
  const readerText = await page.locator('#reader').textContent();
  for (const { payload } of PAYLOADS) assert.ok(readerText.includes(payload.replace(/\r?\n/g, '')), `reader shows ${payload}`);
  // Tooltips: every glossary phrase's tooltip shows its payload (the glossary's English).
  const missing = await checkTooltips(page, "import('/reader.js').then((m) => m.readerState().annotated)");
  assert.deepEqual(missing, [], 'tooltips without their payload');
  // A few real hovers (pointer events, the hit test), then the key-term panel.
  for (const w of WORDS.slice(0, 3)) {
    const box = await page.evaluate((w) => {
      const p = [...document.querySelectorAll('#reader p')].find((x) => x.textContent.includes(w) && !x.textContent.includes('كما'));
      const node = p.firstChild;
      const r = new Range();
      r.setStart(node, node.data.indexOf(w));
      r.setEnd(node, node.data.indexOf(w) + w.length);
      r.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }, w);
    await page.mouse.move(box.x, box.y);
    await page.waitForFunction((p) => document.querySelector('hashiya-tooltip')?.shadowRoot.querySelector('.card:not([hidden])')?.textContent.includes(p),
      PAYLOADS[WORDS.indexOf(w)].payload, { timeout: 5_000 });
  }
  const panel = await page.evaluate(() => [...document.querySelectorAll('#terms-list button')].map((b) => ({
    ar: b.querySelector('.ar').textContent, en: b.querySelector('.en').textContent, markup: b.querySelectorAll('.en *').length,
  })));
  const fromGlossary = panel.filter((t) => WORDS.includes(t.ar));
  assert.ok(fromGlossary.length >= 1, `glossary words among the key terms: ${JSON.stringify(panel.slice(0, 5))}`);
  for (const t of fromGlossary) {
    const payload = PAYLOADS[WORDS.indexOf(t.ar)].payload;
    assert.ok(payload.includes(t.en), `panel shows ${payload} as text: ${t.en}`);
    assert.equal(t.markup, 0);
  }
  // English above key terms (inline labels), then clicks on the panel.
  await page.check('#inline-english');
  await page.locator('#terms-list button').first().click();
  await page.waitForTimeout(100);
  await assertNothingRan(page);
  await page.close();
});

/** A page using the page layer directly; payloads are in its text and its attributes,
 * written into the HTML source escaped (as a server would), so they are data, not markup. */
function layerPage(mode) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = PAYLOADS.map(({ payload }, i) => `<p dir="rtl" title="${esc(payload)}" data-x="${esc(payload)}">قال <span class="${esc(payload)}" aria-label="${esc(payload)}">${WORDS[i]}</span> ${esc(payload)} <a href="#${esc(payload)}">الوزير</a></p>`).join('\n')
    + `<p dir="rtl">${WORDS.slice(0, 6).map((w) => `${w} و${w} كما قال ${w}.`).join(' ')}</p>`;
  const setup = mode === 'attach'
    ? `const hashiya = await Hashiya.load();
       hashiya.setGlossary(glossary, 'json');
       window.annotated = attach(document.getElementById('root'), hashiya);
       panel.update(window.annotated, hashiya.keyTerms());`
    : `const host = new CoreHost(() => Hashiya.load());
       const core = new RemoteCore(async (r) => structuredClone(await host.handle(structuredClone(r))));
       await core.setGlossary(glossary, 'json');
       window.annotated = await attachAsync(document.getElementById('root'), core);
       await window.annotated.painted;
       panel.update(window.annotated, await core.keyTerms());`;
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-size:20px">
<div id="root">${paragraphs}</div><ol id="terms"></ol>
<script type="module">
  import { Hashiya } from '/hashiya.js';
  import { CoreHost, RemoteCore } from '/remote-core.js';
  import { attach, attachAsync } from '/page-layer.js';
  import { KeyTermsPanel } from '/key-terms.js';
  const glossary = ${JSON.stringify(glossaryJson(0)).replace(/</g, '\\u003c')};
  window.before = document.getElementById('root').outerHTML;
  const panel = new KeyTermsPanel(document.getElementById('terms'));
  ${setup}
  window.ready = true;
</script></body></html>`;
}

for (const mode of ['attach', 'attachAsync']) {
  test(`page layer (${mode}): payloads in text, attributes, glossary, tooltip and panel stay text; detach restores`, { timeout: 90_000 }, async () => {
    const page = await newTrappedPage();
    const url = `${browser.url}xss-${mode}.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: layerPage(mode) }));
    await page.goto(url);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
    const missing = await checkTooltips(page, 'Promise.resolve(window.annotated)');
    assert.deepEqual(missing, [], 'tooltips without their payload');
    const panel = await page.evaluate(() => [...document.querySelectorAll('#terms button')].map((b) => ({
      ar: b.querySelector('.ar').textContent, en: b.querySelector('.en').textContent, markup: b.querySelectorAll('*').length,
    })));
    const fromGlossary = panel.filter((t) => WORDS.includes(t.ar));
    assert.ok(fromGlossary.length >= 1, `glossary words among the key terms: ${JSON.stringify(panel.slice(0, 5))}`);
    for (const t of fromGlossary) {
      assert.ok(PAYLOADS[WORDS.indexOf(t.ar)].payload.includes(t.en), `panel shows the payload as text: ${t.en}`);
      assert.equal(t.markup, 3, 'the button holds its three spans only');
    }
    await page.evaluate(() => window.annotated.detach());
    assert.equal(await page.evaluate(() => document.getElementById('root').outerHTML === window.before), true, 'detach restores the page');
    await assertNothingRan(page);
    await page.close();
  });
}
