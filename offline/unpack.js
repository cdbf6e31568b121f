// The inlined core and data: scripts/build-offline.mjs writes each file gzipped and in base64
// into a `<script type="application/x-hashiya-gzip" data-name=… data-size=…>` block of the
// page; here they are decoded and unpacked with the browser's DecompressionStream, with
// progress, and handed to the core as bytes (no request is made for anything).

/** What the offline file needs from the browser, with a test for each. */
const FEATURES = [
  ['WebAssembly', () => typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function'],
  ['DecompressionStream (gzip)', () => typeof DecompressionStream === 'function'],
  ['Blob streams', () => typeof Blob === 'function' && typeof Blob.prototype.stream === 'function'],
];

/** Names of the features this browser lacks (empty when it has them all). */
export function missingFeatures() {
  return FEATURES.filter(([, ok]) => {
    try {
      return !ok();
    } catch {
      return true;
    }
  }).map(([name]) => name);
}

/** base64 → bytes: the built-in decoder where there is one, else atob. */
function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The inlined files' blocks in the page: `[{ name, size, element }]`. */
export function inlinedFiles(doc = document) {
  return [...doc.querySelectorAll('script[type="application/x-hashiya-gzip"]')].map((element) => ({
    name: element.dataset.name,
    size: Number(element.dataset.size),
    element,
  }));
}

/** Unpacks one block to its `size` bytes; `onBytes(n)` is told of each chunk's length. */
async function unpackOne({ name, size, element }, onBytes) {
  let packed;
  try {
    packed = fromBase64(element.textContent.trim());
  } catch (e) {
    throw new Error(`the inlined ${name} is not valid base64 (${e.message}); rebuild the file with \`npm run build:offline\``);
  }
  element.remove(); // the page need not keep megabytes of base64 text
  const out = new Uint8Array(size);
  let at = 0;
  try {
    const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > size) throw new Error(`more than the ${size} bytes the file announces`);
      out.set(value, at);
      at += value.length;
      onBytes(value.length);
    }
  } catch (e) {
    throw new Error(`the inlined ${name} could not be unpacked: ${e.message}; rebuild the file with \`npm run build:offline\``);
  }
  if (at !== size) throw new Error(`the inlined ${name} unpacked to ${at} bytes, not the ${size} it announces; rebuild the file with \`npm run build:offline\``);
  return out;
}

/**
 * Unpacks every inlined file at once. `progress(done, total)` is called as bytes come out.
 * Resolves to `{ name: Uint8Array }`; rejects naming the feature or file that failed.
 */
export async function unpackAll(progress = () => {}, doc = document) {
  const missing = missingFeatures();
  if (missing.length) throw new Error(`this browser lacks ${missing.join(' and ')}`);
  const files = inlinedFiles(doc);
  if (!files.length) throw new Error('the page holds no inlined core or data (open the file that `npm run build:offline` writes)');
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  progress(0, total);
  const bytes = await Promise.all(files.map((f) => unpackOne(f, (n) => progress((done += n), total))));
  return Object.fromEntries(files.map((f, i) => [f.name, bytes[i]]));
}

/**
 * Unpacks the files named in `first` (the lexicon and the core: what the words layer needs),
 * and after them the others. Resolves once the first ones are out, to `{ name: Uint8Array |
 * Promise<Uint8Array> }`: the others as promises (a progressive load hands them to
 * Hashiya.load as they are; one that fails leaves its layer out). `progress(done, total)`
 * counts the first ones' bytes.
 */
export async function unpackFirst(first, progress = () => {}, doc = document) {
  const missing = missingFeatures();
  if (missing.length) throw new Error(`this browser lacks ${missing.join(' and ')}`);
  const files = inlinedFiles(doc);
  if (!files.length) throw new Error('the page holds no inlined core or data (open the file that `npm run build:offline` writes)');
  const now = files.filter((f) => first.includes(f.name));
  const total = now.reduce((n, f) => n + f.size, 0);
  let done = 0;
  progress(0, total);
  const bytes = await Promise.all(now.map((f) => unpackOne(f, (n) => progress((done += n), total))));
  const out = Object.fromEntries(now.map((f, i) => [f.name, bytes[i]]));
  for (const f of files) {
    if (first.includes(f.name)) continue;
    out[f.name] = unpackOne(f, () => {});
    out[f.name].catch(() => {}); // Hashiya.load reports it in `missing`
  }
  return out;
}
