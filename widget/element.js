// The widget: `annotate(element, options)` and the <hashiya-annotate> element around (or
// pointing at) an article. The core runs in a shared Web Worker (client.js); the page only
// maps offsets and paints, in slices of 8 ms, the text in view first (attachAsync).
//
// Events, dispatched on the element (or the `annotate` target), bubbling and composed:
//   hashiya-progress  { loaded, total }   bytes, while the core and data download
//   hashiya-ready     { loaded, missing, engine, worker, cached, bytes, glossary, words, spans }
//   hashiya-lookup    { index, start, end, state, details }   a tooltip opened
//   hashiya-error     { during, message }   during: 'setup', 'load', 'glossary', 'annotate', 'details'
import { attachAsync } from '../www/page-layer.js';
import { RemoteCore } from '../www/remote-core.js';
import { sharedTransport } from './client.js';

/** The layers an element may show; the data of `entities` and `terms` is only loaded when asked. */
export const WIDGET_LAYERS = Object.freeze(['words', 'entities', 'terms']);

/** Custom properties copied from the element onto its tooltip (they theme it; see tooltip.js). */
export const THEME_PROPERTIES = Object.freeze([
  '--hashiya-tooltip-bg', '--hashiya-tooltip-fg', '--hashiya-tooltip-muted', '--hashiya-tooltip-border',
  '--hashiya-tooltip-radius', '--hashiya-tooltip-shadow', '--hashiya-tooltip-font',
  '--hashiya-tooltip-arabic-font', '--hashiya-tooltip-font-size',
]);

/** Viewport heights above and below the viewport whose text is highlighted. */
export const PAINT_NEAR = 0.5;

/** Defaults for every `annotate` call and element (see `configure`). */
const defaults = {
  // The directory of the bundle: hashiya-worker.js, hashiya_bg.wasm, hashiya-core-js.js, data/.
  // (Not `new URL('./', import.meta.url)`: bundlers take that pattern for an asset to copy.)
  assets: String(import.meta.url).replace(/[^/?#]*([?#].*)?$/, ''),
  worker: true,
  wasm: undefined,
};

/**
 * Changes the defaults of later `annotate` calls and elements: `assets` (the directory the
 * worker, .wasm, JS core and data/ are served from; default: beside this module), `worker`
 * (false: the core runs on the main thread), `workerUrl`, `wasmUrl`, `dataUrl`, `jsCoreUrl`.
 */
export function configure(options = {}) {
  Object.assign(defaults, options);
}

/** 'words entities' or ['words', 'entities'] → a Set of known layer names (all by default). */
export function parseLayers(value) {
  if (value == null || value === '') return new Set(WIDGET_LAYERS);
  const list = Array.isArray(value) ? value : String(value).split(/[\s,]+/).filter(Boolean);
  const unknown = list.filter((l) => !WIDGET_LAYERS.includes(l));
  if (unknown.length) throw new Error(`Hashiya: unknown layer ${unknown.map((l) => JSON.stringify(l)).join(', ')} (the layers are ${WIDGET_LAYERS.join(', ')})`);
  return new Set(list);
}

/**
 * Annotates the text under `target`: hover, tap or keyboard focus shows a word's tooltip.
 * @param {Element} target
 * @param {{ layers?: string|string[], glossary?: string|URL|{ text: string, format?: 'tsv'|'json' },
 *   theme?: 'light'|'dark'|'system', size?: string, eventTarget?: EventTarget, paintNear?: number,
 *   assets?: string|URL, worker?: boolean, workerUrl?: string, wasmUrl?: string,
 *   dataUrl?: string, jsCoreUrl?: string, progressive?: boolean }} [options]
 *   progressive (default true): paint the word glosses as soon as the lexicon and the core
 *   are in, and the names and terms when their files have arrived (`hashiya-ready` fires
 *   then, with every layer); false waits for every layer before the first paint.
 * @returns {{ ready: Promise<object>, detach(): void, keyTerms(): Promise<object[]>,
 *   setGlossary(text: string, format?: 'tsv'|'json'): Promise<object[]> }}
 */
export function annotate(target, options = {}) {
  if (!(target instanceof Element)) throw new TypeError('Hashiya annotate(element): the element must be a DOM Element');
  const o = { ...defaults, ...options };
  const layers = parseLayers(o.layers);
  const eventTarget = o.eventTarget ?? target;
  const url = (u) => (u == null ? undefined : new URL(String(u), document.baseURI).href);
  const transport = sharedTransport({
    base: url(o.assets),
    layers: ['entities', 'terms'].filter((l) => layers.has(l)),
    worker: o.worker,
    wasm: o.wasm,
    workerUrl: url(o.workerUrl),
    wasmUrl: url(o.wasmUrl),
    dataUrl: url(o.dataUrl),
    jsCoreUrl: url(o.jsCoreUrl),
    progressive: o.progressive,
  });
  const remote = new RemoteCore(transport.send, {
    layers: { words: layers.has('words'), entities: layers.has('entities'), terms: layers.has('terms') },
  });
  const emit = (type, detail) => eventTarget.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  let annotated = null;
  let detached = false;
  let during = 'load';

  // The page layer dispatches its events on the annotated element without bubbling: they
  // are sent on, bubbling and composed, from the event target (and the theme is refreshed
  // before the tooltip that just opened is painted).
  const relay = (e) => {
    if (e.bubbles) return;
    e.stopImmediatePropagation();
    if (e.type === 'hashiya-lookup') applyTheme();
    emit(e.type, e.detail);
  };
  target.addEventListener('hashiya-lookup', relay, true);
  target.addEventListener('hashiya-error', relay, true);
  const offProgress = transport.onProgress((p) => emit('hashiya-progress', p));

  function applyTheme() {
    const host = annotated?.tooltip?.host;
    if (!host || !(eventTarget instanceof Element)) return;
    const style = getComputedStyle(eventTarget);
    for (const name of THEME_PROPERTIES) {
      const value = style.getPropertyValue(name).trim();
      if (value) host.style.setProperty(name, value);
      else host.style.removeProperty(name);
    }
  }

  /** Annotates and paints (again, after a glossary change). `keep`: more layers joined the
   * core; the new annotation takes over the old one's open tooltip and keyboard cursor
   * (page-layer `handOver`) and the old one stays painted until the new one is. */
  async function paint(keep = false) {
    during = 'annotate';
    const old = annotated;
    if (!keep || old?.mode === 'wrap') {
      old?.detach();
      annotated = null;
    }
    // Only the text near the viewport is highlighted (the window follows scrolling): on a
    // long article, Chromium's repaint of every highlighted word took 170–450 ms a frame.
    const next = await attachAsync(target, remote, { tooltip: { theme: o.theme, size: o.size }, paintNear: o.paintNear ?? PAINT_NEAR });
    if (detached) {
      next.detach();
      return null;
    }
    if (annotated && annotated === old) old.handOver(next);
    else annotated?.detach();
    annotated = next;
    applyTheme();
    await next.painted;
    return next;
  }

  let repaint = Promise.resolve();
  const offChange = transport.onChange(() => {
    if (!annotated || detached) return; // not painted yet: the first paint sees the change
    repaint = repaint.then(paint).catch((e) => emit('hashiya-error', { during: 'annotate', message: e.message }));
  });

  async function useGlossary(g) {
    during = 'glossary';
    let text = g.text;
    let format = g.format;
    let source = null;
    if (text === undefined) {
      source = url(g);
      let res;
      try {
        res = await fetch(source);
      } catch (e) {
        throw new Error(`Hashiya: could not fetch the glossary ${source}: ${e.message}`);
      }
      if (!res.ok) throw new Error(`Hashiya: could not fetch the glossary ${source} (HTTP ${res.status})`);
      text = await res.text();
      format ??= /\.json($|[?#])/i.test(source) ? 'json' : 'tsv';
    }
    const issues = await transport.setGlossary(text, format ?? 'tsv', source);
    return { source, issues };
  }

  const ready = (async () => {
    let status = await remote.status();
    let glossary = null;
    if (o.glossary) {
      try {
        glossary = await useGlossary(typeof o.glossary === 'object' && !(o.glossary instanceof URL) ? o.glossary : String(o.glossary));
      } catch (e) {
        // The article is still annotated, with the built-in data only.
        emit('hashiya-error', { during: 'glossary', message: e.message });
        glossary = { source: url(o.glossary?.text === undefined ? o.glossary : null) ?? null, error: e.message };
      }
    }
    if (detached) throw new Error('Hashiya: detached before it was ready');
    let painted = await paint();
    if (!painted) throw new Error('Hashiya: detached before it was ready');
    // A progressive load: the words are glossed already; the other layers' files are still
    // coming. Once they have joined the core (or failed: `missing`), annotate again and
    // paint them, keeping the reader's tooltip; `hashiya-ready` reports the whole.
    if (status.complete === false) {
      const full = await remote.loaded();
      if (detached) throw new Error('Hashiya: detached before it was ready');
      if (full.layers.length !== status.layers.length) {
        const next = repaint.then(() => paint(true));
        repaint = next.catch(() => {});
        painted = (await next) ?? painted;
      }
      status = full;
    }
    const detail = {
      loaded: status.layers,
      missing: status.missing,
      engine: status.engine,
      worker: transport.mode === 'worker',
      noWorker: transport.noWorker,
      cached: status.cached,
      bytes: status.bytes,
      glossary,
      words: painted.wordCount,
      spans: painted.spanCount,
    };
    emit('hashiya-ready', detail);
    return detail;
  })().catch((e) => {
    if (!detached) emit('hashiya-error', { during, message: e.message });
    throw e;
  });
  ready.catch(() => {}); // reported as an event; awaiting callers still see the rejection

  return {
    ready,
    /** The page layer's object once painted (null before, and after detach). */
    get annotated() {
      return annotated;
    },
    /** Removes every trace: highlights, tooltip, listeners; the element is as it was. */
    detach() {
      if (detached) return;
      detached = true;
      annotated?.detach();
      annotated = null;
      offProgress();
      offChange();
      target.removeEventListener('hashiya-lookup', relay, true);
      target.removeEventListener('hashiya-error', relay, true);
      remote.release().catch(() => {});
    },
    /** The article's key terms, best first (see the CLI's `key_terms`). */
    async keyTerms() {
      await ready;
      return remote.keyTerms();
    },
    /**
     * Sets the glossary of the core this element shares (TSV by default, or JSON); every
     * element sharing it is annotated again. Resolves to the malformed entries.
     */
    async setGlossary(text, format = 'tsv') {
      await ready.catch(() => {});
      return transport.setGlossary(String(text ?? ''), format, null);
    },
  };
}

/** Defines <hashiya-annotate> (once; a no-op where custom elements do not exist). */
export function defineElement(name = 'hashiya-annotate') {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  customElements.define(name, class HashiyaAnnotate extends HTMLElement {
    static observedAttributes = ['layers', 'glossary', 'for', 'theme', 'size', 'assets'];

    constructor() {
      super();
      this._handle = null;
      this._timer = 0;
      this._newReady();
    }

    _newReady() {
      this.ready = new Promise((resolve, reject) => {
        this._settle = { resolve, reject };
      });
      this.ready.catch(() => {});
    }

    connectedCallback() {
      this._schedule();
    }

    disconnectedCallback() {
      this._stop();
    }

    attributeChangedCallback(_name, before, after) {
      if (before === after || !this.isConnected || (!this._handle && !this._timer)) return;
      this._stop();
      this._newReady();
      this._schedule();
    }

    /** Starts once the document is parsed (the article inside may still be arriving). */
    _schedule() {
      clearTimeout(this._timer);
      const go = () => {
        this._timer = 0;
        if (this.isConnected && !this._handle) this._start();
      };
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', go, { once: true });
        this._timer = -1;
      } else {
        this._timer = setTimeout(go, 0);
      }
    }

    _start() {
      const id = this.getAttribute('for');
      const target = id ? document.getElementById(id) : this;
      const settle = this._settle;
      try {
        if (!target) throw new Error(`Hashiya: <${name} for="${id}">: there is no element with that id`);
        this._handle = annotate(target, {
          layers: this.getAttribute('layers') ?? undefined,
          glossary: this.getAttribute('glossary') || undefined,
          theme: this.getAttribute('theme') ?? undefined,
          size: this.getAttribute('size') ?? undefined,
          ...(this.hasAttribute('assets') ? { assets: this.getAttribute('assets') } : {}),
          eventTarget: this,
        });
        this._handle.ready.then(settle.resolve, settle.reject);
      } catch (e) {
        this.dispatchEvent(new CustomEvent('hashiya-error', { detail: { during: 'setup', message: e.message }, bubbles: true, composed: true }));
        settle.reject(e);
      }
    }

    _stop() {
      if (this._timer > 0) clearTimeout(this._timer);
      this._timer = 0;
      this._handle?.detach();
      this._handle = null;
    }

    /** The article's key terms (after `ready`). */
    keyTerms() {
      return this._handle ? this._handle.keyTerms() : Promise.reject(new Error('Hashiya: the element is not connected'));
    }

    /** Sets the glossary (TSV or JSON text) of the core the page's elements share. */
    setGlossary(text, format) {
      return this._handle ? this._handle.setGlossary(text, format) : Promise.reject(new Error('Hashiya: the element is not connected'));
    }

    /** Removes the annotations now (removing the element does the same). */
    detach() {
      this._stop();
    }
  });
}
