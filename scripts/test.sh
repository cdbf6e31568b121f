#!/usr/bin/env bash
# Runs every test after `scripts/setup.sh --test` (npm test does both):
#   1. native Rust unit and integration tests,
#   2. the wasm boundary tests in headless Chromium (wasm-bindgen-test-runner, see .cargo/config.toml),
#   3. the browser tests of the reader page, page layer and npm package (node's test runner +
#      playwright-core).
# Every stage runs even when an earlier one fails, so one run shows all failures; the exit
# status is non-zero when any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

failed=()

echo "== cargo test --release --features build-tools"
cargo test --release --features build-tools --no-fail-fast || failed+=("cargo test")

echo "== wasm boundary tests (wasm32, headless Chromium)"
# Same features and profile as scripts/build-wasm.mjs, so the library build is reused.
CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
  --features panic-hook --test wasm_boundary || failed+=("wasm boundary tests")

echo "== fuzzing (10 s per target; scripts/fuzz.sh)"
# Skips with a message (status 2) when nightly or cargo-fuzz cannot be had; fails on a crash.
bash scripts/fuzz.sh 10; status=$?
[ $status -eq 0 ] || [ $status -eq 2 ] || failed+=("fuzzing")

echo "== browser tests"
node --test --test-concurrency=1 tests/browser/ || failed+=("browser tests")

if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "all test stages passed"
