package app

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

var (
	_ jsonrpc.ProofBackend      = (*rpcBackend)(nil)
	_ jsonrpc.AccessListBackend = (*rpcBackend)(nil)
	_ jsonrpc.PoolInspector     = (*rpcBackend)(nil)
)

// Proof implements jsonrpc.ProofBackend: IAVL proofs of the account record
// key and of each storage slot key (x/evm's state layout) at version n.
func (b *rpcBackend) Proof(n uint64, addr common.Address, slots []common.Hash) (*jsonrpc.StateProof, error) {
	if n == 0 || n > b.HeadNumber() {
		return nil, jsonrpc.ErrStatePruned
	}
	keys := make([][]byte, 0, len(slots)+1)
	keys = append(keys, evm.AccountKey(addr))
	for _, slot := range slots {
		keys = append(keys, evm.StorageKey(addr, slot))
	}
	root, proofs, err := b.store.Proof(int64(n), keys...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", jsonrpc.ErrStatePruned, err)
	}
	return &jsonrpc.StateProof{Root: common.BytesToHash(root), AccountProof: proofs[0], StorageProof: proofs[1:]}, nil
}

// CreateAccessList implements jsonrpc.AccessListBackend.
func (b *rpcBackend) CreateAccessList(ctx context.Context, req *jsonrpc.CallRequest) (types.AccessList, *evm.CallResult, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return nil, nil, err
	}
	return evm.CreateAccessList(ctx, env, req.Msg)
}

// PoolContent implements jsonrpc.PoolInspector.
func (b *rpcBackend) PoolContent() (pending, queued map[common.Address][]*types.Transaction) {
	return b.app.PoolContent()
}
