// The core behind a message boundary: where it runs (an extension's service worker, a Web
// Worker, an offscreen document) a `CoreHost` answers requests; where the page is painted a
// `RemoteCore` asks them. The transport is the caller's: the host's `handle(request)`
// returns a promise of the reply, and the client is given a `send(request) → Promise<reply>`
// (chrome.runtime.sendMessage, a Worker's postMessage with ids, or a direct call in tests).
// Requests and replies are plain structured-clone data.
//
//   // where the core runs
//   const host = new CoreHost(() => Hashiya.load({ ... }));
//   onRequest((request) => host.handle(request));
//
//   // in the page
//   const core = new RemoteCore((request) => transport(request));
//   const annotated = await attachAsync(element, core);     // page-layer.js
//
// One core serves many documents (tabs, frames, elements). The wasm core answers `details`
// for the last text it annotated only, so the host keeps each document's text and annotates
// it again when a look-up arrives for a document other than the last one (a hover in a
// second tab costs one annotation of that tab's text, once).
import { LAYERS, SPAN_WIDTH } from './spans.js';

/** Documents whose text the host keeps for look-ups; the least recently used goes first. */
export const MAX_DOCUMENTS = 32;

/** Layer names a request may turn off, by the core's layer name. */
const LAYER_OPTION = Object.freeze({ word: 'words', term: 'terms', entity: 'entities' });
export const LAYER_NAMES = Object.freeze(Object.values(LAYER_OPTION));

/**
 * Answers core requests. Every reply is `{ ok: true, result }` or `{ ok: false, error }`
 * (an error message that says what failed), never a thrown exception, so a transport that
 * cannot carry exceptions (extension messaging) loses nothing.
 *
 * Requests (`doc` is any string naming one text of one page or element):
 * - `{ op: 'status' }` → `{ missing: [{ layer, message }], layers: ['entities', …], complete }`:
 *   `layers` the optional layers in the core so far, `complete` false while a progressive
 *   load (`Hashiya.load({ progressive: true })`) still waits for some
 * - `{ op: 'loaded' }` → the same as `status`, answered once every layer has joined the core
 *   or is in `missing` (at once unless the load is progressive). Not queued behind other
 *   requests: a page asks it after its first annotation and annotates again when it answers
 *   with more layers than it had (a core annotating while a layer joins answers for the
 *   layers in at that moment; see `_select`)
 * - `{ op: 'annotate', doc, text, layers? }` → `{ spans: Uint32Array, types: [[index, type], …],
 *   generation }`: the spans of the layers asked for (all by default; `layers` is e.g.
 *   `{ terms: false }`), and the entity type of each entity span by its index in `spans`
 * - `{ op: 'details', doc, ids: number[] }` → one details object per span id
 * - `{ op: 'keyTerms', doc }` → the key terms of that document
 * - `{ op: 'setGlossary', text, format }` → malformed entries `[{ line, message }]`
 * - `{ op: 'release', doc }` → forgets a document
 * - `{ op: 'export', text, rows, format }` → the rows as CSV or Anki TSV text (`Hashiya#exportRows`)
 */
export class CoreHost {
  /** @param {() => Promise<import('./hashiya.js').Hashiya>} load called once, on first use */
  constructor(load) {
    this._load = load;
    this._core = null;
    /** doc → text, in least-recently-used order (Map keeps insertion order). */
    this._docs = new Map();
    /** The document the core annotated last: its details answer directly. */
    this._current = null;
    /** Requests run one at a time: the core is one wasm instance with one "last text". */
    this._queue = Promise.resolve();
    /** doc → how many optional layers the core had when it annotated that doc's text. */
    this._layersAt = new Map();
    /** Whether the core's `loaded` has resolved (every layer in or missing). */
    this._complete = false;
  }

  /** What `status` and `loaded` answer. */
  _status(core) {
    return { missing: core.missing, layers: [...(core.layers ?? [])], complete: this._complete };
  }

  /** Whether the core's `loaded` has resolved: a promise already resolved answers within a
   * task (a core loaded with every layer at once is complete from its first request on). */
  async _settled(core) {
    if (!this._complete) {
      const done = await Promise.race([
        Promise.resolve(core.loaded).then(() => true, () => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 0)),
      ]);
      if (done) this._complete = true;
    }
    return this._complete;
  }

  /** The loaded core (loads it on first call; a failed load is retried next time). */
  core() {
    this._core ??= this._load().then((core) => {
      // A core loaded with every layer at once (or an object without `loaded`) is complete.
      Promise.resolve(core.loaded).then(() => (this._complete = true), () => (this._complete = true));
      return core;
    }, (e) => {
      this._core = null;
      throw e;
    });
    return this._core;
  }

  /** @returns {Promise<{ ok: true, result: any } | { ok: false, error: string }>} */
  handle(request) {
    if (request?.op === 'loaded') {
      // Waits beside the queue, not in it: the other requests go on meanwhile.
      return this.core()
        .then((core) => Promise.resolve(core.loaded).catch(() => {}).then(() => {
          this._complete = true;
          return { ok: true, result: this._status(core) };
        }))
        .catch((e) => ({ ok: false, error: String(e?.message ?? e) }));
    }
    const run = this._queue.then(() => this._run(request));
    this._queue = run.catch(() => {});
    return run.then((result) => ({ ok: true, result }), (e) => ({ ok: false, error: String(e?.message ?? e) }));
  }

  async _run(request) {
    const op = request?.op;
    const core = await this.core();
    switch (op) {
      case 'status':
        await this._settled(core);
        return this._status(core);
      case 'annotate':
        return this._annotate(core, request);
      case 'details':
        this._select(core, request.doc);
        return (request.ids ?? []).map((id) => core.details(id));
      case 'keyTerms':
        this._select(core, request.doc);
        return core.keyTerms();
      case 'setGlossary': {
        const issues = core.setGlossary(String(request.text ?? ''), request.format === 'json' ? 'json' : 'tsv');
        // A new glossary changes what every kept document would show: annotate afresh.
        this._current = null;
        return issues;
      }
      case 'export':
        return core.exportRows(String(request.text ?? ''), Array.isArray(request.rows) ? request.rows : [], String(request.format ?? ''));
      case 'release':
        this._docs.delete(request.doc);
        this._layersAt.delete(request.doc);
        if (this._current === request.doc) this._current = null;
        return true;
      default:
        throw new Error(`Hashiya: unknown core request ${JSON.stringify(op)}`);
    }
  }

  _annotate(core, { doc, text, layers = {} }) {
    if (typeof doc !== 'string') throw new Error('Hashiya: an annotate request needs a document name');
    if (typeof text !== 'string') throw new Error('Hashiya: an annotate request needs its text as a string');
    this._remember(doc, text);
    const all = core.annotate(text);
    this._current = doc;
    this._layersAt.set(doc, core.layers?.length ?? 0);
    const keep = LAYERS.map((name) => layers[LAYER_OPTION[name]] !== false);
    const spans = keep.every(Boolean) ? all : filterLayers(all, keep);
    const types = [];
    for (let i = 0; i < spans.length; i += SPAN_WIDTH) {
      if (LAYERS[spans[i + 2]] !== 'entity') continue;
      const type = core.details(spans[i + 3])?.type;
      if (type) types.push([i / SPAN_WIDTH, type]);
    }
    return { spans, types, generation: core.generation };
  }

  _remember(doc, text) {
    this._docs.delete(doc);
    this._docs.set(doc, text);
    while (this._docs.size > MAX_DOCUMENTS) {
      const oldest = this._docs.keys().next().value;
      this._docs.delete(oldest);
      this._layersAt.delete(oldest);
      if (this._current === oldest) this._current = null;
    }
  }

  /** Makes `doc` the core's last annotated text, annotating it again if another came since. */
  _select(core, doc) {
    if (doc === this._current) return;
    const text = this._docs.get(doc);
    if (text === undefined) throw new Error(`Hashiya: no annotated text named ${JSON.stringify(doc)} (annotate it first)`);
    // Span ids number the spans of every layer: with a layer joined since the page got its
    // spans, annotating the text again would give other ids than the page holds.
    if ((this._layersAt.get(doc) ?? 0) !== (core.layers?.length ?? 0)) {
      throw new Error(`Hashiya: layers joined the core since ${JSON.stringify(doc)} was annotated (annotate it again)`);
    }
    this._remember(doc, text);
    core.annotate(text);
    this._current = doc;
  }
}

/** The spans of `all` whose layer `keep[layer]` is true (ids unchanged). */
function filterLayers(all, keep) {
  const out = [];
  for (let i = 0; i < all.length; i += SPAN_WIDTH) {
    if (keep[all[i + 2]] ?? true) out.push(all[i], all[i + 1], all[i + 2], all[i + 3]);
  }
  return Uint32Array.from(out);
}

let docCounter = 0;

/**
 * The page's side: the same questions as the local core, asked over `send`, all async.
 * One `RemoteCore` is one document (one text at a time); make one per annotated element.
 */
export class RemoteCore {
  /**
   * @param {(request: object) => Promise<{ ok: boolean, result?: any, error?: string }>} send
   * @param {{ doc?: string, layers?: { words?: boolean, terms?: boolean, entities?: boolean } }} [options]
   */
  constructor(send, { doc, layers } = {}) {
    this._send = send;
    this.doc = doc ?? `doc-${Date.now().toString(36)}-${(docCounter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
    this.layers = layers ?? {};
  }

  async _ask(request) {
    const reply = await this._send(request);
    if (!reply || typeof reply !== 'object') throw new Error(`Hashiya: the core did not answer ${request.op}`);
    if (!reply.ok) throw new Error(reply.error || `Hashiya: ${request.op} failed`);
    return reply.result;
  }

  /** @returns {Promise<{ spans: Uint32Array, types: [number, string][] }>} */
  async annotate(text) {
    const r = await this._ask({ op: 'annotate', doc: this.doc, text, layers: this.layers });
    // Extension messaging serialises as JSON: a typed array arrives as an object of indices.
    const spans = r.spans instanceof Uint32Array ? r.spans : Uint32Array.from(Array.isArray(r.spans) ? r.spans : Object.values(r.spans));
    return { spans, types: r.types ?? [] };
  }

  /** Details of several span ids at once (one round trip for a tooltip's stack). */
  details(ids) {
    return this._ask({ op: 'details', doc: this.doc, ids });
  }

  keyTerms() {
    return this._ask({ op: 'keyTerms', doc: this.doc });
  }

  status() {
    return this._ask({ op: 'status' });
  }

  /** Resolves, like `status`, once every layer has joined the core or is in `missing` (a
   * progressive load); annotate again then if `layers` grew. */
  loaded() {
    return this._ask({ op: 'loaded' });
  }

  setGlossary(text, format = 'tsv') {
    return this._ask({ op: 'setGlossary', text, format });
  }

  /** Rows as CSV or Anki TSV, written by the core (`Hashiya#exportRows`). */
  exportRows(text, rows, format) {
    return this._ask({ op: 'export', text, rows, format });
  }

  release() {
    return this._ask({ op: 'release', doc: this.doc });
  }
}
