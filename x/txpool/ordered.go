package txpool

import (
	"bytes"
	"container/heap"
	"math/big"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// Ordered yields executable transactions for block building, highest
// effective priority fee first (min(tipCap, feeCap-baseFee)), ties broken by
// ascending transaction hash, each sender's transactions in nonce order. It is
// a snapshot: later pool changes do not affect it. It is not safe for
// concurrent use.
type Ordered struct {
	baseFee *uint256.Int
	heads   senderHeap
}

// senderTxs is one sender's remaining executable transactions.
type senderTxs struct {
	txs  []*entry // txs[0] is the sender's next transaction
	prio priority // of txs[0] at the snapshot's base fee
}

// senderHeap is a max-heap of senders by their next transaction.
type senderHeap []*senderTxs

func (h senderHeap) Len() int { return len(h) }
func (h senderHeap) Less(i, j int) bool {
	if c := h[i].prio.cmp(&h[j].prio); c != 0 {
		return c > 0
	}
	return bytes.Compare(h[i].txs[0].hash[:], h[j].txs[0].hash[:]) < 0
}
func (h senderHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push implements heap.Interface.
func (h *senderHeap) Push(x any) { *h = append(*h, x.(*senderTxs)) }

// Pop implements heap.Interface.
func (h *senderHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return last
}

// Pending returns the executable transactions for a block with the given base
// fee (nil means zero). A sender's transactions stop at its first one whose
// fee cap is below the base fee, since later nonces cannot run before it.
func (p *Pool) Pending(baseFee *big.Int) *Ordered {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.ordered(baseFeeOf(baseFee))
}

// ordered builds the snapshot; the caller holds the lock.
func (p *Pool) ordered(baseFee *uint256.Int) *Ordered {
	o := &Ordered{baseFee: baseFee, heads: make(senderHeap, 0, len(p.accounts))}
	for _, a := range p.accounts { // the heap order is total: map order cannot leak
		n := 0
		for n < a.pending && !a.txs[n].feeCap.Lt(baseFee) {
			n++
		}
		if n == 0 {
			continue
		}
		txs := make([]*entry, n)
		copy(txs, a.txs[:n])
		o.heads = append(o.heads, &senderTxs{txs: txs, prio: txs[0].priorityAt(baseFee)})
	}
	heap.Init(&o.heads)
	return o
}

// Peek returns the best remaining transaction, or nil when none is left.
func (o *Ordered) Peek() *types.Transaction {
	if e := o.peek(); e != nil {
		return e.tx
	}
	return nil
}

func (o *Ordered) peek() *entry {
	if len(o.heads) == 0 {
		return nil
	}
	return o.heads[0].txs[0]
}

// Shift moves past the best transaction (it was included) to its sender's
// next one.
func (o *Ordered) Shift() {
	if len(o.heads) == 0 {
		return
	}
	top := o.heads[0]
	top.txs = top.txs[1:]
	if len(top.txs) == 0 {
		heap.Pop(&o.heads)
		return
	}
	top.prio = top.txs[0].priorityAt(o.baseFee)
	heap.Fix(&o.heads, 0)
}

// Pop drops the best transaction together with every later transaction of its
// sender (it failed, so they cannot run).
func (o *Ordered) Pop() {
	if len(o.heads) > 0 {
		heap.Pop(&o.heads)
	}
}

// Reap returns executable transactions that no earlier Reap returned, best
// first, within maxBytes of encoded size and maxGas of gas limit (0 means no
// limit). A transaction that does not fit ends its sender's turn: its later
// nonces wait for a later call. Reap is for gossip: each transaction is handed
// out once (a replacement is a new transaction).
func (p *Pool) Reap(maxBytes, maxGas uint64) []*types.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	var (
		out        []*types.Transaction
		bytes, gas uint64
		fits       = func(limit, used, add uint64) bool { return limit == 0 || (used+add >= used && used+add <= limit) }
		o          = p.ordered(p.baseFee)
	)
	for e := o.peek(); e != nil; e = o.peek() {
		if e.reaped {
			o.Shift()
			continue
		}
		if !fits(maxBytes, bytes, e.size) || !fits(maxGas, gas, e.gas) {
			o.Pop()
			continue
		}
		e.reaped = true
		bytes, gas = bytes+e.size, gas+e.gas
		out = append(out, e.tx)
		o.Shift()
	}
	return out
}
