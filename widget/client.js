// The page's side of the core: one transport per set of assets and data layers, shared by
// every element annotated with them (one worker, one core, many documents). The core runs
// in a module Web Worker where the page allows one, else on the main thread through the
// same CoreHost (send = host.handle), so there is one code path either way.
import { createHost } from './host.js';

/** Transports by their configuration's key. */
const transports = new Map();

/**
 * The shared transport for `config` (`{ base, layers, worker, workerUrl, ... }`; see
 * load-core.js for the asset options). Same configuration, same transport.
 */
export function sharedTransport(config) {
  const key = JSON.stringify([config.base, config.workerUrl, config.dataUrl, config.wasmUrl, config.jsCoreUrl, [...config.layers].sort(), config.worker !== false, !!config.wasm, config.progressive !== false]);
  let t = transports.get(key);
  if (!t) {
    t = new Transport(config);
    transports.set(key, t);
  }
  return t;
}

class Transport {
  constructor(config) {
    this.config = config;
    /** 'worker' or 'main' (the thread the core runs on). */
    this.mode = 'main';
    /** Why there is no worker, when there is none. */
    this.noWorker = null;
    this._progress = new Set();
    this._changes = new Set();
    this._pending = new Map();
    this._nextId = 1;
    this._heard = false;
    this._glossary = null;
    this.send = this.send.bind(this);
    if (config.worker === false) this._startMain('turned off by the caller');
    else this._startWorker();
  }

  /** The config a worker or host needs (plain data only). */
  _hostConfig() {
    const { base, dataUrl, wasmUrl, jsCoreUrl, layers, wasm, progressive } = this.config;
    return { base, dataUrl, wasmUrl, jsCoreUrl, layers, wasm, progressive };
  }

  _emitProgress(p) {
    for (const fn of this._progress) fn(p);
  }

  _startWorker() {
    const url = new URL(this.config.workerUrl ?? 'hashiya-worker.js', this.config.base);
    let worker;
    try {
      worker = new Worker(url, { type: 'module', name: 'hashiya' });
    } catch (e) {
      // A cross-origin bundle URL, a CSP without worker-src for it, or no Worker at all.
      this._startMain(`no worker (${e.message})`);
      return;
    }
    this.mode = 'worker';
    this.worker = worker;
    worker.addEventListener('message', ({ data }) => {
      this._heard = true;
      if (data?.progress) return this._emitProgress(data.progress);
      const pending = this._pending.get(data?.id);
      if (!pending) return;
      this._pending.delete(data.id);
      pending.resolve(data.reply);
    });
    // A worker that could not start (blocked, missing script) fails before it says anything:
    // the core then runs here, and the requests already sent are asked again.
    worker.addEventListener('error', (e) => {
      if (this._heard) return;
      e.preventDefault?.();
      this._fallBack(`the worker did not start (${e.message || 'blocked or not found'})`);
    });
    worker.postMessage({ config: this._hostConfig() });
  }

  _startMain(reason) {
    this.mode = 'main';
    this.noWorker = reason;
    this.host = createHost(this._hostConfig(), (p) => this._emitProgress(p));
  }

  _fallBack(reason) {
    this.worker?.terminate();
    this.worker = null;
    this._startMain(reason);
    const pending = [...this._pending.values()];
    this._pending.clear();
    for (const p of pending) this.host.handle(p.request).then(p.resolve);
  }

  /** Sends one core request; resolves to its `{ ok, result | error }` reply. */
  send(request) {
    if (this.host) return this.host.handle(request);
    return new Promise((resolve) => {
      const id = this._nextId++;
      this._pending.set(id, { request, resolve });
      this.worker.postMessage({ id, request });
    });
  }

  /** Calls `fn({ loaded, total })` while the assets download; returns the unsubscribe. */
  onProgress(fn) {
    this._progress.add(fn);
    return () => this._progress.delete(fn);
  }

  /** Calls `fn()` when the glossary changes (every element sharing the core re-annotates). */
  onChange(fn) {
    this._changes.add(fn);
    return () => this._changes.delete(fn);
  }

  /**
   * Sets the core's glossary (shared by every element on this transport). `source` names it
   * (a URL) so that several elements asking for the same one set it once. Resolves to its
   * malformed entries `[{ line, message }]`.
   */
  setGlossary(text, format, source) {
    if (source && this._glossary?.source === source) return this._glossary.issues;
    const issues = this.send({ op: 'setGlossary', text, format }).then((reply) => {
      if (!reply.ok) throw new Error(reply.error);
      for (const fn of this._changes) fn();
      return reply.result;
    });
    this._glossary = { source, issues };
    issues.catch(() => {
      if (this._glossary?.issues === issues) this._glossary = null;
    });
    return issues;
  }
}
