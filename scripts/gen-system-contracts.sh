#!/usr/bin/env bash
# Compiles the staking and governance system contracts (x/staking/contracts, x/gov/contracts) with the npm
# solc pinned in package.json and writes <Name>.abi, <Name>.bin-runtime (hex) and <Name>.layout.json (storage
# layout) next to the sources. The Go modules embed these committed artifacts, so `go test` needs no node.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi

compile() { # dir name
  DIR="$1" NAME="$2" node - <<'JS'
const fs = require('fs');
const path = require('path');
const solc = require('solc');
const dir = process.env.DIR, name = process.env.NAME;
const sources = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(dir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'prague',
    optimizer: { enabled: true, runs: 200 },
    viaIR: true,
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.deployedBytecode.object', 'storageLayout'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) console.error(e.formattedMessage);
if ((out.errors || []).some((e) => e.severity === 'error')) process.exit(1);
const c = out.contracts[name + '.sol'][name];
fs.writeFileSync(path.join(dir, name + '.abi'), JSON.stringify(c.abi, null, 1) + '\n');
fs.writeFileSync(path.join(dir, name + '.bin-runtime'), c.evm.deployedBytecode.object + '\n');
const layout = c.storageLayout.storage.map((s) => ({ label: s.label, slot: s.slot, offset: s.offset }));
fs.writeFileSync(path.join(dir, name + '.layout.json'), JSON.stringify(layout, null, 1) + '\n');
console.log(`${name}: ${c.evm.deployedBytecode.object.length / 2} bytes of runtime code`);
JS
}

compile x/staking/contracts Staking
compile x/gov/contracts Gov
