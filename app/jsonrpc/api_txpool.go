package jsonrpc

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// txpoolAPI serves the txpool namespace over a PoolInspector.
type txpoolAPI struct {
	pool PoolInspector
	eth  *ethAPI
}

// Status returns the number of pending and queued transactions (txpool_status).
func (api *txpoolAPI) Status() map[string]hexutil.Uint {
	pending, queued := api.pool.PoolContent()
	return map[string]hexutil.Uint{"pending": hexutil.Uint(countTxs(pending)), "queued": hexutil.Uint(countTxs(queued))}
}

// Content returns the pending and queued transactions by sender and nonce, as
// go-ethereum's txpool_content does.
func (api *txpoolAPI) Content() map[string]map[string]map[string]*rpcTransaction {
	pending, queued := api.pool.PoolContent()
	return map[string]map[string]map[string]*rpcTransaction{
		"pending": api.byNonce(pending),
		"queued":  api.byNonce(queued),
	}
}

// ContentFrom returns one sender's pending and queued transactions (txpool_contentFrom).
func (api *txpoolAPI) ContentFrom(addr common.Address) map[string]map[string]*rpcTransaction {
	pending, queued := api.pool.PoolContent()
	return map[string]map[string]*rpcTransaction{
		"pending": api.nonceMap(pending[addr]),
		"queued":  api.nonceMap(queued[addr]),
	}
}

// Inspect summarizes the pool as go-ethereum's txpool_inspect does.
func (api *txpoolAPI) Inspect() map[string]map[string]map[string]string {
	pending, queued := api.pool.PoolContent()
	return map[string]map[string]map[string]string{"pending": summarize(pending), "queued": summarize(queued)}
}

func (api *txpoolAPI) byNonce(txs map[common.Address][]*types.Transaction) map[string]map[string]*rpcTransaction {
	out := make(map[string]map[string]*rpcTransaction, len(txs))
	for addr, list := range txs {
		out[addr.Hex()] = api.nonceMap(list)
	}
	return out
}

func (api *txpoolAPI) nonceMap(list []*types.Transaction) map[string]*rpcTransaction {
	out := make(map[string]*rpcTransaction, len(list))
	for _, tx := range list {
		if obj, err := api.eth.pendingTxObject(tx); err == nil {
			out[fmt.Sprint(tx.Nonce())] = obj
		}
	}
	return out
}

func summarize(txs map[common.Address][]*types.Transaction) map[string]map[string]string {
	out := make(map[string]map[string]string, len(txs))
	for addr, list := range txs {
		byNonce := make(map[string]string, len(list))
		for _, tx := range list {
			to := "contract creation"
			if tx.To() != nil {
				to = tx.To().Hex()
			}
			byNonce[fmt.Sprint(tx.Nonce())] = fmt.Sprintf("%s: %v wei + %v gas × %v wei", to, tx.Value(), tx.Gas(), tx.GasFeeCap())
		}
		out[addr.Hex()] = byNonce
	}
	return out
}

func countTxs(txs map[common.Address][]*types.Transaction) int {
	n := 0
	for _, list := range txs {
		n += len(list)
	}
	return n
}
