// Shared setup of the real-client suite: endpoints, dev accounts, compiled contracts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import solc from 'solc';
import { ethers } from 'ethers';

export const RPC_URL = process.env.HYPERION_RPC_URL;
export const WS_URL = process.env.HYPERION_WS_URL;
if (!RPC_URL || !WS_URL) {
  throw new Error('HYPERION_RPC_URL and HYPERION_WS_URL must name a running node (app/jsonrpc_js_test.go sets them)');
}
export const CHAIN_ID = 31337;
export const MNEMONIC = 'test test test test test test test test test test test junk';

/** devKey returns the private key of dev account i (m/44'/60'/0'/0/i). */
export function devKey(i) {
  return ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).privateKey;
}

/** provider returns an ethers provider without response caching (short block times). */
export function provider() {
  return new ethers.JsonRpcProvider(RPC_URL, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
}

let compiled;
/** contracts compiles contracts.sol with solc-js once and returns { Token, Events } as { abi, bytecode }. */
export function contracts() {
  if (compiled) return compiled;
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const input = {
    language: 'Solidity',
    sources: { 'contracts.sol': { content: readFileSync(path.join(dir, 'contracts.sol'), 'utf8') } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const pick = (name) => {
    const c = out.contracts['contracts.sol'][name];
    return { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
  };
  compiled = { Token: pick('Token'), Events: pick('Events') };
  return compiled;
}

/** withTimeout rejects when promise does not settle within ms. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
