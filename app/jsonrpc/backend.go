// Package jsonrpc serves Hyperion's Ethereum JSON-RPC interface: HTTP POST and
// WebSocket on one port, built on go-ethereum's rpc package, so that rollup users
// reach the chain with ordinary Ethereum tooling (MetaMask, ethers, viem, Hardhat).
//
// The node side is reached only through the Backend interface declared here.
package jsonrpc

import (
	"context"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// Sentinel errors a Backend returns so that the RPC layer can answer as go-ethereum does.
var (
	// ErrBlockNotFound reports that no committed block has the requested number or hash.
	ErrBlockNotFound = errors.New("block not found")
	// ErrTxNotFound reports that no committed block contains the requested transaction.
	ErrTxNotFound = errors.New("transaction not found")
	// ErrStatePruned reports that the state of a block lies outside the pruning window.
	ErrStatePruned = errors.New("historical state not available: block is outside the pruning window")
)

// Backend is what the JSON-RPC server needs from the node. Every height it reports
// must be committed: the server never shows data above HeadNumber. Its methods are
// called concurrently, from one goroutine per request.
type Backend interface {
	// ChainID returns the EIP-155 chain id.
	ChainID() *big.Int
	// HeadNumber returns the latest committed height.
	HeadNumber() uint64
	// HeaderByNumber returns the Ethereum header of block n, or ErrBlockNotFound.
	HeaderByNumber(n uint64) (*types.Header, error)
	// HeaderByHash returns the Ethereum header with the given hash, or ErrBlockNotFound.
	HeaderByHash(h common.Hash) (*types.Header, error)
	// BlockTxs returns the Ethereum transactions of block n in execution order.
	BlockTxs(n uint64) ([]*types.Transaction, error)
	// BlockReceipts returns the fully derived receipts of block n, one per transaction of
	// BlockTxs in the same order, optionally followed by the block's synthetic system receipt
	// (whose TxHash is not in BlockTxs).
	BlockReceipts(n uint64) ([]*types.Receipt, error)
	// TxLocation returns the block and the index into BlockReceipts of a transaction or
	// system receipt hash, or ErrTxNotFound.
	TxLocation(h common.Hash) (block uint64, index int, err error)
	// StateAt returns a read-only view of the state after block n, or ErrStatePruned.
	StateAt(n uint64) (StateView, error)
	// SendTx adds tx to the app mempool; errors carry go-ethereum's wording.
	SendTx(tx *types.Transaction) error
	// PendingNonce returns the next nonce of a, counting the txs in the mempool.
	PendingNonce(a common.Address) uint64
	// PoolTx returns the mempool transaction with hash h, or nil.
	PoolTx(h common.Hash) *types.Transaction
	// Call simulates req.Msg on the state after block req.Block, in that block's
	// context, committing nothing. Consensus-rule failures are the error; EVM failures
	// (revert included) are in the result. ErrStatePruned when the state is gone.
	Call(ctx context.Context, req *CallRequest) (*evm.CallResult, error)
	// EstimateGas returns the least gas with which req.Msg succeeds (see evm.EstimateGas):
	// on a revert, the revert data and an error wrapping vm.ErrExecutionReverted.
	EstimateGas(ctx context.Context, req *CallRequest) (uint64, []byte, error)
}

// CallRequest is a message to simulate at a committed block, with optional overrides.
type CallRequest struct {
	Block          uint64
	Msg            evm.CallMsg
	Overrides      evm.StateOverride
	BlockOverrides *evm.BlockOverrides
}

// StateView is a read-only view of the EVM state at one height.
type StateView interface {
	// Balance returns the balance of an account in wei.
	Balance(common.Address) (*big.Int, error)
	// Nonce returns the nonce of an account.
	Nonce(common.Address) (uint64, error)
	// Code returns the code of an account (empty for none).
	Code(common.Address) ([]byte, error)
	// Storage returns the value of a storage slot (zero for unset).
	Storage(common.Address, common.Hash) (common.Hash, error)
}

// NextBaseFeeSource may be implemented by a Backend that knows the base fee of the next
// block by the chain's own fee rule. Without it the server derives the next base fee from
// the head header with go-ethereum's EIP-1559 rule (elasticity 2, change denominator 8).
type NextBaseFeeSource interface {
	// NextBaseFee returns the base fee of the block after the head, in wei.
	NextBaseFee() (*big.Int, error)
}
