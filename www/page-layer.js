// The page layer: annotates the text under an element with the core, paints the spans and
// shows a tooltip on hover, tap or keyboard focus. The page's DOM is not rewritten: spans
// are painted with the CSS Custom Highlight API and found under the pointer with
// caretPositionFromPoint (10ten Japanese Reader's model). Only where the Highlight API is
// missing are spans wrapped in <mark> elements.
//
//   import { attach } from './page-layer.js';
//   const annotated = attach(element, hashiya);   // paints; hover/focus show tooltips
//   annotated.detach();                           // removes every trace
import { LAYERS, SPAN_WIDTH } from './spans.js';
import { TextMap } from './text-map.js';
import { Tooltip } from './tooltip.js';

const CSS_TEXT = `
::highlight(hashiya-word) { text-decoration: underline dotted rgb(130 105 50 / 70%); }
::highlight(hashiya-term) { background-color: rgb(255 214 102 / 30%); }
::highlight(hashiya-entity) { background-color: rgb(150 175 225 / 28%); }
::highlight(hashiya-entity-per), ::highlight(hashiya-entity-person) { background-color: rgb(120 200 140 / 30%); }
::highlight(hashiya-entity-loc), ::highlight(hashiya-entity-location), ::highlight(hashiya-entity-gpe), ::highlight(hashiya-entity-place) { background-color: rgb(120 170 235 / 30%); }
::highlight(hashiya-entity-org), ::highlight(hashiya-entity-organization), ::highlight(hashiya-entity-organisation) { background-color: rgb(215 150 220 / 30%); }
::highlight(hashiya-hover) { background-color: rgb(255 196 70 / 45%); }
::highlight(hashiya-focus) { background-color: rgb(255 160 30 / 50%); text-decoration: underline solid rgb(150 80 0); }
mark.hashiya-mark { background: none; color: inherit; font: inherit; padding: 0; }
mark.hashiya-word { text-decoration: underline dotted rgb(130 105 50 / 70%); }
mark.hashiya-term { background-color: rgb(255 214 102 / 30%); }
mark.hashiya-entity { background-color: rgb(150 175 225 / 28%); }
mark.hashiya-hover { background-color: rgb(255 196 70 / 45%); }
mark.hashiya-focus { background-color: rgb(255 160 30 / 50%); }
`;

/** Stacking order of highlights: inner state (hover, focus) above layers, entities above terms. */
const PRIORITY = { word: 1, term: 2, entity: 3, hover: 10, focus: 11 };

let sheet = null;
/** Adds the highlight/mark styles to a document or shadow root once (a document's styles do
 * not reach into shadow trees, so each open shadow root with annotated text gets them too). */
function adoptStyles(scope) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS_TEXT);
  }
  if (!scope.adoptedStyleSheets.includes(sheet)) scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
}

export function supportsHighlights() {
  return typeof Highlight === 'function' && typeof CSS !== 'undefined' && !!CSS.highlights;
}

/** The shared Highlight for `name`: several annotated elements add their ranges to it. */
function highlight(name, priority) {
  let h = CSS.highlights.get(name);
  if (!h) {
    h = new Highlight();
    h.priority = priority;
    CSS.highlights.set(name, h);
  }
  return h;
}

const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A live Range (which can be measured) for a static one; null if the DOM has since changed
 * so that its offsets no longer fit. */
export function liveRange(r) {
  if (!r) return null;
  if (r instanceof Range) return r;
  try {
    const live = new Range();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live;
  } catch {
    return null;
  }
}

function rectContains(rects, x, y, slack = 1) {
  for (const r of rects) {
    if (x >= r.left - slack && x <= r.right + slack && y >= r.top - slack && y <= r.bottom + slack) return true;
  }
  return false;
}

/** Where in which text node the point (x, y) is, reaching into the given open shadow roots. */
function caretAt(x, y, shadowRoots) {
  if (document.caretPositionFromPoint) {
    const pos = shadowRoots.length
      ? document.caretPositionFromPoint(x, y, { shadowRoots })
      : document.caretPositionFromPoint(x, y);
    return pos && { node: pos.offsetNode, offset: pos.offset };
  }
  if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    return r && { node: r.startContainer, offset: r.startOffset };
  }
  return null;
}

/**
 * Annotates and paints the text under `root` with a core in the same thread (synchronous).
 * @param {Element} root
 * @param {import('./hashiya.js').Hashiya} hashiya
 * @param {{ mode?: 'auto'|'highlight'|'wrap', keyboard?: boolean }} [options]
 *   mode: 'auto' uses the Highlight API when the browser has it, else wraps spans.
 *   keyboard: make `root` focusable with arrow-key word navigation (default true).
 */
export function attach(root, hashiya, options = {}) {
  const map = new TextMap(root, { skip: options.skip });
  const t0 = performance.now();
  const spans = hashiya.annotate(map.text);
  return new Annotated(root, { map, spans, local: hashiya, annotateMs: performance.now() - t0 }, options);
}

/**
 * Annotates the text under `root` with a core behind a message boundary (a `RemoteCore` of
 * remote-core.js: an extension's worker, a Web Worker) and paints it in slices of at most
 * `sliceMs` of main-thread work, the text in view first. Resolves once the text is annotated
 * and the first slice painted; `annotated.painted` resolves when every span is painted.
 * Details for tooltips are fetched from the core when a tooltip opens.
 * @param {Element} root
 * @param {import('./remote-core.js').RemoteCore} core
 * @param {{ mode?: 'auto'|'highlight'|'wrap', keyboard?: boolean, sliceMs?: number,
 *   skip?: (element: Element) => boolean, tooltip?: { theme?: string, size?: string },
 *   paintNear?: number }} [options]
 *   skip: elements left unannotated beyond the built-in ones (TextMap's option);
 *   tooltip: the tooltip's theme and text size (Tooltip's options);
 *   paintNear: highlight only the text within this many viewport heights of the viewport,
 *   following scrolling (default: all of it). Chromium repaints every highlighted range in
 *   its paint area whenever any highlight changes (a hover included), which on a
 *   10,000-word article takes 170–450 ms a frame; a window keeps that to the words near
 *   the viewport. Above REMOTE_LARGE_SPANS spans a window of PAINT_NEAR_REMOTE is used by
 *   default (with `attach`, above LARGE_SPANS, PAINT_NEAR_LARGE); a negative value paints
 *   all of it.
 * @returns {Promise<Annotated>}
 */
export async function attachAsync(root, core, options = {}) {
  const map = new TextMap(root, { skip: options.skip });
  // The highlight styles go on now, while the core works: adopting a sheet restyles the whole
  // document, which done in the constructor the first slice's layout reads would force
  // inside the same task as that slice.
  adoptStyles(document);
  for (const sr of map.shadowRoots) adoptStyles(sr);
  const t0 = performance.now();
  const { spans, types } = await core.annotate(map.text);
  // Above REMOTE_LARGE_SPANS spans the text near the viewport is painted (a window), unless
  // the caller chose: every highlighted range costs Chromium paint work in each frame where
  // a highlight changes, and with all of a 10,000-word page's 15,000 spans one such frame
  // took 80-120 ms, a long task that slicing our own work cannot split (BENCHMARKS.md).
  const paintNear = options.paintNear ?? (spans.length / SPAN_WIDTH > REMOTE_LARGE_SPANS ? PAINT_NEAR_REMOTE : undefined);
  const annotated = new Annotated(root, { map, spans, types, remote: core, annotateMs: performance.now() - t0 }, { ...options, paintNear });
  await annotated._firstSlice; // the text in view is painted (wrap mode: all of it already)
  return annotated;
}

/** Main-thread work per painting slice (ms): well under the 50 ms that makes a long task. */
export const SLICE_MS = 8;

/** Above this many spans, only the text near the viewport is painted even when the caller
 * did not ask for a window (`paintNear` then defaults to PAINT_NEAR_LARGE). Chromium
 * repaints every highlighted range of the paint area on each highlight change: with 70,000
 * spans in one text node (1 MB) each frame took 3 s, a hover included. */
export const LARGE_SPANS = 20_000;
export const PAINT_NEAR_LARGE = 1;
/** With a remote core (`attachAsync`, the extension's and the widget's design, where the
 * page's main thread should never be blocked over 50 ms) the window is the default above
 * this many spans: about 2,500 words, some 20 ms of Chromium's paint for all of them. A
 * negative `paintNear` paints every span whatever the count. The window is half a viewport
 * height on either side (the widget's): with a whole one, a frame still took 35-80 ms of
 * Chromium's paint on that page with the machine loaded. */
export const REMOTE_LARGE_SPANS = 4_000;
export const PAINT_NEAR_REMOTE = 0.5;

/** Lets the browser paint and handle input between slices. */
function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class Annotated {
  /**
   * Use `attach` (local core) or `attachAsync` (remote core) rather than this constructor.
   * @param {Element} root
   * @param {{ map: TextMap, spans: Uint32Array, types?: [number, string][], local?: object,
   *   remote?: object, annotateMs?: number }} annotation
   */
  constructor(root, { map, spans, types, local, remote, annotateMs = 0 }, { mode = 'auto', keyboard = true, sliceMs, skip, tooltip, paintNear } = {}) {
    this.root = root;
    /** The local core (synchronous details), or null when the core is remote. */
    this.hashiya = local ?? null;
    /** The remote core (asynchronous details), or null. */
    this.remote = remote ?? null;
    this.mode = mode === 'auto' ? (supportsHighlights() ? 'highlight' : 'wrap') : mode;
    this.map = map;
    this.spans = spans;
    this.generation = local ? local.generation : 0;
    this.annotateMs = annotateMs;
    this.spanCount = this.spans.length / SPAN_WIDTH;
    /** Entity type by span index, when the core sent them with the spans. */
    this._types = types ? new Map(types) : null;
    /** StaticRange of each span (null when it maps to no text node, undefined until mapped). */
    this.ranges = new Array(this.spanCount);
    /** Indices of word spans that have a range, in text order. */
    this.words = [];
    /** Longest span, bounding the backwards scan in `spansAt`. */
    this.maxLen = 0;
    for (let i = 0; i < this.spanCount; i++) {
      this.maxLen = Math.max(this.maxLen, this.spans[i * SPAN_WIDTH + 1] - this.spans[i * SPAN_WIDTH]);
    }
    this._skip = skip;
    this.tooltip = new Tooltip(tooltip);
    this.current = -1; // span index the tooltip shows
    this.cursor = -1; // position in `stops` of the keyboard cursor
    this.focused = false; // keyboard navigation active: the pointer leaving does not hide
    this.detached = false;
    this._painted = [];
    /** With `paintNear` (highlights): how far beyond the viewport to paint, the indices of
     * the spans painted, and the window [first, end) of span indices to paint. Very large
     * texts get a window unasked (LARGE_SPANS), with a local core as well as a remote one. */
    paintNear ??= this.spanCount > LARGE_SPANS ? PAINT_NEAR_LARGE : undefined;
    this._near = this.mode === 'highlight' && paintNear >= 0 ? paintNear : null;
    this._shown = this._near === null ? null : new Set();
    this._win = null;
    this._marks = [];
    this._listeners = [];
    this.stops = [];
    adoptStyles(document);
    for (const sr of this.map.shadowRoots) adoptStyles(sr);
    if (this.remote && this.mode === 'highlight') {
      /** Resolves when every span is painted (at once for a local core). */
      this._firstSlice = new Promise((resolve) => (this._onFirstSlice = resolve));
      this.painted = this._paintSliced(sliceMs ?? SLICE_MS).finally(() => this._onFirstSlice());
    } else {
      // with a window, spans are mapped when painted or looked at (rangeOf)
      if (!this._shown) for (let i = 0; i < this.spanCount; i++) this._mapSpan(i);
      this._paint();
      this._finish();
      this.painted = Promise.resolve();
    }
    this._listen(keyboard);
  }

  /** Maps span `i` to a range (and lists it among the words when it is one). */
  _mapSpan(i) {
    const range = this.map.range(this.spans[i * SPAN_WIDTH], this.spans[i * SPAN_WIDTH + 1]);
    this.ranges[i] = range;
    return range;
  }

  /**
   * The StaticRange of span `i` (null when it maps to no text node), mapped on first use.
   * With a paint window only the spans painted or looked at are mapped: a StaticRange for
   * each of the 425,000 spans of a 5 MB text cost the page's main thread 8 s of garbage
   * collection.
   */
  rangeOf(i) {
    const range = this.ranges[i];
    return range === undefined ? this._mapSpan(i) : range;
  }

  /** Whether span `i` maps to text (without making its range when not mapped yet). */
  _hasText(i) {
    const range = this.ranges[i];
    return range === undefined ? this.map.maps(this.spans[i * SPAN_WIDTH], this.spans[i * SPAN_WIDTH + 1]) : range !== null;
  }

  /** After painting: the word list and keyboard stops, in text order. */
  _finish() {
    this.words = [];
    for (let i = 0; i < this.spanCount; i++) {
      if (this.layerOf(i) === 0 && this._hasText(i)) this.words.push(i);
    }
    /** Keyboard stops, in text order: every word, plus entities and terms with no word
     * inside (a foreign name the lexicon lacks is still reachable without a mouse). */
    this.stops = this._stops();
  }

  /**
   * The first span index in [0, spanCount] for which `past(rect)` holds, `rect` being the
   * span's client rect; spans are in reading order, so their rects go down the page and a
   * binary search needs ~17 measurements. Searching spans, not text nodes, finds the place
   * inside one huge text node too (a 5 MB node is one node: per node, all of it is "near").
   * −1 when spans cannot be measured (a page that broke Range).
   */
  _firstSpanWhere(past) {
    const probe = new Range();
    let lo = 0;
    let hi = this.spanCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      let yes = false;
      try {
        const r = this.ranges[mid] ?? this.map.range(this.spans[mid * SPAN_WIDTH], this.spans[mid * SPAN_WIDTH + 1]);
        if (r) {
          probe.setStart(r.startContainer, r.startOffset);
          probe.setEnd(r.endContainer, r.endOffset);
          yes = past(probe.getBoundingClientRect());
        }
      } catch {
        return -1;
      }
      if (yes) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the first span whose text is in view or below it (0 when unknown). */
  _firstVisibleSpan() {
    return Math.max(0, this._firstSpanWhere((r) => r.bottom >= 0));
  }

  /** Maps and paints the spans in slices of about `sliceMs`, from the first one in view to
   * the end, then the ones above it; yields to the page between slices. */
  async _paintSliced(sliceMs) {
    // The first layout read and slice in a task of their own, not in the one that received
    // the core's reply and built this object: on a fresh page, whose code is not optimised
    // yet, the two together took 26-70 ms (the widget's benchmark, traced).
    await yieldToPage();
    if (this.detached) return;
    const from = this._firstVisibleSpan();
    // With a window, only its spans are visited (the others are mapped when needed).
    const [lo, hi] = this._shown ? (this._win = this._windowSpans()) : [0, this.spanCount];
    const order = [[Math.max(from, lo), hi], [lo, Math.min(from, hi)]];
    for (const [a, b] of order) {
      let i = a;
      while (i < b) {
        if (this.detached) return;
        const t0 = performance.now();
        for (; i < b && performance.now() - t0 < sliceMs; i++) {
          if (this._win && (i < this._win[0] || i >= this._win[1])) continue; // mapped when needed
          const range = this._mapSpan(i);
          if (range) this._paintSpan(i, range);
        }
        this._onFirstSlice(); // attachAsync resolves (once)
        if (i < b) await yieldToPage();
      }
    }
    if (this.detached) return;
    this._finish();
  }

  _stops() {
    const starts = this.words.map((i) => this.spans[i * SPAN_WIDTH]);
    const stops = [];
    let w = 0;
    let lastStart = -1;
    for (let i = 0; i < this.spanCount; i++) {
      if (!this._hasText(i)) continue;
      const start = this.spans[i * SPAN_WIDTH];
      if (this.layerOf(i) === 0) {
        stops.push(i);
        lastStart = start;
        continue;
      }
      while (w < starts.length && starts[w] < start) w++;
      const hasWord = w < starts.length && starts[w] < this.spans[i * SPAN_WIDTH + 1];
      // Same-extent spans of two layers are one stop (the outer one, which comes first).
      if (!hasWord && start !== lastStart) {
        stops.push(i);
        lastStart = start;
      }
    }
    return stops;
  }

  get wordCount() {
    return this.words.length;
  }

  layerOf(i) {
    return this.spans[i * SPAN_WIDTH + 2];
  }

  /** Details of span `i` (local core: at once; remote core: a promise). The local core
   * answers for its last text only, so it annotates this one again if another came since. */
  details(i) {
    const id = this.spans[i * SPAN_WIDTH + 3];
    if (this.remote) return this.remote.details([id]).then((list) => list[0]);
    if (this.hashiya.generation !== this.generation) {
      this.hashiya.annotate(this.map.text);
      this.generation = this.hashiya.generation;
    }
    return this.hashiya.details(id);
  }

  /** Details of several spans, outermost first: an array (local) or a promise of one (remote). */
  detailsOf(indices) {
    if (this.remote) return this.remote.details(indices.map((i) => this.spans[i * SPAN_WIDTH + 3]));
    return indices.map((i) => this.details(i));
  }

  /** Highlight names for span `i`: its layer, and for entities also its type (for colour). */
  _names(i) {
    const layer = LAYERS[this.layerOf(i)] ?? `layer${this.layerOf(i)}`;
    const names = [`hashiya-${layer}`];
    if (layer === 'entity') {
      const type = this._types ? this._types.get(i) : this.details(i).type;
      if (type) names.push(`hashiya-entity-${slug(type)}`);
    }
    return names;
  }

  /** Adds span `i`'s range to its highlights. */
  _paintSpan(i, range) {
    const priority = PRIORITY[LAYERS[this.layerOf(i)]] ?? 1;
    for (const name of this._names(i)) {
      const h = highlight(name, priority);
      h.add(range);
      if (!this._shown) this._painted.push([h, range]); // a window's spans are in _shown
    }
    this._shown?.add(i);
  }

  /** Takes span `i`'s range out of its highlights (it left the painted window). */
  _unpaintSpan(i) {
    for (const name of this._names(i)) CSS.highlights.get(name)?.delete(this.ranges[i]);
    this._shown.delete(i);
  }

  /** The spans [first, end) whose text is within `paintNear` viewport heights of the
   * viewport (two binary searches over the spans' rects). */
  _windowSpans() {
    const vh = document.documentElement.clientHeight;
    const margin = vh * this._near;
    const first = this._firstSpanWhere((r) => r.bottom >= -margin);
    const end = this._firstSpanWhere((r) => r.top > vh + margin);
    if (first < 0 || end < 0) return [0, this.spanCount]; // cannot measure: paint it all
    return [first, Math.max(first, end)];
  }

  /** Moves the painted window to the viewport: unpaints what left it, paints what came in. */
  _rewindow() {
    if (this.detached || !this._shown) return;
    const [a, b] = (this._win = this._windowSpans());
    for (const i of [...this._shown]) if (i < a || i >= b) this._unpaintSpan(i);
    for (let i = a; i < b; i++) {
      const range = this._shown.has(i) ? null : this.rangeOf(i);
      if (range) this._paintSpan(i, range);
    }
  }

  _paint() {
    if (this.mode === 'highlight') {
      // With a window (paintNear, or a very large text) only the spans near the viewport.
      const [a, b] = this._shown ? (this._win = this._windowSpans()) : [0, this.spanCount];
      for (let i = a; i < b; i++) {
        const range = this.rangeOf(i);
        if (range) this._paintSpan(i, range);
      }
      return;
    }
    // Fallback: wrap spans from last to first. Live ranges follow the text when wrapping one
    // span splits a text node, so the others keep pointing at the right characters. Spans
    // that cannot be wrapped whole (crossing elements, overlapping an outer span) stay
    // unwrapped. Afterwards each span's range is its <mark>'s contents.
    const live = this.ranges.map(liveRange);
    this.ranges.fill(null);
    for (let i = this.spanCount - 1; i >= 0; i--) {
      const range = live[i];
      if (!range) continue;
      const mark = document.createElement('mark');
      mark.className = `hashiya-mark ${this._names(i).join(' ')}`;
      mark.dataset.hashiyaSpan = String(i);
      try {
        range.surroundContents(mark);
      } catch {
        continue;
      }
      this._marks.push(mark);
      this.ranges[i] = new StaticRange({ startContainer: mark, startOffset: 0, endContainer: mark, endOffset: mark.childNodes.length });
    }
  }

  /** Indices of spans containing offset `q` of the text. */
  _spansAt(q) {
    let lo = 0;
    let hi = this.spanCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid * SPAN_WIDTH] <= q) lo = mid + 1;
      else hi = mid;
    }
    const out = [];
    for (let j = lo - 1; j >= 0 && this.spans[j * SPAN_WIDTH] > q - this.maxLen; j--) {
      if (this.spans[j * SPAN_WIDTH + 1] > q) out.push(j);
    }
    return out;
  }

  /** Span `i` and every span enclosing it, outermost first (entity/term, then the word). */
  stackOf(i) {
    const s = this.spans[i * SPAN_WIDTH];
    const e = this.spans[i * SPAN_WIDTH + 1];
    const all = this._spansAt(s).filter((j) => this.spans[j * SPAN_WIDTH + 1] >= e);
    const len = (j) => this.spans[j * SPAN_WIDTH + 1] - this.spans[j * SPAN_WIDTH];
    return all.sort((a, b) => len(b) - len(a) || this.layerOf(b) - this.layerOf(a));
  }

  /** The innermost span painted under the viewport point (x, y), or −1. */
  spanAtPoint(x, y, target) {
    if (this.mode === 'wrap') {
      const mark = target?.closest?.('mark[data-hashiya-span]');
      return mark && this.root.contains(mark) ? Number(mark.dataset.hashiyaSpan) : -1;
    }
    const caret = caretAt(x, y, this.map.shadowRoots);
    if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return -1;
    const q = this.map.offsetOf(caret.node, caret.offset);
    if (q < 0) return -1;
    // The caret sits between characters: the one under the pointer is either side of it.
    let best = -1;
    for (const j of new Set([...this._spansAt(q), ...(q > 0 ? this._spansAt(q - 1) : [])])) {
      const range = liveRange(this.rangeOf(j));
      if (!range || !rectContains(range.getClientRects(), x, y)) continue;
      const len = this.spans[j * SPAN_WIDTH + 1] - this.spans[j * SPAN_WIDTH];
      if (best < 0 || len < this.spans[best * SPAN_WIDTH + 1] - this.spans[best * SPAN_WIDTH]) best = j;
    }
    return best;
  }

  /** Shows the tooltip for span `i` (with its enclosing spans) and marks it with `state`.
   * With a remote core the details arrive later; a newer hover in between wins. */
  show(i, state = 'hover') {
    const range = liveRange(this.rangeOf(i));
    if (!range) return;
    this._mark(i, state);
    if (this.current === i && this.tooltip.visible) return;
    this.current = i;
    const stack = this.stackOf(i);
    const open = (list) => {
      if (this.detached || this.current !== i) return;
      const now = liveRange(this.rangeOf(i));
      if (!now) return;
      this.tooltip.show(now.getBoundingClientRect(), list);
      // Tells the page a tooltip opened (the reader keeps a list of looked-up words).
      this.root.dispatchEvent(new CustomEvent('hashiya-lookup', {
        detail: { index: i, start: this.spans[i * SPAN_WIDTH], end: this.spans[i * SPAN_WIDTH + 1], state, details: list },
      }));
    };
    const list = this.detailsOf(stack);
    if (Array.isArray(list)) open(list);
    else list.then(open, (e) => this.root.dispatchEvent(new CustomEvent('hashiya-error', { detail: { message: e.message, during: 'details' } })));
  }

  /**
   * A Range (static or live) for [start, end) of the annotated text, for scrolling to and
   * marking a key term's occurrence. In wrap mode the marks have split the text nodes the
   * map was built on, so the text is mapped afresh (marks are inline: offsets are unchanged).
   */
  textRange(start, end) {
    if (this.mode !== 'wrap') return this.map.range(start, end);
    this._wrapMap ??= new TextMap(this.root, { skip: this._skip });
    return this._wrapMap.range(start, end);
  }

  hide() {
    this.tooltip.hide();
    this.current = -1;
    this._mark(-1, 'hover');
  }

  /** Paints the hover or focus state on span `i` alone (−1 clears it). */
  _mark(i, state) {
    if (this.mode === 'highlight') {
      const h = highlight(`hashiya-${state}`, PRIORITY[state]);
      h.clear();
      if (i >= 0) h.add(this.rangeOf(i));
      return;
    }
    for (const m of this.root.querySelectorAll(`mark.hashiya-${state}`)) m.classList.remove(`hashiya-${state}`);
    if (i >= 0) this.ranges[i].startContainer.closest?.('mark')?.classList.add(`hashiya-${state}`);
  }

  /** Moves the keyboard cursor to stop `k` (index into `stops`) and shows its tooltip. */
  focusWord(k) {
    if (!this.stops.length) return;
    this.cursor = Math.max(0, Math.min(k, this.stops.length - 1));
    const i = this.stops[this.cursor];
    const range = liveRange(this.rangeOf(i));
    if (!range) return;
    const rect = range.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > document.documentElement.clientHeight) {
      range.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
    }
    this._mark(-1, 'hover');
    this.current = -1;
    this.show(i, 'focus');
  }

  /** Position in `stops` of span `i` (−1 when it is not a stop). */
  _wordIndexOf(i) {
    if (i < 0) return -1;
    let lo = 0;
    let hi = this.stops.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.stops[mid] === i) return mid;
      if (this.stops[mid] < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The first word whose line is in view (words are in reading order, so binary search). */
  _firstVisibleWord() {
    let lo = 0;
    let hi = this.stops.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const rect = liveRange(this.rangeOf(this.stops[mid]))?.getBoundingClientRect();
      if (rect && rect.bottom < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  _on(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this._listeners.push([target, type, fn, opts]);
  }

  _listen(keyboard) {
    let pending = null;
    let frame = 0;
    const hover = () => {
      frame = 0;
      // A hostile page may have redefined what hit-testing uses (Range, caretPositionFromPoint):
      // then no tooltip, but no exception of ours reaches the page (tests/browser/hostile-pages).
      try {
        const { x, y, target } = pending;
        const i = this.spanAtPoint(x, y, target);
        if (i >= 0) this.show(i, 'hover');
        else if (this.current >= 0 && !this.focused) this.hide();
      } catch {
        // nothing to show
      }
    };
    // Hit-test at most once per frame, however fast the pointer moves.
    this._on(this.root, 'pointermove', (e) => {
      if (e.pointerType !== 'mouse') return;
      pending = { x: e.clientX, y: e.clientY, target: e.composedPath()[0] };
      frame ||= requestAnimationFrame(hover);
    }, { passive: true });
    this._on(this.root, 'pointerleave', () => {
      if (!this.focused) this.hide();
    });
    // Touch and pen: a tap shows the word's tooltip, a tap elsewhere hides it.
    this._on(document, 'pointerdown', (e) => {
      if (e.pointerType === 'mouse') return;
      const i = this.root.contains(e.target) ? this.spanAtPoint(e.clientX, e.clientY, e.composedPath()[0]) : -1;
      if (i >= 0) this.show(i, 'hover');
      else this.hide();
    });
    this._on(document, 'keydown', (e) => {
      if (e.key === 'Escape' && this.tooltip.visible) this.hide();
    });
    const reposition = () => {
      const range = this.tooltip.visible && this.current >= 0 && liveRange(this.rangeOf(this.current));
      if (range) this.tooltip.place(range.getBoundingClientRect());
    };
    this._on(window, 'scroll', reposition, { passive: true, capture: true });
    this._on(window, 'resize', reposition, { passive: true });
    if (this._shown) {
      // The painted window follows scrolling, once per frame at most.
      let windowFrame = 0;
      const rewindow = () => {
        windowFrame ||= requestAnimationFrame(() => {
          windowFrame = 0;
          this._rewindow();
        });
      };
      this._on(window, 'scroll', rewindow, { passive: true, capture: true });
      this._on(window, 'resize', rewindow, { passive: true });
    }
    if (!keyboard) return;

    if (!this.root.hasAttribute('tabindex')) {
      this.root.tabIndex = 0;
      this._addedTabIndex = true;
    }
    // Focus by keyboard (Tab) shows the cursor word; focus by a click leaves the tooltip to
    // the pointer until an arrow key is pressed.
    this._on(this.root, 'focus', () => {
      if (this.stops.length && this.root.matches(':focus-visible')) {
        this.focused = true;
        this.focusWord(this.cursor >= 0 ? this.cursor : this._firstVisibleWord());
      }
    });
    this._on(this.root, 'blur', () => {
      this.focused = false;
      this._mark(-1, 'focus');
      this.hide();
    });
    this._on(this.root, 'keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !this.stops.length) return;
      // In right-to-left text the next word is to the left.
      const rtl = getComputedStyle(this.root).direction === 'rtl';
      const step = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1 }[e.key];
      const from = this.cursor >= 0 ? this.cursor : this._wordIndexOf(this.current);
      if (step) this.focusWord(from < 0 ? this._firstVisibleWord() : from + step);
      else if (e.key === 'Home') this.focusWord(0);
      else if (e.key === 'End') this.focusWord(this.stops.length - 1);
      else if (e.key === 'Enter' || e.key === ' ') this.focusWord(from < 0 ? this._firstVisibleWord() : from);
      else if (e.key === 'Escape') {
        this.hide();
        return;
      } else return;
      this.focused = true;
      e.preventDefault();
    });
  }

  /**
   * Hands over to `next`, an annotation of the same element made later (another layer
   * joined the core: a progressive load), and detaches this one. What the user has goes
   * on: a tooltip open stays open on the same words (now with the new layers' entries), the
   * keyboard cursor and focus stay on the same word, and a tabindex this one added stays
   * (removing it would blur the element). Highlights do not change the DOM, so the scroll
   * position and the selection are untouched anyway. Call it once `next` exists; with a
   * remote core the tooltip's details arrive a moment later. In 'wrap' mode (no Highlight
   * API) detach this one before making `next` instead: both would wrap the same text.
   * @param {Annotated} next
   */
  handOver(next) {
    if (!next || next === this || this.detached) return;
    if (this._addedTabIndex && !next._addedTabIndex) {
      next._addedTabIndex = true;
      this._addedTabIndex = false;
    }
    const at = (i) => [this.spans[i * SPAN_WIDTH], this.spans[i * SPAN_WIDTH + 1], this.layerOf(i)];
    const open = this.current >= 0 && this.tooltip.visible ? at(this.current) : null;
    const cursor = this.cursor >= 0 && this.stops[this.cursor] !== undefined ? this.spans[this.stops[this.cursor] * SPAN_WIDTH] : -1;
    const { focused } = this;
    this.detach();
    next.focused = focused;
    if (cursor >= 0) {
      // The stops are known once `next` has painted (at once with a local core).
      const place = () => {
        if (next.detached) return;
        const k = next.stops.findIndex((i) => next.spans[i * SPAN_WIDTH] >= cursor);
        if (k >= 0 && next.cursor < 0) next.cursor = k;
      };
      if (next.stops.length) place();
      else next.painted.then(place, () => {});
    }
    if (open) {
      const j = next._spanLike(...open);
      if (j >= 0) next.show(j, focused ? 'focus' : 'hover');
    }
  }

  /** The span of [start, end) (of `layer` when there is one of it), else the innermost span
   * containing `start`; −1 when none. */
  _spanLike(start, end, layer) {
    const around = this._spansAt(start);
    const same = around.filter((j) => this.spans[j * SPAN_WIDTH] === start && this.spans[j * SPAN_WIDTH + 1] === end);
    const pick = same.find((j) => this.layerOf(j) === layer) ?? same[0];
    if (pick !== undefined) return pick;
    let best = -1;
    for (const j of around) {
      if (best < 0 || this.spans[j * SPAN_WIDTH + 1] - this.spans[j * SPAN_WIDTH] < this.spans[best * SPAN_WIDTH + 1] - this.spans[best * SPAN_WIDTH]) best = j;
    }
    return best;
  }

  /** Removes highlights, marks, tooltip and listeners; the element is as it was. */
  detach() {
    this.detached = true;
    for (const [t, type, fn, opts] of this._listeners) t.removeEventListener(type, fn, opts);
    this._listeners = [];
    for (const [h, range] of this._painted) h.delete(range);
    this._painted = [];
    if (this._shown) for (const i of [...this._shown]) this._unpaintSpan(i);
    if (this.mode === 'highlight') {
      for (const state of ['hover', 'focus']) CSS.highlights.get(`hashiya-${state}`)?.clear();
    }
    for (const mark of this._marks) {
      const parent = mark.parentNode;
      if (!parent) continue;
      mark.replaceWith(...mark.childNodes);
      parent.normalize();
    }
    this._marks = [];
    if (this._addedTabIndex) this.root.removeAttribute('tabindex');
    this.tooltip.remove();
  }
}
