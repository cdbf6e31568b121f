// Browser tests of the reader's key terms: the side panel (click → scroll to and flash the
// next occurrence), English above key terms, custom glossaries and the CSV / Anki exports.
// Run: node --test --test-concurrency=1 tests/browser/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, sharedFile } from './harness.mjs';

const TIMEOUT = 60_000;
const SEED = 'data/articles/virtual-caliphate.txt';
let browser;

before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits for the reader to finish: stats shown, or a warning/error message. */
async function settled(page) {
  await page.waitForFunction(() => {
    const stats = document.getElementById('stats').textContent;
    const msg = document.getElementById('message');
    return stats !== '' || msg.className === 'warn' || msg.className === 'error';
  }, null, { timeout: 20_000 });
}

async function openReader({ init } = {}) {
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(browser.url);
  await settled(page);
  return page;
}

/** Pastes `text` into the box for real (clipboard + Ctrl+V), which annotates it. */
async function paste(page, text, marker) {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.url });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.click('#input');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction((m) => document.getElementById('reader').textContent.includes(m), marker);
  await settled(page);
}

/** Puts `text` in the box and presses Annotate. */
async function annotate(page, text, marker) {
  await page.evaluate((t) => {
    document.getElementById('input').value = t;
  }, text);
  await page.click('#annotate');
  await page.waitForFunction((m) => document.getElementById('reader').textContent.includes(m), marker);
  await settled(page);
}

/** The panel's entries: `[{ ar, en, count }]`, in order. */
async function panelTerms(page) {
  await page.waitForSelector('#terms-list button.term');
  return page.$$eval('#terms-list button.term', (buttons) => buttons.map((b) => ({
    ar: b.querySelector('.ar').textContent,
    en: b.querySelector('.en').textContent,
    count: Number(b.querySelector('.count').textContent.replace(/\D/g, '')),
  })));
}

/** Text and viewport rect of the range in the flash highlight (null when none). */
const flashed = (page) => page.evaluate(() => {
  const h = CSS.highlights.get('hashiya-flash');
  if (!h || !h.size) return null;
  const [r] = h;
  const live = new Range();
  live.setStart(r.startContainer, r.startOffset);
  live.setEnd(r.endContainer, r.endOffset);
  const b = live.getBoundingClientRect();
  return { text: live.toString(), top: b.top, bottom: b.bottom, left: b.left, docTop: b.top + window.scrollY };
});

/** Centre of the first whole-word occurrence of `word` in the reader, scrolled into view. */
async function wordCentre(page, word) {
  const box = await page.evaluate((word) => {
    const letter = /[\u0600-\u06ff]/;
    const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = n.data.indexOf(word); i >= 0; i = n.data.indexOf(word, i + 1)) {
        if (letter.test(n.data[i - 1] ?? '') || letter.test(n.data[i + word.length] ?? '')) continue;
        const r = new Range();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, word);
  assert.ok(box, `"${word}" is not in the reader`);
  return box;
}

const tooltip = (page) => page.locator('hashiya-tooltip .card');

async function hover(page, word) {
  await page.mouse.move(2, 2);
  await tooltip(page).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  const { x, y } = await wordCentre(page, word);
  await page.mouse.move(x, y);
  await tooltip(page).waitFor({ state: 'visible', timeout: 5_000 });
}

/** Clicks `selector` and returns the text of the file it downloads, and its suggested name. */
async function downloadOf(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click(selector)]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** RFC 4180 CSV → rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test('seed article: the panel lists key terms; a click flashes and scrolls to the next occurrence', { timeout: TIMEOUT }, async (t) => {
  const path = sharedFile(t, SEED);
  if (!path) return;
  const article = readFileSync(path, 'utf8');
  const page = await openReader();
  await paste(page, article, 'مينيتي');
  const terms = await panelTerms(page);
  console.log(`key terms: ${terms.slice(0, 15).map((x) => `${x.ar} (${x.en}) ×${x.count}`).join(' · ')}`);
  assert.ok(terms.length >= 8, `${terms.length} key terms`);
  const hit = terms.find((x) => (x.ar === 'الإرهاب' && /terror/i.test(x.en)) || (x.ar === 'داعش' && /ISIS|Daesh|Islamic State/i.test(x.en)));
  assert.ok(hit, `الإرهاب/terrorism or داعش/ISIS in the panel: ${JSON.stringify(terms.slice(0, 20))}`);
  assert.ok(terms.filter((x) => x.en && x.en !== '—').length >= 0.8 * terms.length, 'most terms have an English translation');
  // A translation composed word by word (no dictionary or glossary phrase) is marked as such
  // in the panel and the tooltip; the others are not.
  const marks = await page.evaluate(async () => {
    const { keyTerms } = (await import('/reader.js')).readerState();
    return [...document.querySelectorAll('#terms-list button.term')].map((b, k) => ({
      source: keyTerms[k]?.source,
      mark: getComputedStyle(b.querySelector('.en'), '::after').content,
      label: b.getAttribute('aria-label'),
      title: b.querySelector('.en').title,
    }));
  });
  for (const m of marks) {
    assert.equal(/word by word/.test(m.mark), m.source === 'composed', `panel mark for a ${m.source} term: ${m.mark}`);
    assert.equal(/composed word by word/.test(m.label), m.source === 'composed', m.label);
    // the team's phrase table (data/phrases.tsv) is named as the English's source
    assert.equal(/phrase table/.test(m.title), m.source === 'phrasebook', `panel title for a ${m.source} term: ${m.title}`);
  }
  assert.ok(marks.some((m) => m.source === 'phrasebook'), 'الفضاء الإلكتروني "cyberspace" comes from the phrase table');
  const composedAt = marks.findIndex((m) => m.source === 'composed');
  if (composedAt >= 0) {
    const ar = terms[composedAt].ar;
    // Hover the term's first occurrence: its tooltip says the English is composed.
    const at = await page.evaluate((ar) => {
      const walker = document.createTreeWalker(document.getElementById('reader'), NodeFilter.SHOW_TEXT);
      for (let n; (n = walker.nextNode());) {
        const i = n.data.indexOf(ar);
        if (i < 0) continue;
        const r = new Range();
        r.setStart(n, i + 1);
        r.setEnd(n, i + 2);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
      return null;
    }, ar);
    assert.ok(at, `${ar} is in the text`);
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => /word by word/.test(document.querySelector('hashiya-tooltip')?.shadowRoot?.textContent ?? ''), null, { timeout: 5_000 });
  }

  // Go to داعش (exact occurrences), else الإرهاب (inflected: إرهابي).
  const k = terms.findIndex((x) => x.ar === 'داعش');
  const target = k >= 0 ? k : terms.findIndex((x) => x.ar === 'الإرهاب');
  const stem = k >= 0 ? /^داعش$/ : /إرهاب/;
  const n = terms[target].count;
  const button = page.locator('#terms-list button.term').nth(target);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)); // start far away
  const seen = [];
  for (let j = 0; j < n + 1; j++) {
    await button.click();
    const f = await flashed(page);
    assert.ok(f, `click ${j + 1} flashes an occurrence`);
    assert.match(f.text, stem, `click ${j + 1} flashed "${f.text}"`);
    // Scrolled so that the occurrence is in view (smooth scrolling takes a moment).
    await page.waitForFunction(() => {
      const [r] = CSS.highlights.get('hashiya-flash') ?? [];
      if (!r) return false;
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const b = live.getBoundingClientRect();
      return b.top >= 0 && b.bottom <= document.documentElement.clientHeight;
    }, null, { timeout: 5_000 });
    const now = await flashed(page);
    seen.push(`${Math.round(now.docTop)}:${Math.round(now.left)}`);
    assert.match(await page.textContent('#terms-status'), new RegExp(`occurrence ${(j % n) + 1} of ${n}`));
  }
  if (n > 1) assert.notEqual(seen[0], seen[1], 'the second click goes to another occurrence');
  // The flash fades: the highlight is cleared after a moment.
  await page.waitForFunction(() => (CSS.highlights.get('hashiya-flash')?.size ?? 0) === 0, null, { timeout: 5_000 });
  // Keyboard: the terms are buttons; Enter goes to the next occurrence.
  await button.focus();
  await page.keyboard.press('Enter');
  assert.match((await flashed(page))?.text ?? '', stem);
  assert.match(await page.textContent('#terms-status'), new RegExp(`occurrence ${((n + 1) % n) + 1} of ${n}`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the panel follows each annotate; without the Highlight API the flash is drawn as an overlay', { timeout: TIMEOUT }, async () => {
  const page = await openReader({ init: () => Object.defineProperty(CSS, 'highlights', { value: undefined }) });
  const sample = await panelTerms(page);
  assert.ok(sample.length >= 3, `sample article: ${JSON.stringify(sample)}`);
  await annotate(page, 'قال وزير الداخلية إن الإرهاب خطر. وأضاف الوزير أن مكافحة الإرهاب واجب.', 'واجب');
  const terms = await panelTerms(page);
  assert.notDeepEqual(terms, sample, 'the panel shows the new text\'s terms');
  assert.ok(terms.some((x) => /إرهاب/.test(x.ar)), JSON.stringify(terms));
  await page.locator('#terms-list button.term').first().click();
  const boxes = page.locator('hashiya-flash .flash');
  await boxes.first().waitFor({ state: 'attached', timeout: 5_000 });
  assert.ok(await boxes.count() >= 1);
  assert.match(await page.textContent('#reader'), /مكافحة الإرهاب/, 'the text is unchanged');
  // Empty input: the panel empties.
  await page.fill('#input', '');
  await page.click('#annotate');
  await page.waitForFunction(() => document.querySelectorAll('#terms-list button').length === 0);
  assert.equal(await page.isVisible('#terms-empty'), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('inline mode shows English above the first occurrence of key terms, text and hovering unchanged', { timeout: TIMEOUT }, async (t) => {
  const path = sharedFile(t, SEED);
  if (!path) return;
  const page = await openReader();
  await annotate(page, readFileSync(path, 'utf8'), 'مينيتي');
  const terms = await panelTerms(page);
  const before = await page.textContent('#reader');
  await page.check('#inline-english');
  const labels = page.locator('hashiya-labels .label');
  await labels.first().waitFor({ timeout: 5_000 });
  const measure = () => page.evaluate(async () => {
    const { TextMap } = await import('./text-map.js');
    const map = new TextMap(document.getElementById('reader'));
    const host = document.querySelector('hashiya-labels');
    return [...host.shadowRoot.querySelectorAll('.label')].map((l) => {
      const r = map.range(Number(l.dataset.start), Number(l.dataset.end));
      const live = new Range();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const word = live.getClientRects()[0];
      const box = l.getBoundingClientRect();
      return { label: l.textContent, word: live.toString(), wordTop: word.top, wordLeft: word.left, wordRight: word.right, top: box.top, bottom: box.bottom, centre: (box.left + box.right) / 2 };
    });
  });
  let found = await measure();
  assert.ok(found.length >= 5, `labels: ${JSON.stringify(found)}`);
  // The page above the text grows: the labels move with the text.
  await page.evaluate(() => {
    document.getElementById('input').rows = 14;
  });
  await page.waitForTimeout(100);
  const moved = await measure();
  assert.ok(moved[0].wordTop > found[0].wordTop + 50, `the text moved down: ${found[0].wordTop} → ${moved[0].wordTop}`);
  found = moved;
  const isis = found.find((f) => f.word === 'داعش');
  assert.ok(isis, `a label over داعش: ${JSON.stringify(found.map((f) => `${f.word}=${f.label}`))}`);
  assert.match(isis.label, /ISIS|Daesh|Islamic State/);
  for (const f of found) {
    assert.ok(terms.some((x) => x.en.startsWith(f.label)), `label "${f.label}" is a key term's English`);
    assert.ok(f.bottom <= f.wordTop + 3 && f.top >= f.wordTop - 40, `"${f.label}" sits just above "${f.word}": ${JSON.stringify(f)}`);
    assert.ok(f.centre >= f.wordLeft - 1 && f.centre <= f.wordRight + 1, `"${f.label}" is centred over "${f.word}"`);
  }
  // Only the first occurrence is labelled.
  assert.equal(found.filter((f) => f.word === 'داعش').length, 1);
  assert.equal(await page.textContent('#reader'), before, 'the text is unchanged');
  // Hovering under a label still finds the word.
  await hover(page, 'داعش');
  assert.match(await tooltip(page).innerText(), /ISIS|Daesh|Islamic State/);
  await page.uncheck('#inline-english');
  assert.equal(await labels.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a custom glossary loads, reports its bad line by number, and wins in the tooltip', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  await hover(page, 'وزير');
  const builtIn = await tooltip(page).locator('section.word .glosses li').first().innerText();
  assert.match(builtIn, /minister/i);
  const tsv = [
    'arabic\tenglish\tlemma',
    '# a reader\'s glossary',
    'وزير\tsecretary of state\tوَزِير',
    'this line has no tab',
    'محطة تحلية\tdesalination plant',
    '',
  ].join('\n');
  await page.locator('.glossary summary').click();
  await page.setInputFiles('#glossary-file', { name: 'mine.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(tsv) });
  await page.waitForFunction(() => /loaded/.test(document.getElementById('glossary-status').textContent));
  await settled(page);
  const status = await page.textContent('#glossary-status');
  assert.match(status, /2 entries loaded/, status);
  assert.match(status, /line 4\b/, status);
  const issues = await page.locator('#glossary-issues li').allInnerTexts();
  assert.equal(issues.length, 1);
  assert.match(issues[0], /^Line 4: .*tab/i, issues[0]);
  await hover(page, 'وزير');
  assert.equal(await tooltip(page).locator('section.word .glosses li').first().innerText(), 'secretary of state');

  // JSON: a bad entry is reported by its line too.
  const json = '[\n  {"arabic": "وزير", "english": ["state secretary"]},\n  {"english": "no arabic"}\n]\n';
  await page.fill('#glossary-text', json);
  await page.click('#glossary-apply');
  await page.waitForFunction(() => /JSON/.test(document.getElementById('glossary-status').textContent));
  await settled(page);
  assert.match(await page.textContent('#glossary-status'), /1 entry loaded; 1 skipped \(line 3\)/);
  await hover(page, 'وزير');
  assert.equal(await tooltip(page).locator('section.word .glosses li').first().innerText(), 'state secretary');

  // Removing it brings the built-in gloss back.
  await page.click('#glossary-clear');
  await page.waitForFunction(() => /No custom glossary/.test(document.getElementById('glossary-status').textContent));
  await settled(page);
  await hover(page, 'وزير');
  assert.equal(await tooltip(page).locator('section.word .glosses li').first().innerText(), builtIn);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('exports: key terms as CSV, key terms and looked-up words as Anki TSV', { timeout: TIMEOUT }, async () => {
  const page = await openReader();
  const terms = await panelTerms(page);
  const csv = await downloadOf(page, '#export-csv');
  assert.match(csv.name, /\.csv$/);
  const rows = parseCsv(csv.text.replace(/^\ufeff/, ''));
  assert.deepEqual(rows[0], ['arabic', 'lemma', 'english', 'sentence']);
  assert.equal(rows.length, terms.length + 1, 'one row per key term');
  const reader = await page.textContent('#reader');
  rows.slice(1).forEach((row, k) => {
    assert.equal(row.length, 4, `row ${k + 1}: ${JSON.stringify(row)}`);
    assert.equal(row[0], terms[k].ar);
    assert.equal(row[2], terms[k].en);
    assert.match(row[1], /[\u0600-\u06ff]/, 'a lemma');
    assert.ok(row[3] && reader.includes(row[3]), `row ${k + 1}'s sentence is from the text: ${row[3]}`);
  });

  // Look a word up (a tooltip kept open a moment), then export for Anki.
  const word = 'أعلنت';
  await hover(page, word);
  await page.waitForFunction(() => /1 looked-up word/.test(document.getElementById('lookups').textContent), null, { timeout: 5_000 });
  const anki = await downloadOf(page, '#export-anki');
  assert.match(anki.name, /\.tsv$/);
  const lines = anki.text.split('\n').filter(Boolean);
  assert.deepEqual(lines.slice(0, 3), ['#separator:tab', '#html:false', '#columns:Arabic\tLemma\tEnglish\tSentence']);
  const notes = lines.slice(3).map((l) => l.split('\t'));
  assert.ok(notes.every((f) => f.length === 4), 'four fields a note');
  assert.deepEqual(notes.slice(0, terms.length).map((f) => f[0]), terms.map((x) => x.ar), 'the key terms first');
  const looked = notes.find((f) => f[0] === word);
  assert.ok(looked, `the looked-up word is a note: ${JSON.stringify(notes.slice(terms.length))}`);
  assert.match(looked[1], /[\u064b-\u0652]/, 'vocalised lemma');
  assert.match(looked[2], /announce|declare|proclaim/i);
  assert.ok(looked[3].includes(word) && reader.includes(looked[3]), `its sentence: ${looked[3]}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Reads back RFC 4180 fields with any separator, as a spreadsheet or Anki would. */
function parseDelimited(text, sep) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** A field as the core writes it: a leading apostrophe before a formula character. */
const neutralise = (f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f);

test('exports through the page\'s core (hashiya.js): the shared cases byte for byte, read back exactly, no cell a formula, long sentences cut', { timeout: TIMEOUT }, async () => {
  const cases = JSON.parse(readFileSync(new URL('../export-cases.json', import.meta.url), 'utf8'));
  const page = await browser.newPage();
  await page.goto(browser.url);
  const out = await page.evaluate(async (rows) => {
    const { Hashiya } = await import('./hashiya.js');
    const h = await Hashiya.load({ layers: [] });
    const text = 'مقدمة قصيرة. قال الوزير إن "التطرف", خطر؟ وانتهى';
    const at = text.indexOf('التطرف');
    const long = `${'كلمة '.repeat(100)}هدف ${'كلمة '.repeat(100)}.`;
    const goal = long.indexOf('هدف');
    let bad = '';
    try {
      h.exportRows('', rows, 'xlsx');
    } catch (e) {
      bad = e.message;
    }
    return {
      csv: h.exportRows('', rows, 'csv'),
      anki: h.exportRows('', rows, 'anki'),
      // A row given a span gets the sentence around it from the text.
      spanned: h.exportRows(text, [{ arabic: 'التطرف', lemma: 'تَطَرُّف', english: 'extremism, radicalism', start: at, end: at + 6 }], 'csv'),
      line: h.sentenceAround('عنوان\nقال الوزير', 8, 14),
      cut: h.sentenceAround(long, goal, goal + 3),
      bad,
    };
  }, cases.rows);
  assert.equal(out.csv, cases.csv);
  assert.equal(out.anki, cases.anki_tsv);
  assert.equal(out.spanned, 'arabic,lemma,english,sentence\r\nالتطرف,تَطَرُّف,"extremism, radicalism","قال الوزير إن ""التطرف"", خطر؟"\r\n');
  assert.equal(out.line, 'قال الوزير', 'a line break ends a sentence');
  assert.ok(out.cut.length <= 310 && out.cut.includes(' هدف ') && out.cut.startsWith('… ') && out.cut.endsWith(' …'), out.cut);
  assert.match(out.bad, /unknown export format "xlsx"/);
  const expected = cases.rows.map((r) => [r.arabic, r.lemma, r.english, r.sentence].map(neutralise));
  assert.deepEqual(parseDelimited(out.csv, ',').slice(1), expected);
  assert.deepEqual(parseDelimited(out.anki.split('\n').slice(3).join('\n'), '\t'), expected);
  for (const cell of [...parseDelimited(out.csv, ','), ...parseDelimited(out.anki.split('\n').slice(3).join('\n'), '\t')].flat()) {
    assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  }
  await page.close();
});
