#!/usr/bin/env bash
# Compiles rollup/contracts/src/*.sol with the npm solc pinned in package.json (scripts/solc-compile.js),
# writes rollup/contracts/artifacts/<Name>.{json,abi,bin} and regenerates the abigen v2 Go bindings in
# rollup/contracts. Needs node and `npm ci` once; the committed outputs let `go test` run without node.
set -euo pipefail
cd "$(dirname "$0")/.."

CONTRACTS="SequencerSet BatchInbox OutputOracle"
ABIGEN_VERSION=$(go list -m -f '{{.Version}}' github.com/ethereum/go-ethereum)
SRC=rollup/contracts/src
ART=rollup/contracts/artifacts

if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi
node scripts/solc-compile.js "$SRC" "$ART" "${CONTRACTS// /,}" artifact,abi,bin

for name in $CONTRACTS; do
  lower=$(echo "$name" | tr '[:upper:]' '[:lower:]')
  go run "github.com/ethereum/go-ethereum/cmd/abigen@${ABIGEN_VERSION}" --v2 \
    --abi "$ART/$name.abi" --bin "$ART/$name.bin" \
    --pkg contracts --type "$name" --out "rollup/contracts/${lower}_bindings.go"
done
gofmt -l rollup/contracts
