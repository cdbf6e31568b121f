#!/usr/bin/env bash
# Batch benchmark (not part of npm test): `hashiya annotate --jsonl` on one core and on
# every core, and its peak memory on 1× and 5× the input.
# The input: the newswire corpus's non-blank lines as {"id","text"} JSON Lines, ten copies
# (build/bench/batch-1x.jsonl, 7,840 documents, 12.3 MB; 1,149,080 whitespace tokens), and
# five copies of that (batch-5x.jsonl, 61 MB). Rounds alternate the order of --jobs 1 and
# --jobs N; peak RSS from /usr/bin/time -v.
# Usage: bash scripts/bench-batch.sh [ROUNDS]   (default 3; needs build/data: npm run setup)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
CORPUS=../shared/data/articles/newswire-corpus.txt
[ -f "$CORPUS" ] || { echo "bench-batch: $CORPUS not found (the shared data sits beside the repository)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-batch: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
cargo build --quiet --release --bin hashiya
BIN="${CARGO_TARGET_DIR:-target}/release/hashiya"
DATA="${HASHIYA_DATA:-$PWD/build/data}"
mkdir -p build/bench
node -e '
const fs = require("fs");
const lines = fs.readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.trim());
const out = [];
for (let copy = 1; copy <= 10; copy++) lines.forEach((text, i) => out.push(JSON.stringify({ id: `r${copy}-n${i}`, text })));
fs.writeFileSync("build/bench/batch-1x.jsonl", out.join("\n") + "\n");
' "$CORPUS"
for _ in 1 2 3 4 5; do cat build/bench/batch-1x.jsonl; done > build/bench/batch-5x.jsonl
N=$(nproc)
echo "machine: $N cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: build/bench/batch-1x.jsonl, $(wc -l < build/bench/batch-1x.jsonl) documents, $(wc -c < build/bench/batch-1x.jsonl) bytes"
run() { # jobs file → "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o build/bench/time.txt "$BIN" annotate --data "$DATA" --jsonl --jobs "$1" "$2" > /dev/null
  cat build/bench/time.txt
}
declare -A T
for r in $(seq "$ROUNDS"); do
  order="1 $N"; [ $((r % 2)) -eq 0 ] && order="$N 1"
  for j in $order; do
    read -r s kb < <(run "$j" build/bench/batch-1x.jsonl)
    echo "round $r --jobs $j: $s s, peak RSS $kb KB"
    T[$j]="${T[$j]:-} $s"
  done
done
med() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m1=$(echo "${T[1]}" | med); mn=$(echo "${T[$N]}" | med)
mb=$(awk -v b="$(wc -c < build/bench/batch-1x.jsonl)" 'BEGIN { print b / 1e6 }')
awk -v a="$m1" -v b="$mn" -v n="$N" -v mb="$mb" 'BEGIN { printf "median --jobs 1: %.2f s (%.2f MB/s); --jobs %d: %.2f s (%.2f MB/s); speed-up %.2f×\n", a, mb/a, n, b, mb/b, a/b }'
read -r s1 kb1 < <(run "$N" build/bench/batch-1x.jsonl)
read -r s5 kb5 < <(run "$N" build/bench/batch-5x.jsonl)
echo "peak RSS, --jobs $N: 1× input $kb1 KB ($s1 s), 5× input $kb5 KB ($s5 s)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
