#!/usr/bin/env node
// Bundles the widget into dist/widget/ with esbuild: everything a site serves from one
// directory (the one-tag install) and the npm package's files:
//   hashiya-widget.js    the web entry: <hashiya-annotate> and annotate() (page side)
//   hashiya-worker.js    the Web Worker the core runs in
//   hashiya-core-js.js   the core built by wasm2js, loaded only where CSP forbids WebAssembly
//   hashiya-inline.js    the inline entry: the .wasm inside (base64), core on the main thread
//   hashiya-node.js      the Node entry: reads the .wasm and data/ beside it
//   hashiya_bg.wasm, data/lexicon.bin, ner.model, gazetteer.bin, terms.bin
// Needs www/pkg (npm run build:wasm), target/wasm2js/pkg (scripts/build-wasm2js.mjs) and
// build/data (npm run build:data). Takes a few seconds; always rebuilds.
// Usage: node scripts/build-widget.mjs
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'widget');
const DATA = ['lexicon.bin', 'ner.model', 'gazetteer.bin', 'terms.bin'];
const need = {
  'www/pkg/hashiya_bg.wasm': 'npm run build:wasm',
  'target/wasm2js/pkg/index.js': 'node scripts/build-wasm2js.mjs',
  ...Object.fromEntries(DATA.map((f) => [`build/data/${f}`, 'npm run build:data'])),
};
const missing = Object.entries(need).filter(([p]) => !existsSync(join(root, p)));
if (missing.length) {
  console.error(`build-widget: missing ${missing.map(([p, how]) => `${p} (${how})`).join(', ')}; \`npm run setup\` builds them all`);
  process.exit(1);
}

const t0 = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'data'), { recursive: true });
copyFileSync(join(root, 'www/pkg/hashiya_bg.wasm'), join(out, 'hashiya_bg.wasm'));
for (const f of DATA) copyFileSync(join(root, 'build/data', f), join(out, 'data', f));

// The Cache Storage name carries the crate's version and a hash of the assets, so a new
// build is downloaded once and the old cache is dropped.
const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const assets = ['hashiya_bg.wasm', ...DATA.map((f) => `data/${f}`)];
const hash = createHash('sha256');
for (const a of assets) hash.update(readFileSync(join(out, a)));
const sizes = Object.fromEntries(assets.map((a) => [a.replace(/^data\//, ''), statSync(join(out, a)).size]));
const define = {
  __HASHIYA_ASSET_VERSION__: JSON.stringify(`${version}-${hash.digest('hex').slice(0, 12)}`),
  __HASHIYA_ASSET_SIZES__: JSON.stringify(sizes),
};

const common = { bundle: true, format: 'esm', minify: true, sourcemap: false, target: 'es2022', define, legalComments: 'none', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'widget/index.js')], outfile: join(out, 'hashiya-widget.js'), platform: 'browser' }),
  build({ ...common, entryPoints: [join(root, 'widget/worker.js')], outfile: join(out, 'hashiya-worker.js'), platform: 'browser' }),
  build({ ...common, entryPoints: [join(root, 'widget/inline.js')], outfile: join(out, 'hashiya-inline.js'), platform: 'browser', loader: { '.wasm': 'base64' } }),
  build({ ...common, entryPoints: [join(root, 'target/wasm2js/pkg/index.js')], outfile: join(out, 'hashiya-core-js.js'), platform: 'neutral' }),
  build({ ...common, minify: false, entryPoints: [join(root, 'widget/node.js')], outfile: join(out, 'hashiya-node.js'), platform: 'node', target: 'node20' }),
]);
// The JS core is imported by URL at run time; a site's bundler must leave that import alone.
// Minifying drops the comments that say so: put them back.
for (const f of ['hashiya-widget.js', 'hashiya-worker.js', 'hashiya-inline.js']) {
  const path = join(out, f);
  const code = readFileSync(path, 'utf8');
  const marked = code.replace(/\bimport\(String\(/g, 'import(/* webpackIgnore: true */ /* @vite-ignore */ String(');
  if (marked === code) throw new Error(`build-widget: ${f} has no import of the JS core to mark`);
  writeFileSync(path, marked);
}
const kib = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`;
console.log(`build-widget: dist/widget/ in ${Date.now() - t0} ms: hashiya-widget.js ${kib('hashiya-widget.js')}, hashiya-worker.js ${kib('hashiya-worker.js')}, hashiya-core-js.js ${kib('hashiya-core-js.js')}, hashiya-inline.js ${kib('hashiya-inline.js')}, hashiya_bg.wasm ${kib('hashiya_bg.wasm')}`);
