#!/usr/bin/env node
// Builds the browser extension (sources in extension/) into an unpacked folder and a zip:
//   dist/extension/               load it with chrome://extensions → Developer mode → Load unpacked
//   dist/hashiya-extension.zip    the same files, for the Chrome Web Store
//   dist/extension/manifest.firefox.json and dist/hashiya-extension-firefox.zip: the Firefox
//     variant (background scripts instead of a service worker, a sidebar instead of the side panel)
//
// The scripts are bundled with esbuild, shared modules from www/ included (their sources live
// once, in www/): the content script as one classic script (content scripts cannot be
// modules), the worker and the two pages as ES modules. The wasm core (www/pkg/) and the data
// files (build/data/) are copied as they are; the worker reads them from the extension's files.
//
// Usage: node scripts/build-extension.mjs [--force]   (npm run build:extension)
// Skips itself when the zip is newer than every input, unless --force.
//   --no-progressive --out DIR: a variant whose worker loads every layer before it answers
//   (as before issue 17's progressive load), into DIR, without zips: for bench-extension.mjs.
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'extension');
const DIST = join(ROOT, 'dist');
const outAt = process.argv.indexOf('--out');
const VARIANT = outAt > 0 ? resolve(process.argv[outAt + 1]) : null;
const OUT = VARIANT ?? join(DIST, 'extension');
const PROGRESSIVE = !process.argv.includes('--no-progressive');
const ZIP = join(DIST, 'hashiya-extension.zip');
const ZIP_FIREFOX = join(DIST, 'hashiya-extension-firefox.zip');

const WASM = join(ROOT, 'www', 'pkg', 'hashiya_bg.wasm');
const DATA_FILES = ['lexicon.bin', 'gazetteer.bin', 'terms.bin', 'ner.model'];
const STATIC = ['manifest.json', 'options.html', 'panel.html', 'ui.css', 'icons'];
const LICENCES = ['LICENSE-MIT', 'LICENSE-APACHE', 'DATA-LICENSES'];

const say = (msg) => console.log(`build-extension: ${msg}`);
function die(msg) {
  console.error(`build-extension: ${msg}`);
  process.exit(1);
}

/** Every file under `dir` (recursive), as paths. */
function walk(dir) {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((name) => walk(join(dir, name)));
}

const inputs = () => [
  ...walk(SRC), ...walk(join(ROOT, 'www')).filter((f) => f.endsWith('.js') || f.endsWith('.wasm')),
  ...DATA_FILES.map((f) => join(ROOT, 'build', 'data', f)), fileURLToPath(import.meta.url),
  ...LICENCES.map((f) => join(ROOT, f)),
];

function upToDate() {
  if (!existsSync(ZIP) || !existsSync(join(OUT, 'manifest.json'))) return false;
  const built = statSync(ZIP).mtimeMs;
  return inputs().every((f) => statSync(f).mtimeMs <= built);
}

async function main() {
  for (const f of [WASM, ...DATA_FILES.map((d) => join(ROOT, 'build', 'data', d))]) {
    if (!existsSync(f)) die(`${relative(ROOT, f)} is missing: run \`npm run setup\` (or build:wasm / build:data) first`);
  }
  if (!VARIANT && !process.argv.includes('--force') && upToDate()) {
    say('dist/extension/ is up to date');
    return;
  }
  const t0 = performance.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const common = {
    bundle: true, target: 'chrome116', charset: 'utf8', legalComments: 'none', logLevel: 'warning', minify: false,
    define: { __HASHIYA_PROGRESSIVE__: String(PROGRESSIVE) },
  };
  await build({ ...common, entryPoints: [join(SRC, 'content.js')], outfile: join(OUT, 'content.js'), format: 'iife' });
  await build({
    ...common, entryPoints: ['background.js', 'options.js', 'panel.js'].map((f) => join(SRC, f)), outdir: OUT, format: 'esm', splitting: false,
  });

  for (const f of STATIC) cpSync(join(SRC, f), join(OUT, f), { recursive: true });
  mkdirSync(join(OUT, 'pkg'));
  cpSync(WASM, join(OUT, 'pkg', 'hashiya_bg.wasm'));
  mkdirSync(join(OUT, 'data'));
  for (const f of DATA_FILES) cpSync(join(ROOT, 'build', 'data', f), join(OUT, 'data', f));
  // The data's licences travel with the data.
  for (const f of LICENCES) cpSync(join(ROOT, f), join(OUT, `${f}.txt`));

  const manifest = JSON.parse(readFileSync(join(SRC, 'manifest.json'), 'utf8'));
  manifest.version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const firefox = firefoxManifest(manifest);
  writeFileSync(join(OUT, 'manifest.firefox.json'), `${JSON.stringify(firefox, null, 2)}\n`);
  if (VARIANT) {
    say(`${relative(ROOT, OUT)}/ (progressive: ${PROGRESSIVE}) in ${Math.round(performance.now() - t0)} ms`);
    return;
  }

  // The zips: the folder's files (the Firefox one with its manifest under the usual name).
  const files = {};
  for (const path of walk(OUT)) files[relative(OUT, path).split(sep).join('/')] = readFileSync(path);
  const level = (name) => (/\.(png|zip)$/.test(name) ? 0 : 6);
  const entries = (over) => Object.fromEntries(Object.entries({ ...files, ...over }).map(([name, bytes]) => [name, [bytes, { level: level(name) }]]));
  const chrome = entries({});
  delete chrome['manifest.firefox.json'];
  writeFileSync(ZIP, zipSync(chrome));
  const gecko = entries({ 'manifest.json': Buffer.from(`${JSON.stringify(firefox, null, 2)}\n`) });
  delete gecko['manifest.firefox.json'];
  writeFileSync(ZIP_FIREFOX, zipSync(gecko));
  const kib = (f) => `${Math.round(statSync(f).size / 1024)} KiB`;
  say(`dist/extension/ + ${relative(ROOT, ZIP)} (${kib(ZIP)}) + ${relative(ROOT, ZIP_FIREFOX)} in ${Math.round(performance.now() - t0)} ms`);
}

/** Firefox (128+): event-page background scripts instead of the service worker, a sidebar in
 * place of Chromium's side panel, and an add-on id. */
function firefoxManifest(m) {
  const f = structuredClone(m);
  f.background = { scripts: ['background.js'], type: 'module' };
  delete f.side_panel;
  delete f.minimum_chrome_version;
  f.permissions = f.permissions.filter((p) => p !== 'sidePanel');
  f.sidebar_action = { default_panel: 'panel.html', default_title: 'Hashiya: key terms', default_icon: f.action.default_icon };
  delete f.commands['open-side-panel'];
  f.commands._execute_sidebar_action = { suggested_key: { default: 'Alt+Shift+K' }, description: "Show the page's key terms in the sidebar" };
  f.browser_specific_settings = { gecko: { id: 'hashiya@hashiya.invalid', strict_min_version: '128.0' } };
  return f;
}

await main();
