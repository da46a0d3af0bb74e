package txpool

import (
	"bytes"

	"github.com/google/btree"
)

// tailItem is an eviction candidate: a sender's last pending or last queued
// transaction, with its priority at the pool's base fee when it was indexed.
type tailItem struct {
	e    *entry
	prio priority
}

// cheaperTail orders candidates cheapest first: lower priority, then larger
// hash (the reverse of block order). It is a total order.
func cheaperTail(a, b tailItem) bool {
	if c := a.prio.cmp(&b.prio); c != 0 {
		return c < 0
	}
	return bytes.Compare(a.e.hash[:], b.e.hash[:]) > 0
}

// tailIndex keeps every sender's pending tail and queued tail sorted by
// price, so eviction finds the cheapest in O(log n) instead of scanning all
// senders.
type tailIndex struct {
	pending *btree.BTreeG[tailItem]
	queued  *btree.BTreeG[tailItem]
}

func newTailIndex() tailIndex {
	return tailIndex{
		pending: btree.NewG(32, cheaperTail),
		queued:  btree.NewG(32, cheaperTail),
	}
}

// clear empties the index (the base fee changed: every priority must be
// recomputed).
func (t tailIndex) clear() {
	t.pending.Clear(false)
	t.queued.Clear(false)
}

// cheapest returns the cheapest tail in tree whose sender is not exclude's.
// Each sender has at most one item per tree, so it looks at two at most.
func cheapest(tree *btree.BTreeG[tailItem], exclude *entry) *entry {
	var found *entry
	tree.Ascend(func(it tailItem) bool {
		if it.e.sender == exclude.sender {
			return true
		}
		found = it.e
		return false
	})
	return found
}

// retrack re-indexes a's tails after any change to its list or pending count.
func (p *Pool) retrack(a *account) {
	if a.pendingTail.e != nil {
		p.tails.pending.Delete(a.pendingTail)
		a.pendingTail = tailItem{}
	}
	if a.queuedTail.e != nil {
		p.tails.queued.Delete(a.queuedTail)
		a.queuedTail = tailItem{}
	}
	if a.pending > 0 {
		e := a.txs[a.pending-1]
		a.pendingTail = tailItem{e: e, prio: e.priorityAt(p.baseFee)}
		p.tails.pending.ReplaceOrInsert(a.pendingTail)
	}
	if a.queued() > 0 {
		e := a.txs[len(a.txs)-1]
		a.queuedTail = tailItem{e: e, prio: e.priorityAt(p.baseFee)}
		p.tails.queued.ReplaceOrInsert(a.queuedTail)
	}
}
