#!/usr/bin/env bash
# Compiles rollup/contracts/src/*.sol with the npm solc pinned in package.json (solc-js, standard JSON),
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
mkdir -p "$ART"

SRC="$SRC" ART="$ART" CONTRACTS="$CONTRACTS" node - <<'JS'
const fs = require('fs');
const path = require('path');
const solc = require('solc');
const src = process.env.SRC, art = process.env.ART;
const sources = {};
for (const f of fs.readdirSync(src).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(src, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'prague',
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);
for (const name of process.env.CONTRACTS.split(' ')) {
  const c = out.contracts[name + '.sol'][name];
  const artifact = {
    contractName: name,
    compiler: 'solc ' + solc.version(),
    settings: input.settings,
    abi: c.abi,
    bytecode: '0x' + c.evm.bytecode.object,
    deployedBytecode: '0x' + c.evm.deployedBytecode.object,
  };
  fs.writeFileSync(path.join(art, name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
  fs.writeFileSync(path.join(art, name + '.abi'), JSON.stringify(c.abi) + '\n');
  fs.writeFileSync(path.join(art, name + '.bin'), c.evm.bytecode.object + '\n');
  console.log(`${name}: ${c.evm.deployedBytecode.object.length / 2} bytes deployed`);
}
JS

for name in $CONTRACTS; do
  lower=$(echo "$name" | tr '[:upper:]' '[:lower:]')
  go run "github.com/ethereum/go-ethereum/cmd/abigen@${ABIGEN_VERSION}" --v2 \
    --abi "$ART/$name.abi" --bin "$ART/$name.bin" \
    --pkg contracts --type "$name" --out "rollup/contracts/${lower}_bindings.go"
done
gofmt -l rollup/contracts
