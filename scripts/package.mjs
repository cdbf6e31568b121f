#!/usr/bin/env node
// Assembles the npm package in dist/npm/ from pkg-template/ (package.json, README, typings),
// the JS modules in www/, the wasm build in www/pkg/ and the built data files, laid out as
// hashiya.js expects (pkg/ and data/ beside it). `--pack` also runs `npm pack` into dist/.
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
  'page-layer.d.ts': 'pkg-template/page-layer.d.ts',
  'hashiya.js': 'www/hashiya.js',
  'page-layer.js': 'www/page-layer.js',
  'text-map.js': 'www/text-map.js',
  'spans.js': 'www/spans.js',
  'remote-core.js': 'www/remote-core.js',
  'tooltip.js': 'www/tooltip.js',
  'pkg/hashiya.js': 'www/pkg/hashiya.js',
  'pkg/hashiya.d.ts': 'www/pkg/hashiya.d.ts',
  'pkg/hashiya_bg.wasm': 'www/pkg/hashiya_bg.wasm',
  'pkg/hashiya_bg.wasm.d.ts': 'www/pkg/hashiya_bg.wasm.d.ts',
  'data/lexicon.bin': 'build/data/lexicon.bin',
  'data/ner.model': 'build/data/ner.model',
  'data/gazetteer.bin': 'build/data/gazetteer.bin',
  'data/terms.bin': 'build/data/terms.bin',
  'DATA-LICENSES': 'DATA-LICENSES',
};

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
const unlisted = Object.keys(FILES).filter((f) => !manifest.files.includes(f));
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
