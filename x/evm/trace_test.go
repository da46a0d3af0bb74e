package evm

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/eth/tracers/logger"
	_ "github.com/ethereum/go-ethereum/eth/tracers/native"
	"github.com/stretchr/testify/require"
)

// traceChain is a chain with the counter deployed in block 1 by key 0.
func traceChain(t *testing.T) (*chain, common.Address) {
	k := testKey(0)
	c := newChain(t, []GenesisAlloc{{Address: keyAddr(k), Balance: oneEther}})
	c.block(dynTx(k, 0, nil, new(big.Int), 200_000, initCode(counterCode)))
	return c, crypto.CreateAddress(keyAddr(k), 0)
}

func newNamedTracer(t *testing.T, name, cfg string) *tracers.Tracer {
	tracer, err := tracers.DefaultDirectory.New(name, new(tracers.Context), json.RawMessage(cfg), testCfg)
	require.NoError(t, err)
	return tracer
}

// TestTraceTxMatchesExecution rebuilds a block up to its second transaction and
// traces it: the traced receipt is the one the block produced, and go-ethereum's
// callTracer and prestateTracer see the counter's second increment.
func TestTraceTxMatchesExecution(t *testing.T) {
	c, counter := traceChain(t)
	k := testKey(0)
	txs := []*types.Transaction{
		dynTx(k, 1, &counter, new(big.Int), 100_000, nil),
		dynTx(k, 2, &counter, new(big.Int), 100_000, nil),
	}
	replay := func() *BlockBuilder { // the state after block 1, block 2's context
		b, err := NewBlockBuilder(testCfg, c.st, c.nextContext(), c.hashes)
		require.NoError(t, err)
		_, err = b.ApplyTx(txs[0])
		require.NoError(t, err)
		return b
	}
	callTracer := newNamedTracer(t, "callTracer", `{"withLog":true}`)
	traced, err := replay().TraceTx(context.Background(), txs[1], callTracer.Hooks)
	require.NoError(t, err)
	prestate := newNamedTracer(t, "prestateTracer", `{"diffMode":true}`)
	_, err = replay().TraceTx(context.Background(), txs[1], prestate.Hooks)
	require.NoError(t, err)

	res := c.block(txs...)
	want := res.Receipts[1]
	require.Equal(t, want.GasUsed, traced.GasUsed)
	require.Equal(t, want.CumulativeGasUsed, traced.CumulativeGasUsed)
	require.Equal(t, want.Bloom, traced.Bloom)

	var frame struct {
		Type    string
		To      common.Address
		GasUsed hexutil.Uint64
		Logs    []struct{ Topics []common.Hash }
	}
	out, err := callTracer.GetResult()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(out, &frame))
	require.Equal(t, "CALL", frame.Type)
	require.Equal(t, counter, frame.To)
	require.Equal(t, want.GasUsed, uint64(frame.GasUsed))
	require.Len(t, frame.Logs, 1)
	require.Equal(t, common.BigToHash(big.NewInt(0xaa)), frame.Logs[0].Topics[0])

	var diff struct {
		Pre, Post map[common.Address]struct{ Storage map[common.Hash]common.Hash }
	}
	out, err = prestate.GetResult()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(out, &diff))
	require.Equal(t, common.BigToHash(big.NewInt(1)), diff.Pre[counter].Storage[common.Hash{}])
	require.Equal(t, common.BigToHash(big.NewInt(2)), diff.Post[counter].Storage[common.Hash{}])
}

// TestTraceCallStructLogger traces a simulated call with the struct logger:
// the gas it reports is the call's, and the SSTORE of the counter is logged.
func TestTraceCallStructLogger(t *testing.T) {
	c, counter := traceChain(t)
	env := CallEnv{Config: testCfg, State: c.st, Block: c.nextContext(), Hashes: c.hashes}
	msg := CallMsg{From: keyAddr(testKey(0)), To: &counter}
	plain, err := Call(context.Background(), env, msg)
	require.NoError(t, err)

	sl := logger.NewStructLogger(&logger.Config{})
	res, err := TraceCall(context.Background(), env, msg, sl.Hooks())
	require.NoError(t, err)
	require.Equal(t, plain.UsedGas, res.UsedGas)
	out, err := sl.GetResult()
	require.NoError(t, err)
	var result struct {
		Gas        uint64
		Failed     bool
		StructLogs []struct{ Op string }
	}
	require.NoError(t, json.Unmarshal(out, &result))
	require.Equal(t, plain.UsedGas, result.Gas)
	require.False(t, result.Failed)
	var ops []string
	for _, l := range result.StructLogs {
		ops = append(ops, l.Op)
	}
	require.Contains(t, ops, "SSTORE")
	require.Contains(t, ops, "LOG1")
}

// TestTraceAbortedByContext stops an endless loop when the context ends.
func TestTraceAbortedByContext(t *testing.T) {
	k := testKey(0)
	loop := []byte{0x5b, 0x60, 0x00, 0x56} // JUMPDEST PUSH1 0 JUMP
	c := newChain(t, []GenesisAlloc{{Address: keyAddr(k), Balance: oneEther}, {Address: common.Address{0x10}, Code: loop}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	to := common.Address{0x10}

	b, _ := c.builder()
	_, err := b.TraceTx(ctx, dynTx(k, 0, &to, new(big.Int), 16_000_000, nil), newNamedTracer(t, "callTracer", "").Hooks)
	require.ErrorIs(t, err, ErrTraceAborted)

	env := CallEnv{Config: testCfg, State: c.st, Block: c.nextContext(), Hashes: c.hashes}
	_, err = TraceCall(ctx, env, CallMsg{From: keyAddr(k), To: &to, Gas: 16_000_000}, newNamedTracer(t, "callTracer", "").Hooks)
	require.ErrorIs(t, err, ErrTraceAborted)
}
