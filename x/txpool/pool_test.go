package txpool

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func newTestPool(t testing.TB, cfg Config, senders int) (*Pool, *memState) {
	t.Helper()
	state := fundedState(senders)
	return New(cfg, testChain, state, testHead), state
}

func mustAdd(t testing.TB, p *Pool, txs ...*types.Transaction) {
	t.Helper()
	for _, tx := range txs {
		require.NoError(t, p.Add(tx))
	}
	checkInvariants(t, p)
}

func requireStats(t testing.TB, p *Pool, pending, queued int) {
	t.Helper()
	gotPending, gotQueued := p.Stats()
	require.Equal(t, pending, gotPending, "pending")
	require.Equal(t, queued, gotQueued, "queued")
}

func hashes(txs ...*types.Transaction) []common.Hash {
	out := make([]common.Hash, len(txs))
	for i, tx := range txs {
		out[i] = tx.Hash()
	}
	return out
}

func TestPendingOrdering(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 4)
	a0 := dynTx(testKey(0), 0, 1000, 5)
	a1 := dynTx(testKey(0), 1, 1000, 60) // best tip, but must wait for a0
	b0 := dynTx(testKey(1), 0, 1000, 10)
	c0 := dynTx(testKey(2), 0, 1000, 10) // ties with b0: hash decides
	d0 := dynTx(testKey(3), 0, 150, 100) // tip cap 100, effective min(100, 150-100) = 50
	mustAdd(t, p, a1, a0, b0, c0, d0)

	lo, hi := byHash(b0, c0)
	require.Equal(t, hashes(d0, lo, hi, a0, a1), drain(p.Pending(big.NewInt(100))))
	// At base fee 200, d0 (fee cap 150) cannot be included; the others are unchanged.
	require.Equal(t, hashes(lo, hi, a0, a1), drain(p.Pending(big.NewInt(200))))
	// At base fee 0 every tx pays its full tip: d0 (100) leads; then b0/c0 (10) beat a0 (5).
	require.Equal(t, hashes(d0, lo, hi, a0, a1), drain(p.Pending(nil)))
}

func TestOrderedPopDropsSender(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 2)
	a0, a1 := dynTx(testKey(0), 0, 1000, 50), dynTx(testKey(0), 1, 1000, 50)
	b0 := dynTx(testKey(1), 0, 1000, 10)
	mustAdd(t, p, a0, a1, b0)
	o := p.Pending(big.NewInt(100))
	require.Equal(t, a0.Hash(), o.Peek().Hash())
	o.Pop() // a0 failed: a1 must not follow
	require.Equal(t, b0.Hash(), o.Peek().Hash())
	o.Shift()
	require.Nil(t, o.Peek())
	o.Shift() // no-ops when empty
	o.Pop()
	// The snapshot did not touch the pool.
	requireStats(t, p, 3, 0)
}

func TestReplacementPriceBump(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 1)
	key := testKey(0)
	old := dynTx(key, 0, 1000, 100)
	queuedOld := dynTx(key, 5, 1000, 100)
	mustAdd(t, p, old, queuedOld)

	for _, under := range []*types.Transaction{
		dynTx(key, 0, 1090, 109), // 9% on both
		dynTx(key, 0, 1100, 109), // fee cap 10%, tip 9%
		dynTx(key, 0, 1090, 110), // fee cap 9%, tip 10%
	} {
		before := takeSnapshot(p)
		require.ErrorIs(t, p.Add(under), ErrReplaceUnderpriced)
		require.Equal(t, before, takeSnapshot(p))
	}
	replacement := dynTx(key, 0, 1100, 110) // exactly 10% on both
	mustAdd(t, p, replacement)
	require.Nil(t, p.Get(old.Hash()))
	require.Equal(t, replacement.Hash(), p.Get(replacement.Hash()).Hash())
	requireStats(t, p, 1, 1)

	queuedNew := dynTx(key, 5, 1100, 110) // queued txs are replaced by the same rule
	mustAdd(t, p, queuedNew)
	require.False(t, p.Has(queuedOld.Hash()))
	require.True(t, p.Has(queuedNew.Hash()))
	requireStats(t, p, 1, 1)
}

func TestQueuePromotion(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 1)
	key := testKey(0)
	addr := addrOf(key)
	mustAdd(t, p, dynTx(key, 0, 1000, 1), dynTx(key, 2, 1000, 1), dynTx(key, 3, 1000, 1))
	requireStats(t, p, 1, 2)
	require.Equal(t, uint64(1), p.PendingNonce(addr))
	require.Len(t, drain(p.Pending(nil)), 1)

	mustAdd(t, p, dynTx(key, 1, 1000, 1)) // fills the gap: 2 and 3 become executable
	requireStats(t, p, 4, 0)
	require.Equal(t, uint64(4), p.PendingNonce(addr))
	require.Len(t, drain(p.Pending(nil)), 4)
	require.Equal(t, uint64(0), p.PendingNonce(addrOf(testKey(9))))
}

func TestAccountSlotsKeepExtraQueued(t *testing.T) {
	p, _ := newTestPool(t, Config{AccountSlots: 2}, 1)
	key := testKey(0)
	mustAdd(t, p, dynTx(key, 0, 1000, 1), dynTx(key, 1, 1000, 1), dynTx(key, 2, 1000, 1))
	requireStats(t, p, 2, 1)
	require.Equal(t, uint64(3), p.PendingNonce(addrOf(key)))

	// Once nonces 0 and 1 are mined, nonce 2 is promoted.
	p.Reset(stateWithNonce(t, p, addrOf(key), 2), testHead, nil)
	requireStats(t, p, 1, 0)
	checkInvariants(t, p)
}

// stateWithNonce copies the pool's test state with addr's nonce changed.
func stateWithNonce(t testing.TB, p *Pool, addr common.Address, nonce uint64) *memState {
	t.Helper()
	old := p.state.(*memState)
	s := newMemState()
	old.mu.RLock()
	for a, n := range old.nonces {
		s.nonces[a] = n
	}
	for a, b := range old.balances {
		s.balances[a] = new(uint256.Int).Set(b)
	}
	old.mu.RUnlock()
	s.nonces[addr] = nonce
	return s
}

func TestRemoveDemotesFollowers(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 1)
	key := testKey(0)
	txs := []*types.Transaction{dynTx(key, 0, 1000, 1), dynTx(key, 1, 1000, 1), dynTx(key, 2, 1000, 1)}
	mustAdd(t, p, txs...)
	p.Remove(txs[1].Hash())
	checkInvariants(t, p)
	requireStats(t, p, 1, 1)
	require.Equal(t, uint64(1), p.PendingNonce(addrOf(key)))
	p.Remove(common.Hash{0x01}) // unknown: no-op
	requireStats(t, p, 1, 1)
}
