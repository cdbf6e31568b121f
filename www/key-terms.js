// Key terms on the page: a list of the article's key terms (click one to scroll to and flash
// its next occurrence), and an optional inline mode that shows each key term's English above
// its first occurrence. Neither touches the annotated text: the flash is a CSS highlight
// (boxes in an overlay where the Highlight API is missing) and the English labels sit in an
// overlay outside the text, so the text, its offsets and hit-testing stay as they were.
//
//   import { KeyTermsPanel, InlineLabels } from './key-terms.js';
//   const panel = new KeyTermsPanel(listElement, { status });   // status: an aria-live element
//   panel.update(annotated, hashiya.keyTerms());
//   const labels = new InlineLabels();
//   labels.show(annotated, terms);   labels.hide();
import { liveRange, supportsHighlights } from './page-layer.js';

const CSS_TEXT = `
::highlight(hashiya-flash) { background-color: rgb(255 120 0 / 55%); }
`;

const OVERLAY_STYLE = `
:host { all: initial; }
.label {
  position: absolute; transform: translate(-50%, -100%); white-space: nowrap;
  max-width: 14em; overflow: hidden; text-overflow: ellipsis;
  padding: 0 0.3em; border-radius: 3px; background: rgb(255 253 247 / 92%);
  color: #7a4a08; font: 600 11.5px/1.25 system-ui, -apple-system, "Segoe UI", sans-serif;
  direction: ltr; unicode-bidi: isolate;
}
.flash {
  position: absolute; border-radius: 3px; background: rgb(255 120 0 / 55%);
  animation: hashiya-fade 1.6s ease-out forwards;
}
@keyframes hashiya-fade { 0%, 60% { opacity: 1; } 100% { opacity: 0; } }
@media (prefers-reduced-motion: reduce) { .flash { animation: none; } }
`;

/** How long an occurrence stays flashed (ms). */
export const FLASH_MS = 1600;
/** At most this many key terms get an English label in inline mode (best first). */
export const MAX_LABELS = 15;

let sheet = null;
/** Adds the flash style to a document or shadow root once (as page-layer.js does for its own). */
function adoptStyles(scope) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS_TEXT);
  }
  if (!scope.adoptedStyleSheets.includes(sheet)) scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
}

/** A zero-size host with a shadow root: what it holds is placed relative to the host, ignores
 * the pointer and is skipped by text flattening (data-hashiya-ui). At the top left of the
 * document by default; `mount(parent)` puts it first inside an element instead, at its static
 * position, so that it moves with that element when the page above it grows or shrinks. */
class Overlay {
  constructor(tag) {
    this.host = document.createElement(tag);
    this.host.setAttribute('data-hashiya-ui', '');
    this.host.setAttribute('aria-hidden', 'true');
    this.parent = null;
    this.host.style.cssText = 'all: initial !important; position: absolute !important; width: 0 !important; height: 0 !important; overflow: visible !important; pointer-events: none !important; z-index: 2147483646 !important; display: block !important;';
    this.shadow = this.host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = OVERLAY_STYLE;
    this.shadow.append(style);
  }

  /** Puts the host first inside `parent` (an element), or at the document's top left (null). */
  mount(parent) {
    this.parent = parent;
    this.host.style.setProperty('top', parent ? 'auto' : '0', 'important');
    this.host.style.setProperty('left', parent ? 'auto' : '0', 'important');
    if (this.host.parentNode !== (parent ?? document.body)) this._attach();
  }

  _attach() {
    if (this.parent?.isConnected) this.parent.prepend(this.host);
    else document.body.append(this.host);
  }

  /** Viewport position of the overlay's origin. */
  origin() {
    if (!this.host.isConnected || (this.parent && this.host.parentNode !== this.parent)) this._attach();
    const r = this.host.getBoundingClientRect();
    return { x: r.left, y: r.top };
  }

  add(el) {
    this.shadow.append(el);
    return el;
  }

  clear() {
    for (const el of [...this.shadow.children]) if (el.tagName !== 'STYLE') el.remove();
  }

  remove() {
    this.host.remove();
  }
}

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Scrolls the window so that `rect` (viewport coords) is in the middle, when it is not in view. */
function scrollToRect(rect) {
  const vh = document.documentElement.clientHeight;
  const margin = Math.min(80, vh / 6);
  if (rect.top >= margin && rect.bottom <= vh - margin) return;
  window.scrollBy({ top: rect.top + rect.height / 2 - vh / 2, behavior: reducedMotion() ? 'auto' : 'smooth' });
}

let flashOverlay = null;
let flashTimer = 0;

/**
 * Scrolls to [start, end) of `annotated`'s text and flashes it for a moment. Returns the
 * range flashed (null when those offsets map to no text).
 * @param {import('./page-layer.js').Annotated} annotated
 */
export function flash(annotated, start, end) {
  const range = liveRange(annotated.textRange(start, end));
  if (!range) return null;
  scrollToRect(range.getBoundingClientRect());
  clearTimeout(flashTimer);
  if (supportsHighlights()) {
    adoptStyles(document);
    for (const sr of annotated.map.shadowRoots) adoptStyles(sr);
    let h = CSS.highlights.get('hashiya-flash');
    if (!h) {
      h = new Highlight();
      h.priority = 12;
      CSS.highlights.set('hashiya-flash', h);
    }
    h.clear();
    h.add(range);
    flashTimer = setTimeout(() => h.clear(), FLASH_MS);
    return range;
  }
  // No Highlight API: boxes over the range's rects, drawn after the scroll has settled.
  if (!flashOverlay) {
    flashOverlay = new Overlay('hashiya-flash');
    flashOverlay.mount(null);
  }
  flashOverlay.clear();
  const draw = () => {
    flashOverlay.clear();
    const o = flashOverlay.origin();
    for (const r of range.getClientRects()) {
      const box = flashOverlay.add(document.createElement('div'));
      box.className = 'flash';
      Object.assign(box.style, { left: `${r.left - o.x}px`, top: `${r.top - o.y}px`, width: `${r.width}px`, height: `${r.height}px` });
    }
  };
  draw();
  if (!reducedMotion()) setTimeout(draw, 400); // after a smooth scroll the page has moved
  flashTimer = setTimeout(() => flashOverlay.clear(), FLASH_MS + 400);
  return range;
}

/** The first sense of an English gloss ("a; b, c" → "a"), for a short label. */
export function shortEnglish(english) {
  return String(english ?? '').split(/\s*;\s*/)[0].trim();
}

/** The key-term list. Each term is a button; pressing it goes to its next occurrence. */
export class KeyTermsPanel {
  /**
   * @param {HTMLOListElement|HTMLUListElement} list where the buttons go
   * @param {{ status?: HTMLElement }} [options] status: a live region told where a click went
   */
  constructor(list, { status } = {}) {
    this.list = list;
    this.status = status;
    this.annotated = null;
    this.terms = [];
    /** Per term: index of the occurrence the next click goes to. */
    this.next = [];
    list.addEventListener('click', (e) => {
      const button = e.target.closest?.('button[data-term]');
      if (button && list.contains(button)) this.go(Number(button.dataset.term));
    });
  }

  /** Shows the key terms of `annotated`'s text (best first, as the core returns them). */
  update(annotated, terms) {
    this.annotated = annotated;
    this.terms = terms.filter((t) => t.occurrences?.length);
    this.next = this.terms.map(() => 0);
    this.list.replaceChildren(...this.terms.map((t, k) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'term';
      button.dataset.term = String(k);
      const n = t.occurrences.length;
      button.title = `Go to the next of ${n} occurrence${n === 1 ? '' : 's'}`;
      const ar = Object.assign(document.createElement('span'), { className: 'ar', lang: 'ar', dir: 'rtl', textContent: t.text });
      const en = Object.assign(document.createElement('span'), { className: 'en', textContent: t.english || '—' });
      const count = Object.assign(document.createElement('span'), { className: 'count', textContent: `×${t.count ?? n}` });
      // A translation composed from the words' glosses (no dictionary or glossary has the
      // phrase) is marked, so the reader weighs it as a guess; the style sheets show the mark.
      const composed = t.source === 'composed';
      if (composed) {
        en.dataset.source = 'composed';
        en.title = "Composed word by word from the words' glosses: no dictionary or glossary has this phrase";
      } else if (t.source === 'phrasebook') {
        // the team's phrase table of news terms (data/phrases.tsv), compiled into the core
        en.title = "From Hashiya's phrase table of news terms";
      }
      button.setAttribute('aria-label', `${t.text}: ${t.english || 'no translation'}${composed ? ' (composed word by word)' : ''}, ${t.count ?? n} time${(t.count ?? n) === 1 ? '' : 's'}`);
      button.append(ar, en, count);
      li.append(button);
      return li;
    }));
    if (this.status) this.status.textContent = '';
  }

  clear() {
    this.annotated = null;
    this.terms = [];
    this.next = [];
    this.list.replaceChildren();
    if (this.status) this.status.textContent = '';
  }

  /** Scrolls to and flashes the next occurrence of term `k` (cycling). Returns its range. */
  go(k) {
    const t = this.terms[k];
    if (!t || !this.annotated) return null;
    const n = t.occurrences.length;
    const j = this.next[k] % n;
    this.next[k] = (j + 1) % n;
    const [start, end] = t.occurrences[j];
    const range = flash(this.annotated, start, end);
    if (this.status) this.status.textContent = `${t.text} (${t.english || 'no translation'}): occurrence ${j + 1} of ${n}`;
    return range;
  }
}

/** English labels above the first occurrence of each key term ("ruby" as an overlay). */
export class InlineLabels {
  constructor() {
    this.overlay = new Overlay('hashiya-labels');
    this.annotated = null;
    this.terms = [];
    this._frame = 0;
    this._observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this._schedule()) : null;
    this._onResize = () => this._schedule();
  }

  get visible() {
    return !!this.annotated;
  }

  /** Labels the first occurrences of the best `max` terms of `annotated`'s text. */
  show(annotated, terms, max = MAX_LABELS) {
    this.hide();
    this.annotated = annotated;
    this.terms = terms.filter((t) => t.english && t.occurrences?.length).slice(0, max);
    // Inside the annotated element: the labels move with it (a text box above it resized,
    // a message shown). Its text is unchanged: the labels are in the host's shadow root.
    this.overlay.mount(annotated.root);
    this._observer?.observe(annotated.root);
    window.addEventListener('resize', this._onResize, { passive: true });
    document.fonts?.ready.then(() => this._schedule());
    this.place();
  }

  hide() {
    if (this.annotated) this._observer?.unobserve(this.annotated.root);
    window.removeEventListener('resize', this._onResize);
    cancelAnimationFrame(this._frame);
    this._frame = 0;
    this.annotated = null;
    this.terms = [];
    this.overlay.clear();
  }

  _schedule() {
    if (this.annotated) this._frame ||= requestAnimationFrame(() => {
      this._frame = 0;
      this.place();
    });
  }

  /** (Re)places every label over its word; a label that would cover a better term's label
   * is left out. */
  place() {
    this.overlay.clear();
    if (!this.annotated) return;
    const o = this.overlay.origin();
    const placed = []; // viewport rects of labels placed so far
    const taken = []; // [start, end) of labelled occurrences
    for (const t of this.terms) {
      const [start, end] = t.occurrences[0];
      if (taken.some(([s, e]) => start < e && s < end)) continue; // inside a longer term
      const range = liveRange(this.annotated.textRange(start, end));
      const rect = range?.getClientRects()[0];
      if (!rect || !rect.width) continue;
      const label = this.overlay.add(document.createElement('span'));
      label.className = 'label';
      label.textContent = shortEnglish(t.english);
      label.title = t.english;
      label.dataset.start = String(start);
      label.dataset.end = String(end);
      label.style.left = `${rect.left + rect.width / 2 - o.x}px`;
      label.style.top = `${rect.top - o.y}px`;
      const box = label.getBoundingClientRect();
      if (placed.some((p) => box.left < p.right && p.left < box.right && box.top < p.bottom && p.top < box.bottom)) {
        label.remove();
        continue;
      }
      placed.push(box);
      taken.push([start, end]);
    }
  }

  remove() {
    this.hide();
    this._observer?.disconnect();
    this.overlay.remove();
  }
}
