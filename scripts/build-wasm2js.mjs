#!/usr/bin/env node
// Builds the JavaScript build of the core, for pages whose Content-Security-Policy forbids
// compiling WebAssembly (no 'wasm-unsafe-eval'): the same crate compiled for the MVP wasm
// feature set with a rebuilt std (nightly, -Zbuild-std: the shipped std uses features
// wasm2js cannot translate), wasm-bindgen (--target bundler, so the glue takes any object
// as "the wasm"), wasm-opt, then binaryen's wasm2js into an ES module. Output in
// target/wasm2js/pkg/ (index.js exports `Hashiya`); scripts/build-widget.mjs bundles it.
//
// Installs the nightly toolchain and its rust-src component with rustup when missing
// (HASHIYA_NIGHTLY names another toolchain). Skips everything when the output is newer than
// the crate sources. Usage: node scripts/build-wasm2js.mjs [--force]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targetDir = join(root, 'target', 'wasm2js');
const outDir = join(targetDir, 'pkg');
const outputs = ['index.js', 'hashiya_bg.js', 'hashiya_bg.wasm.js'].map((f) => join(outDir, f));
const toolchain = process.env.HASHIYA_NIGHTLY || 'nightly';
const bin = (name) => join(root, 'node_modules', '.bin', name);

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

function run(cmd, args, opts = {}) {
  console.log(`build-wasm2js: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
}

const inputs = [join(root, 'src'), join(root, 'Cargo.toml'), join(root, 'Cargo.lock'), fileURLToPath(import.meta.url)];
const built = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
if (!process.argv.includes('--force') && built > Math.max(...inputs.map(newest))) {
  console.log('build-wasm2js: target/wasm2js/pkg is up to date');
  process.exit(0);
}
for (const tool of ['wasm-opt', 'wasm2js']) {
  if (!existsSync(bin(tool))) {
    console.error(`build-wasm2js: ${tool} from the npm package \`binaryen\` is missing; run \`npm ci\``);
    process.exit(1);
  }
}

try {
  const t0 = Date.now();
  const capture = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (!capture('rustup', ['toolchain', 'list']).split('\n').some((l) => l.startsWith(toolchain))) {
    run('rustup', ['toolchain', 'install', toolchain, '--profile', 'minimal', '--component', 'rust-src']);
  }
  if (!capture('rustup', ['component', 'list', '--toolchain', toolchain, '--installed']).split('\n').some((l) => l.startsWith('rust-src'))) {
    run('rustup', ['component', 'add', 'rust-src', '--toolchain', toolchain]);
  }
  // Its own target dir: these flags would otherwise rebuild the stable wasm build's crates.
  run('cargo', [`+${toolchain}`, 'build', '-Zbuild-std=std,panic_abort', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--target-dir', targetDir], {
    env: { ...process.env, RUSTFLAGS: '-C target-cpu=mvp' },
  });
  const tmp = join(targetDir, 'pkg-tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('wasm-bindgen', [join(targetDir, 'wasm32-unknown-unknown', 'release', 'hashiya.wasm'), '--target', 'bundler', '--out-dir', tmp]);
  const wasm = join(tmp, 'hashiya_bg.wasm');
  run(bin('wasm-opt'), [wasm, '-O3', '-o', wasm]);
  run(bin('wasm2js'), [wasm, '-O3', '-o', join(tmp, 'hashiya_bg.wasm.js')]);
  // wasm2js grows memory by copying into a new ArrayBuffer without detaching the old one,
  // and the glue only renews its cached views when they are detached (byteLength 0): make
  // it compare the buffer instead, or a view taken before a growth writes to the old copy.
  // Growing by copying costs about half the JS core's load time (the data make the heap
  // grow some 80 times to ~60 MB): where resizable ArrayBuffers exist (Chrome 111, Firefox
  // 128, Safari 16.4, Node 20) the memory grows in place instead, and the views created
  // on it follow its length (up to 1 GiB reserved; where that much address space cannot be
  // reserved, or the option is unknown, the copy remains).
  const modulePath = join(tmp, 'hashiya_bg.wasm.js');
  let js = readFileSync(modulePath, 'utf8');
  const initial = js.match(/^ var buffer = new ArrayBuffer\((\d+)\);$/m);
  const grow = '  if ((oldPages < newPages) && (newPages < 65536)) {\n   var newBuffer';
  if (!initial || !js.includes(grow)) throw new Error('wasm2js output changed: its memory set-up is not the one patched here');
  js = js.replace(initial[0], ` var buffer = (function () { try { return new ArrayBuffer(${initial[1]}, { maxByteLength: 1073741824 }); } catch (e) { return new ArrayBuffer(${initial[1]}); } })();`).replace(grow, [
    '  if ((oldPages < newPages) && (newPages < 65536) && buffer.resizable && (newPages << 16) <= buffer.maxByteLength) {',
    '   buffer.resize(newPages << 16);',
    '  } else if ((oldPages < newPages) && (newPages < 65536)) {',
    '   var newBuffer',
  ].join('\n'));
  writeFileSync(modulePath, js);
  const gluePath = join(tmp, 'hashiya_bg.js');
  const glue = readFileSync(gluePath, 'utf8');
  // Chromium's TextEncoder.encodeInto and TextDecoder.decode refuse views of a resizable
  // buffer: strings go through a copy (encode + set, slice + decode) instead.
  const patches = [
    [/(cached\w+Memory0)\.byteLength === 0/g, '$1.buffer !== wasm.memory.buffer'],
    [/decodeText\(getUint8ArrayMemory0\(\)\.subarray\(/g, 'decodeText(getUint8ArrayMemory0().slice('],
    [/if \(!\('encodeInto' in cachedTextEncoder\)\) \{/g, "{ // always: encodeInto refuses wasm2js's resizable memory"],
  ];
  let patched = glue;
  for (const [from, to] of patches) {
    if (!from.test(patched)) throw new Error(`the wasm-bindgen glue changed: ${from} not found in hashiya_bg.js`);
    patched = patched.replace(from, to);
  }
  writeFileSync(gluePath, patched);
  writeFileSync(join(tmp, 'index.js'), [
    '// The core built by wasm2js: the glue takes the translated module as its "wasm".',
    "import * as wasm from './hashiya_bg.wasm.js';",
    "import { __wbg_set_wasm } from './hashiya_bg.js';",
    '',
    '__wbg_set_wasm(wasm);',
    "export { Hashiya } from './hashiya_bg.js';",
    '',
  ].join('\n'));
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  const size = statSync(join(outDir, 'hashiya_bg.wasm.js')).size;
  console.log(`build-wasm2js: target/wasm2js/pkg/hashiya_bg.wasm.js ${(size / 1024).toFixed(0)} KiB in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`build-wasm2js: failed (${e.message.split('\n')[0]})`);
  process.exit(1);
}
