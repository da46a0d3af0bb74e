package txpool

import (
	"bytes"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Reset moves the pool onto a newly committed state. It drops the included
// transactions and every transaction whose nonce the state has used, then
// re-validates the rest against the new state and head: transactions above
// the block gas limit are dropped, and so is the tail of a sender's list from
// the first transaction its balance can no longer cover. Transactions that no
// longer follow the state nonce without a gap become queued; queued ones that
// now do are promoted, senders in address order, within the limits.
//
// Transactions whose fee cap is now below the base fee are kept: they are
// valid and may be included when the base fee falls, but Pending and Reap
// skip them (and their sender's later nonces) until then, and eviction takes
// them first.
func (p *Pool) Reset(state State, head Head, included []common.Hash) {
	drop := make(map[common.Hash]struct{}, len(included))
	for _, h := range included {
		drop[h] = struct{}{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state, p.head, p.baseFee = state, head, baseFeeOf(head.BaseFee)

	// Priorities depend on the base fee: the tail index is rebuilt.
	p.tails.clear()
	senders := p.sortedSenders()
	for _, addr := range senders {
		a := p.accounts[addr]
		a.pendingTail, a.queuedTail = tailItem{}, tailItem{}
		p.revalidate(addr, drop)
	}
	for _, addr := range senders {
		if a := p.accounts[addr]; a != nil {
			p.promote(a)
			p.retrack(a)
		}
	}
}

// sortedSenders returns the senders with pooled transactions in address order.
func (p *Pool) sortedSenders() []common.Address {
	addrs := make([]common.Address, 0, len(p.accounts))
	for addr := range p.accounts {
		addrs = append(addrs, addr)
	}
	sort.Slice(addrs, func(i, j int) bool { return bytes.Compare(addrs[i][:], addrs[j][:]) < 0 })
	return addrs
}

// revalidate refreshes one sender against the new state and head. It keeps as
// pending only transactions that were pending before, so the global pending
// count cannot grow here; promote does the growing afterwards.
func (p *Pool) revalidate(addr common.Address, drop map[common.Hash]struct{}) {
	a := p.accounts[addr]
	oldEnd := a.nonce + uint64(a.pending) // first nonce after the old pending run
	p.pending -= a.pending
	p.queued -= a.queued()

	fresh := p.loadAccount(addr)
	a.nonce, a.balance = fresh.nonce, fresh.balance
	kept := p.keepValid(a, drop)
	a.txs, a.spent = kept, uint256.Int{}
	for _, e := range kept {
		a.spent.Add(&a.spent, &e.cost)
	}
	a.pending = min(a.contiguous(), p.cfg.AccountSlots)
	if oldEnd <= a.nonce {
		a.pending = 0
	} else if survivors := oldEnd - a.nonce; survivors < uint64(a.pending) {
		a.pending = int(survivors)
	}
	p.pending += a.pending
	p.queued += a.queued()
	if len(a.txs) == 0 {
		delete(p.accounts, addr)
	}
}

// keepValid returns the transactions of a that stay after a state change and
// removes the others from the hash index.
func (p *Pool) keepValid(a *account, drop map[common.Hash]struct{}) []*entry {
	kept := make([]*entry, 0, len(a.txs))
	var spent uint256.Int
	broke := false
	for _, e := range a.txs {
		_, included := drop[e.hash]
		stale := e.nonce < a.nonce || included || e.gas > p.head.GasLimit || e.gas > params.MaxTxGas
		if !stale && !broke {
			_, overflow := spent.AddOverflow(&spent, &e.cost)
			broke = overflow || a.balance.Lt(&spent)
		}
		if stale || broke {
			delete(p.all, e.hash)
			continue
		}
		kept = append(kept, e)
	}
	return kept
}
