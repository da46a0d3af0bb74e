#!/usr/bin/env bash
# A/B of two builds of the Block-STM executor, taking turns on the same
# cores, so that a change's effect shows through a noisy machine's drift.
#
#   scripts/bench-stm-ab.sh build BASE
#       builds build/evm-a.test from commit BASE and build/evm-b.test from
#       the working tree (needs Go; run it before carrying build/ to a
#       machine without Go).
#   scripts/bench-stm-ab.sh run OUTDIR [ROUNDS] [BLOCKS]
#       runs ROUNDS (default 8) rounds of both binaries, BLOCKS (default
#       100) blocks per sample, on 2 pinned cores when the machine has 4 or
#       more (GOMAXPROCS=2), and writes OUTDIR/ab.txt (every sample, ms per
#       block) and OUTDIR/ab-summary.txt (medians per binary and benchmark).
#
# WORKLOADS (default "erc20-solc amm-solc transfers") and MODES (default
# "sequential w=2") choose the BenchmarkParallel sub-benchmarks.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

build() {
  local base=${1:?usage: scripts/bench-stm-ab.sh build BASE}
  local tree
  tree=$(mktemp -d)
  trap 'git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true; rm -rf "$tree"' RETURN
  git -C "$root" worktree add -q --detach "$tree" "$base"
  mkdir -p "$root/build"
  (cd "$tree" && go test -c -ldflags="-s -w" -o "$root/build/evm-a.test" ./x/evm/)
  (cd "$root" && go test -c -ldflags="-s -w" -o "$root/build/evm-b.test" ./x/evm/)
  echo "built build/evm-a.test ($base) and build/evm-b.test (working tree)"
}

# sample runs one binary once and prints "label benchmark ms-per-block".
sample() {
  local label=$1 bin=$2 blocks=$3 pattern=$4
  "${pin[@]}" "$bin" -test.run '^$' -test.bench "$pattern" -test.benchtime "${blocks}x" 2>&1 |
    awk -v l="$label" '/^BenchmarkParallel\// { printf "%s %s %.3f\n", l, $1, $3 / 1e6 }'
}

# summarise prints the median and range of every (binary, benchmark).
summarise() {
  sort -k1,1 -k2,2 -k3,3n "$1" | awk '
    function flush() { if (n) printf "%s %s median %.3f ms (%.3f-%.3f, %d samples)\n", k1, k2, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n], n }
    { if ($1 != k1 || $2 != k2) { flush(); k1 = $1; k2 = $2; n = 0 } v[++n] = $3 }
    END { flush() }'
}

run() {
  local out=${1:?usage: scripts/bench-stm-ab.sh run OUTDIR [ROUNDS] [BLOCKS]}
  local rounds=${2:-8} blocks=${3:-100}
  local a=$root/build/evm-a.test b=$root/build/evm-b.test
  [ -x "$a" ] && [ -x "$b" ] || { echo "missing build/evm-{a,b}.test: scripts/bench-stm-ab.sh build BASE" >&2; exit 1; }
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  pin=()
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 4 ]; then
    pin=(taskset -c 2,3)
    export GOMAXPROCS=2
  fi
  local workloads=${WORKLOADS:-erc20-solc amm-solc transfers} modes=${MODES:-sequential w=2}
  local pattern="BenchmarkParallel\$/(${workloads// /|})/(${modes// /|})\$"
  cd "$root/x/evm" # the tests read testdata/ relative to the package
  : > "$out/ab.txt"
  for r in $(seq "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="a b"; else order="b a"; fi
    for label in $order; do
      bin=$a
      [ "$label" = b ] && bin=$b
      sample "$label" "$bin" "$blocks" "$pattern" >> "$out/ab.txt"
    done
    echo "round $r of $rounds done" >&2
  done
  summarise "$out/ab.txt" | tee "$out/ab-summary.txt"
}

case ${1:-} in
build) shift; build "$@" ;;
run) shift; run "$@" ;;
*) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
