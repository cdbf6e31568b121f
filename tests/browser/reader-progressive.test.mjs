// The reader loads the core progressively: word glosses as soon as the lexicon is in, names
// and terms painted when their files have arrived, without a reload and without losing what
// the reader has (the open tooltip, the scroll position, the selection).
// Run: node --test tests/browser/reader-progressive.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';

const TIMEOUT = 60_000;
let browser;

before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const LATE = /\/data\/(terms\.bin|gazetteer\.bin)$/;
const sizes = (page) => page.evaluate(() => Object.fromEntries(['word', 'entity', 'term'].map((l) => [l, CSS.highlights.get(`hashiya-${l}`)?.size ?? 0])));
const tooltip = (page) => page.locator('hashiya-tooltip .card');

/** Moves the pointer onto the first whole-word `word` of the reader (scrolled into view). */
async function hover(page, word) {
  const box = await page.evaluate((word) => {
    const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(` ${word} `);
      if (i < 0) continue;
      const r = new Range();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 1 + word.length);
      n.parentElement.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, word);
  assert.ok(box, `"${word}" is not in the reader`);
  await page.mouse.move(box.x, box.y);
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  return tooltip(page).innerText();
}

test('words gloss before the term and entity files arrive; those layers join later, the tooltip, scroll and selection kept', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  // Hold the term data and the gazetteer until the words are glossed: the slow layers,
  // made slow deterministically.
  const held = [];
  await page.route(LATE, (route) => held.push(route));
  await page.goto(browser.url);
  await page.waitForFunction(() => document.getElementById('stats').textContent !== '', null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words');
  const first = await sizes(page);
  assert.ok(first.word >= 150, `words painted first: ${JSON.stringify(first)}`);
  assert.equal(first.entity + first.term, 0, `no names or terms yet: ${JSON.stringify(first)}`);
  assert.equal(await page.textContent('#terms-empty'), 'Key terms are loading…');
  assert.match(await hover(page, 'وزير'), /minister/i);
  // What the reader has when the layers arrive: a selection, a scroll position, the tooltip.
  const before = await page.evaluate(() => {
    const p = document.querySelectorAll('#reader p')[1];
    getSelection().selectAllChildren(p);
    return { selection: getSelection().toString(), scrollY };
  });
  assert.ok(before.selection.length > 20 && before.scrollY > 0, JSON.stringify(before));
  for (let k = 0; held.length < 2 && k < 100; k++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(held.length, 2, 'the term data and the gazetteer were asked for');
  for (const r of held) await r.continue();
  await page.waitForFunction(() => document.getElementById('reader').dataset.layersLoaded === 'all', null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words entities terms');
  const later = await sizes(page);
  assert.ok(later.entity >= 1 && later.term >= 1, `names and terms painted without a reload: ${JSON.stringify(later)}`);
  assert.ok(later.word >= first.word, JSON.stringify(later));
  const now = await page.evaluate(() => ({ selection: getSelection().toString(), scrollY }));
  assert.deepEqual(now, before, 'selection and scroll position kept');
  assert.ok(await tooltip(page).isVisible(), 'the open tooltip stays open');
  assert.match(await tooltip(page).innerText(), /minister/i);
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-hover')?.size), 1, 'the hovered word is still marked');
  assert.ok((await page.locator('#terms-list li').count()) >= 1, 'the key terms panel filled in');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a layer whose file fails is reported as off; the words keep working', { timeout: TIMEOUT }, async () => {
  const page = await browser.newPage();
  await page.route('**/data/terms.bin', (route) => route.fulfill({ status: 500, body: 'broken' }));
  await page.goto(browser.url);
  await page.waitForFunction(() => document.getElementById('reader').dataset.layersLoaded === 'all', null, { timeout: 20_000 });
  assert.match(await page.textContent('#message'), /terms are off: .*terms\.bin/);
  assert.equal(await page.getAttribute('#reader', 'data-layers'), 'words entities');
  const s = await sizes(page);
  assert.ok(s.word >= 150 && s.term === 0, JSON.stringify(s));
  assert.equal(await page.textContent('#terms-empty'), 'Key terms are off: the term data did not load.');
  assert.match(await hover(page, 'وزير'), /minister/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});
