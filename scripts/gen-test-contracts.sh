#!/usr/bin/env bash
# Compiles testutil/contracts/*.sol (test contracts; they import
# x/inference/IInference.sol as "IInference.sol") with the npm solc into
# testutil/contracts/<Name>.json (abi + bytecode). The committed JSON lets
# `go test` run without node.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=testutil/contracts
if [ ! -f node_modules/solc/soljson.js ]; then
  echo "node_modules/solc missing: run 'npm ci' first" >&2; exit 1
fi
DIR="$DIR" node - <<'JS'
const fs = require('fs');
const path = require('path');
const solc = require('solc');
const dir = process.env.DIR;
const sources = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(dir, f), 'utf8') };
}
sources['IInference.sol'] = { content: fs.readFileSync('x/inference/IInference.sol', 'utf8') };
const input = {
  language: 'Solidity', sources,
  settings: {
    evmVersion: 'prague', optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) console.error(e.formattedMessage);
if ((out.errors || []).some((e) => e.severity === 'error')) process.exit(1);
for (const file of Object.keys(out.contracts).sort()) {
  for (const [name, c] of Object.entries(out.contracts[file])) {
    if (c.evm.bytecode.object.length === 0) continue; // interfaces
    const artifact = { contractName: name, compiler: 'solc ' + solc.version(), abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
    fs.writeFileSync(path.join(dir, name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
    console.log(`${name}: ${c.evm.bytecode.object.length / 2} bytes`);
  }
}
JS
