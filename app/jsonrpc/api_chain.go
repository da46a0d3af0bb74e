package jsonrpc

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// ethAPI serves the eth namespace.
type ethAPI struct {
	backend Backend
	signer  types.Signer
	logger  *slog.Logger
	hub     *eventHub      // in-process feed of subscriptions and pending filters
	filters *filterManager // polling filters
	conns   *wsConns       // WebSocket connections, to cut off slow subscribers
	tips    tipCache       // eth_maxPriorityFeePerGas per head
}

// newEthAPI returns the eth namespace over b.
func newEthAPI(b Backend, logger *slog.Logger, hub *eventHub, filters *filterManager, conns *wsConns) *ethAPI {
	return &ethAPI{backend: b, signer: types.LatestSignerForChainID(b.ChainID()), logger: logger,
		hub: hub, filters: filters, conns: conns}
}

// ChainId returns the EIP-155 chain id (eth_chainId).
func (api *ethAPI) ChainId() *hexutil.Big { //nolint:revive // the RPC method name is eth_chainId
	return (*hexutil.Big)(api.backend.ChainID())
}

// BlockNumber returns the latest committed height (eth_blockNumber).
func (api *ethAPI) BlockNumber() hexutil.Uint64 {
	return hexutil.Uint64(api.backend.HeadNumber())
}

// Coinbase returns the head block's miner: the fee vault (eth_coinbase).
func (api *ethAPI) Coinbase() (common.Address, error) {
	head, err := api.backend.HeaderByNumber(api.backend.HeadNumber())
	if err != nil {
		return common.Address{}, err
	}
	return head.Coinbase, nil
}

// Syncing reports false: a node serves RPC only from committed state (eth_syncing).
func (api *ethAPI) Syncing() bool {
	return false
}

// Accounts returns an empty list: the sequencer holds no user keys (eth_accounts).
func (api *ethAPI) Accounts() []common.Address {
	return []common.Address{}
}

// GetBlockByNumber returns a block, or null when it does not exist (eth_getBlockByNumber).
// Tags latest, pending, safe and finalized all mean the head (BFT finality); earliest is 0.
func (api *ethAPI) GetBlockByNumber(number rpc.BlockNumber, fullTx bool) (map[string]any, error) {
	head, err := api.headerByNumber(number)
	if head == nil || err != nil {
		return nil, err
	}
	return api.marshalBlockOf(head, fullTx)
}

// GetBlockByHash returns a block, or null when it does not exist (eth_getBlockByHash).
func (api *ethAPI) GetBlockByHash(hash common.Hash, fullTx bool) (map[string]any, error) {
	head, err := api.headerByHash(hash)
	if head == nil || err != nil {
		return nil, err
	}
	return api.marshalBlockOf(head, fullTx)
}

// marshalBlockOf loads the transactions of the block with header head and renders it.
func (api *ethAPI) marshalBlockOf(head *types.Header, fullTx bool) (map[string]any, error) {
	txs, err := api.backend.BlockTxs(head.Number.Uint64())
	if err != nil {
		return nil, err
	}
	return marshalBlock(head, txs, fullTx, api.signer), nil
}

// resolveNumber maps a block number or tag to a height; ok is false for heights above the head.
func (api *ethAPI) resolveNumber(number rpc.BlockNumber) (height uint64, ok bool, err error) {
	headNum := api.backend.HeadNumber()
	switch number {
	case rpc.LatestBlockNumber, rpc.PendingBlockNumber, rpc.SafeBlockNumber, rpc.FinalizedBlockNumber:
		return headNum, true, nil
	case rpc.EarliestBlockNumber:
		return 0, true, nil
	}
	if number < 0 {
		return 0, false, &invalidParamsError{fmt.Sprintf("invalid block number %d", number)}
	}
	return uint64(number), uint64(number) <= headNum, nil
}

// headerByNumber returns the committed header for a number or tag, or nil when absent.
func (api *ethAPI) headerByNumber(number rpc.BlockNumber) (*types.Header, error) {
	height, ok, err := api.resolveNumber(number)
	if !ok || err != nil {
		return nil, err
	}
	head, err := api.backend.HeaderByNumber(height)
	if errors.Is(err, ErrBlockNotFound) {
		return nil, nil
	}
	return head, err
}

// headerByHash returns the committed header with the given hash, or nil when absent.
// A block indexed above the committed head is not shown yet.
func (api *ethAPI) headerByHash(hash common.Hash) (*types.Header, error) {
	head, err := api.backend.HeaderByHash(hash)
	if errors.Is(err, ErrBlockNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if head.Number.Uint64() > api.backend.HeadNumber() {
		return nil, nil
	}
	return head, nil
}

// headerByNumberOrHash resolves a block parameter (latest when omitted) to a header,
// erring with go-ethereum's wording when there is none.
func (api *ethAPI) headerByNumberOrHash(blockNrOrHash *rpc.BlockNumberOrHash) (*types.Header, error) {
	if blockNrOrHash == nil {
		latest := rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber)
		blockNrOrHash = &latest
	}
	if hash, ok := blockNrOrHash.Hash(); ok {
		head, err := api.headerByHash(hash)
		if head == nil && err == nil {
			err = errHeaderHashNotFound
		}
		return head, err
	}
	number, ok := blockNrOrHash.Number()
	if !ok {
		return nil, &invalidParamsError{"invalid arguments; neither block nor hash specified"}
	}
	head, err := api.headerByNumber(number)
	if head == nil && err == nil {
		err = errHeaderNotFound
	}
	return head, err
}
