// Loads the core where it runs (the Web Worker, or the page's main thread when no worker
// can be made): downloads the .wasm and the data files with progress, keeps them in Cache
// Storage so the next page view reads them from there, and compiles the WebAssembly core;
// where the page's CSP forbids compiling WebAssembly it loads the JavaScript build of the
// same core (made by binaryen's wasm2js, scripts/build-wasm2js.mjs) instead.
import { Hashiya } from '../www/hashiya.js';

/** Version of the assets, set by scripts/build-widget.mjs: names the Cache Storage cache. */
// eslint-disable-next-line no-undef
export const ASSET_VERSION = typeof __HASHIYA_ASSET_VERSION__ === 'string' ? __HASHIYA_ASSET_VERSION__ : 'dev';
/** Byte sizes of the assets as built (the total of a progress event even when the server
 * compresses and sends no usable Content-Length). */
// eslint-disable-next-line no-undef
const SIZES = typeof __HASHIYA_ASSET_SIZES__ === 'object' ? __HASHIYA_ASSET_SIZES__ : {};

export const CACHE_PREFIX = 'hashiya-';

/** Data files of each optional layer (the lexicon is always loaded). */
const LAYER_FILES = { entities: ['ner.model', 'gazetteer.bin'], terms: ['terms.bin'] };

/** True when this realm may compile WebAssembly (a CSP without 'wasm-unsafe-eval' forbids it). */
export function canCompileWasm() {
  try {
    // The smallest valid module: magic and version. Compiling it throws under such a CSP.
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

/** The Cache Storage cache of this version (older `hashiya-*` caches are deleted), or null
 * where Cache Storage is unavailable (an insecure origin, a sandboxed frame). */
async function openCache() {
  try {
    if (typeof caches === 'undefined') return null;
    const name = `${CACHE_PREFIX}${ASSET_VERSION}`;
    const cache = await caches.open(name);
    caches.keys().then((keys) => {
      for (const k of keys) if (k.startsWith(CACHE_PREFIX) && k !== name) caches.delete(k);
    }).catch(() => {});
    return cache;
  } catch {
    return null;
  }
}

/**
 * Fetches `assets` (`[{ name, url, what }]`) in parallel, from the cache when there, reporting
 * `{ loaded, total }` bytes to `onProgress`. Resolves to `{ bytes: { name: Uint8Array },
 * cached: { name: boolean }, errors: { name: Error } }` (an error names the file's URL).
 */
export async function fetchAssets(assets, onProgress = () => {}) {
  return startAssets(assets, onProgress).all;
}

/**
 * Starts fetching `assets` as `fetchAssets` does, and gives each one's promise as well:
 * `{ each: Map(name → Promise<Uint8Array>), all: Promise<fetchAssets' result> }`. Assets
 * marked `later: true` are fetched once the others are in (a progressive load: the lexicon
 * and the core first, the optional layers' files after, not sharing the bandwidth with them).
 */
export function startAssets(assets, onProgress = () => {}) {
  const cacheReady = openCache();
  const loaded = new Map(assets.map((a) => [a.name, 0]));
  const totals = new Map(assets.map((a) => [a.name, SIZES[a.name] ?? 0]));
  const report = () => {
    let l = 0;
    let t = 0;
    for (const a of assets) {
      l += loaded.get(a.name);
      t += Math.max(totals.get(a.name), loaded.get(a.name));
    }
    onProgress({ loaded: l, total: t });
  };
  const writes = [];
  const one = async ({ name, url, what }) => {
    const cache = await cacheReady;
    const key = String(url);
    let res = null;
    let cached = false;
    if (cache) {
      res = (await cache.match(key).catch(() => null)) ?? null;
      cached = !!res;
    }
    if (!res) {
      try {
        res = await fetch(key);
      } catch (e) {
        throw new Error(`Hashiya: could not fetch the ${what} from ${key}: ${e.message}`);
      }
      if (!res.ok) throw new Error(`Hashiya: could not fetch the ${what} from ${key} (HTTP ${res.status})`);
      if (cache) writes.push(cache.put(key, res.clone()).catch(() => {}));
    }
    if (!totals.get(name)) {
      const length = Number(res.headers.get('content-length'));
      if (!res.headers.get('content-encoding') && length > 0) totals.set(name, length);
    }
    // Read the body in chunks so that progress moves while it downloads.
    const chunks = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      loaded.set(name, size);
      report();
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return [name, bytes, cached];
  };
  report();
  const firstOnes = assets.filter((a) => !a.later);
  const started = new Map(firstOnes.map((a) => [a.name, one(a)]));
  const firstIn = Promise.all([...started.values()].map((p) => p.catch(() => {})));
  for (const a of assets) if (a.later) started.set(a.name, firstIn.then(() => one(a)));
  const each = new Map([...started].map(([name, p]) => [name, p.then(([, bytes]) => bytes)]));
  for (const p of each.values()) p.catch(() => {}); // reported through `all` or by the caller
  const all = (async () => {
    const results = await Promise.all(assets.map((a) => started.get(a.name).catch((e) => [a.name, null, false, e])));
    await Promise.all(writes); // so that a page closed right after loading still finds them
    const ok = results.filter(([, b]) => b);
    return {
      bytes: Object.fromEntries(ok.map(([n, b]) => [n, b])),
      cached: Object.fromEntries(ok.map(([n, , c]) => [n, c])),
      errors: Object.fromEntries(results.filter(([, b]) => !b).map(([n, , , e]) => [n, e])),
    };
  })();
  return { each, all };
}

let warned = false;

/**
 * Loads the core. `config`: `{ base, wasmUrl?, dataUrl?, jsCoreUrl?, layers?: string[],
 * wasm?: Uint8Array (inline build), progressive?: boolean }` (URLs as strings; `base` is the
 * directory of the bundle's assets). Resolves to `{ hashiya, info }`, `info` saying what was
 * loaded: `{ engine: 'wasm'|'js', layers, cached, bytes }`.
 * Progressive (the default; `progressive: false` waits for every layer): resolves once the
 * lexicon and the core are in, the optional layers' files are fetched after them and each
 * layer joins the core when its files are in (`hashiya.loaded`, Hashiya.load's progressive
 * mode); `info` is brought up to date then.
 */
export async function loadCore(config, onProgress) {
  const base = new URL(config.base);
  const dataDir = new URL(config.dataUrl ?? 'data/', base);
  const layers = (config.layers ?? Object.keys(LAYER_FILES)).filter((l) => LAYER_FILES[l]);
  const progressive = config.progressive !== false;
  const wasmAllowed = canCompileWasm();
  const assets = [{ name: 'lexicon.bin', url: new URL('lexicon.bin', dataDir), what: 'lexicon' }];
  for (const l of layers) {
    for (const f of LAYER_FILES[l]) assets.push({ name: f, url: new URL(f, dataDir), what: `${l} data (${f})`, later: progressive });
  }
  if (wasmAllowed && !config.wasm) {
    assets.push({ name: 'hashiya_bg.wasm', url: new URL(config.wasmUrl ?? 'hashiya_bg.wasm', base), what: 'WebAssembly core' });
  }
  const started = startAssets(assets, onProgress);
  // The lexicon and the core must load; an optional layer's file that failed leaves that
  // layer out (Hashiya.load reports it in `missing`).
  const files = {};
  for (const a of assets) {
    const required = a.name === 'lexicon.bin' || a.name === 'hashiya_bg.wasm';
    // A layer's file is given as a promise: Hashiya.load awaits it, and a failure leaves
    // that layer out (in `missing`) instead of failing the load.
    files[a.name] = required ? await started.each.get(a.name) : started.each.get(a.name);
  }
  let Core;
  let wasm = config.wasm;
  if (!wasmAllowed) {
    if (!warned) {
      warned = true;
      console.warn('Hashiya: this page\'s Content-Security-Policy does not allow WebAssembly (no \'wasm-unsafe-eval\'); using the JavaScript build of the core (wasm2js), which is slower.');
    }
    const url = new URL(config.jsCoreUrl ?? 'hashiya-core-js.js', base);
    try {
      ({ Hashiya: Core } = await import(/* webpackIgnore: true */ /* @vite-ignore */ String(url)));
    } catch (e) {
      throw new Error(`Hashiya: WebAssembly is not allowed here and the JavaScript build of the core could not be loaded from ${url}: ${e.message}`);
    }
  } else {
    wasm ??= files['hashiya_bg.wasm'];
    wasm = await WebAssembly.compile(wasm);
  }
  const hashiya = await Hashiya.load({ wasm, Core, files, layers, dataUrl: String(dataDir), progressive });
  /** What was loaded; the layers, bytes and cache figures as they are so far. */
  const info = { engine: Core ? 'js' : 'wasm', layers: ['words', ...hashiya.layers] };
  const settle = async () => {
    const got = await started.all;
    const cached = Object.values(got.cached);
    info.layers = ['words', ...layers.filter((l) => hashiya.layers.includes(l))];
    info.cached = cached.length > 0 && cached.every(Boolean);
    info.bytes = Object.values(got.bytes).reduce((n, b) => n + b.length, 0);
  };
  // With every layer in (not progressive) the figures are final now; else when `loaded` is.
  const final = Promise.all([started.all, hashiya.loaded]).then(settle);
  if (!progressive) await final;
  else hashiya.loaded = final.then(() => hashiya); // `loaded` resolves with `info` up to date
  return { hashiya, info };
}
