#!/usr/bin/env bash
# Runs every test after `scripts/setup.sh --test` (npm test does both):
#   1. native Rust unit and integration tests,
#   2. the wasm boundary tests in headless Chromium (wasm-bindgen-test-runner, see .cargo/config.toml),
#   3. the browser tests of the reader page (node's test runner + playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo test --release"
cargo test --release

echo "== wasm boundary tests (wasm32, headless Chromium)"
# Same features and profile as scripts/build-wasm.mjs, so the library build is reused.
CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
  --features panic-hook --test wasm_boundary

echo "== browser tests"
node --test --test-concurrency=1 tests/browser/
