// Browser tests of the reader page (www/index.html) in Debian's headless Chromium.
// Run: node --test tests/browser/   (npm test does the set-up first)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, sharedFile } from './harness.mjs';

const TIMEOUT = 60_000;
let browser;

before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the reader and waits until its first annotation (or an error message) is done. */
async function openReader({ init } = {}) {
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(browser.url);
  await settled(page);
  return page;
}

/** Waits for the reader to finish: stats shown with every layer in (the core loads
 * progressively: words first), or a warning/error message. */
async function settled(page) {
  await page.waitForFunction(() => {
    const stats = document.getElementById('stats').textContent;
    const msg = document.getElementById('message');
    return (stats !== '' && document.getElementById('reader').dataset.layersLoaded === 'all') || msg.className === 'warn' || msg.className === 'error';
  }, null, { timeout: 20_000 });
}

/** Centre of the `nth` whole-word occurrence of `word` in the reader, in viewport pixels. */
async function wordCentre(page, word, nth = 0) {
  const box = await page.evaluate(([word, nth]) => {
    const letter = /[\u0600-\u06ff]/;
    const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = n.data.indexOf(word); i >= 0; i = n.data.indexOf(word, i + 1)) {
        if (letter.test(n.data[i - 1] ?? '') || letter.test(n.data[i + word.length] ?? '')) continue;
        if (seen++ < nth) continue;
        const r = new Range();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, [word, nth]);
  assert.ok(box, `"${word}" is not in the reader`);
  return box;
}

const tooltip = (page) => page.locator('hashiya-tooltip .card');

async function hover(page, word) {
  const { x, y } = await wordCentre(page, word);
  await page.mouse.move(x, y);
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  return tooltip(page).innerText();
}

test('the reader opens with the sample article annotated', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  const stats = await page.textContent('#stats');
  const words = Number(stats.match(/^([\d,]+) words/)[1].replace(/,/g, ''));
  assert.ok(words >= 150, `sample article: ${stats}`);
  const painted = await page.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0);
  assert.ok(painted >= words, `highlights painted: ${painted} for ${words} words`);
  assert.match(await page.textContent('#reader'), /وزير المياه/);
  assert.equal(await page.getAttribute('#reader', 'dir'), 'rtl');
  const text = await hover(page, 'وزير');
  assert.match(text, /minister/i);
  // A gloss line of another reading names its lemma and part of speech; the first does not.
  await hover(page, 'الشمسية');
  const lines = await tooltip(page).locator('.glosses li').allInnerTexts();
  assert.match(lines[0], /^solar/, lines.join(' | '));
  assert.ok(lines.slice(1).some((l) => /^[\u0600-\u06ff\u064b-\u0652]+ · noun: .*(sunshade|umbrella|parasol)/.test(l)), lines.join(' | '));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('seed article: paste, annotate, hover وزير and read "minister"', { timeout: TIMEOUT }, async (t) => {
  const path = sharedFile(t, 'data/articles/virtual-caliphate.txt');
  if (!path) return;
  const article = readFileSync(path, 'utf8');
  const page = await openReader();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.url });
  await page.evaluate((text) => navigator.clipboard.writeText(text), article);
  // A real paste (Ctrl+V) into the box annotates by itself.
  await page.click('#input');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction((n) => document.getElementById('input').value.length === n, article.length);
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('مينيتي'));
  await settled(page);
  // Nearly every Arabic word of the article is painted (names and rare words may not be).
  const stats = await page.textContent('#stats');
  const arabicWords = article.match(/[\u0600-\u06ff]+/g).length;
  const glossed = Number(stats.match(/^([\d,]+) words/)[1].replace(/,/g, ''));
  assert.ok(glossed >= 0.85 * arabicWords, `seed article: ${stats} of ${arabicWords} Arabic words`);
  const text = await hover(page, 'وزير');
  assert.match(text, /minister/i, `tooltip for وزير: ${text}`);
  // The tooltip shows the vocalised lemma, part of speech and a transliteration.
  assert.match(text, /[\u064b-\u0652]/, 'vocalised lemma');
  assert.match(text, /noun/i);
  // Moving off the words hides it.
  await page.mouse.move(5, 5);
  await tooltip(page).waitFor({ state: 'hidden', timeout: 5_000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('empty and non-Arabic input get a clear message; the text stays', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  await page.fill('#input', '   \n  ');
  await page.click('#annotate');
  await page.waitForSelector('#message.warn');
  assert.match(await page.textContent('#message'), /Nothing to read/);
  assert.equal(await page.textContent('#reader'), '');

  const english = 'The minister said on Monday that 80 per cent of recruits were found online.';
  await page.fill('#input', english);
  await page.click('#annotate');
  await page.waitForFunction(() => /no Arabic/.test(document.getElementById('message').textContent));
  assert.equal(await page.inputValue('#input'), english);
  assert.equal(await page.textContent('#reader'), english, 'the text is still shown, unannotated');
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a huge paste is kept and explained, not annotated', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  const huge = 'قال وزير الداخلية إن الحكومة ستعمل على ذلك. '.repeat(10_000);
  // Typing 450,000 characters would take minutes: set the value as a paste would, press
  // Annotate and read the message in one evaluation. The refusal is synchronous; waiting for a
  // frame instead would wait for Chromium to lay out and paint a 450k-character Arabic
  // textarea, which took from 2 s to over 2 minutes on the loaded 2-core test machine.
  const after = await page.evaluate((text) => {
    const input = document.getElementById('input');
    input.value = text;
    document.getElementById('annotate').click();
    return { message: document.getElementById('message').textContent, length: input.value.length, shown: document.getElementById('reader').textContent.length };
  }, huge);
  assert.equal(after.shown, 0, 'nothing is annotated');
  assert.match(after.message, /440,000 characters long/);
  assert.equal(after.length, huge.length, 'the text is still in the box');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('keyboard: Tab into the text shows a tooltip, arrows move, Escape closes', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  await page.focus('#sample');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reader');
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  const first = await tooltip(page).innerText();
  // The word under the keyboard cursor: the one range in the focus highlight.
  const focusText = () => page.evaluate(() => {
    const [r] = CSS.highlights.get('hashiya-focus');
    const live = new Range();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live.toString();
  });
  assert.equal(await focusText(), 'افتتاح', 'the first word of the sample has the cursor');
  // Right to left: ArrowLeft is the next word.
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusText(), 'أول');
  const second = await tooltip(page).innerText();
  assert.notEqual(second, first);
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusText(), 'افتتاح');
  await page.keyboard.press('Escape');
  await tooltip(page).waitFor({ state: 'hidden', timeout: 5_000 });
  await page.keyboard.press('End');
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await focusText(), 'المقبل');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('opening an .html file reads its text, not its markup', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  const html = '<!doctype html><html><head><style>p{color:red}</style><script>var secret = "سر";</script></head>'
    + '<body><h1>قال وزير</h1><p>الداخلية <b>الإيطالي</b></p></body></html>';
  await page.setInputFiles('#file', { name: 'article.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('الإيطالي'));
  await settled(page);
  const value = await page.inputValue('#input');
  assert.equal(value, 'قال وزير\n\nالداخلية الإيطالي');
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('page CSS cannot hide or restyle the tooltip', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  await page.addStyleTag({ content: 'div, section, ol, li, .card { display: none !important; } hashiya-tooltip { display: none !important; opacity: 0 !important; }' });
  await hover(page, 'وزير');
  const box = await tooltip(page).boundingBox();
  assert.ok(box && box.width > 50 && box.height > 30, `tooltip box: ${JSON.stringify(box)}`);
  await page.close();
});

test('without the Highlight API, spans are wrapped and still show tooltips', { timeout: TIMEOUT }, async () => {
  const page = await openReader({ init: () => Object.defineProperty(CSS, 'highlights', { value: undefined }) });
  const marks = await page.locator('#reader mark.hashiya-word').count();
  assert.ok(marks >= 150, `wrapped words: ${marks}`);
  assert.match(await page.textContent('#reader'), /وزير المياه/, 'wrapping keeps the text');
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a missing lexicon is reported in the page and the text is still shown', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  await page.route('**/data/lexicon.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(browser.url);
  await page.waitForSelector('#message.error');
  const msg = await page.textContent('#message');
  assert.match(msg, /dictionary could not be loaded/);
  assert.match(msg, /npm run build:data/);
  assert.match(await page.textContent('#reader'), /وزير المياه/);
  assert.ok((await page.inputValue('#input')).length > 500);
  await page.close();
});

test('a corrupt lexicon is reported with the file it came from', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  await page.route('**/data/lexicon.bin', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('this is not a lexicon file at all') }));
  await page.goto(browser.url);
  await page.waitForSelector('#message.error');
  const msg = await page.textContent('#message');
  assert.match(msg, /lexicon/i);
  assert.match(msg, /\/data\/lexicon\.bin/, `names the file: ${msg}`);
  assert.match(await page.textContent('#reader'), /وزير المياه/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a missing entity model turns entities off with a message; words still work', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  await page.route('**/data/ner.model', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(browser.url);
  await page.waitForSelector('#message.warn');
  const msg = await page.textContent('#message');
  assert.match(msg, /entities are off/);
  assert.match(msg, /ner\.model/);
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-entity')?.size ?? 0), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('entities and terms are painted by layer and shown above the word', { timeout: TIMEOUT }, async (t) => {
  const path = sharedFile(t, 'data/articles/virtual-caliphate.txt');
  if (!path) return;
  const page = await openReader();
  await page.evaluate((text) => {
    document.getElementById('input').value = text;
  }, readFileSync(path, 'utf8'));
  await page.click('#annotate');
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('مينيتي'));
  await settled(page);
  const painted = await page.evaluate(() => Object.fromEntries(['hashiya-entity', 'hashiya-term'].map((n) => [n, CSS.highlights.get(n)?.size ?? 0])));
  assert.ok(painted['hashiya-entity'] >= 5, `entities painted: ${JSON.stringify(painted)}`);
  assert.ok(painted['hashiya-term'] >= 1, `terms painted: ${JSON.stringify(painted)}`);
  const tip = await hover(page, 'داعش');
  assert.match(tip, /ISIS|Daesh|Islamic State/i, `tooltip for داعش: ${tip}`);
  assert.match(tip, /entity/i);
  // The keyboard reaches a name the lexicon lacks (no word span inside it) as one stop.
  await page.focus('#sample');
  await page.keyboard.press('Tab');
  const seen = [];
  for (let k = 0; k < 120 && !seen.includes('ماركو مينيتي'); k++) {
    await page.keyboard.press('ArrowLeft');
    seen.push(await page.evaluate(() => {
      const [r] = CSS.highlights.get('hashiya-focus');
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      return live.toString();
    }));
  }
  assert.ok(seen.includes('ماركو مينيتي'), `keyboard stops: ${seen.join(' | ')}`);
  assert.match(await tooltip(page).innerText(), /Minniti/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
