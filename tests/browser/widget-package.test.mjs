// The npm package as a project outside this repository gets it: `npm pack`, installed from
// the tarball into a scratch project in a temporary directory (no registry); its Node entry
// prints what the command line prints; esbuild bundles a page using the web entry, and the
// page glosses in Chromium; TypeScript checks a file using the API (and rejects a misuse).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, ROOT } from './harness.mjs';
import { SENTENCE, startWidgetServer, tooltipState, wordCentre } from './widget-harness.mjs';

const BIN = join(ROOT, 'node_modules', '.bin');
let scratch;
let browser;
before(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--pack'], { stdio: 'pipe' });
  const tarball = readdirSync(join(ROOT, 'dist')).find((f) => /^hashiya-.*\.tgz$/.test(f));
  scratch = mkdtempSync(join(tmpdir(), 'hashiya-scratch-'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  execFileSync('npm', ['install', join(ROOT, 'dist', tarball), '--offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: scratch, stdio: 'pipe' });
});
after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the Node entry prints what the command line prints', { timeout: 300_000 }, () => {
  writeFileSync(join(scratch, 'cli.mjs'), "import { annotateJson } from 'hashiya/node';\nprocess.stdout.write(annotateJson(process.argv[2]));\n");
  const fromPackage = execFileSync(process.execPath, ['cli.mjs', SENTENCE], { cwd: scratch, encoding: 'utf8' });
  // The same features as scripts/test.sh's cargo test: its build is reused.
  const cli = spawnSync('cargo', ['run', '--release', '--quiet', '--features', 'build-tools', '--bin', 'hashiya', '--', 'annotate'], { cwd: ROOT, input: SENTENCE, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(fromPackage, cli.stdout.trimEnd());
  const out = JSON.parse(fromPackage);
  assert.ok(out.annotations.some((a) => a.text === 'وزير' && /minister/.test(a.glosses[0])));
  assert.ok(out.annotations.some((a) => a.layer === 'entity' && a.english === 'Marco Minniti'));
  // Bad input: the CLI's message, as an exception.
  const empty = spawnSync(process.execPath, ['-e', "import('hashiya/node').then((m) => m.annotate('  '))"], { cwd: scratch, encoding: 'utf8' });
  assert.notEqual(empty.status, 0);
  assert.match(empty.stderr, /input is empty/);
});

test('esbuild bundles pages using the web and inline entries, and they gloss in Chromium', { timeout: 120_000 }, async () => {
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'main.js'), `import { annotate } from 'hashiya';
const handle = annotate(document.getElementById('a'), { layers: 'words entities' });
handle.ready.then((d) => { window.result = d; }, (e) => { window.result = { error: e.message }; });
document.getElementById('a').addEventListener('hashiya-lookup', (e) => { window.looked = e.detail.details.map((d) => d.layer); });
`);
  execFileSync(join(BIN, 'esbuild'), ['app/main.js', '--bundle', '--format=esm', '--outfile=public/app.js', '--log-level=warning'], { cwd: scratch });
  // The assets beside the bundle, as the package README says.
  const pkg = join(scratch, 'node_modules', 'hashiya');
  for (const f of ['hashiya-worker.js', 'hashiya-core-js.js', 'hashiya_bg.wasm', 'data']) cpSync(join(pkg, f), join(scratch, 'public', f), { recursive: true });
  const server = await startWidgetServer({ dirs: { public: join(scratch, 'public') } });
  server.pages.set('app.html', `<!doctype html><meta charset="utf-8"><article id="a" dir="rtl"><p>${SENTENCE}</p></article><script type="module" src="/public/app.js"></script>`);
  try {
    browser = await openBrowser();
    const page = await browser.newPage();
    await page.goto(`${server.url}pages/app.html`);
    await page.waitForFunction(() => window.result, null, { timeout: 60_000 });
    const result = await page.evaluate(() => window.result);
    assert.equal(result.error, undefined);
    assert.equal(result.engine, 'wasm');
    assert.equal(result.worker, true);
    assert.deepEqual(result.loaded, ['words', 'entities']);
    assert.ok(!server.requests.some((p) => p.endsWith('terms.bin')), 'a layer not asked for is not downloaded');
    const at = await wordCentre(page, '#a', 'وزير');
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => window.looked);
    assert.match((await tooltipState(page)).text, /minister/);
    assert.deepEqual(page.errors, []);

    // The inline entry: the .wasm inside the bundle, data still from data/ beside it.
    writeFileSync(join(app, 'inline.js'), `import { annotate } from 'hashiya/inline';
annotate(document.getElementById('a')).ready.then((d) => { window.result = d; }, (e) => { window.result = { error: e.message }; });
`);
    execFileSync(join(BIN, 'esbuild'), ['app/inline.js', '--bundle', '--format=esm', '--outfile=public/inline.js', '--log-level=warning'], { cwd: scratch });
    server.pages.set('inline.html', `<!doctype html><meta charset="utf-8"><article id="a" dir="rtl"><p>${SENTENCE}</p></article><script type="module" src="/public/inline.js"></script>`);
    const wasmFetches = server.requests.filter((p) => p.endsWith('.wasm')).length;
    const inline = await browser.newPage();
    await inline.goto(`${server.url}pages/inline.html`);
    await inline.waitForFunction(() => window.result, null, { timeout: 60_000 });
    const r = await inline.evaluate(() => window.result);
    assert.equal(r.error, undefined);
    assert.equal(r.engine, 'wasm');
    assert.equal(r.worker, false);
    assert.deepEqual(r.loaded, ['words', 'entities', 'terms']);
    assert.ok(r.words >= 10);
    assert.equal(server.requests.filter((p) => p.endsWith('.wasm')).length, wasmFetches, 'no .wasm fetched');
    assert.deepEqual(inline.errors, []);
  } finally {
    server.close();
  }
});

test('a TypeScript file using the API type-checks, and a misuse does not', { timeout: 120_000 }, () => {
  const ts = join(scratch, 'ts');
  mkdirSync(ts);
  writeFileSync(join(ts, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], noEmit: true, types: [], skipLibCheck: false },
    include: ['*.ts'],
  }));
  writeFileSync(join(ts, 'use.ts'), `import { annotate, configure, type ReadyDetail, type WordDetails } from 'hashiya';
import { annotate as annotateText, Annotator } from 'hashiya/node';
import { annotate as annotateInline } from 'hashiya/inline';

configure({ assets: '/static/hashiya/' });
const handle = annotate(document.body, { layers: 'words terms', glossary: '/terms.tsv', theme: 'dark' });
handle.ready.then((d: ReadyDetail) => console.log(d.engine, d.loaded.join(), d.missing.length));
handle.keyTerms().then((terms) => terms.map((t) => t.english ?? t.text));
const el = document.querySelector('hashiya-annotate');
el?.addEventListener('hashiya-lookup', (e) => {
  const word = e.detail.details.find((d): d is WordDetails => d.layer === 'word');
  console.log(word?.glosses[0], e.detail.start);
});
el?.addEventListener('hashiya-progress', (e) => console.log(e.detail.loaded / e.detail.total));
annotateInline(document.body).detach();
const out = annotateText('قال وزير الداخلية');
const first: number = out.annotations[0].start;
const english: string | undefined = out.key_terms[0]?.english;
new Annotator().annotateJson('نص', { html: false });
console.log(first, english);
`);
  const tsc = join(BIN, 'tsc');
  const ok = spawnSync(tsc, ['-p', ts], { cwd: ts, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  writeFileSync(join(ts, 'misuse.ts'), "import { annotate } from 'hashiya';\nannotate(document.body, { layers: 42 });\n");
  const bad = spawnSync(tsc, ['-p', ts], { cwd: ts, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /misuse\.ts.*WidgetLayer/s);
  assert.ok(existsSync(join(scratch, 'node_modules', 'hashiya', 'node.d.ts')));
});
