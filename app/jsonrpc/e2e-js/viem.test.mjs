// Real-client tests with viem: eth_fillTransaction fallback, deploy and write, receipts,
// events (HTTP and WebSocket), fee estimation and history, revert decoding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPublicClient, createWalletClient, defineChain, http, webSocket,
  BaseError, ContractFunctionRevertedError, parseEventLogs, keccak256, toHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { RPC_URL, WS_URL, CHAIN_ID, devKey, contracts, withTimeout } from './helpers.mjs';

const chain = defineChain({
  id: CHAIN_ID, name: 'Hyperion dev', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [RPC_URL], webSocket: [WS_URL] } },
});
let pub;
let wallet;
let eventsAddr;
const { Events, Token } = contracts();

before(async () => {
  pub = createPublicClient({ chain, transport: http(RPC_URL), pollingInterval: 100 });
  wallet = createWalletClient({ chain, transport: http(RPC_URL), account: privateKeyToAccount(devKey(6)) });
  const hash = await wallet.deployContract({ abi: Events.abi, bytecode: Events.bytecode });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 100 });
  assert.equal(receipt.status, 'success');
  eventsAddr = receipt.contractAddress;
});

after(() => {});

test('deploy an ERC-20 and transfer with viem', async () => {
  const hash = await wallet.deployContract({ abi: Token.abi, bytecode: Token.bytecode, args: ['Viem Token', 'VTK', 1000n] });
  const { contractAddress: tokenAddr } = await pub.waitForTransactionReceipt({ hash, pollingInterval: 100 });
  const to = privateKeyToAccount(devKey(7)).address;
  const tx = await wallet.writeContract({ address: tokenAddr, abi: Token.abi, functionName: 'transfer', args: [to, 10n] });
  const receipt = await pub.waitForTransactionReceipt({ hash: tx, pollingInterval: 100 });
  const [transfer] = parseEventLogs({ abi: Token.abi, logs: receipt.logs, eventName: 'Transfer' });
  assert.equal(transfer.args.value, 10n);
  assert.equal(await pub.readContract({ address: tokenAddr, abi: Token.abi, functionName: 'balanceOf', args: [to] }), 10n);
  const receipts = await pub.request({ method: 'eth_getBlockReceipts', params: [toHex(receipt.blockNumber)] });
  assert.ok(receipts.some((r) => r.transactionHash === tx));
});

test('contract events through eth_getLogs and a WebSocket watch', async () => {
  const ws = createPublicClient({ chain, transport: webSocket(WS_URL) });
  const tag = keccak256(toHex('viem-tag'));
  const seen = new Promise((resolve) => {
    const unwatch = ws.watchContractEvent({
      address: eventsAddr, abi: Events.abi, eventName: 'Ping', args: { tag },
      onLogs: (logs) => { unwatch(); resolve(logs[0]); },
    });
  });
  await new Promise((r) => setTimeout(r, 300));
  const hash = await wallet.writeContract({ address: eventsAddr, abi: Events.abi, functionName: 'ping', args: [tag, 'viem ws'] });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 100 });
  const log = await withTimeout(seen, 15000, 'Ping over viem webSocket');
  assert.equal(log.args.note, 'viem ws');
  assert.equal(log.transactionHash, hash);
  const fromLogs = await pub.getContractEvents({
    address: eventsAddr, abi: Events.abi, eventName: 'Ping', args: { tag },
    fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber,
  });
  assert.equal(fromLogs.length, 1);
  assert.equal(fromLogs[0].logIndex, log.logIndex, 'same logIndex over getLogs and the subscription');
  await ws.transport.getRpcClient().then((c) => c.close()).catch(() => {});
});

test('fees: estimateFeesPerGas and getFeeHistory', async () => {
  const fees = await pub.estimateFeesPerGas();
  assert.ok(fees.maxFeePerGas > 0n);
  const hist = await pub.getFeeHistory({ blockCount: 4, rewardPercentiles: [25, 75] });
  assert.equal(hist.baseFeePerGas.length, 5);
  const gas = await pub.estimateGas({ account: wallet.account, to: privateKeyToAccount(devKey(8)).address, value: 1n });
  assert.ok(gas >= 21000n);
});

test('a revert reason is decoded by viem', async () => {
  await assert.rejects(
    pub.readContract({ address: eventsAddr, abi: Events.abi, functionName: 'fail', args: [12n] }),
    (err) => {
      assert.ok(err instanceof BaseError);
      const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
      assert.ok(revert, 'ContractFunctionRevertedError');
      assert.equal(revert.reason, 'x must be below 10');
      return true;
    },
  );
});

test('unknown methods answer -32601 so viem falls back', async () => {
  await assert.rejects(pub.request({ method: 'eth_blobBaseFee' }), (err) => err.code === -32601);
});
