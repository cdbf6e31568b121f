#!/usr/bin/env node
// Takes the README's pictures of the widget and the offline file (docs/widget.png,
// docs/offline.png) in Debian's headless Chromium, from what `npm run build:widget` and
// `npm run build:offline` made. Each shows a tooltip open on a word, as a reader sees it.
//   node scripts/screenshots.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBrowser, ROOT } from '../tests/browser/harness.mjs';
import { startWidgetServer } from '../tests/browser/widget-harness.mjs';

/** The reader's sample article (written for the project), first three paragraphs. */
const sample = readFileSync(join(ROOT, 'www', 'index.html'), 'utf8').match(/<textarea id="input"[^>]*>([^<]*)<\/textarea>/)[1];
const paragraphs = sample.split('\n').filter((l) => l.trim());

/** Moves the mouse over the middle of the first occurrence of `word` under `root` (a
 * selector), and waits for a tooltip to show. */
async function hover(page, word, root = 'body') {
  const at = await page.evaluate(([w, sel]) => {
    const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(w);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + w.length);
      const box = r.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    return null;
  }, [word, root]);
  if (!at) throw new Error(`screenshots: "${word}" is not on the page`);
  await page.mouse.move(at.x, at.y);
  await page.waitForTimeout(800);
}

const browser = await openBrowser();
const server = await startWidgetServer();
try {
  // The widget on a research site's article page, dark tooltip theme.
  server.pages.set('article.html', `<!doctype html><meta charset="utf-8"><title>An article</title>
<style>body{font:16px/1.6 Georgia,serif;margin:0;background:#f6f4ef;color:#222}header{background:#243b55;color:#fff;padding:14px 32px;font:600 18px system-ui,sans-serif}
article{max-width:760px;margin:24px auto;background:#fff;padding:8px 32px 24px;border:1px solid #ddd}h1{font-size:26px}p{font-size:21px;line-height:2.1}
hashiya-annotate{--hashiya-tooltip-bg:#1f2430;--hashiya-tooltip-fg:#f1f1f1;--hashiya-tooltip-muted:#b8c0cc;--hashiya-tooltip-border:#3a4254}</style>
<header>Energy Research Review · Arabic press digest</header>
<script type="module" src="/widget/hashiya-widget.js"></script>
<hashiya-annotate layers="words entities terms"><article dir="rtl" lang="ar">
<h1>${paragraphs[0]}</h1>${paragraphs.slice(1, 3).map((p) => `<p>${p}</p>`).join('')}</article></hashiya-annotate>`);
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(`${server.url}pages/article.html`);
  await page.waitForFunction(() => document.querySelector('hashiya-annotate')?.ready, null, { timeout: 60_000 });
  await page.evaluate(() => document.querySelector('hashiya-annotate').ready);
  await page.waitForTimeout(500);
  await hover(page, 'الشمسية');
  await page.screenshot({ path: join(ROOT, 'docs', 'widget.png') });
  await page.close();

  // The offline file from file://, network off: the sample article annotated, a tooltip.
  const offline = await browser.newPage();
  await offline.setViewportSize({ width: 1100, height: 760 });
  await browser.context.setOffline(true);
  await offline.goto(pathToFileURL(join(ROOT, 'dist', 'hashiya-offline.html')).href);
  await offline.waitForFunction(() => document.getElementById('stats')?.textContent, null, { timeout: 60_000 });
  await hover(offline, 'محطة', '#reader');
  await offline.screenshot({ path: join(ROOT, 'docs', 'offline.png') });
  await browser.context.setOffline(false);
  console.log('screenshots: docs/widget.png, docs/offline.png');
} finally {
  server.close();
  await browser.close();
}
