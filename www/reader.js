// The reader page: takes pasted or opened text, shows it in #reader and annotates it with
// the page layer. Whatever goes wrong, the text stays in the textarea and the page says why.
import { Hashiya } from './hashiya.js';
import { attach } from './page-layer.js';
import { TextMap } from './text-map.js';
import { InlineLabels, KeyTermsPanel } from './key-terms.js';
import { downloadExport, keyTermRows } from './export.js';

/** Longest text annotated at once (characters). Longer pastes are kept but not painted:
 * tens of thousands of highlights at once make scrolling sluggish on a slow machine. */
export const MAX_CHARS = 300_000;
/** Largest file read at all. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]/;

const $ = (id) => document.getElementById(id);
const input = $('input');
const reader = $('reader');
const message = $('message');
const stats = $('stats');
const sample = input.defaultValue;
const inlineEnglish = $('inline-english');

/** A tooltip open this long counts as a look-up (a pointer sweeping past words does not). */
const LOOKUP_DWELL_MS = 400;

/** The core, loading in the background from the moment the page opens. A build that has the
 * core's bytes at hand (the offline file, offline/) sets `globalThis.hashiyaLoadCore` to a
 * function returning a promise of the loaded core before this module runs. The load is
 * progressive: the core is there as soon as the words layer works, and the text is annotated
 * again when the other layers have joined (`hashiya.loaded`; see `addLayers`). */
const core = (globalThis.hashiyaLoadCore ?? (() => Hashiya.load({ progressive: true })))();
core.catch(() => {}); // reported when used, not as an unhandled rejection
let annotated = null;
/** Key terms of the annotated text, best first. */
let keyTerms = [];
const panel = new KeyTermsPanel($('terms-list'), { status: $('terms-status') });
const labels = new InlineLabels();
/** Words the reader looked up this session (kept across articles), by lemma: export rows. */
const lookups = new Map();
/** Counts `read` calls: after awaiting the core, only the newest one goes on. */
let readSeq = 0;

/** What the reader holds now, for builds that add to it (the offline file's study sheet and
 * persistence): the `Annotated` text (or null), its key terms, and the live map of looked-up
 * words (key → `{ arabic, lemma, english, sentence }`). */
export function readerState() {
  return { annotated, keyTerms, lookups };
}

function say(text, kind = 'info') {
  message.textContent = text;
  message.className = text ? kind : '';
}

function clearReader() {
  annotated?.detach();
  annotated = null;
  setKeyTerms([]);
  reader.replaceChildren();
  stats.textContent = '';
}

/** Shows `text` in the reader, one paragraph per non-empty line. */
function render(text) {
  clearReader();
  const paragraphs = text.split(/\r?\n/).filter((line) => line.trim());
  reader.replaceChildren(...paragraphs.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
}

const fmt = (n) => n.toLocaleString('en-US');

/** Annotates what is in the textarea. Never clears the textarea. */
export async function read() {
  const seq = ++readSeq;
  delete reader.dataset.layersLoaded;
  delete reader.dataset.layers;
  const text = input.value;
  if (!text.trim()) {
    clearReader();
    say('Nothing to read yet: paste or open some Arabic text above, then press Annotate.', 'warn');
    return;
  }
  if (text.length > MAX_CHARS) {
    clearReader();
    say(`This text is ${fmt(text.length)} characters long; the reader annotates up to ${fmt(MAX_CHARS)} at a time. Your text is still in the box above — cut it into parts and annotate one at a time.`, 'warn');
    return;
  }
  render(text);
  if (!ARABIC.test(text)) {
    say('This text has no Arabic letters, so there is nothing to gloss. Paste Arabic text (for example a news article) above.', 'warn');
    return;
  }
  let hashiya;
  try {
    say('Loading the dictionary…');
    hashiya = await core;
  } catch (e) {
    say(`The dictionary could not be loaded, so the text is shown without glosses. ${e.message}`, 'error');
    return;
  }
  // Another read may have started while the core loaded; the newest one wins.
  if (seq !== readSeq) return;
  try {
    annotated = attach(reader, hashiya);
  } catch (e) {
    say(`Annotating failed: ${e.message}. The text is shown without glosses.`, 'error');
    console.error(e);
    return;
  }
  showAnnotation(hashiya);
  addLayers(seq, hashiya, hashiya.layers.length);
}

/** The message, key terms and figures for the annotation just made. */
function showAnnotation(hashiya) {
  const words = annotated.wordCount;
  if (!words) {
    say('No Arabic words were recognised in this text.', 'warn');
  } else if (hashiya.missing.length) {
    // Words still work; say which layers are off and why.
    say(`Word glosses are on, but ${hashiya.missing.map((m) => `${m.layer} are off: ${m.message}`).join('; ')}`, 'warn');
  } else {
    say('');
  }
  setKeyTerms(hashiya.keyTerms());
  reader.dataset.layers = ['words', ...['entities', 'terms'].filter((l) => hashiya.layers.includes(l))].join(' ');
  stats.textContent = `${fmt(words)} words glossed · ${fmt(annotated.spanCount)} annotations · ${annotated.annotateMs.toFixed(1)} ms`;
}

/** Once the other layers have joined the core (a progressive load), annotates the text of
 * read `seq` again and hands over to the new annotation: names and terms appear, and the
 * open tooltip, the keyboard cursor, the scroll position and the selection stay (page-layer
 * `handOver`). A layer that failed is then reported as off. Nothing to do when every layer
 * was in already. */
async function addLayers(seq, hashiya, layersAt) {
  const missingAt = hashiya.missing.length;
  await hashiya.loaded;
  if (seq !== readSeq || !annotated) return;
  if (hashiya.layers.length !== layersAt) {
    let next;
    // Wrapped spans (no Highlight API) change the DOM: unwrap them before wrapping anew.
    if (annotated.mode === 'wrap') {
      annotated.detach();
      annotated = null;
    }
    try {
      next = attach(reader, hashiya);
    } catch (e) {
      say(`Annotating with the names and terms failed: ${e.message}. The word glosses stay.`, 'error');
      return;
    }
    const old = annotated;
    annotated = next;
    old?.handOver(next);
    showAnnotation(hashiya);
  } else if (hashiya.missing.length !== missingAt) {
    showAnnotation(hashiya); // a layer failed: say so
  }
  // Every layer is in the annotation shown (or reported as off): for tests and builds.
  reader.dataset.layersLoaded = 'all';
}

/** Shows the key terms of the annotated text in the panel (and inline when that is on). */
function setKeyTerms(terms) {
  keyTerms = terms;
  labels.hide();
  if (annotated && terms.length) {
    panel.update(annotated, terms);
    if (inlineEnglish.checked) labels.show(annotated, terms);
  } else {
    panel.clear();
  }
  const empty = $('terms-empty');
  empty.hidden = terms.length > 0;
  const termsOff = annotated?.hashiya.missing.find((m) => m.layer === 'terms');
  const termsIn = annotated?.hashiya.layers?.includes('terms') ?? true;
  empty.textContent = !annotated ? 'Annotate an article to see its key terms.'
    : termsOff ? 'Key terms are off: the term data did not load.'
      : !termsIn ? 'Key terms are loading…'
        : 'No key terms in this text.';
}

inlineEnglish.addEventListener('change', () => {
  reader.classList.toggle('inline-english', inlineEnglish.checked);
  if (inlineEnglish.checked && annotated) labels.show(annotated, keyTerms);
  else labels.hide();
});

/** Remembers the word whose tooltip is open (span `index` of `a`) as looked up. */
function recordLookup(a, index, start, end) {
  let d;
  try {
    d = a.details(index);
  } catch {
    return;
  }
  const text = a.map.text;
  const arabic = text.slice(start, end);
  const lemma = (d.layer === 'word' ? d.lemma : d.headword) || d.text || arabic;
  const english = d.layer === 'word' ? (d.glosses?.[0] ?? '') : (d.english ?? '');
  const key = `${d.layer}\t${lemma}`;
  if (lookups.has(key)) return;
  lookups.set(key, { arabic, lemma, english, sentence: a.hashiya.sentenceAround(text, start, end) });
  const n = lookups.size;
  $('lookups').textContent = `${n} looked-up word${n === 1 ? '' : 's'} will be added to the Anki export.`;
}

let lookupTimer = 0;
reader.addEventListener('hashiya-lookup', (e) => {
  clearTimeout(lookupTimer);
  const a = annotated;
  const { index, start, end } = e.detail;
  lookupTimer = setTimeout(() => {
    if (a && a === annotated && a.current === index && a.tooltip.visible) recordLookup(a, index, start, end);
  }, LOOKUP_DWELL_MS);
});

/** Key-term rows of the annotated text, or null (and a message) when there are none. */
function termRows() {
  if (!annotated || !keyTerms.length) {
    say('There are no key terms to export yet: annotate an article first.', 'warn');
    return null;
  }
  return keyTermRows(keyTerms);
}

$('export-csv').addEventListener('click', () => {
  const rows = termRows();
  if (rows) saveExport('hashiya-key-terms.csv', rows, 'csv');
});
$('export-anki').addEventListener('click', () => {
  const rows = annotated && keyTerms.length ? keyTermRows(keyTerms) : [];
  const seen = new Set(rows.flatMap((r) => [r.lemma, r.arabic]));
  for (const r of lookups.values()) {
    if (seen.has(r.lemma) || seen.has(r.arabic)) continue;
    seen.add(r.lemma);
    rows.push(r);
  }
  if (!rows.length) {
    say('Nothing to export yet: annotate an article, or look up some words.', 'warn');
    return;
  }
  saveExport('hashiya-anki.tsv', rows, 'anki');
});

/** Saves `rows` as a file written by the core (already loaded: there are rows); says why
 * when it cannot. */
async function saveExport(name, rows, format) {
  let content;
  try {
    content = (await core).exportRows(annotated?.map.text ?? '', rows, format);
  } catch (e) {
    say(`Could not export: ${e.message}`, 'error');
    return;
  }
  downloadExport(name, content, format);
}

/** Number of entries in a glossary text (what the core reads as entries, good or bad). */
function glossaryEntries(text, format) {
  if (format === 'json') {
    try {
      const v = JSON.parse(text.replace(/^\ufeff/, ''));
      return Array.isArray(v) ? v.length : Array.isArray(v?.terms) ? v.terms.length : 0;
    } catch {
      return 0;
    }
  }
  let n = 0;
  let first = true;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\ufeff/, '').replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const f = line.split('\t').map((x) => x.trim().toLowerCase());
    const header = first && f.length >= 2 && f[0] === 'arabic' && f[1] === 'english';
    first = false;
    if (!header) n++;
  }
  return n;
}

const glossaryFormat = (text, name = '') => (/\.json$/i.test(name) || /^\s*[[{]/.test(text.replace(/^\ufeff/, '')) ? 'json' : 'tsv');

/** Loads a custom glossary into the core, reports what loaded and what was skipped, and
 * annotates the text again so that its entries show. An empty text removes it. */
export async function useGlossary(text, format = glossaryFormat(text)) {
  const status = $('glossary-status');
  const list = $('glossary-issues');
  let hashiya;
  try {
    hashiya = await core;
  } catch (e) {
    status.textContent = `The glossary cannot be used: the dictionary did not load. ${e.message}`;
    return;
  }
  let issues;
  try {
    issues = hashiya.setGlossary(text, format);
  } catch (e) {
    status.textContent = `The glossary could not be read: ${e.message}`;
    return;
  }
  list.replaceChildren(...issues.map(({ line, message: m }) => Object.assign(document.createElement('li'), {
    textContent: `Line ${line}: ${String(m).replace(/^line \d+:\s*/, '')}`,
  })));
  if (!text.trim()) {
    status.textContent = 'No custom glossary: the built-in dictionary only.';
  } else {
    const loaded = Math.max(0, glossaryEntries(text, format) - issues.length);
    const skipped = issues.length ? `; ${issues.length} skipped (line${issues.length === 1 ? '' : 's'} ${issues.map((i) => i.line).join(', ')})` : '';
    status.textContent = `Glossary (${format.toUpperCase()}): ${fmt(loaded)} entr${loaded === 1 ? 'y' : 'ies'} loaded${skipped}.`;
  }
  status.className = issues.length ? 'warn' : '';
  await read();
}

$('glossary-apply').addEventListener('click', () => useGlossary($('glossary-text').value));
$('glossary-clear').addEventListener('click', () => {
  $('glossary-text').value = '';
  useGlossary('');
});
$('glossary-file').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  try {
    const text = decode(new Uint8Array(await file.arrayBuffer()));
    $('glossary-text').value = text;
    await useGlossary(text, glossaryFormat(text, file.name));
  } catch (err) {
    $('glossary-status').textContent = `Could not read ${file.name}: ${err.message}`;
  } finally {
    e.target.value = '';
  }
});

/** Text of an HTML document as paragraphs (scripts and styles dropped). */
function htmlToText(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const flat = new TextMap(doc.body ?? doc.documentElement).text;
  return flat
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0\r]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** UTF-8 when valid, else Windows-1256 (the common legacy Arabic encoding). */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1256').decode(bytes);
  }
}

async function openFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    say(`${file.name} is ${fmt(Math.round(file.size / 1048576))} MB; the reader opens files up to 50 MB.`, 'warn');
    return;
  }
  let text;
  try {
    text = decode(new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    say(`Could not read ${file.name}: ${e.message}`, 'error');
    return;
  }
  if (/\.html?$/i.test(file.name) || file.type === 'text/html') text = htmlToText(text);
  input.value = text;
  await read();
}

$('annotate').addEventListener('click', () => read());
$('sample').addEventListener('click', () => {
  input.value = sample;
  read();
});
$('file').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  if (file) openFile(file).finally(() => (e.target.value = ''));
});
// A .txt or .html file dropped anywhere on the page opens like one chosen with the button.
document.addEventListener('dragover', (e) => {
  if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
});
document.addEventListener('drop', (e) => {
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  e.preventDefault();
  if (/\.(txt|html?)$/i.test(file.name) || /^text\/(plain|html)/.test(file.type)) openFile(file);
  else say(`${file.name} is not a .txt or .html file; the reader opens plain text and HTML.`, 'warn');
});
// A paste annotates straight away (after the textarea has taken the text in).
input.addEventListener('paste', () => setTimeout(read, 0));
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    read();
  }
});

/** The first annotation (of the sample, or of what a build put in the box before this ran). */
export const firstRead = read();
