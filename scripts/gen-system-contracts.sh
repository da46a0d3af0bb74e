#!/usr/bin/env bash
# Compiles the staking and governance system contracts (x/staking/contracts, x/gov/contracts) with the npm
# solc pinned in package.json and writes <Name>.abi, <Name>.bin-runtime (hex) and <Name>.layout.json (storage
# layout) next to the sources. The Go modules embed these committed artifacts, so `go test` needs no node.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi

for pair in x/staking/contracts:Staking x/gov/contracts:Gov; do # compiled separately, one directory each
  node scripts/solc-compile.js "${pair%%:*}" "${pair%%:*}" "${pair##*:}" abi-indented,bin-runtime,layout --via-ir
done
