// The core wrapper: loads the WebAssembly core and the lexicon, and exposes
// `annotate(text)` and `details(id)`. No DOM here, so the reader page, the extension and the
// widget share it (page painting lives in page-layer.js).
//
//   import { Hashiya } from './hashiya.js';
//   const hashiya = await Hashiya.load();          // fetches pkg/hashiya_bg.wasm + data/lexicon.bin
//   const early = await Hashiya.load({ progressive: true }); // words first; early.loaded: the rest
//   const spans = hashiya.annotate(text);          // Uint32Array of (start, end, layer, id) × n
//   const info = hashiya.details(spans[3]);        // { layer: 'word', lemma, glosses, ... }
import init, { Hashiya as WasmHashiya } from './pkg/hashiya.js';

export { LAYERS, SPAN_WIDTH, spans } from './spans.js';

/** One in-flight (or finished) wasm initialisation per module URL: init may run only once. */
const wasmReady = new Map();

function initWasm(wasmUrl, wasm) {
  // Bytes or a compiled module given by the caller (the offline build inlines them) are
  // keyed by identity; the URL key stays for the usual fetch.
  const key = wasm ?? String(wasmUrl);
  if (!wasmReady.has(key)) {
    const p = init({ module_or_path: wasm ?? wasmUrl }).catch((e) => {
      wasmReady.delete(key);
      throw new Error(`Could not load the Hashiya WebAssembly module from ${wasm ? 'the bytes given' : key}: ${e.message}. Build it with \`npm run build:wasm\`.`);
    });
    wasmReady.set(key, p);
  }
  return wasmReady.get(key);
}

/** Fetches one data file's bytes; the error names the file and how to rebuild it. */
async function fetchData(url, what, priority = 'auto') {
  let res;
  try {
    res = await fetch(url, priority === 'auto' ? undefined : { priority });
  } catch (e) {
    throw new Error(`Could not fetch the ${what} from ${url}: ${e.message}`);
  }
  if (!res.ok) {
    throw new Error(`Could not fetch the ${what} from ${url} (HTTP ${res.status}). Build it with \`npm run build:data\`.`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Optional layers beyond the words: their data files (in the data directory) and the core
 * method that takes their bytes. */
const LAYER_DATA = {
  entities: { files: ['ner.model', 'gazetteer.bin'], method: 'addEntities', what: 'entity model and gazetteer' },
  terms: { files: ['terms.bin'], method: 'addTerms', what: 'term data' },
};

/**
 * The longest text `annotate` takes, in UTF-16 code units (a string's length): 4 Mi, 8 MB as
 * the page holds it. The core's memory grows with the text and WebAssembly memory never
 * shrinks (a 5 MB text of 2.6 M characters adds ~87 MiB, 10 MB took it to 302 MiB), so a
 * longer text is refused before it is copied into the core: one huge page must not leave a
 * tab or the extension's worker holding gigabytes (50 MB: README, Reliability and security).
 */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;

/** Progressive load: the longest the other layers wait for the caller's first `annotate`
 * before they join anyway (ms). */
export const JOIN_WAIT_MS = 300;

/** Most rows `exportRows` writes (an article has tens of key terms, a reader hundreds of
 * look-ups). */
export const MAX_EXPORT_ROWS = 100_000;

export class Hashiya {
  /** @param {WasmHashiya} inner */
  constructor(inner) {
    this._inner = inner;
    /** Counts `annotate` calls: `details(id)` answers for the latest one only, so a caller
     * holding ids of an older text compares this and re-annotates its text first. */
    this.generation = 0;
    /** Layers that could not be loaded, with why: `[{ layer, message }]`. Words still work. */
    this.missing = [];
    /** The optional layers in the core so far, by name, in the order they joined. */
    this.layers = [];
    /** Resolves (to this object) once every optional layer asked for has joined or is in
     * `missing`; already resolved when `load` was not `progressive`. */
    this.loaded = Promise.resolve(this);
  }

  /**
   * Loads the core, the lexicon and the optional layers' data, all in parallel. Each data
   * file is separate so the browser caches it apart from the code.
   * @param {{ wasmUrl?: string|URL, dataUrl?: string|URL, lexiconUrl?: string|URL,
   *   lexicon?: Uint8Array, layers?: string[], wasm?: BufferSource|WebAssembly.Module,
   *   files?: Record<string, Uint8Array> }} [options]
   *   `dataUrl`: directory of the data files (default `data/` beside this module);
   *   `lexicon`: bytes already at hand (skips that fetch);
   *   `wasm`: the core's bytes or compiled module already at hand (skips that fetch);
   *   `files`: data files already at hand by name (`'lexicon.bin'`, `'ner.model'`, ...):
   *   a file given here is not fetched (the offline build passes them all);
   *   `layers`: optional layers to load (default `['entities', 'terms']`). A layer whose
   *   data fails to load is left out and reported in `missing`; a bad lexicon rejects.
   *   `Core`: another build of the core's class, already initialised (the widget's
   *   JavaScript build made by wasm2js, for pages whose CSP forbids WebAssembly); the
   *   WebAssembly module is then not loaded at all.
   *   `progressive`: resolve as soon as the words layer works (the wasm and the lexicon are
   *   in), so a first gloss need not wait for the other layers' files; each joins the core
   *   when its own files arrive (`layers` lists them), and `loaded` resolves when all have
   *   joined or are in `missing`. Re-annotate then to show them. Default false: `load`
   *   resolves with every layer in, as before.
   */
  static async load({ wasmUrl, dataUrl, lexiconUrl, lexicon, layers = Object.keys(LAYER_DATA), wasm, files = {}, Core, progressive = false } = {}) {
    const wasmAt = wasmUrl ?? new URL('./pkg/hashiya_bg.wasm', import.meta.url);
    const dataDir = new URL(dataUrl ?? './data/', import.meta.url);
    const lex = lexiconUrl ?? new URL('lexicon.bin', dataDir);
    lexicon ??= files['lexicon.bin'];
    const wanted = layers.filter((name) => LAYER_DATA[name]);
    const lexiconBytes = lexicon ?? fetchData(lex, 'lexicon', progressive ? 'high' : 'auto');
    const wasmReady = Core ? null : initWasm(wasmAt, wasm);
    // Progressive: the other files are fetched once the lexicon and the module are in (they
    // would share the bandwidth and the CPU with them, and the first gloss waits on those
    // alone).
    const wordsIn = progressive ? Promise.all([lexiconBytes, wasmReady]).catch(() => {}) : null;
    const fetchLayer = async (f, what) => files[f] ?? (await wordsIn, fetchData(new URL(f, dataDir), what));
    const layerBytes = wanted.map((name) => Promise.all(LAYER_DATA[name].files.map((f) => fetchLayer(f, LAYER_DATA[name].what))));
    layerBytes.forEach((p) => p.catch(() => {})); // awaited below; no unhandled rejection meanwhile
    const [bytes] = await Promise.all([lexiconBytes, wasmReady]);
    let hashiya;
    try {
      hashiya = new Hashiya(new (Core ?? WasmHashiya)(bytes));
    } catch (e) {
      // The core's message names the problem; say which file it came from.
      throw new Error(`${e.message} (lexicon: ${lexicon ? 'bytes given' : lex})`);
    }
    // Each layer joins as soon as its own files are in (the layers are independent in the
    // core, so the order they join in does not matter). Progressive: not before the caller
    // has glossed (its first `annotate`, then a task of its own to reply in), or JOIN_WAIT_MS
    // at the latest: a join holds the thread 50-300 ms, and a core behind a message boundary
    // (a worker) gets the page's first request some milliseconds after `load` resolved, by
    // which time files already in would have joined first.
    const callerFirst = progressive
      ? new Promise((resolve) => {
        hashiya._firstAnnotate = resolve;
        setTimeout(resolve, JOIN_WAIT_MS);
      }).then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      : null;
    const join = async (name, k) => {
      const { method, files: names } = LAYER_DATA[name];
      if (typeof hashiya._inner[method] !== 'function') return; // a core without that layer
      try {
        const bytes = await layerBytes[k];
        await callerFirst;
        hashiya._inner[method](...bytes);
        hashiya.layers.push(name);
      } catch (e) {
        hashiya.missing.push({ layer: name, message: `${e.message} (${names.map((f) => (files[f] ? `${f}, bytes given` : new URL(f, dataDir))).join(', ')})` });
      }
    };
    hashiya.loaded = Promise.all(wanted.map(join)).then(() => hashiya);
    if (!progressive) await hashiya.loaded;
    return hashiya;
  }

  /**
   * Annotates `text`. Returns a Uint32Array of flat (start, end, layer, id) quadruples,
   * sorted by start, in UTF-16 code units of `text` (what DOM Ranges use).
   * @param {string} text
   * @returns {Uint32Array}
   */
  annotate(text) {
    if (typeof text !== 'string') throw new TypeError('Hashiya.annotate: text must be a string');
    if (text.length > MAX_TEXT_LENGTH) {
      throw new RangeError(`Hashiya.annotate: the text is ${text.length.toLocaleString('en')} characters long, over the limit of ${MAX_TEXT_LENGTH.toLocaleString('en')} (8 MB); annotate a part of it`);
    }
    const spans = this._inner.annotate(text);
    this.generation += 1;
    this._firstAnnotate?.(); // a progressive load's layers may join now (see `load`)
    return spans;
  }

  /**
   * What a tooltip shows for span `id` of the last annotated text: an object tagged by
   * `layer` (for words: text, lemma, vocalized, pos, glosses, translit, prefixes, suffixes).
   * @param {number} id
   */
  details(id) {
    return this._inner.details(id);
  }

  /**
   * The key terms of the last annotated text, best first (`[{ text, lemma, english, count,
   * score, occurrences: [[start, end], ...], source }]`); empty when the core has no terms.
   */
  keyTerms() {
    return typeof this._inner.keyTerms === 'function' ? this._inner.keyTerms() : [];
  }

  /**
   * Layers a site's own glossary over the built-in terms: TSV (default) or JSON text.
   * Returns its malformed entries as `[{ line, message }]`; the good ones load. An empty
   * text removes it. Takes effect from the next `annotate`.
   */
  setGlossary(text, format = 'tsv') {
    if (typeof this._inner.setGlossary !== 'function') throw new Error('Hashiya: this build of the core has no glossary support');
    return this._inner.setGlossary(text, format);
  }

  /**
   * Key terms or looked-up words as a file's text: `'csv'` (RFC 4180, header row) or
   * `'anki'` (Anki's notes TSV). The core writes it (`terms::export`, also the CLI's
   * `--format csv|anki`), so every front exports the same bytes. `rows`: `[{ arabic, lemma,
   * english, sentence?, start?, end? }]`; a row without `sentence` gets the sentence of
   * `text` around its UTF-16 span. Fields a spreadsheet would run as a formula are
   * neutralised with a leading `'`; throws on an unknown format or a malformed row.
   */
  exportRows(text, rows, format) {
    if (typeof this._inner.exportRows !== 'function') throw new Error('Hashiya: this build of the core has no export; rebuild it with `npm run build:wasm`');
    // The same bound as annotate: a text no front could have annotated is refused, and a
    // file of more rows than any article has key terms and look-ups.
    if (String(text ?? '').length > MAX_TEXT_LENGTH) throw new RangeError(`Hashiya.exportRows: the text is over the limit of ${MAX_TEXT_LENGTH.toLocaleString('en')} characters`);
    if (Array.isArray(rows) && rows.length > MAX_EXPORT_ROWS) throw new RangeError(`Hashiya.exportRows: ${rows.length.toLocaleString('en')} rows, over the limit of ${MAX_EXPORT_ROWS.toLocaleString('en')}`);
    return this._inner.exportRows(String(text ?? ''), JSON.stringify(Array.isArray(rows) ? rows : []), String(format));
  }

  /** The sentence of `text` around the UTF-16 span [start, end), as the exports write it
   * (cut to about 300 characters around the span, with "…" where cut). */
  sentenceAround(text, start, end) {
    if (typeof this._inner.sentenceAround !== 'function') throw new Error('Hashiya: this build of the core has no export; rebuild it with `npm run build:wasm`');
    return this._inner.sentenceAround(String(text ?? ''), start >>> 0, end >>> 0);
  }

  /** Frees the wasm memory held by this instance. */
  free() {
    this._inner.free();
  }
}
