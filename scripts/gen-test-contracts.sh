#!/usr/bin/env bash
# Compiles testutil/contracts/*.sol (test contracts; they import
# x/inference/IInference.sol as "IInference.sol") with the npm solc (scripts/solc-compile.js) into
# testutil/contracts/<Name>.json (abi + bytecode). The committed JSON lets
# `go test` run without node.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=testutil/contracts
if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi
node scripts/solc-compile.js "$DIR,x/inference/IInference.sol" "$DIR" all artifact-lite
