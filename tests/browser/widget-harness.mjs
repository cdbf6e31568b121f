// Shared by the widget tests and `npm run bench:widget`: a server for dist/widget/ and test
// pages that can send a Content-Security-Policy on every response and counts requests, and
// the article the tests annotate.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './harness.mjs';

export const WIDGET = join(ROOT, 'dist', 'widget');

/** Builds dist/widget/ (a few seconds) unless `HASHIYA_WIDGET_BUILT` says it is fresh. */
export function buildWidget() {
  if (process.env.HASHIYA_WIDGET_BUILT && existsSync(join(WIDGET, 'hashiya-widget.js'))) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-widget.mjs')], { stdio: 'pipe' });
}

/** A sentence with words, a person (ماركو مينيتي), a term and a place (الشرق الأوسط). */
export const SENTENCE = 'قال وزير الداخلية الإيطالي ماركو مينيتي إن مكافحة الإرهاب في الشرق الأوسط أولوية.';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.tsv': 'text/tab-separated-values; charset=utf-8', '.css': 'text/css' };

/**
 * Starts the server: `/widget/…` is dist/widget/ (`dirs` maps other first path segments to
 * other directories), `/pages/NAME` a page given to `pages`
 * (a map the caller fills), and the same under `/csp/…` with
 * `Content-Security-Policy: script-src 'self'` on every response (no 'wasm-unsafe-eval').
 * Nothing is cacheable by HTTP (`no-store`), so a second load that finds the data came from
 * Cache Storage. `requests` lists every path asked for.
 */
export async function startWidgetServer({ dirs = { widget: WIDGET } } = {}) {
  const pages = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    let path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const headers = { 'Cache-Control': 'no-store' };
    if (path.startsWith('/csp/')) {
      headers['Content-Security-Policy'] = "script-src 'self'";
      path = path.slice(4);
    }
    let body = null;
    if (path.startsWith('/pages/')) body = pages.get(path.slice(7)) ?? null;
    else {
      const [, name, rel] = path.match(/^\/([^/]+)\/(.+)$/) ?? [];
      const dir = dirs[name];
      const file = dir && normalize(join(dir, decodeURIComponent(rel)));
      if (file && file.startsWith(dir + sep) && existsSync(file)) body = readFileSync(file);
    }
    if (body === null) {
      res.writeHead(404, headers);
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, pages, requests, close: () => server.close() };
}

/** Viewport centre of the first occurrence of `word` under `selector` (for mouse.move). */
export function wordCentre(page, selector, word) {
  return page.evaluate(([sel, w]) => {
    const root = document.querySelector(sel);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(w);
      if (at < 0) continue;
      const r = new Range();
      r.setStart(n, at);
      r.setEnd(n, at + w.length);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    throw new Error(`${w} not found under ${sel}`);
  }, [selector, word]);
}

/** The open tooltip's text and styles (null when none is shown). */
export function tooltipState(page) {
  return page.evaluate(() => {
    const card = [...document.querySelectorAll('hashiya-tooltip')].map((h) => h.shadowRoot?.querySelector('.card')).find((c) => c && !c.hidden);
    if (!card) return null;
    const cs = getComputedStyle(card);
    const lemma = card.querySelector('.lemma');
    return { text: card.textContent, bg: cs.backgroundColor, color: cs.color, lemmaColor: lemma ? getComputedStyle(lemma).color : null };
  });
}
