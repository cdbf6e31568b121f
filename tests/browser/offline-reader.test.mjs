// Browser tests of the offline reader: the one HTML file that `npm run build:offline` writes
// (dist/hashiya-offline.html), opened from a file:// URL in Debian's headless Chromium with
// the network off. Every request other than the file itself (and data:/blob: URLs) is refused
// and counted; each test asserts the count is zero.
// Run: node --test --test-concurrency=1 tests/browser/   (npm test builds the file first)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './harness.mjs';
import { buildOffline, OUTPUT } from '../../scripts/build-offline.mjs';

const TIMEOUT = 90_000;
const FILE_URL = pathToFileURL(OUTPUT).href;
// As in harness.mjs, plus nothing: no server here, the page is a file.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];
const profiles = [];
let shared;

/** Files the tests open (the built file, and a damaged copy of it). */
const FILES = new Set([FILE_URL]);
/** Requests the page may make: the file itself, and data:/blob: URLs (no network). */
const allowed = (url) => FILES.has(url.split('#')[0]) || url.startsWith('data:') || url.startsWith('blob:');

/** Chromium with a persistent profile in `profile`, offline, every other request refused and
 * recorded in `outside`. */
async function launch(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 },
    offline: true, acceptDownloads: true,
  });
  const outside = new Set();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    outside.add(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => {
    if (!allowed(r.url())) outside.add(r.url());
  });
  return {
    context,
    outside,
    async newPage(init) {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e));
      if (init) await page.addInitScript(init);
      return page;
    },
  };
}

function newProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'hashiya-offline-'));
  profiles.push(dir);
  return dir;
}

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`npm run setup\``);
  await buildOffline(); // does nothing when the file is newer than its sources
  shared = await launch(newProfile());
});
after(async () => {
  await shared?.context.close();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/** Waits until the reader is done with its first annotation and what was kept is back. */
async function settled(page) {
  await page.waitForFunction(() => {
    const stats = document.getElementById('stats').textContent;
    const msg = document.getElementById('message');
    return document.documentElement.dataset.restored === 'true'
      && ((stats !== '' && document.getElementById('reader').dataset.layersLoaded === 'all') || msg.className === 'warn' || msg.className === 'error');
  }, null, { timeout: 30_000 });
}

async function open(browser, init, url = FILE_URL) {
  const page = await browser.newPage(init);
  await page.goto(url);
  await settled(page);
  return page;
}

const tooltip = (page) => page.locator('hashiya-tooltip .card');

/** Hovers the first whole-word occurrence of `word` in the reader; returns the tooltip text. */
async function hover(page, word) {
  const box = await page.evaluate((w) => {
    const letter = /[\u0600-\u06ff]/;
    const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = n.data.indexOf(w); i >= 0; i = n.data.indexOf(w, i + 1)) {
        if (letter.test(n.data[i - 1] ?? '') || letter.test(n.data[i + w.length] ?? '')) continue;
        n.parentElement.scrollIntoView({ block: 'center' });
        const r = new Range();
        r.setStart(n, i);
        r.setEnd(n, i + w.length);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, word);
  assert.ok(box, `"${word}" is not in the reader`);
  await page.mouse.move(box.x, box.y);
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
  return tooltip(page).innerText();
}

/** Clicks `selector` and returns the download it starts: `{ name, text }`. */
async function downloadFrom(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click(selector)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

const wordCount = async (page) => Number((await page.textContent('#stats')).match(/^([\d,]+) words/)[1].replace(/,/g, ''));

test('the file opens from file:// with the network off: annotated, glosses, key terms, exports, study sheet', { timeout: TIMEOUT }, async () => {
  // Records what the unpacking progress said, from before the page's own script runs.
  const page = await open(shared, () => {
    window.statusSeen = [];
    new MutationObserver(() => {
      const text = document.getElementById('offline-status-text')?.textContent;
      if (text && window.statusSeen.at(-1) !== text) window.statusSeen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  assert.ok(await wordCount(page) >= 150, await page.textContent('#stats'));
  assert.ok(await page.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0) >= 150);
  assert.ok(await page.evaluate(() => CSS.highlights.get('hashiya-entity')?.size ?? 0) >= 1, 'entities painted');
  const seen = await page.evaluate(() => window.statusSeen);
  assert.ok(seen.some((s) => /Unpacking the dictionary… \d+ %/.test(s)), `progress shown: ${JSON.stringify(seen)}`);
  assert.equal(await page.getAttribute('#offline-status', 'data-state'), 'ready');
  assert.equal(await page.isVisible('#offline-status'), false, 'the progress bar goes away');

  // A hover shows the gloss; kept open, the word counts as looked up.
  const tip = await hover(page, 'وزير');
  assert.match(tip, /minister/i);
  await page.waitForFunction(() => /1 looked-up word/.test(document.getElementById('lookups').textContent));

  // Key terms are listed.
  const terms = await page.locator('#terms-list li').allInnerTexts();
  assert.ok(terms.length >= 5, `key terms: ${terms.join(' | ')}`);
  assert.ok(terms.some((t) => /تحلية/.test(t)), `تحلية among the key terms: ${terms.join(' | ')}`);

  // Exports download.
  const csv = await downloadFrom(page, '#export-csv');
  assert.equal(csv.name, 'hashiya-key-terms.csv');
  assert.match(csv.text, /^\ufeffarabic,lemma,english,sentence\r\n/);
  assert.match(csv.text, /تحلية/);
  const anki = await downloadFrom(page, '#export-anki');
  assert.equal(anki.name, 'hashiya-anki.tsv');
  assert.match(anki.text, /^#separator:tab/);
  assert.match(anki.text, /^وزير\t/m, 'the looked-up word is a note');

  // The study sheet: saved as HTML, and the print view.
  const sheet = await downloadFrom(page, '#study-save');
  assert.equal(sheet.name, 'hashiya-study-sheet.html');
  assert.match(sheet.text, /<mark>وزير<\/mark><sup>1<\/sup>/, 'the looked-up word is marked in the article');
  assert.match(sheet.text, /Words looked up[\s\S]*minister/i);
  assert.match(sheet.text, /Key terms \(glossary\)[\s\S]*تحلية/);
  assert.doesNotMatch(sheet.text, /<script/i, 'the saved sheet is plain HTML');
  await page.evaluate(() => {
    window.print = () => {
      window.printed = true;
    };
  });
  await page.click('#study-print');
  assert.equal(await page.evaluate(() => window.printed), true);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#study-sheet'), true, 'print shows the study sheet');
  assert.equal(await page.isVisible('#panel'), false, 'print hides the panel');
  assert.equal(await page.isVisible('#input'), false, 'print hides the text box');
  assert.match(await page.textContent('#study-sheet'), /Key terms \(glossary\)/);
  assert.equal(await page.locator('#study-sheet .article mark').first().textContent(), 'وزير');
  await page.emulateMedia({ media: 'screen' });

  assert.deepEqual([...shared.outside], [], 'no request left the file');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('from file://: open an .html file, drop a .txt file, a custom glossary, English above key terms', { timeout: TIMEOUT }, async () => {
  const page = await open(shared);
  const html = '<!doctype html><html><head><style>p{color:red}</style></head><body><h1>قال وزير</h1><p>الداخلية <b>الإيطالي</b></p></body></html>';
  await page.setInputFiles('#file', { name: 'article.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('الإيطالي'));
  assert.equal(await page.inputValue('#input'), 'قال وزير\n\nالداخلية الإيطالي');
  assert.match(await hover(page, 'وزير'), /minister/i);

  // A file dropped on the page opens like one chosen with the button.
  const text = 'أعلنت وزارة المياه افتتاح محطة لتحلية مياه البحر.\nوقال وزير المياه إن المشروع سينتج المياه العذبة.';
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.items.add(new File([t], 'dropped.txt', { type: 'text/plain' }));
    document.getElementById('reader').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('العذبة'));
  await page.waitForFunction(() => /words glossed/.test(document.getElementById('stats').textContent));
  assert.equal(await page.inputValue('#input'), text);

  // A custom glossary wins in the tooltip.
  await page.locator('.glossary summary').click();
  await page.fill('#glossary-text', 'وزير\tsecretary of state');
  await page.click('#glossary-apply');
  await page.waitForFunction(() => /1 entry loaded/.test(document.getElementById('glossary-status').textContent));
  assert.match(await hover(page, 'وزير'), /secretary of state/);

  // English above key terms.
  await page.check('#inline-english');
  await page.locator('hashiya-labels .label').first().waitFor({ timeout: 5_000 });

  assert.deepEqual([...shared.outside], [], 'no request left the file');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('reopening the file brings back the last article, where the reader was, and the settings', { timeout: TIMEOUT }, async () => {
  const profile = newProfile();
  const sample = readFileSync(OUTPUT, 'utf8').match(/<textarea id="input"[^>]*>([^<]*)<\/textarea>/)[1];
  // A long article: the sample four times over, each part under its own numbered heading.
  const article = [1, 2, 3, 4].map((k) => `الجزء رقم ${k}\n\n${sample}`).join('\n\n');
  const topParagraph = () => page.evaluate(() => {
    const ps = [...document.querySelectorAll('#reader p')];
    const i = ps.findIndex((p) => p.getBoundingClientRect().bottom > 1);
    return { index: i, top: ps[i].getBoundingClientRect().top };
  });

  let browser = await launch(profile);
  let page = await open(browser);
  await page.evaluate((t) => {
    document.getElementById('input').value = t;
  }, article);
  await page.click('#annotate');
  await page.waitForFunction(() => document.getElementById('reader').textContent.includes('الجزء رقم 4'));
  await page.waitForFunction(() => /words glossed/.test(document.getElementById('stats').textContent));
  // Settings: dark theme, large text, names off, English above key terms, a glossary.
  await page.selectOption('#theme', 'dark');
  await page.selectOption('#text-size', '1.2');
  await page.uncheck('#layer-entity');
  await page.waitForFunction(() => (CSS.highlights.get('hashiya-entity')?.size ?? 0) === 0);
  await page.check('#inline-english');
  await page.locator('.glossary summary').click();
  await page.fill('#glossary-text', 'وزير\tsecretary of state');
  await page.click('#glossary-apply');
  await page.waitForFunction(() => /1 entry loaded/.test(document.getElementById('glossary-status').textContent));
  await page.waitForFunction(() => /words glossed/.test(document.getElementById('stats').textContent));
  // Read on to the third part.
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('#reader p')].find((el) => el.textContent === 'الجزء رقم 3');
    window.scrollTo({ top: window.scrollY + p.nextElementSibling.getBoundingClientRect().top + 40, behavior: 'instant' });
  });
  const before = await topParagraph();
  assert.ok(before.index > 10, `scrolled into the article: ${JSON.stringify(before)}`);
  await page.waitForTimeout(600); // the position is kept a moment after scrolling stops
  await browser.context.close();

  // The same profile, a new browser: as when the file is opened again another day.
  browser = await launch(profile);
  page = await open(browser);
  assert.equal(await page.inputValue('#input'), article, 'the article is back in the box');
  assert.match(await page.textContent('#reader'), /الجزء رقم 4/, 'and in the reader, annotated');
  assert.ok(await wordCount(page) > 600);
  const after = await topParagraph();
  assert.equal(after.index, before.index, `the same paragraph is at the top: ${JSON.stringify({ before, after })}`);
  assert.ok(Math.abs(after.top - before.top) < 60, `at about the same height: ${JSON.stringify({ before, after })}`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.inputValue('#theme'), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(24, 23, 20)');
  assert.equal(await page.inputValue('#text-size'), '1.2');
  const size = parseFloat(await page.evaluate(() => getComputedStyle(document.getElementById('reader')).fontSize));
  assert.ok(Math.abs(size - 1.35 * 1.2 * 16) < 0.1, `the text is larger: ${size}px`);
  assert.equal(await page.isChecked('#layer-entity'), false);
  assert.equal(await page.isChecked('#layer-term'), true);
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-entity')?.size ?? 0), 0, 'names stay off');
  assert.ok(await page.evaluate(() => CSS.highlights.get('hashiya-term')?.size ?? 0) >= 1, 'terms stay on');
  assert.equal(await page.isChecked('#inline-english'), true);
  assert.ok(await page.locator('hashiya-labels .label').count() >= 1, 'English above key terms is on');
  assert.match(await page.inputValue('#glossary-text'), /secretary of state/);
  assert.match(await hover(page, 'وزير'), /secretary of state/, 'the glossary is in use again');
  assert.deepEqual([...browser.outside], [], 'no request left the file');
  assert.deepEqual(page.errors, []);
  await browser.context.close();
});

test('a browser without DecompressionStream gets a clear message; the text is still shown', { timeout: TIMEOUT }, async () => {
  const page = await open(shared, () => {
    delete globalThis.DecompressionStream;
  });
  await page.waitForSelector('#offline-status[data-state="error"]');
  const status = await page.textContent('#offline-status-text');
  assert.match(status, /cannot run the offline reader: it lacks DecompressionStream/);
  assert.match(status, /recent Chrome, Edge, Firefox/);
  assert.match(await page.textContent('#message'), /dictionary could not be loaded/);
  const box = await page.inputValue('#input');
  assert.ok((await page.textContent('#reader')).includes(box.split('\n')[0]), 'the text is shown, without glosses');
  assert.equal(await page.evaluate(() => CSS.highlights.get('hashiya-word')?.size ?? 0), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a damaged file says which inlined file is wrong and how to rebuild; the text is still shown', { timeout: TIMEOUT }, async () => {
  // The lexicon's block announces one byte more than it holds.
  const html = readFileSync(OUTPUT, 'utf8').replace(/(data-name="lexicon\.bin" data-size=")(\d+)"/, (_, a, n) => `${a}${Number(n) + 1}"`);
  const damaged = join(newProfile(), 'damaged.html');
  writeFileSync(damaged, html);
  FILES.add(pathToFileURL(damaged).href);
  const page = await open(shared, null, pathToFileURL(damaged).href);
  await page.waitForSelector('#offline-status[data-state="error"]');
  const status = await page.textContent('#offline-status-text');
  assert.match(status, /lexicon\.bin unpacked to \d+ bytes, not the \d+ it announces/);
  assert.match(status, /npm run build:offline/);
  assert.match(await page.textContent('#message'), /dictionary could not be loaded/);
  assert.ok((await page.textContent('#reader')).length > 20, 'the text is shown, without glosses');
  assert.deepEqual([...shared.outside], [], 'no request left the file');
  assert.deepEqual(page.errors, []);
  await page.close();
});
