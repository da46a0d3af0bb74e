// Real-client tests with ethers v6: deploy, concurrent transfers, logs, WebSocket
// events, gas estimation, fee history, reverts, transaction replacement and tracing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { WS_URL, devKey, provider, contracts, withTimeout } from './helpers.mjs';

let rpc;
let deployer;
let token;
let events;
const SUPPLY = ethers.parseUnits('1000000', 18);

before(async () => {
  rpc = provider();
  deployer = new ethers.NonceManager(new ethers.Wallet(devKey(0), rpc));
  const { Token, Events } = contracts();
  token = await new ethers.ContractFactory(Token.abi, Token.bytecode, deployer).deploy('Hyperion Test', 'HTT', SUPPLY);
  events = await new ethers.ContractFactory(Events.abi, Events.bytecode, deployer).deploy();
  await Promise.all([token.waitForDeployment(), events.waitForDeployment()]);
});

after(() => rpc.destroy());

test('the deployed ERC-20 reads back through eth_call', async () => {
  assert.equal(await token.name(), 'Hyperion Test');
  assert.equal(await token.totalSupply(), SUPPLY);
  assert.equal(await token.balanceOf(await deployer.getAddress()), SUPPLY);
  assert.notEqual(await rpc.getCode(await token.getAddress()), '0x');
});

test('concurrent transfers from several dev accounts all land', async () => {
  const holders = [1, 2, 3, 4].map((i) => new ethers.Wallet(devKey(i), rpc));
  const seed = ethers.parseUnits('100', 18);
  const funding = await Promise.all(holders.map(async (h) => token.transfer(h.address, seed)));
  await Promise.all(funding.map((tx) => tx.wait()));
  const receiver = ethers.Wallet.createRandom().address;
  const sends = await Promise.all(holders.map(async (h) => {
    const t = token.connect(h);
    const nonce = await rpc.getTransactionCount(h.address, 'pending');
    const a = await t.transfer(receiver, 1n, { nonce });
    const b = await t.transfer(receiver, 2n, { nonce: nonce + 1 });
    return [a, b];
  }));
  const receipts = await Promise.all(sends.flat().map((tx) => tx.wait()));
  for (const r of receipts) assert.equal(r.status, 1);
  assert.equal(await token.balanceOf(receiver), 3n * BigInt(holders.length));
  for (const h of holders) assert.equal(await token.balanceOf(h.address), seed - 3n);

  const logs = await token.queryFilter(token.filters.Transfer(null, receiver), receipts[0].blockNumber - 1);
  assert.equal(logs.length, 2 * holders.length);
  const r0 = receipts[0];
  const byHash = await rpc.getLogs({ blockHash: r0.blockHash, address: await token.getAddress() });
  assert.ok(byHash.some((l) => l.transactionHash === r0.hash), 'blockHash form of eth_getLogs');
  const block = await rpc.getBlock(r0.blockHash);
  assert.equal((await rpc.getBlock(block.number - 1)).hash, block.parentHash);
});

test('events arrive over a WebSocket subscription', async () => {
  const ws = new ethers.WebSocketProvider(WS_URL, 31337, { staticNetwork: true });
  try {
    const watched = events.connect(ws);
    const tag = ethers.id('ws-tag');
    const got = new Promise((resolve) => {
      watched.on(watched.filters.Ping(null, null, tag), (...args) => {
        const payload = args[args.length - 1]; // ContractEventPayload
        resolve(events.interface.parseLog(payload.log).args);
      });
    });
    await new Promise((r) => setTimeout(r, 300)); // let eth_subscribe complete
    const tx = await events.ping(tag, 'hello over ws');
    await tx.wait();
    const ev = await withTimeout(got, 15000, 'Ping event over WebSocket');
    assert.equal(ev.note, 'hello over ws');
    assert.equal(ev.from, await deployer.getAddress());
  } finally {
    await ws.destroy();
  }
});

test('gas estimation, fee data and fee history', async () => {
  const gas = await token.transfer.estimateGas(ethers.Wallet.createRandom().address, 1n);
  assert.ok(gas > 21000n && gas < 100000n, `estimate ${gas}`);
  const fees = await rpc.getFeeData();
  assert.ok(fees.maxFeePerGas > 0n && fees.maxPriorityFeePerGas >= 0n);
  const hist = await rpc.send('eth_feeHistory', ['0x4', 'latest', [25, 75]]);
  assert.equal(hist.baseFeePerGas.length, 5);
  assert.equal(hist.gasUsedRatio.length, 4);
  assert.equal(hist.reward.length, 4);
  for (const r of hist.reward) assert.equal(r.length, 2);
  const mm = await rpc.send('eth_feeHistory', [5, 'latest', [10, 20, 30]]); // MetaMask's integer blockCount
  assert.equal(mm.baseFeePerGas.length, 6);
});

test('a revert is decoded from error.data', async () => {
  assert.equal(await events.fail(3), 3n);
  await assert.rejects(events.fail(11), (err) => {
    assert.equal(err.code, 'CALL_EXCEPTION');
    assert.equal(err.reason, 'x must be below 10');
    return true;
  });
  await assert.rejects(events.fail.estimateGas(11), (err) => err.reason === 'x must be below 10');
});

test('a queued transaction is replaced by one with a higher fee', async () => {
  const w = new ethers.Wallet(devKey(5), rpc);
  const nonce = await rpc.getTransactionCount(w.address, 'pending');
  const fee = await rpc.getFeeData();
  const base = { to: ethers.Wallet.createRandom().address, value: 1n, gasLimit: 21000n, chainId: 31337, type: 2 };
  const slow = { ...base, nonce: nonce + 1, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas };
  const first = await w.sendTransaction(slow); // queued behind the gap
  await assert.rejects(w.sendTransaction({ ...slow, value: 2n }), (err) => err.code === 'REPLACEMENT_UNDERPRICED');
  const replacement = await w.sendTransaction({ ...slow, value: 3n,
    maxFeePerGas: fee.maxFeePerGas * 2n, maxPriorityFeePerGas: fee.maxPriorityFeePerGas * 2n });
  const filler = await w.sendTransaction({ ...base, nonce, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas });
  await filler.wait();
  const r = await replacement.wait();
  assert.equal(r.status, 1);
  assert.equal(await rpc.getTransactionReceipt(first.hash), null);
  assert.equal(await rpc.getTransaction(first.hash), null);
});

test('a token transfer is traced with callTracer, prestateTracer and the struct logger', async () => {
  const receiver = ethers.Wallet.createRandom().address;
  const tx = await token.transfer(receiver, 7n);
  const receipt = await tx.wait();
  const tokenAddr = (await token.getAddress()).toLowerCase();

  const frame = await rpc.send('debug_traceTransaction', [tx.hash, { tracer: 'callTracer', tracerConfig: { withLog: true } }]);
  assert.equal(frame.type, 'CALL');
  assert.equal(frame.to, tokenAddr);
  assert.equal(BigInt(frame.gasUsed), receipt.gasUsed);
  assert.equal(frame.input, tx.data);
  assert.equal(token.interface.decodeFunctionResult('transfer', frame.output)[0], true);
  assert.equal(frame.logs.length, 1);
  assert.equal(token.interface.parseLog(frame.logs[0]).args.value, 7n);

  const diff = await rpc.send('debug_traceTransaction', [tx.hash, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }]);
  const slot = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [receiver, 3])); // balanceOf is slot 3
  assert.equal(BigInt(diff.post[tokenAddr].storage[slot]), 7n);

  const logs = await rpc.send('debug_traceTransaction', [tx.hash, {}]);
  assert.equal(BigInt(logs.gas), receipt.gasUsed);
  assert.equal(logs.failed, false);
  assert.ok(logs.structLogs.some((l) => l.op === 'SSTORE'));

  const call = await rpc.send('debug_traceCall', [{ from: await deployer.getAddress(), to: tokenAddr,
    data: token.interface.encodeFunctionData('balanceOf', [receiver]) }, 'latest', { tracer: 'callTracer' }]);
  assert.equal(BigInt(call.output), 7n);
});
