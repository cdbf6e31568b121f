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
//   core ready the WebAssembly core and every data layer loaded,
//   annotated  the reader's stats line written (the text annotated and painted),
//   first frame the next animation frame after that: the annotated screen is on display.
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

async function openOnce(context) {
  const page = await context.newPage();
  await page.addInitScript(watchFirstScreen);
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

const rows = { first: [], reopen: [] };
for (let run = 0; run < RUNS; run++) {
  const profile = mkdtempSync(join(tmpdir(), 'hashiya-bench-offline-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 }, offline: true,
  });
  try {
    rows.first.push(await openOnce(context));
    rows.reopen.push(await openOnce(context));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(`run ${run + 1}/${RUNS}: first screen ${rows.first.at(-1).frame.toFixed(0)} ms, reopened ${rows.reopen.at(-1).frame.toFixed(0)} ms\n`);
}

console.log(`\nmedians of ${RUNS} runs, ms from navigation start (sample article, ${rows.first[0].words} words):`);
const columns = [['paint', 'first paint'], ['parsed', 'parsed'], ['unpacked', 'unpacked'], ['core', 'core ready'], ['annotated', 'annotated'], ['frame', 'first frame']];
console.log(`${''.padEnd(11)} ${columns.map(([, h]) => h).join('  ')}`);
for (const [label, list] of [['first open', rows.first], ['reopened', rows.reopen]]) {
  const col = ([k, h]) => median(list.map((r) => r[k])).toFixed(0).padStart(h.length);
  console.log(`${label.padEnd(11)} ${columns.map(col).join('  ')}`);
}
const frames = rows.first.map((r) => r.frame).sort((a, b) => a - b);
console.log(`first open, first frame: min ${frames[0].toFixed(0)}, max ${frames.at(-1).toFixed(0)} ms`);
