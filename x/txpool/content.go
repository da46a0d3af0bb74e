package txpool

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Content returns the pool's transactions by sender, each list in nonce order:
// pending holds the executable ones, queued the rest (txpool_content).
func (p *Pool) Content() (pending, queued map[common.Address][]*types.Transaction) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	pending = make(map[common.Address][]*types.Transaction)
	queued = make(map[common.Address][]*types.Transaction)
	for addr, a := range p.accounts {
		for i, e := range a.txs {
			if i < a.pending {
				pending[addr] = append(pending[addr], e.tx)
			} else {
				queued[addr] = append(queued[addr], e.tx)
			}
		}
	}
	return pending, queued
}
