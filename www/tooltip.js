// The tooltip: lives in a shadow root on a host styled `all: initial`, so the page's CSS can
// neither restyle nor hide it (10ten's approach), and is placed beside the word with plain
// viewport arithmetic (no positioning library needed for one box next to one rect).
// Sizes are in em of the card's own font size (never rem: a page's `html { font-size }` must
// not shrink the tooltip), so `size` scales the whole card.
// Theming on purpose only: custom properties named `--hashiya-tooltip-*` (bg, fg, muted,
// border, radius, shadow, font, arabic-font, font-size) inherit into the shadow root (`all`
// does not reset custom properties), and every element has a `part` named after its class
// (`hashiya-tooltip::part(card)`, `::part(lemma)`, ...). No other page CSS reaches it.

const STYLE = `
:host { all: initial; }
.card {
  --bg: #fffdf7; --fg: #1d1b16; --muted: #5a5345; --tag: #6a5f4b; --line: #c9c2b4; --rule: #e4ddcf;
  --tag-line: #d8cfbd; --marker: #9a8f7a; --shadow: rgb(0 0 0 / 18%); --size: 14px;
  position: absolute; top: 0; left: 0; width: max-content;
  box-sizing: border-box; max-width: min(27.5em, calc(100vw - 16px)); min-width: 11.5em;
  padding: 0.63em 0.86em; border-radius: var(--hashiya-tooltip-radius, 8px); border: 1px solid var(--hashiya-tooltip-border, var(--line));
  background: var(--hashiya-tooltip-bg, var(--bg)); color: var(--hashiya-tooltip-fg, var(--fg));
  box-shadow: 0 4px 18px var(--hashiya-tooltip-shadow, var(--shadow));
  font: var(--hashiya-tooltip-font-size, var(--size))/1.4 var(--hashiya-tooltip-font, system-ui, -apple-system, "Segoe UI", sans-serif); text-align: start;
}
/* Dark colours: always (theme "dark"), or when the system asks for them (theme "system"). */
.card.dark {
  --bg: #24221e; --fg: #eee8dc; --muted: #c4bba9; --tag: #d2c7b1; --line: #4d473c; --rule: #433e34;
  --tag-line: #5c5548; --marker: #a89c84; --shadow: rgb(0 0 0 / 45%);
}
@media (prefers-color-scheme: dark) {
  .card.system {
    --bg: #24221e; --fg: #eee8dc; --muted: #c4bba9; --tag: #d2c7b1; --line: #4d473c; --rule: #433e34;
    --tag-line: #5c5548; --marker: #a89c84; --shadow: rgb(0 0 0 / 45%);
  }
}
.card[hidden] { display: none; }
section + section { margin-top: 0.57em; padding-top: 0.57em; border-top: 1px solid var(--rule); }
.head { display: flex; align-items: baseline; gap: 0.69em; flex-wrap: wrap; }
.lemma { font: 1.66em/1.3 var(--hashiya-tooltip-arabic-font, "Noto Naskh Arabic", "Amiri", "Scheherazade New", serif); direction: rtl; }
.tag { font-size: 0.86em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--tag);
  border: 1px solid var(--tag-line); border-radius: 4px; padding: 0 0.35em; }
.translit { color: var(--hashiya-tooltip-muted, var(--muted)); font-style: italic; }
.glosses { margin: 0.34em 0 0; padding-inline-start: 1.37em; }
.glosses li::marker { color: var(--marker); }
.glosses li:first-child { font-weight: 600; }
.glosses .reading { color: var(--muted); font-weight: normal; }
.affixes { margin-top: 0.34em; color: var(--hashiya-tooltip-muted, var(--muted)); font-size: 0.97em; }
.affixes b { color: var(--hashiya-tooltip-fg, var(--fg)); font-weight: 600; }
.english { font-weight: 600; }
`;

/** At most this many glosses are listed (best first); the rest would bury the answer. */
const MAX_GLOSSES = 5;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) {
    e.className = cls;
    e.setAttribute('part', cls); // ::part(card), ::part(lemma), ... for sites' themes
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

/** "and + the + [stem] + his": the word's pieces in reading order, meanings only. */
function affixLine(d) {
  const pre = (d.prefixes || []).map((a) => a.meaning).filter(Boolean);
  const suf = (d.suffixes || []).map((a) => a.meaning).filter(Boolean);
  if (!pre.length && !suf.length) return null;
  const line = el('div', 'affixes');
  const parts = [...pre.map((m) => [m, false]), [d.glosses?.[0]?.split(/[;,]/)[0] || d.lemma, true], ...suf.map((m) => [m, false])];
  parts.forEach(([text, isStem], i) => {
    if (i) line.append(' + ');
    line.append(isStem ? el('b', null, text) : text);
  });
  return line;
}

function wordSection(d) {
  const s = el('section', 'word');
  const head = el('div', 'head');
  const lemma = el('span', 'lemma', d.lemma || d.vocalized || d.text);
  lemma.lang = 'ar';
  head.append(lemma);
  if (d.pos) head.append(el('span', 'tag', d.pos));
  s.append(head);
  if (d.translit) s.append(el('div', 'translit', d.translit));
  const glosses = d.glosses || [];
  if (glosses.length) {
    const ol = el('ol', 'glosses');
    // A line from another reading (another lemma or part of speech) says whose it is, so a
    // wrong first choice costs the reader a glance: "حَكَم · verb (perfect): ruled".
    const other = new Map((d.readings || []).map((r) => [r.line, r]));
    glosses.slice(0, MAX_GLOSSES).forEach((g, i) => {
      const li = el('li', null, g);
      const r = other.get(i);
      if (r) {
        const who = el('span', 'reading');
        const lemma = el('span', null, r.lemma);
        lemma.lang = 'ar';
        who.append(lemma, ` · ${r.pos}: `);
        li.prepend(who);
      }
      ol.append(li);
    });
    s.append(ol);
  }
  const affixes = affixLine(d);
  if (affixes) s.append(affixes);
  return s;
}

/** Entities, terms and any later layer: the English rendering first, then other fields. */
function genericSection(d) {
  const s = el('section', d.layer);
  const head = el('div', 'head');
  const english = d.english ?? d.translation ?? d.gloss;
  head.append(el('span', 'english', english || d.text || ''));
  // an entity's English guessed from the Arabic letters, not a listed name
  if (d.transliterated) head.append(el('span', 'translit', ' (transliterated)'));
  // a term's English composed from its words' glosses: no dictionary or glossary has it
  const composed = d.layer === 'term' && d.source === 'composed';
  if (composed) head.append(el('span', 'translit', ' (word by word)'));
  head.append(el('span', 'tag', d.type ? `${d.layer}: ${d.type}` : d.layer));
  s.append(head);
  if (d.text && english) {
    const ar = el('div', 'lemma', d.text);
    ar.lang = 'ar';
    s.append(ar);
  }
  for (const [k, v] of Object.entries(d)) {
    if (['layer', 'text', 'english', 'translation', 'gloss', 'type'].includes(k) || (composed && k === 'source')) continue;
    if (typeof v === 'string' || typeof v === 'number') s.append(el('div', 'translit', `${k}: ${v}`));
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length) s.append(el('div', 'translit', `${k}: ${v.join('; ')}`));
  }
  return s;
}

/** Text sizes a caller may ask for (CSS lengths); the default is the first. */
export const TOOLTIP_SIZES = Object.freeze({ medium: '14px', small: '12px', large: '17px', 'x-large': '20px' });

export class Tooltip {
  /**
   * @param {{ theme?: 'light'|'dark'|'system', size?: string }} [options]
   *   theme: colours (default light); size: a TOOLTIP_SIZES name or a CSS length (default 14px).
   */
  constructor(options = {}) {
    this.host = document.createElement('hashiya-tooltip');
    // Marked so that flattening and hit-testing skip it.
    this.host.setAttribute('data-hashiya-ui', '');
    // Inline and !important: the page's own CSS cannot move or restyle the host.
    this.host.style.cssText = 'all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; z-index: 2147483647 !important; pointer-events: none !important; display: block !important;';
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this.card = el('div', 'card');
    this.card.hidden = true;
    this.card.setAttribute('role', 'tooltip');
    // Screen readers hear the gloss when keyboard navigation moves to a word.
    this.card.setAttribute('aria-live', 'polite');
    shadow.append(style, this.card);
    this.visible = false;
    this.configure(options);
  }

  /** Changes the theme and text size (see the constructor); takes effect at once. */
  configure({ theme, size } = {}) {
    if (theme !== undefined) {
      this.card.classList.remove('dark', 'system');
      if (theme === 'dark' || theme === 'system') this.card.classList.add(theme);
    }
    if (size !== undefined) {
      const length = TOOLTIP_SIZES[size] ?? (/^\d+(\.\d+)?px$/.test(String(size)) ? size : TOOLTIP_SIZES.medium);
      this.card.style.setProperty('--size', length);
    }
  }

  /**
   * Shows the details (outer layers first, then the word) beside `rect` (viewport coords).
   * @param {DOMRect} rect
   * @param {object[]} detailsList
   */
  show(rect, detailsList) {
    if (!this.host.isConnected) document.documentElement.append(this.host);
    this.card.replaceChildren(...detailsList.map((d) => (d.layer === 'word' ? wordSection(d) : genericSection(d))));
    this.card.hidden = false;
    this.visible = true;
    this.place(rect);
  }

  /** Below the word, or above it when there is no room below; inside the viewport. */
  place(rect) {
    const gap = 6;
    const margin = 4;
    const { offsetWidth: w, offsetHeight: h } = this.card;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    let top = rect.bottom + gap;
    if (top + h > vh - margin && rect.top - gap - h >= margin) top = rect.top - gap - h;
    // Right-aligned with the word: Arabic reads from the right.
    let left = rect.right - w;
    left = Math.max(margin, Math.min(left, vw - w - margin));
    this.card.style.transform = `translate(${Math.round(left)}px, ${Math.round(Math.max(margin, top))}px)`;
  }

  hide() {
    this.card.hidden = true;
    this.visible = false;
  }

  remove() {
    this.host.remove();
    this.visible = false;
  }
}
