#!/usr/bin/env bash
# Runs the Block-STM table (TestParallelBenchTable) on 2 pinned cores and on
# every core of a many-core machine, from a prebuilt test binary, so a
# machine without Go can run it:
#   go test -c -o build/evm.test ./x/evm/
#   scripts/bench-stm-cores.sh OUTDIR [ROUNDS]
# Writes OUTDIR/table-2cores-{1,2}.txt and OUTDIR/table-allcores.txt.
# HYPERION_BENCH_SKIP (e.g. rare-gc,iavl) leaves sections out of every
# table, to fit a short lease.
set -u
out=${1:?usage: scripts/bench-stm-cores.sh OUTDIR [ROUNDS]}
rounds=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$root/build/evm.test
[ -x "$bin" ] || { echo "missing $bin: go test -c -o build/evm.test ./x/evm/" >&2; exit 1; }
cd "$root/x/evm" # the tests read testdata/ relative to the package
table() { HYPERION_BENCH_TABLE=1 HYPERION_BENCH_ROUNDS=$rounds timeout 300 "$@" -test.run TestParallelBenchTable -test.v; }
{ nproc; lscpu | grep -Ei "model name|thread|core|socket"; } > "$out/machine.txt" 2>&1
if command -v taskset >/dev/null && [ "$(nproc)" -ge 4 ]; then
  for run in 1 2; do
    GOMAXPROCS=2 table taskset -c 2,3 "$bin" > "$out/table-2cores-$run.txt" 2>&1
  done
fi
GOMAXPROCS=$(nproc) table "$bin" > "$out/table-allcores.txt" 2>&1
grep -h -- "--- " "$out"/table-*.txt
