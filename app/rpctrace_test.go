package app_test

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

// callFrame is the part of callTracer's output the test checks.
type callFrame struct {
	Type    string         `json:"type"`
	From    common.Address `json:"from"`
	To      common.Address `json:"to"`
	GasUsed hexutil.Uint64 `json:"gasUsed"`
	Logs    []struct {
		Data hexutil.Bytes `json:"data"`
	} `json:"logs"`
}

// TestDebugTraceOnNode traces committed transactions and calls on a live node
// with go-ethereum's callTracer, prestateTracer and struct logger.
func TestDebugTraceOnNode(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, n := startCallNode(t, ctx, 2, 2)
	raw := n.raw
	n.send(nil, testutil.CounterInitCode)
	counter := crypto.CreateAddress(n.sender.Address, 0)
	n.send(&counter, nil)
	receipt, _ := n.send(&counter, nil) // the second increment: slot 0 goes 1 -> 2

	var frame callFrame
	require.NoError(t, raw.CallContext(ctx, &frame, "debug_traceTransaction", receipt.TxHash,
		map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}))
	require.Equal(t, "CALL", frame.Type)
	require.Equal(t, n.sender.Address, frame.From)
	require.Equal(t, counter, frame.To)
	require.Equal(t, receipt.GasUsed, uint64(frame.GasUsed), "the re-execution uses the receipt's gas")
	require.Len(t, frame.Logs, 1)
	require.Equal(t, common.BigToHash(big.NewInt(2)).Bytes(), []byte(frame.Logs[0].Data))

	var diff struct {
		Pre, Post map[common.Address]struct {
			Storage map[common.Hash]common.Hash `json:"storage"`
		}
	}
	require.NoError(t, raw.CallContext(ctx, &diff, "debug_traceTransaction", receipt.TxHash,
		map[string]any{"tracer": "prestateTracer", "tracerConfig": map[string]any{"diffMode": true}}))
	require.Equal(t, common.BigToHash(big.NewInt(1)), diff.Pre[counter].Storage[common.Hash{}])
	require.Equal(t, common.BigToHash(big.NewInt(2)), diff.Post[counter].Storage[common.Hash{}])

	checkStructLogs(t, n, receipt.TxHash, receipt.GasUsed, counter)
	checkTraceErrors(t, n)
}

// checkStructLogs traces with the default struct logger, for a committed tx and a call.
func checkStructLogs(t *testing.T, n *callNode, tx common.Hash, gasUsed uint64, counter common.Address) {
	type structResult struct {
		Gas        uint64 `json:"gas"`
		Failed     bool   `json:"failed"`
		StructLogs []struct {
			Op string `json:"op"`
		} `json:"structLogs"`
	}
	var res structResult
	require.NoError(t, n.raw.CallContext(n.ctx, &res, "debug_traceTransaction", tx, nil))
	require.Equal(t, gasUsed, res.Gas)
	require.False(t, res.Failed)
	require.Equal(t, "PUSH1", res.StructLogs[0].Op)
	require.Equal(t, "STOP", res.StructLogs[len(res.StructLogs)-1].Op)

	var call structResult
	require.NoError(t, n.raw.CallContext(n.ctx, &call, "debug_traceCall",
		map[string]any{"from": n.sender.Address, "to": counter}, "latest", map[string]any{"disableStack": true}))
	require.Equal(t, len(res.StructLogs), len(call.StructLogs), "the call runs the same code")
	require.Positive(t, call.Gas)
}

// checkTraceErrors checks the answers to requests that cannot be traced.
func checkTraceErrors(t *testing.T, n *callNode) {
	var out any
	err := n.raw.CallContext(n.ctx, &out, "debug_traceTransaction", common.Hash{0x01}, nil)
	require.EqualError(t, err, "transaction not found")
	head, err := n.client.BlockNumber(n.ctx)
	require.NoError(t, err)
	receipt, err := n.client.TransactionReceipt(n.ctx, evm.SystemTxHash(head))
	require.NoError(t, err)
	err = n.raw.CallContext(n.ctx, &out, "debug_traceTransaction", receipt.TxHash, nil)
	require.ErrorContains(t, err, "system receipt")
	err = n.raw.CallContext(n.ctx, &out, "debug_traceCall", map[string]any{"to": common.Address{1}}, "latest",
		map[string]any{"tracer": "noSuchTracer"})
	require.ErrorContains(t, err, "not found")
	err = n.raw.CallContext(n.ctx, &out, "debug_traceCall", map[string]any{"to": common.Address{1}}, "latest",
		map[string]any{"timeout": "2h"})
	var rpcErr rpc.Error
	require.True(t, errors.As(err, &rpcErr), "%v", err)
	require.ErrorContains(t, err, "maximum")
}
