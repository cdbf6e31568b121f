#!/usr/bin/env node
// Builds the WebAssembly core into www/pkg/: cargo (wasm32, the `wasm` profile of
// Cargo.toml: release with the dependencies optimised for size) → wasm-bindgen
// (--target web, matching the pinned crate version) → wasm-opt -Oz from the npm
// `binaryen` package. The lexicon is NOT embedded: the page fetches it as its own
// cacheable asset (/data/lexicon.bin).
//
// Skips everything when www/pkg is newer than the crate sources (re-runs are instant).
// Usage: node scripts/build-wasm.mjs [--force]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'www', 'pkg');
const outputs = [join(outDir, 'hashiya_bg.wasm'), join(outDir, 'hashiya.js')];
const WASM_BINDGEN_VERSION = '0.2.130';
// Features the Rust wasm32 target emits by default; wasm-opt must accept them and may use
// no others (older browsers would reject the module).
const WASM_FEATURES = [
  '--enable-bulk-memory', '--enable-mutable-globals', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-reference-types', '--enable-multivalue',
];

/** Newest mtime of the files under `path` (recursive), 0 when missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

function run(cmd, args, opts = {}) {
  console.log(`build-wasm: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
}

const inputs = [join(root, 'src'), join(root, 'data', 'senses.tsv'), join(root, 'Cargo.toml'), join(root, 'Cargo.lock'), fileURLToPath(import.meta.url)];
const built = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
if (!process.argv.includes('--force') && built > Math.max(...inputs.map(newest))) {
  console.log('build-wasm: www/pkg is up to date');
  process.exit(0);
}

try {
  const v = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
  if (!v.endsWith(WASM_BINDGEN_VERSION)) throw new Error(`found ${v}`);
} catch (e) {
  console.error(`build-wasm: wasm-bindgen ${WASM_BINDGEN_VERSION} is needed (${e.code === 'ENOENT' ? 'not installed' : e.message}); run \`npm run setup\` or \`cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION}\``);
  process.exit(1);
}
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
if (!existsSync(wasmOpt)) {
  console.error('build-wasm: wasm-opt from the npm package `binaryen` is missing; run `npm ci`');
  process.exit(1);
}

try {
  // panic-hook: a panic shows its message in the browser console instead of "unreachable".
  run('cargo', ['build', '--lib', '--profile', 'wasm', '--target', 'wasm32-unknown-unknown', '--features', 'panic-hook']);
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  const raw = join(target, 'wasm32-unknown-unknown', 'wasm', 'hashiya.wasm');
  // Build into a temp dir and swap it in whole, so a failed step never leaves a mixed pkg.
  const tmp = join(root, 'target', 'www-pkg-tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('wasm-bindgen', [raw, '--target', 'web', '--out-dir', tmp]);
  const wasm = join(tmp, 'hashiya_bg.wasm');
  run(wasmOpt, [wasm, '-Oz', ...WASM_FEATURES, '-o', wasm]);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  console.log(`build-wasm: www/pkg/hashiya_bg.wasm ${(statSync(join(outDir, 'hashiya_bg.wasm')).size / 1024).toFixed(0)} KiB`);
} catch (e) {
  console.error(`build-wasm: failed (${e.message.split('\n')[0]})`);
  process.exit(1);
}
