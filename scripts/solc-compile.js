#!/usr/bin/env node
// Compiles Solidity with the npm solc pinned in package.json (solc-js, standard JSON) and writes artifacts.
// Shared by scripts/gen-contracts.sh, gen-system-contracts.sh and gen-test-contracts.sh.
//
// usage: node scripts/solc-compile.js SOURCES OUTDIR CONTRACTS FORMATS [--via-ir]
//   SOURCES    comma-separated directories (every *.sol in them) or .sol files (added under their base name)
//   OUTDIR     where <Name>.<ext> files are written
//   CONTRACTS  comma-separated names (contract Name in Name.sol), or "all" (every contract with bytecode)
//   FORMATS    comma-separated, each writing one file per contract:
//                artifact       <Name>.json  {contractName, compiler, settings, abi, bytecode, deployedBytecode}
//                artifact-lite  <Name>.json  {contractName, compiler, abi, bytecode}
//                abi            <Name>.abi   compact JSON
//                abi-indented   <Name>.abi   JSON indented by one space
//                bin            <Name>.bin   creation bytecode (hex)
//                bin-runtime    <Name>.bin-runtime  runtime bytecode (hex)
//                layout         <Name>.layout.json  storage layout [{label, slot, offset}]
//   --via-ir   compile through the IR pipeline
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const hex = (o) => '0x' + o;
const json2 = (v) => JSON.stringify(v, null, 2) + '\n';

// Each format: the compiler outputs it needs and how it renders a contract.
const FORMATS = {
  artifact: {
    needs: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'],
    ext: '.json',
    render: (name, c, settings) => json2({
      contractName: name,
      compiler: 'solc ' + solc.version(),
      settings,
      abi: c.abi,
      bytecode: hex(c.evm.bytecode.object),
      deployedBytecode: hex(c.evm.deployedBytecode.object),
    }),
  },
  'artifact-lite': {
    needs: ['abi', 'evm.bytecode.object'],
    ext: '.json',
    render: (name, c) => json2({ contractName: name, compiler: 'solc ' + solc.version(), abi: c.abi, bytecode: hex(c.evm.bytecode.object) }),
  },
  abi: { needs: ['abi'], ext: '.abi', render: (name, c) => JSON.stringify(c.abi) + '\n' },
  'abi-indented': { needs: ['abi'], ext: '.abi', render: (name, c) => JSON.stringify(c.abi, null, 1) + '\n' },
  bin: { needs: ['evm.bytecode.object'], ext: '.bin', render: (name, c) => c.evm.bytecode.object + '\n' },
  'bin-runtime': { needs: ['evm.deployedBytecode.object'], ext: '.bin-runtime', render: (name, c) => c.evm.deployedBytecode.object + '\n' },
  layout: {
    needs: ['storageLayout'],
    ext: '.layout.json',
    render: (name, c) => JSON.stringify(c.storageLayout.storage.map((s) => ({ label: s.label, slot: s.slot, offset: s.offset })), null, 1) + '\n',
  },
};

// Canonical order of the output selection (it is recorded in "artifact" files).
const OUTPUT_ORDER = ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout'];

function usage(msg) {
  console.error(`solc-compile: ${msg}\nusage: node scripts/solc-compile.js SOURCES OUTDIR CONTRACTS FORMATS [--via-ir]`);
  process.exit(2);
}

function readSources(list) {
  const sources = {};
  for (const p of list) {
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).filter((f) => f.endsWith('.sol')).sort()) {
        sources[f] = { content: fs.readFileSync(path.join(p, f), 'utf8') };
      }
    } else {
      sources[path.basename(p)] = { content: fs.readFileSync(p, 'utf8') };
    }
  }
  return sources;
}

function settingsFor(formats, viaIR) {
  const needs = new Set(formats.flatMap((f) => FORMATS[f].needs));
  const settings = { evmVersion: 'prague', optimizer: { enabled: true, runs: 200 } };
  if (viaIR) settings.viaIR = true;
  settings.metadata = { bytecodeHash: 'none', appendCBOR: false };
  settings.outputSelection = { '*': { '*': OUTPUT_ORDER.filter((o) => needs.has(o)) } };
  return settings;
}

// selected returns [name, contract] pairs: the named ones, or with "all" every contract that has code.
function selected(contracts, names) {
  if (names !== 'all') {
    return names.split(',').map((name) => {
      const c = (contracts[name + '.sol'] || {})[name];
      if (!c) usage(`no contract ${name} in ${name}.sol`);
      return [name, c];
    });
  }
  const code = (c) => ((c.evm.bytecode || c.evm.deployedBytecode || {}).object || '');
  return Object.keys(contracts).sort()
    .flatMap((file) => Object.entries(contracts[file]))
    .filter(([, c]) => code(c).length > 0); // interfaces and abstract contracts have none
}

function main(argv) {
  const viaIR = argv.includes('--via-ir');
  const args = argv.filter((a) => a !== '--via-ir');
  if (args.length !== 4) usage('want 4 arguments');
  const [srcs, outDir, names, fmts] = args;
  const formats = fmts.split(',');
  for (const f of formats) if (!FORMATS[f]) usage(`unknown format ${f}`);
  const settings = settingsFor(formats, viaIR);
  const input = { language: 'Solidity', sources: readSources(srcs.split(',')), settings };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  for (const e of out.errors || []) console.error(e.formattedMessage);
  if ((out.errors || []).some((e) => e.severity === 'error')) process.exit(1);
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, c] of selected(out.contracts, names)) {
    for (const f of formats) {
      fs.writeFileSync(path.join(outDir, name + FORMATS[f].ext), FORMATS[f].render(name, c, settings));
    }
    const runtime = c.evm.deployedBytecode ? c.evm.deployedBytecode.object : undefined;
    const size = (runtime !== undefined ? runtime : c.evm.bytecode.object).length / 2;
    console.log(`${name}: ${size} bytes${runtime !== undefined ? ' of runtime code' : ''}`);
  }
}

main(process.argv.slice(2));
