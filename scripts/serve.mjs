#!/usr/bin/env node
// A small static server for the reader: www/ at /, the built data files (build/data/) at
// /data/. No dependencies, so `npm start` works right after the build.
//
// Usage: node scripts/serve.mjs        (PORT from the environment, default 8080)
// Tests and benchmarks import `startServer({ port: 0 })` to get a free port.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix → directory it serves. Longest prefix first. */
const MOUNTS = [
  ['/data/', join(root, 'build', 'data')],
  ['/', join(root, 'www')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.ts': 'text/plain; charset=utf-8',
};

// Types worth compressing on the fly; the lexicon and the wasm shrink by more than half.
const COMPRESS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.txt', '.svg', '.wasm', '.bin', '.model']);

/** gzip results by path, kept while the file's mtime and size are unchanged. */
const gzipCache = new Map();

async function gzipped(path, stat) {
  const key = `${stat.mtimeMs}:${stat.size}`;
  const hit = gzipCache.get(path);
  if (hit && hit.key === key) return hit.body;
  const body = gzipSync(await readFile(path), { level: 6 });
  gzipCache.set(path, { key, body });
  return body;
}

/** Maps a URL path to a file path inside one of the mounts, or null when outside them. */
function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length);
    const file = normalize(join(dir, rel));
    // Refuse anything that climbs out of the mount (../ tricks).
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    return file;
  }
  return null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  const { pathname } = new URL(req.url, 'http://localhost');
  let file = resolvePath(pathname);
  if (!file) return send(res, 404, 'not found\n');
  let stat;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) {
      file = join(file, 'index.html');
      stat = statSync(file);
    }
  } catch {
    const hint = pathname.startsWith('/data/')
      ? ' (the data files are built by `npm run build:data`)'
      : pathname.startsWith('/pkg/')
        ? ' (the wasm is built by `npm run build:wasm`)'
        : '';
    return send(res, 404, `not found: ${pathname}${hint}\n`);
  }
  const ext = extname(file);
  // Revalidate every time (cheap 304s): assets change on every rebuild during development,
  // while the browser still keeps the big lexicon and wasm in its cache.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ETag: etag,
    'Last-Modified': stat.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  const wantsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  if (wantsGzip && COMPRESS.has(ext) && stat.size > 1024) {
    const body = await gzipped(file, stat);
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length, Vary: 'Accept-Encoding' });
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  res.writeHead(200, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Starts the server. Resolves to `{ server, port, url }` once it listens.
 * @param {{ port?: number, host?: string }} [options]
 */
export function startServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, `server error: ${e.message}\n`);
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, port: actual, url: `http://localhost:${actual}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number.parseInt(process.env.PORT || '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be a port number, got "${process.env.PORT}"`);
    process.exit(1);
  }
  startServer({ port })
    .then(({ url }) => console.log(`Hashiya reader: ${url}  (Ctrl+C to stop)`))
    .catch((e) => {
      const hint = e.code === 'EADDRINUSE' ? ` — port ${port} is in use; try PORT=8081 npm start` : '';
      console.error(`serve: ${e.message}${hint}`);
      process.exit(1);
    });
}
