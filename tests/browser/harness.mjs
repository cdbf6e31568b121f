// Shared set-up for the browser tests and the browser benchmark: Debian's Chromium driven by
// playwright-core (never a downloaded browser), a fresh temporary profile, and the project's
// static server on a free port.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = join(ROOT, '..', 'shared');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

/** Starts the server and Chromium. Returns `{ url, context, newPage, close }`. */
export async function openBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`npm run setup\` (installs Debian's chromium)`);
  for (const asset of ['www/pkg/hashiya_bg.wasm', 'build/data/lexicon.bin']) {
    if (!existsSync(join(ROOT, asset))) throw new Error(`${asset} is missing: run \`npm run setup\` first`);
  }
  const { server, port } = await startServer({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'hashiya-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1100, height: 900 },
    });
  } catch (e) {
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    context,
    /** A new tab; `page.errors` collects what the page throws uncaught (tests fail on any). */
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e));
      return page;
    },
    async close() {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Reads a file from ../shared/. When it is absent the test is skipped with a message, except
 * under CI=true, where missing shared data is a failure.
 * @returns {string|null} the path, or null after marking the test skipped
 */
export function sharedFile(t, rel) {
  const path = join(SHARED, rel);
  if (existsSync(path)) return path;
  const msg = `${path} is absent (the shared data sits beside the repository)`;
  if (process.env.CI === 'true') throw new Error(`${msg}; CI needs it`);
  t.skip(msg);
  return null;
}

/**
 * Page-side script (to put inside a page's module script, after `RemoteCore` is imported) that
 * defines `workerCoreSend()`: it starts the core in a module Web Worker, as the widget and the
 * extension's worker run it (a `CoreHost` there), and returns the `send(request)` a
 * `RemoteCore` takes. Shared by the hostile-pages test and the huge-node benchmark.
 */
export const WORKER_CORE_SCRIPT = `
function workerCoreSend() {
  const code = \`import { Hashiya } from '\${location.origin}/hashiya.js';
    import { CoreHost } from '\${location.origin}/remote-core.js';
    const host = new CoreHost(() => Hashiya.load());
    onmessage = async ({ data }) => postMessage({ id: data.id, reply: await host.handle(data.request) });\`;
  const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
  const pending = new Map();
  let ids = 0;
  worker.onmessage = ({ data }) => pending.get(data.id)?.(data.reply);
  return (request) => new Promise((res) => { pending.set(++ids, res); worker.postMessage({ id: ids, request }); });
}
`;
