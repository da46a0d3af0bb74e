package txpool

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// entry is one pooled transaction with the fields the pool reads often,
// decoded once. Everything but reaped is immutable after creation.
type entry struct {
	tx     *types.Transaction
	hash   common.Hash
	sender common.Address
	nonce  uint64
	gas    uint64
	size   uint64
	feeCap uint256.Int
	tipCap uint256.Int
	cost   uint256.Int // gas * feeCap + value: the most the tx can debit
	reaped bool        // already handed out by Reap for gossip
}

// newEntry wraps a statelessly validated transaction.
func newEntry(tx *types.Transaction, sender common.Address) (*entry, error) {
	e := &entry{
		tx:     tx,
		hash:   tx.Hash(),
		sender: sender,
		nonce:  tx.Nonce(),
		gas:    tx.Gas(),
		size:   tx.Size(),
	}
	if e.feeCap.SetFromBig(tx.GasFeeCap()) {
		return nil, ErrFeeCapVeryHigh
	}
	if e.tipCap.SetFromBig(tx.GasTipCap()) {
		return nil, ErrTipVeryHigh
	}
	cost, overflow := txCost(tx, &e.feeCap)
	if overflow {
		return nil, fmt.Errorf("%w: tx cost overflows 256 bits", ErrInsufficientFunds)
	}
	e.cost = cost
	return e, nil
}

// txCost returns gas * feeCap + value, and whether it overflows 256 bits.
func txCost(tx *types.Transaction, feeCap *uint256.Int) (uint256.Int, bool) {
	var cost, value uint256.Int
	if value.SetFromBig(tx.Value()) {
		return cost, true
	}
	_, overflowMul := cost.MulOverflow(uint256.NewInt(tx.Gas()), feeCap)
	_, overflowAdd := cost.AddOverflow(&cost, &value)
	return cost, overflowMul || overflowAdd
}

// priority is a transaction's effective priority fee per gas at some base fee,
// min(tipCap, feeCap-baseFee), which is negative when feeCap < baseFee.
type priority struct {
	negative bool
	amount   uint256.Int // the magnitude
}

// priorityAt computes e's priority at baseFee.
func (e *entry) priorityAt(baseFee *uint256.Int) priority {
	var p priority
	if e.feeCap.Lt(baseFee) {
		p.negative = true
		p.amount.Sub(baseFee, &e.feeCap)
		return p
	}
	p.amount.Sub(&e.feeCap, baseFee)
	if e.tipCap.Lt(&p.amount) {
		p.amount.Set(&e.tipCap)
	}
	return p
}

// cmp returns -1, 0 or 1 as p is lower than, equal to or higher than q.
func (p *priority) cmp(q *priority) int {
	switch {
	case p.negative && !q.negative:
		return -1
	case !p.negative && q.negative:
		return 1
	case p.negative:
		return q.amount.Cmp(&p.amount)
	default:
		return p.amount.Cmp(&q.amount)
	}
}

// outbids reports whether a's effective tip at baseFee is strictly higher than
// b's: an equal tip never displaces a pooled transaction.
func outbids(a, b *entry, baseFee *uint256.Int) bool {
	pa, pb := a.priorityAt(baseFee), b.priorityAt(baseFee)
	return pa.cmp(&pb) > 0
}

// baseFeeOf converts a head base fee to uint256; nil means zero and values
// beyond 256 bits saturate (no fee cap can reach them).
func baseFeeOf(baseFee *big.Int) *uint256.Int {
	v := new(uint256.Int)
	if baseFee == nil || baseFee.Sign() <= 0 {
		return v
	}
	if v.SetFromBig(baseFee) {
		v.SetAllOne()
	}
	return v
}

// account is one sender's transactions, sorted by nonce with no duplicates.
// txs[:pending] are executable: their nonces are nonce, nonce+1, ... in order.
// The rest are queued: future nonces, or contiguous ones held back by the
// per-account or global pending limits.
type account struct {
	nonce   uint64      // state nonce at the last Reset (or first insert)
	balance uint256.Int // state balance at the same point
	txs     []*entry
	pending int
	spent   uint256.Int // sum of the costs of all txs

	pendingTail tailItem // as indexed in Pool.tails; zero when none
	queuedTail  tailItem
}

// find returns the index of nonce in txs, or where it would be inserted.
func (a *account) find(nonce uint64) (int, bool) {
	i := sort.Search(len(a.txs), func(i int) bool { return a.txs[i].nonce >= nonce })
	return i, i < len(a.txs) && a.txs[i].nonce == nonce
}

// queued returns how many of the account's transactions are not executable.
func (a *account) queued() int { return len(a.txs) - a.pending }

// contiguous returns how many transactions from the state nonce on have no gap.
func (a *account) contiguous() int {
	n := 0
	for n < len(a.txs) && a.txs[n].nonce == a.nonce+uint64(n) {
		n++
	}
	return n
}

// insertAt puts e at index i of txs.
func (a *account) insertAt(i int, e *entry) {
	a.txs = append(a.txs, nil)
	copy(a.txs[i+1:], a.txs[i:])
	a.txs[i] = e
	a.spent.Add(&a.spent, &e.cost)
}

// removeAt drops txs[i]; transactions after a removed pending one lose their
// executability. It returns the change in the pending and queued counts.
func (a *account) removeAt(i int) (dPending, dQueued int) {
	e := a.txs[i]
	a.txs = append(a.txs[:i], a.txs[i+1:]...)
	a.spent.Sub(&a.spent, &e.cost)
	if i >= a.pending {
		return 0, -1
	}
	demoted := a.pending - i - 1
	a.pending = i
	return -(demoted + 1), demoted
}
