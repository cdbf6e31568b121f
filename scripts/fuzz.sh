#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for a bounded time each and prints the
# executions each made. Usage: scripts/fuzz.sh [seconds-per-target] [target...]
#   npm run fuzz                 # 60 s per target
#   scripts/fuzz.sh 10           # what scripts/test.sh runs in CI
#   scripts/fuzz.sh 600 annotate # one target, longer
#   FUZZ_RUNS=10000000 FUZZ_SANITIZER=none scripts/fuzz.sh 0 annotate
#                                # a number of executions instead of a time (the README's
#                                # long runs); FUZZ_SANITIZER=none builds without
#                                # AddressSanitizer (safe Rust: the targets look for panics,
#                                # broken contracts, hangs and memory blow-ups), several times faster;
#                                # FUZZ_MAX_LEN: longest input in bytes (default 16384)
# Needs the nightly toolchain and cargo-fuzz (installed by scripts/install-cargo-fuzz.sh,
# pinned). Exit status 2 with a SKIPPED message when either cannot be had; 1 when a target
# crashed (its input is in fuzz/artifacts/<target>/: add it as a regression test in tests/).
# Seeds: fuzz/seeds/<target>/ (committed) plus the first 4 KiB of each built data file;
# the growing corpus lives in fuzz/corpus, logs in fuzz/logs (neither committed).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(annotate html data_lexicon data_gazetteer data_model data_terms glossary)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "SKIPPED fuzzing: no nightly toolchain (rustup toolchain install nightly)"; exit 2
fi
if ! bash scripts/install-cargo-fuzz.sh >/tmp/hashiya-cargo-fuzz-install.log 2>&1; then
  echo "SKIPPED fuzzing: cargo-fuzz could not be installed (see /tmp/hashiya-cargo-fuzz-install.log)"; exit 2
fi
if [ ! -f build/data/lexicon.bin ]; then
  echo "fuzz: build/data is missing: run \`npm run setup\` first" >&2; exit 1
fi

# The fuzz crate builds into its own fuzz/target (nightly, sanitizers: apart from the main build).
SANITIZER=${FUZZ_SANITIZER:-address}
if [ -n "${FUZZ_RUNS:-}" ]; then LIMIT=(-runs="$FUZZ_RUNS"); else LIMIT=(-max_total_time="$SECONDS_PER_TARGET"); fi
(cd fuzz && cargo +nightly fuzz build -O -s "$SANITIZER") || { echo "fuzz: build failed" >&2; exit 1; }

declare -A DATA=([data_lexicon]=lexicon.bin [data_gazetteer]=gazetteer.bin [data_model]=ner.model [data_terms]=terms.bin)
failed=()
for t in "${TARGETS[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  [ -d "fuzz/seeds/$t" ] && cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null
  if [ -n "${DATA[$t]:-}" ]; then
    # raw (mode byte 0) and framed (mode byte 1: the bytes after the 20-byte header)
    { printf '\0'; head -c 4096 "build/data/${DATA[$t]}"; } > "$corpus/seed-raw"
    { printf '\1'; tail -c +21 "build/data/${DATA[$t]}" | head -c 4096; } > "$corpus/seed-framed"
  fi
  mkdir -p fuzz/logs
  log="fuzz/logs/$t.log"
  mkdir -p fuzz/artifacts/"$t"
  start=$(date +%s)
  (cd fuzz && cargo +nightly fuzz run -O -s "$SANITIZER" "$t" "../$corpus" -- "${LIMIT[@]}" \
      -rss_limit_mb=4096 -timeout=30 -max_len="${FUZZ_MAX_LEN:-16384}" -print_final_stats=1) >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $status -ne 0 ]; then
    failed+=("$t")
    echo "fuzz $t: FAILED after ${execs:-?} executions (log: $log, input: fuzz/artifacts/$t/)"
    grep -m5 -E 'panicked|ERROR|SUMMARY' "$log" | sed 's/^/    /'
  else
    echo "fuzz $t: ${execs:-?} executions in $(( $(date +%s) - start )) s, no crash (sanitizer: $SANITIZER)"
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in ${failed[*]}" >&2; exit 1; }
