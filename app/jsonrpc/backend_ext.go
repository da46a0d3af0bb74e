package jsonrpc

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// Optional capabilities of a Backend. The server checks for them with a type
// assertion; a method whose capability is missing answers an error (or, for
// net_peerCount, zero), and the txpool namespace is registered only with PoolInspector.

// PeerCounter reports the node's consensus peers.
type PeerCounter interface {
	// PeerCount returns the number of connected peers.
	PeerCount() int
}

// StateProof is a Merkle proof of one account and some of its storage slots against
// a block's state root. Each proof is an encoded ICS23 CommitmentProof over the IAVL
// tree (existence when the key is set, non-existence otherwise); docs/JSONRPC.md
// documents the keys and the verification.
type StateProof struct {
	Root         common.Hash // the IAVL root the proofs verify against (the block's stateRoot)
	AccountProof []byte
	StorageProof [][]byte // one per requested slot, in request order
}

// ProofBackend builds state proofs (eth_getProof).
type ProofBackend interface {
	// Proof proves the account record of addr and the given storage slots at block n.
	Proof(n uint64, addr common.Address, slots []common.Hash) (*StateProof, error)
}

// AccessListBackend builds access lists (eth_createAccessList).
type AccessListBackend interface {
	// CreateAccessList runs req.Msg until the touched addresses and slots are stable and
	// returns them with the result of the last run.
	CreateAccessList(ctx context.Context, req *CallRequest) (types.AccessList, *evm.CallResult, error)
}

// PoolInspector lists the app mempool (txpool_status, txpool_content, txpool_inspect).
type PoolInspector interface {
	// PoolContent returns the executable (pending) and the nonce-gapped (queued)
	// transactions by sender, each list in nonce order.
	PoolContent() (pending, queued map[common.Address][]*types.Transaction)
}
