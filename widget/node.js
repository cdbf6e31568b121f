// The Node entry (the package's "./node"): the same core, reading the .wasm and the data
// files from the package directory, for servers and scripts. `annotate(text)` returns what
// the command line prints (`hashiya annotate`), parsed; `annotateJson` the JSON text itself.
//
//   import { annotate } from 'hashiya/node';
//   const { annotations, key_terms } = annotate('قال وزير الداخلية');
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hashiya as Core, initSync } from '../www/pkg/hashiya.js';

/** Where the package keeps its files (this module's directory once bundled). */
const HERE = new URL('./', import.meta.url);

function read(dir, name, what) {
  const path = fileURLToPath(new URL(name, dir));
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`Hashiya: cannot read the ${what} ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

let wasmReady = false;

/** An annotator over the data in `dataDir` (default: the package's data/). */
export class Annotator {
  /** @param {{ dataDir?: string|URL }} [options] */
  constructor({ dataDir } = {}) {
    if (!wasmReady) {
      initSync({ module: read(HERE, 'hashiya_bg.wasm', 'WebAssembly core') });
      wasmReady = true;
    }
    const dir = dataDir ? new URL(String(dataDir).replace(/\/?$/, '/'), `file://${process.cwd()}/`) : new URL('data/', HERE);
    this._core = new Core(read(dir, 'lexicon.bin', 'lexicon'));
    this._core.addEntities(read(dir, 'ner.model', 'entity model'), read(dir, 'gazetteer.bin', 'gazetteer'));
    this._core.addTerms(read(dir, 'terms.bin', 'term data'));
  }

  /** The command line's JSON text for `text` (`html: true` reads it as HTML, like `--html`). */
  annotateJson(text, { html = false } = {}) {
    if (typeof text !== 'string') throw new TypeError('Hashiya annotate: text must be a string');
    return this._core.annotateJson(text, html);
  }

  /** `{ annotations, key_terms }`, as the command line prints them. */
  annotate(text, options) {
    return JSON.parse(this.annotateJson(text, options));
  }

  /** Layers a custom glossary (TSV, or JSON) over the built-in data; returns its malformed entries. */
  setGlossary(text, format = 'tsv') {
    return this._core.setGlossary(String(text ?? ''), format);
  }

  /** Frees the core's memory. */
  free() {
    this._core.free();
  }
}

let shared = null;
const annotator = () => (shared ??= new Annotator());

/** `{ annotations, key_terms }` for `text`, as `hashiya annotate` prints them (the package's data). */
export function annotate(text, options) {
  return annotator().annotate(text, options);
}

/** The JSON text `hashiya annotate` prints for `text`. */
export function annotateJson(text, options) {
  return annotator().annotateJson(text, options);
}

/** Sets the glossary of the shared annotator `annotate` uses. */
export function setGlossary(text, format) {
  return annotator().setGlossary(text, format);
}
