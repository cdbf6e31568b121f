// Shared set-up for the extension's browser tests and its benchmark: Debian's Chromium with
// the unpacked extension (dist/extension/, built by `npm run build:extension`) loaded in a
// persistent profile, a local HTTP server for the fixture pages (tests/fixtures/pages/, or
// pages given in code with their own headers, e.g. a strict Content-Security-Policy), and
// helpers that drive the extension the way its toolbar button does (a click cannot be made
// headless, so the worker's own toggle function is called for the page's tab).
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT } from './harness.mjs';

export const EXTENSION = join(ROOT, 'dist', 'extension');
const EXTENSION_DIR = EXTENSION; // the default of launchWithExtension's `EXTENSION` (another build's folder)
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'pages');

/** A local server: fixture files at /pages/NAME.html, and routes added with `route`. */
export async function startPageServer() {
  const routes = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const custom = routes.get(path);
    if (custom) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...custom.headers });
      res.end(custom.body);
      return;
    }
    const m = /^\/pages\/([\w-]+\.html)$/.exec(path);
    const file = m && join(FIXTURES, m[1]);
    if (file && existsSync(file)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    /** Serves `body` at `path` with extra response headers. Returns the URL. */
    route(path, body, headers = {}) {
      routes.set(path, { body, headers });
      return `${base}${path}`;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Launches Chromium with the extension in `profile` (a fresh temporary one by default). */
export async function launchWithExtension(profile = mkdtempSync(join(tmpdir(), 'hashiya-ext-')), EXTENSION = EXTENSION_DIR) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`npm run setup\``);
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`${EXTENSION} is missing: run \`npm run build:extension\``);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`, '--disable-background-networking', '--disable-component-update', '--no-first-run',
    ],
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1100, height: 800 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  // The live worker: a stopped one closes, and the browser starts a new one on demand.
  let current = worker;
  const track = (w) => {
    current = w;
    w.on('close', () => {
      if (current === w) current = null;
    });
  };
  track(worker);
  context.on('serviceworker', (w) => {
    if (w.url().startsWith(`chrome-extension://${extensionId}/`)) track(w);
  });
  const ext = {
    context,
    profile,
    extensionId,
    /** The extension's current worker (the browser may have stopped it; then a request
     * from an extension page starts it again). */
    async worker() {
      // (After a stop Playwright keeps the worker's handle, which reaches the restarted worker.)
      current ??= context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? null;
      if (current) return current;
      const waiting = context.waitForEvent('serviceworker', { timeout: 20_000 });
      const wake = await context.newPage();
      await wake.goto(`chrome-extension://${extensionId}/ui.css`).catch(() => {});
      await wake.evaluate(() => chrome.runtime.sendMessage({ wake: true }).catch(() => {})).catch(() => {});
      const w = current ?? (await waiting);
      await wake.close();
      return w;
    },
    /** A new tab; `page.errors` collects the page's uncaught errors. */
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e));
      return page;
    },
    /** The tab id of `page`: the tab whose top frame's content script reports the page's URL
     * (the extension has no "tabs" permission, so the worker cannot read tab URLs itself). */
    async tabId(page) {
      const w = await ext.worker();
      const url = page.url();
      const id = await w.evaluate(async (u) => {
        for (const t of await chrome.tabs.query({})) {
          const s = await chrome.tabs.sendMessage(t.id, { hashiyaControl: 'state' }, { frameId: 0 }).catch(() => null);
          if (s?.url === u) return t.id;
        }
        return null;
      }, url);
      if (id === null) throw new Error(`no tab found for ${url}`);
      return id;
    },
    /** What the toolbar button does: toggles Hashiya in the page's tab (on: true/false forces). */
    async toggle(page, on) {
      const id = await ext.tabId(page);
      const w = await ext.worker();
      return w.evaluate(([tabId, state]) => globalThis.toggleTab(tabId, state ?? undefined), [id, on ?? null]);
    },
    /** The content script's state in the page's frame `frameId` (0: the top frame). */
    async state(page, frameId = 0) {
      const id = await ext.tabId(page);
      const w = await ext.worker();
      return w.evaluate(([tabId, f]) => chrome.tabs.sendMessage(tabId, { hashiyaControl: 'state' }, { frameId: f }), [id, frameId]);
    },
    /** Waits until the top frame's annotation is painted whole (state.paintedAt set after `since`),
     * with every layer of the worker's core in it (its load is progressive: words first;
     * `complete: false` takes the first paint, whatever its layers). */
    async painted(page, { frameId = 0, since = 0, timeout = 20_000, complete = true } = {}) {
      const end = Date.now() + timeout;
      for (;;) {
        const s = await ext.state(page, frameId);
        if (s?.on && s.paintedAt > since && s.words > 0 && (s.complete || !complete)) return s;
        if (Date.now() > end) throw new Error(`not painted in ${timeout} ms: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** Stops the extension's worker as the browser does when it is idle, so that the next
     * request starts it cold (closing its DevTools target stops a service worker; CDP's
     * ServiceWorker.stopAllWorkers leaves extension workers running). */
    async stopWorker() {
      const cdp = await context.browser().newBrowserCDPSession();
      const isOurs = (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`);
      const { targetInfos } = await cdp.send('Target.getTargets');
      for (const t of targetInfos.filter(isOurs)) await cdp.send('Target.closeTarget', { targetId: t.targetId });
      for (let i = 0; i < 100; i++) {
        if (!(await cdp.send('Target.getTargets')).targetInfos.some(isOurs)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await cdp.detach();
    },
    /** Stops the worker and starts it again with a message that loads nothing: resolves to
     * the fresh worker, its core not loaded yet (Playwright's old handle reaches it). */
    async restartWorker() {
      await ext.stopWorker();
      const wake = await ext.openExtensionPage('ui.css');
      await wake.evaluate(() => chrome.runtime.sendMessage({ wake: true }).catch(() => {})).catch(() => {});
      await wake.close();
      for (let k = 0; k < 100; k++) {
        const w = await ext.worker();
        if (await w.evaluate(() => globalThis.hashiyaStats?.loads === 0).catch(() => false)) return w;
        current = null;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the extension worker did not start again');
    },
    /** Opens an extension page (options.html, panel.html?tab=…). */
    async openExtensionPage(path) {
      const page = await ext.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
  return ext;
}

/** Number of ranges painted in the page's highlight `name` (the registry is the document's,
 * shared by the page and the content script's isolated world). */
export function highlightCount(page, name = 'hashiya-word') {
  return page.evaluate((n) => CSS.highlights.get(n)?.size ?? 0, name);
}

/** Centre (viewport) of the first occurrence of `word` in the text under `selector`. */
export function wordCentre(page, word, selector = 'body') {
  return page.evaluate(([w, sel]) => {
    const root = document.querySelector(sel);
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const text = nodes.map((n) => n.data).join('');
    const at = text.indexOf(w);
    if (at < 0) return null;
    const locate = (offset) => {
      for (const n of nodes) {
        if (offset <= n.length) return [n, offset];
        offset -= n.length;
      }
      return null;
    };
    const r = new Range();
    r.setStart(...locate(at));
    r.setEnd(...locate(at + w.length));
    r.startContainer.parentElement.scrollIntoView({ block: 'center' });
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, [word, selector]);
}

/** The visible tooltip's card (inside the tooltip host's open shadow root). */
export const visibleTooltip = (page) => page.locator('hashiya-tooltip .card:not([hidden])');
