#!/usr/bin/env bash
# Peers benchmark (not part of npm test): the core beside pyaramorph, qalsadi and nltk's
# ISRI stemmer (scripts/bench-peers.py), and the page layer beside mark.js
# (scripts/bench-paint.mjs), each measured in the same run on the same text.
# Installs the peers into benchmark-only places the first time:
#   build/bench-venv         python3 -m venv + pip install (pinned, from PyPI)
#   build/bench-peers-js     npm install mark.js@8.11.1 (not in the project's package.json)
# Usage: bash scripts/bench-peers.sh [ROUNDS]     (default 5; needs `npm run setup` first)
# Set SKIP_PY=1 or SKIP_PAINT=1 to run one half.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
CORPUS=../shared/data/articles/newswire-corpus.txt
[ -f "$CORPUS" ] || { echo "bench-peers: $CORPUS not found (the shared data sits beside the repository)" >&2; exit 1; }

if [ ! -x build/bench-venv/bin/python ] || ! build/bench-venv/bin/python -c 'import pyaramorph, qalsadi, nltk' 2>/dev/null; then
  python3 -m venv build/bench-venv
  build/bench-venv/bin/pip install --quiet pyaramorph==0.2 qalsadi==0.5.1 nltk==3.9.1
fi
if [ ! -f build/bench-peers-js/node_modules/mark.js/dist/mark.min.js ]; then
  mkdir -p build/bench-peers-js
  (cd build/bench-peers-js && npm install --no-save --no-package-lock --prefix . mark.js@8.11.1 >/dev/null)
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "${SKIP_PY:-}" ]; then
  cargo build --quiet --release --example layer_times
  TARGET="${CARGO_TARGET_DIR:-target}"
  # The fixed slice every tool reads (qalsadi is too slow for the whole corpus): the first 50 lines.
  mkdir -p build/bench
  head -n 50 "$CORPUS" > build/bench/newswire-first50.txt
  HASHIYA_DATA="${HASHIYA_DATA:-$PWD/build/data}" build/bench-venv/bin/python scripts/bench-peers.py \
    "$TARGET/release/examples/layer_times" build/bench/newswire-first50.txt "$CORPUS" "$ROUNDS"
fi
if [ -z "${SKIP_PAINT:-}" ]; then
  node scripts/bench-paint.mjs --runs "$ROUNDS"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
