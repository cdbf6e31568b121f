// The last article, where the reader was in it, the custom glossary and the words looked up
// come back when the file is opened again (localStorage; see store.js). The article is put
// into the box before the reader first annotates, so the first screen is the kept article;
// the scroll position is put back once it is annotated.
import { debounce, store } from './store.js';

const $ = (id) => document.getElementById(id);

/** Largest article kept (characters): localStorage holds about 5 M characters per origin. */
const MAX_KEPT = 1_000_000;

/** Puts the kept article and glossary into their boxes. Runs before the reader starts. */
export function restoreArticle() {
  const article = store.get('article');
  if (typeof article?.text === 'string' && article.text.trim()) $('input').value = article.text;
  const glossary = store.get('glossary');
  if (typeof glossary === 'string') $('glossary-text').value = glossary;
}

/** A short fingerprint of a text (FNV-1a and its length): which article a position is in. */
function fingerprint(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

/** Text nodes of the reader in order (the overlays' hosts hold none). */
function textNodes(root) {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
}

/** Where the reader is: the offset, in the reader's text, of the first text at the top of the
 * window, or null when the text is not scrolled into. */
export function readingPosition() {
  const reader = $('reader');
  const paragraphs = [...reader.querySelectorAll('p')];
  const p = paragraphs.find((el) => el.getBoundingClientRect().bottom > 1);
  if (!p || reader.getBoundingClientRect().top >= 0) return null;
  let node = p.firstChild;
  let offset = 0;
  const box = p.getBoundingClientRect();
  if (box.top < 0) {
    // Part of a long paragraph is above the window: the caret at the start of its first
    // visible line (the right edge: the text is right to left).
    const x = Math.max(box.left + 2, Math.min(box.right - 4, innerWidth - 4));
    const pos = document.caretPositionFromPoint?.(x, 4);
    const range = pos ? null : document.caretRangeFromPoint?.(x, 4);
    const n = pos?.offsetNode ?? range?.startContainer;
    if (n?.nodeType === Node.TEXT_NODE && p.contains(n)) {
      node = n;
      offset = pos?.offset ?? range.startOffset;
    }
  }
  let at = 0;
  for (const t of textNodes(reader)) {
    if (t === node) return at + offset;
    at += t.data.length;
  }
  return null;
}

/** Scrolls the window so that `offset` of the reader's text is at its top. */
export function scrollToPosition(offset) {
  if (offset == null) return;
  let at = 0;
  for (const t of textNodes($('reader'))) {
    if (offset < at + t.data.length || offset === at + t.data.length) {
      const range = new Range();
      const i = Math.min(offset - at, t.data.length);
      range.setStart(t, i);
      range.setEnd(t, Math.min(i + 1, t.data.length));
      const rect = range.getClientRects()[0] ?? t.parentElement.getBoundingClientRect();
      window.scrollTo({ top: window.scrollY + rect.top - 4, behavior: 'instant' });
      return;
    }
    at += t.data.length;
  }
}

/**
 * Keeps the article, its position, the glossary and the looked-up words as they change, and
 * puts the position, glossary and looked-up words back once the first annotation is done.
 * @param {{ readerState: Function, firstRead: Promise, useGlossary: Function,
 *   saved: (ok: boolean) => void }} reader
 */
export async function startPersistence({ readerState, firstRead, useGlossary, saved }) {
  const input = $('input');
  const reader = $('reader');

  const saveArticle = debounce(() => {
    const text = input.value;
    if (text.length > MAX_KEPT) return; // the reader does not annotate it either
    saved(store.set('article', { text }));
  }, 400);
  input.addEventListener('input', () => saveArticle());

  const savePosition = debounce(() => {
    const text = reader.textContent;
    if (!text) return;
    saved(store.set('position', { article: fingerprint(text), offset: readingPosition() }));
  }, 250);

  const saveLookups = debounce(() => {
    // The latest 2,000 are plenty for the exports and keep the storage small.
    saved(store.set('lookups', [...readerState().lookups.entries()].slice(-2000)));
  }, 200);
  // The reader records a look-up after the tooltip has stayed open a moment (400 ms).
  reader.addEventListener('hashiya-lookup', () => setTimeout(saveLookups, 600));

  // Each finished annotation (the stats line is written) is of the article to keep.
  new MutationObserver(() => {
    if ($('stats').textContent) saveArticle.flush();
  }).observe($('stats'), { childList: true, characterData: true, subtree: true });

  // The glossary is kept whenever the reader reports on it (used, replaced or removed).
  new MutationObserver(() => {
    const text = $('glossary-text').value;
    if (text.trim()) saved(store.set('glossary', text));
    else store.remove('glossary');
  }).observe($('glossary-status'), { childList: true, characterData: true, subtree: true });

  // Before the page goes away (closing the tab, reloading), everything once more.
  const flushAll = () => {
    saveArticle.flush();
    if (reader.textContent) savePosition.flush();
    saveLookups.flush();
  };
  addEventListener('pagehide', flushAll);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushAll();
  });

  // Looked-up words of earlier sessions join the Anki export and the study sheet again.
  const { lookups } = readerState();
  const kept = store.get('lookups', []);
  if (Array.isArray(kept)) {
    for (const entry of kept) {
      if (Array.isArray(entry) && typeof entry[1]?.arabic === 'string' && !lookups.has(entry[0])) lookups.set(entry[0], entry[1]);
    }
    const n = lookups.size;
    if (n) $('lookups').textContent = `${n} looked-up word${n === 1 ? '' : 's'} will be added to the Anki export.`;
  }

  try {
    await firstRead;
    const glossary = $('glossary-text').value;
    if (glossary.trim()) await useGlossary(glossary);
    const position = store.get('position');
    if (position && position.article === fingerprint(reader.textContent)) scrollToPosition(position.offset);
  } finally {
    // Only now: restoring must not overwrite the kept position with the top of the page.
    addEventListener('scroll', () => savePosition(), { passive: true });
    // What was kept is back (tests and the benchmark wait for this).
    document.documentElement.dataset.restored = 'true';
  }
}
