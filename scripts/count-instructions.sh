#!/usr/bin/env bash
# Instructions per `annotate` pass, layer by layer, counted by valgrind's callgrind:
# repeatable whatever else the machine is doing (wall-clock benchmarks on a shared
# machine are not). Each figure is (count for 3 passes - count for 1 pass) / 2, so
# loading the data is left out.
#
# Usage: bash scripts/count-instructions.sh [FILE]   (default: the newswire corpus)
# Needs valgrind, `npm run build:data`, and `cargo build --release --example profile_entities`
# (done here).
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/data/articles/newswire-corpus.txt}
[ -f "$file" ] || { echo "count-instructions: $file not found" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "count-instructions: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
cargo build --quiet --release --example profile_entities
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # layers rounds
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" ./target/release/examples/profile_entities "$file" "$2" "$1" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A per
for layers in words terms entities all; do
  one=$(count "$layers" 1); three=$(count "$layers" 3)
  per[$layers]=$(( (three - one) / 2 ))
done
pct() { echo "$(( 100 * $1 / $2 ))"; }
echo "instructions per annotate pass over $file"
printf '  %-34s %'"'"'15d\n' "words" "${per[words]}" "words + terms (no entities)" "${per[terms]}" "words + entities" "${per[entities]}" "all layers" "${per[all]}"
echo "  entities add $(pct $(( per[all] - per[terms] )) "${per[terms]}") % to annotate without them (all vs words + terms),"
echo "  $(pct $(( per[entities] - per[words] )) "${per[words]}") % to the word layer alone (words + entities vs words)"
