#!/usr/bin/env node
// Assembles the npm package in dist/npm/ from pkg-template/ (package.json with its exports
// map, README, typings) and the widget build in dist/widget/ (scripts/build-widget.mjs,
// run first): the web entry and its worker, the JS core for strict CSP, the inline and
// Node entries, the .wasm and the data files. `--pack` also runs `npm pack` into dist/.
//
// Usage: node scripts/package.mjs [--pack]     (after `npm run setup`)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'npm');

/** package path → source path (relative to the repository). */
const FILES = {
  'README.md': 'pkg-template/README.md',
  'index.d.ts': 'pkg-template/index.d.ts',
  'inline.d.ts': 'pkg-template/inline.d.ts',
  'node.d.ts': 'pkg-template/node.d.ts',
  'hashiya-widget.js': 'dist/widget/hashiya-widget.js',
  'hashiya-worker.js': 'dist/widget/hashiya-worker.js',
  'hashiya-core-js.js': 'dist/widget/hashiya-core-js.js',
  'hashiya-inline.js': 'dist/widget/hashiya-inline.js',
  'hashiya-node.js': 'dist/widget/hashiya-node.js',
  'hashiya_bg.wasm': 'dist/widget/hashiya_bg.wasm',
  'data/lexicon.bin': 'dist/widget/data/lexicon.bin',
  'data/ner.model': 'dist/widget/data/ner.model',
  'data/gazetteer.bin': 'dist/widget/data/gazetteer.bin',
  'data/terms.bin': 'dist/widget/data/terms.bin',
  'DATA-LICENSES': 'DATA-LICENSES',
};

execFileSync(process.execPath, [join(root, 'scripts', 'build-widget.mjs')], { stdio: 'inherit' });
const missing = Object.values(FILES).filter((src) => !existsSync(join(root, src)));
if (missing.length) {
  console.error(`package: missing ${missing.join(', ')}; run \`npm run setup\` first`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
for (const [dest, src] of Object.entries(FILES)) {
  mkdirSync(dirname(join(out, dest)), { recursive: true });
  copyFileSync(join(root, src), join(out, dest));
}

// The package's version is the crate's, so the two never drift apart.
const manifest = JSON.parse(readFileSync(join(root, 'pkg-template', 'package.json'), 'utf8'));
manifest.version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const unlisted = Object.keys(FILES).filter((f) => !manifest.files.includes(f) && f !== 'README.md');
const absent = manifest.files.filter((f) => !(f in FILES));
if (unlisted.length || absent.length) {
  console.error(`package: pkg-template/package.json "files" and scripts/package.mjs disagree: not listed ${unlisted.join(', ') || '-'}; not built ${absent.join(', ') || '-'}`);
  process.exit(1);
}
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package: ${out} (hashiya ${manifest.version})`);

if (process.argv.includes('--pack')) {
  execFileSync('npm', ['pack', '--pack-destination', join(root, 'dist')], { cwd: out, stdio: 'inherit' });
}
