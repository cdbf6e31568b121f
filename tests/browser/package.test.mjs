// The npm package (pkg-template/ assembled by scripts/package.mjs): its typings declare every
// export of the modules, and the package works on its own in a browser with its default
// asset URLs (pkg/ and data/ beside hashiya.js).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, ROOT } from './harness.mjs';

const DIST = join(ROOT, 'dist', 'npm');
let browser;
before(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs')], { stdio: 'pipe' });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const exportsOf = (src) => [...src.matchAll(/^export (?:async )?(?:function\*?|class|const|let) (\w+)/gm)].map((m) => m[1]).sort();
const declaredIn = (dts) => [...dts.matchAll(/^export declare (?:function|class|const|let) (\w+)/gm)].map((m) => m[1]).sort();

test('the typings declare every export of the JS modules', () => {
  for (const [js, dts] of [['hashiya.js', 'index.d.ts'], ['page-layer.js', 'page-layer.d.ts']]) {
    const exported = exportsOf(readFileSync(join(DIST, js), 'utf8'));
    assert.ok(exported.length >= 3, `${js} exports ${exported}`);
    assert.deepEqual(declaredIn(readFileSync(join(DIST, dts), 'utf8')), exported, `${dts} vs ${js}`);
  }
  const manifest = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'));
  assert.equal(manifest.version, readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1]);
});

test('the assembled package loads and glosses in the browser with its default URLs', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  // Serve dist/npm/ under /npm/ on the test server's origin.
  await page.route(`${browser.url}npm/**`, (route) => {
    const rel = new URL(route.request().url()).pathname.slice('/npm/'.length);
    const type = rel.endsWith('.wasm') ? 'application/wasm' : rel.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    return route.fulfill({ path: join(DIST, rel), contentType: type });
  });
  await page.route(`${browser.url}npm-test.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><p id="t" dir="rtl">قال وزير الداخلية</p>' }));
  await page.goto(`${browser.url}npm-test.html`);
  const result = await page.evaluate(async () => {
    const { Hashiya, spans } = await import('/npm/hashiya.js');
    const { attach } = await import('/npm/page-layer.js');
    const h = await Hashiya.load();
    const list = [...spans(h.annotate('قال وزير الداخلية'))];
    const minister = list.find((s) => s.start === 4 && s.layerName === 'word');
    const annotated = attach(document.getElementById('t'), h);
    return { glosses: h.details(minister.id).glosses, words: annotated.wordCount, count: list.length, missing: h.missing };
  });
  assert.deepEqual(result.missing, [], 'every layer\'s data ships in the package');
  assert.match(result.glosses[0], /minister/);
  assert.equal(result.words, 3);
  assert.deepEqual(page.errors, []);
  await page.close();
});
