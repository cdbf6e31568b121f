#!/usr/bin/env node
// Benchmark of the offline reader (dist/hashiya-offline.html): its size, and the time from
// opening the file (navigation start) to the first annotated screen, in Debian's headless
// Chromium from file://, medians of several runs. Not a test: it prints figures.
//
// Usage: node scripts/bench-offline.mjs [--runs N]     (npm run bench:offline; default 9 runs)
//
// Each run starts Chromium with a new profile and opens the file twice: the first opening
// (nothing kept: the sample article) and a reopening in the same profile (the kept article
// and settings come back). Times are read in the page (performance.now(), whose origin is the
// navigation's start), so browser start-up and the driver's overhead are left out:
//   first paint the page's first contentful paint (the progress bar is on screen),
//   parsed     the HTML parsed (most of it is the inlined data),
//   unpacked   the inlined core and data decoded and unpacked (offline/unpack.js),
//   core ready the WebAssembly core loaded, with the words layer (progressive) or every layer,
//   annotated  the reader's stats line written (the text annotated and painted): the first
//              gloss,
//   first frame the next animation frame after that: the annotated screen is on display,
//   all layers the reader's annotation with every layer painted (names and terms too).
// Two loads take turns, each in its own profile: progressive (the file as built: the lexicon
// and the core unpacked and loaded first, the other layers after) and eager (every file
// unpacked and every layer loaded before the first annotation, as before issue 17's
// progressive load; the page's `hashiyaEagerLoad` switch, set by an init script).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildOffline, OUTPUT } from './build-offline.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('bench-offline: --runs takes a whole number of runs, at least 1');
  process.exit(1);
}

/** Installed before the page's script: notes when the stats line is first written and the
 * frame after it. */
function watchFirstScreen() {
  window.benchAllLayers = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.getElementById('reader')?.dataset.layersLoaded !== 'all') return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-layers-loaded'] });
  });
  window.benchFirstScreen = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const stats = document.getElementById('stats');
      if (!stats?.textContent) return;
      observer.disconnect();
      const annotated = performance.now();
      requestAnimationFrame(() => resolve({ annotated, frame: performance.now() }));
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}

async function openOnce(context, eager) {
  const page = await context.newPage();
  await page.addInitScript(watchFirstScreen);
  if (eager) await page.addInitScript(() => (globalThis.hashiyaEagerLoad = true));
  await page.goto(pathToFileURL(OUTPUT).href);
  const result = await page.evaluate(async () => {
    const { annotated, frame } = await window.benchFirstScreen;
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      parsed: nav.domInteractive,
      unpacked: mark('hashiya:unpacked'),
      core: mark('hashiya:core-ready'),
      annotated,
      frame,
      all: await window.benchAllLayers,
      words: Number(document.getElementById('stats').textContent.match(/^([\d,]+) words/)?.[1].replace(/,/g, '')),
    };
  });
  await page.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const { bytes, parts } = await buildOffline({ force: true });
console.log(`dist/hashiya-offline.html: ${bytes.toLocaleString('en-US')} bytes (${(bytes / 1048576).toFixed(2)} MiB)`);
for (const [name, { raw, packed }] of Object.entries(parts)) {
  console.log(`  ${name.padEnd(16)} ${(raw / 1024).toFixed(0).padStart(5)} KiB raw, ${(packed / 1024).toFixed(0).padStart(5)} KiB gzip -9, ${(Math.ceil(packed / 3) * 4 / 1024).toFixed(0).padStart(5)} KiB base64`);
}

const rows = { progressive: { first: [], reopen: [] }, eager: { first: [], reopen: [] } };
for (let run = 0; run < RUNS; run++) {
  for (const mode of run % 2 ? ['eager', 'progressive'] : ['progressive', 'eager']) {
    const profile = mkdtempSync(join(tmpdir(), 'hashiya-bench-offline-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 }, offline: true,
    });
    try {
      rows[mode].first.push(await openOnce(context, mode === 'eager'));
      rows[mode].reopen.push(await openOnce(context, mode === 'eager'));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const p = rows.progressive;
  const e = rows.eager;
  process.stdout.write(`run ${run + 1}/${RUNS}: first screen ${p.first.at(-1).frame.toFixed(0)} ms (eager ${e.first.at(-1).frame.toFixed(0)}), reopened ${p.reopen.at(-1).frame.toFixed(0)} ms (eager ${e.reopen.at(-1).frame.toFixed(0)})\n`);
}

console.log(`\nmedians of ${RUNS} runs, ms from navigation start (sample article, ${rows.progressive.first[0].words} words):`);
const columns = [['paint', 'first paint'], ['parsed', 'parsed'], ['unpacked', 'unpacked'], ['core', 'core ready'], ['annotated', 'annotated'], ['frame', 'first frame'], ['all', 'all layers']];
console.log(`${''.padEnd(23)} ${columns.map(([, h]) => h).join('  ')}`);
for (const mode of ['progressive', 'eager']) {
  for (const [label, list] of [['first open', rows[mode].first], ['reopened', rows[mode].reopen]]) {
    const col = ([k, h]) => median(list.map((r) => r[k])).toFixed(0).padStart(h.length);
    console.log(`${`${label}, ${mode}`.padEnd(23)} ${columns.map(col).join('  ')}`);
  }
}
const frames = rows.progressive.first.map((r) => r.frame).sort((a, b) => a - b);
console.log(`first open (progressive), first frame: min ${frames[0].toFixed(0)}, max ${frames.at(-1).toFixed(0)} ms`);
