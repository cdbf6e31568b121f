// The core wrapper: loads the WebAssembly core and the lexicon, and exposes
// `annotate(text)` and `details(id)`. No DOM here, so the reader page, the extension and the
// widget share it (page painting lives in page-layer.js).
//
//   import { Hashiya } from './hashiya.js';
//   const hashiya = await Hashiya.load();          // fetches pkg/hashiya_bg.wasm + data/lexicon.bin
//   const spans = hashiya.annotate(text);          // Uint32Array of (start, end, layer, id) × n
//   const info = hashiya.details(spans[3]);        // { layer: 'word', lemma, glosses, ... }
import init, { Hashiya as WasmHashiya } from './pkg/hashiya.js';

/** Layer numbers in the span array → names used in details and CSS. */
export const LAYERS = Object.freeze(['word', 'term', 'entity']);

/** Values per span in the array `annotate` returns. */
export const SPAN_WIDTH = 4;

/** One in-flight (or finished) wasm initialisation per module URL: init may run only once. */
const wasmReady = new Map();

function initWasm(wasmUrl) {
  const key = String(wasmUrl);
  if (!wasmReady.has(key)) {
    const p = init({ module_or_path: wasmUrl }).catch((e) => {
      wasmReady.delete(key);
      throw new Error(`Could not load the Hashiya WebAssembly module from ${key}: ${e.message}. Build it with \`npm run build:wasm\`.`);
    });
    wasmReady.set(key, p);
  }
  return wasmReady.get(key);
}

async function fetchLexicon(url) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not fetch the lexicon from ${url}: ${e.message}`);
  }
  if (!res.ok) {
    throw new Error(`Could not fetch the lexicon from ${url} (HTTP ${res.status}). Build it with \`npm run build:data\`.`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

export class Hashiya {
  /** @param {WasmHashiya} inner */
  constructor(inner) {
    this._inner = inner;
    /** Counts `annotate` calls: `details(id)` answers for the latest one only, so a caller
     * holding ids of an older text compares this and re-annotates its text first. */
    this.generation = 0;
  }

  /**
   * Loads the core and the lexicon (in parallel). The lexicon is a separate file so the
   * browser caches it apart from the code.
   * @param {{ wasmUrl?: string|URL, lexiconUrl?: string|URL, lexicon?: Uint8Array }} [options]
   *   `lexicon`: bytes already at hand (skips the fetch).
   */
  static async load({ wasmUrl, lexiconUrl, lexicon } = {}) {
    const wasm = wasmUrl ?? new URL('./pkg/hashiya_bg.wasm', import.meta.url);
    const lex = lexiconUrl ?? new URL('./data/lexicon.bin', import.meta.url);
    const [bytes] = await Promise.all([lexicon ?? fetchLexicon(lex), initWasm(wasm)]);
    try {
      return new Hashiya(new WasmHashiya(bytes));
    } catch (e) {
      // The core's message names the problem; say which file it came from.
      throw new Error(`${e.message} (lexicon: ${lexicon ? 'bytes given' : lex})`);
    }
  }

  /**
   * Annotates `text`. Returns a Uint32Array of flat (start, end, layer, id) quadruples,
   * sorted by start, in UTF-16 code units of `text` (what DOM Ranges use).
   * @param {string} text
   * @returns {Uint32Array}
   */
  annotate(text) {
    if (typeof text !== 'string') throw new TypeError('Hashiya.annotate: text must be a string');
    const spans = this._inner.annotate(text);
    this.generation += 1;
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

  /** Frees the wasm memory held by this instance. */
  free() {
    this._inner.free();
  }
}

/** Iterates the span array as objects `{ start, end, layer, layerName, id, index }`. */
export function* spans(array) {
  for (let i = 0; i + SPAN_WIDTH <= array.length; i += SPAN_WIDTH) {
    const layer = array[i + 2];
    yield { start: array[i], end: array[i + 1], layer, layerName: LAYERS[layer] ?? `layer${layer}`, id: array[i + 3], index: i / SPAN_WIDTH };
  }
}
