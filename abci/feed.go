package abci

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// SubscribePending registers fn to be called with every transaction the pool
// accepts (JSON-RPC, CheckTx or gossip), after it is in the pool, from the
// goroutine that submitted it: fn must not block.
func (a *App) SubscribePending(fn func(*types.Transaction)) {
	a.subMu.Lock()
	defer a.subMu.Unlock()
	a.pendingSubs = append(a.pendingSubs, fn)
}

// notifyPending calls the pending-transaction subscribers.
func (a *App) notifyPending(tx *types.Transaction) {
	a.subMu.Lock()
	subs := a.pendingSubs
	a.subMu.Unlock()
	for _, fn := range subs {
		fn(tx)
	}
}

// PoolContent returns the pool's pending and queued transactions by sender,
// each in nonce order.
func (a *App) PoolContent() (pending, queued map[common.Address][]*types.Transaction) {
	return a.pool.Content()
}
