package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/core/tracing"

	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

// errTraceIndex reports a transaction index outside its block.
var errTraceIndex = errors.New("transaction index out of range")

var _ jsonrpc.TraceBackend = (*rpcBackend)(nil)

// TraceTx implements jsonrpc.TraceBackend: block n is rebuilt on the IAVL
// version of block n-1 with x/evm's block builder (the same code that executed
// it), the transactions before index are applied untraced, and the one at
// index runs with hooks. Only Ethereum transactions touch EVM state before
// the end of a block, so this is the state the transaction originally ran on.
func (b *rpcBackend) TraceTx(ctx context.Context, n uint64, index int, hooks *tracing.Hooks) error {
	txs, err := b.BlockTxs(n)
	if err != nil {
		return err
	}
	if index < 0 || index >= len(txs) {
		return fmt.Errorf("%w: %d of %d in block %d", errTraceIndex, index, len(txs), n)
	}
	builder, err := b.replayBuilder(n)
	if err != nil {
		return err
	}
	for i, tx := range txs[:index] {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", evm.ErrTraceAborted, context.Cause(ctx))
		}
		if _, err := builder.ApplyTx(tx); err != nil {
			return fmt.Errorf("replay block %d tx %d: %w", n, i, err)
		}
	}
	_, err = builder.TraceTx(ctx, txs[index], hooks)
	return err
}

// replayBuilder opens a block builder for block n on the state after n-1, in
// the context recorded in n's header.
func (b *rpcBackend) replayBuilder(n uint64) (*evm.BlockBuilder, error) {
	if n <= 1 {
		// Genesis is not a saved IAVL version: the first version holds block 1.
		return nil, fmt.Errorf("%w: the state before block %d is not kept", jsonrpc.ErrStatePruned, n)
	}
	view, err := b.StateAt(n - 1)
	if err != nil {
		return nil, err
	}
	head, err := b.HeaderByNumber(n)
	if err != nil {
		return nil, err
	}
	bctx := evm.BlockContext{
		Number: head.Number.Uint64(), Time: head.Time, GasLimit: head.GasLimit,
		ParentHash: head.ParentHash, BaseFee: head.BaseFee, PrevRandao: head.MixDigest,
		Precompiles: b.app.Precompiles(),
	}
	return evm.NewBlockBuilder(evm.ChainConfig(b.chainID.Uint64()), view.(stateView).r, bctx, b.hashAt)
}

// TraceCall implements jsonrpc.TraceBackend.
func (b *rpcBackend) TraceCall(ctx context.Context, req *jsonrpc.CallRequest, hooks *tracing.Hooks) (*evm.CallResult, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) > 0 {
		env.Timeout = time.Until(deadline) // the caller's trace timeout replaces the call timeout
	}
	return evm.TraceCall(ctx, env, req.Msg, hooks)
}
