#!/usr/bin/env bash
# Compiles the Block-STM benchmark contracts x/evm/testdata/contracts/*.sol
# (BenchToken, BenchPair, BenchRouter) with the npm solc (scripts/solc-compile.js,
# optimizer on, 200 runs) into x/evm/testdata/contracts/<Name>.{bin-runtime,layout.json,abi}.
# The committed artifacts let `go test ./x/evm/` run without node: the tests
# place the runtime code in genesis and compute the storage from the layout.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=x/evm/testdata/contracts
if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi
node scripts/solc-compile.js "$DIR" "$DIR" BenchToken,BenchPair,BenchRouter bin-runtime,layout,abi
