// The reader page: takes pasted or opened text, shows it in #reader and annotates it with
// the page layer. Whatever goes wrong, the text stays in the textarea and the page says why.
import { Hashiya } from './hashiya.js';
import { attach } from './page-layer.js';
import { TextMap } from './text-map.js';

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

/** The core, loading in the background from the moment the page opens. */
const core = Hashiya.load();
core.catch(() => {}); // reported when used, not as an unhandled rejection
let annotated = null;
/** Counts `read` calls: after awaiting the core, only the newest one goes on. */
let readSeq = 0;

function say(text, kind = 'info') {
  message.textContent = text;
  message.className = text ? kind : '';
}

function clearReader() {
  annotated?.detach();
  annotated = null;
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
  const words = annotated.wordCount;
  if (!words) {
    say('No Arabic words were recognised in this text.', 'warn');
  } else if (hashiya.missing.length) {
    // Words still work; say which layers are off and why.
    say(`Word glosses are on, but ${hashiya.missing.map((m) => `${m.layer} are off: ${m.message}`).join('; ')}`, 'warn');
  } else {
    say('');
  }
  stats.textContent = `${fmt(words)} words glossed · ${fmt(annotated.spanCount)} annotations · ${annotated.annotateMs.toFixed(1)} ms`;
}

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
// A paste annotates straight away (after the textarea has taken the text in).
input.addEventListener('paste', () => setTimeout(read, 0));
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    read();
  }
});

read();
