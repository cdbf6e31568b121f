#!/usr/bin/env bash
# Installs cargo-fuzz (pinned) from crates.io for scripts/fuzz.sh, unless that version is
# already on PATH. Needs the nightly toolchain (libFuzzer builds use -Zsanitizer). Exit status
# non-zero when it cannot be installed; scripts/fuzz.sh then skips with a message.
set -euo pipefail
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
CARGO_FUZZ_VERSION=0.13.2
if cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  exit 0
fi
echo "installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io"
cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
