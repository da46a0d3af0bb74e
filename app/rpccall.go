package app

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

// PoolTx implements jsonrpc.Backend.
func (b *rpcBackend) PoolTx(h common.Hash) *types.Transaction { return b.app.PoolTx(h) }

// Call implements jsonrpc.Backend: the message runs on the IAVL version of the
// block, in that block's context, and nothing is written.
func (b *rpcBackend) Call(ctx context.Context, req *jsonrpc.CallRequest) (*evm.CallResult, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return nil, err
	}
	return evm.Call(ctx, env, req.Msg)
}

// EstimateGas implements jsonrpc.Backend.
func (b *rpcBackend) EstimateGas(ctx context.Context, req *jsonrpc.CallRequest) (uint64, []byte, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return 0, nil, err
	}
	return evm.EstimateGas(ctx, env, req.Msg)
}

// callEnv is the execution environment of a call at a committed block.
func (b *rpcBackend) callEnv(req *jsonrpc.CallRequest) (evm.CallEnv, error) {
	view, err := b.StateAt(req.Block)
	if err != nil {
		return evm.CallEnv{}, err
	}
	head, err := b.HeaderByNumber(req.Block)
	if err != nil {
		return evm.CallEnv{}, err
	}
	return evm.CallEnv{
		Config: evm.ChainConfig(b.chainID.Uint64()),
		State:  view.(stateView).r,
		Block: evm.BlockContext{
			Number: head.Number.Uint64(), Time: head.Time, GasLimit: head.GasLimit,
			ParentHash: head.ParentHash, BaseFee: head.BaseFee, PrevRandao: head.MixDigest,
			Precompiles: b.app.Precompiles(),
		},
		Hashes:         b.hashAt,
		Overrides:      req.Overrides,
		BlockOverrides: req.BlockOverrides,
	}, nil
}

// hashAt returns the hash of committed block n, or the zero hash (BLOCKHASH).
func (b *rpcBackend) hashAt(n uint64) common.Hash {
	head, err := b.HeaderByNumber(n)
	if err != nil {
		return common.Hash{}
	}
	return head.Hash()
}
