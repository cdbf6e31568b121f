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
  const cache = await openCache();
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
  const results = await Promise.all(assets.map((a) => one(a).catch((e) => [a.name, null, false, e])));
  await Promise.all(writes); // so that a page closed right after loading still finds them
  const ok = results.filter(([, b]) => b);
  return {
    bytes: Object.fromEntries(ok.map(([n, b]) => [n, b])),
    cached: Object.fromEntries(ok.map(([n, , c]) => [n, c])),
    errors: Object.fromEntries(results.filter(([, b]) => !b).map(([n, , , e]) => [n, e])),
  };
}

let warned = false;

/**
 * Loads the core. `config`: `{ base, wasmUrl?, dataUrl?, jsCoreUrl?, layers?: string[],
 * wasm?: Uint8Array (inline build) }` (URLs as strings; `base` is the directory of the
 * bundle's assets). Resolves to `{ hashiya, info }`, `info` saying what was loaded:
 * `{ engine: 'wasm'|'js', layers, cached, bytes }`.
 */
export async function loadCore(config, onProgress) {
  const base = new URL(config.base);
  const dataDir = new URL(config.dataUrl ?? 'data/', base);
  const layers = (config.layers ?? Object.keys(LAYER_FILES)).filter((l) => LAYER_FILES[l]);
  const wasmAllowed = canCompileWasm();
  const assets = [{ name: 'lexicon.bin', url: new URL('lexicon.bin', dataDir), what: 'lexicon' }];
  for (const l of layers) {
    for (const f of LAYER_FILES[l]) assets.push({ name: f, url: new URL(f, dataDir), what: `${l} data (${f})` });
  }
  if (wasmAllowed && !config.wasm) {
    assets.push({ name: 'hashiya_bg.wasm', url: new URL(config.wasmUrl ?? 'hashiya_bg.wasm', base), what: 'WebAssembly core' });
  }
  const got = await fetchAssets(assets, onProgress);
  // The lexicon and the core must load; an optional layer's file that failed leaves that
  // layer out (Hashiya.load tries it once more and reports it in `missing`).
  for (const a of assets) {
    if (got.errors[a.name] && (a.name === 'lexicon.bin' || a.name === 'hashiya_bg.wasm')) throw got.errors[a.name];
  }
  const files = got.bytes;
  const cached = got.cached;
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
  const hashiya = await Hashiya.load({ wasm, Core, files, layers, dataUrl: String(dataDir) });
  const missingLayers = new Set(hashiya.missing.map((m) => m.layer));
  for (const l of layers) {
    if (!missingLayers.has(l) && LAYER_FILES[l].some((f) => !files[f])) missingLayers.add(l);
  }
  return {
    hashiya,
    info: {
      engine: Core ? 'js' : 'wasm',
      layers: ['words', ...layers.filter((l) => !missingLayers.has(l))],
      cached: Object.values(cached).length > 0 && Object.values(cached).every(Boolean),
      bytes: Object.values(files).reduce((n, b) => n + b.length, 0),
    },
  };
}
