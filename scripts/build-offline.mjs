#!/usr/bin/env node
// Builds the offline reader: one self-contained HTML file, dist/hashiya-offline.html, that
// opens from disk (file://) and needs no network. It is the reader page (www/index.html) with
//   - its scripts (www/reader.js and what it imports, plus offline/: the inlined core's
//     loader, persistence, display settings, study sheet) bundled by esbuild into one inline
//     module script,
//   - its styles (www/reader.css + offline/offline.css) inline,
//   - the wasm core and every data file gzipped and in base64, in inert
//     `<script type="application/x-hashiya-gzip">` blocks that offline/unpack.js unpacks in
//     the browser with DecompressionStream.
// Nothing is copied from www/: a change to the reader is in the next build.
//
// Usage: node scripts/build-offline.mjs [--force]   (npm run build:offline)
// Skips the build when the output is newer than every input, unless --force.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(ROOT, 'dist', 'hashiya-offline.html');

/** Inlined files: the name the page asks for → where the build finds it. */
const INLINED = [
  ['hashiya_bg.wasm', 'www/pkg/hashiya_bg.wasm', 'npm run build:wasm'],
  ['lexicon.bin', 'build/data/lexicon.bin', 'npm run build:data'],
  ['ner.model', 'build/data/ner.model', 'npm run build:data'],
  ['gazetteer.bin', 'build/data/gazetteer.bin', 'npm run build:data'],
  ['terms.bin', 'build/data/terms.bin', 'npm run build:data'],
];

class BuildError extends Error {}

const read = (rel) => readFileSync(join(ROOT, rel), 'utf8');

/** Replaces `pattern` in `html` once; the build fails when the page no longer has it (the
 * reader's page changed shape and this builder must follow). */
function replaceOnce(html, pattern, replacement, what) {
  if (!pattern.test(html)) throw new BuildError(`www/index.html: could not find ${what} (${pattern}); update scripts/build-offline.mjs`);
  return html.replace(pattern, typeof replacement === 'function' ? replacement : () => replacement);
}

/** Every file whose change calls for a new build. */
function inputs() {
  const dirs = ['www', 'offline'];
  const files = [];
  for (const d of dirs) {
    for (const f of readdirSync(join(ROOT, d), { recursive: true })) {
      const p = join(ROOT, d, f);
      if (statSync(p).isFile()) files.push(p);
    }
  }
  files.push(...INLINED.map(([, rel]) => join(ROOT, rel)), fileURLToPath(import.meta.url));
  return files;
}

async function bundleScript() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(ROOT, 'offline', 'entry.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // DecompressionStream needs these (or later) anyway.
    target: ['chrome80', 'firefox113', 'safari16.4', 'edge80'],
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  let js = result.outputFiles[0].text;
  // Inside an inline <script>, "</script" ends it and "<!--" can change how it is parsed.
  js = js.replace(/<\/(script)/gi, '<\\/$1');
  if (/<!--/.test(js)) throw new BuildError('the bundled script contains "<!--", which an inline script cannot hold');
  return js;
}

async function bundleStyles() {
  const { transform } = await import('esbuild');
  const css = `${read('www/reader.css')}\n${read('offline/offline.css')}`;
  const { code } = await transform(css, { loader: 'css', minify: true, target: ['chrome80', 'firefox113', 'safari16.4'] });
  if (/<\/style/i.test(code)) throw new BuildError('the styles contain "</style"');
  return code;
}

/**
 * Builds the file. Returns `{ path, bytes, parts, skipped }` (`parts`: name → packed/raw bytes).
 * @param {{ force?: boolean, output?: string, log?: (line: string) => void }} [options]
 */
export async function buildOffline({ force = false, output = OUTPUT, log = () => {} } = {}) {
  for (const [, rel, how] of INLINED) {
    if (!existsSync(join(ROOT, rel))) throw new BuildError(`${rel} is missing: run \`${how}\` (or \`npm run setup\`) first`);
  }
  if (!force && existsSync(output)) {
    const built = statSync(output).mtimeMs;
    if (inputs().every((f) => statSync(f).mtimeMs <= built)) {
      return { path: output, bytes: statSync(output).size, skipped: true };
    }
  }

  const [js, css] = await Promise.all([bundleScript(), bundleStyles()]);
  const parts = {};
  const blocks = INLINED.map(([name, rel]) => {
    const raw = readFileSync(join(ROOT, rel));
    const packed = gzipSync(raw, { level: 9 });
    parts[name] = { raw: raw.length, packed: packed.length };
    return `<script type="application/x-hashiya-gzip" data-name="${name}" data-size="${raw.length}">${packed.toString('base64')}</script>`;
  });

  let html = read('www/index.html');
  html = replaceOnce(html, /<title>([^<]*)<\/title>/, '<title>Hashiya — Arabic reader (offline)</title>', 'the title');
  html = replaceOnce(html, /\s*<link rel="stylesheet" href="reader\.css">/, `\n<style>${css}</style>`, 'the stylesheet link');
  // The served page starts its downloads early; the offline file has nothing to download.
  html = html.replace(/\s*<!--[^>]*-->\s*(?=<link rel="(?:preload|modulepreload)")/g, '');
  html = html.replace(/\s*<link rel="(?:preload|modulepreload)"[^>]*>/g, '');
  html = replaceOnce(html, /<\/header>/, `</header>\n${read('offline/status.html').trim()}`, 'the header');
  // In the side panel: the study sheet's buttons after the export, the display settings last.
  html = replaceOnce(html, /<details class="glossary">/, (tag) => `${read('offline/study.html').trim()}\n    ${tag}`, 'the glossary section of the panel');
  html = replaceOnce(html, /<\/aside>/, (tag) => `${read('offline/panel.html').trim()}\n  ${tag}`, 'the end of the side panel');
  html = replaceOnce(html, /<footer>/, '<div id="study-sheet" class="study-sheet"></div>\n\n<footer>', 'the footer');
  // Nothing may point outside the file: every src/href is data:, a fragment, or absent
  // (checked before the script goes in: its strings may hold markup).
  const outside = [...html.matchAll(/\s(?:src|href)="(?!data:|#)([^"]*)"/g)].map((m) => m[1]).filter((u) => u !== 'reader.js');
  if (outside.length) throw new BuildError(`the page still refers to files outside it: ${outside.join(', ')}`);
  // The script and the data last, so that no pattern above can match inside them.
  html = replaceOnce(html, /<\/body>/, `${blocks.join('\n')}\n</body>`, 'the end of the body');
  html = replaceOnce(html, /\s*<script type="module" src="reader\.js"><\/script>/, `\n<script type="module">${js}</script>`, 'the reader script');

  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, html);
  const bytes = Buffer.byteLength(html);
  log(`build-offline: ${relative(process.cwd(), output)} ${(bytes / 1048576).toFixed(2)} MiB`);
  log(`  script ${(js.length / 1024).toFixed(0)} KiB, styles ${(css.length / 1024).toFixed(0)} KiB`);
  for (const [name, { raw, packed }] of Object.entries(parts)) {
    log(`  ${name}: ${(raw / 1024).toFixed(0)} KiB → gzip ${(packed / 1024).toFixed(0)} KiB → base64 ${(Math.ceil(packed / 3) * 4 / 1024).toFixed(0)} KiB`);
  }
  return { path: output, bytes, parts, skipped: false };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const r = await buildOffline({ force: process.argv.includes('--force'), log: console.log });
    if (r.skipped) console.log(`build-offline: ${relative(process.cwd(), r.path)} is up to date (${(r.bytes / 1048576).toFixed(2)} MiB)`);
  } catch (e) {
    console.error(`build-offline: ${e instanceof BuildError ? e.message : e.stack}`);
    process.exit(1);
  }
}
