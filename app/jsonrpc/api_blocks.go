package jsonrpc

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// GetBlockTransactionCountByNumber returns the number of Ethereum transactions of a
// block, or null when it does not exist (eth_getBlockTransactionCountByNumber).
func (api *ethAPI) GetBlockTransactionCountByNumber(number rpc.BlockNumber) (*hexutil.Uint, error) {
	head, err := api.headerByNumber(number)
	if head == nil || err != nil {
		return nil, err
	}
	return api.txCount(head)
}

// GetBlockTransactionCountByHash is GetBlockTransactionCountByNumber by block hash
// (eth_getBlockTransactionCountByHash).
func (api *ethAPI) GetBlockTransactionCountByHash(hash common.Hash) (*hexutil.Uint, error) {
	head, err := api.headerByHash(hash)
	if head == nil || err != nil {
		return nil, err
	}
	return api.txCount(head)
}

func (api *ethAPI) txCount(head *types.Header) (*hexutil.Uint, error) {
	txs, err := api.backend.BlockTxs(head.Number.Uint64())
	if err != nil {
		return nil, err
	}
	n := hexutil.Uint(len(txs))
	return &n, nil
}

// GetUncleCountByBlockNumber returns 0 for an existing block (no uncles under BFT
// finality), null otherwise (eth_getUncleCountByBlockNumber).
func (api *ethAPI) GetUncleCountByBlockNumber(number rpc.BlockNumber) (*hexutil.Uint, error) {
	head, err := api.headerByNumber(number)
	if head == nil || err != nil {
		return nil, err
	}
	zero := hexutil.Uint(0)
	return &zero, nil
}

// GetUncleCountByBlockHash is GetUncleCountByBlockNumber by block hash
// (eth_getUncleCountByBlockHash).
func (api *ethAPI) GetUncleCountByBlockHash(hash common.Hash) (*hexutil.Uint, error) {
	head, err := api.headerByHash(hash)
	if head == nil || err != nil {
		return nil, err
	}
	zero := hexutil.Uint(0)
	return &zero, nil
}

// GetUncleByBlockNumberAndIndex returns null: blocks have no uncles
// (eth_getUncleByBlockNumberAndIndex).
func (api *ethAPI) GetUncleByBlockNumberAndIndex(rpc.BlockNumber, hexutil.Uint) map[string]any {
	return nil
}

// GetUncleByBlockHashAndIndex returns null: blocks have no uncles
// (eth_getUncleByBlockHashAndIndex).
func (api *ethAPI) GetUncleByBlockHashAndIndex(common.Hash, hexutil.Uint) map[string]any {
	return nil
}

// GetTransactionByBlockNumberAndIndex returns the transaction at a position of a block,
// or null (eth_getTransactionByBlockNumberAndIndex).
func (api *ethAPI) GetTransactionByBlockNumberAndIndex(number rpc.BlockNumber, index hexutil.Uint) (*rpcTransaction, error) {
	head, err := api.headerByNumber(number)
	if head == nil || err != nil {
		return nil, err
	}
	return api.txAt(head, int(index))
}

// GetTransactionByBlockHashAndIndex returns the transaction at a position of a block,
// or null (eth_getTransactionByBlockHashAndIndex).
func (api *ethAPI) GetTransactionByBlockHashAndIndex(hash common.Hash, index hexutil.Uint) (*rpcTransaction, error) {
	head, err := api.headerByHash(hash)
	if head == nil || err != nil {
		return nil, err
	}
	return api.txAt(head, int(index))
}

func (api *ethAPI) txAt(head *types.Header, index int) (*rpcTransaction, error) {
	txs, err := api.backend.BlockTxs(head.Number.Uint64())
	if err != nil || index < 0 || index >= len(txs) {
		return nil, err
	}
	return newRPCTransaction(txs[index], head, uint64(index), api.signer), nil
}

// GetRawTransactionByHash returns the canonical encoding of a committed or pending
// transaction, or null (eth_getRawTransactionByHash).
func (api *ethAPI) GetRawTransactionByHash(hash common.Hash) (hexutil.Bytes, error) {
	loc, err := api.locateTx(hash)
	if err != nil {
		return nil, err
	}
	var tx *types.Transaction
	if loc != nil && loc.index < len(loc.txs) && loc.txs[loc.index].Hash() == hash {
		tx = loc.txs[loc.index]
	} else if loc == nil {
		tx = api.backend.PoolTx(hash)
	}
	if tx == nil {
		return nil, nil
	}
	return tx.MarshalBinary()
}

// GetBlockReceipts returns the receipts of every transaction of a block, followed by
// the block's system receipt; null when the block does not exist (eth_getBlockReceipts).
func (api *ethAPI) GetBlockReceipts(blockNrOrHash rpc.BlockNumberOrHash) ([]map[string]any, error) {
	head, err := api.blockParam(blockNrOrHash)
	if head == nil || err != nil {
		return nil, err
	}
	number := head.Number.Uint64()
	txs, err := api.backend.BlockTxs(number)
	if err != nil {
		return nil, err
	}
	receipts, err := api.backend.BlockReceipts(number)
	if err != nil {
		return nil, err
	}
	if len(receipts) < len(txs) || len(receipts) > len(txs)+1 {
		return nil, errReceiptMismatch
	}
	out := make([]map[string]any, len(receipts))
	for i, r := range receipts {
		if i < len(txs) {
			out[i] = marshalReceipt(r, head, txs[i], i, api.signer)
		} else {
			out[i] = marshalSystemReceipt(r, head, i)
		}
	}
	return out, nil
}

// blockParam resolves a block number or hash to a header, nil when absent.
func (api *ethAPI) blockParam(blockNrOrHash rpc.BlockNumberOrHash) (*types.Header, error) {
	if hash, ok := blockNrOrHash.Hash(); ok {
		return api.headerByHash(hash)
	}
	number, ok := blockNrOrHash.Number()
	if !ok {
		return nil, &invalidParamsError{"invalid arguments; neither block nor hash specified"}
	}
	return api.headerByNumber(number)
}
