#!/usr/bin/env node
// What entity recognition adds to `annotate` in the browser, for two builds in one page:
// a baseline pkg (a copy of www/pkg from before a change) and the working tree's www/pkg,
// runs taking turns, so a slow spell of a shared machine falls on both alike. On a noisy
// machine this agrees with itself where two runs of `npm run bench:browser` do not.
//
// Usage: node scripts/ab-browser.mjs BASE_PKG_DIR [RUNS] [FILE]
//   BASE_PKG_DIR  a copy of www/pkg built before the change (cp -r www/pkg /tmp/base-pkg)
//   RUNS          runs per configuration (default 11)
//   FILE          a file under ../shared/data/articles (default newswire-corpus.txt)
// Prints, for each build, the median time of annotate without entities and with all
// layers, and the median of the runs' differences.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, ROOT, SHARED } from '../tests/browser/harness.mjs';

const [basePkg, runsArg, file = 'newswire-corpus.txt'] = process.argv.slice(2);
if (!basePkg || !existsSync(join(basePkg, 'hashiya_bg.wasm'))) {
  console.error('usage: node scripts/ab-browser.mjs BASE_PKG_DIR [RUNS] [FILE] (BASE_PKG_DIR holds a hashiya_bg.wasm)');
  process.exit(2);
}
const textPath = join(SHARED, 'data', 'articles', file);
if (!existsSync(textPath)) {
  console.error(`ab-browser: ${textPath} is missing`);
  process.exit(2);
}
const RUNS = Number(runsArg || 11);
// the baseline is served beside the working tree's build, under names .gitignore lists
const baseDir = join(ROOT, 'www', 'pkg-base');
const baseJs = join(ROOT, 'www', 'hashiya-base.js');
rmSync(baseDir, { recursive: true, force: true });
cpSync(basePkg, baseDir, { recursive: true });
writeFileSync(baseJs, readFileSync(join(ROOT, 'www', 'hashiya.js'), 'utf8').replaceAll('./pkg/', './pkg-base/'));
const text = readFileSync(textPath, 'utf8');
const PAGE = `<!doctype html><meta charset="utf-8"><body><script type="module">
  import { Hashiya } from '/hashiya.js'; import { Hashiya as Base } from '/hashiya-base.js';
  window.H = Hashiya; window.B = Base; window.ready = true;</script>`;
const b = await openBrowser();
try {
  const page = await b.newPage();
  const url = `${b.url}ab.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true);
  const t = await page.evaluate(async ([text, runs]) => {
    const c = {
      baseTerms: await window.B.load({ layers: ['terms'] }), baseAll: await window.B.load(),
      newTerms: await window.H.load({ layers: ['terms'] }), newAll: await window.H.load(),
    };
    const names = Object.keys(c);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (const n of names) c[n].annotate(text);
    for (let i = 0; i < runs; i++) {
      for (const n of names) {
        const t0 = performance.now();
        c[n].annotate(text);
        times[n].push(performance.now() - t0);
      }
    }
    return times;
  }, [text, RUNS]);
  const med = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  console.log(`${file}, ${RUNS} runs, medians`);
  for (const k of ['base', 'new']) {
    const terms = t[`${k}Terms`]; const all = t[`${k}All`];
    const add = med(all.map((a, i) => a - terms[i]));
    console.log(`${k.padEnd(4)}: no entities ${med(terms).toFixed(1)} ms, all layers ${med(all).toFixed(1)} ms, entities add ${add.toFixed(1)} ms = ${(100 * add / med(terms)).toFixed(0)} %`);
  }
} finally {
  await b.close();
  rmSync(baseDir, { recursive: true, force: true });
  rmSync(baseJs, { force: true });
}
